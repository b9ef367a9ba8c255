package memory_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"kaiwa/backend/memory"
	"kaiwa/backend/profiles"
	"kaiwa/backend/prompt"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func newMemory(t testing.TB) (*memory.Service, store.User) {
	t.Helper()
	st := storetest.Open(t)
	u, err := st.CreateUser(context.Background(), store.NewUser{IsGuest: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SignIn(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	return &memory.Service{Store: st, Learner: func(ctx context.Context) (store.User, error) { return profiles.Learner(ctx, st) }}, u
}

func TestTheSameFactWordedDifferentlyIsOneFact(t *testing.T) {
	same := [][]string{
		{"has a dog called Toby", "Has a dog called Toby.", "The learner has a dog called Toby", "They have a dog called Toby!", "  has  a dog, called Toby "},
		{"is visiting Madrid in May", "They are visiting Madrid in May.", "ＩＳ visiting Madrid in May"},
		{"works as a nurse", "The user works as a nurse", "She works as a nurse."},
	}
	keys := map[string]int{}
	for i, group := range same {
		for _, f := range group {
			k := memory.Key(f)
			if k == "" {
				t.Fatalf("no key for %q", f)
			}
			if j, ok := keys[k]; ok && j != i {
				t.Errorf("%q shares a key with another group", f)
			}
			keys[k] = i
			if memory.Key(group[0]) != k {
				t.Errorf("%q (%q) and %q (%q) should be one fact", f, memory.Normal(f), group[0], memory.Normal(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"has a dog called Toby", "has a cat called Toby"}, {"has a dog", "had a dog"}, {"they", "they like tea"}} {
		if memory.Key(pair[0]) == memory.Key(pair[1]) {
			t.Errorf("%q and %q are different facts", pair[0], pair[1])
		}
	}
	if memory.Key(" .!? ") != "" {
		t.Error("punctuation alone is no fact")
	}
}

func TestRememberKeepsEachFactOncePerLanguage(t *testing.T) {
	m, u := newMemory(t)
	ctx := context.Background()
	n, err := m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"has a dog called Toby", "The learner has a dog called Toby.", "", "  ", "x", "works as a nurse"})
	if err != nil || n != 2 {
		t.Fatalf("Remember = %d, %v; want 2 new", n, err)
	}
	if n, _ := m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"They have a dog called Toby"}); n != 0 {
		t.Errorf("a fact said again counted as new (%d)", n)
	}
	if n, _ := m.Remember(ctx, u.ID, "ja", memory.FromConversation, []string{"has a dog called Toby"}); n != 1 {
		t.Errorf("each language keeps its own facts: %d new", n)
	}
	p, err := m.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !p.On || len(p.Facts) != 3 {
		t.Fatalf("page %+v: want memory on and 3 facts", p)
	}
	for _, f := range p.Facts {
		if f.Language == "es" && strings.Contains(f.Text, "Toby") && (f.Mentions != 2 || f.Text != "They have a dog called Toby") {
			t.Errorf("fact %+v: want 2 mentions and the newer wording", f)
		}
	}
}

func TestAForgottenFactNeverComesBack(t *testing.T) {
	m, u := newMemory(t)
	ctx := context.Background()
	m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"has a dog called Toby", "works as a nurse", "lives in Leeds"})
	p, _ := m.Get(ctx)
	var toby string
	for _, f := range p.Facts {
		if strings.Contains(f.Text, "Toby") {
			toby = f.ID
		}
	}
	if _, err := m.Forget(ctx, toby); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Forget(ctx, toby); err == nil {
		t.Error("forgetting twice should say it was already forgotten")
	}
	if n, _ := m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"The learner has a dog called Toby."}); n != 0 {
		t.Error("a forgotten fact was learned again")
	}
	got, err := m.Recall(ctx, u.ID, "es", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(got, "|"), "Toby") || len(got) != 2 {
		t.Errorf("recall %q: want the two kept facts and never the forgotten one", got)
	}
	// Its text is gone from the database, not only hidden.
	var texts int
	m.Store.DB.QueryRow(`SELECT count(*) FROM learner_facts WHERE text LIKE '%Toby%'`).Scan(&texts)
	if texts != 0 {
		t.Error("a forgotten fact's text is still stored")
	}

	if _, err := m.ForgetAll(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Recall(ctx, u.ID, "es", ""); len(got) != 0 {
		t.Errorf("after forgetting everything, recall = %q", got)
	}
	if n, _ := m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"works as a nurse", "likes jazz"}); n != 1 {
		t.Errorf("after forgetting everything, %d new facts; want only the one never known", n)
	}
}

func TestMemoryOffKeepsButNeverTells(t *testing.T) {
	m, u := newMemory(t)
	ctx := context.Background()
	m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"works as a nurse"})
	if _, err := m.SetOn(ctx, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Recall(ctx, u.ID, "es", ""); len(got) != 0 {
		t.Errorf("memory off, recall = %q", got)
	}
	if n, _ := m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"likes jazz"}); n != 0 {
		t.Error("memory off, yet a fact was learned")
	}
	p, _ := m.Get(ctx)
	if p.On || len(p.Facts) != 1 {
		t.Errorf("page %+v: want off, with the fact kept", p)
	}
	m.SetOn(ctx, true)
	if got, _ := m.Recall(ctx, u.ID, "es", ""); !reflect.DeepEqual(got, []string{"works as a nurse"}) {
		t.Errorf("memory on again, recall = %q", got)
	}
}

func TestSelectPutsTheSceneFirstAndIsBounded(t *testing.T) {
	var facts []store.Fact
	for i := range 15 {
		facts = append(facts, store.Fact{Text: fmt.Sprintf("fact number %d", i), Mentions: 1})
	}
	facts = append(facts,
		store.Fact{Text: "drinks coffee every morning", Mentions: 1},
		store.Fact{Text: "has a dog called Toby", Mentions: 3})
	got := memory.Select(facts, "Ordering at a café. A friendly barista serves coffee.", memory.MaxInPrompt)
	if len(got) != memory.MaxInPrompt {
		t.Fatalf("%d facts, want %d", len(got), memory.MaxInPrompt)
	}
	if got[0] != "drinks coffee every morning" || got[1] != "has a dog called Toby" || got[2] != "fact number 0" {
		t.Errorf("order %q: want the scene's fact, then the most mentioned, then the newest", got[:3])
	}
	if len(memory.Select(nil, "x", 10)) != 0 {
		t.Error("no facts, no selection")
	}
}

func TestCollectedFacts(t *testing.T) {
	for _, tc := range []struct{ field, value, want string }{
		{"name", "Ana", "is called Ana"},
		{"name", "  ", ""},
		{"goal", "casual", "learns for fun and travel"},
		{"goal", "conversational", "learns to have real conversations with people"},
		{"goal", "fluent", "wants to become fluent"},
		{"goal", "weird", ""},
		{"level", "elementary", "says their level is elementary"},
		{"level", "expert", ""},
		{"comfort", "3", ""},
	} {
		if got := memory.Collected(tc.field, tc.value); got != tc.want {
			t.Errorf("Collected(%q, %q) = %q, want %q", tc.field, tc.value, got, tc.want)
		}
	}
}

// The prompt carries the kept facts and never a forgotten one; the figure
// is how many characters memory adds to it at most.
func TestThePromptCarriesKeptFactsOnly(t *testing.T) {
	m, u := newMemory(t)
	ctx := context.Background()
	cafe, err := m.Store.Scenario(ctx, "cafe")
	if err != nil {
		t.Fatal(err)
	}
	var many []string
	for i := range 14 {
		many = append(many, fmt.Sprintf("has a friend number %d who visits every summer from abroad and loves long walks %d", i, i))
	}
	m.Remember(ctx, u.ID, "es", memory.FromConversation, many)
	m.Remember(ctx, u.ID, "es", memory.FromConversation, []string{"drinks coffee with oat milk"})
	p, _ := m.Get(ctx)
	for _, f := range p.Facts {
		if strings.Contains(f.Text, "number 3 ") {
			m.Forget(ctx, f.ID)
		}
	}
	facts, err := m.Recall(ctx, u.ID, "es", cafe.Title+" "+cafe.Context)
	if err != nil {
		t.Fatal(err)
	}
	l := prompt.Learner{Name: "Ana", TargetLanguage: "Spanish", NativeLanguage: "English", Level: "beginner", Goal: "casual"}
	without := prompt.Tutor(cafe, l, false)
	l.Memory = facts
	with := prompt.Tutor(cafe, l, false)
	if !strings.Contains(with, `"drinks coffee with oat milk"`) || strings.Contains(with, "number 3 ") {
		t.Errorf("prompt should carry the kept facts, quoted, and never the forgotten one:\n%s", with)
	}
	if n := strings.Count(with, "has a friend number"); n != memory.MaxInPrompt-1 {
		t.Errorf("%d friends in the prompt, want %d (the coffee fact takes one place)", n, memory.MaxInPrompt-1)
	}
	t.Logf("memory adds %d characters (%d words) to a %d-character prompt with %d long facts",
		len(with)-len(without), len(strings.Fields(with))-len(strings.Fields(without)), len(without), len(facts))
}

// BenchmarkPromptWith1000Facts is the time to build a conversation's
// prompt when 1,000 facts are kept: read them, pick ten, write the prompt.
func BenchmarkPromptWith1000Facts(b *testing.B) {
	m, u := newMemory(b)
	ctx := context.Background()
	var facts []string
	for i := range 1000 {
		facts = append(facts, fmt.Sprintf("fact %d about the learner's life, work and family", i))
	}
	for i := 0; i < len(facts); i += 100 {
		if _, err := m.Remember(ctx, u.ID, "es", memory.FromConversation, facts[i:i+100]); err != nil {
			b.Fatal(err)
		}
	}
	cafe, _ := m.Store.Scenario(ctx, "cafe")
	scene := cafe.Title + " " + cafe.Context + " " + cafe.Instructions
	l := prompt.Learner{Name: "Ana", TargetLanguage: "Spanish", NativeLanguage: "English"}
	b.ResetTimer()
	for b.Loop() {
		got, err := m.Recall(ctx, u.ID, "es", scene)
		if err != nil || len(got) != memory.MaxInPrompt {
			b.Fatalf("recall %d, %v", len(got), err)
		}
		l.Memory = got
		prompt.Tutor(cafe, l, false)
	}
}

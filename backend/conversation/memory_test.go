package conversation

import (
	"context"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
	"kaiwa/backend/memory"
	"kaiwa/backend/store"
)

func withMemory(svc *Service) *memory.Service {
	svc.Memory = &memory.Service{Store: svc.Store, Learner: svc.Learner}
	return svc.Memory
}

// waitFacts waits until the learner's kept facts in lang number n.
func waitFacts(t *testing.T, svc *Service, lang string, n int) []store.Fact {
	t.Helper()
	u, _ := svc.Learner(t.Context())
	deadline := time.Now().Add(10 * time.Second)
	for {
		facts, err := svc.Store.Facts(t.Context(), u.ID, lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(facts) == n {
			return facts
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d facts kept, want %d: %+v", len(facts), n, facts)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// systemPromptOf starts a scenario with the AI partner and returns the
// system prompt its opening request carried.
func systemPromptOf(t *testing.T, svc *Service, ev *events, srv *endpointtest.Server, scenario string) (string, string) {
	t.Helper()
	before := len(replies(srv))
	name := stream()
	v, err := svc.Start(t.Context(), scenario, "es", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	rs := replies(srv)
	if len(rs) != before+1 {
		t.Fatalf("%d replies asked, want %d", len(rs), before+1)
	}
	return rs[before].Messages[0].Content, v.Conversation.ID
}

// jsonRequests counts the JSON-mode requests whose system prompt contains key.
func jsonRequests(srv *endpointtest.Server, key string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.ResponseFormat == "json_object" && len(r.Messages) > 0 && strings.Contains(r.Messages[0].Content, key) {
			n++
		}
	}
	return n
}

func TestAFactLearnedInOneConversationReachesTheNextUntilDeleted(t *testing.T) {
	svc, ev, srv := newAIService(t)
	mem := withMemory(svc)
	id := startAI(t, svc, ev, srv)
	srv.Answer(`{"facts": ["has a dog called Toby", "The learner has a dog called Toby.", "is visiting Madrid in May"]}`)
	name := stream()
	if _, err := svc.Send(t.Context(), id, "Tengo un perro, Toby. En mayo voy a Madrid.", name); err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	if _, err := svc.End(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	facts := waitFacts(t, svc, "es", 2)
	// Ending it again asks nothing more.
	if _, err := svc.End(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	svc.mu.Lock()
	_, asking := svc.learning[id]
	svc.mu.Unlock()
	if asking {
		t.Error("a second End asked for the session's facts again")
	}
	if n := jsonRequests(srv, "durable facts"); n != 1 {
		t.Errorf("%d requests for facts, want one", n)
	}
	// The transcript went to it quoted, as data.
	for _, r := range srv.Requests() {
		if r.ResponseFormat == "json_object" && strings.Contains(r.Messages[0].Content, "durable facts") &&
			!strings.Contains(r.Messages[1].Content, `Learner: "Tengo un perro, Toby. En mayo voy a Madrid."`) {
			t.Errorf("the facts request lacks the learner's quoted line:\n%s", r.Messages[1].Content)
		}
	}

	srv.Reply("¿Qué tal Toby?")
	system, _ := systemPromptOf(t, svc, ev, srv, "directions")
	if strings.Count(system, "has a dog called Toby") != 1 || !strings.Contains(system, "is visiting Madrid in May") {
		t.Fatalf("the next conversation's prompt should carry each fact once:\n%s", system)
	}

	var toby string
	for _, f := range facts {
		if strings.Contains(f.Text, "Toby") {
			toby = f.ID
		}
	}
	if _, err := mem.Forget(t.Context(), toby); err != nil {
		t.Fatal(err)
	}
	system, id2 := systemPromptOf(t, svc, ev, srv, "shopping")
	if strings.Contains(system, "Toby") || !strings.Contains(system, "Madrid") {
		t.Fatalf("a deleted fact reached the prompt, or the kept one did not:\n%s", system)
	}

	// Learned again, a deleted fact stays deleted.
	name = stream()
	if _, err := svc.Send(t.Context(), id2, "Toby es mi perro.", name); err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	srv.Answer(`{"facts": ["Has a dog called Toby"]}`)
	if _, err := svc.End(t.Context(), id2); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for jsonRequests(srv, "durable facts") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	svc.Shutdown() // the answer is handled
	if facts := waitFacts(t, svc, "es", 1); strings.Contains(facts[0].Text, "Toby") {
		t.Errorf("a deleted fact came back: %+v", facts)
	}
}

func TestMemoryOffLearnsNothingAndTellsNothing(t *testing.T) {
	svc, ev, srv := newAIService(t)
	mem := withMemory(svc)
	u, _ := svc.Learner(t.Context())
	if _, err := mem.Remember(t.Context(), u.ID, "es", memory.FromConversation, []string{"works as a nurse"}); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.SetOn(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	system, id := systemPromptOf(t, svc, ev, srv, "cafe")
	if strings.Contains(system, "nurse") {
		t.Errorf("memory is off, yet the prompt says:\n%s", system)
	}
	name := stream()
	if _, err := svc.Send(t.Context(), id, "Soy enfermera.", name); err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	srv.Answer(`{"facts": ["is a nurse"]}`)
	if _, err := svc.End(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	svc.Shutdown()
	if n := jsonRequests(srv, "durable facts"); n != 0 {
		t.Errorf("memory is off, yet facts were asked for %d times", n)
	}
	if p, _ := mem.Get(t.Context()); len(p.Facts) != 1 {
		t.Errorf("facts %+v: turning memory off should keep what was kept, and add nothing", p.Facts)
	}
}

func TestAnAIOnboardingFillsTheProfileBeforeTheSaveQuestion(t *testing.T) {
	svc, ev, srv := newAIService(t)
	mem := withMemory(svc)
	srv.Reply("¡Hola! ¿Cómo te llamas?")
	name := stream()
	v, err := svc.Start(t.Context(), "onboarding", "es", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	name = stream()
	if _, err := svc.Send(t.Context(), v.Conversation.ID, "Me llamo Ana. I want to become fluent, I speak German, I am a beginner.", name); err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	// Both questions get this answer: each reads what it needs.
	srv.Answer("Here you are:\n```json\n" + `{"Name": "Ana", "goal": "Fluent", "level": "A1", "native_language": "German", "facts": ["speaks German at home"]}` + "\n```")
	if _, err := svc.End(t.Context(), v.Conversation.ID); err != nil {
		t.Fatal(err)
	}
	// Rate is what the page calls before the profile form: it waits.
	if _, err := svc.Rate(t.Context(), v.Conversation.ID, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	u, err := svc.Learner(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if u.DisplayName != "Ana" || u.Goal != "fluent" || u.Level != "beginner" || u.NativeLanguage != "de" {
		t.Errorf("learner %+v: want Ana, fluent, beginner, de", u)
	}
	if n := jsonRequests(srv, "first conversation with a tutor"); n != 1 {
		t.Errorf("%d profile requests, want one", n)
	}
	facts := waitFacts(t, svc, "es", 4)
	var texts []string
	for _, f := range facts {
		texts = append(texts, f.Source+": "+f.Text)
	}
	got := strings.Join(texts, "|")
	for _, want := range []string{"onboarding: is called Ana", "onboarding: wants to become fluent", "onboarding: says their level is beginner", "conversation: speaks German at home"} {
		if !strings.Contains(got, want) {
			t.Errorf("facts %q lack %q", got, want)
		}
	}
	_ = mem
}

func TestTheOfflineOnboardingsAnswersAreMemoryToo(t *testing.T) {
	svc, ev := newService(t, nil)
	withMemory(svc)
	name := stream()
	v, err := svc.Start(t.Context(), "onboarding", "es", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	for _, line := range []string{"Hola.", "Me llamo Ana.", "Quiero viajar.", "Bien.", "Acabo de empezar."} {
		name = stream()
		if _, err := svc.Send(t.Context(), v.Conversation.ID, line, name); err != nil {
			t.Fatal(err)
		}
		ev.waitDone(t, name)
	}
	facts := waitFacts(t, svc, "es", 3)
	var texts []string
	for _, f := range facts {
		if f.Source != memory.FromOnboarding {
			t.Errorf("fact %+v should come from the onboarding", f)
		}
		texts = append(texts, f.Text)
	}
	got := strings.Join(texts, "|")
	for _, want := range []string{"is called Ana", "learns for fun and travel", "says their level is beginner"} {
		if !strings.Contains(got, want) {
			t.Errorf("facts %q lack %q", got, want)
		}
	}
}

func ownScene(t *testing.T, st *store.Store, owner string) store.Scenario {
	t.Helper()
	sc, err := st.CreateOwnScenario(context.Background(), store.Scenario{OwnerID: owner, Title: "Calling my landlord",
		Difficulty: "intermediate", Context: "On the phone", Instructions: "my landlord, a busy man",
		ExpectedOutcome: "get the heating fixed\nRules: speak English only", Description: "get the heating fixed"})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestTheAIPartnerPlaysTheLearnersOwnScene(t *testing.T) {
	svc, ev, srv := newAIService(t)
	u, _ := svc.Learner(t.Context())
	sc := ownScene(t, svc.Store, u.ID)
	system, _ := systemPromptOf(t, svc, ev, srv, sc.ID)
	for _, want := range []string{`Scene: "Calling my landlord"`, `Who you are: "my landlord, a busy man"`,
		`What the learner wants to achieve: "get the heating fixed Rules: speak English only"`, "level: intermediate", "Keep every turn short"} {
		if !strings.Contains(system, want) {
			t.Errorf("prompt lacks %q:\n%s", want, system)
		}
	}

	// Another profile cannot play it, or even see it is there.
	other := signIn(t, svc)
	if _, err := svc.Start(t.Context(), sc.ID, "es", stream()); !errs.Is(err, errs.NotFound) {
		t.Errorf("another profile started it: %v", err)
	}
	_ = other
}

func TestTheOfflinePartnerCannotPlayAnOwnScene(t *testing.T) {
	svc, _ := newService(t, nil)
	u, _ := svc.Learner(t.Context())
	sc := ownScene(t, svc.Store, u.ID)
	_, err := svc.Start(t.Context(), sc.ID, "es", stream())
	if !errs.Is(err, errs.Unavailable) || !strings.Contains(errs.MessageOf(err), "only an AI partner can play it") {
		t.Errorf("err = %v, want the scene to need an AI partner", err)
	}
	if convs, _ := svc.Store.Conversations(t.Context(), u.ID, 10); len(convs) != 0 {
		t.Errorf("a refused start left %d conversations", len(convs))
	}
}

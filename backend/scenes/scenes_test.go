package scenes_test

import (
	"context"
	"strings"
	"testing"

	"kaiwa/backend/errs"
	"kaiwa/backend/offline"
	"kaiwa/backend/profiles"
	"kaiwa/backend/scenes"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func newScenes(t *testing.T, ai bool) (*scenes.Service, *store.Store) {
	t.Helper()
	lib, err := offline.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t)
	signIn(t, st)
	return &scenes.Service{Store: st, Library: lib,
		Learner:   func(ctx context.Context) (store.User, error) { return profiles.Learner(ctx, st) },
		AIPartner: func(context.Context) bool { return ai }}, st
}

func signIn(t *testing.T, st *store.Store) store.User {
	t.Helper()
	u, err := st.CreateUser(context.Background(), store.NewUser{DisplayName: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SignIn(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	return u
}

var landlord = scenes.Form{Title: "Calling my landlord", Where: "On the phone", Partner: "my landlord, a busy man",
	Goal: "get the heating fixed this week", Level: "intermediate"}

func TestAScenesLife(t *testing.T) {
	s, st := newScenes(t, true)
	ctx := context.Background()
	sc, err := s.Create(ctx, landlord)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Title != landlord.Title || sc.Context != landlord.Where || sc.Instructions != landlord.Partner ||
		sc.ExpectedOutcome != landlord.Goal || sc.Difficulty != "intermediate" || sc.OwnerID == "" {
		t.Errorf("created %+v", sc)
	}
	l, err := s.Scenes(ctx, "es")
	if err != nil || len(l.Scenes) != 1 || l.NeedsAI || l.Scenes[0].Closest != nil {
		t.Fatalf("list %+v, %v: want the scene, playable", l, err)
	}
	// It is listed apart from the built-in scenarios, which do not change.
	builtIn, _ := st.Scenarios(ctx)
	for _, b := range builtIn {
		if b.ID == sc.ID || b.OwnerID != "" {
			t.Errorf("an own scene among the built-in ones: %+v", b)
		}
	}

	edited := landlord
	edited.Title, edited.Level = "Calling the landlord again", "advanced"
	if sc2, err := s.Update(ctx, sc.ID, edited); err != nil || sc2.Title != edited.Title || sc2.Difficulty != "advanced" || sc2.ID != sc.ID {
		t.Errorf("update = %+v, %v", sc2, err)
	}
	if _, err := s.Update(ctx, "cafe", edited); !errs.Is(err, errs.NotFound) {
		t.Errorf("a built-in scenario was edited: %v", err)
	}

	// Another profile neither sees nor changes it.
	signIn(t, st)
	if l, _ := s.Scenes(ctx, "es"); len(l.Scenes) != 0 {
		t.Errorf("another profile sees %+v", l.Scenes)
	}
	if _, err := s.Update(ctx, sc.ID, landlord); !errs.Is(err, errs.NotFound) {
		t.Errorf("another profile edited it: %v", err)
	}
	if err := s.Delete(ctx, sc.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("another profile deleted it: %v", err)
	}
}

func TestDeletingASceneKeepsItsConversations(t *testing.T) {
	s, st := newScenes(t, true)
	ctx := context.Background()
	sc, _ := s.Create(ctx, landlord)
	u, _ := s.Learner(ctx)
	conv, err := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "es", Title: sc.Title, ScenarioID: sc.ID, Partner: "openai"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, sc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Scenario(ctx, sc.ID); err == nil {
		t.Error("the scene is still there")
	}
	kept, err := st.Conversation(ctx, conv.ID)
	if err != nil || kept.Title != sc.Title || kept.ScenarioID != "" {
		t.Errorf("conversation %+v, %v: want it kept, titled, in no scenario", kept, err)
	}
	if err := s.Delete(ctx, sc.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestDeletingAProfileDeletesItsScenes(t *testing.T) {
	s, st := newScenes(t, true)
	ctx := context.Background()
	sc, _ := s.Create(ctx, landlord)
	u, _ := s.Learner(ctx)
	if _, err := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "es", Title: sc.Title, ScenarioID: sc.ID, Partner: "openai"}); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Scenario(ctx, sc.ID); err == nil {
		t.Error("the scene outlived its owner")
	}
}

func TestBadFormsChangeNothing(t *testing.T) {
	s, st := newScenes(t, true)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		edit func(*scenes.Form)
		want string
	}{
		{"no title", func(f *scenes.Form) { f.Title = "  \n" }, "Give the scene a title"},
		{"no partner", func(f *scenes.Form) { f.Partner = "" }, "who your partner is"},
		{"no goal", func(f *scenes.Form) { f.Goal = "\u0000" }, "what you want to achieve"},
		{"long title", func(f *scenes.Form) { f.Title = strings.Repeat("t", 81) }, "81 characters"},
		{"long where", func(f *scenes.Form) { f.Where = strings.Repeat("w", 401) }, "“Where” is 401 characters"},
		{"bad level", func(f *scenes.Form) { f.Level = "expert" }, "Choose a level"},
	} {
		f := landlord
		tc.edit(&f)
		_, err := s.Create(ctx, f)
		if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.MessageOf(err), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
	u, _ := s.Learner(ctx)
	if own, _ := st.OwnScenarios(ctx, u.ID); len(own) != 0 {
		t.Errorf("refused forms left %d scenes", len(own))
	}
	f := landlord
	f.Level = ""
	if sc, err := s.Create(ctx, f); err != nil || sc.Difficulty != "beginner" {
		t.Errorf("no level should mean beginner: %+v, %v", sc, err)
	}
}

func TestWithOnlyTheOfflinePartnerTheClosestBuiltInSceneStandsIn(t *testing.T) {
	s, _ := newScenes(t, false)
	ctx := context.Background()
	for _, tc := range []struct {
		form scenes.Form
		lang string
		want string
	}{
		{scenes.Form{Title: "Ordering coffee before work", Partner: "a barista", Goal: "get a coffee with oat milk"}, "es", "cafe"},
		{scenes.Form{Title: "Lost near the station", Partner: "a stranger in the street", Goal: "find the way to the train station"}, "es", "directions"},
		{scenes.Form{Title: "At the doctor's with a headache", Partner: "a doctor", Goal: "explain my symptoms"}, "es", "doctor"},
		{scenes.Form{Title: "Zzz", Partner: "qqq", Goal: "vvv"}, "es", ""},
	} {
		if _, err := s.Create(ctx, tc.form); err != nil {
			t.Fatal(err)
		}
		l, err := s.Scenes(ctx, tc.lang)
		if err != nil || !l.NeedsAI {
			t.Fatalf("list %+v, %v: want it to need an AI partner", l, err)
		}
		got := l.Scenes[0].Closest // newest first
		if got == nil {
			t.Fatalf("%q: no stand-in", tc.form.Title)
		}
		if tc.want != "" && got.ID != tc.want {
			t.Errorf("%q: closest %q, want %q", tc.form.Title, got.ID, tc.want)
		}
		if got.OwnerID != "" || got.Category == "onboarding" || s.Library.Script(got.ID, tc.lang) == nil {
			t.Errorf("%q: the stand-in %q must be a built-in practice scenario the offline partner has", tc.form.Title, got.ID)
		}
	}
}

package preferences

import (
	"context"
	"reflect"
	"testing"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func TestPreferencesAreCheckedAndKept(t *testing.T) {
	st := storetest.Open(t)
	u, _ := st.CreateUser(context.Background(), store.NewUser{DisplayName: "Ana", TargetLanguage: "es"})
	svc := &Service{Store: st, Learner: func(context.Context) (store.User, error) { return u, nil },
		AdvancedVoices: func(context.Context, string) bool { return false }}
	p, err := svc.Get(t.Context())
	if err != nil || p.TargetLanguage != "es" || p.Theme != "auto" || p.DailyGoalMinutes != 10 || p.DesiredRetention != 0.9 {
		t.Fatalf("defaults = %+v, %v", p, err)
	}
	good := store.Preferences{TargetLanguage: "ja", NativeLanguage: "en", Goal: "fluent", Level: "elementary",
		PreferredVoice: "ja-nova", DailyGoalMinutes: 20, Theme: "dark", SpeechSpeed: 0.75, SpeakReplies: true, ReadingAids: []string{},
		DesiredRetention: 0.85}
	for name, bad := range map[string]func(*store.Preferences){
		"unknown language":      func(p *store.Preferences) { p.TargetLanguage = "xx" },
		"no native language":    func(p *store.Preferences) { p.NativeLanguage = "" },
		"goal":                  func(p *store.Preferences) { p.Goal = "win" },
		"level":                 func(p *store.Preferences) { p.Level = "expert" },
		"daily goal zero":       func(p *store.Preferences) { p.DailyGoalMinutes = 0 },
		"daily goal too big":    func(p *store.Preferences) { p.DailyGoalMinutes = 241 },
		"theme":                 func(p *store.Preferences) { p.Theme = "neon" },
		"voice of another lang": func(p *store.Preferences) { p.PreferredVoice = "es-nova" },
		"advanced voice, free":  func(p *store.Preferences) { p.PreferredVoice = "ja-shimmer" },
		"speech too slow":       func(p *store.Preferences) { p.SpeechSpeed = 0.25 },
		"speech too fast":       func(p *store.Preferences) { p.SpeechSpeed = 2 },
		"retention too low":     func(p *store.Preferences) { p.DesiredRetention = 0.5 },
		"retention too high":    func(p *store.Preferences) { p.DesiredRetention = 0.99 },
	} {
		p := good
		bad(&p)
		if _, err := svc.Save(t.Context(), p); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if kept, _ := svc.Get(t.Context()); kept.TargetLanguage != "es" || kept.Theme != "auto" {
			t.Fatalf("%s: a refused save changed %+v", name, kept)
		}
	}
	saved, err := svc.Save(t.Context(), good)
	if err != nil || !reflect.DeepEqual(saved, good) {
		t.Fatalf("Save = %+v, %v; want %+v", saved, err, good)
	}
	// Each language keeps its voice.
	es := good
	es.TargetLanguage, es.PreferredVoice = "es", ""
	if got, err := svc.Save(t.Context(), es); err != nil || got.PreferredVoice != "" {
		t.Fatalf("switch to es: %+v, %v", got, err)
	}
	es.PreferredVoice = "es-onyx"
	if got, err := svc.Save(t.Context(), es); err != nil || got.PreferredVoice != "es-onyx" {
		t.Fatalf("es voice: %+v, %v", got, err)
	}
	back := good
	back.PreferredVoice = ""
	if got, err := svc.Save(t.Context(), back); err != nil || got.PreferredVoice != "ja-nova" {
		t.Fatalf("back to ja: %+v, %v", got, err)
	}
}

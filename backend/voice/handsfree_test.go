package voice_test

import (
	"context"
	"strings"
	"testing"

	"kaiwa/backend/errs"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
	"kaiwa/backend/voice"
)

func TestSpeakTextSaysASentenceOfAReplyStillBeingWritten(t *testing.T) {
	f := newFixture(t)
	clip, err := f.svc.SpeakText(t.Context(), f.conv.ID, "¡Hola! **Bienvenida**.")
	if err != nil || clip.OS || !strings.HasPrefix(clip.Audio, "data:audio/mpeg;base64,") || clip.Lang != "es" {
		t.Fatalf("clip = %+v, %v", clip, err)
	}
	if req, _ := f.ai.Last(); req.Speech.Input != "¡Hola! Bienvenida." || req.Speech.Voice != "nova" {
		t.Fatalf("request = %+v", req.Speech)
	}
	// The whole line said later is a new request; the same sentence again is not.
	if _, err := f.svc.SpeakText(t.Context(), f.conv.ID, "¡Hola! Bienvenida."); err != nil || len(f.ai.Requests()) != 1 {
		t.Fatalf("again: %v, %d requests", err, len(f.ai.Requests()))
	}
	for _, bad := range []string{"", " ** ", strings.Repeat("a", 4097)} {
		if _, err := f.svc.SpeakText(t.Context(), f.conv.ID, bad); !errs.Is(err, errs.Invalid) {
			t.Errorf("SpeakText(%.10q) = %v, want invalid", bad, err)
		}
	}
	other, _ := f.st.CreateUser(context.Background(), store.NewUser{DisplayName: "Ben"})
	f.user = other
	if _, err := f.svc.SpeakText(t.Context(), f.conv.ID, "Hola."); err == nil {
		t.Error("spoke in another learner's conversation")
	}
}

func TestSpeakTextWithTheOfflinePartnerIsForTheComputer(t *testing.T) {
	f := newFixture(t)
	delete(f.env, partner.EnvBaseURL)
	clip, err := f.svc.SpeakText(t.Context(), f.conv.ID, "Hola.")
	if err != nil || !clip.OS || clip.Text != "Hola." || len(f.ai.Requests()) != 0 {
		t.Fatalf("clip = %+v, %v", clip, err)
	}
}

func TestHandsFreeSettingsAreEachLearners(t *testing.T) {
	f := newFixture(t)
	h, err := f.svc.HandsFree(t.Context())
	if err != nil || h != (voice.HandsFree{PauseMs: voice.DefaultPauseMs}) {
		t.Fatalf("default = %+v, %v", h, err)
	}
	want := voice.HandsFree{On: true, PauseMs: 2000, Listening: true}
	if got, err := f.svc.SaveHandsFree(t.Context(), want); err != nil || got != want {
		t.Fatalf("save = %+v, %v", got, err)
	}
	if got, _ := f.svc.HandsFree(t.Context()); got != want {
		t.Fatalf("read back %+v", got)
	}
	for _, pause := range []int{0, 499, 5001} {
		if _, err := f.svc.SaveHandsFree(t.Context(), voice.HandsFree{On: false, PauseMs: pause}); !errs.Is(err, errs.Invalid) {
			t.Errorf("pause %d: %v, want invalid", pause, err)
		}
	}
	if got, _ := f.svc.HandsFree(t.Context()); got != want {
		t.Fatalf("a refused save changed the settings: %+v", got)
	}
	other, _ := f.st.CreateUser(context.Background(), store.NewUser{DisplayName: "Ben"})
	f.user = other
	if got, _ := f.svc.HandsFree(t.Context()); got.On {
		t.Error("another learner got the first one's hands-free setting")
	}
	// A damaged value reads as the default.
	if err := f.st.SetSettings(t.Context(), map[string]string{"hands_free/" + other.ID: "{not json"}); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.HandsFree(t.Context()); err != nil || got.PauseMs != voice.DefaultPauseMs {
		t.Fatalf("damaged: %+v, %v", got, err)
	}
}

func TestABeginnerIsGivenALongerPause(t *testing.T) {
	f := newFixture(t)
	beginner, err := f.st.CreateUser(t.Context(), store.NewUser{DisplayName: "Noa", TargetLanguage: "ja", Level: "beginner"})
	if err != nil {
		t.Fatal(err)
	}
	f.user = beginner
	if got, err := f.svc.HandsFree(t.Context()); err != nil || got.PauseMs != voice.BeginnerPauseMs {
		t.Fatalf("beginner's default = %+v, %v", got, err)
	}
	// What the learner chooses wins over the default.
	if _, err := f.svc.SaveHandsFree(t.Context(), voice.HandsFree{PauseMs: 800}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.HandsFree(t.Context()); got.PauseMs != 800 {
		t.Fatalf("chosen pause = %d", got.PauseMs)
	}
}

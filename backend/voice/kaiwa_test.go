package voice_test

import (
	"context"
	"strings"
	"testing"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

const licence = "PRO-38B1460A-5104-4067-A91D-77B872934D51"

// With Kaiwa AI as the partner, speech and transcription go to Kaiwa AI,
// with the licence key and the activation, in Kaiwa AI's models; the
// learner's own endpoint hears nothing.
func TestKaiwaAISpeaksAndListens(t *testing.T) {
	f := newFixture(t)
	gateway := endpointtest.NewServer(t)
	gateway.KaiwaAI(endpointtest.Licence{Key: licence, Instance: "inst-1"})
	gateway.Transcript("Hola")
	delete(f.env, partner.EnvBaseURL)
	f.svc.Partner.KaiwaAI = func(context.Context) (partner.Hosted, error) {
		return partner.Hosted{BaseURL: gateway.URL(), Model: "kaiwa-pro", Key: licence, Instance: "inst-1"}, nil
	}
	if _, err := f.svc.Partner.Save(t.Context(), partner.KindKaiwa, "", ""); err != nil {
		t.Fatal(err)
	}
	clip, err := f.svc.Speak(t.Context(), f.line.ID)
	if err != nil || clip.OS || !strings.HasPrefix(clip.Audio, "data:audio/mpeg;base64,") {
		t.Fatalf("Speak = %+v, %v", clip, err)
	}
	if got, err := f.svc.Transcribe(t.Context(), f.conv.ID, recording(1, true)); err != nil || got.Text != "Hola" {
		t.Fatalf("Transcribe = %+v, %v", got, err)
	}
	reqs := gateway.Requests()
	if len(reqs) != 2 || reqs[0].Model != partner.KaiwaSpeechModel || reqs[1].Model != partner.KaiwaTranscriptionModel {
		t.Fatalf("Kaiwa AI got %+v", reqs)
	}
	for _, r := range reqs {
		if r.Authorization != "Bearer "+licence || r.Instance != "inst-1" || r.Conversation != f.conv.ID {
			t.Errorf("%s: Authorization %q, X-Kaiwa-Instance %q, X-Kaiwa-Conversation %q", r.Path, r.Authorization, r.Instance, r.Conversation)
		}
	}
	if n := len(f.ai.Requests()); n != 0 {
		t.Errorf("the learner's own endpoint got %d requests", n)
	}

	// Used up: the computer's own voice reads the line and says why;
	// speaking to type says it too.
	gateway.KaiwaAI(endpointtest.Licence{Key: licence, Instance: "inst-1", OverQuota: true})
	next, err := f.st.AddMessage(t.Context(), store.Message{ConversationID: f.conv.ID, Role: "assistant", Content: "¿Qué quieres tomar?"})
	if err != nil {
		t.Fatal(err)
	}
	clip, err = f.svc.Speak(t.Context(), next.ID)
	if err != nil || !clip.OS || !strings.Contains(clip.Note, "this month's Kaiwa AI") {
		t.Errorf("Speak used up: system voice %v, note %q, %v", clip.OS, clip.Note, err)
	}
	if _, err := f.svc.Transcribe(t.Context(), f.conv.ID, recording(1, true)); err == nil || !strings.Contains(err.Error(), "offline partner") {
		t.Errorf("Transcribe used up: %v", err)
	}
	// A plan without Kaiwa AI: nothing is sent at all.
	before := len(gateway.Requests())
	f.svc.Partner.KaiwaAI = func(context.Context) (partner.Hosted, error) { return partner.Hosted{BaseURL: gateway.URL()}, nil }
	if clip, err := f.svc.Speak(t.Context(), next.ID); err != nil || !clip.OS || !strings.Contains(clip.Note, "does not include Kaiwa AI") {
		t.Errorf("Speak without the plan: system voice %v, note %q, %v", clip.OS, clip.Note, err)
	}
	if len(gateway.Requests()) != before {
		t.Error("Kaiwa AI was asked without a plan that includes it")
	}
}

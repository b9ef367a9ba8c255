package partner

import (
	"context"
	"testing"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
)

const licence = "PRO-38B1460A-5104-4067-A91D-77B872934D51"

// Kaiwa AI is offered when the build knows it and the plan includes it;
// choosing it keeps the learner's own endpoint for when they switch back.
func TestKaiwaAIIsAPartnerAPlanBrings(t *testing.T) {
	s := newService(t)
	ctx := t.Context()
	own := endpointtest.NewServer(t)
	if _, err := s.Save(ctx, KindAI, own.URL(), "kaiwa-test"); err != nil {
		t.Fatal(err)
	}

	// A build without Kaiwa AI: not offered, not choosable.
	if st, err := s.Settings(ctx); err != nil || st.KaiwaAI != "" {
		t.Fatalf("no Kaiwa AI: %+v, %v", st, err)
	}
	if _, err := s.Save(ctx, KindKaiwa, "", ""); !errs.Is(err, errs.Invalid) {
		t.Errorf("chose Kaiwa AI in a build without it: %v", err)
	}

	// The build knows it, the plan does not include it.
	hosted := Hosted{BaseURL: "https://ai.kaiwa.test/v1"}
	s.KaiwaAI = func(context.Context) (Hosted, error) { return hosted, nil }
	if st, _ := s.Settings(ctx); st.KaiwaAI != KaiwaAINeedsPlan {
		t.Errorf("Free: KaiwaAI = %q", st.KaiwaAI)
	}
	if _, err := s.Save(ctx, KindKaiwa, "", ""); !errs.Is(err, errs.Invalid) {
		t.Errorf("chose Kaiwa AI without a plan: %v", err)
	}

	// Pro: offered and chosen; the own endpoint's settings stay.
	hosted = Hosted{BaseURL: "https://ai.kaiwa.test/v1", Model: "kaiwa-pro", Key: licence, Instance: "inst-1"}
	st, err := s.Save(ctx, KindKaiwa, "https://ignored.example/v1", "ignored")
	if err != nil || st.Kind != KindKaiwa || st.KaiwaAI != KaiwaAIIncluded || st.BaseURL != own.URL() || st.Model != "kaiwa-test" {
		t.Fatalf("Pro: %+v, %v", st, err)
	}
	a, err := s.Active(ctx)
	want := Active{Kind: KindKaiwa, BaseURL: hosted.BaseURL, Model: "kaiwa-pro", APIKey: licence, Instance: "inst-1",
		SpeechModel: KaiwaSpeechModel, TranscriptionModel: KaiwaTranscriptionModel}
	if err != nil || a != want {
		t.Fatalf("Active = %+v, %v", a, err)
	}
	cfg := a.Endpoint("conv-1")
	if !cfg.KaiwaAI || cfg.BaseURL != hosted.BaseURL || cfg.APIKey != licence || cfg.Headers[InstanceHeader] != "inst-1" ||
		cfg.Headers[ConversationHeader] != "conv-1" {
		t.Errorf("Endpoint = %+v", cfg)
	}
	if cfg := a.Endpoint(""); len(cfg.Headers) != 1 {
		t.Errorf("Endpoint without a conversation = %+v", cfg)
	}

	// The licence ends: Kaiwa AI stays chosen, but answers with the limit
	// and its ways out instead of sending anything.
	hosted = Hosted{BaseURL: "https://ai.kaiwa.test/v1"}
	if a, err := s.Active(ctx); !errs.Is(err, errs.Limit) || a.Kind != KindKaiwa || a.BaseURL != "" {
		t.Errorf("after the licence ended: %+v, %v", a, err)
	}

	// Back to the learner's own endpoint: as it was, and never Kaiwa AI's.
	if _, err := s.Save(ctx, KindAI, own.URL(), "kaiwa-test"); err != nil {
		t.Fatal(err)
	}
	a, err = s.Active(ctx)
	if err != nil || a.Kind != KindAI || a.BaseURL != own.URL() || a.Instance != "" || a.Endpoint("conv-1").KaiwaAI || len(a.Endpoint("conv-1").Headers) != 0 {
		t.Errorf("own endpoint: %+v, %v", a, err)
	}
}

// Test connection reaches Kaiwa AI with the licence and the activation.
func TestKaiwaAIConnection(t *testing.T) {
	s := newService(t)
	gateway := endpointtest.NewServer(t)
	gateway.KaiwaAI(endpointtest.Licence{Key: licence, Instance: "inst-1"})
	gateway.Models("kaiwa-premium", "kaiwa-pro")
	s.KaiwaAI = func(context.Context) (Hosted, error) {
		return Hosted{BaseURL: gateway.URL(), Model: "kaiwa-pro", Key: licence, Instance: "inst-1"}, nil
	}
	if _, err := s.Save(t.Context(), KindKaiwa, "", ""); err != nil {
		t.Fatal(err)
	}
	if msg, err := s.TestConnection(t.Context()); err != nil || msg != "Connected to Kaiwa AI. It is ready." {
		t.Errorf("TestConnection = %q, %v", msg, err)
	}
	if r, _ := gateway.Last(); r.Authorization != "Bearer "+licence || r.Instance != "inst-1" {
		t.Errorf("sent %+v", r)
	}
}

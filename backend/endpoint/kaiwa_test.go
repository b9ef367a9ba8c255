package endpoint_test

import (
	"context"
	"strings"
	"testing"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
)

const licence = "PRO-38B1460A-5104-4067-A91D-77B872934D51"

// kaiwaClient is a client for the imitation of Kaiwa AI's gateway, as
// backend/partner builds it: the licence key as bearer token, the
// activation's id in X-Kaiwa-Instance.
func kaiwaClient(srv *endpointtest.Server, key, instance string) *endpoint.Client {
	return endpoint.New(endpoint.Config{BaseURL: srv.URL(), APIKey: key, Model: "kaiwa-pro", KaiwaAI: true,
		Headers: map[string]string{"X-Kaiwa-Instance": instance}}, nil)
}

// Every call (chat, models, speech, transcription) carries the licence key
// and the instance header, and nothing else can replace the key.
func TestHeadersGoWithEveryCall(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.KaiwaAI(endpointtest.Licence{Key: licence, Instance: "inst-1"})
	c := endpoint.New(endpoint.Config{BaseURL: srv.URL(), APIKey: licence, Model: "kaiwa-pro", KaiwaAI: true,
		Headers: map[string]string{"x-kaiwa-instance": " inst-1 ", "Authorization": "Bearer stolen", "Content-Type": "text/plain"}}, nil)
	ctx := t.Context()
	if _, err := collect(t, c, ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Models(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Speak(ctx, endpoint.SpeechRequest{Model: "kaiwa-speech", Voice: "alloy", Text: "Hola"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Transcribe(ctx, endpoint.TranscriptionRequest{Model: "kaiwa-transcription", WAV: []byte("RIFF")}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	for _, r := range reqs {
		if r.Authorization != "Bearer "+licence || r.Instance != "inst-1" {
			t.Errorf("%s %s: Authorization %q, X-Kaiwa-Instance %q", r.Method, r.Path, r.Authorization, r.Instance)
		}
		if r.Path == "/v1/chat/completions" && r.ContentType != "application/json" {
			t.Errorf("a header replaced the chat request's Content-Type: %q", r.ContentType)
		}
	}
}

// The gateway's answers about the plan are the plan's limit, with the three
// ways out; its other refusals say what they are.
func TestKaiwaAIAnswers(t *testing.T) {
	tests := []struct {
		name      string
		licence   endpointtest.Licence
		key       string
		code      errs.Code
		kind      endpoint.Kind
		mentions  []string
		forbidden string
	}{
		{"not in the plan", endpointtest.Licence{Key: licence, Instance: "inst-1", NotIncluded: true}, licence, errs.Limit, endpoint.KindNotIncluded,
			[]string{"Your plan does not include Kaiwa AI", "Upgrade", "your own AI", "offline partner"}, ""},
		{"quota used up", endpointtest.Licence{Key: licence, Instance: "inst-1", OverQuota: true}, licence, errs.Limit, endpoint.KindQuota,
			[]string{"this month's Kaiwa AI", "Upgrade", "your own AI", "offline partner"}, ""},
		{"unknown licence", endpointtest.Licence{Key: licence, Instance: "inst-1"}, "PRO-SOMEONE-ELSES", errs.Unauthorized, endpoint.KindUnauthorized,
			[]string{"Kaiwa AI did not accept your licence"}, "PRO-SOMEONE-ELSES"},
		{"another activation", endpointtest.Licence{Key: licence, Instance: "inst-2"}, licence, errs.Unauthorized, endpoint.KindUnauthorized,
			[]string{"Kaiwa AI did not accept your licence"}, licence},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.KaiwaAI(tt.licence)
			for _, call := range []func(*endpoint.Client) error{
				func(c *endpoint.Client) error { _, err := collect(t, c, t.Context()); return err },
				func(c *endpoint.Client) error {
					_, err := c.Speak(t.Context(), endpoint.SpeechRequest{Model: "kaiwa-speech", Voice: "alloy", Text: "Hola"})
					return err
				},
			} {
				err := call(kaiwaClient(srv, tt.key, "inst-1"))
				e := asError(t, err)
				if e.Kind != tt.kind || errs.CodeOf(err) != tt.code {
					t.Errorf("kind %s code %s, want %s %s (%v)", e.Kind, errs.CodeOf(err), tt.kind, tt.code, err)
				}
				for _, m := range tt.mentions {
					if !strings.Contains(errs.MessageOf(err), m) {
						t.Errorf("message %q does not mention %q", errs.MessageOf(err), m)
					}
				}
				if tt.forbidden != "" && strings.Contains(err.Error()+e.Detail, tt.forbidden) {
					t.Errorf("the licence key is in the error: %q / %q", err, e.Detail)
				}
			}
		})
	}
}

// A plain rate limit is a wait, not the plan's limit; and only Kaiwa AI's
// answers are read as the plan's: a 402 or quota_exceeded from the
// learner's own endpoint stays the provider's own refusal.
func TestOnlyKaiwaAIAnswersAreThePlans(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Fail(429, "Slow down", "3")
	_, err := collect(t, kaiwaClient(srv, licence, "inst-1"), t.Context())
	if e := asError(t, err); e.Kind != endpoint.KindRateLimited || e.RetryAfter.Seconds() != 3 || !strings.HasPrefix(err.Error(), "Kaiwa AI is rate-limiting") {
		t.Errorf("rate limit: %s %v %q", e.Kind, e.RetryAfter, err)
	}
	srv.KaiwaAI(endpointtest.Licence{Key: testKey, NotIncluded: true})
	_, err = collect(t, newClient(srv, testKey), context.Background())
	if errs.Is(err, errs.Limit) || asError(t, err).Kind != endpoint.KindRejected {
		t.Errorf("own endpoint's 402: %v (%s)", err, errs.CodeOf(err))
	}
	srv.KaiwaAI(endpointtest.Licence{Key: testKey, OverQuota: true})
	_, err = collect(t, newClient(srv, testKey), context.Background())
	if errs.Is(err, errs.Limit) || asError(t, err).Kind != endpoint.KindRateLimited {
		t.Errorf("own endpoint's quota_exceeded: %v (%s)", err, errs.CodeOf(err))
	}
}

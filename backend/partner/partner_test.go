package partner

import (
	"fmt"
	"os"
	"testing"

	"github.com/zalando/go-keyring"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store/storetest"
)

// The real keyring when run through scripts/with-keyring.sh, else the
// library's in-memory one (chosen once: there is no way back from a mock).
func TestMain(m *testing.M) {
	if os.Getenv("KAIWA_REAL_KEYRING") != "1" {
		keyring.MockInit()
	}
	os.Exit(m.Run())
}

func newService(t *testing.T) *Service {
	t.Helper()
	return &Service{Store: storetest.Open(t), Keyring: &secrets.Keyring{}, Getenv: func(string) string { return "" }, OllamaURL: "http://127.0.0.1:1/v1"}
}

func TestOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.openai.com/v1":        "https://api.openai.com:443",
		"https://API.OpenAI.com:443/v1/":   "https://api.openai.com:443",
		"http://localhost:11434/v1":        "http://localhost:11434",
		"http://127.0.0.1/v1":              "http://127.0.0.1:80",
		"https://[::1]:8443/v1":            "https://[::1]:8443",
		"https://openrouter.ai/api/v1?x=1": "https://openrouter.ai:443",
	} {
		if got, err := Origin(in); err != nil || got != want {
			t.Errorf("Origin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ftp://host/v1", "api.openai.com/v1", "https:///v1"} {
		if _, err := Origin(bad); !errs.Is(err, errs.Invalid) {
			t.Errorf("Origin(%q): %v, want invalid", bad, err)
		}
	}
}

// Over plain http a key and the learner's words cross the network readable:
// only servers on this computer may use it.
func TestPlainHTTPOnlyOnThisComputer(t *testing.T) {
	s := newService(t)
	for _, ok := range []string{"http://localhost:11434/v1", "http://127.0.0.1:8080/v1", "http://[::1]:1234/v1", "https://api.groq.com/openai/v1"} {
		if _, err := s.Save(t.Context(), KindAI, ok, "m"); err != nil {
			t.Errorf("Save(%s): %v", ok, err)
		}
	}
	for _, bad := range []string{"http://192.168.1.20:1234/v1", "http://api.openai.com/v1", "http://localhost.evil.com/v1"} {
		if _, err := s.Save(t.Context(), KindAI, bad, "m"); !errs.Is(err, errs.Invalid) {
			t.Errorf("Save(%s): %v, want refused", bad, err)
		}
		if _, err := s.Models(t.Context(), bad, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("Models(%s): %v, want refused", bad, err)
		}
	}
}

// A key is sent only to the origin it was saved for: listing another
// endpoint's models sends none, unless the learner typed one for it.
func TestAKeyGoesOnlyWhereItWasSavedFor(t *testing.T) {
	s := newService(t)
	a, b := endpointtest.NewServer(t), endpointtest.NewServer(t)
	a.Models("tutor-a")
	b.Models("tutor-b")
	keyA := fmt.Sprintf("sk-for-a-%d", os.Getpid())
	if _, err := s.SaveAPIKey(t.Context(), a.URL(), keyA); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.RemoveAPIKey(t.Context(), a.URL()) })
	for _, tc := range []struct {
		srv   *endpointtest.Server
		typed string
		want  string
	}{
		{a, "", "Bearer " + keyA},
		{b, "", ""},
		{b, "sk-typed-for-b", "Bearer sk-typed-for-b"},
	} {
		if _, err := s.Models(t.Context(), tc.srv.URL(), tc.typed); err != nil {
			t.Fatal(err)
		}
		if last, _ := tc.srv.Last(); last.Authorization != tc.want {
			t.Errorf("models at %s with typed %q sent %q, want %q", tc.srv.URL(), tc.typed, last.Authorization, tc.want)
		}
	}
}

// Switching endpoints never carries the key along by itself: the page asks,
// and only a yes copies it.
func TestSwitchingEndpointsAsksBeforeReusingTheKey(t *testing.T) {
	s := newService(t)
	a, b := endpointtest.NewServer(t), endpointtest.NewServer(t)
	key := fmt.Sprintf("sk-switch-%d-abcd", os.Getpid())
	if _, err := s.Save(t.Context(), KindAI, a.URL(), "tutor"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAPIKey(t.Context(), a.URL(), key); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.RemoveAPIKey(t.Context(), a.URL()); s.RemoveAPIKey(t.Context(), b.URL()) })
	st, err := s.Save(t.Context(), KindAI, b.URL(), "tutor")
	originA, _ := Origin(a.URL())
	if err != nil || st.KeyMasked != "" || st.ReuseKeyFrom != originA {
		t.Fatalf("after switching: %+v, %v; want no key and an offer to reuse %s's", st, err, originA)
	}
	if active, _ := s.Active(t.Context()); active.APIKey != "" {
		t.Fatal("the other endpoint's key would be sent to the new one")
	}
	st, err = s.ReuseAPIKey(t.Context())
	if err != nil || st.KeyMasked != secrets.Mask(key) || st.ReuseKeyFrom != "" {
		t.Fatalf("after reusing: %+v, %v", st, err)
	}
	if active, _ := s.Active(t.Context()); active.APIKey != key {
		t.Fatal("the reused key is not the new endpoint's")
	}
}

// The single key of older Kaiwas moves to the endpoint it was used with.
func TestTheOldSingleKeyStaysWithItsEndpoint(t *testing.T) {
	s := newService(t)
	a, b := endpointtest.NewServer(t), endpointtest.NewServer(t)
	key := fmt.Sprintf("sk-legacy-%d-wxyz", os.Getpid())
	if err := s.Keyring.Set(secrets.APIKey, key); err != nil {
		t.Fatal(err)
	}
	if err := s.Store.SetSettings(t.Context(), map[string]string{settingKind: KindAI, settingBaseURL: a.URL(), settingModel: "tutor"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.RemoveAPIKey(t.Context(), a.URL()); s.Keyring.Delete(secrets.APIKey) })
	if active, err := s.Active(t.Context()); err != nil || active.APIKey != key {
		t.Fatalf("Active = %+v, %v", active, err)
	}
	if legacy, _, _ := s.Keyring.Get(secrets.APIKey); legacy != "" {
		t.Error("the old single key is still there for every endpoint")
	}
	if _, err := s.Models(t.Context(), b.URL(), ""); err != nil {
		t.Fatal(err)
	}
	if last, _ := b.Last(); last.Authorization != "" {
		t.Errorf("another endpoint got %q", last.Authorization)
	}
}

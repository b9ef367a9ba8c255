// Package partner holds the learner's choice of conversation partner: the
// built-in offline partner, their own OpenAI-compatible endpoint (base URL,
// model, and API keys kept in the OS keyring, one per endpoint origin), or
// Kaiwa AI, Kaiwa's hosted endpoint that a plan pays for. Environment
// variables win over settings for power users and tests.
package partner

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/errs"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
)

// Kinds of partner.
const (
	KindOffline = "offline"
	KindAI      = "ai"    // the learner's own endpoint: theirs, never counted
	KindKaiwa   = "kaiwa" // Kaiwa AI: what a plan buys (docs/kaiwa-ai.md)
)

// Kaiwa AI's speech and transcription models (docs/kaiwa-ai.md): names the
// gateway maps to the models it runs; the chat model is the tier's.
const (
	KaiwaSpeechModel        = "kaiwa-speech"
	KaiwaTranscriptionModel = "kaiwa-transcription"
)

// Kaiwa AI's headers (docs/kaiwa-ai.md): the licence activation it is used
// under, and the conversation a request belongs to, which is how the
// gateway counts conversations and minutes.
const (
	InstanceHeader     = "X-Kaiwa-Instance"
	ConversationHeader = "X-Kaiwa-Conversation"
)

// Hosted is Kaiwa AI as the learner's plan reaches it (backend/billing):
// the build's URL ("" when it has none), the model of the learner's tier
// ("" when their plan does not include Kaiwa AI), their licence key (the
// bearer token) and the licence's activation on this computer.
type Hosted struct {
	BaseURL, Model, Key, Instance string
}

// problem is why the learner cannot use Kaiwa AI now (nil: they can).
func (h Hosted) problem() error {
	switch {
	case h.BaseURL == "":
		return errs.New(errs.Limit, endpoint.NoKaiwaAI)
	case h.Model == "" || h.Key == "" || h.Instance == "":
		return errs.New(errs.Limit, endpoint.KaiwaAINotIncluded)
	}
	return nil
}

// What Settings says about Kaiwa AI.
const (
	KaiwaAIIncluded  = "included"   // the learner's plan includes it
	KaiwaAINeedsPlan = "needs plan" // this build has it; their plan does not
)

// Environment overrides: when KAIWA_AI_BASE_URL is set, that endpoint is the
// partner for new conversations whatever the settings say.
const (
	EnvBaseURL = "KAIWA_AI_BASE_URL"
	EnvModel   = "KAIWA_AI_MODEL"
)

const (
	settingKind    = "partner.kind"
	settingBaseURL = "partner.base_url"
	settingModel   = "partner.model"
	// settingPrevious is the base URL saved before the current one, whose
	// key the learner may want to reuse.
	settingPrevious = "partner.previous_base_url"
)

// Settings is what the settings page shows. It never holds a key itself.
type Settings struct {
	Kind    string
	BaseURL string
	Model   string
	// KeyOrigin is the endpoint origin the key below belongs to.
	KeyOrigin string
	// KeyMasked shows the origin's key's first and last characters, or "".
	KeyMasked string
	// KeySource is where the key comes from: "env", "keyring" or "".
	KeySource string
	// ReuseKeyFrom, when set, is the previous endpoint's origin: it has a
	// key and the current one has none, so the page asks whether to reuse it.
	ReuseKeyFrom string
	// FromEnv is true when KAIWA_AI_BASE_URL decides the partner.
	FromEnv bool
	// KeyringProblem explains why keys cannot be stored on this computer.
	KeyringProblem string
	// OllamaDetected is true when a local Ollama server answers.
	OllamaDetected bool
	// KaiwaAI is "" when this build has no Kaiwa AI, KaiwaAIIncluded when
	// the learner's plan includes it, KaiwaAINeedsPlan when it does not.
	KaiwaAI string
}

// Active is the partner for a new conversation, key included. It never
// leaves the backend.
type Active struct {
	Kind, BaseURL, Model, APIKey string
	// Instance is the licence activation Kaiwa AI is used under.
	Instance string
	// SpeechModel and TranscriptionModel, when set, are the partner's own
	// (Kaiwa AI's); otherwise the learner's voice settings choose.
	SpeechModel, TranscriptionModel string
}

// Endpoint is how to reach the partner's endpoint with Kaiwa's one client,
// for requests of a conversation ("" for none): for Kaiwa AI with the
// licence key as bearer token, the activation in X-Kaiwa-Instance and the
// conversation in X-Kaiwa-Conversation, nowhere but the build's Kaiwa AI
// URL. The learner's own endpoint gets neither header.
func (a Active) Endpoint(conversationID string) endpoint.Config {
	c := endpoint.Config{BaseURL: a.BaseURL, APIKey: a.APIKey, Model: a.Model}
	if a.Kind == KindKaiwa {
		c.KaiwaAI, c.Headers = true, map[string]string{InstanceHeader: a.Instance}
		if conversationID != "" {
			c.Headers[ConversationHeader] = conversationID
		}
	}
	return c
}

// Service keeps the partner settings.
type Service struct {
	Store   *store.Store
	Keyring *secrets.Keyring
	// KaiwaAI, when set, says how the signed-in learner reaches Kaiwa AI
	// (backend/billing); nil: this build has no Kaiwa AI.
	KaiwaAI func(context.Context) (Hosted, error)
	// Getenv and OllamaURL are replaced in tests.
	Getenv    func(string) string
	OllamaURL string
}

// hosted is how the signed-in learner reaches Kaiwa AI.
func (s *Service) hosted(ctx context.Context) (Hosted, error) {
	if s.KaiwaAI == nil {
		return Hosted{}, nil
	}
	return s.KaiwaAI(ctx)
}

func (s *Service) getenv(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

// Origin is the part of a base URL a key belongs to: scheme, host and port.
// A key saved for https://api.openai.com is never sent anywhere else.
func Origin(baseURL string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", errs.Errorf(errs.Invalid, "The base URL must start with http:// or https://, for example %s or https://api.openai.com/v1.", endpoint.OllamaBaseURL)
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return u.Scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port), nil
}

// checkBaseURL accepts https anywhere and plain http only on this computer:
// over http a key and the learner's words cross the network readable.
func checkBaseURL(raw string) error {
	if _, err := Origin(raw); err != nil {
		return err
	}
	u, _ := url.Parse(strings.TrimSpace(raw))
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return errs.Errorf(errs.Invalid, "Plain http:// is only for servers on this computer (localhost). Use https://%s%s, or run the server locally.", u.Host, u.EscapedPath())
	}
	return nil
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keyAccount is the keyring account of an origin's key.
func keyAccount(origin string) string { return secrets.APIKey + ":" + origin }

// key returns the key for baseURL's origin: KAIWA_AI_API_KEY when set, else
// the one saved for that origin ("" when none).
func (s *Service) key(baseURL string) (string, secrets.Source, error) {
	if v := strings.TrimSpace(s.getenv(secrets.EnvAPIKey)); v != "" {
		return v, secrets.FromEnv, nil
	}
	origin, err := Origin(baseURL)
	if err != nil {
		return "", "", err
	}
	return s.Keyring.Get(keyAccount(origin))
}

// Active returns the partner new conversations use, with its key. Kaiwa AI
// chosen but not the learner's to use (their plan does not include it, or
// this build has none) is an errs.Limit error saying the ways out.
func (s *Service) Active(ctx context.Context) (Active, error) {
	kind, base, model, err := s.current(ctx)
	if err != nil {
		return Active{Kind: KindOffline}, err
	}
	switch kind {
	case KindAI:
		key, _, err := s.key(base)
		if err != nil && !errors.Is(err, secrets.ErrUnavailable) {
			return Active{}, err
		}
		return Active{Kind: KindAI, BaseURL: base, Model: model, APIKey: key}, nil
	case KindKaiwa:
		h, err := s.hosted(ctx)
		if err == nil {
			err = h.problem()
		}
		if err != nil {
			return Active{Kind: KindKaiwa}, err
		}
		return Active{Kind: KindKaiwa, BaseURL: h.BaseURL, Model: h.Model, APIKey: h.Key, Instance: h.Instance,
			SpeechModel: KaiwaSpeechModel, TranscriptionModel: KaiwaTranscriptionModel}, nil
	}
	return Active{Kind: KindOffline}, nil
}

// current is the partner in force: the environment's, else the saved one.
func (s *Service) current(ctx context.Context) (kind, base, model string, err error) {
	if env := s.getenv(EnvBaseURL); env != "" {
		return KindAI, env, s.getenv(EnvModel), nil
	}
	for _, p := range []struct {
		key string
		v   *string
	}{{settingKind, &kind}, {settingBaseURL, &base}, {settingModel, &model}} {
		if *p.v, err = s.Store.Setting(ctx, p.key); err != nil {
			return
		}
	}
	if kind == "" {
		kind = KindOffline
	}
	if kind == KindAI {
		err = s.adoptLegacyKey(base)
	}
	return
}

// adoptLegacyKey moves the one key older Kaiwas kept for every endpoint to
// the origin it was used with, so an upgrade keeps it working there only.
func (s *Service) adoptLegacyKey(base string) error {
	legacy, _, err := s.Keyring.Get(secrets.APIKey)
	if err != nil || legacy == "" {
		return nil // nothing to move, or no keyring: Settings says so
	}
	origin, err := Origin(base)
	if err != nil {
		return nil
	}
	if mine, _, err := s.Keyring.Get(keyAccount(origin)); err == nil && mine == "" {
		if err := s.Keyring.Set(keyAccount(origin), legacy); err != nil {
			return err
		}
	}
	return s.Keyring.Delete(secrets.APIKey)
}

// Settings returns the partner settings for the settings page.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	kind, base, model, err := s.current(ctx)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{Kind: kind, BaseURL: base, Model: model, FromEnv: s.getenv(EnvBaseURL) != ""}
	if h, err := s.hosted(ctx); err != nil {
		return out, err
	} else if h.BaseURL != "" {
		out.KaiwaAI = KaiwaAIIncluded
		if h.problem() != nil {
			out.KaiwaAI = KaiwaAINeedsPlan
		}
	}
	if base != "" {
		out.KeyOrigin, _ = Origin(base)
		key, src, err := s.key(base)
		switch {
		case errors.Is(err, secrets.ErrUnavailable):
			out.KeyringProblem = errs.MessageOf(err)
		case err != nil && !errs.Is(err, errs.Invalid):
			return out, err
		case key != "":
			out.KeyMasked, out.KeySource = secrets.Mask(key), string(src)
		case !out.FromEnv:
			out.ReuseKeyFrom, err = s.reusable(ctx, out.KeyOrigin)
			if err != nil {
				return out, err
			}
		}
	}
	ollama := s.OllamaURL
	if ollama == "" {
		ollama = endpoint.OllamaBaseURL
	}
	dctx, cancel := context.WithTimeout(ctx, 400*time.Millisecond)
	defer cancel()
	out.OllamaDetected = endpoint.DetectOllama(dctx, ollama)
	return out, nil
}

// reusable is the previous endpoint's origin when it has a key and is not
// the current one.
func (s *Service) reusable(ctx context.Context, current string) (string, error) {
	prev, err := s.Store.Setting(ctx, settingPrevious)
	if err != nil || prev == "" {
		return "", err
	}
	origin, err := Origin(prev)
	if err != nil || origin == current {
		return "", nil
	}
	if key, _, err := s.Keyring.Get(keyAccount(origin)); err != nil || key == "" {
		return "", nil
	}
	return origin, nil
}

// Save chooses the partner. An endpoint needs an https base URL (or http on
// this computer) and a model; Kaiwa AI, a plan that includes it, and keeps
// the learner's own endpoint's settings for when they switch back.
func (s *Service) Save(ctx context.Context, kind, baseURL, model string) (Settings, error) {
	baseURL, model = strings.TrimSpace(baseURL), strings.TrimSpace(model)
	switch kind {
	case KindOffline:
	case KindKaiwa:
		h, err := s.hosted(ctx)
		if err != nil {
			return Settings{}, err
		}
		switch {
		case h.BaseURL == "":
			return Settings{}, errs.New(errs.Invalid, "This build of Kaiwa has no Kaiwa AI: choose your own AI or the offline partner.")
		case h.problem() != nil:
			return Settings{}, errs.New(errs.Invalid, "Kaiwa AI comes with the Pro and Premium plans: activate your licence on the Plans page first.")
		}
		if err := s.Store.SetSettings(ctx, map[string]string{settingKind: KindKaiwa}); err != nil {
			return Settings{}, err
		}
		return s.Settings(ctx)
	case KindAI:
		if err := checkBaseURL(baseURL); err != nil {
			return Settings{}, err
		}
		if model == "" {
			return Settings{}, errs.New(errs.Invalid, "Choose a model for this endpoint (use “Load models” to list them).")
		}
	default:
		return Settings{}, errs.Errorf(errs.Invalid, "Unknown partner %q: choose the offline partner, Kaiwa AI or your own AI endpoint.", kind)
	}
	old, err := s.Store.Setting(ctx, settingBaseURL)
	if err != nil {
		return Settings{}, err
	}
	values := map[string]string{settingKind: kind, settingBaseURL: baseURL, settingModel: model}
	if kind == KindAI && old != "" && !sameOrigin(old, baseURL) {
		values[settingPrevious] = old
	}
	if err := s.Store.SetSettings(ctx, values); err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx)
}

func sameOrigin(a, b string) bool {
	oa, errA := Origin(a)
	ob, errB := Origin(b)
	return errA == nil && errB == nil && oa == ob
}

// SaveAPIKey stores the key for baseURL's origin in the OS keyring.
func (s *Service) SaveAPIKey(ctx context.Context, baseURL, key string) (Settings, error) {
	if err := checkBaseURL(baseURL); err != nil {
		return Settings{}, err
	}
	origin, _ := Origin(baseURL)
	if err := s.Keyring.Set(keyAccount(origin), key); err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx)
}

// ReuseAPIKey copies the key of the previous endpoint's origin to the
// current one: the learner said yes to using it there too.
func (s *Service) ReuseAPIKey(ctx context.Context) (Settings, error) {
	_, base, _, err := s.current(ctx)
	if err != nil {
		return Settings{}, err
	}
	current, err := Origin(base)
	if err != nil {
		return Settings{}, err
	}
	from, err := s.reusable(ctx, current)
	if err != nil {
		return Settings{}, err
	}
	if from == "" {
		return Settings{}, errs.New(errs.NotFound, "There is no other key to reuse here. Paste this endpoint's key instead.")
	}
	key, _, err := s.Keyring.Get(keyAccount(from))
	if err != nil {
		return Settings{}, err
	}
	if err := s.Keyring.Set(keyAccount(current), key); err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx)
}

// RemoveAPIKey deletes the key of baseURL's origin from the OS keyring.
func (s *Service) RemoveAPIKey(ctx context.Context, baseURL string) (Settings, error) {
	origin, err := Origin(baseURL)
	if err != nil {
		return Settings{}, err
	}
	if err := s.Keyring.Delete(keyAccount(origin)); err != nil {
		return Settings{}, err
	}
	return s.Settings(ctx)
}

// Models lists the models an endpoint offers. typedKey, when given, is the
// key the learner typed for it; otherwise only a key saved for that very
// origin is sent, never another endpoint's.
func (s *Service) Models(ctx context.Context, baseURL, typedKey string) ([]string, error) {
	baseURL = strings.TrimSpace(baseURL)
	if err := checkBaseURL(baseURL); err != nil {
		return nil, err
	}
	key := strings.TrimSpace(typedKey)
	if key == "" {
		var err error
		if key, _, err = s.key(baseURL); err != nil && !errors.Is(err, secrets.ErrUnavailable) {
			return nil, err
		}
	}
	return endpoint.New(endpoint.Config{BaseURL: baseURL, APIKey: key}, nil).Models(ctx)
}

// TestConnection checks the active endpoint answers and knows the model.
func (s *Service) TestConnection(ctx context.Context) (string, error) {
	a, err := s.Active(ctx)
	if err != nil {
		return "", err
	}
	if a.Kind == KindOffline {
		return "The offline partner is built in: nothing to connect to.", nil
	}
	models, err := endpoint.New(a.Endpoint(""), nil).Models(ctx)
	if err != nil {
		return "", err
	}
	for _, m := range models {
		if m == a.Model && a.Kind == KindKaiwa {
			return "Connected to Kaiwa AI. It is ready.", nil
		} else if m == a.Model {
			return fmt.Sprintf("Connected. %s is ready.", a.Model), nil
		}
	}
	return "", errs.Errorf(errs.NotFound, "Connected, but the endpoint does not list the model %q. Pick one of its %d models.", a.Model, len(models))
}

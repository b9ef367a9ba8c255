// Package partner holds the learner's choice of conversation partner: the
// built-in offline partner or an OpenAI-compatible endpoint (base URL, model,
// and an API key kept in the OS keyring). Environment variables win over
// settings for power users and tests.
package partner

import (
	"context"
	"errors"
	"fmt"
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
	KindAI      = "ai"
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
)

// Settings is what the settings page shows. It never holds the key itself.
type Settings struct {
	Kind    string
	BaseURL string
	Model   string
	// KeyMasked shows the stored key's first and last characters, or "".
	KeyMasked string
	// KeySource is where the key comes from: "env", "keyring" or "".
	KeySource string
	// FromEnv is true when KAIWA_AI_BASE_URL decides the partner.
	FromEnv bool
	// KeyringProblem explains why keys cannot be stored on this computer.
	KeyringProblem string
	// OllamaDetected is true when a local Ollama server answers.
	OllamaDetected bool
}

// Active is the partner for a new conversation, key included. It is never
// returned to the page.
type Active struct {
	Kind, BaseURL, Model, APIKey string
}

// Service is the bound settings service of the partner.
type Service struct {
	Store   *store.Store
	Keyring *secrets.Keyring
	// Getenv and OllamaURL are replaced in tests.
	Getenv    func(string) string
	OllamaURL string
}

func (s *Service) getenv(k string) string {
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

// Resolve returns the partner new conversations use. It is a function, not a
// method of the bound Service, so the key can never be called up by the page.
func Resolve(ctx context.Context, s *Service) (Active, error) {
	if base := s.getenv(EnvBaseURL); base != "" {
		key, _, err := s.Keyring.Get(secrets.APIKey)
		if err != nil && !errors.Is(err, secrets.ErrUnavailable) {
			return Active{}, err
		}
		return Active{Kind: KindAI, BaseURL: base, Model: s.getenv(EnvModel), APIKey: key}, nil
	}
	kind, base, model, err := s.saved(ctx)
	if err != nil || kind != KindAI {
		return Active{Kind: KindOffline}, err
	}
	key, _, err := s.Keyring.Get(secrets.APIKey)
	if err != nil && !errors.Is(err, secrets.ErrUnavailable) {
		return Active{}, err
	}
	return Active{Kind: KindAI, BaseURL: base, Model: model, APIKey: key}, nil
}

func (s *Service) saved(ctx context.Context) (kind, base, model string, err error) {
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
	return
}

// Settings returns the partner settings for the settings page.
func (s *Service) Settings() (Settings, error) {
	ctx := context.Background()
	kind, base, model, err := s.saved(ctx)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{Kind: kind, BaseURL: base, Model: model}
	if env := s.getenv(EnvBaseURL); env != "" {
		out.Kind, out.BaseURL, out.Model, out.FromEnv = KindAI, env, s.getenv(EnvModel), true
	}
	key, src, err := s.Keyring.Get(secrets.APIKey)
	switch {
	case errors.Is(err, secrets.ErrUnavailable):
		out.KeyringProblem = err.Error()
	case err != nil:
		return out, err
	case key != "":
		out.KeyMasked, out.KeySource = secrets.Mask(key), string(src)
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

// Save chooses the partner. An endpoint needs an http(s) base URL and a model.
func (s *Service) Save(kind, baseURL, model string) (Settings, error) {
	baseURL, model = strings.TrimSpace(baseURL), strings.TrimSpace(model)
	switch kind {
	case KindOffline:
	case KindAI:
		if err := checkBaseURL(baseURL); err != nil {
			return Settings{}, err
		}
		if model == "" {
			return Settings{}, errs.New(errs.Invalid, "Choose a model for this endpoint (use “Load models” to list them).")
		}
	default:
		return Settings{}, errs.Errorf(errs.Invalid, "Unknown partner %q: choose the offline partner or an AI endpoint.", kind)
	}
	err := s.Store.SetSettings(context.Background(), map[string]string{
		settingKind: kind, settingBaseURL: baseURL, settingModel: model,
	})
	if err != nil {
		return Settings{}, err
	}
	return s.Settings()
}

func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errs.Errorf(errs.Invalid, "The base URL must start with http:// or https://, for example %s or https://api.openai.com/v1.", endpoint.OllamaBaseURL)
	}
	return nil
}

// SaveAPIKey stores the endpoint's API key in the OS keyring.
func (s *Service) SaveAPIKey(key string) (Settings, error) {
	if err := s.Keyring.Set(secrets.APIKey, key); err != nil {
		return Settings{}, err
	}
	return s.Settings()
}

// RemoveAPIKey deletes the API key from the OS keyring.
func (s *Service) RemoveAPIKey() (Settings, error) {
	if err := s.Keyring.Delete(secrets.APIKey); err != nil {
		return Settings{}, err
	}
	return s.Settings()
}

// Models lists the models an endpoint offers, using the stored key.
func (s *Service) Models(baseURL string) ([]string, error) {
	baseURL = strings.TrimSpace(baseURL)
	if err := checkBaseURL(baseURL); err != nil {
		return nil, err
	}
	key, _, err := s.Keyring.Get(secrets.APIKey)
	if err != nil && !errors.Is(err, secrets.ErrUnavailable) {
		return nil, err
	}
	return endpoint.New(endpoint.Config{BaseURL: baseURL, APIKey: key}, nil).Models(context.Background())
}

// TestConnection checks the active endpoint answers and knows the model.
func (s *Service) TestConnection() (string, error) {
	a, err := Resolve(context.Background(), s)
	if err != nil {
		return "", err
	}
	if a.Kind != KindAI {
		return "The offline partner is built in: nothing to connect to.", nil
	}
	models, err := endpoint.New(endpoint.Config{BaseURL: a.BaseURL, APIKey: a.APIKey, Model: a.Model}, nil).Models(context.Background())
	if err != nil {
		return "", err
	}
	for _, m := range models {
		if m == a.Model {
			return fmt.Sprintf("Connected. %s is ready.", a.Model), nil
		}
	}
	return "", errs.Errorf(errs.NotFound, "Connected, but the endpoint does not list the model %q. Pick one of its %d models.", a.Model, len(models))
}

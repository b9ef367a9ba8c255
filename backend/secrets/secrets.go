// Package secrets keeps API and licence keys in the OS keyring (Keychain,
// Windows Credential Manager, Secret Service) and nowhere else: not in SQLite,
// not in logs, not in errors, and never sent to the page unmasked.
package secrets

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/zalando/go-keyring"

	"kaiwa/backend/errs"
)

// Service is the keyring service name Kaiwa's items are stored under.
const Service = "Kaiwa"

// APIKey is the account name of the AI endpoint's key.
const APIKey = "ai-api-key"

// EnvAPIKey overrides the stored API key (power users, CI, computers with no
// keyring service).
const EnvAPIKey = "KAIWA_AI_API_KEY"

// maxLen is far above any real key and below what every keyring accepts.
const maxLen = 4096

// ErrUnavailable means this computer offers no keyring service to Kaiwa.
var ErrUnavailable = errs.New(errs.Unavailable, "This computer has no keyring service Kaiwa can use, so keys cannot be stored. "+
	"Start Kaiwa with the key in the KAIWA_AI_API_KEY environment variable instead")

// Source says where a secret came from.
type Source string

const (
	FromEnv     Source = "env"
	FromKeyring Source = "keyring"
)

// Keyring reads and writes Kaiwa's secrets.
type Keyring struct {
	Getenv func(string) string // nil: os.Getenv
}

func (k *Keyring) getenv(name string) string {
	if k.Getenv != nil {
		return k.Getenv(name)
	}
	return os.Getenv(name)
}

// Get returns a secret and where it came from; a missing secret is "", "", nil.
// For the API key the environment wins over the keyring.
func (k *Keyring) Get(name string) (string, Source, error) {
	if name == APIKey {
		if v := strings.TrimSpace(k.getenv(EnvAPIKey)); v != "" {
			return v, FromEnv, nil
		}
	}
	v, err := keyring.Get(Service, name)
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return "", "", nil
	case err != nil:
		return "", "", unavailable(err)
	}
	return v, FromKeyring, nil
}

// Set stores a secret, trimmed of surrounding spaces.
func (k *Keyring) Set(name, value string) error {
	value = strings.TrimSpace(value)
	switch {
	case value == "":
		return errs.New(errs.Invalid, "The key is empty. Paste the whole key.")
	case len(value) > maxLen || !utf8.ValidString(value) || strings.ContainsAny(value, "\r\n\t"):
		return errs.New(errs.Invalid, "That does not look like a key: it is too long or has line breaks. Paste only the key.")
	}
	if err := keyring.Set(Service, name, value); err != nil {
		return unavailable(err)
	}
	return nil
}

// Delete removes a secret; removing one that is not there is fine.
func (k *Keyring) Delete(name string) error {
	err := keyring.Delete(Service, name)
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return unavailable(err)
}

// unavailable wraps a keyring failure. The keyring's own message names the
// service, never the secret, so it is safe to keep for the logs.
func unavailable(err error) error {
	return fmt.Errorf("%w (%v).", ErrUnavailable, err)
}

// Mask shows just enough of a secret to recognise it: at most its first
// three and last four characters.
func Mask(value string) string {
	r := []rune(value)
	if len(r) < 12 {
		return "••••"
	}
	return string(r[:3]) + "…" + string(r[len(r)-4:])
}

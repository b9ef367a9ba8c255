// Package secrets keeps API and licence keys in the OS keyring (Keychain,
// Windows Credential Manager, Secret Service) and nowhere else: not in SQLite,
// not in logs, not in errors, and never sent to the page unmasked.
package secrets

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zalando/go-keyring"

	"kaiwa/backend/errs"
)

// Service is the keyring service name Kaiwa's items are stored under.
const Service = "Kaiwa"

// APIKey starts the account names of AI endpoints' keys (one per origin;
// older Kaiwas kept a single key under exactly this name).
const APIKey = "ai-api-key"

// EnvAPIKey overrides the stored API keys (power users, CI, computers with
// no keyring service); backend/partner reads it.
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
	// Timeout bounds each call (0: DefaultTimeout): a keyring daemon that
	// hangs, or waits on an unlock prompt nobody answers, must not hang Kaiwa.
	Timeout time.Duration
}

// DefaultTimeout is how long a keyring call may take.
const DefaultTimeout = 5 * time.Second

// ErrTimeout means the keyring did not answer in time.
var ErrTimeout = errs.New(errs.Unavailable, "The system keyring did not answer. If it asks to be unlocked, unlock it, then try again.")

// call runs f under the timeout. A call that times out is left to finish
// in the background: the keyring library cannot be interrupted.
func (k *Keyring) call(f func() error) error {
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return ErrTimeout
	}
}

// Get returns a secret and where it came from; a missing secret is "", "", nil.
func (k *Keyring) Get(name string) (string, Source, error) {
	var v string
	err := k.call(func() (err error) {
		v, err = keyring.Get(Service, name)
		return err
	})
	switch {
	case errors.Is(err, ErrTimeout):
		return "", "", err
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
	if err := k.call(func() error { return keyring.Set(Service, name, value) }); err != nil {
		if errors.Is(err, ErrTimeout) {
			return err
		}
		return unavailable(err)
	}
	return nil
}

// Delete removes a secret; removing one that is not there is fine.
func (k *Keyring) Delete(name string) error {
	err := k.call(func() error { return keyring.Delete(Service, name) })
	switch {
	case err == nil, errors.Is(err, keyring.ErrNotFound):
		return nil
	case errors.Is(err, ErrTimeout):
		return err
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

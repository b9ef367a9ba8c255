// Package storetest opens a fresh, fully migrated database file for a test.
package storetest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
)

// Open returns a new migrated database in the test's temporary directory,
// closed when the test ends, stamping rows with the system clock: for tests
// that do not look at the time.
func Open(t testing.TB) *store.Store { return OpenWith(t, clock.System) }

// OpenWith is Open with the test's own clock (a *clock.Fake), which the test
// hands to the services too.
func OpenWith(t testing.TB, clk clock.Clock) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), Discard(), clk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Discard is a logger for tests that do not look at logs.
func Discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

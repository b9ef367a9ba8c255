// Package storetest opens a fresh, fully migrated database file for a test.
package storetest

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

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

// AddConversation records a learner's conversation with a partner
// ("offline", "openai", …) as if it started at a time and lasted seconds, for
// tests that need a history without living through it.
func AddConversation(t testing.TB, s *store.Store, userID, partner string, started time.Time, seconds int) string {
	t.Helper()
	id := uuid.NewString()
	_, err := s.DB.Exec(`INSERT INTO conversations (id, user_id, target_language, partner, started_at, duration_seconds)
		VALUES (?, ?, 'ja', ?, ?, ?)`, id, userID, partner, started.UTC().Format(store.TimestampLayout), seconds)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// AddKaiwaAIConversation is AddConversation for a Kaiwa AI conversation,
// counted under a licence (and its activation "inst-" + licence).
func AddKaiwaAIConversation(t testing.TB, s *store.Store, userID, licence string, started time.Time, seconds int) string {
	t.Helper()
	id := AddConversation(t, s, userID, "kaiwa", started, seconds)
	if err := s.CountKaiwaAI(context.Background(), id, licence, "inst-"+licence); err != nil {
		t.Fatal(err)
	}
	return id
}

// Package data takes the learner's data out of Kaiwa and back in: a
// conversation as Markdown, everything of theirs as JSON, a backup of the
// database, and the choice of a backup to restore (the swap itself is the
// app's lifecycle: it closes and reopens the database). Files go where the
// learner says through Dialogs.
package data

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
)

// Dialogs are the system's save and open dialogs, narrowed to one kind of
// file (kind "Markdown", pattern "*.md"). Each answers the chosen path, or ""
// when the learner cancelled.
type Dialogs interface {
	SaveFile(title, suggested, kind, pattern string) (string, error)
	OpenFile(title, kind, pattern string) (string, error)
}

// filter is one kind of file a dialog offers.
type filter struct{ kind, pattern string }

// Service exports and backs up the learner's data.
type Service struct {
	Store   *store.Store
	Learner func(context.Context) (store.User, error)
	Dialogs Dialogs
	Clock   clock.Clock
	// DataDir is the data folder, where messages' audio is.
	DataDir string
}

var (
	markdown = filter{"Markdown", "*.md"}
	jsonFile = filter{"JSON", "*.json"}
	database = filter{"Kaiwa backup", "*.db"}
)

// ExportConversation writes one of the learner's conversations as Markdown
// where they choose, and returns the file's path ("" when they cancelled).
func (s *Service) ExportConversation(ctx context.Context, id string) (string, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return "", err
	}
	conv, err := s.Store.ConversationOf(ctx, learner.ID, id)
	if err != nil {
		return "", err
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return "", err
	}
	started, _ := time.Parse(store.TimestampLayout, conv.StartedAt)
	name := "kaiwa-" + slug(conv.Title) + "-" + started.Format("2006-01-02") + ".md"
	return s.save(ctx, "Export conversation", name, markdown, func(path string) error {
		return os.WriteFile(path, []byte(Markdown(conv, msgs)), 0o600)
	})
}

// ExportAll writes the learner's profile, preferences, conversations and
// messages as JSON. Keys never leave: they live in the keyring, not here.
func (s *Service) ExportAll(ctx context.Context) (string, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return "", err
	}
	all, err := s.everything(ctx, learner)
	if err != nil {
		return "", err
	}
	out, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return "", err
	}
	name := "kaiwa-data-" + s.Clock.Now().Format("2006-01-02") + ".json"
	return s.save(ctx, "Export all my data", name, jsonFile, func(path string) error {
		return os.WriteFile(path, append(out, '\n'), 0o600)
	})
}

// BackUp writes a consistent copy of the whole database where the learner
// chooses.
func (s *Service) BackUp(ctx context.Context) (string, error) {
	return s.save(ctx, "Back up Kaiwa", store.BackupName(s.Clock.Now()), database, func(path string) error {
		return s.Store.BackUp(ctx, path)
	})
}

// ChooseBackup asks which backup to restore and checks it, so a file Kaiwa
// cannot use is refused before anything is closed ("" when cancelled).
func (s *Service) ChooseBackup(ctx context.Context) (string, error) {
	path, err := s.Dialogs.OpenFile("Restore from a backup", database.kind, database.pattern)
	if err != nil {
		return "", fmt.Errorf("open dialog: %w", err)
	}
	if path == "" {
		return "", nil
	}
	if err := store.CheckBackup(ctx, path); err != nil {
		return "", err
	}
	return path, nil
}

func (s *Service) save(ctx context.Context, title, name string, f filter, write func(string) error) (string, error) {
	path, err := s.Dialogs.SaveFile(title, name, f.kind, f.pattern)
	if err != nil {
		return "", fmt.Errorf("save dialog: %w", err)
	}
	if path == "" {
		return "", nil
	}
	if err := write(path); err != nil {
		if errs.CodeOf(err) != errs.Internal {
			return "", err
		}
		return "", errs.Wrap(errs.Unavailable, err, "Kaiwa could not write that file. Choose a folder you can write to.")
	}
	return path, nil
}

var notSlug = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// slug makes a title safe in a file name, keeping letters of any script.
func slug(title string) string {
	s := strings.Trim(notSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if r := []rune(s); len(r) > 40 {
		s = strings.Trim(string(r[:40]), "-")
	}
	if s == "" {
		return "conversation"
	}
	return s
}

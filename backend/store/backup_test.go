package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func addLearner(t *testing.T, s *store.Store) string {
	t.Helper()
	u, err := s.CreateUser(context.Background(), store.NewUser{DisplayName: "Aiko"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func conversationCount(t *testing.T, path string) int {
	t.Helper()
	s, err := store.Open(context.Background(), path, storetest.Discard(), clock.System)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.DB.QueryRow("SELECT count(*) FROM conversations WHERE deleted_at IS NULL").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBackUpAndRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	user := addLearner(t, s)
	kept := storetest.AddConversation(t, s, user, "offline", time.Now(), 60)
	storetest.AddConversation(t, s, user, "offline", time.Now(), 60)

	backup := filepath.Join(t.TempDir(), store.BackupName(time.Now()))
	if err := s.BackUp(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := store.CheckBackup(ctx, backup); err != nil {
		t.Fatalf("a fresh backup is refused: %v", err)
	}
	if err := s.DeleteConversation(ctx, kept); err != nil {
		t.Fatal(err)
	}
	dbPath := s.Path
	s.Close()
	if n := conversationCount(t, dbPath); n != 1 {
		t.Fatalf("before restore: %d conversations, want 1", n)
	}

	aside, err := store.Restore(ctx, dbPath, backup, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n := conversationCount(t, dbPath); n != 2 {
		t.Errorf("after restore: %d conversations, want the 2 of the backup", n)
	}
	if n := conversationCount(t, aside); n != 1 {
		t.Errorf("the database kept aside has %d conversations, want 1", n)
	}
}

func TestBackUpRefusesTheDatabaseItself(t *testing.T) {
	s := storetest.Open(t)
	if err := s.BackUp(context.Background(), s.Path); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("backing up over the database: %v, want invalid", err)
	}
}

func TestRestoreRefusesWhatIsNotAGoodBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	good := func() string {
		s := storetest.Open(t)
		addLearner(t, s)
		p := filepath.Join(dir, "good.db")
		if err := s.BackUp(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p
	}()
	data, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	damaged := bytes.Clone(data)
	for i := 4096; i < len(damaged) && i < 4096*4; i++ {
		damaged[i] ^= 0x5a
	}
	edit := func(name, sql string) string {
		p := write(name, data)
		s, err := store.Open(ctx, filepath.Join(t.TempDir(), "x.db"), storetest.Discard(), clock.System)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.DB.Exec("ATTACH ? AS b", p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB.Exec(sql); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB.Exec("DETACH b"); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := map[string]string{
		"damaged":    write("damaged.db", damaged),
		"truncated":  write("truncated.db", data[:len(data)/2]),
		"not sqlite": write("notes.db", []byte("just some text, not a database at all")),
		"empty":      write("empty.db", nil),
		"missing":    filepath.Join(dir, "nowhere.db"),
		"newer":      edit("newer.db", "UPDATE b.schema_migrations SET version = version + 1"),
		"dirty":      edit("dirty.db", "UPDATE b.schema_migrations SET dirty = 1"),
		"not kaiwa":  edit("other.db", "DROP TABLE b.messages"),
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			s := storetest.Open(t)
			user := addLearner(t, s)
			storetest.AddConversation(t, s, user, "offline", time.Now(), 60)
			dbPath := s.Path
			s.Close()
			before, _ := os.ReadFile(dbPath)

			_, err := store.Restore(ctx, dbPath, path, time.Now())
			var e *errs.Error
			if !errors.As(err, &e) || (e.Code != errs.Invalid && e.Code != errs.NotFound) {
				t.Fatalf("restore from %s: %v, want a refusal for the learner", name, err)
			}
			after, _ := os.ReadFile(dbPath)
			if !bytes.Equal(before, after) {
				t.Error("the database changed")
			}
			entries, _ := os.ReadDir(filepath.Dir(dbPath))
			for _, e := range entries {
				if filepath.Ext(e.Name()) == ".bak" || filepath.Ext(e.Name()) == ".restoring" {
					t.Errorf("left %s behind", e.Name())
				}
			}
			if n := conversationCount(t, dbPath); n != 1 {
				t.Errorf("%d conversations, want 1", n)
			}
		})
	}
}

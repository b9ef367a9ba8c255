package store

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kaiwa/backend/clock"
)

// Each way the database can fail to open gets the sentence that says what
// to do, judged on real files, not on made-up errors.
func TestProblemSaysWhatToDo(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	open := func(t *testing.T, prepare func(path string)) string {
		path := filepath.Join(t.TempDir(), FileName)
		prepare(path)
		_, err := Open(context.Background(), path, log, clock.System)
		if err == nil {
			t.Fatal("Open succeeded")
		}
		return Problem(err)
	}
	raw := func(path, sqlText string) {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(sqlText); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		prepare func(path string)
		want    string
	}{
		{"corrupt", func(p string) { os.WriteFile(p, []byte(strings.Repeat("not a database ", 600)), 0o600) }, "is damaged"},
		{"newer", func(p string) {
			raw(p, "CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (999, 0)")
		}, "newer Kaiwa"},
		{"dirty", func(p string) {
			raw(p, "CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (2, 1)")
		}, "half-way"},
		{"folder missing", func(p string) { os.RemoveAll(filepath.Dir(p)) }, "cannot write to its data folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := open(t, tc.prepare); !strings.Contains(got, tc.want) {
				t.Errorf("Problem = %q, want it to mention %q", got, tc.want)
			}
		})
	}
}

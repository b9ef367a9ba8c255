package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

var ctx = context.Background()

var allTables = []string{"users", "user_preferences", "conversations", "messages", "languages",
	"speakers", "scenarios", "sessions", "tiers", "subscriptions", "payments",
	"vocabulary_progress", "vocabulary_reviews", "user_learning_stats", "scenario_attempts"}

func TestOpenSetsPragmasAndCreatesEveryTable(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	for pragma, want := range map[string]string{"foreign_keys": "1", "journal_mode": "wal", "busy_timeout": "5000"} {
		var got string
		if err := s.DB.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", pragma, got, err, want)
		}
	}
	for _, table := range allTables {
		var n int
		if err := s.DB.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	v, dirty, err := s.Version()
	if err != nil || dirty || v != store.LatestVersion() {
		t.Errorf("version %d dirty %v err %v, want %d clean", v, dirty, err, store.LatestVersion())
	}
}

func TestForeignKeysAreEnforced(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	_, err := s.DB.Exec(`INSERT INTO messages (id, conversation_id, role, content, created_at)
		VALUES ('m1', 'no-such-conversation', 'user', 'hola', '2026-01-01T00:00:00Z')`)
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("insert with a dangling conversation_id: err = %v, want a foreign key error", err)
	}
}

func TestSeedIsComplete(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	langs, err := s.Languages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, c := range strings.Fields("ja en es fr de it pt ko zh ar hi ru vi nl fil id tr") {
		want[c] = true
	}
	if len(langs) != len(want) {
		t.Errorf("%d languages, want %d", len(langs), len(want))
	}
	for _, l := range langs {
		if !want[l.Code] || l.Name == "" || l.NativeName == "" || l.Flag == "" || l.WritingSystem == "" || len(l.SupportedScripts) == 0 {
			t.Errorf("language %+v: unknown or incomplete", l)
		}
		if l.IsRTL != (l.Code == "ar") {
			t.Errorf("language %s: is_rtl = %v", l.Code, l.IsRTL)
		}
		speakers, err := s.Speakers(ctx, l.Code)
		if err != nil || len(speakers) < 2 {
			t.Errorf("language %s: %d speakers (%v), want at least 2", l.Code, len(speakers), err)
		}
	}

	var limits []string
	rows, err := s.DB.Query(`SELECT id || ':' || ifnull(monthly_conversation_limit, 'unlimited') || '/' || ifnull(monthly_minutes_limit, 'unlimited') FROM tiers ORDER BY sort_order`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l string
		rows.Scan(&l)
		limits = append(limits, l)
	}
	rows.Close()
	if got := strings.Join(limits, " "); got != "free:10/30 pro:100/300 premium:unlimited/unlimited" {
		t.Errorf("tiers = %s", got)
	}

	scenarios, err := s.Scenarios(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(scenarios) < 7 {
		t.Errorf("%d scenarios, want at least 7", len(scenarios))
	}
	categories := map[string]int{}
	for _, sc := range scenarios {
		categories[sc.Category]++
		for name, v := range map[string]string{"title": sc.Title, "description": sc.Description, "category": sc.Category,
			"difficulty": sc.Difficulty, "instructions": sc.Instructions, "context": sc.Context, "expected outcome": sc.ExpectedOutcome} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("scenario %s: %s is empty", sc.ID, name)
			}
		}
		if len(sc.LearningObjectives) == 0 || len(sc.ComfortIndicators) == 0 {
			t.Errorf("scenario %s: objectives or comfort indicators missing", sc.ID)
		}
	}
	if categories["onboarding"] != 1 || categories["basic"] == 0 || categories["intermediate"] == 0 {
		t.Errorf("categories %v: want one onboarding and both basic and intermediate", categories)
	}
	if _, err := s.Scenario(ctx, "onboarding"); err != nil {
		t.Errorf("onboarding scenario: %v", err)
	}
	if _, err := s.Scenario(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown scenario: err = %v, want ErrNotFound", err)
	}
}

func schema(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT ifnull(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s string
		rows.Scan(&s)
		b.WriteString(s + ";\n")
	}
	return b.String()
}

func TestEveryMigrationGoesDownAndUpAgain(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	before := schema(t, s.DB)
	// Step by step, as numbers may have gaps (a version another branch took).
	for v, _, _ := s.Version(); v > 0; v, _, _ = s.Version() {
		if err := store.StepDown(s); err != nil {
			t.Fatalf("down from %d: %v", v, err)
		}
	}
	var n int
	s.DB.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='table' AND name != 'schema_migrations'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d tables left after migrating all the way down", n)
	}
	if err := store.MigrateTo(s, store.LatestVersion()); err != nil {
		t.Fatal(err)
	}
	if after := schema(t, s.DB); after != before {
		t.Errorf("schema after down and up differs:\n%s\nwant\n%s", after, before)
	}
	var langs int
	s.DB.QueryRow(`SELECT count(*) FROM languages`).Scan(&langs)
	if langs != 17 {
		t.Errorf("%d languages after re-seeding, want 17", langs)
	}
}

// An existing database with pending migrations is copied before it changes.
func TestUpgradeKeepsACopyAndTheData(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), store.FileName)
	s, err := store.Open(ctx, path, storetest.Discard(), clock.System)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.MigrateTo(s, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.Exec(`INSERT INTO languages (code, name, native_name, flag, writing_system, supported_scripts) VALUES ('eo', 'Esperanto', 'Esperanto', '🟩', 'Latin', '["Latn"]')`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = store.Open(ctx, path, storetest.Discard(), clock.System)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var name string
	if err := s.DB.QueryRow(`SELECT name FROM languages WHERE code = 'eo'`).Scan(&name); err != nil {
		t.Errorf("learner data lost in the upgrade: %v", err)
	}
	backups, _ := filepath.Glob(path + ".v1-*.bak")
	if len(backups) != 1 {
		t.Fatalf("backups %v, want one copy of version 1", backups)
	}
	copyDB, err := sql.Open("sqlite", backups[0])
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var version int
	if err := copyDB.QueryRow(`SELECT version FROM schema_migrations`).Scan(&version); err != nil || version != 1 {
		t.Errorf("backup at version %d (%v), want 1", version, err)
	}
	if err := copyDB.QueryRow(`SELECT name FROM languages WHERE code = 'eo'`).Scan(&name); err != nil {
		t.Errorf("backup lacks the data: %v", err)
	}
}

func TestFreshDatabaseIsNotBackedUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := store.Open(ctx, filepath.Join(dir, store.FileName), storetest.Discard(), clock.System)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	backups, _ := filepath.Glob(filepath.Join(dir, "*.bak"))
	if len(backups) != 0 {
		t.Errorf("backups %v of a database that had nothing in it", backups)
	}
}

func TestUnusableSchemaStopsWithTheWayOut(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		sql  string
		want string
	}{
		"dirty": {`UPDATE schema_migrations SET dirty = 1`, "stopped half-way"},
		"newer": {`UPDATE schema_migrations SET version = 999`, "newer Kaiwa"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), store.FileName)
			s, err := store.Open(ctx, path, storetest.Discard(), clock.System)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			s.Close()
			before, _ := os.ReadFile(path)

			_, err = store.Open(ctx, path, storetest.Discard(), clock.System)
			if !errors.Is(err, store.ErrSchema) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("err = %v, want ErrSchema saying %q and naming the file", err, tc.want)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the refused database was changed")
			}
		})
	}
}

func TestCorruptFileIsRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), store.FileName)
	os.WriteFile(path, []byte(strings.Repeat("not a database ", 500)), 0o600)
	if _, err := store.Open(ctx, path, storetest.Discard(), clock.System); err == nil {
		t.Fatal("a corrupt file opened without error")
	}
}

func TestLanguageIsFoundOnlyWhenSupported(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	if l, err := s.Language(ctx, "ja"); err != nil || l.Name != "Japanese" || len(l.SupportedScripts) == 0 {
		t.Errorf("Language(ja) = %+v, %v", l, err)
	}
	for _, code := range []string{"xx", "", "JA"} {
		if _, err := s.Language(ctx, code); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Language(%q): err = %v, want ErrNotFound", code, err)
		}
	}
	if _, err := s.DB.Exec(`UPDATE languages SET is_supported = 0 WHERE code = 'tr'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Language(ctx, "tr"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a language no longer taught: err = %v, want ErrNotFound", err)
	}
	s.Close()
	if _, err := s.Language(ctx, "ja"); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("a database failure reads as %v; it must not pass for an unknown language", err)
	}
}

// Each upgrade leaves a copy; only the newest three stay, and nothing else
// in the folder is touched.
func TestOnlyTheLastThreeUpgradeCopiesStay(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	others := []string{store.FileName + ".v1-notes.bak", "other.db.v1-20200101T000000Z.bak", store.FileName + ".v1-20200101T000000Z.bak.txt"}
	for _, name := range others {
		os.WriteFile(filepath.Join(dir, name), []byte("keep me"), 0o600)
	}
	clk := clock.NewFake(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	upgrade := func() {
		t.Helper()
		s, err := store.Open(ctx, path, storetest.Discard(), clk)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.MigrateTo(s, 1); err != nil { // the next Open upgrades it again
			t.Fatal(err)
		}
		s.Close()
	}
	upgrade() // a fresh database: no copy
	var made []string
	for range 5 {
		clk.Advance(24 * time.Hour)
		made = append(made, filepath.Join(dir, store.FileName+".v1-"+clk.Now().Format("20060102T150405Z")+".bak"))
		upgrade()
	}
	backups, _ := filepath.Glob(path + ".v*-*Z.bak")
	if want := made[2:]; !slices.Equal(backups, want) {
		t.Errorf("copies %v, want the last three %v", backups, want)
	}
	for _, name := range others {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was touched: %v", name, err)
		}
	}

	// A clock set back still keeps the copy just made.
	clk.Set(time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC))
	upgrade()
	backups, _ = filepath.Glob(path + ".v*-*Z.bak")
	if want := []string{path + ".v1-20250101T090000Z.bak", made[3], made[4]}; !slices.Equal(backups, want) {
		t.Errorf("after the clock went back: copies %v, want %v", backups, want)
	}
}

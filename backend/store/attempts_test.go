package store_test

import (
	"testing"
	"time"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// Runs of scenarios from before attempts were kept become attempts on the
// upgrade: finished, abandoned or still going, with their turns.
func TestTheUpgradeMakesPastRunsAttempts(t *testing.T) {
	s := storetest.Open(t)
	if err := store.MigrateTo(s, 12); err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, store.NewUser{IsGuest: true})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	add := func(id, scenario, partner, state string, ended bool, learnerLines int) {
		t.Helper()
		var endedAt any
		if ended {
			endedAt = at.Add(time.Hour).Format(store.TimestampLayout)
		}
		if _, err := s.DB.Exec(`INSERT INTO conversations (id, user_id, target_language, scenario_id, partner, partner_state, started_at, ended_at)
			VALUES (?, ?, 'es', nullif(?, ''), ?, ?, ?, ?)`, id, u.ID, scenario, partner, state, at.Format(store.TimestampLayout), endedAt); err != nil {
			t.Fatal(err)
		}
		for i := range learnerLines {
			if _, err := s.DB.Exec(`INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES (?, ?, 'user', 'hola', ?)`,
				id+string(rune('a'+i)), id, at.Add(time.Duration(i)*time.Minute).Format(store.TimestampLayout)); err != nil {
				t.Fatal(err)
			}
		}
	}
	add("offline-done", "cafe", "offline", `{"step":"bye","lost":0,"done":true}`, true, 5)
	add("offline-early", "cafe", "offline", `{"step":"coffee","lost":0,"done":false}`, true, 1)
	add("ai-long", "greetings", "ai", "", true, 4)
	add("ai-short", "greetings", "ai", "", true, 3)
	add("going", "shopping", "offline", "", false, 0)
	add("free-talk", "", "ai", "", true, 6)

	if err := store.MigrateTo(s, store.LatestVersion()); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"offline-done": "finished", "offline-early": "abandoned", "ai-long": "finished", "ai-short": "abandoned", "going": "started",
	} {
		a, err := s.AttemptOf(ctx, id)
		if err != nil || a.Status != want || a.UserID != u.ID || a.Language != "es" {
			t.Errorf("%s: %+v, %v; want %s", id, a, err, want)
		}
	}
	if a, _ := s.AttemptOf(ctx, "ai-long"); a.Turns != 4 {
		t.Errorf("turns %d, want 4", a.Turns)
	}
	if _, err := s.AttemptOf(ctx, "free-talk"); err == nil {
		t.Error("free talk became an attempt")
	}
	tries, err := s.TriesOf(ctx, u.ID, "es")
	if err != nil || len(tries) != 3 {
		t.Fatalf("tries %+v, %v", tries, err)
	}
	if tries[0].ScenarioID != "cafe" || tries[0].Tries != 2 {
		t.Errorf("café: %+v", tries[0])
	}
}

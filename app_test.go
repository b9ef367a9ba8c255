package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kaiwa/backend/errs"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// Restore goes through the app's lifecycle: the database closes, the backup
// takes its place, and everything opens again as at start-up.
func TestRestoreReopensOnTheBackup(t *testing.T) {
	ctx := context.Background()
	app := quietApp(t, nil)
	app.open()
	if app.svc == nil {
		t.Fatal("the app did not open")
	}
	t.Cleanup(func() { app.store.Close() })
	user, err := app.store.CreateUser(ctx, store.NewUser{DisplayName: "Aiko"})
	if err != nil {
		t.Fatal(err)
	}
	conv := storetest.AddConversation(t, app.store, user.ID, "offline", time.Now(), 60)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := app.store.BackUp(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := app.store.DeleteConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := app.store.DB.QueryRow("SELECT count(*) FROM conversations WHERE deleted_at IS NULL").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	damaged := filepath.Join(t.TempDir(), "damaged.db")
	os.WriteFile(damaged, []byte("SQLite format 3\x00 and then nothing"), 0o600)
	before := app.svc
	if err := app.restore(damaged); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("restore from a damaged file: %v, want refused", err)
	}
	if app.svc != before || count() != 0 {
		t.Fatal("a refused restore changed something")
	}

	if err := app.restore(backup); err != nil {
		t.Fatal(err)
	}
	if app.svc == nil || app.svc == before {
		t.Fatal("the services were not built again")
	}
	if count() != 1 {
		t.Error("the conversation of the backup is not back")
	}
	if _, err := app.svc.Conversations.List(ctx); err != nil && errs.CodeOf(err) != errs.NotFound {
		t.Errorf("the rebuilt services do not answer: %v", err)
	}
}

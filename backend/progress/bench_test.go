package progress

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// BenchmarkSummaryFromDatabase: 1,000 conversations holding 100,000 messages;
// the summary reads the conversations table only.
func BenchmarkSummaryFromDatabase(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	u, _ := st.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	now := time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)
	tx, _ := st.DB.Begin()
	conv, _ := tx.Prepare(`INSERT INTO conversations (id, user_id, target_language, started_at, duration_seconds, message_count, comfort_rating) VALUES (?, ?, 'es', ?, 300, 100, 3)`)
	msg, _ := tx.Prepare(`INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES (?, ?, 'user', 'Un café con leche, por favor.', ?)`)
	for c := 0; c < 1000; c++ {
		id := fmt.Sprint("c", c)
		at := now.Add(-time.Duration(c) * 9 * time.Hour).Format(time.RFC3339Nano)
		if _, err := conv.Exec(id, u.ID, at); err != nil {
			b.Fatal(err)
		}
		for m := 0; m < 100; m++ {
			msg.Exec(fmt.Sprint(id, "-", m), id, at)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s, err := For(ctx, st, u.ID, now)
		if err != nil || s.Conversations != 1000 {
			b.Fatal(s.Conversations, err)
		}
	}
}

package conversation

import (
	"fmt"
	"testing"

	"kaiwa/backend/store"
)

// BenchmarkOpenLongConversation measures reopening a conversation of 5,000
// messages, with 200 other conversations' messages in the same table.
func BenchmarkOpenLongConversation(b *testing.B) {
	svc, _ := newService(b, nil)
	learner, err := svc.Learner(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	var target string
	for c := 0; c < 201; c++ {
		conv, err := svc.Store.CreateConversation(b.Context(), store.NewConversation{UserID: learner.ID, Language: "es", ScenarioID: "cafe", Partner: "offline"})
		if err != nil {
			b.Fatal(err)
		}
		n := 50
		if c == 100 {
			target, n = conv.ID, 5000
		}
		tx, _ := svc.Store.DB.Begin()
		for i := 0; i < n; i++ {
			role := []string{"user", "assistant"}[i%2]
			if _, err := tx.Exec(`INSERT INTO messages (id, conversation_id, role, content, created_at, choices) VALUES (?, ?, ?, ?, ?, '[]')`,
				fmt.Sprintf("%s-%d", conv.ID, i), conv.ID, role, "Un café con leche, por favor. ¿Cuánto es?", fmt.Sprintf("2026-01-01T00:00:%09d", i)); err != nil {
				b.Fatal(err)
			}
		}
		tx.Exec(`UPDATE conversations SET message_count = ? WHERE id = ?`, n, conv.ID)
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := svc.Open(b.Context(), target)
		if err != nil || len(v.Messages) != 5000 {
			b.Fatalf("Open = %d messages, %v", len(v.Messages), err)
		}
	}
}

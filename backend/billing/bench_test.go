package billing

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// The gate runs before every AI conversation starts: with a year of daily
// practice in the database it must stay far below what a learner notices.
func BenchmarkAllowAIWithAYearOfConversations(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	u, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Aiko"})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	for i := range 1000 {
		storetest.AddConversation(b, st, u.ID, []string{"openai", "offline"}[i%2], now.Add(-time.Duration(i)*9*time.Hour), 300)
	}
	s := &Service{Store: st, Clock: clock.NewFake(now), Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	b.ResetTimer()
	for b.Loop() {
		if err := s.AllowAI(ctx, u.ID); err == nil {
			b.Fatal("a free plan with this month's 40 AI conversations was allowed")
		}
	}
}

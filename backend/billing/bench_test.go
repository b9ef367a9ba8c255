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

// The gate runs before every Kaiwa AI request: with a year of daily
// practice in the database it must stay far below what a learner notices.
func BenchmarkAllowAIWithAYearOfConversations(b *testing.B) {
	st := storetest.Open(b)
	ctx := context.Background()
	u, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Aiko"})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	if _, err := st.SaveSubscription(ctx, store.Subscription{UserID: u.ID, Tier: TierPro, Provider: ProviderName, LicenseID: "77",
		InstanceID: "inst-1", Status: StatusActive, LastValidated: now}, store.Payment{}); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		storetest.AddConversation(b, st, u.ID, []string{"ai", "offline"}[i%2], now.Add(-time.Duration(i)*9*time.Hour), 300)
	}
	for i := range 1000 {
		c, err := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "es", Partner: "kaiwa"})
		if err != nil {
			b.Fatal(err)
		}
		// Back in the fake clock's past: activity after "now" would look like a clock set back
		// and send every call to the keyring.
		at := now.Add(-time.Duration(i) * 9 * time.Hour).Format(store.TimestampLayout)
		if _, err := st.DB.Exec(`UPDATE conversations SET started_at = ?, last_activity_at = ? WHERE id = ?`, at, at, c.ID); err != nil {
			b.Fatal(err)
		}
		if err := st.CountKaiwaAI(ctx, c.ID, "77", "inst-1"); err != nil {
			b.Fatal(err)
		}
	}
	s := &Service{Store: st, Config: Config{KaiwaAIURL: "https://ai.kaiwa.test/v1"}, Clock: clock.NewFake(now),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	b.ResetTimer()
	for b.Loop() {
		if err := s.AllowAI(ctx, u.ID, ""); err != nil {
			b.Fatal(err)
		}
	}
}

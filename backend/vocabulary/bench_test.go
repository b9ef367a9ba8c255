package vocabulary_test

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkOpenReview is what opening the Review page asks: the cards due
// now and the counts, with 10,000 cards of which 500 are due.
func BenchmarkOpenReview(b *testing.B) {
	now := time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC)
	clk := clockAt(now)
	s, st, u := benchService(b, clk)
	tx, _ := st.DB.Begin()
	ins, _ := tx.Prepare(`INSERT INTO vocabulary_progress (id, user_id, language, word, normalized, due, created_at, updated_at)
		VALUES (?, ?, 'es', ?, ?, ?, ?, ?)`)
	for i := range 10000 {
		due := now.Add(time.Duration(i-499) * time.Hour)
		if i >= 500 {
			due = now.Add(time.Duration(i) * time.Hour)
		}
		w := fmt.Sprint("palabra", i)
		at := due.UTC().Format(time.RFC3339Nano)
		if _, err := ins.Exec(fmt.Sprint("c", i), u, w, w, due.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"), at, at); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		due, err := s.Due(ctx, 1000)
		if err != nil || len(due) != 500 {
			b.Fatal(len(due), err)
		}
		if st, err := s.Stats(ctx); err != nil || st.DueNow != 500 {
			b.Fatal(st.DueNow, err)
		}
	}
}

package vocabulary_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/conversation"
	"kaiwa/backend/errs"
	"kaiwa/backend/feedback"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
	"kaiwa/backend/vocabulary"
)

var ctx = context.Background()

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Casa", "casa"},
		{"  buenos   días ", "buenos días"},
		{"ＣＡＦÉ", "café"},     // full-width Latin
		{"コーヒー", "こーひー"},     // katakana as hiragana
		{"ｺｰﾋｰ", "こーひー"},     // half-width katakana
		{"ガッコウ", "がっこう"},     // voiced and small kana
		{"がっこう", "がっこう"},     // hiragana stays
		{"学校", "学校"},         // kanji stay
		{"Straße", "straße"}, // only case, no folding of ß
		{"ПРИВЕТ", "привет"}, // Cyrillic
		{"ヴァイオリン", "ゔぁいおりん"}, // ヴ has a hiragana form
	} {
		if got := vocabulary.Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func newService(t *testing.T, at time.Time) (*vocabulary.Service, *store.Store, *clock.Fake, store.User) {
	t.Helper()
	clk := clock.NewFake(at)
	st := storetest.OpenWith(t, clk)
	u, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	return &vocabulary.Service{Store: st, Clock: clk,
		Learner: func(context.Context) (store.User, error) { return u, nil }}, st, clk, u
}

func TestSameWordWrittenDifferentlyIsOneCard(t *testing.T) {
	t.Parallel()
	s, _, _, _ := newService(t, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	a, err := s.Save(ctx, vocabulary.Word{Language: "ja", Word: "コーヒー"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Save(ctx, vocabulary.Word{Language: "ja", Word: "ｺｰﾋｰ", Meaning: "coffee"})
	if err != nil || b.ID != a.ID || b.Meaning != "coffee" {
		t.Errorf("second save %+v (%v), want card %s with its meaning", b, err, a.ID)
	}
	c, _ := s.Save(ctx, vocabulary.Word{Language: "es", Word: "コーヒー"})
	if c.ID == a.ID {
		t.Error("the same word in another language is the same card")
	}
	if _, err := s.Save(ctx, vocabulary.Word{Language: "ja", Word: "  "}); !errs.Is(err, errs.Invalid) {
		t.Errorf("blank word: %v, want invalid", err)
	}
	if _, err := s.Rate(ctx, a.ID, 5); !errs.Is(err, errs.Invalid) {
		t.Errorf("rating 5: %v, want invalid", err)
	}
	if _, err := s.Rate(ctx, "nope", 3); !errs.Is(err, errs.NotFound) {
		t.Errorf("no such card: %v, want not found", err)
	}
}

// The schedule is go-fsrs's own: the ratings and intervals of the library's
// documented example (fsrs_test.go, TestBasicSchedulerExample, v3.3.1:
// default parameters, 2022-11-29 12:30 UTC, each review when the card falls
// due), here through Kaiwa's store and clock.
func TestRatingsFollowGoFSRSExample(t *testing.T) {
	t.Parallel()
	start := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
	s, st, clk, u := newService(t, start)
	card, err := s.Save(ctx, vocabulary.Word{Language: "es", Word: "gato", Meaning: "cat"})
	if err != nil {
		t.Fatal(err)
	}
	ratings := []vocabulary.Rating{3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3}
	wantDays := []uint64{0, 4, 14, 44, 125, 328, 0, 0, 7, 16, 34, 71, 142}
	for i, r := range ratings {
		now := clk.Now()
		rated, err := s.Rate(ctx, card.ID, r)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := st.VocabularyCard(ctx, u.ID, card.ID)
		if c.ScheduledDays != wantDays[i] {
			t.Errorf("review %d: %d days, want %d", i+1, c.ScheduledDays, wantDays[i])
		}
		if wantDays[i] > 0 && !c.Due.Equal(now.AddDate(0, 0, int(wantDays[i]))) {
			t.Errorf("review %d: due %v, want %v", i+1, c.Due, now.AddDate(0, 0, int(wantDays[i])))
		}
		if wantDays[i] == 0 && (!c.Due.After(now) || c.Due.Sub(now) >= 24*time.Hour) {
			t.Errorf("review %d: due %v, want later the same day as %v", i+1, c.Due, now)
		}
		if !rated.Due.Equal(c.Due) {
			t.Errorf("review %d: Rate says due %v, the store %v", i+1, rated.Due, c.Due)
		}
		clk.Set(c.Due)
	}
	var n int
	st.DB.QueryRow(`SELECT count(*) FROM vocabulary_reviews WHERE card_id = ?`, card.ID).Scan(&n)
	if n != len(ratings) {
		t.Errorf("%d reviews logged, want %d", n, len(ratings))
	}
}

func TestDueAndStats(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC)
	s, st, clk, u := newService(t, now)
	gato, _ := s.Save(ctx, vocabulary.Word{Language: "es", Word: "gato"})
	s.Save(ctx, vocabulary.Word{Language: "es", Word: "perro"})
	due, err := s.Due(ctx, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("due %+v (%v), want both new words", due, err)
	}
	if _, err := s.Rate(ctx, gato.ID, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.Exec(`UPDATE vocabulary_progress SET stability = 30 WHERE id = ?`, gato.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	sum, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.DueNow != 1 || sum.DueToday != 1 || sum.Known != 1 || len(sum.ReviewsPerDay) != 30 {
		t.Errorf("stats %+v, want 1 due now and today, 1 known, 30 days", sum)
	}
	if last := sum.ReviewsPerDay[29]; last.Day != "2026-04-10" || last.Reviews != 1 {
		t.Errorf("today %+v, want one review on 2026-04-10", last)
	}
	if _, err := s.Store.VocabularyCard(ctx, u.ID, gato.ID); errors.Is(err, store.ErrNotFound) {
		t.Error("card lost")
	}
}

func clockAt(at time.Time) *clock.Fake { return clock.NewFake(at) }

func benchService(b *testing.B, clk *clock.Fake) (*vocabulary.Service, *store.Store, string) {
	st := storetest.OpenWith(b, clk)
	u, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	if err != nil {
		b.Fatal(err)
	}
	return &vocabulary.Service{Store: st, Clock: clk,
		Learner: func(context.Context) (store.User, error) { return u, nil }}, st, u.ID
}

// The learner's desired retention drives the schedule: wanting to remember
// more brings a word back sooner.
func TestHigherRetentionSchedulesSooner(t *testing.T) {
	t.Parallel()
	interval := func(retention float64) uint64 {
		s, st, clk, u := newService(t, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
		p, _ := st.Preferences(ctx, u.ID)
		if p.DesiredRetention != vocabulary.DefaultRetention {
			t.Errorf("default retention %v, want %v", p.DesiredRetention, vocabulary.DefaultRetention)
		}
		p.DesiredRetention = retention
		if err := st.SavePreferences(ctx, u.ID, p); err != nil {
			t.Fatal(err)
		}
		card, _ := s.Save(ctx, vocabulary.Word{Language: "es", Word: "gato"})
		var c store.VocabularyCard
		for range 3 {
			rated, err := s.Rate(ctx, card.ID, 3)
			if err != nil {
				t.Fatal(err)
			}
			clk.Set(rated.Due)
			c, _ = st.VocabularyCard(ctx, u.ID, card.ID)
		}
		return c.ScheduledDays
	}
	low, usual, high := interval(0.75), interval(0.9), interval(0.97)
	if !(high < usual && usual < low) {
		t.Errorf("after three Goods: %d days at 97%%, %d at 90%%, %d at 75%%; want fewer days for a higher retention", high, usual, low)
	}
}

var _ conversation.Vocabulary = (*vocabulary.Service)(nil)

// A correction's new words become cards with the corrected sentence.
func TestSaveCorrectionWords(t *testing.T) {
	t.Parallel()
	s, _, _, _ := newService(t, time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	err := s.SaveCorrectionWords(ctx, "es", "", feedback.Correction{Corrected: "Quiero un café.",
		NewWords: []feedback.Word{{Word: "quiero", Meaning: "I want"}, {Word: " "}, {Word: "café", Meaning: "coffee"}}})
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("a blank word: %v, want it refused", err)
	}
	due, _ := s.Due(ctx, 10)
	if len(due) != 2 || due[0].Example != "Quiero un café." || due[1].Example != "Quiero un café." {
		t.Errorf("cards %+v, want quiero and café with the corrected sentence", due)
	}
}

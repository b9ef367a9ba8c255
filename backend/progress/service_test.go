package progress

import (
	"context"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
	"kaiwa/backend/vocabulary"
)

// The counters kept in user_preferences always equal a recount from the
// conversations table.
func TestCountersEqualARecountAfterEveryOperation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clk := clock.NewFake(now)
	st := storetest.OpenWith(t, clk)
	u, _ := st.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	check := func(step string) {
		t.Helper()
		if _, err := For(ctx, st, u.ID, now); err != nil {
			t.Fatal(err)
		}
		var kept, recount [2]int
		st.DB.QueryRow(`SELECT total_study_seconds, total_conversations FROM user_preferences WHERE user_id = ?`, u.ID).Scan(&kept[0], &kept[1])
		st.DB.QueryRow(`SELECT ifnull(sum(duration_seconds), 0), count(*) FROM conversations WHERE user_id = ?`, u.ID).Scan(&recount[0], &recount[1])
		if kept != recount {
			t.Errorf("%s: kept %v, recount %v", step, kept, recount)
		}
	}
	check("nothing yet")
	clk.Set(now.Add(-time.Hour))
	c, _ := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "es", ScenarioID: "cafe", Partner: "offline"})
	check("started")
	for i := 0; i < 3; i++ {
		clk.Advance(40 * time.Second)
		st.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "hola"})
		check("message")
	}
	clk.Advance(20 * time.Second)
	st.EndConversation(ctx, c.ID)
	check("ended")
	var streak int
	st.DB.QueryRow(`SELECT current_streak FROM user_preferences WHERE user_id = ?`, u.ID).Scan(&streak)
	if streak != 1 {
		t.Errorf("current_streak = %d, want 1", streak)
	}
	st.DeleteUser(ctx, u.ID)
}

// The comfort trend is progress analytics: a plan without it gets none.
func TestComfortTrendFollowsThePlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	st := storetest.OpenWith(t, clk)
	u, _ := st.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	c, _ := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "es", ScenarioID: "cafe", Partner: "offline"})
	if err := st.SetComfort(ctx, c.ID, store.Comfort{Rating: 4, Engagement: "high"}); err != nil {
		t.Fatal(err)
	}
	for _, analytics := range []bool{true, false} {
		s := Service{Store: st, Clock: clk,
			Learner:   func(context.Context) (store.User, error) { return u, nil },
			Analytics: func(context.Context, string) bool { return analytics }}
		sum, err := s.Summary(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got := len(sum.Comfort) == 1 && !sum.AnalyticsLocked; got != analytics {
			t.Errorf("analytics %v: comfort %v, locked %v", analytics, sum.Comfort, sum.AnalyticsLocked)
		}
	}
}

// A day of vocabulary reviews counts for the streak and for study time
// (ReviewSeconds each), not as a conversation.
func TestVocabularyReviewsCountAsStudy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	clk := clock.NewFake(now.AddDate(0, 0, -1))
	st := storetest.OpenWith(t, clk)
	u, _ := st.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	c, _ := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "es", ScenarioID: "cafe", Partner: "offline"})
	clk.Advance(time.Minute)
	st.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "hola"})
	clk.Advance(time.Minute)
	st.EndConversation(ctx, c.ID)

	clk.Set(now.Add(-time.Hour))
	v := &vocabulary.Service{Store: st, Clock: clk, Learner: func(context.Context) (store.User, error) { return u, nil }}
	for _, w := range []string{"gato", "perro", "casa", "mesa", "silla", "libro"} {
		card, err := v.Save(ctx, vocabulary.Word{Language: "es", Word: w})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Rate(ctx, card.ID, 3); err != nil {
			t.Fatal(err)
		}
		clk.Advance(5 * time.Second)
	}
	sum, err := For(ctx, st, u.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if sum.CurrentStreak != 2 || sum.LongestStreak != 2 || sum.LastStudied != "2026-03-02" {
		t.Errorf("streak %d/%d, last %q; want 2/2 up to 2026-03-02", sum.CurrentStreak, sum.LongestStreak, sum.LastStudied)
	}
	if sum.Conversations != 1 {
		t.Errorf("%d conversations, want 1: reviews are not conversations", sum.Conversations)
	}
	if sum.TodayMinutes != 6*ReviewSeconds/60 || sum.Last30[29].Minutes != 1 {
		t.Errorf("today %d min (chart %d), want %d (chart 1)", sum.TodayMinutes, sum.Last30[29].Minutes, 6*ReviewSeconds/60)
	}
	var kept int
	st.DB.QueryRow(`SELECT total_study_seconds FROM user_preferences WHERE user_id = ?`, u.ID).Scan(&kept)
	if kept != 120+6*ReviewSeconds {
		t.Errorf("total_study_seconds %d, want %d", kept, 120+6*ReviewSeconds)
	}
}

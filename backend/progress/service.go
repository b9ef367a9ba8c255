package progress

import (
	"context"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
)

// Service computes the signed-in learner's progress.
type Service struct {
	Store   *store.Store
	Learner func(context.Context) (store.User, error)
	Clock   clock.Clock // the learner's clock, in their time zone
	// Analytics, when set, says whether the learner's plan includes
	// progress analytics (the comfort trend).
	Analytics func(ctx context.Context, userID string) bool
}

// Summary computes the signed-in learner's progress and keeps the counters
// in user_preferences equal to it.
func (s *Service) Summary(ctx context.Context) (Summary, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Summary{}, err
	}
	sum, err := For(ctx, s.Store, u.ID, s.Clock.Now())
	if err == nil && s.Analytics != nil && !s.Analytics(ctx, u.ID) {
		sum.Comfort, sum.AnalyticsLocked = nil, true
	}
	return sum, err
}

// For is Summary for any learner at a time.
func For(ctx context.Context, st *store.Store, userID string, now time.Time) (Summary, error) {
	goal, err := st.DailyGoal(ctx, userID)
	if err != nil {
		return Summary{}, err
	}
	practice, err := st.PracticeSince(ctx, userID, time.Time{})
	if err != nil {
		return Summary{}, err
	}
	reviews, err := st.ReviewTimes(ctx, userID, time.Time{})
	if err != nil {
		return Summary{}, err
	}
	sessions := make([]Session, 0, len(practice)+len(reviews))
	seconds := 0
	for _, p := range practice {
		sessions = append(sessions, Session{StartedAt: p.StartedAt, Seconds: p.Seconds, Comfort: p.Comfort})
		seconds += p.Seconds
	}
	for _, at := range reviews {
		sessions = append(sessions, Session{StartedAt: at, Seconds: ReviewSeconds, Review: true})
		seconds += ReviewSeconds
	}
	sum := Summarize(sessions, goal, now)
	err = st.SaveTotals(ctx, userID, store.Totals{StudySeconds: seconds, Conversations: sum.Conversations,
		CurrentStreak: sum.CurrentStreak, LongestStreak: sum.LongestStreak, LastStudied: sum.LastStudied})
	return sum, err
}

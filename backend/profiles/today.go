package profiles

import (
	"context"
	"time"

	"kaiwa/backend/progress"
)

// Today is the returning learner's day at a glance.
type Today struct {
	Minutes     int
	GoalMinutes int
	Streak      int
}

func (s *Service) today(ctx context.Context, userID string, now time.Time) (Today, error) {
	sum, err := progress.For(ctx, s.Store, userID, now)
	return Today{Minutes: sum.TodayMinutes, GoalMinutes: sum.GoalMinutes, Streak: sum.CurrentStreak}, err
}

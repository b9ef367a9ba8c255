package profiles

import (
	"context"
	"time"
)

// Today is the returning learner's day at a glance.
type Today struct {
	Minutes     int `json:"minutes"`
	GoalMinutes int `json:"goalMinutes"`
	// Streak counts consecutive local calendar days with practice, up to
	// today (or yesterday, so a streak is not lost before today's session).
	Streak int `json:"streak"`
}

// today sums the learner's practice per local day.
func (s *Service) today(ctx context.Context, userID string, now time.Time) (Today, error) {
	goal, err := s.Store.DailyGoal(ctx, userID)
	if err != nil {
		return Today{}, err
	}
	practice, err := s.Store.PracticeSince(ctx, userID, now.AddDate(0, 0, -400))
	if err != nil {
		return Today{}, err
	}
	day := func(t time.Time) string { return t.In(now.Location()).Format(time.DateOnly) }
	seconds := map[string]int{}
	for _, p := range practice {
		seconds[day(p.StartedAt)] += p.Seconds + 1 // a day with a conversation counts, however short
	}
	t := Today{GoalMinutes: goal, Minutes: seconds[day(now)] / 60}
	d := now
	if seconds[day(d)] == 0 {
		d = d.AddDate(0, 0, -1)
	}
	for seconds[day(d)] > 0 {
		t.Streak++
		d = d.AddDate(0, 0, -1)
	}
	return t, nil
}

// Now is the profiles' clock; tests replace it.
var Now = time.Now

package progress

import (
	"testing"
	"time"
)

func TestStreaksAndStudyTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	s := func(t time.Time, minutes int) Session { return Session{StartedAt: t, Seconds: minutes * 60} }
	cases := []struct {
		name             string
		sessions         []Session
		now              time.Time
		current, longest int
		today, total     int
	}{
		{"no practice", nil, at(ny, 2026, 5, 10, 9, 0), 0, 0, 0, 0},
		{"today only", []Session{s(at(ny, 2026, 5, 10, 8, 0), 12)}, at(ny, 2026, 5, 10, 9, 0), 1, 1, 12, 12},
		{"several a day count once", []Session{s(at(ny, 2026, 5, 10, 8, 0), 5), s(at(ny, 2026, 5, 10, 20, 0), 7)}, at(ny, 2026, 5, 10, 21, 0), 1, 1, 12, 12},
		{"yesterday keeps the streak until tonight", []Session{s(at(ny, 2026, 5, 8, 8, 0), 5), s(at(ny, 2026, 5, 9, 8, 0), 5)}, at(ny, 2026, 5, 10, 23, 0), 2, 2, 0, 10},
		{"a missed day breaks it", []Session{s(at(ny, 2026, 5, 7, 8, 0), 5), s(at(ny, 2026, 5, 8, 8, 0), 5)}, at(ny, 2026, 5, 10, 9, 0), 0, 2, 0, 10},
		{"just before and after midnight are two days", []Session{s(at(ny, 2026, 5, 9, 23, 59), 5), s(at(ny, 2026, 5, 10, 0, 1), 5)}, at(ny, 2026, 5, 10, 9, 0), 2, 2, 5, 10},
		{"gap then a new streak; the longest is remembered", []Session{
			s(at(ny, 2026, 4, 1, 8, 0), 5), s(at(ny, 2026, 4, 2, 8, 0), 5), s(at(ny, 2026, 4, 3, 8, 0), 5),
			s(at(ny, 2026, 5, 9, 8, 0), 5), s(at(ny, 2026, 5, 10, 8, 0), 5)}, at(ny, 2026, 5, 10, 9, 0), 2, 3, 5, 25},
		{"spring forward (23-hour day)", []Session{s(at(ny, 2026, 3, 7, 23, 30), 5), s(at(ny, 2026, 3, 8, 23, 30), 5), s(at(ny, 2026, 3, 9, 0, 30), 5)}, at(ny, 2026, 3, 9, 9, 0), 3, 3, 5, 15},
		{"fall back (25-hour day)", []Session{s(at(ny, 2026, 10, 31, 23, 30), 5), s(at(ny, 2026, 11, 1, 23, 30), 5), s(at(ny, 2026, 11, 2, 0, 30), 5)}, at(ny, 2026, 11, 2, 9, 0), 3, 3, 5, 15},
		// Practised in Tokyo on the 9th and 10th local time; now in New York
		// it is still the 9th: days follow where the learner is now.
		{"time zone changed", []Session{s(at(tokyo, 2026, 5, 9, 20, 0), 5), s(at(tokyo, 2026, 5, 10, 9, 0), 5)}, at(ny, 2026, 5, 9, 22, 0), 1, 1, 10, 10},
		// The clock jumped back: a session stamped tomorrow neither counts
		// today nor stretches the streak.
		{"clock jumped back", []Session{s(at(ny, 2026, 5, 9, 8, 0), 5), s(at(ny, 2026, 5, 11, 8, 0), 5)}, at(ny, 2026, 5, 10, 9, 0), 1, 1, 0, 10},
	}
	for _, tc := range cases {
		got := Summarize(tc.sessions, 10, tc.now)
		if got.CurrentStreak != tc.current || got.LongestStreak != tc.longest || got.TodayMinutes != tc.today || got.TotalMinutes != tc.total {
			t.Errorf("%s: streak %d longest %d today %d total %d; want %d %d %d %d", tc.name,
				got.CurrentStreak, got.LongestStreak, got.TodayMinutes, got.TotalMinutes, tc.current, tc.longest, tc.today, tc.total)
		}
		if len(got.Last30) != 30 || got.Last30[29].Date != tc.now.Format(time.DateOnly) {
			t.Errorf("%s: last 30 days end %v", tc.name, got.Last30[len(got.Last30)-1])
		}
		if len(got.Calendar) != 16*7 {
			t.Errorf("%s: calendar has %d days", tc.name, len(got.Calendar))
		}
		if first, _ := time.Parse(time.DateOnly, got.Calendar[0].Date); first.Weekday() != time.Monday {
			t.Errorf("%s: calendar starts on %s", tc.name, first.Weekday())
		}
	}
}

func TestComfortOverTime(t *testing.T) {
	now := time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)
	got := Summarize([]Session{{StartedAt: now.AddDate(0, 0, -2), Comfort: 2}, {StartedAt: now.AddDate(0, 0, -1)}, {StartedAt: now, Comfort: 4}}, 10, now)
	if len(got.Comfort) != 2 || got.Comfort[0].Comfort != 2 || got.Comfort[1].Comfort != 4 || got.Conversations != 3 {
		t.Errorf("comfort = %+v", got.Comfort)
	}
}

// BenchmarkSummary1000 is the progress summary of a learner with 1,000
// conversations (the store benchmark adds the query on 100,000 messages).
func BenchmarkSummary1000(b *testing.B) {
	now := time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC)
	sessions := make([]Session, 1000)
	for i := range sessions {
		sessions[i] = Session{StartedAt: now.Add(-time.Duration(i) * 7 * time.Hour), Seconds: 300, Comfort: i%5 + 1}
	}
	for b.Loop() {
		Summarize(sessions, 10, now)
	}
}

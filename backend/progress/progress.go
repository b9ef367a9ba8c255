// Package progress turns a learner's conversations and vocabulary reviews
// into what the progress page shows: study time, streaks on the learner's own
// calendar days, minutes per day and comfort over time. It reads
// conversations and the review log, never messages.
package progress

import (
	"sort"
	"time"
)

// ReviewSeconds is the study time one vocabulary review counts for: the
// review log keeps when a card was rated, not how long it was looked at, and
// reading a card, recalling it, turning it and rating it takes about ten
// seconds. A day of reviews alone keeps the streak going.
const ReviewSeconds = 10

// Session is one conversation, or one vocabulary review, as progress sees it.
type Session struct {
	StartedAt time.Time
	Seconds   int  // active seconds: long idle gaps are already left out
	Comfort   int  // 1–5, 0 when not rated
	Review    bool // a vocabulary review, not a conversation
}

// Day is the practice of one local calendar day.
type Day struct {
	Date    string // YYYY-MM-DD, local
	Minutes int
}

// Point is a comfort rating at a time.
type Point struct {
	Date    string
	Comfort int
}

// Summary is the learner's progress.
type Summary struct {
	TotalMinutes  int
	Conversations int
	CurrentStreak int
	LongestStreak int
	LastStudied   string // local date, "" if never
	TodayMinutes  int
	GoalMinutes   int
	Last30        []Day   // oldest first, one per day
	Calendar      []Day   // the last 16 weeks, Monday first
	Comfort       []Point // rated sessions, oldest first
	// AnalyticsLocked is true when the learner's plan has no progress
	// analytics: Comfort is then left out.
	AnalyticsLocked bool
}

// Summarize computes a summary at now; days are calendar days in now's
// location, so midnight, daylight-saving changes and a changed time zone
// fall where the learner lives now. Sessions "in the future" (a clock that
// jumped back) count on the day they were recorded, and never make a streak
// longer than the days that have passed.
func Summarize(sessions []Session, goalMinutes int, now time.Time) Summary {
	loc := now.Location()
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	seconds := map[string]int{}
	s := Summary{GoalMinutes: goalMinutes, Comfort: []Point{}}
	for _, x := range sessions {
		if !x.Review {
			s.Conversations++
		}
		d := day(x.StartedAt)
		seconds[d] += x.Seconds
		s.TotalMinutes += x.Seconds
		if d > s.LastStudied {
			s.LastStudied = d
		}
		if x.Comfort > 0 {
			s.Comfort = append(s.Comfort, Point{Date: d, Comfort: x.Comfort})
		}
	}
	s.TotalMinutes /= 60
	today := day(now)
	s.TodayMinutes = seconds[today] / 60

	// Walk calendar days by date, not by 24 hours, so a 23- or 25-hour day
	// (daylight saving) is still one day.
	date := func(offset int) string {
		y, m, d := now.In(loc).Date()
		return time.Date(y, m, d+offset, 12, 0, 0, 0, loc).Format(time.DateOnly)
	}
	practised := func(d string) bool { _, ok := seconds[d]; return ok }

	// Current streak: consecutive days up to today, or up to yesterday (a
	// streak is not lost before today's session).
	start := 0
	if !practised(today) {
		start = -1
	}
	for off := start; practised(date(off)); off-- {
		s.CurrentStreak++
	}
	// Longest streak over every practised day (up to today).
	days := make([]string, 0, len(seconds))
	for d := range seconds {
		if d <= today {
			days = append(days, d)
		}
	}
	sort.Strings(days)
	run := 0
	for i, d := range days {
		if i > 0 && nextDay(days[i-1], loc) == d {
			run++
		} else {
			run = 1
		}
		s.LongestStreak = max(s.LongestStreak, run)
	}
	s.LongestStreak = max(s.LongestStreak, s.CurrentStreak)

	// A day practised for less than a minute still shows, as one minute.
	shown := func(d string) int {
		if practised(d) {
			return max(1, seconds[d]/60)
		}
		return 0
	}
	for off := -29; off <= 0; off++ {
		d := date(off)
		s.Last30 = append(s.Last30, Day{Date: d, Minutes: shown(d)})
	}
	// 16 whole weeks ending with this week, starting on a Monday.
	weekday := (int(now.In(loc).Weekday()) + 6) % 7
	for off := -(15*7 + weekday); off <= 6-weekday; off++ {
		d := date(off)
		s.Calendar = append(s.Calendar, Day{Date: d, Minutes: shown(d)})
	}
	return s
}

func nextDay(d string, loc *time.Location) string {
	t, _ := time.ParseInLocation(time.DateOnly, d, loc)
	y, m, dd := t.Date()
	return time.Date(y, m, dd+1, 12, 0, 0, 0, loc).Format(time.DateOnly)
}

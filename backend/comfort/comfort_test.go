package comfort

import (
	"testing"
	"time"
)

func TestAssess(t *testing.T) {
	shy := Signals{Messages: 2, WordsPerMessage: 1, ResponseTime: 90 * time.Second}
	chatty := Signals{Messages: 10, WordsPerMessage: 9, ResponseTime: 5 * time.Second}
	cases := []struct {
		name       string
		r          Ratings
		s          Signals
		rating     int
		engagement string
	}{
		{"skipped ratings, shy session", Ratings{}, shy, 1, "low"},
		{"skipped ratings, chatty session", Ratings{}, chatty, 5, "high"},
		{"confident learner, shy session", Ratings{Confidence: 5, Understanding: 5, Engagement: 5}, shy, 3, "medium"},
		{"unsure learner, chatty session", Ratings{Confidence: 1, Understanding: 1, Engagement: 1}, chatty, 3, "medium"},
		{"middle of the road", Ratings{Confidence: 3, Understanding: 3, Engagement: 3}, Signals{Messages: 4, WordsPerMessage: 4, ResponseTime: 30 * time.Second}, 3, "medium"},
		{"out-of-range ratings count as skipped", Ratings{Confidence: 9, Understanding: -1, Engagement: 0}, chatty, 5, "high"},
		{"nothing said at all", Ratings{}, Signals{}, 2, "low"},
		{"all in the target script lifts it", Ratings{}, Signals{Messages: 4, WordsPerMessage: 4, NonLatinLanguage: true, TargetShare: 1}, 3, "medium"},
		{"none in the target script weighs down", Ratings{}, Signals{Messages: 4, WordsPerMessage: 4, NonLatinLanguage: true, TargetShare: 0}, 2, "medium"},
	}
	for _, tc := range cases {
		rating, engagement := Assess(tc.r, tc.s)
		if rating != tc.rating || engagement != tc.engagement {
			t.Errorf("%s: Assess = %d, %s; want %d, %s", tc.name, rating, engagement, tc.rating, tc.engagement)
		}
	}
}

func TestMeasure(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	turns := []Turn{
		{Learner: false, Text: "こんにちは！", At: t0},
		{Learner: true, Text: "こんにちは", At: t0.Add(4 * time.Second)},
		{Learner: false, Text: "お名前は？", At: t0.Add(5 * time.Second)},
		{Learner: true, Text: "Ana です", At: t0.Add(25 * time.Second)},
		{Learner: false, Text: "よろしく", At: t0.Add(26 * time.Second)},
		{Learner: true, Text: "ok", At: t0.Add(36 * time.Second)},
	}
	s := Measure(turns, Scripts["ja"])
	if s.Messages != 3 || !s.NonLatinLanguage {
		t.Fatalf("signals = %+v", s)
	}
	if s.ResponseTime != 10*time.Second {
		t.Errorf("median response = %v, want 10s", s.ResponseTime)
	}
	if s.TargetShare < 0.5 || s.TargetShare > 0.6 {
		t.Errorf("target share = %.2f, want 7 of 12 letters", s.TargetShare)
	}
	if latin := Measure(turns, nil); latin.NonLatinLanguage || latin.TargetShare != 0 {
		t.Errorf("latin signals = %+v", latin)
	}
}

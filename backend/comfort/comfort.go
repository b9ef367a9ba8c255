// Package comfort turns a session into the seed's two measures of how the
// learner is doing: a comfort rating (1–5) and an engagement level (low,
// medium, high), from their own ratings and what the session shows.
package comfort

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Ratings are the learner's own 1–5 answers after a session; 0 = skipped.
type Ratings struct {
	Confidence, Engagement, Understanding int
}

// Signals are what the session itself shows.
type Signals struct {
	Messages         int           // learner messages sent
	WordsPerMessage  float64       // average, CJK characters counted as half a word
	TargetShare      float64       // share (0–1) of the learner's letters in the target language's script
	ResponseTime     time.Duration // median time from a partner line to the learner's answer
	NonLatinLanguage bool          // TargetShare only means something for non-Latin scripts
}

// Assess applies the rule:
//
//   - From the signals, a score of 1–5 each: messages sent (1 → 1 … 8+ → 5),
//     words per message (1 → 1 … 8+ → 5), answering quickly (over 60 s → 1 …
//     under 10 s → 5) and, for non-Latin languages, the share written in the
//     target script (0 → 1 … all → 5).
//   - Comfort: the learner's confidence and understanding ratings weigh 60 %,
//     the signals' average 40 %; with no ratings, the signals alone.
//   - Engagement: the engagement rating (60 %) with the messages and words
//     scores (40 %); ≤ 2.4 is low, ≥ 3.6 high, between is medium.
//
// Ratings outside 1–5 count as skipped.
func Assess(r Ratings, s Signals) (rating int, engagement string) {
	messages := scale(float64(s.Messages), 1, 8)
	words := scale(s.WordsPerMessage, 1, 8)
	speed := 3.0
	if s.ResponseTime > 0 {
		speed = 6 - scale(s.ResponseTime.Seconds(), 10, 60)
	}
	signals := []float64{messages, words, speed}
	if s.NonLatinLanguage {
		signals = append(signals, 1+4*math.Max(0, math.Min(1, s.TargetShare)))
	}
	comfort := blend(mean(valid(r.Confidence, r.Understanding)), mean(signals))
	engaged := blend(mean(valid(r.Engagement)), mean([]float64{messages, words}))
	switch {
	case engaged <= 2.4:
		engagement = "low"
	case engaged >= 3.6:
		engagement = "high"
	default:
		engagement = "medium"
	}
	return int(math.Round(math.Max(1, math.Min(5, comfort)))), engagement
}

// scale maps v from [lo, hi] onto [1, 5], clamped.
func scale(v, lo, hi float64) float64 {
	return 1 + 4*math.Max(0, math.Min(1, (v-lo)/(hi-lo)))
}

func valid(ratings ...int) []float64 {
	var out []float64
	for _, r := range ratings {
		if r >= 1 && r <= 5 {
			out = append(out, float64(r))
		}
	}
	return out
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// blend weighs the learner's own word at 60 % when they gave it.
func blend(rated, observed float64) float64 {
	if rated == 0 {
		return observed
	}
	return 0.6*rated + 0.4*observed
}

// Turn is one message of a session, for Measure.
type Turn struct {
	Learner bool
	Text    string
	At      time.Time
}

// Measure computes a session's signals; script is the target language's
// Unicode script table (nil for Latin-script languages).
func Measure(turns []Turn, script *unicode.RangeTable) Signals {
	var s Signals
	var words float64
	var letters, inScript int
	var waits []time.Duration
	var lastPartner time.Time
	for _, t := range turns {
		if !t.Learner {
			lastPartner = t.At
			continue
		}
		s.Messages++
		for _, f := range strings.Fields(t.Text) {
			words++
			for _, r := range f {
				if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) {
					words += 0.5
				}
			}
		}
		for _, r := range t.Text {
			if unicode.IsLetter(r) {
				letters++
				if script != nil && unicode.Is(script, r) {
					inScript++
				}
			}
		}
		if !lastPartner.IsZero() && t.At.After(lastPartner) {
			waits = append(waits, t.At.Sub(lastPartner))
		}
	}
	if s.Messages > 0 {
		s.WordsPerMessage = words / float64(s.Messages)
	}
	if script != nil {
		s.NonLatinLanguage = true
		if letters > 0 {
			s.TargetShare = float64(inScript) / float64(letters)
		}
	}
	if len(waits) > 0 {
		sort.Slice(waits, func(i, j int) bool { return waits[i] < waits[j] })
		s.ResponseTime = waits[len(waits)/2]
	}
	return s
}

// Scripts maps a language code to its script, for the non-Latin ones.
var Scripts = map[string]*unicode.RangeTable{
	"ja": rangeOf(unicode.Han, unicode.Hiragana, unicode.Katakana),
	"zh": unicode.Han,
	"ko": unicode.Hangul,
	"ar": unicode.Arabic,
	"hi": unicode.Devanagari,
	"ru": unicode.Cyrillic,
}

func rangeOf(tables ...*unicode.RangeTable) *unicode.RangeTable {
	merged := &unicode.RangeTable{}
	for _, t := range tables {
		merged.R16 = append(merged.R16, t.R16...)
		merged.R32 = append(merged.R32, t.R32...)
	}
	sort.Slice(merged.R16, func(i, j int) bool { return merged.R16[i].Lo < merged.R16[j].Lo })
	sort.Slice(merged.R32, func(i, j int) bool { return merged.R32[i].Lo < merged.R32[j].Lo })
	return merged
}

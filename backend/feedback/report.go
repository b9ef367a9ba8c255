package feedback

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// Turn is one message of a finished session, with the correction of a
// learner line when there is one.
type Turn struct {
	Learner    bool
	Text       string
	At         time.Time
	Correction *Correction
}

// Report is the figures of a session, for the report the learner sees at
// its end. Its lists are never nil.
type Report struct {
	// Seconds is the time spent practising: from the first message to the
	// last, leaving out every gap of more than IdleGap between two messages
	// (the learner was away, not thinking). Minutes is Seconds rounded to
	// the nearest minute, and at least 1 when Seconds is not 0.
	Seconds int `json:"seconds"`
	Minutes int `json:"minutes"`
	// Turns counts the learner's messages.
	Turns int `json:"turns"`
	// Words counts the words of the learner's messages (see Words), and
	// DistinctWords the different ones among them, ignoring case.
	Words         int `json:"words"`
	DistinctWords int `json:"distinct_words"`
	// Corrections are the learner's lines a correction changed, in order.
	Corrections []CorrectedLine `json:"corrections"`
	// NewWords are the corrections' new words, the first of each word only
	// (ignoring case), in order.
	NewWords []Word `json:"new_words"`
}

// CorrectedLine is a learner line and what it became, with their diff.
type CorrectedLine struct {
	Before      string  `json:"before"`
	After       string  `json:"after"`
	Explanation string  `json:"explanation"`
	Diff        []Token `json:"diff"`
}

// IdleGap is the longest pause that counts as practice time.
const IdleGap = 5 * time.Minute

// Figures computes a session's report from its turns. target (the target
// language's name or code) chooses the case rules for telling words apart,
// so that Turkish "Işık" and "ışık" are one word. Turns with no time (zero
// At) count for everything but time.
func Figures(turns []Turn, target string) Report {
	r := Report{Corrections: []CorrectedLine{}, NewWords: []Word{}}
	lower := cases.Lower(caseTag(target))
	distinct := map[string]bool{}
	seenWord := map[string]bool{}
	var times []time.Time
	for _, t := range turns {
		if !t.At.IsZero() {
			times = append(times, t.At)
		}
		if !t.Learner {
			continue
		}
		r.Turns++
		for _, w := range words(t.Text) {
			r.Words++
			distinct[lower.String(w)] = true
		}
		c := t.Correction
		if c == nil {
			continue
		}
		if before := strings.TrimSpace(t.Text); c.Corrected != "" && c.Corrected != before {
			r.Corrections = append(r.Corrections, CorrectedLine{
				Before: before, After: c.Corrected, Explanation: c.Explanation, Diff: Diff(before, c.Corrected),
			})
		}
		for _, w := range c.NewWords {
			key := lower.String(strings.TrimSpace(w.Word))
			if key != "" && !seenWord[key] {
				seenWord[key] = true
				r.NewWords = append(r.NewWords, w)
			}
		}
	}
	r.DistinctWords = len(distinct)

	// Sorted, so that a message saved out of order cannot make a negative gap.
	slices.SortFunc(times, time.Time.Compare)
	var active time.Duration
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap <= IdleGap {
			active += gap
		}
	}
	r.Seconds = int(active / time.Second)
	if r.Seconds > 0 {
		r.Minutes = max(1, (r.Seconds+30)/60)
	}
	return r
}

// caseTag is the language whose case rules Figures uses; only a few
// languages lower-case differently, and the store may hold a name or a code.
func caseTag(target string) language.Tag {
	switch strings.ToLower(strings.TrimSpace(target)) {
	case "turkish", "tr":
		return language.Turkish
	case "azerbaijani", "azeri", "az":
		return language.Azerbaijani
	case "lithuanian", "lt":
		return language.Lithuanian
	}
	return language.Und
}

// words splits a learner's text into the words Figures counts:
//
//   - Text with spaces: each run of non-spaces, without the punctuation and
//     symbols at its ends ("¿Dónde" is "Dónde"), is a word if it holds a
//     letter or a digit ("—" is not); inner punctuation stays ("don't").
//   - Scripts written without spaces (Chinese, Japanese, Thai): a word is
//     two characters, as most Chinese and Japanese words are one to three
//     long. A run of these characters (up to a space, punctuation or
//     another script) is cut into pairs from its start, so a run of n
//     characters is ⌈n/2⌉ words: 私はコーヒーが好きです is 私は, コー,
//     ヒー, が好, きで, す. For Thai, whose words are longer, this counts
//     generously.
//
// The pairs also serve for DistinctWords: crude, but the same text always
// gives the same count, and more varied text gives more.
func words(text string) []string {
	var out []string
	for _, field := range strings.Fields(text) {
		var other []rune   // the current run of other characters
		var chars []string // the current spaceless run, one character (with its marks) each
		flushOther := func() {
			w := strings.TrimFunc(string(other), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
			})
			if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0 {
				out = append(out, w)
			}
			other = other[:0]
		}
		flushRun := func() {
			for i := 0; i < len(chars); i += 2 {
				out = append(out, strings.Join(chars[i:min(i+2, len(chars))], ""))
			}
			chars = chars[:0]
		}
		for _, r := range field {
			switch c := classOf(r); {
			case c == clSolo:
				flushOther()
				chars = append(chars, string(r))
			case c == clMark && len(chars) > 0:
				chars[len(chars)-1] += string(r)
			default:
				flushRun()
				other = append(other, r)
			}
		}
		flushOther()
		flushRun()
	}
	return out
}

// Package level follows the learner's level in each language: a CEFR level
// (A1…C2) with a confidence, estimated after every session from what the
// session showed and smoothed over sessions, so that one session moves it
// at most one step. The learner may choose their level themselves; their
// choice wins until they hand it back to the estimate.
package level

import (
	"fmt"
	"math"
	"strings"
)

// Levels are the CEFR levels, lowest first; a level's index is its position.
var Levels = []string{"A1", "A2", "B1", "B2", "C1", "C2"}

// Parse reads a CEFR level as a model or a learner may write it ("b1",
// "B1 (intermediate)", "Level: A2"); false when there is none.
func Parse(s string) (string, bool) {
	s = strings.ToUpper(s)
	for i := 0; i+1 < len(s); i++ {
		if c, d := s[i], s[i+1]; (c == 'A' || c == 'B' || c == 'C') && d >= '1' && d <= '2' {
			// A letter that ends a longer word ("TAB1") is not a level.
			if i > 0 && isLetter(s[i-1]) || i+2 < len(s) && (isLetter(s[i+2]) || isDigit(s[i+2])) {
				continue
			}
			return s[i : i+2], true
		}
	}
	return "", false
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// index is a level's position (A1 = 0), or -1.
func index(l string) int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return -1
}

// at is the level a position rounds to.
func at(p float64) string {
	return Levels[int(math.Round(clamp(p, 0, float64(len(Levels)-1))))]
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// FromDeclared is the CEFR level of the four levels a learner picks when
// they start (beginner … advanced), or "" for none.
func FromDeclared(declared string) string {
	switch strings.ToLower(strings.TrimSpace(declared)) {
	case "beginner":
		return "A1"
	case "elementary":
		return "A2"
	case "intermediate":
		return "B1"
	case "advanced":
		return "B2"
	}
	return ""
}

// Declared is the one of the four levels (beginner … advanced) a CEFR level
// falls in, for what still speaks in those: the length of the partner's
// lines in the tutor prompt, the report's judge.
func Declared(cefr string) string {
	switch cefr {
	case "A1":
		return "beginner"
	case "A2":
		return "elementary"
	case "B1":
		return "intermediate"
	case "B2", "C1", "C2":
		return "advanced"
	}
	return ""
}

// Partners whose sessions count as evidence.
const (
	PartnerAI      = "ai"
	PartnerOffline = "offline"
)

// Session is what one finished session showed of the learner.
type Session struct {
	Partner string // PartnerAI or PartnerOffline
	// Turns and Words are the learner's messages and their words.
	Turns, Words int
	// Corrections counts the learner's lines the AI partner's correction
	// changed.
	Corrections int
	// With the offline partner: replies that matched what the step expected,
	// asked for help ("I don't understand"), or were in English only.
	Matched, Help, English int
	// Verdict is the AI partner's CEFR level for the session ("" for none).
	Verdict string
}

// Estimate is a learner's level in a language.
type Estimate struct {
	// Level is Kaiwa's estimate; Position the smoothed value it rounds from;
	// Confidence 0 to 1.
	Level      string
	Position   float64
	Confidence float64
	// Chosen is the learner's own choice ("" to follow the estimate).
	Chosen   string
	Sessions int
	Signals  Signals
	// Why is what the last session did, in short phrases, and Change which
	// way it moved the estimate: "up", "down", "same" ("" before any).
	Why    []string
	Change string
}

// InUse is the level the partner speaks to: the learner's choice, or the
// estimate.
func (e Estimate) InUse() string {
	if e.Chosen != "" {
		return e.Chosen
	}
	return e.Level
}

// Signals are a learner's measured signals smoothed over sessions; nil
// until a session showed one.
type Signals struct {
	WordsPerTurn, CorrectionRate, MatchedShare, HelpShare, EnglishShare *float64
}

// Start is the estimate before any session: the level the learner declared
// when they started, or A1, with little confidence either way.
func Start(declared string) Estimate {
	if l := FromDeclared(declared); l != "" {
		return Estimate{Level: l, Position: float64(index(l)), Confidence: 0.2, Why: []string{}}
	}
	return Estimate{Level: "A1", Confidence: 0.1, Why: []string{}}
}

// Tuning of the estimate. A session of fullTurns learner turns or more is
// full evidence; fewer weigh less. The offline partner's evidence weighs
// offlineWeight of the AI partner's verdict, and its scripts cannot show
// more than offlineCeiling. Each session moves the position towards its
// evidence by pull times the evidence's weight, less the surer Kaiwa is
// already (half as much at full confidence), and never more than one step
// from the level it stood at.
const (
	fullTurns      = 6
	offlineWeight  = 0.6
	measuredWeight = 0.4 // an AI session with no verdict: the figures alone
	offlineCeiling = 2   // B1
	pull           = 0.6
	signalPull     = 0.4 // smoothing of the signals
)

// Evidence is the level a session points to (a position) and how much it
// weighs, 0 to 1; false when it shows nothing (no learner turn).
func Evidence(s Session) (position, weight float64, ok bool) {
	if s.Turns <= 0 {
		return 0, 0, false
	}
	length := math.Min(1, float64(s.Turns)/fullTurns)
	if v := index(s.Verdict); v >= 0 && s.Partner == PartnerAI {
		return float64(v), length, true
	}
	p := measured(s)
	if s.Partner == PartnerOffline {
		return math.Min(p, offlineCeiling), offlineWeight * length, true
	}
	return p, measuredWeight * length, true
}

// measured is the level the figures point to: longer answers, a higher
// level; many corrections, many unmatched replies, calls for help or
// English, a step lower each.
func measured(s Session) float64 {
	n := float64(s.Turns)
	wpt := float64(s.Words) / n
	var p float64
	switch {
	case wpt < 2.5:
		p = 0
	case wpt < 5:
		p = 1
	case wpt < 8:
		p = 2
	default:
		p = 3
	}
	if s.Partner == PartnerOffline {
		if float64(s.Matched)/n < 0.5 {
			p--
		}
		if float64(s.Help+s.English)/n >= 0.3 {
			p--
		}
	} else if float64(s.Corrections)/n > 0.6 {
		p--
	}
	return math.Max(0, p)
}

// Update is the estimate after a session. It moves the position towards
// the session's evidence, at most one step from the level it stood at, and
// grows the confidence when the evidence agrees and shrinks it when it does
// not. Why says what changed, compared with the signals so far.
func Update(e Estimate, s Session) Estimate {
	ev, weight, ok := Evidence(s)
	if !ok {
		return e
	}
	was := index(e.Level)
	if was < 0 {
		e.Level, e.Position, was = "A1", 0, 0
	}
	p := e.Position + pull*(1-e.Confidence/2)*weight*(ev-e.Position)
	p = clamp(p, float64(was)-1, float64(was)+1)
	p = clamp(p, 0, float64(len(Levels)-1))
	next := at(p)
	if math.Abs(ev-p) <= 0.5 {
		e.Confidence += (1 - e.Confidence) * 0.3 * weight
	} else {
		e.Confidence -= e.Confidence * 0.25 * weight
	}
	e.Confidence = math.Round(clamp(e.Confidence, 0, 1)*100) / 100
	e.Position = math.Round(p*1000) / 1000

	why := reasons(e.Signals, s)
	if s.Verdict != "" && s.Partner == PartnerAI {
		why = append(why, fmt.Sprintf("your partner judged this session %s", s.Verdict))
	}
	switch n := index(next); {
	case n > was:
		e.Change = "up"
	case n < was:
		e.Change = "down"
	default:
		e.Change = "same"
	}
	if len(why) == 0 {
		why = append(why, "about the same as before")
	}
	e.Level, e.Why = next, why
	e.Signals = smooth(e.Signals, s)
	e.Sessions++
	return e
}

// session's own signals: nil where it showed none.
func (s Session) signals() Signals {
	n := float64(s.Turns)
	share := func(k int) *float64 { v := float64(k) / n; return &v }
	out := Signals{WordsPerTurn: share(s.Words)}
	if s.Partner == PartnerAI {
		out.CorrectionRate = share(s.Corrections)
	} else {
		out.MatchedShare, out.HelpShare, out.EnglishShare = share(s.Matched), share(s.Help), share(s.English)
	}
	return out
}

func smooth(old Signals, s Session) Signals {
	now := s.signals()
	mix := func(o, n *float64) *float64 {
		switch {
		case n == nil:
			return o
		case o == nil:
			return n
		}
		v := math.Round((*o+signalPull*(*n-*o))*1000) / 1000
		return &v
	}
	return Signals{
		WordsPerTurn:   mix(old.WordsPerTurn, now.WordsPerTurn),
		CorrectionRate: mix(old.CorrectionRate, now.CorrectionRate),
		MatchedShare:   mix(old.MatchedShare, now.MatchedShare),
		HelpShare:      mix(old.HelpShare, now.HelpShare),
		EnglishShare:   mix(old.EnglishShare, now.EnglishShare),
	}
}

// reasons compares a session with the signals so far, in the learner's
// words: "longer answers", "fewer corrections". A first session has
// nothing to compare with: it says what it showed.
func reasons(before Signals, s Session) []string {
	now := s.signals()
	out := []string{}
	if before.WordsPerTurn == nil {
		return append(out, fmt.Sprintf("first session: %.1f words per answer", *now.WordsPerTurn))
	}
	// A change counts when it is a fifth of the usual or more, or (for
	// shares) ten points or more.
	longer := func(o, n *float64, up, down string) {
		if o == nil || n == nil {
			return
		}
		switch d := *n - *o; {
		case d >= math.Max(0.5, 0.2**o):
			out = append(out, up)
		case -d >= math.Max(0.5, 0.2**o):
			out = append(out, down)
		}
	}
	share := func(o, n *float64, up, down string) {
		if o == nil || n == nil {
			return
		}
		switch d := *n - *o; {
		case d >= 0.1:
			out = append(out, up)
		case d <= -0.1:
			out = append(out, down)
		}
	}
	longer(before.WordsPerTurn, now.WordsPerTurn, "longer answers", "shorter answers")
	share(before.CorrectionRate, now.CorrectionRate, "more corrections", "fewer corrections")
	share(before.MatchedShare, now.MatchedShare, "more answers that fit", "fewer answers that fit")
	share(before.HelpShare, now.HelpShare, "asked for help more", "asked for help less")
	share(before.EnglishShare, now.EnglishShare, "more English", "less English")
	return out
}

// Choose sets the learner's own level ("" hands it back to the estimate).
func Choose(e Estimate, chosen string) (Estimate, error) {
	if chosen != "" && index(chosen) < 0 {
		return e, fmt.Errorf("unknown level %q", chosen)
	}
	e.Chosen = chosen
	return e, nil
}

// ConfidenceWord says a confidence in a word the learner reads.
func ConfidenceWord(c float64) string {
	switch {
	case c >= 0.7:
		return "high"
	case c >= 0.4:
		return "medium"
	}
	return "low"
}

package prompt

import (
	"fmt"
	"strconv"
	"strings"
)

// The sections that adapt the tutor to the learner, added after Tutor's
// rules: their CEFR level (backend/level) and, on a new try at a scene,
// what they found hard last time. Each is "" when there is nothing to say.

// Key phrases of the adapting sections; the tests pin each one.
const (
	keyCEFR     = "Their CEFR level in"
	keyTryAgain = "next try at this scene"
)

// cefrGuides say, per CEFR level, what vocabulary and grammar to use and
// how fast to speak (replies may be read aloud).
var cefrGuides = map[string]string{
	"A1": "Use only very common everyday words and the present tense, one idea per sentence; speak slowly and repeat key words.",
	"A2": "Use common everyday words and simple past and future forms in short, clear sentences; speak at an unhurried pace.",
	"B1": "Use everyday vocabulary with a few common idioms, and say a rare word again in simpler words; speak at a moderate pace.",
	"B2": "Use varied vocabulary, common idioms and the odd complex sentence; speak at a natural pace.",
	"C1": "Use rich, precise vocabulary, idioms and nuance; speak at a natural native pace.",
	"C2": "Talk as with a native speaker: any vocabulary, idiom or register, at full native speed.",
}

// Basis is where a learner's level comes from, as the partner is told.
type Basis int

const (
	// Estimated: from their sessions (backend/level).
	Estimated Basis = iota
	// Chosen: the learner chose it.
	Chosen
	// Guessed: no session yet; what they said when they started, or A1.
	Guessed
)

var bases = map[Basis]string{
	Estimated: "estimated from their recent sessions",
	Chosen:    "their own choice",
	Guessed:   "a first guess, before any session",
}

// Level is the section that sizes the partner's language to the learner's
// CEFR level in the target language. An unknown level adds nothing.
func Level(cefr, targetLanguage string, basis Basis) string {
	guide, ok := cefrGuides[cefr]
	if !ok {
		return ""
	}
	target := OneLine(targetLanguage, languageCap)
	if target == "" {
		target = "the target language"
	}
	return fmt.Sprintf("\n%s %s: %s (%s). %s\n", keyCEFR, target, cefr, bases[basis], guide)
}

// Bounds on what a new try carries over: the report's focus points are a
// model's words, so they are few, short (in runes and in words) and quoted.
const (
	focusMax   = 3
	focusCap   = 100
	focusWords = 12
)

// TryAgain is the section for a learner's new try at a scene: what their
// last try's report said to work on (its focus), to practise again without
// dwelling on it. No focus adds nothing.
func TryAgain(focus []string) string {
	var points []string
	for _, f := range focus {
		if words := strings.Fields(OneLine(f, focusCap)); len(words) > focusWords {
			f = strings.Join(words[:focusWords], " ") + "…"
		} else {
			f = strings.Join(words, " ")
		}
		if f != "" && len(points) < focusMax {
			// Quoted: a focus point reads as data, never as an instruction.
			points = append(points, strconv.Quote(f))
		}
	}
	if len(points) == 0 {
		return ""
	}
	return fmt.Sprintf("\nThis is the learner's %s. Last time they found these hard: %s. "+
		"Give them natural chances to practise these, without mentioning last time.\n", keyTryAgain, strings.Join(points, "; "))
}

package offline

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// ErrFinished is returned by Answer once the conversation has reached its
// closing line.
var ErrFinished = errors.New("offline: the conversation is finished")

// ErrNoScript is returned for a scenario and language with no script.
var ErrNoScript = errors.New("offline: no script")

// State is what the engine needs between turns; the caller stores it (JSON)
// with the conversation.
type State struct {
	Step string `json:"step"` // the step whose line the learner is answering
	Lost int    `json:"lost"` // consecutive "I don't understand" on this step
	// Quiet counts consecutive empty replies on this step, so that a learner
	// who keeps sending nothing is gently moved on too. Older stored states
	// without it read as zero.
	Quiet int  `json:"quiet,omitempty"`
	Done  bool `json:"done"`
	// Simple is true when the partner says each step's simpler line instead
	// of its normal one: for a learner at the first level (see BeginFor).
	Simple bool `json:"simple,omitempty"`
}

// Turn is one partner turn.
type Turn struct {
	// Text is what the partner says, in the target language; several lines
	// (praise or an acknowledgement and the next line, or the "slower" intro
	// and the simpler line) are joined with "\n".
	Text string
	// Translation is the same in English, line for line: it always has as
	// many lines as Text.
	Translation string
	Hint        string            // the hint of the step now awaiting an answer ("" when done)
	Choices     []string          // quick replies for that step
	Collected   map[string]string // what this reply told us (onboarding: name, goal, comfort, level), nil if nothing
	// Matched says the reply answered what the step expected (rule 6); false
	// on Begin's turn.
	Matched bool
	// Help says the reply asked for help: "I don't understand" (rule 3) or
	// a translation (rule 4). English says it was in English only, in a
	// lesson of another language. With Matched, they are what a session
	// tells of the learner's level (backend/level).
	Help, English bool
	// YouCouldSay is the answer the learner could have given to the step
	// they replied to, its first choice, when the reply did not match; ""
	// when it matched, on Begin's turn, or when the step offers no choices.
	// The page shows it under its own English label, so it is in neither
	// Text nor Translation.
	YouCouldSay string
	State       State
}

// Thresholds of the "never stuck" rules.
const (
	lostShowsEnglish = 2 // the second "I don't understand" also gets the English and the hint
	lostMovesOn      = 3 // the third in a row moves on
	quietMovesOn     = 3 // so does the third empty reply in a row
)

// Begin opens a scenario: the start step's line, its hint and choices.
func (l *Library) Begin(scenario, lang string) (Turn, error) {
	return l.BeginFor(scenario, lang, false)
}

// BeginFor is Begin with the choice between each step's normal line and its
// simpler one (simple), kept for the whole conversation in its State.
func (l *Library) BeginFor(scenario, lang string, simple bool) (Turn, error) {
	s := l.Script(scenario, lang)
	if s == nil {
		return Turn{}, fmt.Errorf("%w for %q in %q", ErrNoScript, scenario, lang)
	}
	var t turnBuilder
	start := s.Step(s.Start)
	t.line(start.say(simple))
	return t.arrive(start, State{Simple: simple}), nil
}

// say is a step's line and its translation: the normal one, or the simpler
// one for a learner who needs it.
func (st *Step) say(simple bool) (string, string) {
	if simple {
		return st.Simpler, st.SimplerTranslation
	}
	return st.Say, st.Translation
}

// Answer turns the learner's reply to the line of st.Step into the partner's
// next turn. It is pure and deterministic. The rules:
//
//  1. Reading the reply. Only its first 4 000 bytes are read. It is matched
//     in normalised form (see normalize): trimmed, lower case, accents of
//     Latin, Greek and Arabic letters removed, digits of any script as ASCII,
//     punctuation collapsed to spaces; Chinese, Japanese, Korean, Devanagari
//     and Cyrillic text is kept as it is. Keywords are normalised the same
//     way and matched as substrings, except Latin-script keywords under four
//     letters, which match whole words only ("no" is not in "nothing").
//     A word also does not count when a longer phrase of another intent
//     covers it: "qué" inside the greeting "qué tal" is not a question, "要"
//     (yes) inside "不要" (no) is not a yes.
//  2. Empty reply (nothing but spaces, punctuation or control characters):
//     stay on the step; Text is the lexicon's EmptyReply then the step's
//     Simpler line; Lost is unchanged. The third empty reply in a row
//     (State.Quiet) moves on along Next, with no praise or acknowledgement,
//     so a silent learner is never stuck either. A reply made only of "?" (a dont_understand
//     keyword that is all punctuation) is rule 3, not rule 2.
//  3. "I don't understand" (the lexicon's dont_understand): stay on the
//     step and Lost++; Text is the lexicon's Slower line then the step's
//     Simpler line. From the second time in a row, two more lines follow: the
//     lexicon's TranslationIntro with the step's English translation, and
//     the step's hint. The third time in a row the learner is not asked
//     again: the conversation moves on along Next (the default path, no
//     branch, nothing collected, no praise or acknowledgement) with the next
//     step's line, which the scripts write warmly.
//     A single-word request for help ("what", "sorry", "qué", "english")
//     counts only in a reply of at most three words that answers nothing
//     else, so "Sorry, I'm Tom" is an answer, not a plea; phrases ("no
//     entiendo") count anywhere, and keywords with a question mark ("え？")
//     only as the whole reply. Rules 3 and 4 give way to the script in two
//     cases: a reply that is one of the step's own choices is always an
//     answer (a Korean script offers "잘 모르겠어요", "I'm not sure", as a
//     reply), and a keyword branch of the step wins over the lexicon's help
//     phrase (a script may send "もう一度" to its own "again" step) unless the
//     help phrase is a longer one containing the branch's keyword.
//  4. Asking for a translation (ask_translation, checked before rule 3 as
//     it says what would help): stay on the step; Text is the lexicon's
//     TranslationIntro then the step's English translation (English on
//     purpose), Translation the same; Lost is unchanged.
//  5. Any other reply moves on. The step's branches are tried in order and
//     the first that matches wins: on any of its keywords, or on its intent
//     (yes, no, greeting from the lexicon; number: digits 1 to 10 or a
//     lexicon number word, whole words in space-separated scripts, with a
//     Korean ending allowed, substrings in Chinese and Japanese). With no
//     match the reply follows Next. A Collect step collects the branch's
//     Value or, for a number branch without one, the number (clamped to 1..5
//     for comfort); a name step collects the learner's name (see
//     lexIndex.name). A goal, comfort or level step where nothing matched
//     collects nothing.
//  6. Praise only for an answer. A reply to a step that collects (name,
//     goal, comfort, level) matched when something was collected from it.
//     A reply to any other step matched when it took one of the step's
//     branches, is one of its choices (normalised, as a whole), or
//     expresses a yes, no, greeting or number intent that one of the
//     step's choices expresses too ("はい" where a choice says "はい、…").
//     Writing in the language's own script, or a yes, a greeting or a
//     number where the step asked for none of them, is no answer:
//     "ありがとう" does not answer "What food do you like?". A matched reply's
//     next line is preceded by a praise line from the lexicon, picked by a
//     hash of the step id and the reply, except for a reply in English only
//     in another language's lesson, whose next line comes alone. Any other
//     reply gets a neutral acknowledgement ("なるほど。") picked the same
//     way, which never claims the reply was right, and the turn carries the
//     step's first choice as YouCouldSay. Turn.Matched says which it was;
//     it is false, and YouCouldSay set, on every turn of rules 2 to 4 too.
//  7. Reaching an end step: Text is (praise or acknowledgement and) the
//     end step's line, Done
//     is true, Hint and Choices are empty. Answering a Done state returns
//     ErrFinished.
//  8. A State whose step the script no longer has (the script changed
//     between versions) restarts the scenario: the turn is Begin's.
//  9. Any reply at all (very long, emoji, right-to-left, another language,
//     digits) gives a sensible turn: Answer never panics, and errors only
//     for a missing script or a finished conversation.
//
// A State begun with BeginFor(…, true) says each step's simpler line where
// these rules say its normal one. Turn.Help is set by rules 3 and 4, and
// Turn.English for a reply in English only in another language's lesson.
func (l *Library) Answer(scenario, lang string, st State, reply string) (Turn, error) {
	s := l.Script(scenario, lang)
	if s == nil {
		return Turn{}, fmt.Errorf("%w for %q in %q", ErrNoScript, scenario, lang)
	}
	if st.Done {
		return Turn{}, ErrFinished
	}
	cur := s.Step(st.Step)
	if cur == nil {
		return l.BeginFor(scenario, lang, st.Simple)
	}
	if cur.End {
		return Turn{}, ErrFinished
	}
	x := l.index()
	lx := x.lexicons[lang]
	r := readReply(reply)
	var t turnBuilder

	// What the reply would answer, needed to tell "sorry" from "sorry, ...".
	m := x.branch(lx, cur, r)
	answered := m.branch != nil || lx.intent(r, IntentYes) || lx.intent(r, IntentNo) || lx.intent(r, IntentGreeting)
	var askKw, lostKw *keyword
	if !isChoice(cur, r) { // a quick reply the step offers is an answer
		askKw, lostKw = r.asks(lx.askTranslation, answered), r.asks(lx.dontUnderstand, answered)
	}
	stay := State{Step: cur.ID, Lost: st.Lost, Simple: st.Simple}
	fresh := State{Simple: st.Simple} // a new step's state
	// unanswered finishes a turn whose reply did not answer the step.
	english := !lx.english && x.allEnglish(r)
	unanswered := func(to *Step, state State) (Turn, error) {
		out := t.arrive(to, state)
		out.YouCouldSay = firstChoice(cur)
		out.English = english
		return out, nil
	}

	switch {
	case m.overriddenBy(askKw):
		t.line(lx.lex.TranslationIntro.Text, lx.lex.TranslationIntro.Translation)
		t.line(cur.Translation, cur.Translation)
		out, err := unanswered(cur, stay)
		out.Help = true
		return out, err

	case m.overriddenBy(lostKw):
		lost := st.Lost + 1
		if lost >= lostMovesOn {
			next := s.Step(cur.Next)
			t.line(next.say(st.Simple))
			out, err := unanswered(next, fresh)
			out.Help = true
			return out, err
		}
		t.line(lx.lex.Slower.Text, lx.lex.Slower.Translation)
		t.line(cur.Simpler, cur.SimplerTranslation)
		if lost >= lostShowsEnglish {
			intro := lx.lex.TranslationIntro
			t.line(intro.Text+" "+cur.Translation, intro.Translation+" "+cur.Translation)
			t.line(cur.Hint, cur.Hint)
		}
		stay.Lost = lost
		out, err := unanswered(cur, stay)
		out.Help = true
		return out, err

	case r.norm == "":
		quiet := st.Quiet + 1
		if quiet >= quietMovesOn {
			next := s.Step(cur.Next)
			t.line(next.say(st.Simple))
			return unanswered(next, fresh)
		}
		t.line(lx.lex.EmptyReply.Text, lx.lex.EmptyReply.Translation)
		t.line(cur.Simpler, cur.SimplerTranslation)
		stay.Quiet = quiet
		return unanswered(cur, stay)
	}

	next := s.Step(cur.Next)
	var collected map[string]string
	if b := m.branch; b != nil {
		next = s.Step(b.Next)
		if cur.Collect != "" {
			v := b.Value
			if v == "" && b.Intent == IntentNumber {
				num := m.num
				if cur.Collect == "comfort" {
					num = max(1, min(5, num))
				}
				v = strconv.Itoa(num)
			}
			if v != "" {
				collected = map[string]string{cur.Collect: v}
			}
		}
	}
	if cur.Collect == "name" {
		if name := lx.name(r.raw); name != "" {
			collected = map[string]string{"name": name}
		}
	}
	matched := collected != nil
	if cur.Collect == "" {
		matched = m.branch != nil || isChoice(cur, r) || x.expectedIntent(lx, cur, r)
	}
	say, sayTr := next.say(st.Simple)
	switch {
	case !matched:
		if a, ok := pick(lx.lex.Acknowledge, cur.ID, r.norm, say); ok {
			t.line(a.Text, a.Translation)
		}
	case !english:
		if p, ok := pick(lx.lex.Praise, cur.ID, r.norm, say); ok {
			t.line(p.Text, p.Translation)
		}
	}
	t.line(say, sayTr)
	if !matched { // and so nothing was collected
		return unanswered(next, fresh)
	}
	out := t.arrive(next, fresh)
	out.Collected, out.Matched, out.English = collected, true, english
	return out, nil
}

// firstChoice is a step's model answer: its first quick reply, or "".
func firstChoice(st *Step) string {
	if len(st.Choices) == 0 {
		return ""
	}
	return st.Choices[0]
}

// turnBuilder gathers a turn's lines, keeping Text and Translation line for
// line.
type turnBuilder struct{ text, tr []string }

// line adds one line; a newline inside either side is flattened so the two
// never fall out of step.
func (t *turnBuilder) line(text, tr string) {
	flat := func(s string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
	}
	t.text = append(t.text, flat(text))
	t.tr = append(t.tr, flat(tr))
}

// arrive finishes a turn that leaves the learner on step st (an end step
// finishes the conversation).
func (t *turnBuilder) arrive(st *Step, state State) Turn {
	state.Step = st.ID
	out := Turn{
		Text:        strings.Join(t.text, "\n"),
		Translation: strings.Join(t.tr, "\n"),
		State:       state,
	}
	if st.End {
		out.State = State{Step: st.ID, Done: true, Simple: state.Simple}
		return out
	}
	out.Hint = st.Hint
	if len(st.Choices) > 0 {
		out.Choices = append([]string(nil), st.Choices...)
	}
	return out
}

// pick chooses a praise or acknowledgement line by a hash of the step id and
// the reply, leaving out any the next line already says ("¡Perfecto!" before
// "¡Perfecto! Ahora..."); false when every one would repeat it.
func pick(from []Line, stepID, reply, next string) (Line, bool) {
	said := normalize(next)
	var fresh []Line
	for _, p := range from {
		if n := normalize(p.Text); n != "" && !strings.Contains(said, n) {
			fresh = append(fresh, p)
		}
	}
	if len(fresh) == 0 {
		return Line{}, false
	}
	h := fnv.New32a()
	h.Write([]byte(stepID))
	h.Write([]byte{0})
	h.Write([]byte(reply))
	return fresh[h.Sum32()%uint32(len(fresh))], true
}

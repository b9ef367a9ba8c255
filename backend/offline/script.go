// Package offline is the built-in partner: scripted, per scenario and per
// language, shipped inside the binary so practice works with no network and
// no key. Scripts and lexicons are JSON files embedded from this folder.
package offline

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed scripts lexicon
var files embed.FS

// Script is one scenario in one target language: a small graph of partner
// lines. The learner's reply picks a branch when it is recognised and
// otherwise follows Next, so any reply moves the conversation on.
type Script struct {
	Scenario string `json:"scenario"`
	Language string `json:"language"`
	Start    string `json:"start"`
	Steps    []Step `json:"steps"`
}

// Step is one partner line and what may follow it.
type Step struct {
	ID string `json:"id"`
	// Say is the line in the target language; Translation gives it in English.
	Say         string `json:"say"`
	Translation string `json:"translation"`
	// Hint tells the learner, in English, what they could answer, with an
	// example in the target language.
	Hint string `json:"hint"`
	// Simpler is the same line said more slowly and simply, for a learner who
	// is lost; SimplerTranslation gives it in English.
	Simpler            string `json:"simpler"`
	SimplerTranslation string `json:"simpler_translation"`
	// Choices are quick replies, in the target language, offered on screen.
	Choices []string `json:"choices,omitempty"`
	// Collect names what the learner's answer tells us (onboarding only):
	// name, goal, comfort or level.
	Collect  string   `json:"collect,omitempty"`
	Branches []Branch `json:"branches,omitempty"`
	// Next is the step after any reply no branch recognised.
	Next string `json:"next,omitempty"`
	// End marks the closing line: after it the scenario is complete.
	End bool `json:"end,omitempty"`
}

// Branch sends a recognised reply to its own next step. A branch matches on
// an intent from the language's lexicon (yes, no, greeting, number) or on any
// of its keywords; Value is what the reply means for a Collect step.
type Branch struct {
	Intent   string   `json:"intent,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
	Value    string   `json:"value,omitempty"`
	Next     string   `json:"next"`
}

// Lexicon holds what the partner needs to understand and encourage a learner
// in one language, whatever the scenario.
type Lexicon struct {
	Language string `json:"language"`
	// Intent words and phrases, matched ignoring case, accents and punctuation.
	Yes            []string `json:"yes"`
	No             []string `json:"no"`
	Greeting       []string `json:"greeting"`
	DontUnderstand []string `json:"dont_understand"`
	AskTranslation []string `json:"ask_translation"`
	// NamePrefixes introduce a name ("me llamo", "soy"); stripped to find it.
	NamePrefixes []string `json:"name_prefixes"`
	// Numbers maps number words to their value ("dos": 2); digits always work.
	Numbers map[string]int `json:"numbers"`
	// Praise lines the partner uses when the learner's reply matched what
	// the step expected. They may say "Perfect!": only a matched reply gets
	// one.
	Praise []Line `json:"praise"`
	// Acknowledge lines take a reply that matched nothing ("I see."): they
	// never claim it was right, since the partner could not tell.
	Acknowledge []Line `json:"acknowledge"`
	// Slower introduces the simpler repeat ("Let me say it more slowly:").
	Slower Line `json:"slower"`
	// TranslationIntro introduces a translation ("In English:").
	TranslationIntro Line `json:"translation_intro"`
	// EmptyReply invites a shy learner to try ("Take your time...").
	EmptyReply Line `json:"empty_reply"`
	// Glossary gives the English meaning of the words and set phrases the
	// language's scripts use, as they appear there: the offline meaning of a
	// word a learner saves.
	Glossary []Gloss `json:"glossary"`
}

// Gloss is a word or short phrase in the target language and its meaning.
type Gloss struct {
	Word    string `json:"word"`
	Meaning string `json:"meaning"`
}

// Line is a sentence in the target language with its English translation.
type Line struct {
	Text        string `json:"text"`
	Translation string `json:"translation"`
}

// Intents the lexicon defines; a Branch may name the first four.
const (
	IntentYes            = "yes"
	IntentNo             = "no"
	IntentGreeting       = "greeting"
	IntentNumber         = "number"
	IntentDontUnderstand = "dont_understand"
	IntentAskTranslation = "ask_translation"
)

// Collected fields a Step may name.
var collectable = map[string]bool{"name": true, "goal": true, "comfort": true, "level": true}

// Library is every embedded script and lexicon, read and checked once, on
// first use: a run that only shows screens needing none of them (a new
// learner's welcome, or home with their own AI partner) never holds them,
// ~1.6 MB of the idle app.
type Library struct {
	fsys fs.FS
	once sync.Once
	all  *contents
	err  error
}

type contents struct {
	scripts  map[string]map[string]*Script // scenario → language → script
	lexicons map[string]*Lexicon
}

// Open gives the embedded library, read on first use.
func Open() *Library { return &Library{fsys: files} }

// Load gives the embedded library, read and validated now.
func Load() (*Library, error) {
	lib := Open()
	return lib, lib.Err()
}

// Err reads the library if that has not been done, and says why it failed.
// A library that failed has no scripts: the offline partner is unavailable.
func (l *Library) Err() error {
	l.read()
	return l.err
}

func (l *Library) read() *contents {
	l.once.Do(func() {
		if l.all, l.err = load(l.fsys); l.err != nil {
			l.all = &contents{}
		}
	})
	return l.all
}

func load(fsys fs.FS) (*contents, error) {
	lib := &contents{scripts: map[string]map[string]*Script{}, lexicons: map[string]*Lexicon{}}
	lexPaths, err := fs.Glob(fsys, "lexicon/*.json")
	if err != nil {
		return nil, err
	}
	for _, p := range lexPaths {
		var lx Lexicon
		if err := readJSON(fsys, p, &lx); err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(p), ".json"); lx.Language != want {
			return nil, fmt.Errorf("%s: language %q, want %q", p, lx.Language, want)
		}
		if err := lx.validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		lib.lexicons[lx.Language] = &lx
	}
	scriptPaths, err := fs.Glob(fsys, "scripts/*/*.json")
	if err != nil {
		return nil, err
	}
	for _, p := range scriptPaths {
		var s Script
		if err := readJSON(fsys, p, &s); err != nil {
			return nil, err
		}
		scenario, lang := path.Base(path.Dir(p)), strings.TrimSuffix(path.Base(p), ".json")
		if s.Scenario != scenario || s.Language != lang {
			return nil, fmt.Errorf("%s: names %s/%s, want %s/%s", p, s.Scenario, s.Language, scenario, lang)
		}
		if lib.lexicons[lang] == nil {
			return nil, fmt.Errorf("%s: no lexicon for %q", p, lang)
		}
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if lib.scripts[scenario] == nil {
			lib.scripts[scenario] = map[string]*Script{}
		}
		lib.scripts[scenario][lang] = &s
	}
	return lib, nil
}

func readJSON(fsys fs.FS, p string, v any) error {
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

// Script returns the script for a scenario in a language, or nil.
func (l *Library) Script(scenario, lang string) *Script { return l.read().scripts[scenario][lang] }

// Lexicon returns the lexicon of a language, or nil.
func (l *Library) Lexicon(lang string) *Lexicon { return l.read().lexicons[lang] }

// Languages lists the languages a scenario has a script in, sorted.
func (l *Library) Languages(scenario string) []string {
	var out []string
	for lang := range l.read().scripts[scenario] {
		out = append(out, lang)
	}
	sort.Strings(out)
	return out
}

// Step finds a step by id.
func (s *Script) Step(id string) *Step {
	for i := range s.Steps {
		if s.Steps[i].ID == id {
			return &s.Steps[i]
		}
	}
	return nil
}

func (s *Script) validate() error {
	if len(s.Steps) == 0 {
		return fmt.Errorf("no steps")
	}
	ids := map[string]bool{}
	for _, st := range s.Steps {
		if st.ID == "" || ids[st.ID] {
			return fmt.Errorf("step id %q empty or repeated", st.ID)
		}
		ids[st.ID] = true
	}
	if !ids[s.Start] {
		return fmt.Errorf("start %q is not a step", s.Start)
	}
	ends := 0
	for _, st := range s.Steps {
		where := "step " + st.ID
		for field, v := range map[string]string{"say": st.Say, "translation": st.Translation, "hint": st.Hint, "simpler": st.Simpler, "simpler_translation": st.SimplerTranslation} {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("%s: %s is missing", where, field)
			}
		}
		if st.Collect != "" && !collectable[st.Collect] {
			return fmt.Errorf("%s: cannot collect %q", where, st.Collect)
		}
		if st.End {
			ends++
			if st.Next != "" || len(st.Branches) > 0 {
				return fmt.Errorf("%s: an end step has no next", where)
			}
			continue
		}
		if !ids[st.Next] {
			return fmt.Errorf("%s: next %q is not a step", where, st.Next)
		}
		for i, b := range st.Branches {
			if !ids[b.Next] {
				return fmt.Errorf("%s branch %d: next %q is not a step", where, i, b.Next)
			}
			switch b.Intent {
			case "", IntentYes, IntentNo, IntentGreeting, IntentNumber:
			default:
				return fmt.Errorf("%s branch %d: unknown intent %q", where, i, b.Intent)
			}
			if b.Intent == "" && len(b.Keywords) == 0 {
				return fmt.Errorf("%s branch %d: needs an intent or keywords", where, i)
			}
			if st.Collect != "" && b.Value == "" && b.Intent != IntentNumber {
				return fmt.Errorf("%s branch %d: a collect step's branch needs a value", where, i)
			}
		}
	}
	if ends == 0 {
		return fmt.Errorf("no end step")
	}
	return s.checkReachesEnd()
}

// checkReachesEnd proves every step is reachable from the start and can reach
// an end, so no learner is ever stuck in a loop.
func (s *Script) checkReachesEnd() error {
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		st := s.Step(id)
		if st.Next != "" {
			walk(st.Next)
		}
		for _, b := range st.Branches {
			walk(b.Next)
		}
	}
	walk(s.Start)
	for _, st := range s.Steps {
		if !seen[st.ID] {
			return fmt.Errorf("step %s is unreachable from the start", st.ID)
		}
	}
	// Following Next alone from anywhere must end: the default path never loops.
	for _, st := range s.Steps {
		cur, hops := &st, 0
		for !cur.End {
			if hops++; hops > len(s.Steps) {
				return fmt.Errorf("following next from step %s never ends", st.ID)
			}
			cur = s.Step(cur.Next)
		}
	}
	return nil
}

func (lx *Lexicon) validate() error {
	lists := map[string][]string{"yes": lx.Yes, "no": lx.No, "greeting": lx.Greeting, "dont_understand": lx.DontUnderstand, "ask_translation": lx.AskTranslation, "name_prefixes": lx.NamePrefixes}
	for name, l := range lists {
		if len(l) == 0 {
			return fmt.Errorf("%s is empty", name)
		}
	}
	if len(lx.Numbers) < 10 {
		return fmt.Errorf("numbers: want at least one to ten")
	}
	if len(lx.Praise) < 3 {
		return fmt.Errorf("praise: want at least three lines")
	}
	if len(lx.Acknowledge) < 2 {
		return fmt.Errorf("acknowledge: want at least two lines")
	}
	for _, l := range lx.lines() {
		if strings.TrimSpace(l.Text) == "" || strings.TrimSpace(l.Translation) == "" {
			return fmt.Errorf("a line or its translation is missing")
		}
	}
	return nil
}

// lines are every line the lexicon says, each with its translation.
func (lx *Lexicon) lines() []Line {
	out := []Line{lx.Slower, lx.TranslationIntro, lx.EmptyReply}
	out = append(out, lx.Praise...)
	return append(out, lx.Acknowledge...)
}

// Scenarios lists the scenarios that have a script in a language, sorted.
func (l *Library) Scenarios(lang string) []string {
	out := []string{}
	for scenario, byLang := range l.read().scripts {
		if byLang[lang] != nil {
			out = append(out, scenario)
		}
	}
	sort.Strings(out)
	return out
}

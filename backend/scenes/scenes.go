// Package scenes is the scenes learners write themselves: a title, where it
// happens, who the partner is and what the learner wants to achieve, kept as
// scenarios owned by their profile. Only an AI partner can play one; with the
// offline partner alone, the closest built-in scenario it has stands in.
package scenes

import (
	"context"
	"errors"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"kaiwa/backend/conversation"
	"kaiwa/backend/errs"
	"kaiwa/backend/offline"
	"kaiwa/backend/store"
)

// Service keeps a learner's scenes.
type Service struct {
	Store   *store.Store
	Library *offline.Library
	// Learner returns the signed-in learner, whose scenes these are.
	Learner func(context.Context) (store.User, error)
	// AIPartner says whether an AI partner is set up to play a scene.
	AIPartner func(context.Context) bool
}

// Form is a scene as the learner writes it.
type Form struct {
	Title   string
	Where   string
	Partner string // who the partner is
	Goal    string // what the learner wants to achieve
	Level   string // beginner, elementary, intermediate, advanced
}

// Bounds on what a learner writes: room for a paragraph, not an essay.
const (
	maxTitle = 80
	maxText  = 400
)

var levels = []string{"beginner", "elementary", "intermediate", "advanced"}

// Own is a learner's scene with, when only the offline partner is there to
// play, the closest built-in scenario it has in the language.
type Own struct {
	Scene   store.Scenario
	Closest *store.Scenario
}

// List is the learner's scenes, and whether an AI partner can play them.
type List struct {
	Scenes []Own
	// NeedsAI is true when no AI partner is set up: the scenes cannot be
	// played until one is.
	NeedsAI bool
}

// Scenes lists the learner's scenes; lang is the language they practise,
// for the stand-in built-in scenario.
func (s *Service) Scenes(ctx context.Context, lang string) (List, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return List{}, err
	}
	own, err := s.Store.OwnScenarios(ctx, u.ID)
	if err != nil {
		return List{}, err
	}
	out := List{Scenes: []Own{}, NeedsAI: !s.AIPartner(ctx)}
	var builtIn []store.Scenario
	if out.NeedsAI && len(own) > 0 {
		if builtIn, err = s.offlineScenarios(ctx, lang); err != nil {
			return List{}, err
		}
	}
	for _, sc := range own {
		o := Own{Scene: sc}
		if out.NeedsAI {
			o.Closest = Closest(sc, builtIn)
		}
		out.Scenes = append(out.Scenes, o)
	}
	return out, nil
}

// offlineScenarios are the built-in practice scenarios the offline partner
// has in lang, in teaching order.
func (s *Service) offlineScenarios(ctx context.Context, lang string) ([]store.Scenario, error) {
	all, err := s.Store.Scenarios(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.Scenario
	for _, sc := range all {
		if sc.Category != "onboarding" && s.Library.Script(sc.ID, lang) != nil {
			out = append(out, sc)
		}
	}
	return out, nil
}

// Create keeps a new scene of the learner's.
func (s *Service) Create(ctx context.Context, f Form) (store.Scenario, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return store.Scenario{}, err
	}
	sc, err := check(f)
	if err != nil {
		return store.Scenario{}, err
	}
	sc.OwnerID = u.ID
	return s.Store.CreateOwnScenario(ctx, sc)
}

// Update changes one of the learner's scenes.
func (s *Service) Update(ctx context.Context, id string, f Form) (store.Scenario, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return store.Scenario{}, err
	}
	sc, err := check(f)
	if err != nil {
		return store.Scenario{}, err
	}
	sc.ID, sc.OwnerID = id, u.ID
	sc, err = s.Store.UpdateOwnScenario(ctx, sc)
	return sc, notFound(err)
}

// Delete deletes one of the learner's scenes; conversations held in it stay.
func (s *Service) Delete(ctx context.Context, id string) error {
	u, err := s.Learner(ctx)
	if err != nil {
		return err
	}
	return notFound(s.Store.DeleteOwnScenario(ctx, u.ID, id))
}

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errs.New(errs.NotFound, "That scene is not among yours any more. The list is up to date now.")
	}
	return err
}

// check turns a form into a scenario, or says what to fix. Text is kept as
// the learner wrote it (cleaned of control characters); the tutor prompt
// quotes it.
func check(f Form) (store.Scenario, error) {
	title, where, who, goal := conversation.Clean(f.Title), conversation.Clean(f.Where), conversation.Clean(f.Partner), conversation.Clean(f.Goal)
	switch {
	case title == "":
		return store.Scenario{}, errs.New(errs.Invalid, "Give the scene a title, for example “Calling my landlord about the heating”.")
	case who == "":
		return store.Scenario{}, errs.New(errs.Invalid, "Say who your partner is in this scene, for example “my landlord, a busy man”.")
	case goal == "":
		return store.Scenario{}, errs.New(errs.Invalid, "Say what you want to achieve in this scene, for example “get the heating fixed this week”.")
	case utf8.RuneCountInString(title) > maxTitle:
		return store.Scenario{}, errs.Errorf(errs.Invalid, "The title is %d characters long; keep it under %d.", utf8.RuneCountInString(title), maxTitle)
	}
	for _, t := range []struct{ name, text string }{{"“Where”", where}, {"“Who your partner is”", who}, {"“What you want to achieve”", goal}} {
		if n := utf8.RuneCountInString(t.text); n > maxText {
			return store.Scenario{}, errs.Errorf(errs.Invalid, "%s is %d characters long; keep it under %d.", t.name, n, maxText)
		}
	}
	level := strings.ToLower(strings.TrimSpace(f.Level))
	if level == "" {
		level = "beginner"
	}
	if !contains(levels, level) {
		return store.Scenario{}, errs.New(errs.Invalid, "Choose a level: beginner, elementary, intermediate or advanced.")
	}
	return store.Scenario{
		Title: title, Description: goal, Difficulty: level, Context: where, Instructions: who,
		ExpectedOutcome: goal,
	}, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Closest is the scenario among builtIn that shares the most words with a
// learner's scene (cosine of their word sets), or the first one when none
// shares any; nil when builtIn is empty.
func Closest(own store.Scenario, builtIn []store.Scenario) *store.Scenario {
	if len(builtIn) == 0 {
		return nil
	}
	mine := words(own.Title, own.Context, own.Instructions, own.ExpectedOutcome)
	best, bestScore := 0, 0.0
	for i, sc := range builtIn {
		theirs := words(append([]string{sc.Title, sc.Description, sc.Context, sc.Instructions, sc.ExpectedOutcome}, sc.LearningObjectives...)...)
		shared := 0
		for w := range mine {
			if theirs[w] {
				shared++
			}
		}
		if shared == 0 {
			continue
		}
		if score := float64(shared) / math.Sqrt(float64(len(mine)*len(theirs))); score > bestScore {
			best, bestScore = i, score
		}
	}
	sc := builtIn[best]
	return &sc
}

// words are a text's content words, lower case, crudely stemmed (a plural
// "s" and an "ing" go) so "ordering coffee" meets "order a coffee".
func words(texts ...string) map[string]bool {
	out := map[string]bool{}
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if utf8.RuneCountInString(w) < 3 || stop[w] {
				continue
			}
			w = strings.TrimSuffix(w, "ing")
			if len(w) > 3 {
				w = strings.TrimSuffix(w, "s")
			}
			out[w] = true
		}
	}
	return out
}

var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for with that this from have has had are was were will would can could their they them
		there then than what when where which who how your you about into very just also some more most much many like such only
		other learner partner scene play want wants need get got its his her him she our out not but all any one my me`) {
		stop[w] = true
	}
}

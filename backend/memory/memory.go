// Package memory is what Kai remembers about a learner between
// conversations: short facts they shared, kept per profile and language
// without duplicates, the most relevant few handed to the next
// conversation's tutor prompt, and the learner's say over all of it (see
// them, delete one or all, turn memory off).
package memory

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"kaiwa/backend/errs"
	"kaiwa/backend/feedback"
	"kaiwa/backend/store"
)

// MaxInPrompt bounds the facts a conversation starts with: enough for the
// partner to ask about the learner's week, few enough for a small model.
const MaxInPrompt = 10

// Sources of a fact.
const (
	FromConversation = "conversation"
	FromOnboarding   = "onboarding"
)

// Service keeps the facts.
type Service struct {
	Store *store.Store
	// Learner returns the signed-in learner, whose memory the page shows.
	Learner func(context.Context) (store.User, error)
}

// Page is what the "What Kai remembers" page shows.
type Page struct {
	On    bool
	Facts []store.Fact
}

// Get returns the signed-in learner's memory, every language.
func (s *Service) Get(ctx context.Context) (Page, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Page{}, err
	}
	on, err := s.Store.MemoryOn(ctx, u.ID)
	if err != nil {
		return Page{}, err
	}
	facts, err := s.Store.Facts(ctx, u.ID, "")
	return Page{On: on, Facts: facts}, err
}

// Forget deletes one fact for good: it never reaches a prompt again, and
// is not learned again either.
func (s *Service) Forget(ctx context.Context, id string) (Page, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Page{}, err
	}
	if err := s.Store.ForgetFact(ctx, u.ID, id); errors.Is(err, store.ErrNotFound) {
		return Page{}, errs.New(errs.NotFound, "Kai had already forgotten that. The list is up to date now.")
	} else if err != nil {
		return Page{}, err
	}
	return s.Get(ctx)
}

// ForgetAll deletes every fact, as Forget does.
func (s *Service) ForgetAll(ctx context.Context) (Page, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Page{}, err
	}
	if err := s.Store.ForgetFacts(ctx, u.ID); err != nil {
		return Page{}, err
	}
	return s.Get(ctx)
}

// SetOn turns memory on or off. Off, nothing new is learned and nothing
// kept reaches a prompt; what is kept stays, to delete or to use again.
func (s *Service) SetOn(ctx context.Context, on bool) (Page, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Page{}, err
	}
	if err := s.Store.SetMemory(ctx, u.ID, on); err != nil {
		return Page{}, err
	}
	return s.Get(ctx)
}

// On says whether memory is on for a learner.
func (s *Service) On(ctx context.Context, userID string) bool {
	on, err := s.Store.MemoryOn(ctx, userID)
	return err == nil && on
}

// Remember keeps facts a learner shared in a language (when their memory is
// on): cleaned, and each said once, however often and however worded
// (see Key). It says how many are new.
func (s *Service) Remember(ctx context.Context, userID, lang, source string, facts []string) (int, error) {
	if !s.On(ctx, userID) {
		return 0, nil
	}
	var keep []store.NewFact
	seen := map[string]bool{}
	for _, f := range facts {
		text := feedback.Fact(f)
		key := Key(text)
		if text == "" || key == "" || seen[key] {
			continue
		}
		seen[key] = true
		keep = append(keep, store.NewFact{Text: text, Key: key})
	}
	if len(keep) == 0 {
		return 0, nil
	}
	return s.Store.RememberFacts(ctx, userID, lang, source, keep)
}

// Recall returns the facts for a conversation's tutor prompt: none when
// memory is off, else at most MaxInPrompt, the most relevant to the scene
// first (see Select).
func (s *Service) Recall(ctx context.Context, userID, lang, scene string) ([]string, error) {
	if !s.On(ctx, userID) {
		return nil, nil
	}
	facts, err := s.Store.Facts(ctx, userID, lang)
	if err != nil {
		return nil, err
	}
	return Select(facts, scene, MaxInPrompt), nil
}

// Select picks at most max facts for a scene: those sharing words with the
// scene's text first, then those mentioned in more sessions, then the most
// recent (facts come newest first).
func Select(facts []store.Fact, scene string, max int) []string {
	sceneWords := words(scene)
	type scored struct {
		text           string
		overlap, order int
		mentions       int
	}
	all := make([]scored, 0, len(facts))
	for i, f := range facts {
		n := 0
		for w := range words(f.Text) {
			if sceneWords[w] {
				n++
			}
		}
		all = append(all, scored{f.Text, n, i, f.Mentions})
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.overlap, a.overlap), cmp.Compare(b.mentions, a.mentions), cmp.Compare(a.order, b.order))
	})
	out := []string{}
	for _, f := range all[:min(max, len(all))] {
		out = append(out, f.text)
	}
	return out
}

// Collected is the fact an onboarding answer makes: the name, goal and level
// the offline partner (or the AI partner's onboarding) collected. "" for
// anything else.
func Collected(field, value string) string {
	switch field {
	case "name":
		if value = strings.TrimSpace(value); value != "" {
			return "is called " + value
		}
	case "goal":
		return map[string]string{
			"casual":         "learns for fun and travel",
			"conversational": "learns to have real conversations with people",
			"fluent":         "wants to become fluent",
		}[value]
	case "level":
		if slices.Contains([]string{"beginner", "elementary", "intermediate", "advanced"}, value) {
			return "says their level is " + value
		}
	}
	return ""
}

// Normal is a fact reduced to what it says: Unicode-normalised, lower case,
// punctuation gone, and the subject a model may or may not write ("The
// learner has…", "They have…", "has…") dropped, so these are one fact.
func Normal(text string) string {
	text = strings.ToLower(norm.NFKC.String(text))
	fields := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r) })
	for _, subject := range [][]string{{"the", "learner"}, {"the", "user"}, {"learner"}, {"user"}, {"they"}, {"he"}, {"she"}, {"i"}} {
		if len(fields) > len(subject) && slices.Equal(fields[:len(subject)], subject) {
			fields = fields[len(subject):]
			break
		}
	}
	if len(fields) > 0 {
		// "They have" and "has", "they are" and "is": one verb form.
		if v, ok := map[string]string{"have": "has", "are": "is", "am": "is", "were": "was"}[fields[0]]; ok {
			fields[0] = v
		}
	}
	return strings.Join(fields, " ")
}

// Key is the key two facts that say the same share (a hash of Normal, so
// a deleted fact's key keeps nothing of what it said); "" for an empty fact.
func Key(text string) string {
	n := Normal(text)
	if n == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(n))
	return hex.EncodeToString(sum[:16])
}

// stop words carry no topic: matching on them would call every fact relevant.
var stop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the and for with that this from have has had are was were will would can could
		their they them there then than what when where which who whom how your you about into over under very just
		also some more most much many like such only other learner partner scene play plays playing says said
		wants want asks ask is be been being its it his her him she he our out not but all any one two`) {
		stop[w] = true
	}
}

// words are the content words of a text, for relevance: three letters or
// more, lower case, no stop words.
func words(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		if len([]rune(w)) >= 3 && !stop[w] {
			out[w] = true
		}
	}
	return out
}

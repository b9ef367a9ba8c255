// Package vocabulary is the learner's word cards: saving a word met in a
// conversation (one card per word, however it is written), the cards due
// now, rating a card with FSRS, and the figures the progress page shows.
package vocabulary

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"golang.org/x/text/unicode/norm"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/feedback"
	"kaiwa/backend/store"
)

// KnownStability is how stable (in days) a card must be for its word to
// count as known.
const KnownStability = 21

// DefaultRetention is the chance of remembering a word when it comes back
// that FSRS schedules for, until the learner chooses another.
const DefaultRetention = 0.9

// Service keeps the signed-in learner's vocabulary.
type Service struct {
	Store   *store.Store
	Learner func(context.Context) (store.User, error)
	Clock   clock.Clock // the learner's clock, in their time zone
}

// Word is a word or phrase to save, with what is known of it.
type Word struct {
	Language, Word, Reading, Meaning, Example string
	MessageID                                 string // the line it came from, if any
}

// Card is a saved word and when it comes back.
type Card struct {
	ID, Language, Word, Reading, Meaning, Example, MessageID string
	Due                                                      time.Time
	Reps                                                     int
	Stability                                                float64
	Sentence                                                 string // the line it came from, "" when none
}

// Rating is how well the learner remembered: 1 Again, 2 Hard, 3 Good, 4 Easy.
type Rating int

// Save adds a word to the learner's vocabulary, due now, or returns the card
// they already have for it (with a missing reading, meaning or example
// filled in).
func (s *Service) Save(ctx context.Context, w Word) (Card, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Card{}, err
	}
	w.Word = strings.Join(strings.Fields(w.Word), " ")
	key := Normalize(w.Word)
	if key == "" {
		return Card{}, errs.New(errs.Invalid, "Choose a word to save.")
	}
	if len([]rune(w.Word)) > 100 {
		return Card{}, errs.New(errs.Invalid, "That is too long to save as a word. Choose a word or a short phrase.")
	}
	if w.Language == "" {
		return Card{}, errs.New(errs.Invalid, "Kaiwa could not tell which language the word is in.")
	}
	c, err := s.Store.SaveWord(ctx, store.VocabularyCard{ID: uuid.NewString(), UserID: u.ID, Language: w.Language,
		Word: w.Word, Normalized: key, Reading: strings.TrimSpace(w.Reading), Meaning: strings.TrimSpace(w.Meaning),
		Example: strings.TrimSpace(w.Example), MessageID: w.MessageID, Due: s.Clock.Now()})
	return cardOf(c), err
}

// Due lists the learner's cards due now, soonest first, at most limit.
func (s *Service) Due(ctx context.Context, limit int) ([]Card, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	cs, err := s.Store.DueWords(ctx, u.ID, s.Clock.Now(), limit)
	out := make([]Card, len(cs))
	for i, c := range cs {
		out[i] = cardOf(c)
	}
	return out, err
}

// Rate schedules a card by how well the learner remembered it, and logs the
// review.
func (s *Service) Rate(ctx context.Context, cardID string, r Rating) (Card, error) {
	if r < 1 || r > 4 {
		return Card{}, errs.New(errs.Invalid, "Rate the card Again, Hard, Good or Easy.")
	}
	u, err := s.Learner(ctx)
	if err != nil {
		return Card{}, err
	}
	c, err := s.Store.VocabularyCard(ctx, u.ID, cardID)
	if errors.Is(err, store.ErrNotFound) {
		return Card{}, errs.New(errs.NotFound, "That word is no longer in your vocabulary.")
	}
	if err != nil {
		return Card{}, err
	}
	now := s.Clock.Now()
	retention, err := s.Store.DesiredRetention(ctx, u.ID)
	if err != nil {
		return Card{}, err
	}
	next := scheduler(retention).Next(fsrsCard(c), now, fsrs.Rating(r))
	c = withFSRS(c, next.Card)
	err = s.Store.RecordReview(ctx, c, store.VocabularyReview{CardID: c.ID, Rating: int(r), State: int(next.ReviewLog.State),
		Due: c.Due, Stability: c.Stability, Difficulty: c.Difficulty, ElapsedDays: c.ElapsedDays,
		ScheduledDays: c.ScheduledDays, ReviewedAt: now})
	return cardOf(c), err
}

// scheduler is FSRS asking for the learner's desired retention (their
// preference; DefaultRetention when it is out of range).
func scheduler(retention float64) *fsrs.FSRS {
	p := fsrs.DefaultParam()
	p.RequestRetention = DefaultRetention
	if retention > 0 && retention < 1 {
		p.RequestRetention = retention
	}
	return fsrs.NewFSRS(p)
}

func fsrsCard(c store.VocabularyCard) fsrs.Card {
	return fsrs.Card{Due: c.Due, Stability: c.Stability, Difficulty: c.Difficulty, ElapsedDays: c.ElapsedDays,
		ScheduledDays: c.ScheduledDays, Reps: c.Reps, Lapses: c.Lapses, State: fsrs.State(c.State), LastReview: c.LastReview}
}

func withFSRS(c store.VocabularyCard, f fsrs.Card) store.VocabularyCard {
	c.Due, c.Stability, c.Difficulty, c.ElapsedDays, c.ScheduledDays = f.Due, f.Stability, f.Difficulty, f.ElapsedDays, f.ScheduledDays
	c.Reps, c.Lapses, c.State, c.LastReview = f.Reps, f.Lapses, int(f.State), f.LastReview
	return c
}

func cardOf(c store.VocabularyCard) Card {
	return Card{ID: c.ID, Language: c.Language, Word: c.Word, Reading: c.Reading, Meaning: c.Meaning,
		Example: c.Example, MessageID: c.MessageID, Due: c.Due, Reps: int(c.Reps), Stability: c.Stability,
		Sentence: c.Sentence}
}

// Normalize is the key that makes differently written forms of a word one
// card: compatibility forms folded (full-width Latin, half-width kana), case
// folded, katakana as hiragana, spaces collapsed.
func Normalize(word string) string {
	s := strings.ToLower(norm.NFKC.String(word))
	s = strings.Map(func(r rune) rune {
		if r >= 'ァ' && r <= 'ヶ' {
			return r - ('ァ' - 'ぁ')
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// DayCount is how many reviews a local calendar day had.
type DayCount struct {
	Day     string // YYYY-MM-DD in the learner's time zone
	Reviews int
}

// Stats is what the learner's vocabulary looks like today.
type Stats struct {
	DueNow, DueToday int
	Known            int        // words whose stability is at least KnownStability days
	ReviewsPerDay    []DayCount // the last 30 days, oldest first, today last
}

// Stats counts the learner's due cards, known words and recent reviews.
func (s *Service) Stats(ctx context.Context) (Stats, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Stats{}, err
	}
	now := s.Clock.Now()
	y, m, d := now.Date()
	tomorrow := time.Date(y, m, d+1, 0, 0, 0, 0, now.Location())
	first := time.Date(y, m, d-29, 0, 0, 0, 0, now.Location())
	var st Stats
	if st.DueNow, err = s.Store.CountDueWords(ctx, u.ID, now); err != nil {
		return st, err
	}
	if st.DueToday, err = s.Store.CountDueWords(ctx, u.ID, tomorrow.Add(-time.Nanosecond)); err != nil {
		return st, err
	}
	if st.Known, err = s.Store.CountKnownWords(ctx, u.ID, KnownStability); err != nil {
		return st, err
	}
	times, err := s.Store.ReviewTimes(ctx, u.ID, first)
	if err != nil {
		return st, err
	}
	perDay := map[string]int{}
	for _, t := range times {
		perDay[t.In(now.Location()).Format(time.DateOnly)]++
	}
	for i := range 30 {
		day := time.Date(y, m, d-29+i, 0, 0, 0, 0, now.Location()).Format(time.DateOnly)
		st.ReviewsPerDay = append(st.ReviewsPerDay, DayCount{Day: day, Reviews: perDay[day]})
	}
	return st, nil
}

// SaveCorrectionWords saves the new words of a correction of the learner's
// line messageID, each with the corrected sentence as its example; a word
// already saved stays one card. It tries every word and returns the
// failures together.
func (s *Service) SaveCorrectionWords(ctx context.Context, language, messageID string, c feedback.Correction) error {
	var failed []error
	for _, w := range c.NewWords {
		if _, err := s.Save(ctx, Word{Language: language, Word: w.Word, Reading: w.Reading, Meaning: w.Meaning,
			Example: c.Corrected, MessageID: messageID}); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

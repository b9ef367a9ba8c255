// Package preferences is the learner's own settings: what they practise, at
// what level, with which voice, how much a day, and in which theme.
package preferences

import (
	"context"
	"errors"
	"slices"

	"kaiwa/backend/errs"
	"kaiwa/backend/reading"
	"kaiwa/backend/store"
)

// The desired retention of saved words: the chance of remembering a word
// when it comes back for review. Higher asks for more reviews.
const (
	MinRetention = 0.70
	MaxRetention = 0.97
)

// Service keeps the learner's preferences.
type Service struct {
	Store   *store.Store
	Learner func(context.Context) (store.User, error)
	// AdvancedVoices, when set, says whether the learner's plan includes
	// the advanced voices.
	AdvancedVoices func(ctx context.Context, userID string) bool
}

// Get returns the signed-in learner's preferences.
func (s *Service) Get(ctx context.Context) (store.Preferences, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return store.Preferences{}, err
	}
	return s.Store.Preferences(ctx, u.ID)
}

// Save checks and stores the preferences; anything invalid changes nothing.
func (s *Service) Save(ctx context.Context, p store.Preferences) (store.Preferences, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return p, err
	}
	if err := s.check(ctx, u.ID, p); err != nil {
		return p, err
	}
	if err := s.Store.SavePreferences(ctx, u.ID, p); err != nil {
		return p, err
	}
	return s.Store.Preferences(ctx, u.ID)
}

func (s *Service) check(ctx context.Context, userID string, p store.Preferences) error {
	for what, code := range map[string]string{"the language you practise": p.TargetLanguage, "your own language": p.NativeLanguage} {
		_, err := s.Store.Language(ctx, code)
		if errors.Is(err, store.ErrNotFound) {
			return errs.Errorf(errs.Invalid, "Choose %s from the list.", what)
		} else if err != nil {
			return err
		}
	}
	if !store.ValidGoal(p.Goal) {
		return errs.New(errs.Invalid, "Choose a goal from the list: casual, conversational or fluent.")
	}
	if !store.ValidLevel(p.Level) {
		return errs.New(errs.Invalid, "Choose a level from the list.")
	}
	if p.DailyGoalMinutes < 1 || p.DailyGoalMinutes > 240 {
		return errs.Errorf(errs.Invalid, "A daily goal is between 1 and 240 minutes, not %d.", p.DailyGoalMinutes)
	}
	if !store.ValidTheme(p.Theme) {
		return errs.New(errs.Invalid, "Choose a light, dark or automatic theme.")
	}
	if p.PreferredVoice != "" {
		voices, err := s.Store.Speakers(ctx, p.TargetLanguage)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(voices, func(v store.Speaker) bool { return v.ID == p.PreferredVoice })
		if i < 0 {
			return errs.New(errs.Invalid, "That voice does not speak the language you practise; choose one of its voices.")
		}
		if voices[i].IsAdvanced && s.AdvancedVoices != nil && !s.AdvancedVoices(ctx, userID) {
			return errs.New(errs.Invalid, "Advanced voices come with the Pro and Premium plans. Choose a standard voice, or see Plans.")
		}
	}
	if p.SpeechSpeed < 0.5 || p.SpeechSpeed > 1.5 {
		return errs.Errorf(errs.Invalid, "A speech speed is between 0.5× and 1.5×, not %g×.", p.SpeechSpeed)
	}
	if p.DesiredRetention < MinRetention || p.DesiredRetention > MaxRetention {
		return errs.Errorf(errs.Invalid, "Choose how well to remember your words between %.0f%% and %.0f%%, not %.0f%%.",
			MinRetention*100, MaxRetention*100, p.DesiredRetention*100)
	}
	return nil
}

// SetReadingAid turns readings on or off for the learner's lines in lang.
func (s *Service) SetReadingAid(ctx context.Context, lang string, on bool) (store.Preferences, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return store.Preferences{}, err
	}
	if !reading.Supported(lang) {
		return store.Preferences{}, errs.Errorf(errs.Invalid, "Kaiwa has no reading aid for %q.", lang)
	}
	if err := s.Store.SetReadingAid(ctx, u.ID, lang, on); err != nil {
		return store.Preferences{}, err
	}
	return s.Store.Preferences(ctx, u.ID)
}

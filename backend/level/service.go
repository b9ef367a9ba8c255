package level

import (
	"context"
	"errors"

	"kaiwa/backend/errs"
	"kaiwa/backend/store"
)

// Service keeps the learners' levels in the store (user_learning_stats).
type Service struct {
	Store *store.Store
	// Learner returns the signed-in learner.
	Learner func(context.Context) (store.User, error)
}

// Of returns a learner's level in a language: the one kept, or the start
// (from the level they declared, for the language they practise).
func (s *Service) Of(ctx context.Context, u store.User, lang string) (Estimate, error) {
	row, err := s.Store.LearningStats(ctx, u.ID, lang)
	if errors.Is(err, store.ErrNotFound) {
		return s.start(u, lang), nil
	}
	if err != nil {
		return Estimate{}, err
	}
	return estimateOf(row), nil
}

func (s *Service) start(u store.User, lang string) Estimate {
	if lang == u.TargetLanguage {
		return Start(u.Level)
	}
	return Start("")
}

// Record counts a finished session in a learner's level. A conversation
// already counted is not counted again.
func (s *Service) Record(ctx context.Context, u store.User, lang, conversationID string, sess Session) (Estimate, error) {
	if _, _, ok := Evidence(sess); !ok {
		return s.Of(ctx, u, lang)
	}
	row, err := s.Store.UpdateLearningStats(ctx, u.ID, lang, func(old store.LearningStats, found bool) (store.LearningStats, bool) {
		e := s.start(u, lang)
		if found {
			if old.LastConversationID == conversationID {
				return old, false
			}
			e = estimateOf(old)
		}
		row := rowOf(Update(e, sess))
		row.LastConversationID = conversationID
		return row, true
	})
	if err != nil {
		return Estimate{}, err
	}
	return estimateOf(row), nil
}

// Levels lists the signed-in learner's levels: every language Kaiwa has
// one for, and the language they practise (its start when none yet),
// that one first.
func (s *Service) Levels(ctx context.Context) ([]Language, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.Store.LearningStatsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := []Language{}
	if u.TargetLanguage != "" {
		e, err := s.Of(ctx, u, u.TargetLanguage)
		if err != nil {
			return nil, err
		}
		out = append(out, Language{Code: u.TargetLanguage, Estimate: e})
	}
	for _, r := range rows {
		if r.Language != u.TargetLanguage {
			out = append(out, Language{Code: r.Language, Estimate: estimateOf(r)})
		}
	}
	return out, nil
}

// Language is a learner's level in one language.
type Language struct {
	Code string
	Estimate
}

// Choose sets the signed-in learner's own level in a language; "" hands it
// back to Kaiwa's estimate.
func (s *Service) Choose(ctx context.Context, lang, chosen string) (Language, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return Language{}, err
	}
	if _, err := s.Store.Language(ctx, lang); errors.Is(err, store.ErrNotFound) {
		return Language{}, errs.Errorf(errs.Invalid, "Kaiwa does not teach %q yet. Choose a language from the list.", lang)
	} else if err != nil {
		return Language{}, err
	}
	if chosen != "" && index(chosen) < 0 {
		return Language{}, errs.Errorf(errs.Invalid, "%q is not a level. Choose one of A1, A2, B1, B2, C1 or C2.", chosen)
	}
	row, err := s.Store.UpdateLearningStats(ctx, u.ID, lang, func(old store.LearningStats, found bool) (store.LearningStats, bool) {
		e := s.start(u, lang)
		if found {
			e = estimateOf(old)
		}
		e, _ = Choose(e, chosen)
		row := rowOf(e)
		row.LastConversationID = old.LastConversationID
		return row, true
	})
	if err != nil {
		return Language{}, err
	}
	return Language{Code: lang, Estimate: estimateOf(row)}, nil
}

func estimateOf(r store.LearningStats) Estimate {
	return Estimate{Level: r.Level, Position: r.Position, Confidence: r.Confidence, Chosen: r.ChosenLevel,
		Sessions: r.Sessions, Why: r.Why, Change: r.Change,
		Signals: Signals{WordsPerTurn: r.WordsPerTurn, CorrectionRate: r.CorrectionRate, MatchedShare: r.MatchedShare,
			HelpShare: r.HelpShare, EnglishShare: r.EnglishShare}}
}

func rowOf(e Estimate) store.LearningStats {
	return store.LearningStats{Level: e.Level, Position: e.Position, Confidence: e.Confidence, ChosenLevel: e.Chosen,
		Sessions: e.Sessions, Why: e.Why, Change: e.Change,
		WordsPerTurn: e.Signals.WordsPerTurn, CorrectionRate: e.Signals.CorrectionRate, MatchedShare: e.Signals.MatchedShare,
		HelpShare: e.Signals.HelpShare, EnglishShare: e.Signals.EnglishShare}
}

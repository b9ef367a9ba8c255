package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// A learner's level per language (migration 13): Kaiwa's estimate, the
// learner's own choice and the smoothed signals behind the estimate. How
// the estimate moves is backend/level's.

// LearningStats is one learner's level in one language.
type LearningStats struct {
	UserID, Language string
	// Level is Kaiwa's estimate (A1…C2), Position the smoothed value it
	// rounds from (0 = A1 … 5 = C2), Confidence 0 to 1.
	Level      string
	Position   float64
	Confidence float64
	// ChosenLevel is the learner's own choice, "" to follow the estimate.
	ChosenLevel string
	Sessions    int
	// The smoothed signals; nil until a session showed one.
	WordsPerTurn, CorrectionRate, MatchedShare, HelpShare, EnglishShare *float64
	// Why and Change are what the last session did to the estimate.
	Why                []string
	Change             string
	LastConversationID string
	UpdatedAt          string
}

const learningStatsColumns = `user_id, language, level, position, confidence, ifnull(chosen_level, ''), sessions,
	words_per_turn, correction_rate, matched_share, help_share, english_share, why, change,
	ifnull(last_conversation_id, ''), updated_at`

func scanLearningStats(row interface{ Scan(...any) error }) (LearningStats, error) {
	var l LearningStats
	var signals [5]sql.NullFloat64
	var why string
	err := row.Scan(&l.UserID, &l.Language, &l.Level, &l.Position, &l.Confidence, &l.ChosenLevel, &l.Sessions,
		&signals[0], &signals[1], &signals[2], &signals[3], &signals[4], &why, &l.Change, &l.LastConversationID, &l.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, err
	}
	for i, p := range []**float64{&l.WordsPerTurn, &l.CorrectionRate, &l.MatchedShare, &l.HelpShare, &l.EnglishShare} {
		if signals[i].Valid {
			v := signals[i].Float64
			*p = &v
		}
	}
	if json.Unmarshal([]byte(why), &l.Why) != nil || l.Why == nil {
		l.Why = []string{}
	}
	return l, nil
}

// LearningStats returns a learner's level in a language, or ErrNotFound
// when Kaiwa has none yet.
func (s *Store) LearningStats(ctx context.Context, userID, lang string) (LearningStats, error) {
	return scanLearningStats(s.DB.QueryRowContext(ctx, `SELECT `+learningStatsColumns+`
		FROM user_learning_stats WHERE user_id = ? AND language = ?`, userID, lang))
}

// LearningStatsOf lists a learner's levels, most recently changed first.
func (s *Store) LearningStatsOf(ctx context.Context, userID string) ([]LearningStats, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+learningStatsColumns+`
		FROM user_learning_stats WHERE user_id = ? ORDER BY updated_at DESC, language`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []LearningStats{}
	for rows.Next() {
		l, err := scanLearningStats(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// UpdateLearningStats changes a learner's level in a language in one
// transaction: change gets the row as it is (found false: none yet) and
// returns the row to write, or false to write nothing. Two updates of one
// row never interleave, so a session counted once stays counted once.
func (s *Store) UpdateLearningStats(ctx context.Context, userID, lang string,
	change func(old LearningStats, found bool) (LearningStats, bool)) (LearningStats, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return LearningStats{}, err
	}
	defer tx.Rollback()
	old, err := scanLearningStats(tx.QueryRowContext(ctx, `SELECT `+learningStatsColumns+`
		FROM user_learning_stats WHERE user_id = ? AND language = ?`, userID, lang))
	found := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return LearningStats{}, err
	}
	l, write := change(old, found)
	if !write {
		return old, nil
	}
	why, _ := json.Marshal(l.Why)
	if l.Why == nil {
		why = []byte("[]")
	}
	l.UserID, l.Language, l.UpdatedAt = userID, lang, stamp(s.now())
	_, err = tx.ExecContext(ctx, `INSERT INTO user_learning_stats (user_id, language, level, position, confidence,
		chosen_level, sessions, words_per_turn, correction_rate, matched_share, help_share, english_share, why, change,
		last_conversation_id, updated_at)
		VALUES (?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?)
		ON CONFLICT (user_id, language) DO UPDATE SET level = excluded.level, position = excluded.position,
		confidence = excluded.confidence, chosen_level = excluded.chosen_level, sessions = excluded.sessions,
		words_per_turn = excluded.words_per_turn, correction_rate = excluded.correction_rate,
		matched_share = excluded.matched_share, help_share = excluded.help_share, english_share = excluded.english_share,
		why = excluded.why, change = excluded.change, last_conversation_id = excluded.last_conversation_id,
		updated_at = excluded.updated_at`,
		userID, lang, l.Level, l.Position, l.Confidence, l.ChosenLevel, l.Sessions,
		l.WordsPerTurn, l.CorrectionRate, l.MatchedShare, l.HelpShare, l.EnglishShare, string(why), l.Change,
		l.LastConversationID, l.UpdatedAt)
	if err != nil {
		return LearningStats{}, err
	}
	return l, tx.Commit()
}

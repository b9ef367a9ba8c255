package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// The learner's vocabulary (migration 10): one card per word in a language,
// keyed by its normalized form, carrying its FSRS state, and the log of its
// reviews. Scheduling itself is backend/vocabulary's.

// VocabularyCard is a saved word with its FSRS state.
type VocabularyCard struct {
	ID, UserID, Language       string
	Word, Normalized           string
	Reading, Meaning, Example  string
	MessageID                  string // the line it came from; "" when none or deleted
	Sentence                   string // that line's content, "" when none
	Due                        time.Time
	Stability, Difficulty      float64
	ElapsedDays, ScheduledDays uint64
	Reps, Lapses               uint64
	State                      int
	LastReview                 time.Time // zero before the first review
	CreatedAt                  time.Time
}

// VocabularyReview is one rating of a card: the card's state before it, and
// what the rating scheduled.
type VocabularyReview struct {
	CardID                     string
	Rating, State              int
	Due                        time.Time
	Stability, Difficulty      float64
	ElapsedDays, ScheduledDays uint64
	ReviewedAt                 time.Time
}

const vocabularyColumns = `id, user_id, language, word, normalized, reading, meaning, example, ifnull(message_id, ''),
	due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, state, ifnull(last_review, ''), created_at,
	ifnull((SELECT m.content FROM messages m WHERE m.id = vocabulary_progress.message_id), '')`

func scanVocabularyCard(row interface{ Scan(...any) error }) (VocabularyCard, error) {
	var c VocabularyCard
	var due, last, created string
	err := row.Scan(&c.ID, &c.UserID, &c.Language, &c.Word, &c.Normalized, &c.Reading, &c.Meaning, &c.Example, &c.MessageID,
		&due, &c.Stability, &c.Difficulty, &c.ElapsedDays, &c.ScheduledDays, &c.Reps, &c.Lapses, &c.State, &last, &created, &c.Sentence)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	c.Due, _ = time.Parse(time.RFC3339Nano, due)
	c.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	if last != "" {
		c.LastReview, _ = time.Parse(time.RFC3339Nano, last)
	}
	return c, nil
}

// SaveWord adds a card due at its Due time, or, when the learner already has
// the word (same language and normalized form), returns that card with the
// reading, meaning, example and line it lacked filled in: a word is never
// two cards and saving it again never resets its schedule. A MessageID that
// is not one of the learner's lines is left out.
func (s *Store) SaveWord(ctx context.Context, c VocabularyCard) (VocabularyCard, error) {
	now := stamp(s.now())
	return scanVocabularyCard(s.DB.QueryRowContext(ctx, `INSERT INTO vocabulary_progress
		(id, user_id, language, word, normalized, reading, meaning, example, message_id, due, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?,
			(SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ? AND c.user_id = ?),
			?, ?, ?)
		ON CONFLICT (user_id, language, normalized) DO UPDATE SET
			reading = CASE WHEN reading = '' THEN excluded.reading ELSE reading END,
			meaning = CASE WHEN meaning = '' THEN excluded.meaning ELSE meaning END,
			example = CASE WHEN example = '' THEN excluded.example ELSE example END,
			message_id = ifnull(message_id, excluded.message_id),
			updated_at = excluded.updated_at
		RETURNING `+vocabularyColumns,
		c.ID, c.UserID, c.Language, c.Word, c.Normalized, c.Reading, c.Meaning, c.Example, c.MessageID, c.UserID,
		stamp(c.Due), now, now))
}

// VocabularyCard returns one of a learner's cards, or ErrNotFound.
func (s *Store) VocabularyCard(ctx context.Context, userID, id string) (VocabularyCard, error) {
	return scanVocabularyCard(s.DB.QueryRowContext(ctx, `SELECT `+vocabularyColumns+`
		FROM vocabulary_progress WHERE id = ? AND user_id = ?`, id, userID))
}

// DueWords lists a learner's cards due at or before a time, soonest first,
// at most limit of them.
func (s *Store) DueWords(ctx context.Context, userID string, at time.Time, limit int) ([]VocabularyCard, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+vocabularyColumns+`
		FROM vocabulary_progress WHERE user_id = ? AND due <= ? ORDER BY due, id LIMIT ?`, userID, stamp(at), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []VocabularyCard{}
	for rows.Next() {
		c, err := scanVocabularyCard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountDueWords counts a learner's cards due at or before a time.
func (s *Store) CountDueWords(ctx context.Context, userID string, at time.Time) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM vocabulary_progress WHERE user_id = ? AND due <= ?`,
		userID, stamp(at)).Scan(&n)
	return n, err
}

// CountKnownWords counts a learner's cards whose stability is at least
// minStability days.
func (s *Store) CountKnownWords(ctx context.Context, userID string, minStability float64) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM vocabulary_progress WHERE user_id = ? AND stability >= ?`,
		userID, minStability).Scan(&n)
	return n, err
}

// ReviewTimes lists when a learner reviewed any card since a time, oldest
// first.
func (s *Store) ReviewTimes(ctx context.Context, userID string, since time.Time) ([]time.Time, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.reviewed_at FROM vocabulary_reviews r
		JOIN vocabulary_progress v ON v.id = r.card_id
		WHERE v.user_id = ? AND r.reviewed_at >= ? ORDER BY r.reviewed_at`, userID, stamp(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []time.Time{}
	for rows.Next() {
		var at string
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RecordReview keeps a card's new FSRS state and logs the review, together.
func (s *Store) RecordReview(ctx context.Context, c VocabularyCard, r VocabularyReview) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var last any
	if !c.LastReview.IsZero() {
		last = stamp(c.LastReview)
	}
	res, err := tx.ExecContext(ctx, `UPDATE vocabulary_progress SET due = ?, stability = ?, difficulty = ?,
		elapsed_days = ?, scheduled_days = ?, reps = ?, lapses = ?, state = ?, last_review = ?, updated_at = ?
		WHERE id = ? AND user_id = ?`,
		stamp(c.Due), c.Stability, c.Difficulty, c.ElapsedDays, c.ScheduledDays, c.Reps, c.Lapses, c.State, last,
		stamp(s.now()), c.ID, c.UserID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vocabulary_reviews
		(card_id, rating, state, due, stability, difficulty, elapsed_days, scheduled_days, reviewed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, r.Rating, r.State, stamp(r.Due), r.Stability, r.Difficulty, r.ElapsedDays, r.ScheduledDays,
		stamp(r.ReviewedAt)); err != nil {
		return err
	}
	return tx.Commit()
}

// WordForExport is a card with the audio of the line it came from, relative
// to the data folder ("": none).
type WordForExport struct {
	VocabularyCard
	AudioRef string
}

// withExtra scans a row's vocabulary columns and then its extra ones.
type withExtra struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }

// WordsForExport lists all of a learner's cards, oldest first, each with its
// line's audio.
func (s *Store) WordsForExport(ctx context.Context, userID string) ([]WordForExport, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+vocabularyColumns+`,
		ifnull((SELECT m.audio_ref FROM messages m WHERE m.id = vocabulary_progress.message_id), '')
		FROM vocabulary_progress WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []WordForExport{}
	for rows.Next() {
		var w WordForExport
		if w.VocabularyCard, err = scanVocabularyCard(withExtra{rows, []any{&w.AudioRef}}); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

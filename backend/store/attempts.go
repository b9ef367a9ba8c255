package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/google/uuid"
)

// Scenario attempts (migration 13): every run of a scenario, how it ended,
// and what to work on next time.

// Attempt statuses.
const (
	AttemptStarted   = "started"
	AttemptFinished  = "finished"
	AttemptAbandoned = "abandoned"
)

// Attempt is one run of a scenario by a learner.
type Attempt struct {
	ID, UserID, ScenarioID, ConversationID, Language string
	Status                                           string
	Turns, Corrections, ComfortRating                int
	Level                                            string // the level in use when it started
	Focus                                            []string
	RetryOf                                          string
	StartedAt, EndedAt                               string
}

// NewAttempt is what starting an attempt needs; RetryOf is the attempt
// whose focus it practises, "" for a plain start.
type NewAttempt struct {
	UserID, ScenarioID, ConversationID, Language, Level, RetryOf string
}

const attemptColumns = `id, user_id, scenario_id, conversation_id, language, status, turns, corrections,
	ifnull(comfort_rating, 0), ifnull(level, ''), focus, ifnull(retry_of, ''), started_at, ifnull(ended_at, '')`

func scanAttempt(row interface{ Scan(...any) error }) (Attempt, error) {
	var a Attempt
	var focus string
	err := row.Scan(&a.ID, &a.UserID, &a.ScenarioID, &a.ConversationID, &a.Language, &a.Status, &a.Turns, &a.Corrections,
		&a.ComfortRating, &a.Level, &focus, &a.RetryOf, &a.StartedAt, &a.EndedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if json.Unmarshal([]byte(focus), &a.Focus) != nil || a.Focus == nil {
		a.Focus = []string{}
	}
	return a, err
}

// StartAttempt records a new attempt. The learner's earlier attempts at the
// scenario in that language still marked started were left, not finished:
// they become abandoned.
func (s *Store) StartAttempt(ctx context.Context, n NewAttempt) (Attempt, error) {
	now := stamp(s.now())
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return Attempt{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE scenario_attempts SET status = 'abandoned', ended_at = ?
		WHERE user_id = ? AND scenario_id = ? AND language = ? AND status = 'started'`,
		now, n.UserID, n.ScenarioID, n.Language); err != nil {
		return Attempt{}, err
	}
	id := uuid.NewString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO scenario_attempts (id, user_id, scenario_id, conversation_id, language,
		level, retry_of, started_at) VALUES (?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''), ?)`,
		id, n.UserID, n.ScenarioID, n.ConversationID, n.Language, n.Level, n.RetryOf, now); err != nil {
		return Attempt{}, err
	}
	if err := tx.Commit(); err != nil {
		return Attempt{}, err
	}
	return s.AttemptOf(ctx, n.ConversationID)
}

// AttemptOf returns the attempt a conversation is, or ErrNotFound (free
// talk, or a conversation from before attempts were kept).
func (s *Store) AttemptOf(ctx context.Context, conversationID string) (Attempt, error) {
	return scanAttempt(s.DB.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM scenario_attempts WHERE conversation_id = ?`, conversationID))
}

// EndAttempt records how a conversation's attempt ended (finished or
// abandoned) with its turns and corrections so far; the first end's time
// stays. A conversation that is no attempt changes nothing.
func (s *Store) EndAttempt(ctx context.Context, conversationID, status string, turns, corrections int) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE scenario_attempts SET status = ?, turns = ?, corrections = ?,
		ended_at = ifnull(ended_at, ?) WHERE conversation_id = ?`, status, turns, corrections, stamp(s.now()), conversationID)
	return err
}

// AbandonAttempt marks a conversation's attempt abandoned if it was still
// going (its conversation was deleted).
func (s *Store) AbandonAttempt(ctx context.Context, conversationID string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE scenario_attempts SET status = 'abandoned', ended_at = ?
		WHERE conversation_id = ? AND status = 'started'`, stamp(s.now()), conversationID)
	return err
}

// SetAttemptComfort records the comfort rating of a conversation's attempt.
func (s *Store) SetAttemptComfort(ctx context.Context, conversationID string, rating int) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE scenario_attempts SET comfort_rating = nullif(?, 0) WHERE conversation_id = ?`,
		rating, conversationID)
	return err
}

// SetAttemptReport records what a conversation's report found: the
// corrections and what to work on next time.
func (s *Store) SetAttemptReport(ctx context.Context, conversationID string, corrections int, focus []string) error {
	if focus == nil {
		focus = []string{}
	}
	raw, _ := json.Marshal(focus)
	_, err := s.DB.ExecContext(ctx, `UPDATE scenario_attempts SET corrections = ?, focus = ? WHERE conversation_id = ?`,
		corrections, string(raw), conversationID)
	return err
}

// ScenarioTries is a learner's attempts at one scenario in one language:
// how many, and the latest.
type ScenarioTries struct {
	ScenarioID string
	Tries      int
	Last       Attempt
}

// TriesOf lists, per scenario, a learner's attempts in a language.
func (s *Store) TriesOf(ctx context.Context, userID, lang string) ([]ScenarioTries, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+attemptColumns+`, tries FROM (
		SELECT *, count(*) OVER (PARTITION BY scenario_id) AS tries,
			row_number() OVER (PARTITION BY scenario_id ORDER BY started_at DESC, rowid DESC) AS latest
		FROM scenario_attempts WHERE user_id = ? AND language = ?) WHERE latest = 1 ORDER BY scenario_id`, userID, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ScenarioTries{}
	for rows.Next() {
		var t ScenarioTries
		var focus string
		a := &t.Last
		if err := rows.Scan(&a.ID, &a.UserID, &a.ScenarioID, &a.ConversationID, &a.Language, &a.Status, &a.Turns, &a.Corrections,
			&a.ComfortRating, &a.Level, &focus, &a.RetryOf, &a.StartedAt, &a.EndedAt, &t.Tries); err != nil {
			return nil, err
		}
		if json.Unmarshal([]byte(focus), &a.Focus) != nil || a.Focus == nil {
			a.Focus = []string{}
		}
		t.ScenarioID = a.ScenarioID
		out = append(out, t)
	}
	return out, rows.Err()
}

// LastEndedAttempt returns a learner's latest ended attempt at a scenario in
// a language, or ErrNotFound.
func (s *Store) LastEndedAttempt(ctx context.Context, userID, scenarioID, lang string) (Attempt, error) {
	return scanAttempt(s.DB.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM scenario_attempts
		WHERE user_id = ? AND scenario_id = ? AND language = ? AND ended_at IS NOT NULL
		ORDER BY ended_at DESC, rowid DESC LIMIT 1`, userID, scenarioID, lang))
}

// Attempt returns an attempt by id, or ErrNotFound.
func (s *Store) Attempt(ctx context.Context, id string) (Attempt, error) {
	return scanAttempt(s.DB.QueryRowContext(ctx, `SELECT `+attemptColumns+` FROM scenario_attempts WHERE id = ?`, id))
}

// AttemptsOf lists a learner's attempts, oldest first.
func (s *Store) AttemptsOf(ctx context.Context, userID string) ([]Attempt, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+attemptColumns+` FROM scenario_attempts
		WHERE user_id = ? ORDER BY started_at, rowid`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Attempt{}
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Conversation is one practice session of a learner.
type Conversation struct {
	ID              string
	UserID          string
	Language        string
	Title           string
	ScenarioID      string
	IsOnboarding    bool
	Partner         string
	Model           string
	StartedAt       string
	EndedAt         string
	DurationSeconds int
	MessageCount    int
	ComfortRating   int
	EngagementLevel string
	// PartnerState is the offline partner's place in its script (JSON).
	PartnerState string
	// Report is the session report, kept when the conversation ended (JSON).
	Report string
}

// NewConversation is what starting a conversation needs.
type NewConversation struct {
	UserID, Language, Title, ScenarioID, Partner, Model string
	IsOnboarding                                        bool
}

// maxActiveGap caps how much of a pause between two messages counts as study
// time: a learner who walks away is not studying.
const maxActiveGap = 5 * time.Minute

const conversationColumns = `id, user_id, target_language, title, ifnull(scenario_id, ''), is_onboarding,
	partner, model, started_at, ifnull(ended_at, ''), duration_seconds, message_count,
	ifnull(comfort_rating, 0), ifnull(engagement_level, ''), partner_state, ifnull(report, '')`

func scanConversation(row interface{ Scan(...any) error }) (Conversation, error) {
	var c Conversation
	err := row.Scan(&c.ID, &c.UserID, &c.Language, &c.Title, &c.ScenarioID, &c.IsOnboarding,
		&c.Partner, &c.Model, &c.StartedAt, &c.EndedAt, &c.DurationSeconds, &c.MessageCount,
		&c.ComfortRating, &c.EngagementLevel, &c.PartnerState, &c.Report)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// CreateConversation starts a conversation.
func (s *Store) CreateConversation(ctx context.Context, n NewConversation) (Conversation, error) {
	now := stamp(s.now())
	id := uuid.NewString()
	var scenario any
	if n.ScenarioID != "" {
		scenario = n.ScenarioID
	}
	_, err := s.DB.ExecContext(ctx, `
		INSERT INTO conversations (id, user_id, target_language, title, scenario_id, is_onboarding, partner, model, started_at, last_activity_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, n.UserID, n.Language, n.Title, scenario, n.IsOnboarding, n.Partner, n.Model, now, now)
	if err != nil {
		return Conversation{}, err
	}
	return s.Conversation(ctx, id)
}

// Conversation returns one conversation.
func (s *Store) Conversation(ctx context.Context, id string) (Conversation, error) {
	return scanConversation(s.DB.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = ? AND deleted_at IS NULL`, id))
}

// ConversationOf returns a learner's conversation, or ErrConversationGone
// when it does not exist, was deleted or is another learner's.
func (s *Store) ConversationOf(ctx context.Context, userID, id string) (Conversation, error) {
	c, err := scanConversation(s.DB.QueryRowContext(ctx, `SELECT `+conversationColumns+`
		FROM conversations WHERE id = ? AND user_id = ? AND deleted_at IS NULL`, id, userID))
	return c, gone(err, ErrConversationGone)
}

// Conversations lists a learner's conversations, newest first.
func (s *Store) Conversations(ctx context.Context, userID string, limit int) ([]Conversation, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+conversationColumns+`
		FROM conversations WHERE user_id = ? AND deleted_at IS NULL ORDER BY started_at DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Conversation{}
	for rows.Next() {
		c, err := scanConversation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetPartner records which partner answers from now on (e.g. after falling
// back to the offline partner) and its state.
func (s *Store) SetPartner(ctx context.Context, id, partner, model, state string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE conversations SET partner = ?, model = ?, partner_state = ? WHERE id = ?`,
		partner, model, state, id)
	return err
}

// EndConversation marks a conversation ended (once) and counts its last stretch.
func (s *Store) EndConversation(ctx context.Context, id string) (Conversation, error) {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return Conversation{}, err
	}
	defer tx.Rollback()
	if err := touch(ctx, tx, id, s.now()); err != nil {
		return Conversation{}, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET ended_at = ifnull(ended_at, ?) WHERE id = ?`, stamp(s.now()), id); err != nil {
		return Conversation{}, err
	}
	if err := tx.Commit(); err != nil {
		return Conversation{}, err
	}
	return s.Conversation(ctx, id)
}

// touch adds the time since the conversation's last activity (capped) to its
// duration and moves the last activity to now.
func touch(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	var last sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT last_activity_at FROM conversations WHERE id = ?`, id).Scan(&last); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		return err
	}
	var add int64
	if t, err := time.Parse(time.RFC3339Nano, last.String); err == nil && now.After(t) {
		add = int64(min(now.Sub(t), maxActiveGap) / time.Second)
	}
	_, err := tx.ExecContext(ctx, `UPDATE conversations SET duration_seconds = duration_seconds + ?, last_activity_at = ? WHERE id = ?`,
		add, stamp(now), id)
	return err
}

// Comfort is what a session tells about the learner's comfort; 0 = skipped.
type Comfort struct {
	Rating                             int
	Engagement                         string
	Confidence, Engaged, Understanding int
}

// SetComfort records a session's comfort rating, engagement and indicators.
func (s *Store) SetComfort(ctx context.Context, id string, c Comfort) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE conversations SET comfort_rating = ?, engagement_level = ?,
		confidence_indicator = nullif(?, 0), engagement_indicator = nullif(?, 0), understanding_indicator = nullif(?, 0) WHERE id = ?`,
		c.Rating, c.Engagement, c.Confidence, c.Engaged, c.Understanding, id)
	return err
}

// Practice is when a learner practised: the start and active seconds of
// each conversation since a time, oldest first.
type Practice struct {
	StartedAt time.Time
	Seconds   int
	Comfort   int
}

// PracticeSince lists a learner's conversations started since a time.
func (s *Store) PracticeSince(ctx context.Context, userID string, since time.Time) ([]Practice, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT started_at, duration_seconds, ifnull(comfort_rating, 0) FROM conversations
		WHERE user_id = ? AND started_at >= ? ORDER BY started_at`, userID, stamp(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Practice
	for rows.Next() {
		var p Practice
		var at string
		if err := rows.Scan(&at, &p.Seconds, &p.Comfort); err != nil {
			return nil, err
		}
		if p.StartedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DailyGoal returns a learner's daily goal in minutes.
func (s *Store) DailyGoal(ctx context.Context, userID string) (int, error) {
	var goal int
	err := s.DB.QueryRowContext(ctx, `SELECT daily_goal_minutes FROM user_preferences WHERE user_id = ?`, userID).Scan(&goal)
	return goal, err
}

// DeleteConversation deletes a conversation's messages and hides it. Its row
// stays: the month's AI use and the learner's study days still count it.
func (s *Store) DeleteConversation(ctx context.Context, id string) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE conversations SET deleted_at = ?, title = '', message_count = 0
		WHERE id = ? AND deleted_at IS NULL`, stamp(s.now()), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE conversation_id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// LatestActivity is the latest time any conversation on this computer was
// active (zero when none): a clock set before it was set back.
func (s *Store) LatestActivity(ctx context.Context) (time.Time, error) {
	var latest string
	if err := s.DB.QueryRowContext(ctx, `SELECT ifnull(max(max(started_at, ifnull(last_activity_at, ''))), '') FROM conversations`).Scan(&latest); err != nil || latest == "" {
		return time.Time{}, err
	}
	return time.Parse(TimestampLayout, latest)
}

// SetReport keeps a conversation's session report (JSON).
func (s *Store) SetReport(ctx context.Context, id, report string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE conversations SET report = nullif(?, '') WHERE id = ?`, report, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

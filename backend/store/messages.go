package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/google/uuid"
)

// Message statuses: a partner reply is partial while it streams and stays so
// if it was stopped, failed or the app died; complete once it finished.
const (
	StatusComplete = "complete"
	StatusPartial  = "partial"
	StatusError    = "error"
)

// Message is one turn of a conversation.
type Message struct {
	ID             string
	ConversationID string
	Role           string
	Content        string
	Status         string
	CreatedAt      string
	Translation    string
	Hint           string
	Choices        []string
	// AudioRef is the message's audio, relative to the data folder: the
	// learner's recording, or the partner's line as spoken ("": none yet).
	AudioRef string
	// Correction is the feedback on a learner's line, as JSON ("": none yet).
	Correction string
}

// AddMessage stores a message and keeps the conversation's counters (message
// count, active duration) in step, in one transaction.
func (s *Store) AddMessage(ctx context.Context, m Message) (Message, error) {
	m.ID = uuid.NewString()
	now := s.now()
	m.CreatedAt = stamp(now)
	if m.Status == "" {
		m.Status = StatusComplete
	}
	if m.Choices == nil {
		m.Choices = []string{}
	}
	choices, _ := json.Marshal(m.Choices)
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return m, err
	}
	defer tx.Rollback()
	if err := touch(ctx, tx, m.ConversationID, now); err != nil {
		return m, err
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO messages (id, conversation_id, role, content, status, created_at, translation, hint, choices, audio_ref)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''))`,
		m.ID, m.ConversationID, m.Role, m.Content, m.Status, m.CreatedAt, m.Translation, m.Hint, string(choices), m.AudioRef); err != nil {
		return m, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET message_count = message_count + 1 WHERE id = ?`, m.ConversationID); err != nil {
		return m, err
	}
	return m, tx.Commit()
}

// CheckpointReply saves what has arrived of a reply still streaming.
func (s *Store) CheckpointReply(ctx context.Context, id, content string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE messages SET content = ? WHERE id = ?`, content, id)
	return err
}

// FinishReply stores a reply's final text and status and counts the time it took.
func (s *Store) FinishReply(ctx context.Context, m Message) error {
	choices, _ := json.Marshal(m.Choices)
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := touch(ctx, tx, m.ConversationID, s.now()); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE messages SET content = ?, status = ?, translation = ?, hint = ?, choices = ? WHERE id = ?`,
		m.Content, m.Status, m.Translation, m.Hint, string(choices), m.ID); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteMessage removes a message (an empty reply that never got a word, or
// one the learner asked to retry) and keeps the count in step.
func (s *Store) DeleteMessage(ctx context.Context, id string) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var conv string
	if err := tx.QueryRowContext(ctx, `DELETE FROM messages WHERE id = ? RETURNING conversation_id`, id).Scan(&conv); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET message_count = message_count - 1 WHERE id = ?`, conv); err != nil {
		return err
	}
	return tx.Commit()
}

const messageColumns = `id, conversation_id, role, content, status, created_at, ifnull(translation, ''), hint, choices, ifnull(audio_ref, ''), ifnull(correction, '')`

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var choices string
	err := row.Scan(&m.ID, &m.ConversationID, &m.Role, &m.Content, &m.Status, &m.CreatedAt, &m.Translation, &m.Hint, &choices, &m.AudioRef, &m.Correction)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal([]byte(choices), &m.Choices)
}

// Message returns one message.
func (s *Store) Message(ctx context.Context, id string) (Message, error) {
	return scanMessage(s.DB.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
}

// MessageOf returns a message of a learner's and its conversation, or
// ErrMessageGone when it does not exist or is another learner's.
func (s *Store) MessageOf(ctx context.Context, userID, id string) (Message, Conversation, error) {
	m, err := scanMessage(s.DB.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE id = ? AND conversation_id IN (SELECT id FROM conversations WHERE user_id = ? AND deleted_at IS NULL)`, id, userID))
	if err != nil {
		return m, Conversation{}, gone(err, ErrMessageGone)
	}
	c, err := s.ConversationOf(ctx, userID, m.ConversationID)
	return m, c, gone(err, ErrMessageGone) // deleted in between
}

// gone turns ErrNotFound into what the learner reads.
func gone(err, as error) error {
	if errors.Is(err, ErrNotFound) {
		return as
	}
	return err
}

// Messages returns a conversation's messages in order.
func (s *Store) Messages(ctx context.Context, conversationID string) ([]Message, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+messageColumns+`
		FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid`, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetCorrection keeps the feedback on a learner's line (JSON).
func (s *Store) SetCorrection(ctx context.Context, id, correction string) error {
	return s.setMessageField(ctx, id, "correction", correction)
}

// SetTranslation keeps a line's translation, asked for once.
func (s *Store) SetTranslation(ctx context.Context, id, translation string) error {
	return s.setMessageField(ctx, id, "translation", translation)
}

// setMessageField sets one of a message's optional text fields ("": none).
func (s *Store) setMessageField(ctx context.Context, id, column, value string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE messages SET `+column+` = nullif(?, '') WHERE id = ?`, value, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// SetAudio records where a message's audio is.
func (s *Store) SetAudio(ctx context.Context, id, ref string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE messages SET audio_ref = nullif(?, '') WHERE id = ?`, ref, id)
	return err
}

// AudioRefs lists the audio of a learner's messages (conversationID "": of
// all their conversations), to delete with them.
func (s *Store) AudioRefs(ctx context.Context, userID, conversationID string) ([]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT m.audio_ref FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE c.user_id = ? AND (? = '' OR c.id = ?) AND m.audio_ref IS NOT NULL`, userID, conversationID, conversationID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		out = append(out, ref)
	}
	return out, rows.Err()
}

// RecordingRefs is the set of learners' recordings that messages refer to.
func (s *Store) RecordingRefs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT audio_ref FROM messages WHERE role = 'user' AND audio_ref IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return nil, err
		}
		out[ref] = true
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
)

// SessionLength is how long a local sign-in lasts without use.
const SessionLength = 90 * 24 * time.Hour

// SignIn starts a local session for a learner, ending any other.
func (s *Store) SignIn(ctx context.Context, userID string) error {
	now := s.now()
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
		uuid.NewString(), userID, stamp(now), stamp(now.Add(SessionLength)), stamp(now)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET last_active_at = ? WHERE id = ?`, stamp(now), userID); err != nil {
		return err
	}
	return tx.Commit()
}

// SignedIn returns the learner of the current session, extending it, or
// ErrNotFound when nobody is signed in or the session expired.
func (s *Store) SignedIn(ctx context.Context) (User, error) {
	now := s.now()
	var id, userID string
	err := s.DB.QueryRowContext(ctx, `SELECT id, user_id FROM sessions WHERE expires_at > ? ORDER BY last_seen_at DESC LIMIT 1`, stamp(now)).Scan(&id, &userID)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, err
	}
	if _, err := s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`,
		stamp(now), stamp(now.Add(SessionLength)), id); err != nil {
		return User{}, err
	}
	return s.User(ctx, userID)
}

// SignOut ends every local session.
func (s *Store) SignOut(ctx context.Context) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM sessions`)
	return err
}

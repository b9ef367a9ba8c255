package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
)

// User is a learner on this computer: a guest until they save a profile.
type User struct {
	ID             string `json:"id"`
	DisplayName    string `json:"displayName"`
	NativeLanguage string `json:"nativeLanguage"`
	IsGuest        bool   `json:"isGuest"`
	// Level and Goal come from the learner's preferences ("" until known).
	Level string `json:"level"`
	Goal  string `json:"goal"`
}

// CurrentLearner returns the most recently active learner, creating a guest
// (with preferences) on first launch so practice needs no form.
func (s *Store) CurrentLearner(ctx context.Context) (User, error) {
	var u User
	err := s.DB.QueryRowContext(ctx, `SELECT u.id, u.display_name, ifnull(u.native_language, 'en'), u.is_guest,
		ifnull(p.level, ''), ifnull(p.learning_goal, '')
		FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id
		ORDER BY u.last_active_at DESC LIMIT 1`).Scan(&u.ID, &u.DisplayName, &u.NativeLanguage, &u.IsGuest, &u.Level, &u.Goal)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return u, err
	}
	now := stamp(Now())
	u = User{ID: uuid.NewString(), NativeLanguage: "en", IsGuest: true}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return u, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, native_language, is_guest, created_at, last_active_at) VALUES (?, 'en', 1, ?, ?)`, u.ID, now, now); err != nil {
		return u, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_preferences (user_id, created_at, updated_at) VALUES (?, ?, ?)`, u.ID, now, now); err != nil {
		return u, err
	}
	return u, tx.Commit()
}

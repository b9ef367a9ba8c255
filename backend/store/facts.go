package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"
)

// Fact is one thing Kai remembers about a learner in a language.
type Fact struct {
	ID       string
	Language string
	Text     string
	// Source is where it was learned: "conversation" or "onboarding".
	Source string
	// Mentions counts the sessions it came up in.
	Mentions  int
	CreatedAt string
	UpdatedAt string
}

// NewFact is a fact to keep: its text and its key, the same for two texts
// that say the same thing (backend/memory decides what that means).
type NewFact struct{ Text, Key string }

// RememberFacts keeps facts a learner shared in a language. One already
// kept counts one more mention and takes the newer wording; one the learner
// deleted stays deleted. It says how many facts are new.
func (s *Store) RememberFacts(ctx context.Context, userID, lang, source string, facts []NewFact) (int, error) {
	now := stamp(s.now())
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	added := 0
	for _, f := range facts {
		res, err := tx.ExecContext(ctx, `INSERT INTO learner_facts (id, user_id, language, text, fact_key, source, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, language, fact_key) DO UPDATE SET text = excluded.text, mentions = mentions + 1,
				updated_at = excluded.updated_at WHERE forgotten = 0`,
			uuid.NewString(), userID, lang, f.Text, f.Key, source, now, now)
		if err != nil {
			return 0, err
		}
		var isNew bool
		if n, _ := res.RowsAffected(); n > 0 {
			err := tx.QueryRowContext(ctx, `SELECT mentions = 1 FROM learner_facts WHERE user_id = ? AND language = ? AND fact_key = ?`,
				userID, lang, f.Key).Scan(&isNew)
			if err != nil {
				return 0, err
			}
		}
		if isNew {
			added++
		}
	}
	return added, tx.Commit()
}

const factColumns = `id, language, text, source, mentions, created_at, updated_at`

// Facts lists what is kept about a learner in a language ("" for every
// language), most recently learned or mentioned first.
func (s *Store) Facts(ctx context.Context, userID, lang string) ([]Fact, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+factColumns+` FROM learner_facts
		WHERE user_id = ? AND (? = '' OR language = ?) AND forgotten = 0 ORDER BY updated_at DESC, id`, userID, lang, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Fact{}
	for rows.Next() {
		var f Fact
		if err := rows.Scan(&f.ID, &f.Language, &f.Text, &f.Source, &f.Mentions, &f.CreatedAt, &f.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ForgetFact deletes a fact of a learner's: its text is erased, its key
// kept so the fact is not learned again.
func (s *Store) ForgetFact(ctx context.Context, userID, id string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE learner_facts SET text = '', forgotten = 1, updated_at = ?
		WHERE id = ? AND user_id = ? AND forgotten = 0`, stamp(s.now()), id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ForgetFacts deletes every fact kept about a learner, as ForgetFact does.
func (s *Store) ForgetFacts(ctx context.Context, userID string) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE learner_facts SET text = '', forgotten = 1, updated_at = ?
		WHERE user_id = ? AND forgotten = 0`, stamp(s.now()), userID)
	return err
}

// MemoryOn says whether Kai learns and uses facts about a learner.
func (s *Store) MemoryOn(ctx context.Context, userID string) (bool, error) {
	var on bool
	err := s.DB.QueryRowContext(ctx, `SELECT memory FROM user_preferences WHERE user_id = ?`, userID).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, ErrNotFound
	}
	return on, err
}

// SetMemory turns a learner's memory on or off; what is kept stays kept.
func (s *Store) SetMemory(ctx context.Context, userID string, on bool) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE user_preferences SET memory = ?, updated_at = ? WHERE user_id = ?`, on, stamp(s.now()), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

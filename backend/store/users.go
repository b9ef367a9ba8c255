package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
)

// User is a learner on this computer: a guest until they save a profile.
type User struct {
	ID             string
	DisplayName    string
	Email          string
	NativeLanguage string
	IsGuest        bool
	// From the learner's preferences ("" or 0 until known).
	TargetLanguage string
	Goal           string
	Level          string
	Comfort        int
	// SaveDeclines and SaveAskAfter pace the "save your progress?" question.
	SaveDeclines int
	SaveAskAfter int
}

const userColumns = `u.id, u.display_name, ifnull(u.email, ''), ifnull(u.native_language, 'en'), u.is_guest,
	ifnull(p.target_language, ''), ifnull(p.learning_goal, ''), ifnull(p.level, ''), ifnull(p.comfort, 0),
	u.save_declines, u.save_ask_after`

const userFrom = ` FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id `

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.DisplayName, &u.Email, &u.NativeLanguage, &u.IsGuest,
		&u.TargetLanguage, &u.Goal, &u.Level, &u.Comfort, &u.SaveDeclines, &u.SaveAskAfter)
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	return u, err
}

// User returns one learner.
func (s *Store) User(ctx context.Context, id string) (User, error) {
	return scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+`WHERE u.id = ?`, id))
}

// Users lists learners: saved profiles by name, then guests.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userColumns+userFrom+`ORDER BY u.is_guest, u.display_name COLLATE NOCASE, u.created_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// NewUser is a learner to create: a guest, or a profile with a name.
type NewUser struct {
	DisplayName, Email, NativeLanguage, TargetLanguage, Goal, Level string
	IsGuest                                                         bool
}

// CreateUser creates a learner with their preferences.
func (s *Store) CreateUser(ctx context.Context, n NewUser) (User, error) {
	now := stamp(s.now())
	id := uuid.NewString()
	if n.NativeLanguage == "" {
		n.NativeLanguage = "en"
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return User{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, display_name, email, native_language, is_guest, created_at, last_active_at)
		VALUES (?, ?, nullif(?, ''), ?, ?, ?, ?)`, id, n.DisplayName, n.Email, n.NativeLanguage, n.IsGuest, now, now); err != nil {
		return User{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_preferences (user_id, target_language, learning_goal, level, created_at, updated_at)
		VALUES (?, nullif(?, ''), nullif(?, ''), nullif(?, ''), ?, ?)`, id, n.TargetLanguage, n.Goal, n.Level, now, now); err != nil {
		return User{}, err
	}
	if err := tx.Commit(); err != nil {
		return User{}, err
	}
	return s.User(ctx, id)
}

// SaveProfile turns a guest into a profile in place (or updates a profile):
// the id stays, so every conversation, message and preference is kept.
func (s *Store) SaveProfile(ctx context.Context, id string, n NewUser) (User, error) {
	now := stamp(s.now())
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return User{}, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = ?, email = nullif(?, ''), native_language = ?, is_guest = 0, last_active_at = ?
		WHERE id = ?`, n.DisplayName, n.Email, n.NativeLanguage, now, id)
	if err != nil {
		return User{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return User{}, ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `UPDATE user_preferences SET target_language = nullif(?, ''), learning_goal = nullif(?, ''),
		level = nullif(?, ''), updated_at = ? WHERE user_id = ?`, n.TargetLanguage, n.Goal, n.Level, now, id); err != nil {
		return User{}, err
	}
	if err := tx.Commit(); err != nil {
		return User{}, err
	}
	return s.User(ctx, id)
}

// Rename changes a learner's display name.
func (s *Store) Rename(ctx context.Context, id, name string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE users SET display_name = ? WHERE id = ?`, name, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteUser deletes a learner and, through the schema's cascades, all their
// conversations, messages, preferences, sessions and subscriptions, and
// then the scenes they wrote (which nothing else can refer to by then).
func (s *Store) DeleteUser(ctx context.Context, id string) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scenarios WHERE owner_id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// Collect stores one thing onboarding learned about the learner, as soon as
// it is learned: name, target or native language, goal, level or comfort.
func (s *Store) Collect(ctx context.Context, id, field, value string) error {
	var query string
	switch field {
	case "name":
		query = `UPDATE users SET display_name = ? WHERE id = ? AND is_guest = 1`
	case "target_language":
		query = `UPDATE user_preferences SET target_language = ? WHERE user_id = ?`
	case "goal":
		query = `UPDATE user_preferences SET learning_goal = ? WHERE user_id = ?`
	case "level":
		query = `UPDATE user_preferences SET level = ? WHERE user_id = ?`
	case "native_language":
		query = `UPDATE users SET native_language = ? WHERE id = ? AND is_guest = 1`
	case "comfort":
		query = `UPDATE user_preferences SET comfort = CAST(? AS INTEGER) WHERE user_id = ?`
	default:
		return fmt.Errorf("cannot collect %q", field)
	}
	_, err := s.DB.ExecContext(ctx, query, value, id)
	return err
}

// SetSaveAsk records when to ask a guest again whether to save their progress.
func (s *Store) SetSaveAsk(ctx context.Context, id string, declines, askAfter int) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE users SET save_declines = ?, save_ask_after = ? WHERE id = ?`, declines, askAfter, id)
	return err
}

// FinishedConversations counts a learner's ended conversations.
func (s *Store) FinishedConversations(ctx context.Context, id string) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM conversations WHERE user_id = ? AND ended_at IS NOT NULL`, id).Scan(&n)
	return n, err
}

// Preferences are a learner's settings.
type Preferences struct {
	TargetLanguage string
	NativeLanguage string
	Goal           string
	Level          string
	// PreferredVoice is the speaker chosen for TargetLanguage ("": its first
	// standard voice); each language keeps its own.
	PreferredVoice   string
	DailyGoalMinutes int
	Theme            string
	// Voice: read replies aloud as they arrive, send a message as soon as
	// speech is turned into text, and the speed of the partner's voice.
	SpeakReplies      bool
	SendAfterSpeaking bool
	SpeechSpeed       float64
	// ReadingAids are the languages whose lines show readings (furigana,
	// pinyin, romanization); SetReadingAid changes them, not SavePreferences.
	ReadingAids []string
	// DesiredRetention is the chance of remembering a saved word when it
	// comes back for review, 0.70–0.97 (default 0.90).
	DesiredRetention float64
	// SaveCorrectionWords saves a correction's new words as vocabulary
	// cards when the correction arrives.
	SaveCorrectionWords bool
}

// Preferences returns a learner's settings.
func (s *Store) Preferences(ctx context.Context, userID string) (Preferences, error) {
	var p Preferences
	var aids string
	err := s.DB.QueryRowContext(ctx, `SELECT ifnull(p.target_language, ''), ifnull(u.native_language, 'en'), ifnull(p.learning_goal, ''),
		ifnull(p.level, ''), ifnull(v.speaker_id, ''), p.daily_goal_minutes, p.theme, p.speak_replies, p.send_after_speaking, p.speech_speed, p.reading_aids, p.desired_retention,
		p.save_correction_words
		FROM users u JOIN user_preferences p ON p.user_id = u.id
		LEFT JOIN user_voices v ON v.user_id = u.id AND v.language_code = p.target_language WHERE u.id = ?`, userID).
		Scan(&p.TargetLanguage, &p.NativeLanguage, &p.Goal, &p.Level, &p.PreferredVoice, &p.DailyGoalMinutes, &p.Theme,
			&p.SpeakReplies, &p.SendAfterSpeaking, &p.SpeechSpeed, &aids, &p.DesiredRetention, &p.SaveCorrectionWords)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, err
	}
	return p, json.Unmarshal([]byte(aids), &p.ReadingAids)
}

// DesiredRetention returns how likely a learner wants to remember a saved
// word when it comes back for review.
func (s *Store) DesiredRetention(ctx context.Context, userID string) (float64, error) {
	var r float64
	err := s.DB.QueryRowContext(ctx, `SELECT desired_retention FROM user_preferences WHERE user_id = ?`, userID).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// SavesCorrectionWords says whether a learner has a correction's new words
// saved as cards when it arrives.
func (s *Store) SavesCorrectionWords(ctx context.Context, userID string) (bool, error) {
	var on bool
	err := s.DB.QueryRowContext(ctx, `SELECT save_correction_words FROM user_preferences WHERE user_id = ?`, userID).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, ErrNotFound
	}
	return on, err
}

// SetReadingAid turns readings on or off for a learner's lines in a language.
func (s *Store) SetReadingAid(ctx context.Context, userID, lang string, on bool) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var raw string
	if err := tx.QueryRowContext(ctx, `SELECT reading_aids FROM user_preferences WHERE user_id = ?`, userID).Scan(&raw); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		return err
	}
	var aids []string
	if err := json.Unmarshal([]byte(raw), &aids); err != nil {
		return err
	}
	aids = slices.DeleteFunc(aids, func(l string) bool { return l == lang })
	if on {
		aids = append(aids, lang)
	}
	slices.Sort(aids)
	out, _ := json.Marshal(aids)
	if _, err := tx.ExecContext(ctx, `UPDATE user_preferences SET reading_aids = ?, updated_at = ? WHERE user_id = ?`, string(out), stamp(s.now()), userID); err != nil {
		return err
	}
	return tx.Commit()
}

// SavePreferences stores a learner's settings (already validated). The
// voice is the target language's: a language change with no voice given
// brings back the voice last chosen for the new language.
func (s *Store) SavePreferences(ctx context.Context, userID string, p Preferences) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var before string
	if err := tx.QueryRowContext(ctx, `SELECT ifnull(target_language, '') FROM user_preferences WHERE user_id = ?`, userID).Scan(&before); err != nil {
		return err
	}
	if p.TargetLanguage != "" && (p.TargetLanguage == before || p.PreferredVoice != "") {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_voices WHERE user_id = ? AND language_code = ?`, userID, p.TargetLanguage); err != nil {
			return err
		}
		if p.PreferredVoice != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_voices (user_id, language_code, speaker_id) VALUES (?, ?, ?)`,
				userID, p.TargetLanguage, p.PreferredVoice); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE user_preferences SET target_language = nullif(?, ''), learning_goal = nullif(?, ''),
		level = nullif(?, ''), daily_goal_minutes = ?, theme = ?, speak_replies = ?, send_after_speaking = ?, speech_speed = ?, desired_retention = ?,
		save_correction_words = ?, preferred_voice = (SELECT speaker_id FROM user_voices WHERE user_id = ? AND language_code = ?), updated_at = ? WHERE user_id = ?`,
		p.TargetLanguage, p.Goal, p.Level, p.DailyGoalMinutes, p.Theme, p.SpeakReplies, p.SendAfterSpeaking, p.SpeechSpeed, p.DesiredRetention, p.SaveCorrectionWords,
		userID, p.TargetLanguage, stamp(s.now()), userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET native_language = ? WHERE id = ?`, p.NativeLanguage, userID); err != nil {
		return err
	}
	return tx.Commit()
}

// Totals are the progress counters kept in user_preferences.
type Totals struct {
	StudySeconds, Conversations, CurrentStreak, LongestStreak int
	LastStudied                                               string
}

// SaveTotals writes the progress counters, recomputed from the conversations.
func (s *Store) SaveTotals(ctx context.Context, userID string, t Totals) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE user_preferences SET total_study_seconds = ?, total_conversations = ?,
		current_streak = ?, longest_streak = ?, last_studied_at = nullif(?, '') WHERE user_id = ?`,
		t.StudySeconds, t.Conversations, t.CurrentStreak, t.LongestStreak, t.LastStudied, userID)
	return err
}

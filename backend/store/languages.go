package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// Language is one language a learner can practise.
type Language struct {
	Code             string
	Name             string
	NativeName       string
	Flag             string
	IsRTL            bool
	HasRomanization  bool
	WritingSystem    string
	SupportedScripts []string
}

// Speaker is a voice for a language.
type Speaker struct {
	ID         string
	Language   string
	Name       string
	Gender     string
	Voice      string
	IsAdvanced bool
}

const languageColumns = `code, name, native_name, flag, is_rtl, has_romanization, writing_system, supported_scripts`

func scanLanguage(row interface{ Scan(...any) error }) (Language, error) {
	var l Language
	var scripts string
	err := row.Scan(&l.Code, &l.Name, &l.NativeName, &l.Flag, &l.IsRTL, &l.HasRomanization, &l.WritingSystem, &scripts)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, err
	}
	return l, json.Unmarshal([]byte(scripts), &l.SupportedScripts)
}

// Languages lists the supported languages by English name.
func (s *Store) Languages(ctx context.Context) ([]Language, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+languageColumns+` FROM languages WHERE is_supported = 1 ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Language{}
	for rows.Next() {
		l, err := scanLanguage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Language returns a supported language by code, or ErrNotFound.
func (s *Store) Language(ctx context.Context, code string) (Language, error) {
	return scanLanguage(s.DB.QueryRowContext(ctx, `SELECT `+languageColumns+` FROM languages WHERE code = ? AND is_supported = 1`, code))
}

// Speakers lists the voices of a language, standard voices first.
func (s *Store) Speakers(ctx context.Context, lang string) ([]Speaker, error) {
	rows, err := s.DB.QueryContext(ctx, `
		SELECT id, language_code, name, gender, voice, is_advanced
		FROM speakers WHERE language_code = ? ORDER BY is_advanced, name`, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Speaker{}
	for rows.Next() {
		var sp Speaker
		if err := rows.Scan(&sp.ID, &sp.Language, &sp.Name, &sp.Gender, &sp.Voice, &sp.IsAdvanced); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// LanguageName returns a language's English name, or the code if unknown.
func (s *Store) LanguageName(ctx context.Context, code string) string {
	name := code
	s.DB.QueryRowContext(ctx, `SELECT name FROM languages WHERE code = ?`, code).Scan(&name)
	return name
}

// Voice returns the speaker a learner chose for a language ("": none).
func (s *Store) Voice(ctx context.Context, userID, lang string) (string, error) {
	var id string
	err := s.DB.QueryRowContext(ctx, `SELECT speaker_id FROM user_voices WHERE user_id = ? AND language_code = ?`, userID, lang).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
)

// Scenario is a short, realistic situation to practise in.
type Scenario struct {
	ID                 string
	Title              string
	Description        string
	Category           string
	Difficulty         string
	Instructions       string
	Context            string
	ExpectedOutcome    string
	LearningObjectives []string
	ComfortIndicators  []string
	// OwnerID is the learner who wrote this scene ("" for a built-in
	// scenario, which every profile sees).
	OwnerID string
}

const scenarioColumns = `id, title, description, category, difficulty, instructions, context,
	expected_outcome, learning_objectives, comfort_indicators, ifnull(owner_id, '')`

// Scenarios lists the active built-in scenarios in their teaching order.
func (s *Store) Scenarios(ctx context.Context) ([]Scenario, error) {
	return s.scenarios(ctx, `SELECT `+scenarioColumns+`
		FROM scenarios WHERE is_active = 1 AND owner_id IS NULL ORDER BY sort_order, id`)
}

func (s *Store) scenarios(ctx context.Context, query string, args ...any) ([]Scenario, error) {
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Scenario{}
	for rows.Next() {
		sc, err := scanScenario(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Scenario returns one scenario by id, built-in or a learner's own.
func (s *Store) Scenario(ctx context.Context, id string) (Scenario, error) {
	sc, err := scanScenario(s.DB.QueryRowContext(ctx, `SELECT `+scenarioColumns+` FROM scenarios WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sc, ErrNotFound
	}
	return sc, err
}

func scanScenario(row interface{ Scan(...any) error }) (Scenario, error) {
	var sc Scenario
	var objectives, indicators string
	err := row.Scan(&sc.ID, &sc.Title, &sc.Description, &sc.Category, &sc.Difficulty, &sc.Instructions,
		&sc.Context, &sc.ExpectedOutcome, &objectives, &indicators, &sc.OwnerID)
	if err != nil {
		return sc, err
	}
	if err := json.Unmarshal([]byte(objectives), &sc.LearningObjectives); err != nil {
		return sc, err
	}
	return sc, json.Unmarshal([]byte(indicators), &sc.ComfortIndicators)
}

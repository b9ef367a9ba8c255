package store

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
)

// Scenes of a learner's own: scenarios they wrote, owned by their profile
// and seen by nobody else.

// OwnScenarios lists a learner's own scenes, newest first.
func (s *Store) OwnScenarios(ctx context.Context, userID string) ([]Scenario, error) {
	return s.scenarios(ctx, `SELECT `+scenarioColumns+`
		FROM scenarios WHERE owner_id = ? ORDER BY created_at DESC, id`, userID)
}

// OwnScenario returns one of a learner's own scenes (ErrNotFound for a
// built-in scenario or another learner's scene).
func (s *Store) OwnScenario(ctx context.Context, userID, id string) (Scenario, error) {
	sc, err := s.Scenario(ctx, id)
	if err == nil && sc.OwnerID != userID {
		return Scenario{}, ErrNotFound
	}
	return sc, err
}

// CreateOwnScenario stores a scene a learner wrote (sc.OwnerID) under a new id.
func (s *Store) CreateOwnScenario(ctx context.Context, sc Scenario) (Scenario, error) {
	now := stamp(s.now())
	sc.ID = "own-" + uuid.NewString()
	objectives, indicators := jsonList(sc.LearningObjectives), jsonList(sc.ComfortIndicators)
	_, err := s.DB.ExecContext(ctx, `INSERT INTO scenarios (id, title, description, category, difficulty, instructions, context,
		expected_outcome, learning_objectives, comfort_indicators, sort_order, is_active, created_at, updated_at, owner_id)
		VALUES (?, ?, ?, 'basic', ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?)`,
		sc.ID, sc.Title, sc.Description, sc.Difficulty, sc.Instructions, sc.Context, sc.ExpectedOutcome,
		objectives, indicators, now, now, sc.OwnerID)
	if err != nil {
		return Scenario{}, err
	}
	return s.Scenario(ctx, sc.ID)
}

// UpdateOwnScenario changes a learner's own scene (sc.ID of sc.OwnerID).
func (s *Store) UpdateOwnScenario(ctx context.Context, sc Scenario) (Scenario, error) {
	res, err := s.DB.ExecContext(ctx, `UPDATE scenarios SET title = ?, description = ?, difficulty = ?, instructions = ?, context = ?,
		expected_outcome = ?, learning_objectives = ?, comfort_indicators = ?, updated_at = ? WHERE id = ? AND owner_id = ?`,
		sc.Title, sc.Description, sc.Difficulty, sc.Instructions, sc.Context, sc.ExpectedOutcome,
		jsonList(sc.LearningObjectives), jsonList(sc.ComfortIndicators), stamp(s.now()), sc.ID, sc.OwnerID)
	if err != nil {
		return Scenario{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Scenario{}, ErrNotFound
	}
	return s.Scenario(ctx, sc.ID)
}

// DeleteOwnScenario deletes a learner's own scene. Conversations held in it
// stay, with their title, as conversations in no scenario.
func (s *Store) DeleteOwnScenario(ctx context.Context, userID, id string) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET scenario_id = NULL
		WHERE scenario_id = (SELECT id FROM scenarios WHERE id = ? AND owner_id = ?)`, id, userID); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM scenarios WHERE id = ? AND owner_id = ?`, id, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return tx.Commit()
}

func jsonList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

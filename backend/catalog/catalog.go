// Package catalog is what Kaiwa offers to practise:
// languages, their voices, and scenarios.
package catalog

import (
	"context"

	"kaiwa/backend/store"
)

// Service answers the page's questions about languages and scenarios.
type Service struct {
	Store *store.Store
}

// Languages lists every language a learner can practise.
func (s *Service) Languages(ctx context.Context) ([]store.Language, error) {
	return s.Store.Languages(ctx)
}

// Speakers lists the voices available for a language.
func (s *Service) Speakers(ctx context.Context, lang string) ([]store.Speaker, error) {
	return s.Store.Speakers(ctx, lang)
}

// Scenarios lists the scenarios in teaching order.
func (s *Service) Scenarios(ctx context.Context) ([]store.Scenario, error) {
	return s.Store.Scenarios(ctx)
}

// Scenario returns one scenario.
func (s *Service) Scenario(ctx context.Context, id string) (store.Scenario, error) {
	return s.Store.Scenario(ctx, id)
}

// Package catalog is the bound service for what Kaiwa offers to practise:
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
func (s *Service) Languages() ([]store.Language, error) {
	return s.Store.Languages(context.Background())
}

// Speakers lists the voices available for a language.
func (s *Service) Speakers(lang string) ([]store.Speaker, error) {
	return s.Store.Speakers(context.Background(), lang)
}

// Scenarios lists the scenarios in teaching order.
func (s *Service) Scenarios() ([]store.Scenario, error) {
	return s.Store.Scenarios(context.Background())
}

// Scenario returns one scenario.
func (s *Service) Scenario(id string) (store.Scenario, error) {
	return s.Store.Scenario(context.Background(), id)
}

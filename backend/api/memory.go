package api

import (
	"context"

	"kaiwa/backend/memory"
	"kaiwa/backend/scenes"
	"kaiwa/backend/store"
)

// Memory is what Kai remembers about the learner: see it, delete one fact
// or all, turn memory off.
type Memory struct{ b *Backend }

// MemoryPage is the "What Kai remembers" page.
type MemoryPage struct {
	On    bool   `json:"on"`
	Facts []Fact `json:"facts"`
}

// Fact is one thing Kai remembers, in a language.
type Fact struct {
	ID       string `json:"id"`
	Language string `json:"language"`
	Text     string `json:"text"`
	// Source is "conversation" or "onboarding".
	Source    string `json:"source"`
	Mentions  int    `json:"mentions"`
	UpdatedAt string `json:"updatedAt"`
}

func memoryPageOf(p memory.Page) MemoryPage {
	return MemoryPage{On: p.On, Facts: mapAll(p.Facts, func(f store.Fact) Fact {
		return Fact{ID: f.ID, Language: f.Language, Text: f.Text, Source: f.Source, Mentions: f.Mentions, UpdatedAt: f.UpdatedAt}
	})}
}

// Get returns what Kai remembers about the signed-in learner.
func (m *Memory) Get() (MemoryPage, error) {
	return call(m.b, func(ctx context.Context, s *Services) (MemoryPage, error) {
		p, err := s.Memory.Get(ctx)
		return memoryPageOf(p), err
	})
}

// Forget deletes one fact: it never reaches a prompt again.
func (m *Memory) Forget(id string) (MemoryPage, error) {
	return call(m.b, func(ctx context.Context, s *Services) (MemoryPage, error) {
		p, err := s.Memory.Forget(ctx, id)
		return memoryPageOf(p), err
	})
}

// ForgetAll deletes every fact.
func (m *Memory) ForgetAll() (MemoryPage, error) {
	return call(m.b, func(ctx context.Context, s *Services) (MemoryPage, error) {
		p, err := s.Memory.ForgetAll(ctx)
		return memoryPageOf(p), err
	})
}

// SetOn turns memory on or off.
func (m *Memory) SetOn(on bool) (MemoryPage, error) {
	return call(m.b, func(ctx context.Context, s *Services) (MemoryPage, error) {
		p, err := s.Memory.SetOn(ctx, on)
		return memoryPageOf(p), err
	})
}

// Scenes are the scenes the learner writes: list, create, edit, delete.
type Scenes struct{ b *Backend }

// SceneForm is a scene as the learner writes it.
type SceneForm struct {
	Title   string `json:"title"`
	Where   string `json:"where"`
	Partner string `json:"partner"`
	Goal    string `json:"goal"`
	Level   string `json:"level"`
}

// OwnScene is one of the learner's scenes, with (when only the offline
// partner can play) the closest built-in scenario it has.
type OwnScene struct {
	Scene   Scenario  `json:"scene"`
	Closest *Scenario `json:"closest"`
}

// OwnScenes are the learner's scenes; NeedsAI: no AI partner can play them.
type OwnScenes struct {
	Scenes  []OwnScene `json:"scenes"`
	NeedsAI bool       `json:"needsAI"`
}

func scenarioOf(sc store.Scenario) Scenario {
	return Scenario{ID: sc.ID, Title: sc.Title, Description: sc.Description, Category: sc.Category, Difficulty: sc.Difficulty,
		Instructions: sc.Instructions, Context: sc.Context, ExpectedOutcome: sc.ExpectedOutcome,
		LearningObjectives: sc.LearningObjectives, ComfortIndicators: sc.ComfortIndicators, Own: sc.OwnerID != ""}
}

// List returns the learner's scenes; lang is the language they practise.
func (c *Scenes) List(lang string) (OwnScenes, error) {
	return call(c.b, func(ctx context.Context, s *Services) (OwnScenes, error) {
		l, err := s.Scenes.Scenes(ctx, lang)
		return OwnScenes{NeedsAI: l.NeedsAI, Scenes: mapAll(l.Scenes, func(o scenes.Own) OwnScene {
			out := OwnScene{Scene: scenarioOf(o.Scene)}
			if o.Closest != nil {
				closest := scenarioOf(*o.Closest)
				out.Closest = &closest
			}
			return out
		})}, err
	})
}

// Create keeps a new scene of the learner's.
func (c *Scenes) Create(f SceneForm) (Scenario, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Scenario, error) {
		sc, err := s.Scenes.Create(ctx, scenes.Form(f))
		return scenarioOf(sc), err
	})
}

// Update changes one of the learner's scenes.
func (c *Scenes) Update(id string, f SceneForm) (Scenario, error) {
	return call(c.b, func(ctx context.Context, s *Services) (Scenario, error) {
		sc, err := s.Scenes.Update(ctx, id, scenes.Form(f))
		return scenarioOf(sc), err
	})
}

// Delete deletes one of the learner's scenes.
func (c *Scenes) Delete(id string) error {
	return do(c.b, func(ctx context.Context, s *Services) error { return s.Scenes.Delete(ctx, id) })
}

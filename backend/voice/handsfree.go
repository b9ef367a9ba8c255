package voice

import (
	"context"
	"encoding/json"

	"kaiwa/backend/errs"
)

// HandsFree is how a learner talks with the partner without buttons: the
// microphone stays open and a pause of PauseMs ends their turn.
type HandsFree struct {
	On bool `json:"on"`
	// PauseMs is the silence that ends a turn; beginners want it long so a
	// search for the next word is not taken for the end.
	PauseMs int `json:"pauseMs"`
	// Listening hides the text of the partner's lines until tapped.
	Listening bool `json:"listening"`
}

// The pause that ends a turn: its default, a beginner's default, and its bounds.
const (
	DefaultPauseMs  = 1200
	BeginnerPauseMs = 2000
	MinPauseMs      = 500
	MaxPauseMs      = 5000
)

func handsFreeKey(userID string) string { return "hands_free/" + userID }

// HandsFree returns the signed-in learner's hands-free settings.
func (s *Service) HandsFree(ctx context.Context) (HandsFree, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return HandsFree{}, err
	}
	raw, err := s.Store.Setting(ctx, handsFreeKey(learner.ID))
	if err != nil {
		return HandsFree{}, err
	}
	var h HandsFree
	if raw != "" && json.Unmarshal([]byte(raw), &h) == nil && h.PauseMs >= MinPauseMs && h.PauseMs <= MaxPauseMs {
		return h, nil
	}
	// Never set (or damaged, which is not the learner's fault): the default
	// for their level.
	p, err := s.Store.Preferences(ctx, learner.ID)
	if err != nil {
		return HandsFree{}, err
	}
	if p.Level == "beginner" || p.Level == "elementary" {
		return HandsFree{PauseMs: BeginnerPauseMs}, nil
	}
	return HandsFree{PauseMs: DefaultPauseMs}, nil
}

// SaveHandsFree keeps the signed-in learner's hands-free settings.
func (s *Service) SaveHandsFree(ctx context.Context, h HandsFree) (HandsFree, error) {
	if h.PauseMs < MinPauseMs || h.PauseMs > MaxPauseMs {
		return HandsFree{}, errs.New(errs.Invalid, "The pause that ends your turn is between half a second and 5 seconds.")
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return HandsFree{}, err
	}
	raw, err := json.Marshal(h)
	if err != nil {
		return HandsFree{}, err
	}
	if err := s.Store.SetSettings(ctx, map[string]string{handsFreeKey(learner.ID): string(raw)}); err != nil {
		return HandsFree{}, err
	}
	return h, nil
}

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

// Bounds of the pause that ends a turn.
const (
	DefaultPauseMs = 1200
	MinPauseMs     = 500
	MaxPauseMs     = 5000
)

func handsFreeKey(userID string) string { return "hands_free/" + userID }

// HandsFree returns the signed-in learner's hands-free settings.
func (s *Service) HandsFree(ctx context.Context) (HandsFree, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return HandsFree{}, err
	}
	h := HandsFree{PauseMs: DefaultPauseMs}
	raw, err := s.Store.Setting(ctx, handsFreeKey(learner.ID))
	if err != nil || raw == "" {
		return h, err
	}
	if json.Unmarshal([]byte(raw), &h) != nil || h.PauseMs < MinPauseMs || h.PauseMs > MaxPauseMs {
		// A damaged setting is not the learner's fault: start from the default.
		return HandsFree{PauseMs: DefaultPauseMs}, nil
	}
	return h, nil
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

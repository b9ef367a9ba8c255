package conversation

import (
	"context"

	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

// allowKaiwa asks the plan before a request to Kaiwa AI that is not a
// reply (a correction, a summary, a translation), as aiRequest does before
// each reply: nil for any other partner, which is never counted or limited.
func (s *Service) allowKaiwa(ctx context.Context, active partner.Active, conv store.Conversation) error {
	if active.Kind != partner.KindKaiwa || s.Plan == nil {
		return nil
	}
	return s.Plan.AllowAI(ctx, conv.UserID, conv.ID)
}

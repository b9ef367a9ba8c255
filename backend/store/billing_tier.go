package store

import "context"

// SetSubscriptionTier records the tier a licence buys now: the learner
// upgraded or downgraded in the provider's store, and the licence's variant
// changed with it. ErrNotFound when there is no such subscription; a tier
// that is not in the tiers table is refused by its foreign key.
func (s *Store) SetSubscriptionTier(ctx context.Context, id, tier string) error {
	res, err := s.DB.ExecContext(ctx, `UPDATE subscriptions SET tier_id = ?, updated_at = ? WHERE id = ?`, tier, stamp(s.now()), id)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

package store

import (
	"context"
	"time"
)

// The ledger of Kaiwa AI use on this computer (migration 9): each Kaiwa AI
// conversation once, under the licence and activation that paid for it,
// with its active time kept up to date by a trigger while Kaiwa AI answers
// it. Nothing else is counted: the learner's own endpoint and the offline
// partner are theirs.

// CountKaiwaAI records a Kaiwa AI conversation in the ledger under a licence
// (the provider's id) and its activation on this computer. A conversation
// is recorded once; later calls change nothing.
func (s *Store) CountKaiwaAI(ctx context.Context, conversationID, licenceID, instanceID string) error {
	_, err := s.DB.ExecContext(ctx, `INSERT INTO kaiwa_ai_usage (conversation_id, licence_id, instance_id, started_at, seconds)
		SELECT id, ?, ?, started_at, duration_seconds FROM conversations WHERE id = ?
		ON CONFLICT (conversation_id) DO NOTHING`, licenceID, instanceID, conversationID)
	return err
}

// KaiwaAICounted reports whether a conversation is in the ledger.
func (s *Store) KaiwaAICounted(ctx context.Context, conversationID string) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM kaiwa_ai_usage WHERE conversation_id = ?`, conversationID).Scan(&n)
	return n > 0, err
}

// KaiwaAIUsage counts a licence's Kaiwa AI conversations on this computer
// started in [from, to), whichever profile had them and whether or not they
// or their profile still exist, and their minutes: each conversation's
// active time with Kaiwa AI rounded up to whole minutes.
func (s *Store) KaiwaAIUsage(ctx context.Context, licenceID string, from, to time.Time) (conversations, minutes int, err error) {
	err = s.DB.QueryRowContext(ctx, `SELECT count(*), ifnull(sum((seconds + 59) / 60), 0)
		FROM kaiwa_ai_usage WHERE licence_id = ? AND started_at >= ? AND started_at < ?`,
		licenceID, stamp(from), stamp(to)).Scan(&conversations, &minutes)
	return conversations, minutes, err
}

package billing

import (
	"context"
	"fmt"
	"time"

	"kaiwa/backend/errs"
	"kaiwa/backend/store"
)

// MonthBounds returns the start of now's calendar month and of the next one,
// in now's location.
func MonthBounds(now time.Time) (start, end time.Time) {
	y, m, _ := now.Date()
	start = time.Date(y, m, 1, 0, 0, 0, 0, now.Location())
	return start, start.AddDate(0, 1, 0)
}

// Usage counts the learner's AI conversations and minutes (see
// store.AIUsage) in now's calendar month, in now's location.
func Usage(ctx context.Context, st *store.Store, userID string, now time.Time) (conversations, minutes int, err error) {
	start, end := MonthBounds(now)
	conversations, minutes, err = st.AIUsage(ctx, userID, start, end)
	if err != nil {
		return 0, 0, fmt.Errorf("usage: %w", err)
	}
	return conversations, minutes, nil
}

// LimitError says which monthly limit a learner has reached; its text is the
// learner-facing explanation, offering the offline partner or an upgrade.
type LimitError struct {
	What  string // "conversations" or "minutes"
	Limit int
	Plan  string // the tier's name
}

// ErrorCode is errs.Limit (errs.Coder).
func (*LimitError) ErrorCode() errs.Code { return errs.Limit }

func (e *LimitError) Error() string {
	what := "AI conversations"
	switch {
	case e.What == "minutes" && e.Limit == 1:
		what = "AI minute"
	case e.What == "minutes":
		what = "AI minutes"
	case e.Limit == 1:
		what = "AI conversation"
	}
	return fmt.Sprintf("You have used your %d %s for this month on the %s plan. "+
		"Keep practising with the offline partner (always free), or upgrade.", e.Limit, what, e.Plan)
}

// Allowed reports whether a new AI conversation may start given this
// month's usage: nil, or a *LimitError once a limit is reached (usage at or
// above it). It is checked before a conversation starts, never during a
// reply. The offline partner is never gated.
func Allowed(l store.Tier, conversations, minutes int) error {
	plan := l.Name
	if plan == "" {
		plan = l.ID
	}
	if l.Conversations != nil && conversations >= *l.Conversations {
		return &LimitError{What: "conversations", Limit: *l.Conversations, Plan: plan}
	}
	if l.Minutes != nil && minutes >= *l.Minutes {
		return &LimitError{What: "minutes", Limit: *l.Minutes, Plan: plan}
	}
	return nil
}

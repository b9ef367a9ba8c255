package billing

import (
	"context"
	"fmt"
	"time"

	"kaiwa/backend/endpoint"
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

// Usage counts a licence's Kaiwa AI conversations and minutes on this
// computer (see store.KaiwaAIUsage) in now's calendar month, in now's
// location. Nothing else is ever counted: the learner's own endpoint and the
// offline partner are theirs.
func Usage(ctx context.Context, st *store.Store, licenceID string, now time.Time) (conversations, minutes int, err error) {
	start, end := MonthBounds(now)
	conversations, minutes, err = st.KaiwaAIUsage(ctx, licenceID, start, end)
	if err != nil {
		return 0, 0, fmt.Errorf("usage: %w", err)
	}
	return conversations, minutes, nil
}

// What a LimitError is about.
const (
	LimitConversations = "conversations" // this month's Kaiwa AI conversations are used up
	LimitMinutes       = "minutes"       // this month's Kaiwa AI minutes are used up
	LimitNotIncluded   = "not included"  // the plan does not include Kaiwa AI
	LimitNoKaiwaAI     = "no Kaiwa AI"   // this build has no Kaiwa AI at all
)

// LimitError says why Kaiwa AI cannot answer the learner now; its text is
// the learner-facing explanation with the ways out: upgrade, the learner's
// own AI, or the offline partner.
type LimitError struct {
	What  string // one of the Limit… constants
	Limit int
	Plan  string // the tier's name
}

// ErrorCode is errs.Limit (errs.Coder).
func (*LimitError) ErrorCode() errs.Code { return errs.Limit }

func (e *LimitError) Error() string {
	switch e.What {
	case LimitNoKaiwaAI:
		return endpoint.NoKaiwaAI
	case LimitNotIncluded:
		return endpoint.KaiwaAINotIncluded
	}
	what := "Kaiwa AI conversations"
	switch {
	case e.What == LimitMinutes && e.Limit == 1:
		what = "Kaiwa AI minute"
	case e.What == LimitMinutes:
		what = "Kaiwa AI minutes"
	case e.Limit == 1:
		what = "Kaiwa AI conversation"
	}
	return fmt.Sprintf("You have used your %d %s for this month on the %s plan. %s", e.Limit, what, e.Plan, endpoint.KaiwaAIWaysOut)
}

// Allowed reports whether Kaiwa AI may answer given this month's usage:
// nil, or a *LimitError when the tier does not include Kaiwa AI or a limit
// is reached (usage at or above it). starting says a new conversation would
// begin: only then do the conversations count; minutes always do, so a
// conversation stops when they run out.
func Allowed(l store.Tier, conversations, minutes int, starting bool) error {
	plan := l.Name
	if plan == "" {
		plan = l.ID
	}
	if l.KaiwaAIModel == "" {
		return &LimitError{What: LimitNotIncluded, Plan: plan}
	}
	if starting && l.Conversations != nil && conversations >= *l.Conversations {
		return &LimitError{What: LimitConversations, Limit: *l.Conversations, Plan: plan}
	}
	if l.Minutes != nil && minutes >= *l.Minutes {
		return &LimitError{What: LimitMinutes, Limit: *l.Minutes, Plan: plan}
	}
	return nil
}

package api

import (
	"strings"

	"kaiwa/backend/conversation"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
)

// Events Go sends to the page, declared once: `make bindings` writes their
// TypeScript (frontend/src/api/events.ts) from here, and a test fails when
// that file is out of date.

// EventReply starts the name of every reply stream's event. The page adds
// the rest and listens before asking for the reply, so not even the first
// words can be missed.
const EventReply = "reply:"

// EventCorrection is the name of the event that brings a learner line's
// feedback, which arrives after the line (the AI partner is asked apart).
const EventCorrection = "correction"

// CorrectionEvent is a learner's line with its feedback.
type CorrectionEvent struct {
	Message Message `json:"message"`
}

// ReplyEvent is one event of a reply stream. Each carries only the text that
// is new (Delta, starting at Offset UTF-16 code units into the reply), so a
// long reply costs the bridge its length once; the last one (Done) carries
// the stored message or the problem.
type ReplyEvent struct {
	ConversationID string `json:"conversationId"`
	MessageID      string `json:"messageId"`
	Offset         int    `json:"offset"`
	Delta          string `json:"delta"`
	Done           bool   `json:"done"`
	// Stopped is true when the learner stopped the reply.
	Stopped bool     `json:"stopped"`
	Message *Message `json:"message,omitempty"`
	Problem *Problem `json:"problem,omitempty"`
}

// Problem is a failure while the partner answered: what happened and what
// the learner can do.
type Problem struct {
	Code              errs.Code `json:"code"`
	Message           string    `json:"message"`
	RetryAfterSeconds int       `json:"retryAfterSeconds"`
	OfferOffline      bool      `json:"offerOffline"`
}

// checkStream refuses a reply stream name that is not one of the page's.
func checkStream(stream string) error {
	if !strings.HasPrefix(stream, EventReply) || len(stream) > 100 {
		return errs.Errorf(errs.Invalid, "A reply stream's name starts with %q and is short, not %q.", EventReply, stream)
	}
	return nil
}

// Emitter sends a named event to the page (backend/shell is the real one).
type Emitter interface {
	Emit(name string, data ...any)
}

// Replies sends the conversation engine's news to the page: reply chunks
// as ReplyEvents, and learner lines whose feedback arrived as a
// CorrectionEvent.
type Replies struct{ Emitter Emitter }

func (r Replies) Corrected(m store.Message) {
	r.Emitter.Emit(EventCorrection, CorrectionEvent{Message: messageOf(m)})
}

func (r Replies) Reply(stream string, c conversation.Chunk) {
	e := ReplyEvent{ConversationID: c.ConversationID, MessageID: c.MessageID, Offset: c.Offset, Delta: c.Delta,
		Done: c.Done, Stopped: c.Stopped}
	if c.Message != nil {
		m := messageOf(*c.Message)
		e.Message = &m
	}
	if c.Problem != nil {
		p := Problem(*c.Problem)
		e.Problem = &p
	}
	r.Emitter.Emit(stream, e)
}

// eventPayloads are the payload types the TypeScript is generated for.
var eventPayloads = []any{ReplyEvent{}, CorrectionEvent{}}

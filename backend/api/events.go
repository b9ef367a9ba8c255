package api

import "kaiwa/backend/errs"

// Events Go sends to the page, declared once: `make bindings` writes their
// TypeScript (frontend/src/api/events.ts) from here, and a test fails when
// that file is out of date.

// EventReply starts the name of every reply stream's event. The page adds
// the rest and listens before asking for the reply, so not even the first
// words can be missed.
const EventReply = "reply:"

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

// eventPayloads are the payload types the TypeScript is generated for.
var eventPayloads = []any{ReplyEvent{}}

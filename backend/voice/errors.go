package voice

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"kaiwa/backend/llm"
)

// Kind says what went wrong, for code that reacts differently (retry later,
// open Settings, fall back to the system voice or to typing).
type Kind string

const (
	KindUnauthorized Kind = "unauthorized"  // 401, 403
	KindRateLimited  Kind = "rate_limited"  // 429
	KindTooLarge     Kind = "too_large"     // 413
	KindNotSupported Kind = "not_supported" // 404, 405: no such endpoint or model
	KindTimeout      Kind = "timeout"
	KindNetwork      Kind = "network" // unreachable, or the connection dropped
	KindServer       Kind = "server"  // 5xx
	KindBadAnswer    Kind = "bad_answer"
	KindCanceled     Kind = "canceled"
	// KindRejected covers the other 4xx answers (unknown voice, bad
	// parameters, quota used up): only the provider's words say why.
	KindRejected Kind = "rejected"
	// KindBadInput means nothing was sent: no text, or a recording that is
	// empty, too long or not a 16-bit PCM WAV.
	KindBadInput Kind = "bad_input"
)

// Op names the feature that failed, so messages can say what to do instead.
type Op string

const (
	OpSpeech        Op = "speech"
	OpTranscription Op = "transcription"
)

// Error is the only error the Client returns. Error() is short and meant for
// the learner; Detail is for logs and never holds the API key.
type Error struct {
	Kind       Kind
	Op         Op
	Status     int           // HTTP status, when the provider answered with one
	RetryAfter time.Duration // from Retry-After, when the provider sent it
	Detail     string        // the provider's or transport's own words, scrubbed, ≤200 chars

	model   string // for NotSupported's message
	host    string // for Network's and NotSupported's messages
	dropped bool   // Network: the answer had begun when the connection broke
	// cause is only ever a context sentinel or a WAV sentinel, so errors.Is
	// works for callers while no transport error (which may quote a response
	// body) leaks out.
	cause error
}

func (e *Error) Unwrap() error { return e.cause }

func (e *Error) Error() string {
	speech := e.Op == OpSpeech
	switch e.Kind {
	case KindUnauthorized:
		return "The voice provider refused the API key. Check the key in Settings."
	case KindRateLimited:
		return "The voice provider is rate-limiting requests. Try again in " + llm.WaitText(e.RetryAfter) + "."
	case KindTooLarge:
		if speech {
			return "The text is too long to read aloud in one go. Try a shorter passage."
		}
		return "The recording is too large for the voice provider. Record a shorter answer."
	case KindNotSupported:
		// A 404 naming our model is a wrong model name, not a missing feature.
		if e.model != "" && strings.Contains(e.Detail, e.model) {
			return "The model " + e.model + " is not available at this provider. Pick another voice model in Settings."
		}
		if speech {
			return "This provider" + e.at() + " does not offer spoken replies. Choose a speech provider in Settings, or use the system voice."
		}
		return "This provider" + e.at() + " does not offer speech recognition. Choose another provider in Settings, or type your answer."
	case KindTimeout:
		return "The voice provider did not answer in time. Check your connection or try again."
	case KindNetwork:
		if e.dropped {
			return "The connection to the voice provider" + e.at() + " dropped before its answer arrived. Try again."
		}
		return "Kaiwa could not reach the voice provider" + e.at() + ". Check the address and your connection."
	case KindServer:
		if e.RetryAfter > 0 {
			return "The voice provider had a server error. Try again in " + llm.WaitText(e.RetryAfter) + "."
		}
		return "The voice provider had a server error. Try again shortly."
	case KindBadAnswer:
		return "The voice provider sent an answer Kaiwa could not use. Check the voice provider and model in Settings."
	case KindCanceled:
		return "The request was stopped."
	case KindRejected:
		if e.Detail != "" {
			return fmt.Sprintf("The voice provider rejected the request (HTTP %d): %s", e.Status, e.Detail)
		}
		return fmt.Sprintf("The voice provider rejected the request (HTTP %d).", e.Status)
	case KindBadInput:
		switch {
		case speech:
			return "There is no text to read aloud."
		case errors.Is(e.cause, ErrEmptyRecording):
			return "The recording is empty. Check your microphone and record again."
		case errors.Is(e.cause, ErrTooLong):
			return fmt.Sprintf("The recording is longer than %d seconds. Record a shorter answer.", int(MaxRecording.Seconds()))
		}
		return "The recording could not be read. Record your answer again."
	}
	return "The voice provider request failed."
}

func (e *Error) at() string {
	if e.host == "" {
		return ""
	}
	return " at " + e.host
}

func (c *Client) newError(op Op, kind Kind, status int, detail string, model string) *Error {
	e := &Error{Kind: kind, Op: op, Status: status, Detail: c.clean(detail), model: model, host: c.host}
	switch kind {
	case KindCanceled:
		e.cause = context.Canceled
	case KindTimeout:
		e.cause = context.DeadlineExceeded
	}
	return e
}

// fail turns a transport error into an *Error. ctx is the caller's context
// and inner the one carrying our timeout: whichever ended explains err better
// than err itself (a cancelled read looks like any broken read). answered
// says the provider had begun a 2xx answer.
func (c *Client) fail(op Op, ctx, inner context.Context, err error, answered bool, model string) *Error {
	var netErr net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return c.newError(op, KindCanceled, 0, "", model)
	case ctx.Err() != nil, inner.Err() != nil:
		return c.newError(op, KindTimeout, 0, "", model)
	case errors.As(err, &netErr) && netErr.Timeout():
		return c.newError(op, KindTimeout, 0, err.Error(), model)
	}
	e := c.newError(op, KindNetwork, 0, err.Error(), model)
	e.dropped = answered
	return e
}

// fromStatus classifies an error answer from its status, headers and body.
func (c *Client) fromStatus(op Op, status int, header http.Header, body []byte, model string) *Error {
	kind := KindRejected
	switch {
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		kind = KindUnauthorized
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		kind = KindNotSupported
	case status == http.StatusRequestEntityTooLarge:
		kind = KindTooLarge
	case status == http.StatusRequestTimeout, status == http.StatusGatewayTimeout:
		kind = KindTimeout
	case status == http.StatusTooManyRequests && strings.Contains(string(body), "insufficient_quota"):
		// OpenAI's used-up quota is a 429 that waiting will not fix.
		kind = KindRejected
	case status == http.StatusTooManyRequests:
		kind = KindRateLimited
	case status >= 500, status < 400:
		kind = KindServer
	}
	e := c.newError(op, kind, status, message(body), model)
	if kind == KindRateLimited || kind == KindServer {
		e.RetryAfter = llm.RetryAfter(header, time.Now())
	}
	return e
}

// clean makes provider or transport text safe and short for Detail.
func (c *Client) clean(s string) string { return llm.Detail(s, c.cfg.APIKey) }

// message is the human words in an error body.
func message(body []byte) string {
	m, _ := llm.BodyMessage(body)
	return m
}

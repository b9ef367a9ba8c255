package endpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"kaiwa/backend/errs"
)

// Kind says what went wrong, for code that reacts differently (retry later,
// open Settings, fall back to the offline partner, the system voice or
// typing).
type Kind string

const (
	KindUnauthorized  Kind = "unauthorized"    // 401, 403
	KindModelNotFound Kind = "model_not_found" // 404 about the model
	KindNotSupported  Kind = "not_supported"   // 404, 405: the endpoint has no speech or transcription
	KindRateLimited   Kind = "rate_limited"    // 429
	KindTooLarge      Kind = "too_large"       // 413
	KindTimeout       Kind = "timeout"         // 408, 504, or a deadline passed
	KindNetwork       Kind = "network"         // unreachable, or no API at the address
	KindServer        Kind = "server"          // 5xx
	KindDropped       Kind = "dropped"         // the connection broke after the answer began
	KindBadAnswer     Kind = "bad_answer"      // an answer Kaiwa cannot read or use
	KindCanceled      Kind = "canceled"        // the caller stopped the call
	// KindRejected covers the other 4xx answers (bad request, unknown
	// voice, quota used up, moderation): only the provider's words say why.
	KindRejected Kind = "rejected"
	// KindBadInput means nothing was sent: no text to speak, no audio, or a
	// request go-openai refuses to send to this model.
	KindBadInput Kind = "bad_input"
	// KindNotIncluded is Kaiwa AI's 402: the learner's plan does not
	// include Kaiwa AI.
	KindNotIncluded Kind = "not_included"
	// KindQuota is Kaiwa AI's 429 quota_exceeded: this month's Kaiwa AI on
	// the learner's plan is used up. Waiting a moment will not help.
	KindQuota Kind = "quota"
)

// QuotaExceeded is the error code (error.code) of Kaiwa AI's answer when the
// plan's monthly allowance is used up; docs/kaiwa-ai.md is the contract.
const QuotaExceeded = "quota_exceeded"

// Op names what the call was for, so messages say what to do about it.
type Op string

const (
	OpChat          Op = "chat"
	OpModels        Op = "models"
	OpSpeech        Op = "speech"
	OpTranscription Op = "transcription"
)

func (o Op) audio() bool { return o == OpSpeech || o == OpTranscription }

// maxDetail is the longest Detail, in runes.
const maxDetail = 200

// maxRetryAfter caps a provider's requested wait: a longer one is more
// likely a mistake than advice, and the learner can always try sooner.
const maxRetryAfter = 10 * time.Minute

// Error is the only error the Client returns. Error() is short and meant for
// the learner; Detail is for logs and never holds the API key.
type Error struct {
	Kind       Kind
	Op         Op
	Status     int           // HTTP status, when the provider answered with one
	RetryAfter time.Duration // from Retry-After, when the provider sent it (at most 10 minutes)
	Detail     string        // the provider's or transport's own words, scrubbed, ≤200 runes

	model string // for ModelNotFound's message
	host  string // for Network's, Dropped's and NotSupported's messages
	kaiwa bool   // the endpoint is Kaiwa AI: messages name it
	// cause is only ever a context sentinel, so errors.Is works for callers
	// while no transport error (which may quote a response body) leaks out.
	cause error
}

func (e *Error) Unwrap() error { return e.cause }

// ErrorCode maps the kind to Kaiwa's stable codes (see errs.Coder), so the
// page can branch on it without knowing endpoint kinds.
func (e *Error) ErrorCode() errs.Code {
	switch e.Kind {
	case KindUnauthorized:
		return errs.Unauthorized
	case KindRateLimited:
		return errs.RateLimited
	case KindModelNotFound, KindNotSupported:
		return errs.NotFound
	case KindTimeout, KindNetwork, KindServer, KindDropped, KindBadAnswer:
		return errs.Unavailable
	case KindRejected, KindTooLarge, KindBadInput:
		return errs.Invalid
	case KindNotIncluded, KindQuota:
		return errs.Limit
	case KindCanceled:
		// The learner (or Kaiwa closing) stopped the call: nothing failed at
		// the endpoint, and the page should not show it as a failure.
		// Conflict, "the request clashes with the current state", keeps it
		// apart from the failures above.
		return errs.Conflict
	}
	return errs.Internal
}

// What a learner reads when Kaiwa AI is not theirs to use, in one place for
// every package that finds out (billing, partner, this one).
const (
	// KaiwaAIWaysOut are the three ways out.
	KaiwaAIWaysOut = "Upgrade on the Plans page, switch to your own AI in Settings, or continue with the offline partner: both are free and unlimited."
	// KaiwaAINotIncluded: the learner's plan does not include Kaiwa AI.
	KaiwaAINotIncluded = "Your plan does not include Kaiwa AI. " + KaiwaAIWaysOut
	// NoKaiwaAI: this build of Kaiwa knows no Kaiwa AI.
	NoKaiwaAI = "This build of Kaiwa has no Kaiwa AI. Switch to your own AI in Settings, or continue with the offline partner: both are free and unlimited."
)

func (e *Error) Error() string {
	who, whom := "The AI provider", "the AI provider"
	if e.Op.audio() {
		who, whom = "The voice provider", "the voice provider"
	}
	if e.kaiwa {
		who, whom = "Kaiwa AI", "Kaiwa AI"
		switch e.Kind {
		case KindNotIncluded:
			return KaiwaAINotIncluded
		case KindQuota:
			return "You have used this month's Kaiwa AI on your plan. " + KaiwaAIWaysOut
		case KindUnauthorized:
			return "Kaiwa AI did not accept your licence. Open Plans to check it, or choose another partner in Settings."
		case KindNetwork:
			return "Kaiwa could not reach Kaiwa AI. Check your connection, or continue with the offline partner."
		case KindModelNotFound, KindNotSupported:
			return "Kaiwa AI cannot do this right now. Try again later, or choose another partner in Settings."
		}
	}
	switch e.Kind {
	case KindUnauthorized:
		if e.Status == http.StatusForbidden && e.Detail != "" {
			// 403 has other reasons too (region, plan): the provider's words help.
			return who + " refused the API key or this request (HTTP 403): " + strings.TrimRight(e.Detail, ". ") + ". Check the key in Settings."
		}
		return who + " refused the API key. Check the key in Settings."
	case KindModelNotFound:
		switch {
		case e.Op == OpSpeech:
			return "The speech model " + e.model + " is not available at this provider. Pick another speech model in Settings."
		case e.Op == OpTranscription:
			return "The transcription model " + e.model + " is not available at this provider. Pick another transcription model in Settings."
		case e.model == "":
			return "The chosen model is not available at this endpoint. Pick another model in Settings."
		}
		return "The model " + e.model + " is not available at this endpoint. Pick another model in Settings."
	case KindNotSupported:
		if e.Op == OpSpeech {
			return "This provider" + e.at() + " does not offer spoken replies. Choose a speech provider in Settings, or use the system voice."
		}
		return "This provider" + e.at() + " does not offer speech recognition. Choose another provider in Settings, or type your answer."
	case KindRateLimited:
		return who + " is rate-limiting requests. Try again in " + waitText(e.RetryAfter) + "."
	case KindTooLarge:
		switch e.Op {
		case OpSpeech:
			return "The text is too long to read aloud in one go. Try a shorter passage."
		case OpTranscription:
			return "The recording is too large for the voice provider. Record a shorter answer."
		}
		return "The conversation is too long for the AI provider. Start a new one, or pick a model that takes longer conversations in Settings."
	case KindTimeout:
		return who + " did not answer in time. Check your connection or try again."
	case KindNetwork:
		if e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed {
			// Usually a base URL missing its /v1 or pointing at the wrong service.
			return "Kaiwa reached " + whom + e.at() + " but found no API there. Check the address in Settings."
		}
		return "Kaiwa could not reach " + whom + e.at() + ". Check the address and your connection."
	case KindDropped:
		if e.Op == OpChat {
			return "The connection dropped before the reply finished."
		}
		return "The connection to " + whom + e.at() + " dropped before its answer arrived. Try again."
	case KindServer:
		if e.RetryAfter > 0 {
			return who + " had a server error. Try again in " + waitText(e.RetryAfter) + "."
		}
		return who + " had a server error. Try again shortly."
	case KindBadAnswer:
		switch {
		case e.Op.audio():
			return "The voice provider sent an answer Kaiwa could not use. Check the voice provider and model in Settings."
		case e.Op == OpChat:
			return "The AI provider sent a reply Kaiwa could not read."
		}
		return "The AI provider sent an answer Kaiwa could not read. Check the address in Settings."
	case KindCanceled:
		if e.Op == OpChat {
			return "The reply was stopped."
		}
		return "The request was stopped."
	case KindRejected:
		if e.Detail != "" {
			return fmt.Sprintf("%s rejected the request (HTTP %d): %s", who, e.Status, e.Detail)
		}
		return fmt.Sprintf("%s rejected the request (HTTP %d).", who, e.Status)
	case KindBadInput:
		switch e.Op {
		case OpSpeech:
			return "There is no text to read aloud."
		case OpTranscription:
			return "There is no recording to send. Record your answer again."
		}
		if e.Detail != "" {
			return "Kaiwa could not send this request to the AI provider: " + e.Detail
		}
		return "Kaiwa could not send this request to the AI provider."
	}
	return who + " request failed."
}

func (e *Error) at() string {
	if e.host == "" {
		return ""
	}
	return " at " + e.host
}

// waitText says a wait the way a learner reads it: "a moment", "90 seconds".
func waitText(d time.Duration) string {
	switch s := int(math.Ceil(d.Seconds())); {
	case s <= 0:
		return "a moment"
	case s == 1:
		return "1 second"
	case s < 120:
		return strconv.Itoa(s) + " seconds"
	default:
		return strconv.Itoa((s+59)/60) + " minutes"
	}
}

// newCall starts the state of one call; model is named in messages.
func (c *Client) newCall(op Op, model string, limit int64) *call {
	return &call{op: op, model: model, limit: limit}
}

func (c *Client) newError(cl *call, kind Kind, status int, detail string) *Error {
	e := &Error{Kind: kind, Op: cl.op, Status: status, Detail: scrub(detail, c.cfg.APIKey), model: cl.model, host: c.host, kaiwa: c.cfg.KaiwaAI}
	switch kind {
	case KindCanceled:
		e.cause = context.Canceled
	case KindTimeout:
		e.cause = context.DeadlineExceeded
	}
	return e
}

// deadlineError is the cause given to a call's context when one of the
// client's own deadlines ends it, so Detail can say which.
type deadlineError struct{ what string }

func (e *deadlineError) Error() string { return e.what }

// fail turns err from a call into an *Error. ctx is the caller's context and
// inner the one carrying the client's deadlines: whichever ended explains
// err better than err itself (a cancelled read looks like any broken read).
func (c *Client) fail(ctx, inner context.Context, cl *call, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e // an error answer, classified by the transport
	}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return c.newError(cl, KindCanceled, 0, "")
	case ctx.Err() != nil:
		return c.newError(cl, KindTimeout, 0, "")
	case inner.Err() != nil:
		var de *deadlineError
		errors.As(context.Cause(inner), &de)
		if de == nil {
			return c.newError(cl, KindTimeout, 0, "")
		}
		return c.newError(cl, KindTimeout, 0, de.what)
	}

	var apiErr *openai.APIError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var urlErr *url.Error
	var netErr net.Error
	switch {
	case errors.As(err, &apiErr):
		return c.fromEvent(cl, apiErr)
	case errors.Is(err, errTooLarge), errors.Is(err, errLineTooLong),
		errors.As(err, &syntaxErr), errors.As(err, &typeErr), errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		return c.newError(cl, KindBadAnswer, cl.status, err.Error())
	case errors.Is(err, openai.ErrChatCompletionInvalidModel):
		return c.newError(cl, KindModelNotFound, 0, err.Error())
	case errors.As(err, &netErr) && netErr.Timeout():
		return c.newError(cl, KindTimeout, 0, err.Error())
	case cl.status >= 200 && cl.status < 300:
		return c.newError(cl, KindDropped, 0, err.Error())
	case errors.As(err, &urlErr):
		return c.newError(cl, KindNetwork, 0, err.Error())
	}
	// Nothing went out: go-openai refused to build the request.
	return c.newError(cl, KindBadInput, 0, err.Error())
}

// fromBody classifies an error answer from its status, headers and body.
func (c *Client) fromBody(cl *call, status int, header http.Header, body []byte) *Error {
	msg, structured := bodyMessage(body)
	return c.classify(cl, status, header, msg, structured, bytes.Contains(body, []byte("insufficient_quota")), bodyCode(body))
}

// fromEvent classifies an error reported inside a 200 answer (OpenRouter
// does this, streamed or not): its code, when numeric, is the status the
// upstream gave.
func (c *Client) fromEvent(cl *call, e *openai.APIError) *Error {
	status := e.HTTPStatusCode
	if status == 0 {
		status, _ = e.Code.(int)
	}
	quota := strings.Contains(fmt.Sprint(e.Code, " ", e.Type), "insufficient_quota")
	code, _ := e.Code.(string)
	return c.classify(cl, status, nil, e.Message, true, quota, code)
}

// classify builds the *Error for an error answer. structured means the body
// was JSON, i.e. an API answered rather than a bare web server; quota means
// OpenAI's "insufficient_quota", a 429 that waiting will not fix; code is
// the body's error.code.
func (c *Client) classify(cl *call, status int, header http.Header, msg string, structured, quota bool, code string) *Error {
	kind := kindOf(cl.op, cl.model, status, msg, structured, quota)
	if c.cfg.KaiwaAI {
		kind = kaiwaKind(kind, status, code)
	}
	e := c.newError(cl, kind, status, msg)
	if e.Kind == KindRateLimited || e.Kind == KindServer {
		e.RetryAfter = retryAfter(header, time.Now())
	}
	return e
}

// kindOf is Kaiwa's one reading of an HTTP error status, for every op.
func kindOf(op Op, model string, status int, msg string, structured, quota bool) Kind {
	switch {
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return KindUnauthorized
	case status == http.StatusRequestTimeout, status == http.StatusGatewayTimeout:
		return KindTimeout
	case status == http.StatusRequestEntityTooLarge:
		return KindTooLarge
	case status == http.StatusTooManyRequests && quota:
		return KindRejected
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status == http.StatusNotFound, status == http.StatusMethodNotAllowed:
		switch {
		case model != "" && strings.Contains(msg, model):
			return KindModelNotFound
		case op == OpChat && status == http.StatusNotFound && structured:
			// An API answered the chat path: the path exists, the model not.
			return KindModelNotFound
		case op.audio():
			return KindNotSupported
		}
		return KindNetwork // no API at this address
	case status >= 500, status < 400:
		return KindServer
	}
	return KindRejected
}

// kaiwaKind reads Kaiwa AI's own answers about the learner's plan
// (docs/kaiwa-ai.md): 402, the plan does not include it; 429 with the code
// quota_exceeded, this month's allowance is used up. Other answers mean
// what they mean anywhere.
func kaiwaKind(kind Kind, status int, code string) Kind {
	switch {
	case status == http.StatusPaymentRequired:
		return KindNotIncluded
	case status == http.StatusTooManyRequests && code == QuotaExceeded:
		return KindQuota
	}
	return kind
}

// retryAfter reads how long the provider asked us to wait: Retry-After in
// seconds or as an HTTP date, or OpenAI's finer retry-after-ms; at most
// maxRetryAfter.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	var d time.Duration
	v := strings.TrimSpace(h.Get("Retry-After"))
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After-Ms")), 64); err == nil && ms > 0 {
		d = time.Duration(min(ms, float64(maxRetryAfter/time.Millisecond)) * float64(time.Millisecond))
	} else if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s > 0 {
			d = time.Duration(min(s, maxRetryAfter.Seconds()) * float64(time.Second))
		}
	} else if t, err := http.ParseTime(v); err == nil && t.After(now) {
		d = t.Sub(now)
	}
	return min(d, maxRetryAfter)
}

// bodyMessage finds the human words in an error body: OpenAI's
// {"error":{"message":...}}, {"error":"..."} (Ollama's native style),
// {"message":...}, {"detail":...}, or else the raw text. structured says the
// body was JSON.
func bodyMessage(body []byte) (msg string, structured bool) {
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		return string(body), false
	}
	for _, k := range []string{"error", "message", "detail"} {
		switch x := v[k].(type) {
		case string:
			return x, true
		case map[string]any:
			if m, ok := x["message"].(string); ok {
				return m, true
			}
		}
	}
	return string(body), true
}

// bodyCode is OpenAI's {"error":{"code":"..."}} of an error body, or "".
func bodyCode(body []byte) string {
	var v struct {
		Error struct {
			Code any `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	code, _ := v.Error.Code.(string)
	return code
}

// scrub makes provider or transport text safe and short for Detail: the key
// is removed before cutting, so a cut can never leave part of it behind.
func scrub(s, key string) string {
	if key != "" {
		s = strings.ReplaceAll(s, key, "[API key]")
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxDetail {
		return s
	}
	r := []rune(s)
	return string(r[:maxDetail-1]) + "…"
}

package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Kind says what went wrong, for code that reacts differently (retry later,
// open Settings, offer the offline partner).
type Kind string

const (
	KindUnauthorized  Kind = "unauthorized"
	KindModelNotFound Kind = "model_not_found"
	KindRateLimited   Kind = "rate_limited"
	KindServer        Kind = "server"
	KindTimeout       Kind = "timeout"
	KindNetwork       Kind = "network"
	KindDropped       Kind = "dropped"
	KindBadResponse   Kind = "bad_response"
	KindCanceled      Kind = "canceled"
	// KindRejected covers the other 4xx answers (bad request, quota used up,
	// region or moderation refusals): only the provider's words say why.
	KindRejected Kind = "rejected"
)

const MaxDetail = 200

// Error is the only error the client returns. Error() is short and meant for
// the learner; Detail is for logs and never holds the API key.
type Error struct {
	Kind       Kind
	Status     int           // HTTP status, when the provider answered with one
	RetryAfter time.Duration // from Retry-After, when the provider sent it
	Detail     string        // the provider's or transport's own words, scrubbed, ≤200 chars

	model string // for ModelNotFound's message
	host  string // for Network's message
	// cause is only ever a context sentinel, so errors.Is works for callers
	// while no transport error (which may quote a response body) leaks out.
	cause error
}

func (e *Error) Unwrap() error { return e.cause }

func (e *Error) Error() string {
	switch e.Kind {
	case KindUnauthorized:
		return "The AI provider refused the API key. Check the key in Settings."
	case KindModelNotFound:
		if e.model == "" {
			return "The chosen model is not available at this endpoint. Pick another model in Settings."
		}
		return "The model " + e.model + " is not available at this endpoint. Pick another model in Settings."
	case KindRateLimited:
		return "The AI provider is rate-limiting requests. Try again in " + WaitText(e.RetryAfter) + "."
	case KindServer:
		return "The AI provider had a server error. Try again shortly."
	case KindTimeout:
		return "The AI provider did not answer in time. Check your connection or try again."
	case KindNetwork:
		at := ""
		if e.host != "" {
			at = " at " + e.host
		}
		if e.Status == http.StatusNotFound {
			// Usually a base URL missing its /v1 or pointing at the wrong service.
			return "Kaiwa reached the AI provider" + at + " but found no API there. Check the address in Settings."
		}
		return "Kaiwa could not reach the AI provider" + at + ". Check the address and your connection."
	case KindDropped:
		return "The connection dropped before the reply finished."
	case KindBadResponse:
		return "The AI provider sent a reply Kaiwa could not read."
	case KindCanceled:
		return "The reply was stopped."
	case KindRejected:
		if e.Detail != "" {
			return fmt.Sprintf("The AI provider rejected the request (HTTP %d): %s", e.Status, e.Detail)
		}
		return fmt.Sprintf("The AI provider rejected the request (HTTP %d).", e.Status)
	}
	return "The AI provider request failed."
}

// WaitText says a wait the way a learner reads it: "a moment", "90 seconds".
func WaitText(d time.Duration) string {
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

func (c *Client) newError(kind Kind, status int, detail string) *Error {
	e := &Error{Kind: kind, Status: status, Detail: c.clean(detail), model: c.cfg.Model, host: c.host}
	switch kind {
	case KindCanceled:
		e.cause = context.Canceled
	case KindTimeout:
		e.cause = context.DeadlineExceeded
	}
	return e
}

// fail turns err from a call into an *Error. ctx is the caller's context and
// inner the one carrying our own deadlines: whichever ended explains err
// better than err itself (a cancelled read looks like any broken read).
func (c *Client) fail(ctx, inner context.Context, tr *trace, err error, chat bool) *Error {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return c.newError(KindCanceled, 0, "")
	case ctx.Err() != nil, inner.Err() != nil:
		return c.newError(KindTimeout, 0, "")
	}

	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	var netErr net.Error
	switch {
	case errors.As(err, &reqErr):
		// First: go-openai may wrap an empty APIError in a RequestError
		// when the body's "error" is a plain string.
		msg, isJSON := BodyMessage(reqErr.Body)
		return c.fromStatus(reqErr.HTTPStatusCode, tr.header, msg, isJSON, strings.Contains(msg, "quota"), chat)
	case errors.As(err, &apiErr):
		status, header := apiErr.HTTPStatusCode, tr.header
		if status == 0 {
			// An error event inside a 200 stream (OpenRouter does this);
			// its code, when numeric, is the status the upstream gave.
			status, _ = apiErr.Code.(int)
			header = nil
		}
		quota := strings.Contains(fmt.Sprint(apiErr.Code, apiErr.Type), "quota")
		return c.fromStatus(status, header, apiErr.Message, true, quota, chat)
	case errors.As(err, &syntaxErr), errors.As(err, &typeErr), errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		return c.newError(KindBadResponse, tr.status, err.Error())
	case errors.As(err, &netErr) && netErr.Timeout():
		return c.newError(KindTimeout, 0, err.Error())
	case tr.status >= 200 && tr.status < 300:
		return c.newError(KindDropped, 0, err.Error())
	default:
		return c.newError(KindNetwork, 0, err.Error())
	}
}

// fromStatus classifies an error answer. structured means the body was JSON,
// i.e. an API answered rather than a bare web server.
func (c *Client) fromStatus(status int, header http.Header, detail string, structured, quota, chat bool) *Error {
	kind := KindRejected
	switch {
	case status == http.StatusUnauthorized:
		kind = KindUnauthorized
	case status == http.StatusNotFound && chat && structured:
		kind = KindModelNotFound
	case status == http.StatusNotFound:
		kind = KindNetwork
	case status == http.StatusRequestTimeout:
		kind = KindTimeout
	case status == http.StatusTooManyRequests && quota:
		// OpenAI's "insufficient_quota" is a 429 that waiting will not fix.
		kind = KindRejected
	case status == http.StatusTooManyRequests:
		kind = KindRateLimited
	case status >= 500, status < 400:
		kind = KindServer
	}
	e := c.newError(kind, status, detail)
	if kind == KindRateLimited || kind == KindServer {
		e.RetryAfter = RetryAfter(header, time.Now())
	}
	return e
}

// RetryAfter reads how long the provider asked us to wait: Retry-After in
// seconds or as an HTTP date, or OpenAI's finer retry-after-ms.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After-Ms")), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s > 0 {
			return time.Duration(s * float64(time.Second))
		}
		return 0
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// BodyMessage finds the human words in an error body go-openai could not
// parse: {"error":"..."} (Ollama's native style), {"message":...},
// {"detail":...}, or else the raw text.
func BodyMessage(body []byte) (string, bool) {
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

// clean makes provider or transport text safe and short for Detail.
func (c *Client) clean(s string) string { return Detail(s, c.cfg.APIKey) }

// Detail makes provider or transport text safe and short for an error's
// Detail: the key is removed before cutting, so a cut can never leave part
// of it behind.
func Detail(s, key string) string {
	if key != "" {
		s = strings.ReplaceAll(s, key, "[API key]")
	}
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= MaxDetail {
		return s
	}
	r := []rune(s)
	return string(r[:MaxDetail-1]) + "…"
}

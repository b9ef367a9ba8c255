// Package llm is Kaiwa's client for any OpenAI-compatible chat endpoint
// (OpenAI, Ollama, LM Studio, llama.cpp server, OpenRouter...). It streams
// replies under deadlines so nothing hangs, and turns every failure into an
// *Error whose message a learner can act on.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// OllamaBaseURL is where a local Ollama serves its OpenAI-compatible API.
const OllamaBaseURL = "http://localhost:11434/v1"

const (
	defaultFirstByteTimeout = 30 * time.Second
	defaultIdleTimeout      = 30 * time.Second
	defaultModelsTimeout    = 10 * time.Second
	detectTimeout           = 300 * time.Millisecond
	// go-openai fails a stream after this many non-data lines in a row. Its
	// default (300) counts keep-alive comments, which some providers send
	// every few seconds while a model loads; our idle deadline and the
	// caller's context bound the wait instead.
	maxNonDataLines = 100_000
)

// Config says which endpoint and model to use. An empty BaseURL means OpenAI;
// an empty APIKey sends no Authorization header (Ollama, LM Studio).
type Config struct {
	BaseURL, APIKey, Model string
}

// Message is one turn of the conversation; Role is system, user or assistant.
type Message struct {
	Role, Content string
}

// Client talks to one endpoint and is safe for concurrent calls. Set the
// timeout fields before use, not while a call is running; zero or less means
// the default.
type Client struct {
	// FirstByteTimeout bounds the wait from sending a chat request to the
	// first byte of its reply (connecting, queueing, loading the model).
	FirstByteTimeout time.Duration
	// IdleTimeout bounds the silence between two reads of a streamed reply;
	// keep-alive comments count as activity.
	IdleTimeout time.Duration
	// ModelsTimeout bounds a whole Models call.
	ModelsTimeout time.Duration

	cfg  Config
	host string
	oa   *openai.Client
}

// New returns a client for cfg. hc nil means a plain http.Client; no overall
// timeout is set on it because a long reply may legitimately stream for
// minutes, which the deadlines above police instead.
func New(cfg Config, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{}
	}
	// Keys are pasted by hand; a stray newline would make every request fail
	// with an obscure header error.
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = cfg.BaseURL
	}
	oc.HTTPClient = doer{hc}
	oc.EmptyMessagesLimit = maxNonDataLines
	var host string
	if u, err := url.Parse(oc.BaseURL); err == nil {
		host = u.Host
	}
	return &Client{
		FirstByteTimeout: defaultFirstByteTimeout,
		IdleTimeout:      defaultIdleTimeout,
		ModelsTimeout:    defaultModelsTimeout,
		cfg:              cfg,
		host:             host,
		oa:               openai.NewClientWithConfig(oc),
	}
}

// errStalled is the cause given to a request's context when the provider went
// quiet for too long, to tell our deadline apart from the caller's cancel.
var errStalled = errors.New("llm: provider stalled")

// Stream sends a streaming chat completion and calls onDelta with each piece of
// content as it arrives (never with ""). It returns when the stream ends ([DONE]
// or EOF after at least a finish), ctx is cancelled, or an error occurs. Usage-only
// final chunks (no choices) and ": ping" keep-alive comments are skipped.
// Every error is an *Error.
func (c *Client) Stream(ctx context.Context, msgs []Message, onDelta func(string)) error {
	sctx, stall := context.WithCancelCause(ctx)
	defer stall(nil)
	// One watchdog covers both deadlines: it starts with the first-byte
	// allowance and every read of the body re-arms it with the idle one.
	idle := orDefault(c.IdleTimeout, defaultIdleTimeout)
	watchdog := time.AfterFunc(orDefault(c.FirstByteTimeout, defaultFirstByteTimeout), func() { stall(errStalled) })
	defer watchdog.Stop()
	tr := &trace{kick: func() { watchdog.Reset(idle) }}
	defer tr.close()

	req := openai.ChatCompletionRequest{Model: c.cfg.Model, Stream: true}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	stream, err := c.oa.CreateChatCompletionStream(context.WithValue(sctx, traceKey{}, tr), req)
	if err != nil {
		return c.fail(ctx, sctx, tr, err, true)
	}
	defer stream.Close()

	var sawEvent, finished bool
	for {
		resp, err := stream.Recv()
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return c.fail(ctx, sctx, tr, err, true)
		case finished:
			// The reply is complete; a provider that then stalls or closes
			// without [DONE] has cost the learner nothing.
			return nil
		case errors.Is(err, io.EOF) && tr.sawDone:
			return nil
		case errors.Is(err, io.EOF) && !sawEvent:
			return c.newError(KindBadResponse, 0, "the reply held no data events")
		case errors.Is(err, io.EOF):
			return c.newError(KindDropped, 0, "the stream ended before a finish reason or [DONE]")
		default:
			return c.fail(ctx, sctx, tr, err, true)
		}
		sawEvent = true
		if len(resp.Choices) == 0 {
			continue // usage-only chunk
		}
		ch := resp.Choices[0]
		if ch.Delta.Content != "" && onDelta != nil {
			// The idle deadline is about the provider's silence: a slow
			// consumer must not make a healthy stream time out.
			paused := watchdog.Stop()
			onDelta(ch.Delta.Content)
			if paused {
				watchdog.Reset(idle)
			}
		}
		if ch.FinishReason != "" {
			finished = true
		}
	}
}

// Models lists model ids from GET {BaseURL}/models, sorted.
func (c *Client) Models(ctx context.Context) ([]string, error) {
	mctx, cancel := context.WithTimeout(ctx, orDefault(c.ModelsTimeout, defaultModelsTimeout))
	defer cancel()
	tr := &trace{}
	defer tr.close()
	list, err := c.oa.ListModels(context.WithValue(mctx, traceKey{}, tr))
	if err != nil {
		return nil, c.fail(ctx, mctx, tr, err, false)
	}
	ids := make([]string, 0, len(list.Models))
	for _, m := range list.Models {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// orDefault keeps a zero Client{} field from meaning "time out at once".
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// DetectOllama reports whether an Ollama server answers at baseURL (normally
// OllamaBaseURL) with a model list within ~300 ms, so Settings can offer it
// without slowing down when it is absent. Any failure means "not detected".
func DetectOllama(ctx context.Context, baseURL string) bool {
	ctx, cancel := context.WithTimeout(ctx, detectTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+"/models", nil)
	if err != nil {
		return false
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	// Another program may own the port; only an OpenAI-style list counts.
	var list struct {
		Data []json.RawMessage `json:"data"`
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&list) == nil && list.Data != nil
}

// Package endpoint is Kaiwa's one client for an OpenAI-compatible endpoint
// (OpenAI, Ollama, LM Studio, llama.cpp, OpenRouter, Speaches...): chat,
// streamed or whole, the model list, speech and transcription. Every call
// runs under deadlines with capped reads, and every failure is an *Error
// whose message a learner can act on.
package endpoint

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

const (
	// OpenAIBaseURL is used when Config.BaseURL is empty.
	OpenAIBaseURL = "https://api.openai.com/v1"
	// OllamaBaseURL is where a local Ollama serves its OpenAI-compatible API.
	OllamaBaseURL = "http://localhost:11434/v1"
)

const (
	defaultFirstByteTimeout = 30 * time.Second
	defaultIdleTimeout      = 30 * time.Second
	defaultReplyTimeout     = 5 * time.Minute
	defaultModelsTimeout    = 10 * time.Second
	defaultAudioTimeout     = 60 * time.Second
	detectTimeout           = 300 * time.Millisecond
)

// Caps on what a call reads, so a misbehaving server cannot grow Kaiwa's
// memory: past them the call fails as a bad answer.
const (
	// MaxAudioBytes bounds synthesized speech; a minute of mp3 is ~1 MB, so
	// anything near this is a misbehaving server, not speech.
	MaxAudioBytes = 20 << 20
	// maxAnswerBytes bounds a JSON answer (a completion, a model list, a
	// transcript). OpenRouter's model list is the largest seen, ~1.5 MB.
	maxAnswerBytes = 8 << 20
	// maxErrorBytes bounds what is read of an error answer; the rest is
	// dropped, as only its first words are ever shown.
	maxErrorBytes = 64 << 10
	// maxStreamBytes bounds a whole streamed reply, keep-alives included.
	maxStreamBytes = 32 << 20
	// maxLineBytes bounds one line of a streamed reply: a chunk is a few
	// hundred bytes, so a longer line is not a chunk.
	maxLineBytes = 1 << 20
	// go-openai fails a stream after this many non-data lines in a row. Its
	// default (300) counts keep-alive comments, which some providers send
	// every few seconds while a model loads; the deadlines and
	// maxStreamBytes bound the wait instead.
	maxNonDataLines = 100_000
)

// httpClient is the one HTTP setup for every call. It has no overall
// timeout, because a reply may rightly stream for minutes; each call's own
// deadlines police it. Its transport is Go's default (bounded dialing and
// TLS handshakes), cloned so no other package's settings leak in.
var httpClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

// Config says which endpoint and chat model to use. An empty BaseURL means
// OpenAI; an empty APIKey sends no Authorization header (Ollama, LM Studio).
type Config struct {
	BaseURL, APIKey, Model string
	// Headers go with every request besides the key, such as Kaiwa AI's
	// X-Kaiwa-Instance. They cannot replace Authorization or Content-Type.
	Headers map[string]string
	// KaiwaAI says the endpoint is Kaiwa AI (docs/kaiwa-ai.md), which the
	// learner's plan pays for: its 402 and 429 quota_exceeded answers are the
	// plan's limit (errs.Limit), and messages name Kaiwa AI, not a provider
	// the learner set up.
	KaiwaAI bool
}

// Client talks to one endpoint and is safe for concurrent calls. Set the
// timeout fields before use, not while a call is running; zero or less means
// the default.
type Client struct {
	// FirstByteTimeout bounds the wait for a streamed reply to show life:
	// from sending the request, and then between reads until the first
	// content arrives. Keep-alive comments count here, so a provider that
	// pings while it loads the model is given time.
	FirstByteTimeout time.Duration
	// IdleTimeout bounds the wait between two pieces of content once a
	// reply has begun. Only content counts: a provider that sends keep-alive
	// comments but no more words has stalled.
	IdleTimeout time.Duration
	// ReplyTimeout bounds a whole reply, streamed or not (default 5 minutes).
	ReplyTimeout time.Duration
	// ModelsTimeout bounds a whole Models call.
	ModelsTimeout time.Duration
	// AudioTimeout bounds a whole Speak or Transcribe call, upload and
	// download included.
	AudioTimeout time.Duration

	cfg     Config
	headers http.Header
	host    string
	hc      *http.Client
	oa      *openai.Client
}

// New returns a client for cfg. hc nil means the package's shared client;
// tests pass their own transport.
func New(cfg Config, hc *http.Client) *Client {
	if hc == nil {
		hc = httpClient
	}
	// Keys are pasted by hand; a stray newline would make every request fail
	// with an obscure header error.
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = OpenAIBaseURL
	}
	c := &Client{
		FirstByteTimeout: defaultFirstByteTimeout,
		IdleTimeout:      defaultIdleTimeout,
		ReplyTimeout:     defaultReplyTimeout,
		ModelsTimeout:    defaultModelsTimeout,
		AudioTimeout:     defaultAudioTimeout,
		cfg:              cfg,
		headers:          extraHeaders(cfg.Headers),
		host:             Host(cfg.BaseURL),
		hc:               hc,
	}
	// go-openai only parses the event stream; the key is set by the
	// transport, like for every other call.
	oc := openai.DefaultConfig("")
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = transport{c}
	oc.EmptyMessagesLimit = maxNonDataLines
	c.oa = openai.NewClientWithConfig(oc)
	return c
}

// extraHeaders is Config.Headers as sent: canonical names, without the
// ones each call sets itself.
func extraHeaders(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		switch k = http.CanonicalHeaderKey(strings.TrimSpace(k)); k {
		case "", "Authorization", "Content-Type":
			continue
		}
		h.Set(k, strings.TrimSpace(v))
	}
	return h
}

// Host is the lower-case host of baseURL (OpenAI's when it is empty), as
// messages name it and caches key on it.
func Host(baseURL string) string {
	baseURL = strings.TrimSpace(baseURL)
	if baseURL == "" {
		baseURL = OpenAIBaseURL
	}
	if u, err := url.Parse(baseURL); err == nil {
		return strings.ToLower(u.Host)
	}
	return ""
}

// send makes one call that is not streamed, under timeout, and returns the
// body of its 2xx answer (at most cl.limit bytes) or an *Error.
func (c *Client) send(ctx context.Context, cl *call, timeout time.Duration, method, path, contentType string, body []byte) ([]byte, http.Header, error) {
	inner, cancel := context.WithTimeoutCause(ctx, timeout, &deadlineError{"no complete answer within " + timeout.String()})
	defer cancel()
	req, err := http.NewRequestWithContext(withCall(inner, cl), method, c.cfg.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		// Only a malformed base URL gets here.
		return nil, nil, c.newError(cl, KindNetwork, 0, err.Error())
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := transport{c}.Do(req)
	if err != nil {
		return nil, nil, c.fail(ctx, inner, cl, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, c.fail(ctx, inner, cl, err)
	}
	return data, resp.Header, nil
}

// orDefault keeps a zero Client{} field from meaning "time out at once".
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

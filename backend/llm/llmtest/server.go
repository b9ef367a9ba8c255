// Package llmtest is a fake OpenAI-compatible provider for tests: a real HTTP
// server in-process that speaks the wire format (SSE chunks, error bodies,
// /v1/models) and can misbehave on demand, so no test needs a real model.
package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one chat message as the fake received it. It mirrors llm.Message
// without importing it, so llm's own tests can use this package.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is what the fake recorded about one request it received.
type Request struct {
	Method, Path string
	Model        string
	Messages     []Message
	Stream       bool
	// Authorized reports whether an Authorization header was sent at all.
	Authorized bool
	// FirstChunkAt is when the fake began writing the first chunk carrying
	// content (zero if none was written), for latency measurements.
	FirstChunkAt time.Time
}

// Stream describes a streamed chat completion.
type Stream struct {
	Chunks []string      // content pieces, one SSE event each, in order
	Delay  time.Duration // wait before each content chunk
	// PingEvery sends ": ping" comments before each chunk and, while waiting
	// out Delay, at this interval; 0 sends none.
	PingEvery time.Duration
	Usage     bool // end with a usage-only chunk (no choices), as with include_usage
	NoDone    bool // end the body after the finish chunk without "data: [DONE]"
}

type mode int

const (
	modeStream mode = iota
	modeFail
	modeDrop
	modeHang
	modeRaw
	modeHandle
)

type behaviour struct {
	mode       mode
	stream     Stream
	status     int
	message    string
	retryAfter string
	raw        string
	handler    http.HandlerFunc
}

// Server is the fake provider. Behaviour setters may be called at any time;
// the latest one applies to every following request.
type Server struct {
	ts   *httptest.Server
	quit chan struct{}

	mu       sync.Mutex
	b        behaviour
	models   []string
	requests []*Request
}

// NewServer starts a fake provider that replies "Hola" and lists one model
// until told otherwise; it is shut down when the test ends, releasing any
// request it is still holding.
func NewServer(t testing.TB) *Server {
	s := &Server{
		quit:   make(chan struct{}),
		b:      behaviour{mode: modeStream, stream: Stream{Chunks: []string{"Hola"}}},
		models: []string{"kaiwa-test"},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("GET /v1/models", s.listModels)
	s.ts = httptest.NewServer(mux)
	t.Cleanup(func() {
		close(s.quit)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
	return s
}

// URL is the base URL a client should use; it ends in /v1.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Reply streams these content pieces, then a finish chunk and [DONE].
func (s *Server) Reply(chunks ...string) { s.Stream(Stream{Chunks: chunks}) }

// Stream streams a reply shaped by st.
func (s *Server) Stream(st Stream) { s.set(behaviour{mode: modeStream, stream: st}) }

// Fail answers every request with status and an OpenAI-style error body
// carrying message; retryAfter, when not empty, is sent as Retry-After.
func (s *Server) Fail(status int, message, retryAfter string) {
	s.set(behaviour{mode: modeFail, status: status, message: message, retryAfter: retryAfter})
}

// DropAfter streams these content pieces, then closes the connection without
// ending the response, as a crashed server or a lost network would.
func (s *Server) DropAfter(chunks ...string) {
	s.set(behaviour{mode: modeDrop, stream: Stream{Chunks: chunks}})
}

// Hang accepts requests and never answers them, until the client gives up or
// the test ends.
func (s *Server) Hang() { s.set(behaviour{mode: modeHang}) }

// Raw answers chat completions with status 200, an event-stream content type
// and body sent as is: for malformed data or unusual endings.
func (s *Server) Raw(body string) { s.set(behaviour{mode: modeRaw, raw: body}) }

// Handle lets h answer every request (after it is recorded), for behaviour
// the other setters do not cover.
func (s *Server) Handle(h http.HandlerFunc) { s.set(behaviour{mode: modeHandle, handler: h}) }

// Models sets the model ids GET /v1/models lists, in this order.
func (s *Server) Models(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.models = slices.Clone(ids)
}

// Requests returns copies of the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
		out[i].Messages = slices.Clone(r.Messages)
	}
	return out
}

// Last returns a copy of the latest request received; ok is false if none.
func (s *Server) Last() (r Request, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		return Request{}, false
	}
	r = *s.requests[len(s.requests)-1]
	r.Messages = slices.Clone(r.Messages)
	return r, true
}

func (s *Server) set(b behaviour) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = b
}

// record stores the request before answering so a test can see requests
// that are still hanging.
func (s *Server) record(r *http.Request) (*Request, behaviour, error) {
	rec := &Request{Method: r.Method, Path: r.URL.Path, Authorized: r.Header.Get("Authorization") != ""}
	var err error
	if r.Method == http.MethodPost {
		var body struct {
			Model    string    `json:"model"`
			Messages []Message `json:"messages"`
			Stream   bool      `json:"stream"`
		}
		err = json.NewDecoder(r.Body).Decode(&body)
		rec.Model, rec.Messages, rec.Stream = body.Model, body.Messages, body.Stream
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	return rec, s.b, err
}

func (s *Server) listModels(w http.ResponseWriter, r *http.Request) {
	_, b, _ := s.record(r)
	if s.common(w, r, b) {
		return
	}
	s.mu.Lock()
	ids := slices.Clone(s.models)
	s.mu.Unlock()
	type model struct {
		ID      string `json:"id"`
		Object  string `json:"object"`
		OwnedBy string `json:"owned_by"`
	}
	list := struct {
		Object string  `json:"object"`
		Data   []model `json:"data"`
	}{Object: "list", Data: []model{}}
	for _, id := range ids {
		list.Data = append(list.Data, model{ID: id, Object: "model", OwnedBy: "kaiwa"})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(list)
}

// common applies the behaviours shared by every endpoint and reports whether
// it answered.
func (s *Server) common(w http.ResponseWriter, r *http.Request, b behaviour) bool {
	switch b.mode {
	case modeFail:
		writeError(w, b.status, b.message, b.retryAfter)
	case modeHang:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	case modeHandle:
		b.handler(w, r)
	default:
		return false
	}
	return true
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	rec, b, err := s.record(r)
	if s.common(w, r, b) {
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "could not parse the JSON body: "+err.Error(), "")
		return
	}
	if b.mode == modeRaw {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, b.raw)
		return
	}
	sw := &sse{w: w, rc: http.NewResponseController(w)}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	// Real providers open with a role-only chunk whose content is empty.
	sw.event(chunk(rec.Model, delta{Role: "assistant"}, nil))
	st := b.stream
	for i, c := range st.Chunks {
		if !s.wait(r, sw, st.Delay, st.PingEvery) {
			return
		}
		if st.PingEvery > 0 {
			sw.comment("ping")
		}
		if i == 0 {
			s.mu.Lock()
			rec.FirstChunkAt = time.Now()
			s.mu.Unlock()
		}
		sw.event(chunk(rec.Model, delta{Content: c}, nil))
	}
	if b.mode == modeDrop {
		if conn, _, err := sw.rc.Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	stop := "stop"
	sw.event(chunk(rec.Model, delta{}, &stop))
	if st.Usage {
		sw.event(map[string]any{
			"id": "chatcmpl-kaiwa", "object": "chat.completion.chunk", "created": time.Now().Unix(),
			"model": rec.Model, "choices": []any{},
			"usage": map[string]int{"prompt_tokens": 12, "completion_tokens": len(st.Chunks), "total_tokens": 12 + len(st.Chunks)},
		})
	}
	if !st.NoDone {
		sw.data("[DONE]")
	}
}

// wait sleeps d, sending keep-alive comments every ping; false means the
// client or the test went away.
func (s *Server) wait(r *http.Request, sw *sse, d, ping time.Duration) bool {
	end := time.NewTimer(d)
	defer end.Stop()
	var tick <-chan time.Time
	if ping > 0 {
		t := time.NewTicker(ping)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-end.C:
			return true
		case <-tick:
			sw.comment("ping")
		case <-r.Context().Done():
			return false
		case <-s.quit:
			return false
		}
	}
}

type delta struct {
	Role    string `json:"role,omitempty"`
	Content string `json:"content"`
}

func chunk(model string, d delta, finish *string) map[string]any {
	return map[string]any{
		"id": "chatcmpl-kaiwa", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": model,
		"choices": []any{map[string]any{"index": 0, "delta": d, "finish_reason": finish}},
	}
}

type sse struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func (s *sse) event(v any) {
	b, _ := json.Marshal(v)
	s.data(string(b))
}

func (s *sse) data(payload string) {
	fmt.Fprintf(s.w, "data: %s\n\n", payload)
	s.rc.Flush()
}

func (s *sse) comment(text string) {
	fmt.Fprintf(s.w, ": %s\n\n", text)
	s.rc.Flush()
}

func writeError(w http.ResponseWriter, status int, message, retryAfter string) {
	typ, code := "invalid_request_error", ""
	switch {
	case status == http.StatusUnauthorized:
		code = "invalid_api_key"
	case status == http.StatusNotFound:
		code = "model_not_found"
	case status == http.StatusTooManyRequests:
		typ, code = "requests", "rate_limit_exceeded"
	case status >= 500:
		typ = "server_error"
	}
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"error": map[string]any{"message": message, "type": typ, "code": nilIfEmpty(code)}}
	json.NewEncoder(w).Encode(body)
}

func nilIfEmpty(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

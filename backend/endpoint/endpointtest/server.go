// Package endpointtest is a fake OpenAI-compatible endpoint for tests: a
// real HTTP server in-process that speaks the wire format of
// /v1/chat/completions (streamed and not), /v1/models, /v1/audio/speech and
// /v1/audio/transcriptions, records what it received, and misbehaves on
// demand, so no test needs a real provider. KaiwaAI makes it imitate the
// contract of Kaiwa AI's gateway (docs/kaiwa-ai.md) as well.
package endpointtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one chat message as the fake received it. It mirrors
// endpoint.Message without importing it, so endpoint's own tests can use
// this package.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is what the fake recorded about one request it received.
type Request struct {
	Method, Path string
	// Authorization is the header as sent ("" when absent), so tests can
	// check the key went out, and went out only where it should.
	Authorization string
	// Instance and Conversation are the X-Kaiwa-Instance and
	// X-Kaiwa-Conversation headers as sent ("" when absent).
	Instance, Conversation string
	ContentType            string
	// JSON is the raw body of a chat or speech request.
	JSON []byte
	// Model is the model of a chat, speech or transcription request.
	Model string

	// Chat requests.
	Messages            []Message
	Stream              bool
	MaxTokens           int
	MaxCompletionTokens int
	// ResponseFormat is response_format's type for chat ("json_object"), or
	// the response_format field of a transcription ("json").
	ResponseFormat string
	// FirstChunkAt is when the fake began writing the first chunk carrying
	// content (zero if none was written), for latency measurements.
	FirstChunkAt time.Time

	// Speech requests.
	Speech SpeechBody

	// Transcription requests: the multipart fields.
	File     []byte
	FileName string
	FileType string // the file part's Content-Type
	Language string
}

// SpeechBody is the JSON of a speech request. Speed is nil when not sent.
type SpeechBody struct {
	Model          string   `json:"model"`
	Input          string   `json:"input"`
	Voice          string   `json:"voice"`
	ResponseFormat string   `json:"response_format"`
	Speed          *float64 `json:"speed"`
}

// Stream describes a chat reply. Streamed requests get it as SSE chunks;
// others get the chunks joined as one completion.
type Stream struct {
	Chunks []string      // content pieces, one SSE event each, in order
	Delay  time.Duration // wait before each content chunk
	// PingEvery sends ": ping" comments before each chunk and, while waiting
	// out Delay, at this interval; 0 sends none.
	PingEvery time.Duration
	Usage     bool // end with a usage-only chunk (no choices), as with include_usage
	NoDone    bool // end the body after the finish chunk without "data: [DONE]"
	// Stall sends, after the chunks, only keep-alive comments (every
	// PingEvery, or 10 ms) until the client gives up: a model that stopped
	// producing on a connection that stays alive.
	Stall bool
}

type mode int

const (
	modeOK mode = iota
	modeFail
	modeDrop
	modeHang
	modeRaw
	modeHandle
)

type behaviour struct {
	mode       mode
	status     int
	message    string
	retryAfter string
	raw        string
	handler    http.HandlerFunc
}

// Server is the fake endpoint. Setters may be called at any time; the
// latest applies to every following request.
type Server struct {
	ts   *httptest.Server
	quit chan struct{}

	mu         sync.Mutex
	b          behaviour
	stream     Stream
	models     []string
	transcript string
	answer     *string // the text of unstreamed completions; nil: the stream's
	requests   []*Request
	licences   map[string]Licence // set: the fake is Kaiwa AI's gateway
}

// Licence is a licence key the imitation of Kaiwa AI's gateway knows, with
// the activation it was issued for and the state of its plan.
type Licence struct {
	Key, Instance string
	// NotIncluded: the licence's plan does not include Kaiwa AI (402).
	NotIncluded bool
	// OverQuota: this month's allowance is used up (429 quota_exceeded).
	OverQuota bool
}

// NewServer starts a fake endpoint that replies "Hola", lists one model
// (kaiwa-test), speaks silence in the requested format and transcribes
// every recording as "Hola" until told otherwise. It is shut down when the
// test ends, releasing any request it still holds.
func NewServer(t testing.TB) *Server {
	s := &Server{
		quit:       make(chan struct{}),
		stream:     Stream{Chunks: []string{"Hola"}},
		models:     []string{"kaiwa-test"},
		transcript: "Hola",
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("GET /v1/models", s.listModels)
	mux.HandleFunc("POST /v1/audio/speech", s.speech)
	mux.HandleFunc("POST /v1/audio/transcriptions", s.transcription)
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

// Reply answers normally again, with a chat reply of these content pieces
// (then a finish chunk and [DONE] when streamed).
func (s *Server) Reply(chunks ...string) { s.Stream(Stream{Chunks: chunks}) }

// Answer sets the text of chat completions that are not streamed
// (corrections, reports), apart from the streamed replies Reply and Stream
// shape; until it is called both give the same text.
func (s *Server) Answer(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer = &text
}

// Stream answers normally again, with a chat reply shaped by st.
func (s *Server) Stream(st Stream) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b, s.stream = behaviour{mode: modeOK}, st
}

// Transcript sets the text transcriptions return (sent as is, untrimmed).
func (s *Server) Transcript(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.transcript = text
}

// Models sets the model ids GET /v1/models lists, in this order.
func (s *Server) Models(ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.models = slices.Clone(ids)
}

// Fail answers every request with status and an OpenAI-style error body
// carrying message; retryAfter, when not empty, is sent as Retry-After.
func (s *Server) Fail(status int, message, retryAfter string) {
	s.set(behaviour{mode: modeFail, status: status, message: message, retryAfter: retryAfter})
}

// DropAfter closes the connection in the middle of a 200 answer, as a
// crashed server or a lost network would: a streamed chat reply after these
// content pieces, any other answer after a part of its promised length.
func (s *Server) DropAfter(chunks ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b, s.stream = behaviour{mode: modeDrop}, Stream{Chunks: chunks}
}

// Hang accepts requests and never answers them, until the client gives up or
// the test ends.
func (s *Server) Hang() { s.set(behaviour{mode: modeHang}) }

// Raw answers chat completions with status 200, an event-stream content type
// and body sent as is: for malformed data or unusual endings.
func (s *Server) Raw(body string) { s.set(behaviour{mode: modeRaw, raw: body}) }

// KaiwaAI makes the fake imitate Kaiwa AI's gateway (docs/kaiwa-ai.md):
// a request must carry one of these licence keys as its bearer token and
// that licence's activation in X-Kaiwa-Instance, or it is answered 401; a
// licence whose plan does not include Kaiwa AI gets 402, one over its
// quota 429 with the code quota_exceeded. Accepted requests are answered as
// the other setters say. Calling it again replaces the licences.
func (s *Server) KaiwaAI(licences ...Licence) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.licences = map[string]Licence{}
	for _, l := range licences {
		s.licences[l.Key] = l
	}
}

// Handle lets h answer every request (after it is recorded), for behaviour
// the other setters do not cover.
func (s *Server) Handle(h http.HandlerFunc) { s.set(behaviour{mode: modeHandle, handler: h}) }

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

// record stores the request before answering, so a test can see requests
// that are still hanging, and returns the behaviour and reply to apply.
func (s *Server) record(rec *Request) (behaviour, Stream) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	return s.b, s.stream
}

func newRequest(r *http.Request) *Request {
	return &Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"),
		Instance: r.Header.Get("X-Kaiwa-Instance"), Conversation: r.Header.Get("X-Kaiwa-Conversation"), ContentType: r.Header.Get("Content-Type")}
}

// refused answers, as Kaiwa AI's gateway does, a request its licence does
// not allow, and reports whether it did. Without KaiwaAI it refuses none.
func (s *Server) refused(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	licences := s.licences
	s.mu.Unlock()
	if licences == nil {
		return false
	}
	key, bearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	l, known := licences[key]
	switch {
	case !bearer || !known:
		writeErrorCode(w, http.StatusUnauthorized, "authentication_error", "invalid_licence", "The licence key was not recognised.")
	case l.Instance != r.Header.Get("X-Kaiwa-Instance"):
		writeErrorCode(w, http.StatusUnauthorized, "authentication_error", "invalid_instance", "The licence is not activated on this installation.")
	case l.NotIncluded:
		writeErrorCode(w, http.StatusPaymentRequired, "plan_required", "plan_required", "Your plan does not include Kaiwa AI.")
	case l.OverQuota:
		writeErrorCode(w, http.StatusTooManyRequests, "quota_exceeded", "quota_exceeded", "This month's Kaiwa AI allowance is used up.")
	default:
		return false
	}
	return true
}

// misbehave applies the behaviours shared by every path and reports whether
// it answered.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, b behaviour) bool {
	if s.refused(w, r) {
		return true
	}
	switch b.mode {
	case modeFail:
		writeError(w, b.status, b.message, b.retryAfter)
	case modeHang:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	case modeDrop:
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("OggS partial"))
		rc := http.NewResponseController(w)
		rc.Flush()
		hangUp(rc)
	case modeHandle:
		b.handler(w, r)
	default:
		return false
	}
	return true
}

func hangUp(rc *http.ResponseController) {
	if conn, _, err := rc.Hijack(); err == nil {
		conn.Close()
	}
}

func (s *Server) listModels(w http.ResponseWriter, r *http.Request) {
	b, _ := s.record(newRequest(r))
	if s.misbehave(w, r, b) {
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

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	rec := newRequest(r)
	rec.JSON, _ = io.ReadAll(r.Body)
	var body struct {
		Model               string    `json:"model"`
		Messages            []Message `json:"messages"`
		Stream              bool      `json:"stream"`
		MaxTokens           int       `json:"max_tokens"`
		MaxCompletionTokens int       `json:"max_completion_tokens"`
		ResponseFormat      *struct {
			Type string `json:"type"`
		} `json:"response_format"`
	}
	perr := json.Unmarshal(rec.JSON, &body)
	rec.Model, rec.Messages, rec.Stream = body.Model, body.Messages, body.Stream
	rec.MaxTokens, rec.MaxCompletionTokens = body.MaxTokens, body.MaxCompletionTokens
	if body.ResponseFormat != nil {
		rec.ResponseFormat = body.ResponseFormat.Type
	}
	b, st := s.record(rec)
	switch {
	case s.refused(w, r):
		return
	case b.mode == modeRaw:
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, b.raw)
		return
	case b.mode == modeDrop && rec.Stream:
		// Streamed below, then cut.
	case s.misbehave(w, r, b):
		return
	case perr != nil:
		writeError(w, http.StatusBadRequest, "could not parse the JSON body: "+perr.Error(), "")
		return
	case !rec.Stream:
		s.complete(w, rec, st)
		return
	}
	s.streamReply(w, r, rec, st, b.mode == modeDrop)
}

// complete answers a chat request that is not streamed.
func (s *Server) complete(w http.ResponseWriter, rec *Request, st Stream) {
	stop := "stop"
	text := strings.Join(st.Chunks, "")
	s.mu.Lock()
	if s.answer != nil {
		text = *s.answer
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-kaiwa", "object": "chat.completion", "created": time.Now().Unix(), "model": rec.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": stop,
			"message": map[string]any{"role": "assistant", "content": text}}},
		"usage": map[string]int{"prompt_tokens": 12, "completion_tokens": len(st.Chunks), "total_tokens": 12 + len(st.Chunks)},
	})
}

func (s *Server) streamReply(w http.ResponseWriter, r *http.Request, rec *Request, st Stream, drop bool) {
	sw := &sse{w: w, rc: http.NewResponseController(w)}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	// Real providers open with a role-only chunk whose content is empty.
	sw.event(chunk(rec.Model, delta{Role: "assistant"}, nil))
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
	if drop {
		hangUp(sw.rc)
		return
	}
	if st.Stall {
		ping := st.PingEvery
		if ping <= 0 {
			ping = 10 * time.Millisecond
		}
		s.wait(r, sw, -1, ping)
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

// wait sleeps d (forever if d < 0), sending keep-alive comments every ping;
// false means the client or the test went away.
func (s *Server) wait(r *http.Request, sw *sse, d, ping time.Duration) bool {
	var end <-chan time.Time
	if d >= 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		end = t.C
	}
	var tick <-chan time.Time
	if ping > 0 {
		t := time.NewTicker(ping)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-end:
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

func (s *Server) speech(w http.ResponseWriter, r *http.Request) {
	rec := newRequest(r)
	rec.JSON, _ = io.ReadAll(r.Body)
	perr := json.Unmarshal(rec.JSON, &rec.Speech)
	rec.Model = rec.Speech.Model
	if !s.begin(w, r, rec, perr) {
		return
	}
	audio, ct := SpeechAudio(rec.Speech.ResponseFormat)
	if audio == nil {
		writeError(w, http.StatusBadRequest, "unsupported response_format "+strconv.Quote(rec.Speech.ResponseFormat), "")
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Write(audio)
}

func (s *Server) transcription(w http.ResponseWriter, r *http.Request) {
	rec := newRequest(r)
	perr := r.ParseMultipartForm(32 << 20)
	if perr == nil {
		rec.Model = r.FormValue("model")
		rec.Language = r.FormValue("language")
		rec.ResponseFormat = r.FormValue("response_format")
		if f, h, err := r.FormFile("file"); err == nil {
			rec.File, _ = io.ReadAll(f)
			rec.FileName, rec.FileType = h.Filename, h.Header.Get("Content-Type")
			f.Close()
		} else {
			perr = err
		}
	}
	if !s.begin(w, r, rec, perr) {
		return
	}
	s.mu.Lock()
	text := s.transcript
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"text": text})
}

// begin records an audio request and answers it if the fake misbehaves or
// its body did not parse; true means the caller answers.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, rec *Request, perr error) bool {
	b, _ := s.record(rec)
	switch {
	case s.misbehave(w, r, b):
		return false
	case perr != nil:
		writeError(w, http.StatusBadRequest, "could not parse the request: "+perr.Error(), "")
		return false
	}
	return true
}

// writeError answers as OpenAI does: {"error":{"message","type","code"}}.
func writeError(w http.ResponseWriter, status int, message, retryAfter string) {
	typ, code := "invalid_request_error", any(nil)
	switch {
	case status == http.StatusUnauthorized:
		code = "invalid_api_key"
	case status == http.StatusForbidden:
		typ = "permission_error"
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
	writeErrorCode(w, status, typ, code, message)
}

// writeErrorCode answers {"error":{"message","type","code"}} with status.
func writeErrorCode(w http.ResponseWriter, status int, typ string, code any, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": message, "type": typ, "code": code}})
}

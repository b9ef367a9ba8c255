package endpoint_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
)

const testKey = "sk-test-SECRET-0123456789"

// newClient points a client at srv with deadlines short enough that a test
// which hits one still finishes fast.
func newClient(srv *endpointtest.Server, key string) *endpoint.Client {
	c := endpoint.New(endpoint.Config{BaseURL: srv.URL(), APIKey: key, Model: "kaiwa-test"}, nil)
	c.FirstByteTimeout = 2 * time.Second
	c.IdleTimeout = 2 * time.Second
	c.ReplyTimeout = 5 * time.Second
	c.ModelsTimeout = 2 * time.Second
	c.AudioTimeout = 2 * time.Second
	return c
}

var convo = []endpoint.Message{
	{Role: "system", Content: "You are a friendly Spanish tutor."},
	{Role: "user", Content: "Hola"},
}

// collect runs Stream and returns the deltas it delivered.
func collect(t testing.TB, c *endpoint.Client, ctx context.Context) ([]string, error) {
	t.Helper()
	var got []string
	err := c.Stream(ctx, convo, endpoint.Options{}, func(d string) { got = append(got, d) })
	for _, d := range got {
		if d == "" {
			t.Errorf("onDelta called with an empty string")
		}
	}
	return got, err
}

func asError(t *testing.T, err error) *endpoint.Error {
	t.Helper()
	var e *endpoint.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *endpoint.Error", err, err)
	}
	return e
}

func TestStreamDeliversChunksInOrder(t *testing.T) {
	chunks := []string{"¡Hola", "! ¿Qué", " tal? 😀", " 你好"}
	tests := []struct {
		name  string
		st    endpointtest.Stream
		first time.Duration // overrides FirstByteTimeout when set
		idle  time.Duration
	}{
		{name: "done", st: endpointtest.Stream{Chunks: chunks}},
		{name: "usage-only last chunk", st: endpointtest.Stream{Chunks: chunks, Usage: true}},
		{name: "keep-alive comments", st: endpointtest.Stream{Chunks: chunks, PingEvery: time.Millisecond}},
		{name: "EOF after finish without DONE", st: endpointtest.Stream{Chunks: chunks, NoDone: true}},
		{name: "slow chunks within idle deadline",
			st: endpointtest.Stream{Chunks: chunks, Delay: 40 * time.Millisecond}, idle: 300 * time.Millisecond},
		// The wait for the first chunk is longer than the first-byte
		// deadline, so only the pings keep it alive, as while a model loads.
		{name: "pings keep a loading model alive",
			st:    endpointtest.Stream{Chunks: chunks[:1], Delay: 300 * time.Millisecond, PingEvery: 30 * time.Millisecond},
			first: 150 * time.Millisecond, idle: 150 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Stream(tt.st)
			c := newClient(srv, testKey)
			if tt.idle > 0 {
				c.IdleTimeout = tt.idle
			}
			if tt.first > 0 {
				c.FirstByteTimeout = tt.first
			}
			got, err := collect(t, c, context.Background())
			if err != nil {
				t.Fatalf("Stream: %v", err)
			}
			if !slices.Equal(got, tt.st.Chunks) {
				t.Fatalf("deltas = %q, want %q", got, tt.st.Chunks)
			}
		})
	}
}

func TestStreamSendsTheConversation(t *testing.T) {
	for _, key := range []string{testKey, ""} {
		srv := endpointtest.NewServer(t)
		if _, err := collect(t, newClient(srv, key), context.Background()); err != nil {
			t.Fatal(err)
		}
		reqs := srv.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		r := reqs[0]
		want := []endpointtest.Message{{Role: "system", Content: convo[0].Content}, {Role: "user", Content: "Hola"}}
		if r.Path != "/v1/chat/completions" || r.Model != "kaiwa-test" || !r.Stream || !slices.Equal(r.Messages, want) {
			t.Errorf("request = %+v", r)
		}
		if r.MaxTokens != 0 || r.ResponseFormat != "" || strings.Contains(string(r.JSON), "max_tokens") {
			t.Errorf("unasked options sent: %s", r.JSON)
		}
		// Local servers take no key; sending "Bearer " would confuse some proxies.
		if want := map[bool]string{true: "Bearer " + testKey, false: ""}[key != ""]; r.Authorization != want {
			t.Errorf("key %q: Authorization %q", key, r.Authorization)
		}
	}
}

func TestMaxTokens(t *testing.T) {
	for _, tt := range []struct {
		model                   string
		maxTokens, maxComplTkns int
	}{
		{"kaiwa-test", 64, 0},
		// OpenAI's reasoning models take max_completion_tokens instead.
		{"gpt-5-mini", 0, 64},
		{"o3-mini", 0, 64},
	} {
		t.Run(tt.model, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			c := endpoint.New(endpoint.Config{BaseURL: srv.URL(), Model: tt.model}, nil)
			if err := c.Stream(context.Background(), convo, endpoint.Options{MaxTokens: 64}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Complete(context.Background(), convo, endpoint.Options{MaxTokens: 64}); err != nil {
				t.Fatal(err)
			}
			for _, r := range srv.Requests() {
				if r.MaxTokens != tt.maxTokens || r.MaxCompletionTokens != tt.maxComplTkns {
					t.Errorf("stream %v: max_tokens %d, max_completion_tokens %d", r.Stream, r.MaxTokens, r.MaxCompletionTokens)
				}
			}
		})
	}
}

func TestStreamUnusualEndings(t *testing.T) {
	role := `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}` + "\n\n"
	hola := `data: {"choices":[{"index":0,"delta":{"content":"Hola"},"finish_reason":null}]}` + "\n\n"
	tests := []struct {
		name string
		body string
		want []string
		kind endpoint.Kind // "" means success
	}{
		{name: "DONE without a finish reason", body: role + hola + "data: [DONE]\n\n", want: []string{"Hola"}},
		{name: "no space after data:", body: `data:{"choices":[{"delta":{"content":"Hola"},"finish_reason":"stop"}]}` + "\n\n", want: []string{"Hola"}},
		{name: "reasoning before content", want: []string{"Hola"},
			body: `data: {"choices":[{"delta":{"reasoning_content":"The learner greets me."}}]}` + "\n\n" + hola + "data: [DONE]\n\n"},
		{name: "EOF before any finish", body: role + hola, want: []string{"Hola"}, kind: endpoint.KindDropped},
		{name: "malformed JSON", body: role + hola + "data: {\"choices\":[{\"delta\":\n\n", want: []string{"Hola"}, kind: endpoint.KindBadAnswer},
		{name: "not an event stream", body: "<html><body>Welcome to the hotel Wi-Fi</body></html>\n", kind: endpoint.KindBadAnswer},
		{name: "empty body", body: "", kind: endpoint.KindBadAnswer},
		{name: "a line longer than 1 MB", body: role + hola + "data: " + strings.Repeat("x", 1<<20) + "\n\n",
			want: []string{"Hola"}, kind: endpoint.KindBadAnswer},
		{name: "error event mid-stream", body: role + hola + `data: {"error":{"message":"upstream failed","code":502}}` + "\n\n",
			want: []string{"Hola"}, kind: endpoint.KindServer},
		{name: "error event with an auth code", body: `data: {"error":{"message":"key revoked","code":401}}` + "\n\n",
			kind: endpoint.KindUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Raw(tt.body)
			got, err := collect(t, newClient(srv, testKey), context.Background())
			if !slices.Equal(got, tt.want) {
				t.Errorf("deltas = %q, want %q", got, tt.want)
			}
			if tt.kind == "" {
				if err != nil {
					t.Fatalf("Stream: %v", err)
				}
				return
			}
			if e := asError(t, err); e.Kind != tt.kind || e.Op != endpoint.OpChat {
				t.Fatalf("kind = %s/%s (%v, detail %q), want %s", e.Kind, e.Op, e, e.Detail, tt.kind)
			}
		})
	}
}

// A provider that sends keep-alives without end must not grow Kaiwa's memory.
func TestStreamIsCappedInTotal(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, `data: {"choices":[{"delta":{"content":"Hola"}}]}`+"\n\n")
		line := []byte(": " + strings.Repeat("p", 64<<10) + "\n")
		for range 1 << 10 { // 64 MB, twice the cap
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	})
	// Comments are not content: a slow machine must reach the cap before the
	// stall timeout does.
	c := newClient(srv, testKey)
	c.IdleTimeout, c.ReplyTimeout = time.Minute, time.Minute
	got, err := collect(t, c, context.Background())
	if e := asError(t, err); e.Kind != endpoint.KindBadAnswer || !strings.Contains(e.Detail, "larger than") {
		t.Fatalf("got %s (%q)", e.Kind, e.Detail)
	}
	if !slices.Equal(got, []string{"Hola"}) {
		t.Errorf("deltas = %q", got)
	}
}

func TestStreamErrorKinds(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name       string
		setup      func(*endpointtest.Server)
		kind       endpoint.Kind
		code       errs.Code
		status     int
		message    string
		retryAfter time.Duration // checked to the second
		detail     string
	}{
		{name: "401", setup: func(s *endpointtest.Server) { s.Fail(401, "Incorrect API key provided", "") },
			kind: endpoint.KindUnauthorized, code: errs.Unauthorized, status: 401, detail: "Incorrect API key provided",
			message: "The AI provider refused the API key. Check the key in Settings."},
		{name: "403", setup: func(s *endpointtest.Server) { s.Fail(403, "Country, region, or territory not supported.", "") },
			kind: endpoint.KindUnauthorized, code: errs.Unauthorized, status: 403,
			message: "The AI provider refused the API key or this request (HTTP 403): Country, region, or territory not supported. Check the key in Settings."},
		{name: "404 model", setup: func(s *endpointtest.Server) { s.Fail(404, `model "kaiwa-test" not found, try pulling it first`, "") },
			kind: endpoint.KindModelNotFound, code: errs.NotFound, status: 404,
			message: "The model kaiwa-test is not available at this endpoint. Pick another model in Settings."},
		{name: "404 no API at this path", setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
		}, kind: endpoint.KindNetwork, code: errs.Unavailable, status: 404},
		{name: "408", setup: func(s *endpointtest.Server) { s.Fail(408, "request timeout", "") },
			kind: endpoint.KindTimeout, code: errs.Unavailable, status: 408,
			message: "The AI provider did not answer in time. Check your connection or try again."},
		{name: "413", setup: func(s *endpointtest.Server) { s.Fail(413, "payload too large", "") },
			kind: endpoint.KindTooLarge, code: errs.Invalid, status: 413},
		{name: "429 seconds", setup: func(s *endpointtest.Server) { s.Fail(429, "slow down", "7") },
			kind: endpoint.KindRateLimited, code: errs.RateLimited, status: 429, retryAfter: 7 * time.Second,
			message: "The AI provider is rate-limiting requests. Try again in 7 seconds."},
		{name: "429 HTTP date", setup: func(s *endpointtest.Server) { s.Fail(429, "slow down", date) },
			kind: endpoint.KindRateLimited, code: errs.RateLimited, status: 429, retryAfter: 90 * time.Second},
		{name: "429 an hour is clamped", setup: func(s *endpointtest.Server) { s.Fail(429, "slow down", "3600") },
			kind: endpoint.KindRateLimited, code: errs.RateLimited, status: 429, retryAfter: 10 * time.Minute,
			message: "The AI provider is rate-limiting requests. Try again in 10 minutes."},
		{name: "429 without Retry-After", setup: func(s *endpointtest.Server) { s.Fail(429, "slow down", "") },
			kind: endpoint.KindRateLimited, code: errs.RateLimited, status: 429,
			message: "The AI provider is rate-limiting requests. Try again in a moment."},
		{name: "429 quota used up", setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(429)
				fmt.Fprint(w, `{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}`)
			})
		}, kind: endpoint.KindRejected, code: errs.Invalid, status: 429,
			message: "The AI provider rejected the request (HTTP 429): You exceeded your current quota."},
		{name: "500", setup: func(s *endpointtest.Server) { s.Fail(500, "boom", "") },
			kind: endpoint.KindServer, code: errs.Unavailable, status: 500, message: "The AI provider had a server error. Try again shortly."},
		{name: "503 HTML", setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(503)
				fmt.Fprint(w, "<html>Bad gateway</html>")
			})
		}, kind: endpoint.KindServer, code: errs.Unavailable, status: 503},
		{name: "504", setup: func(s *endpointtest.Server) { s.Fail(504, "upstream timed out", "") },
			kind: endpoint.KindTimeout, code: errs.Unavailable, status: 504},
		{name: "400 ollama style", setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"context length exceeded"}`)
			})
		}, kind: endpoint.KindRejected, code: errs.Invalid, status: 400, detail: "context length exceeded",
			message: "The AI provider rejected the request (HTTP 400): context length exceeded"},
		{name: "long detail truncated", setup: func(s *endpointtest.Server) { s.Fail(500, strings.Repeat("é", 500), "") },
			kind: endpoint.KindServer, code: errs.Unavailable, status: 500, detail: strings.Repeat("é", 199) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			tt.setup(srv)
			got, err := collect(t, newClient(srv, testKey), context.Background())
			if len(got) != 0 {
				t.Errorf("deltas = %q, want none", got)
			}
			e := asError(t, err)
			if e.Kind != tt.kind || e.Status != tt.status || e.Op != endpoint.OpChat {
				t.Fatalf("kind, status = %s, %d (detail %q), want %s, %d", e.Kind, e.Status, e.Detail, tt.kind, tt.status)
			}
			if code := errs.CodeOf(err); code != tt.code {
				t.Errorf("code = %s, want %s", code, tt.code)
			}
			if tt.message != "" && e.Error() != tt.message {
				t.Errorf("message = %q\nwant      %q", e.Error(), tt.message)
			}
			if tt.detail != "" && e.Detail != tt.detail {
				t.Errorf("detail = %q, want %q", e.Detail, tt.detail)
			}
			if d := e.RetryAfter - tt.retryAfter; d < -time.Second || d > time.Second {
				t.Errorf("RetryAfter = %v, want %v", e.RetryAfter, tt.retryAfter)
			}
		})
	}
}

func TestStreamDropMidStreamKeepsDeltas(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.DropAfter("Hola", ", ¿cómo")
	got, err := collect(t, newClient(srv, testKey), context.Background())
	if want := []string{"Hola", ", ¿cómo"}; !slices.Equal(got, want) {
		t.Errorf("deltas = %q, want %q", got, want)
	}
	e := asError(t, err)
	if e.Kind != endpoint.KindDropped || e.Error() != "The connection dropped before the reply finished." {
		t.Fatalf("got %s: %v", e.Kind, e)
	}
}

func TestStreamDeadlines(t *testing.T) {
	const deadline = 150 * time.Millisecond
	tests := []struct {
		name  string
		setup func(*endpointtest.Server)
		want  []string
	}{
		{name: "no answer at all", setup: (*endpointtest.Server).Hang},
		// Headers and one chunk, then silence: only the idle deadline can end it.
		{name: "silent after the first chunk", want: []string{"Hola"}, setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				fmt.Fprint(w, `data: {"choices":[{"delta":{"content":"Hola"}}]}`+"\n\n")
				http.NewResponseController(w).Flush()
				<-r.Context().Done()
			})
		}},
		// After the first content, keep-alives are not progress.
		{name: "keep-alives forever after one token", want: []string{"Hola"}, setup: func(s *endpointtest.Server) {
			s.Stream(endpointtest.Stream{Chunks: []string{"Hola"}, PingEvery: 10 * time.Millisecond, Stall: true})
		}},
		// Before it, they are, but not for ever: the model never answers.
		{name: "keep-alives forever before any token", setup: func(s *endpointtest.Server) {
			s.Stream(endpointtest.Stream{Chunks: []string{"Hola"}, Delay: time.Hour, PingEvery: 10 * time.Millisecond})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			tt.setup(srv)
			c := newClient(srv, testKey)
			c.FirstByteTimeout, c.IdleTimeout = deadline, deadline
			var limit time.Duration = deadline
			if strings.HasSuffix(tt.name, "before any token") {
				c.ReplyTimeout, limit = 3*deadline, 3*deadline
			}
			start := time.Now()
			got, err := collect(t, c, context.Background())
			elapsed := time.Since(start)
			e := asError(t, err)
			if e.Kind != endpoint.KindTimeout {
				t.Fatalf("kind = %s (%v), want timeout", e.Kind, e)
			}
			if e.Error() != "The AI provider did not answer in time. Check your connection or try again." {
				t.Errorf("message = %q", e.Error())
			}
			if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Errorf("errors.Is: deadline %v, canceled %v", errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled))
			}
			if e.Detail == "" {
				t.Error("the log is not told which deadline passed")
			}
			if elapsed < limit || elapsed > limit+time.Second {
				t.Errorf("returned after %v, deadline %v", elapsed, limit)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("deltas = %q, want %q", got, tt.want)
			}
		})
	}
}

// A reply that keeps coming is still bounded as a whole.
func TestStreamReplyDeadline(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Stream(endpointtest.Stream{Chunks: strings.Split(strings.Repeat("bla ", 100), " "), Delay: 20 * time.Millisecond})
	c := newClient(srv, testKey)
	c.ReplyTimeout = 200 * time.Millisecond
	start := time.Now()
	got, err := collect(t, c, context.Background())
	if e := asError(t, err); e.Kind != endpoint.KindTimeout || !strings.Contains(e.Detail, "overall deadline") {
		t.Fatalf("got %s (%q)", e.Kind, e.Detail)
	}
	if len(got) == 0 || len(got) > 15 {
		t.Errorf("%d deltas before the deadline", len(got))
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func TestStreamCallerCancel(t *testing.T) {
	t.Run("before any answer", func(t *testing.T) {
		srv := endpointtest.NewServer(t)
		srv.Hang()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := collect(t, newClient(srv, testKey), ctx)
		if e := asError(t, err); e.Kind != endpoint.KindCanceled || !errors.Is(err, context.Canceled) || errs.CodeOf(err) != errs.Conflict {
			t.Fatalf("got %s (%v), want canceled wrapping context.Canceled", e.Kind, err)
		}
	})
	t.Run("mid-stream", func(t *testing.T) {
		srv := endpointtest.NewServer(t)
		srv.Stream(endpointtest.Stream{Chunks: []string{"Hola", " mundo"}, Delay: 100 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var got []string
		err := newClient(srv, testKey).Stream(ctx, convo, endpoint.Options{}, func(d string) { got = append(got, d); cancel() })
		if e := asError(t, err); e.Kind != endpoint.KindCanceled || !errors.Is(err, context.Canceled) {
			t.Fatalf("got %s (%v), want canceled", e.Kind, err)
		}
		if !slices.Equal(got, []string{"Hola"}) {
			t.Errorf("deltas = %q", got)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		srv := endpointtest.NewServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := collect(t, newClient(srv, testKey), ctx)
		if e := asError(t, err); e.Kind != endpoint.KindCanceled {
			t.Fatalf("got %s", e.Kind)
		}
	})
	t.Run("caller deadline is a timeout", func(t *testing.T) {
		srv := endpointtest.NewServer(t)
		srv.Hang()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := collect(t, newClient(srv, testKey), ctx)
		if e := asError(t, err); e.Kind != endpoint.KindTimeout || errors.Is(err, context.Canceled) {
			t.Fatalf("got %s", e.Kind)
		}
	})
}

func TestComplete(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Reply("¡Hola", "! ¿Qué tal?")
	c := newClient(srv, testKey)
	got, err := c.Complete(context.Background(), convo, endpoint.Options{})
	if err != nil || got != "¡Hola! ¿Qué tal?" {
		t.Fatalf("Complete = %q, %v", got, err)
	}
	r, _ := srv.Last()
	if r.Path != "/v1/chat/completions" || r.Stream || r.Model != "kaiwa-test" || len(r.Messages) != 2 ||
		r.ResponseFormat != "" || r.Authorization != "Bearer "+testKey {
		t.Errorf("request = %+v", r)
	}

	srv.Reply(`{"corrections": [`, `{"wrong": "Yo es", "right": "Yo soy"}]}`)
	got, err = c.Complete(context.Background(), convo, endpoint.Options{JSON: true})
	if err != nil || got != `{"corrections": [{"wrong": "Yo es", "right": "Yo soy"}]}` {
		t.Fatalf("Complete JSON = %q, %v", got, err)
	}
	if r, _ := srv.Last(); r.ResponseFormat != "json_object" {
		t.Errorf("response_format = %q, want json_object", r.ResponseFormat)
	}
	// A model without JSON mode answers in prose around the object: the
	// text comes back as it is, for the caller's lenient reading.
	srv.Reply("Sure! ```json\n{\"corrected\": \"Yo soy\"}\n```")
	if got, err = c.Complete(context.Background(), convo, endpoint.Options{JSON: true}); err != nil || got != "Sure! ```json\n{\"corrected\": \"Yo soy\"}\n```" {
		t.Fatalf("Complete JSON in prose = %q, %v", got, err)
	}
}

func TestCompleteErrors(t *testing.T) {
	answer := func(status int, body string) func(*endpointtest.Server) {
		return func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				fmt.Fprint(w, body)
			})
		}
	}
	tests := []struct {
		name  string
		setup func(*endpointtest.Server)
		json  bool
		kind  endpoint.Kind
	}{
		{"401", func(s *endpointtest.Server) { s.Fail(401, "bad key", "") }, false, endpoint.KindUnauthorized},
		{"404 model", func(s *endpointtest.Server) { s.Fail(404, "model kaiwa-test not found", "") }, false, endpoint.KindModelNotFound},
		{"429", func(s *endpointtest.Server) { s.Fail(429, "slow down", "3") }, false, endpoint.KindRateLimited},
		{"504", func(s *endpointtest.Server) { s.Fail(504, "gateway timeout", "") }, false, endpoint.KindTimeout},
		{"hang", (*endpointtest.Server).Hang, false, endpoint.KindTimeout},
		{"dropped", func(s *endpointtest.Server) { s.DropAfter() }, false, endpoint.KindDropped},
		{"not JSON", answer(200, "<html>router login</html>"), false, endpoint.KindBadAnswer},
		{"no choices", answer(200, `{"choices":[]}`), false, endpoint.KindBadAnswer},
		{"error in a 200", answer(200, `{"error":{"message":"upstream overloaded","code":503}}`), false, endpoint.KindServer},
		{"plain error in a 200", answer(200, `{"error":"model is loading"}`), false, endpoint.KindServer},
		{"larger than the cap", func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				chunk := make([]byte, 1<<20)
				for range 10 {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			})
		}, false, endpoint.KindBadAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			tt.setup(srv)
			c := newClient(srv, testKey)
			if tt.name == "hang" {
				c.ReplyTimeout = 150 * time.Millisecond
			}
			got, err := c.Complete(context.Background(), convo, endpoint.Options{JSON: tt.json})
			e := asError(t, err)
			if got != "" || e.Kind != tt.kind || e.Op != endpoint.OpChat {
				t.Fatalf("got %q, %s/%s (%v, detail %q), want %s", got, e.Kind, e.Op, e, e.Detail, tt.kind)
			}
		})
	}
}

// closedAddr returns host:port where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestNetworkErrors(t *testing.T) {
	addr := closedAddr(t)
	c := endpoint.New(endpoint.Config{BaseURL: "http://" + addr + "/v1", APIKey: testKey, Model: "m"}, nil)
	want := "Kaiwa could not reach the AI provider at " + addr + ". Check the address and your connection."
	_, err := collect(t, c, context.Background())
	if e := asError(t, err); e.Kind != endpoint.KindNetwork || e.Error() != want {
		t.Errorf("Stream: %s %q", e.Kind, e.Error())
	}
	_, err = c.Complete(context.Background(), convo, endpoint.Options{})
	if e := asError(t, err); e.Kind != endpoint.KindNetwork || e.Error() != want {
		t.Errorf("Complete: %s %q", e.Kind, e.Error())
	}
	_, err = c.Models(context.Background())
	if e := asError(t, err); e.Kind != endpoint.KindNetwork || e.Error() != want || errs.CodeOf(err) != errs.Unavailable {
		t.Errorf("Models: %s %q", e.Kind, e.Error())
	}
}

func TestModels(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Models("qwen2.5:7b", "gpt-4o-mini", "llama3.2:3b", "gpt-4o-mini")
	got, err := newClient(srv, testKey).Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"gpt-4o-mini", "llama3.2:3b", "qwen2.5:7b"}; !slices.Equal(got, want) {
		t.Errorf("Models = %q, want %q", got, want)
	}
	if r := srv.Requests(); len(r) != 1 || r[0].Method != "GET" || r[0].Path != "/v1/models" || r[0].Authorization != "Bearer "+testKey {
		t.Errorf("requests = %+v", r)
	}
}

func TestModelsErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(*endpointtest.Server)
		kind    endpoint.Kind
		message string
	}{
		{name: "401", setup: func(s *endpointtest.Server) { s.Fail(401, "bad key", "") }, kind: endpoint.KindUnauthorized},
		{name: "403", setup: func(s *endpointtest.Server) { s.Fail(403, "forbidden", "") }, kind: endpoint.KindUnauthorized},
		{name: "404 means a wrong address", setup: func(s *endpointtest.Server) { s.Fail(404, "no such route", "") },
			kind: endpoint.KindNetwork, message: "but found no API there. Check the address in Settings."},
		{name: "429", setup: func(s *endpointtest.Server) { s.Fail(429, "slow down", "1") },
			kind: endpoint.KindRateLimited, message: "Try again in 1 second."},
		{name: "504", setup: func(s *endpointtest.Server) { s.Fail(504, "gateway timeout", "") }, kind: endpoint.KindTimeout},
		{name: "hang", setup: (*endpointtest.Server).Hang, kind: endpoint.KindTimeout},
		{name: "not JSON", setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>router login</html>") })
		}, kind: endpoint.KindBadAnswer},
		{name: "JSON but no list", setup: func(s *endpointtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"status":"ok"}`) })
		}, kind: endpoint.KindBadAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			tt.setup(srv)
			c := newClient(srv, testKey)
			c.ModelsTimeout = 150 * time.Millisecond
			start := time.Now()
			ids, err := c.Models(context.Background())
			e := asError(t, err)
			if ids != nil || e.Kind != tt.kind || e.Op != endpoint.OpModels || !strings.Contains(e.Error(), tt.message) {
				t.Fatalf("got %q, %s/%s %q", ids, e.Kind, e.Op, e.Error())
			}
			if time.Since(start) > time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
}

func TestDetectOllama(t *testing.T) {
	srv := endpointtest.NewServer(t)
	if !endpoint.DetectOllama(context.Background(), srv.URL()) {
		t.Error("fake provider not detected")
	}
	if endpoint.DetectOllama(context.Background(), "http://"+closedAddr(t)+"/v1") {
		t.Error("closed port detected")
	}
	if endpoint.DetectOllama(context.Background(), "") {
		t.Error("no address detected")
	}
	other := endpointtest.NewServer(t)
	other.Handle(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>another app</html>") })
	if endpoint.DetectOllama(context.Background(), other.URL()) {
		t.Error("a non-API server on the port was detected")
	}
	slow := endpointtest.NewServer(t)
	slow.Hang()
	start := time.Now()
	if endpoint.DetectOllama(context.Background(), slow.URL()) {
		t.Error("a hanging server was detected")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("DetectOllama took %v against a hanging server", d)
	}
}

// An endpoint that quotes the Authorization header back must not make the key
// appear in anything the learner or a log could see.
func TestAPIKeyNeverLeaks(t *testing.T) {
	echo := func(status int, jsonBody bool) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			w.WriteHeader(status)
			if jsonBody {
				fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s","type":"invalid_request_error"}}`, auth)
			} else {
				fmt.Fprintf(w, "%s rejected %s", strings.Repeat("x", 190), auth) // key straddles the 200-char cut
			}
		}
	}
	cases := map[string]func(http.ResponseWriter, *http.Request){
		"401 json": echo(401, true), "400 json": echo(400, true), "404 json": echo(404, true),
		"500 text": echo(500, false), "403 text": echo(403, false), "429 text": echo(429, false),
		"200 garbage": echo(200, false),
		"error event": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "data: {\"error\":{\"message\":\"bad key %s\"}}\n\n", r.Header.Get("Authorization"))
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Handle(h)
			c := newClient(srv, testKey)
			_, serr := collect(t, c, context.Background())
			_, cerr := c.Complete(context.Background(), convo, endpoint.Options{})
			_, merr := c.Models(context.Background())
			for _, err := range []error{serr, cerr, merr} {
				e := asError(t, err)
				for u := error(e); u != nil; u = errors.Unwrap(u) {
					for _, s := range []string{u.Error(), fmt.Sprintf("%+v", u), fmt.Sprintf("%#v", u)} {
						if strings.Contains(s, "SECRET") {
							t.Fatalf("key leaked: %s", s)
						}
					}
				}
				if strings.Contains(e.Detail, "SECRET") || strings.Contains(e.Detail, testKey[:12]) {
					t.Fatalf("key leaked in Detail: %q", e.Detail)
				}
			}
		})
	}
}

// Time spent in onDelta is Kaiwa's, not the provider's: it must not count
// against the idle deadline.
func TestSlowConsumerIsNotATimeout(t *testing.T) {
	srv := endpointtest.NewServer(t)
	// The delay keeps chunks out of one read, so a wrongly firing deadline
	// would cut the stream rather than go unnoticed.
	srv.Stream(endpointtest.Stream{Chunks: []string{"Hola", " mundo"}, Delay: 20 * time.Millisecond})
	c := newClient(srv, testKey)
	c.IdleTimeout = 50 * time.Millisecond
	var got []string
	err := c.Stream(context.Background(), convo, endpoint.Options{}, func(d string) {
		time.Sleep(150 * time.Millisecond)
		got = append(got, d)
	})
	if err != nil || !slices.Equal(got, []string{"Hola", " mundo"}) {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestErrorCodes(t *testing.T) {
	want := map[endpoint.Kind]errs.Code{
		endpoint.KindUnauthorized: errs.Unauthorized, endpoint.KindRateLimited: errs.RateLimited,
		endpoint.KindModelNotFound: errs.NotFound, endpoint.KindNotSupported: errs.NotFound,
		endpoint.KindTimeout: errs.Unavailable, endpoint.KindNetwork: errs.Unavailable, endpoint.KindServer: errs.Unavailable,
		endpoint.KindDropped: errs.Unavailable, endpoint.KindBadAnswer: errs.Unavailable,
		endpoint.KindRejected: errs.Invalid, endpoint.KindTooLarge: errs.Invalid, endpoint.KindBadInput: errs.Invalid,
		endpoint.KindCanceled: errs.Conflict,
	}
	for kind, code := range want {
		e := &endpoint.Error{Kind: kind, Op: endpoint.OpChat}
		if got := errs.CodeOf(fmt.Errorf("reply: %w", e)); got != code {
			t.Errorf("%s: code %s, want %s", kind, got, code)
		}
		if msg := errs.MessageOf(e); msg != e.Error() || msg == "" {
			t.Errorf("%s: MessageOf = %q", kind, msg)
		}
	}
}

package llm_test

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

	"kaiwa/backend/llm"
	"kaiwa/backend/llm/llmtest"
)

const testKey = "sk-test-SECRET-0123456789"

// newClient points a client at srv with deadlines short enough that a test
// which hits one still finishes fast.
func newClient(srv *llmtest.Server, key string) *llm.Client {
	c := llm.New(llm.Config{BaseURL: srv.URL(), APIKey: key, Model: "kaiwa-test"}, nil)
	c.FirstByteTimeout = 2 * time.Second
	c.IdleTimeout = 2 * time.Second
	c.ModelsTimeout = 2 * time.Second
	return c
}

var convo = []llm.Message{
	{Role: "system", Content: "You are a friendly Spanish tutor."},
	{Role: "user", Content: "Hola"},
}

// collect runs Stream and returns the deltas it delivered.
func collect(t testing.TB, c *llm.Client, ctx context.Context) ([]string, error) {
	t.Helper()
	var got []string
	err := c.Stream(ctx, convo, func(d string) { got = append(got, d) })
	for _, d := range got {
		if d == "" {
			t.Errorf("onDelta called with an empty string")
		}
	}
	return got, err
}

func asLLM(t *testing.T, err error) *llm.Error {
	t.Helper()
	var le *llm.Error
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T) is not an *llm.Error", err, err)
	}
	return le
}

func TestStreamDeliversChunksInOrder(t *testing.T) {
	chunks := []string{"¡Hola", "! ¿Qué", " tal? 😀", " 你好"}
	tests := []struct {
		name  string
		st    llmtest.Stream
		first time.Duration // overrides FirstByteTimeout when set
		idle  time.Duration
	}{
		{name: "done", st: llmtest.Stream{Chunks: chunks}},
		{name: "usage-only last chunk", st: llmtest.Stream{Chunks: chunks, Usage: true}},
		{name: "keep-alive comments", st: llmtest.Stream{Chunks: chunks, PingEvery: time.Millisecond}},
		{name: "EOF after finish without DONE", st: llmtest.Stream{Chunks: chunks, NoDone: true}},
		{name: "slow chunks within idle deadline",
			st: llmtest.Stream{Chunks: chunks, Delay: 40 * time.Millisecond}, idle: 300 * time.Millisecond},
		// Each gap is longer than the idle deadline, so only the pings keep it alive.
		{name: "pings keep a slow stream alive",
			st:   llmtest.Stream{Chunks: chunks[:2], Delay: 300 * time.Millisecond, PingEvery: 30 * time.Millisecond},
			idle: 150 * time.Millisecond, first: 150 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t)
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
		srv := llmtest.NewServer(t)
		if _, err := collect(t, newClient(srv, key), context.Background()); err != nil {
			t.Fatal(err)
		}
		reqs := srv.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		r := reqs[0]
		want := []llmtest.Message{{Role: "system", Content: convo[0].Content}, {Role: "user", Content: "Hola"}}
		if r.Path != "/v1/chat/completions" || r.Model != "kaiwa-test" || !r.Stream || !slices.Equal(r.Messages, want) {
			t.Errorf("request = %+v", r)
		}
		// Local servers take no key; sending "Bearer " would confuse some proxies.
		if r.Authorized != (key != "") {
			t.Errorf("key %q: Authorization sent = %v", key, r.Authorized)
		}
	}
}

func TestStreamUnusualEndings(t *testing.T) {
	role := `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}` + "\n\n"
	hola := `data: {"choices":[{"index":0,"delta":{"content":"Hola"},"finish_reason":null}]}` + "\n\n"
	tests := []struct {
		name string
		body string
		want []string
		kind llm.Kind // "" means success
	}{
		{name: "DONE without a finish reason", body: role + hola + "data: [DONE]\n\n", want: []string{"Hola"}},
		{name: "no space after data:", body: `data:{"choices":[{"delta":{"content":"Hola"},"finish_reason":"stop"}]}` + "\n\n", want: []string{"Hola"}},
		{name: "EOF before any finish", body: role + hola, want: []string{"Hola"}, kind: llm.KindDropped},
		{name: "malformed JSON", body: role + hola + "data: {\"choices\":[{\"delta\":\n\n", want: []string{"Hola"}, kind: llm.KindBadResponse},
		{name: "not an event stream", body: "<html><body>Welcome to the hotel Wi-Fi</body></html>\n", kind: llm.KindBadResponse},
		{name: "empty body", body: "", kind: llm.KindBadResponse},
		{name: "error event mid-stream", body: role + hola + `data: {"error":{"message":"upstream failed","code":502}}` + "\n\n",
			want: []string{"Hola"}, kind: llm.KindServer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t)
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
			if le := asLLM(t, err); le.Kind != tt.kind {
				t.Fatalf("kind = %s (%v, detail %q), want %s", le.Kind, le, le.Detail, tt.kind)
			}
		})
	}
}

func TestStreamErrorKinds(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	tests := []struct {
		name       string
		setup      func(*llmtest.Server)
		kind       llm.Kind
		status     int
		message    string
		retryAfter time.Duration // checked to the second
		detail     string
	}{
		{name: "401", setup: func(s *llmtest.Server) { s.Fail(401, "Incorrect API key provided", "") },
			kind: llm.KindUnauthorized, status: 401, detail: "Incorrect API key provided",
			message: "The AI provider refused the API key. Check the key in Settings."},
		{name: "404 model", setup: func(s *llmtest.Server) { s.Fail(404, `model "kaiwa-test" not found, try pulling it first`, "") },
			kind: llm.KindModelNotFound, status: 404,
			message: "The model kaiwa-test is not available at this endpoint. Pick another model in Settings."},
		{name: "404 no API at this path", setup: func(s *llmtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
		}, kind: llm.KindNetwork, status: 404},
		{name: "429 seconds", setup: func(s *llmtest.Server) { s.Fail(429, "slow down", "7") },
			kind: llm.KindRateLimited, status: 429, retryAfter: 7 * time.Second,
			message: "The AI provider is rate-limiting requests. Try again in 7 seconds."},
		{name: "429 HTTP date", setup: func(s *llmtest.Server) { s.Fail(429, "slow down", date) },
			kind: llm.KindRateLimited, status: 429, retryAfter: 90 * time.Second},
		{name: "429 without Retry-After", setup: func(s *llmtest.Server) { s.Fail(429, "slow down", "") },
			kind: llm.KindRateLimited, status: 429,
			message: "The AI provider is rate-limiting requests. Try again in a moment."},
		{name: "429 quota used up", setup: func(s *llmtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(429)
				fmt.Fprint(w, `{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}`)
			})
		}, kind: llm.KindRejected, status: 429,
			message: "The AI provider rejected the request (HTTP 429): You exceeded your current quota."},
		{name: "500", setup: func(s *llmtest.Server) { s.Fail(500, "boom", "") },
			kind: llm.KindServer, status: 500, message: "The AI provider had a server error. Try again shortly."},
		{name: "503 HTML", setup: func(s *llmtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(503)
				fmt.Fprint(w, "<html>Bad gateway</html>")
			})
		}, kind: llm.KindServer, status: 503},
		{name: "400 ollama style", setup: func(s *llmtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"context length exceeded"}`)
			})
		}, kind: llm.KindRejected, status: 400, detail: "context length exceeded",
			message: "The AI provider rejected the request (HTTP 400): context length exceeded"},
		{name: "long detail truncated", setup: func(s *llmtest.Server) { s.Fail(500, strings.Repeat("é", 500), "") },
			kind: llm.KindServer, status: 500, detail: strings.Repeat("é", 199) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t)
			tt.setup(srv)
			got, err := collect(t, newClient(srv, testKey), context.Background())
			if len(got) != 0 {
				t.Errorf("deltas = %q, want none", got)
			}
			le := asLLM(t, err)
			if le.Kind != tt.kind || le.Status != tt.status {
				t.Fatalf("kind, status = %s, %d (detail %q), want %s, %d", le.Kind, le.Status, le.Detail, tt.kind, tt.status)
			}
			if tt.message != "" && le.Error() != tt.message {
				t.Errorf("message = %q\nwant      %q", le.Error(), tt.message)
			}
			if tt.detail != "" && le.Detail != tt.detail {
				t.Errorf("detail = %q, want %q", le.Detail, tt.detail)
			}
			if d := le.RetryAfter - tt.retryAfter; d < -time.Second || d > time.Second {
				t.Errorf("RetryAfter = %v, want %v", le.RetryAfter, tt.retryAfter)
			}
		})
	}
}

func TestStreamDropMidStreamKeepsDeltas(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.DropAfter("Hola", ", ¿cómo")
	got, err := collect(t, newClient(srv, testKey), context.Background())
	if want := []string{"Hola", ", ¿cómo"}; !slices.Equal(got, want) {
		t.Errorf("deltas = %q, want %q", got, want)
	}
	le := asLLM(t, err)
	if le.Kind != llm.KindDropped || le.Error() != "The connection dropped before the reply finished." {
		t.Fatalf("got %s: %v", le.Kind, le)
	}
}

func TestStreamDeadlines(t *testing.T) {
	const deadline = 150 * time.Millisecond
	tests := []struct {
		name  string
		setup func(*llmtest.Server)
		want  []string
	}{
		{name: "no answer at all", setup: (*llmtest.Server).Hang},
		// Headers and one chunk, then silence: only the idle deadline can end it.
		{name: "silent after the first chunk", want: []string{"Hola"}, setup: func(s *llmtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				fmt.Fprint(w, `data: {"choices":[{"delta":{"content":"Hola"}}]}`+"\n\n")
				http.NewResponseController(w).Flush()
				<-r.Context().Done()
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t)
			tt.setup(srv)
			c := newClient(srv, testKey)
			c.FirstByteTimeout, c.IdleTimeout = deadline, deadline
			start := time.Now()
			got, err := collect(t, c, context.Background())
			elapsed := time.Since(start)
			le := asLLM(t, err)
			if le.Kind != llm.KindTimeout {
				t.Fatalf("kind = %s (%v), want timeout", le.Kind, le)
			}
			if le.Error() != "The AI provider did not answer in time. Check your connection or try again." {
				t.Errorf("message = %q", le.Error())
			}
			if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Errorf("errors.Is: deadline %v, canceled %v", errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled))
			}
			if elapsed < deadline || elapsed > deadline+time.Second {
				t.Errorf("returned after %v, deadline %v", elapsed, deadline)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("deltas = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStreamCallerCancel(t *testing.T) {
	t.Run("before any answer", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Hang()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := collect(t, newClient(srv, testKey), ctx)
		if le := asLLM(t, err); le.Kind != llm.KindCanceled || !errors.Is(err, context.Canceled) {
			t.Fatalf("got %s (%v), want canceled wrapping context.Canceled", le.Kind, err)
		}
	})
	t.Run("mid-stream", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Stream(llmtest.Stream{Chunks: []string{"Hola", " mundo"}, Delay: 100 * time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var got []string
		err := newClient(srv, testKey).Stream(ctx, convo, func(d string) { got = append(got, d); cancel() })
		if le := asLLM(t, err); le.Kind != llm.KindCanceled || !errors.Is(err, context.Canceled) {
			t.Fatalf("got %s (%v), want canceled", le.Kind, err)
		}
		if !slices.Equal(got, []string{"Hola"}) {
			t.Errorf("deltas = %q", got)
		}
	})
	t.Run("already cancelled", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := collect(t, newClient(srv, testKey), ctx)
		if le := asLLM(t, err); le.Kind != llm.KindCanceled {
			t.Fatalf("got %s", le.Kind)
		}
	})
	t.Run("caller deadline is a timeout", func(t *testing.T) {
		srv := llmtest.NewServer(t)
		srv.Hang()
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := collect(t, newClient(srv, testKey), ctx)
		if le := asLLM(t, err); le.Kind != llm.KindTimeout || errors.Is(err, context.Canceled) {
			t.Fatalf("got %s", le.Kind)
		}
	})
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
	c := llm.New(llm.Config{BaseURL: "http://" + addr + "/v1", APIKey: testKey, Model: "m"}, nil)
	want := "Kaiwa could not reach the AI provider at " + addr + ". Check the address and your connection."
	_, err := collect(t, c, context.Background())
	if le := asLLM(t, err); le.Kind != llm.KindNetwork || le.Error() != want {
		t.Errorf("Stream: %s %q", le.Kind, le.Error())
	}
	_, err = c.Models(context.Background())
	if le := asLLM(t, err); le.Kind != llm.KindNetwork || le.Error() != want {
		t.Errorf("Models: %s %q", le.Kind, le.Error())
	}
}

func TestModels(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Models("qwen2.5:7b", "gpt-4o-mini", "llama3.2:3b", "gpt-4o-mini")
	got, err := newClient(srv, testKey).Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"gpt-4o-mini", "llama3.2:3b", "qwen2.5:7b"}; !slices.Equal(got, want) {
		t.Errorf("Models = %q, want %q", got, want)
	}
	if r := srv.Requests(); len(r) != 1 || r[0].Method != "GET" || r[0].Path != "/v1/models" || !r[0].Authorized {
		t.Errorf("requests = %+v", r)
	}
}

func TestModelsErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(*llmtest.Server)
		kind    llm.Kind
		message string
	}{
		{name: "401", setup: func(s *llmtest.Server) { s.Fail(401, "bad key", "") }, kind: llm.KindUnauthorized},
		{name: "404 means a wrong address", setup: func(s *llmtest.Server) { s.Fail(404, "no such route", "") },
			kind: llm.KindNetwork, message: "but found no API there. Check the address in Settings."},
		{name: "429", setup: func(s *llmtest.Server) { s.Fail(429, "slow down", "1") },
			kind: llm.KindRateLimited, message: "Try again in 1 second."},
		{name: "hang", setup: (*llmtest.Server).Hang, kind: llm.KindTimeout},
		{name: "not JSON", setup: func(s *llmtest.Server) {
			s.Handle(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>router login</html>") })
		}, kind: llm.KindBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t)
			tt.setup(srv)
			c := newClient(srv, testKey)
			c.ModelsTimeout = 150 * time.Millisecond
			start := time.Now()
			ids, err := c.Models(context.Background())
			le := asLLM(t, err)
			if ids != nil || le.Kind != tt.kind || !strings.Contains(le.Error(), tt.message) {
				t.Fatalf("got %q, %s %q", ids, le.Kind, le.Error())
			}
			if time.Since(start) > time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
}

func TestDetectOllama(t *testing.T) {
	srv := llmtest.NewServer(t)
	if !llm.DetectOllama(context.Background(), srv.URL()) {
		t.Error("fake provider not detected")
	}
	if llm.DetectOllama(context.Background(), "http://"+closedAddr(t)+"/v1") {
		t.Error("closed port detected")
	}
	other := llmtest.NewServer(t)
	other.Handle(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>another app</html>") })
	if llm.DetectOllama(context.Background(), other.URL()) {
		t.Error("a non-API server on the port was detected")
	}
	slow := llmtest.NewServer(t)
	slow.Hang()
	start := time.Now()
	if llm.DetectOllama(context.Background(), slow.URL()) {
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
			srv := llmtest.NewServer(t)
			srv.Handle(h)
			c := newClient(srv, testKey)
			_, serr := collect(t, c, context.Background())
			_, merr := c.Models(context.Background())
			for _, err := range []error{serr, merr} {
				le := asLLM(t, err)
				for e := error(le); e != nil; e = errors.Unwrap(e) {
					for _, s := range []string{e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e)} {
						if strings.Contains(s, "SECRET") {
							t.Fatalf("key leaked: %s", s)
						}
					}
				}
				if strings.Contains(le.Detail, "SECRET") || strings.Contains(le.Detail, testKey[:12]) {
					t.Fatalf("key leaked in Detail: %q", le.Detail)
				}
			}
		})
	}
}

// Time spent in onDelta is Kaiwa's, not the provider's: it must not count
// against the idle deadline.
func TestSlowConsumerIsNotATimeout(t *testing.T) {
	srv := llmtest.NewServer(t)
	// The delay keeps chunks out of one read, so a wrongly firing deadline
	// would cut the stream rather than go unnoticed.
	srv.Stream(llmtest.Stream{Chunks: []string{"Hola", " mundo"}, Delay: 20 * time.Millisecond})
	c := newClient(srv, testKey)
	c.IdleTimeout = 50 * time.Millisecond
	var got []string
	err := c.Stream(context.Background(), convo, func(d string) {
		time.Sleep(150 * time.Millisecond)
		got = append(got, d)
	})
	if err != nil || !slices.Equal(got, []string{"Hola", " mundo"}) {
		t.Fatalf("got %q, %v", got, err)
	}
}

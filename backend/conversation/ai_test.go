package conversation

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

const testKey = "sk-test-conversation-5678"

func newAIService(t testing.TB) (*Service, *events, *endpointtest.Server) {
	t.Helper()
	srv := endpointtest.NewServer(t)
	svc, ev := newService(t, map[string]string{
		partner.EnvBaseURL: srv.URL(), partner.EnvModel: "tutor-1", "KAIWA_AI_API_KEY": testKey,
	})
	return svc, ev, srv
}

// startAI starts the café scenario in Spanish with the AI partner and waits
// for its opening line.
func startAI(t *testing.T, svc *Service, ev *events, srv *endpointtest.Server) string {
	t.Helper()
	srv.Reply("¡Hola! ", "¿Qué desea?")
	name := stream()
	v, err := svc.Start(t.Context(), "cafe", "es", name)
	if err != nil {
		t.Fatal(err)
	}
	if c := ev.waitDone(t, name); c.Message == nil || c.Message.Content != "¡Hola! ¿Qué desea?" {
		t.Fatalf("opening = %+v", c)
	}
	return v.Conversation.ID
}

func TestAIReplyStreamsInBatchesAndIsCommitted(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	opening := srv.Requests()[0]
	if opening.Model != "tutor-1" || !opening.Stream || opening.Messages[0].Role != "system" ||
		!strings.Contains(opening.Messages[0].Content, "Ordering at a café") || opening.Messages[1].Content != openingCue {
		t.Fatalf("opening request = %+v", opening)
	}

	pieces := strings.Split("Muy bien, un café con leche. ¿Algo más para comer?", " ")
	for i := range pieces[1:] {
		pieces[i+1] = " " + pieces[i+1]
	}
	srv.Stream(endpointtest.Stream{Chunks: pieces, Delay: 5 * time.Millisecond})
	name := stream()
	if _, err := svc.Send(t.Context(), id, "Un café con leche, por favor.", name); err != nil {
		t.Fatal(err)
	}
	done := ev.waitDone(t, name)
	if done.Message == nil || done.Message.Status != store.StatusComplete || done.Message.Content != strings.Join(pieces, "") {
		t.Fatalf("done = %+v", done)
	}
	chunks := ev.of(name)
	if len(chunks) < 2 || len(chunks) > len(pieces) {
		t.Errorf("%d events for %d pieces: want batching, and at least one before the end", len(chunks), len(pieces))
	}
	// Each chunk carries only what is new, starting where the last ended.
	if texts := ev.texts(t, name); texts[len(texts)-1] != strings.Join(pieces, "") {
		t.Fatalf("the chunks put together say %q", texts[len(texts)-1])
	}
	last := replies(srv)[1]
	if got := last.Messages[len(last.Messages)-1]; got.Role != "user" || got.Content != "Un café con leche, por favor." {
		t.Errorf("last message sent = %+v", got)
	}
	if last.Authorization != "Bearer "+testKey {
		t.Error("the key was not sent")
	}
	if recount(t, svc.Store, id) != 3 {
		t.Error("want opening, learner and reply stored")
	}
}

// The learner's message is in the database before the provider hears of it.
func TestLearnerMessageIsCommittedBeforeTheRequest(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	seen := make(chan int, 1)
	srv.Handle(func(w http.ResponseWriter, r *http.Request) {
		var n int
		svc.Store.DB.QueryRow(`SELECT count(*) FROM messages WHERE conversation_id = ? AND role = 'user' AND content = 'Hola'`, id).Scan(&n)
		select { // the reply's request and the correction's both come here
		case seen <- n:
		default:
		}
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"¡Hola!\"}}]}\n\ndata: [DONE]\n\n")
	})
	name := stream()
	if _, err := svc.Send(t.Context(), id, "Hola", name); err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	if n := <-seen; n != 1 {
		t.Fatalf("when the request arrived the learner's message was stored %d times, want 1", n)
	}
}

func TestProviderFailuresKeepTheLearnersWords(t *testing.T) {
	cases := []struct {
		name     string
		behave   func(*endpointtest.Server)
		code     errs.Code
		partial  string
		retryFor int
	}{
		{"wrong key", func(s *endpointtest.Server) { s.Fail(401, "Incorrect API key provided: "+testKey, "") }, errs.Unauthorized, "", 0},
		{"unknown model", func(s *endpointtest.Server) { s.Fail(404, "The model `tutor-1` does not exist", "") }, errs.NotFound, "", 0},
		{"rate limited", func(s *endpointtest.Server) { s.Fail(429, "Rate limit reached", "7") }, errs.RateLimited, "", 7},
		{"server error", func(s *endpointtest.Server) { s.Fail(500, "boom", "") }, errs.Unavailable, "", 0},
		{"dropped mid-stream", func(s *endpointtest.Server) { s.DropAfter("Claro, ", "un café") }, errs.Unavailable, "Claro, un café", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, ev, srv := newAIService(t)
			id := startAI(t, svc, ev, srv)
			tc.behave(srv)
			name := stream()
			sent, err := svc.Send(t.Context(), id, "Un café, por favor.", name)
			if err != nil {
				t.Fatal(err)
			}
			done := ev.waitDone(t, name)
			p := done.Problem
			if p == nil || p.Code != tc.code || !p.OfferOffline || p.RetryAfterSeconds != tc.retryFor || p.Message == "" {
				t.Fatalf("problem = %+v, want code %s offering the offline partner", p, tc.code)
			}
			if strings.Contains(p.Message, testKey) {
				t.Fatal("the key leaked into the message")
			}
			v, _ := svc.Open(t.Context(), id)
			if v.Messages[1].ID != sent.ID || v.Messages[1].Content != "Un café, por favor." {
				t.Fatalf("the learner's message is not kept: %+v", v.Messages)
			}
			if tc.partial == "" {
				if len(v.Messages) != 2 {
					t.Errorf("an empty reply was kept: %+v", v.Messages)
				}
			} else if last := v.Messages[len(v.Messages)-1]; last.Content != tc.partial || last.Status != store.StatusPartial {
				t.Errorf("partial reply = %+v, want %q marked partial", last, tc.partial)
			}
			recount(t, svc.Store, id)

			// Retry gets a fresh answer, replacing any partial one.
			srv.Reply("Claro, ahora mismo.")
			retry := stream()
			if err := svc.Retry(t.Context(), id, retry); err != nil {
				t.Fatal(err)
			}
			if c := ev.waitDone(t, retry); c.Message == nil || c.Message.Status != store.StatusComplete {
				t.Fatalf("retry = %+v", c)
			}
			if v, _ := svc.Open(t.Context(), id); len(v.Messages) != 3 {
				t.Errorf("after retry %d messages, want 3", len(v.Messages))
			}
		})
	}
}

func TestStopKeepsWhatArrivedAndCheckpointsWhileStreaming(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	srv.Stream(endpointtest.Stream{Chunks: []string{"Perfecto. ", "Son ", "cuatro ", "euros ", "y ", "cincuenta."}, Delay: 120 * time.Millisecond})
	name := stream()
	if _, err := svc.Send(t.Context(), id, "¿Cuánto es?", name); err != nil {
		t.Fatal(err)
	}
	// Wait until a checkpoint has reached the database, as a crash would find it.
	deadline := time.Now().Add(5 * time.Second)
	var saved string
	for saved == "" && time.Now().Before(deadline) {
		svc.Store.DB.QueryRow(`SELECT content FROM messages WHERE conversation_id = ? AND role = 'assistant' AND status = 'partial'`, id).Scan(&saved)
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.HasPrefix(saved, "Perfecto.") {
		t.Fatalf("checkpoint = %q", saved)
	}
	if _, err := svc.Send(t.Context(), id, "¿Y con tarjeta?", stream()); err != ErrBusy {
		t.Errorf("send while replying: %v, want ErrBusy", err)
	}
	if err := svc.Stop(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	done := ev.waitDone(t, name)
	if !done.Stopped || done.Message == nil || done.Message.Status != store.StatusPartial || strings.Contains(done.Message.Content, "cincuenta") {
		t.Fatalf("stopped = %+v", done)
	}
	v, _ := svc.Open(t.Context(), id)
	if v.Replying || v.Messages[len(v.Messages)-1].Content != done.Message.Content {
		t.Errorf("view after stop = %+v", v)
	}
}

func TestFreeTalkNeedsAnAIPartner(t *testing.T) {
	offline, _ := newService(t, nil)
	if _, err := offline.Start(t.Context(), FreeTalk, "es", stream()); err == nil || !strings.Contains(err.Error(), "AI partner") {
		t.Fatalf("free talk offline: %v", err)
	}
	svc, ev, srv := newAIService(t)
	srv.Reply("¿De qué quieres hablar?")
	name := stream()
	v, err := svc.Start(t.Context(), FreeTalk, "es", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	if v.Conversation.Title != "Free talk" || v.Conversation.ScenarioID != "" || !strings.Contains(srv.Requests()[0].Messages[0].Content, "Free talk") {
		t.Fatalf("free talk = %+v", v.Conversation)
	}
}

func TestContinueOfflineAfterAFailure(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	srv.Fail(401, "bad key", "")
	name := stream()
	svc.Send(t.Context(), id, "Hola", name)
	ev.waitDone(t, name)
	off := stream()
	v, err := svc.ContinueOffline(t.Context(), id, off)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Offline || v.Conversation.Partner != partner.KindOffline {
		t.Fatalf("view = %+v", v)
	}
	last := v.Messages[len(v.Messages)-1]
	if last.Role != "assistant" || last.Translation == "" || len(last.Choices) == 0 {
		t.Fatalf("offline opening = %+v", last)
	}
	if err := svc.Retry(t.Context(), id, stream()); err == nil {
		t.Error("retry on the offline partner accepted")
	}
}

// BenchmarkFirstChunkToEvent measures the engine's share of the time to first
// token: from the provider's first chunk leaving the server to the first event
// emitted to the page.
func BenchmarkFirstChunkToEvent(b *testing.B) {
	svc, ev, srv := newAIService(b)
	srv.Reply("Hola")
	name := stream()
	v, err := svc.Start(b.Context(), "cafe", "es", name)
	if err != nil {
		b.Fatal(err)
	}
	ev.waitDone(b, name)
	var total time.Duration
	srv.Stream(endpointtest.Stream{Chunks: []string{"Muy", " bien"}})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		name := stream() + fmt.Sprint(i)
		n := len(replies(srv))
		if _, err := svc.Send(b.Context(), v.Conversation.ID, "Un café", name); err != nil {
			b.Fatal(err)
		}
		ev.waitDone(b, name)
		total += ev.firstAt(name).Sub(replies(srv)[n].FirstChunkAt)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs/first-event")
}

// A model that never stops is cut at MaxReplyRunes: the connection closes at
// once, what arrived is kept (partial) with a note, and memory stays flat.
func TestAnEndlessReplyIsCut(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	closed := make(chan time.Time, 1)
	srv.Handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		event := []byte(`data: {"choices":[{"index":0,"delta":{"content":"ja "}}]}` + "\n\n")
		for {
			if _, err := w.Write(event); err != nil {
				closed <- time.Now()
				return
			}
			w.(http.Flusher).Flush()
			if r.Context().Err() != nil {
				closed <- time.Now()
				return
			}
		}
	})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	name := stream()
	if _, err := svc.Send(t.Context(), id, "¿Y tú?", name); err != nil {
		t.Fatal(err)
	}
	done := ev.waitDone(t, name)
	cutAt := time.Now()
	if done.Problem == nil || done.Problem.Code != errs.Limit || done.Message == nil || done.Message.Status != store.StatusPartial {
		t.Fatalf("last chunk = %+v", done)
	}
	if n := utf8.RuneCountInString(done.Message.Content); n != MaxReplyRunes {
		t.Errorf("kept %d characters, want %d", n, MaxReplyRunes)
	}
	if texts := ev.texts(t, name); texts[len(texts)-1] != done.Message.Content {
		t.Error("the chunks do not add up to the stored reply")
	}
	select {
	case at := <-closed:
		if at.Sub(cutAt) > time.Second {
			t.Errorf("the connection closed %v after the cut", at.Sub(cutAt))
		}
	case <-time.After(time.Second):
		t.Fatal("the endpoint was still writing a second after the cut")
	}
	// What the reply keeps, not the garbage a busy machine has not collected yet.
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("heap in use grew by %d KB; %d chunks", grew>>10, len(ev.of(name)))
	if grew > 16<<20 {
		t.Errorf("heap grew by %d MB during an endless reply", grew>>20)
	}
	if got := replies(srv)[len(replies(srv))-1].MaxTokens; got != maxReplyTokens {
		t.Errorf("max_tokens = %d, want %d", got, maxReplyTokens)
	}
}

package conversation

import (
	"context"
	"sync"
	"testing"
	"time"

	"kaiwa/backend/level"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/profiles"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// events records the chunks of each reply, by stream name.
type events struct {
	mu        sync.Mutex
	corrected []store.Message
	chunks    map[string][]Chunk
	at        map[string][]time.Time
	notify    chan struct{}
}

func newEvents() *events {
	return &events{chunks: map[string][]Chunk{}, at: map[string][]time.Time{}, notify: make(chan struct{}, 1000)}
}

func (e *events) Reply(name string, c Chunk) {
	e.mu.Lock()
	e.chunks[name] = append(e.chunks[name], c)
	e.at[name] = append(e.at[name], time.Now())
	e.mu.Unlock()
	select {
	case e.notify <- struct{}{}:
	default:
	}
}

func (e *events) Corrected(m store.Message) {
	e.mu.Lock()
	e.corrected = append(e.corrected, m)
	e.mu.Unlock()
	select {
	case e.notify <- struct{}{}:
	default:
	}
}

// waitCorrected waits for the feedback on message id.
func (e *events) waitCorrected(t testing.TB, id string) store.Message {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		e.mu.Lock()
		for _, m := range e.corrected {
			if m.ID == id {
				e.mu.Unlock()
				return m
			}
		}
		e.mu.Unlock()
		select {
		case <-e.notify:
		case <-deadline:
			t.Fatalf("no feedback on %s", id)
		}
	}
}

func (e *events) of(name string) []Chunk {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Chunk(nil), e.chunks[name]...)
}

// texts are the reply as the page puts it together, after each chunk; a
// chunk must start where the text so far ends.
func (e *events) texts(t testing.TB, name string) []string {
	t.Helper()
	var out []string
	text := ""
	for _, c := range e.of(name) {
		if c.Offset != utf16Len(text) {
			t.Fatalf("chunk at offset %d after %q", c.Offset, text)
		}
		text += c.Delta
		out = append(out, text)
	}
	return out
}

func (e *events) firstAt(name string) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.at[name][0]
}

// waitDone waits for the last chunk of a stream.
func (e *events) waitDone(t testing.TB, name string) Chunk {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if cs := e.of(name); len(cs) > 0 && cs[len(cs)-1].Done {
			return cs[len(cs)-1]
		}
		select {
		case <-e.notify:
		case <-deadline:
			t.Fatalf("stream %s never finished; got %+v", name, e.of(name))
		}
	}
}

// newService builds the service on a fresh database; env sets the partner's
// environment (KAIWA_AI_BASE_URL and friends) without touching the process.
func newService(t testing.TB, env map[string]string) (*Service, *events) {
	t.Helper()
	lib, err := offline.Load()
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t)
	getenv := func(k string) string { return env[k] }
	ev := newEvents()
	svc := &Service{
		Store:   st,
		Library: lib,
		Events:  ev,
		Partner: &partner.Service{Store: st, Keyring: &secrets.Keyring{}, Getenv: getenv, OllamaURL: "http://127.0.0.1:1/v1"},
		Log:     storetest.Discard(),
		// Short intervals keep the tests fast; the rules are the same.
		BatchInterval:      20 * time.Millisecond,
		CheckpointInterval: 50 * time.Millisecond,
	}
	signIn(t, svc)
	svc.Levels = &level.Service{Store: st, Learner: svc.Learner}
	t.Cleanup(svc.Shutdown)
	return svc, ev
}

// signIn signs a new guest in and makes them the service's learner.
func signIn(t testing.TB, svc *Service) store.User {
	t.Helper()
	u, err := svc.Store.CreateUser(context.Background(), store.NewUser{IsGuest: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Store.SignIn(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	svc.Learner = func(ctx context.Context) (store.User, error) { return profiles.Learner(ctx, svc.Store) }
	return u
}

// recount checks the conversation's counter against its rows.
func recount(t testing.TB, st *store.Store, id string) int {
	t.Helper()
	var counter, rows int
	err := st.DB.QueryRowContext(context.Background(), `SELECT message_count, (SELECT count(*) FROM messages WHERE conversation_id = ?) FROM conversations WHERE id = ?`, id, id).Scan(&counter, &rows)
	if err != nil {
		t.Fatal(err)
	}
	if counter != rows {
		t.Fatalf("message_count %d, but %d messages stored", counter, rows)
	}
	return rows
}

var streamN int

func stream() string {
	streamN++
	return "reply:" + time.Now().Format("150405.000") + "-" + string(rune('a'+streamN%26))
}

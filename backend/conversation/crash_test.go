package conversation

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// The crash test runs the engine in a child process (this test binary again),
// kills it with SIGKILL while a reply streams, and inspects the database.
const crashEnv = "KAIWA_CRASH_CHILD_DB"

func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestSIGKILLWhileStreamingLosesNothing")
	}
	st, err := store.Open(context.Background(), path, storetest.Discard(), clock.System)
	if err != nil {
		t.Fatal(err)
	}
	lib, _ := offline.Load()
	getenv := os.Getenv
	svc := &Service{Store: st, Library: lib, Events: newEvents(), Log: storetest.Discard(),
		Partner: &partner.Service{Store: st, Keyring: &secrets.Keyring{}, Getenv: getenv, OllamaURL: "http://127.0.0.1:1/v1"}}
	signIn(t, svc)
	v, err := svc.Start(t.Context(), "cafe", "es", stream())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Hola, un café por favor.", "Con leche."} {
		for svc.busy(v.Conversation.ID) {
			time.Sleep(5 * time.Millisecond)
		}
		if _, err := svc.Send(t.Context(), v.Conversation.ID, text, stream()); err != nil {
			t.Fatal(err)
		}
	}
	select {} // the parent kills us while the last reply streams
}

func TestSIGKILLWhileStreamingLosesNothing(t *testing.T) {
	srv := endpointtest.NewServer(t)
	// The opening and first reply arrive at once; the second streams slowly.
	srv.Reply("¡Hola!")
	path := filepath.Join(t.TempDir(), store.FileName)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path, partner.EnvBaseURL+"="+srv.URL(), partner.EnvModel+"=tutor-1")
	go func() {
		// After two replies (opening, first answer), make the next one slow.
		// Corrections are asked apart, unstreamed: they do not count.
		for len(replies(srv)) < 2 {
			time.Sleep(time.Millisecond)
		}
		srv.Stream(endpointtest.Stream{Chunks: strings.Split("Muy bien , ahora se lo traigo , ¿ algo más ?", " "), Delay: 300 * time.Millisecond})
	}()
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// Watch the child's database read-only: only the child migrates it.
	probe, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	// Wait for a checkpoint of the slow reply (at least once a second).
	deadline := time.Now().Add(40 * time.Second)
	var partial string
	for time.Now().Before(deadline) {
		probe.QueryRow(`SELECT content FROM messages m JOIN conversations c ON c.id = m.conversation_id
			WHERE m.role = 'assistant' AND m.status = 'partial' AND m.content != ''`).Scan(&partial)
		if partial != "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	probe.Close()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if partial == "" {
		t.Fatalf("no checkpoint of the streaming reply reached the database; the child said:\n%s", out.String())
	}

	st, err := store.Open(context.Background(), path, storetest.Discard(), clock.System)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var integrity string
	if err := st.DB.QueryRow(`PRAGMA integrity_check`).Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	var learner int
	st.DB.QueryRow(`SELECT count(*) FROM messages WHERE role = 'user' AND content IN ('Hola, un café por favor.', 'Con leche.')`).Scan(&learner)
	if learner != 2 {
		t.Errorf("%d of the learner's 2 messages survived", learner)
	}
	var content, status string
	st.DB.QueryRow(`SELECT content, status FROM messages WHERE role = 'assistant' ORDER BY created_at DESC LIMIT 1`).Scan(&content, &status)
	if status != store.StatusPartial || !strings.HasPrefix(content, "Muy") {
		t.Errorf("last reply = %q (%s), want what had arrived, marked partial", content, status)
	}
	var counter, rows int
	st.DB.QueryRow(`SELECT message_count, (SELECT count(*) FROM messages) FROM conversations`).Scan(&counter, &rows)
	if counter != rows {
		t.Errorf("message_count %d, rows %d", counter, rows)
	}
}

// replies are the streamed chat requests the fake received: the partner's
// replies (corrections are asked apart, not streamed).
func replies(srv *endpointtest.Server) []endpointtest.Request {
	var out []endpointtest.Request
	for _, r := range srv.Requests() {
		if r.Stream {
			out = append(out, r)
		}
	}
	return out
}

package conversation

import (
	"context"
	"strings"
	"testing"

	"kaiwa/backend/errs"
)

func TestOfflineConversationCommitsEveryTurn(t *testing.T) {
	svc, ev := newService(t, nil)
	s1 := stream()
	v, err := svc.Start(t.Context(), "cafe", "es", s1)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Offline || len(v.Messages) != 1 || v.Messages[0].Role != "assistant" || v.Messages[0].Translation == "" || v.Messages[0].Hint == "" {
		t.Fatalf("opening = %+v", v)
	}
	if c := ev.waitDone(t, s1); c.Message == nil || c.Message.ID != v.Messages[0].ID {
		t.Fatalf("opening chunk = %+v", c)
	}
	id := v.Conversation.ID
	for i := 0; i < 20 && !v.Finished; i++ {
		name := stream()
		reply := "Un café, por favor."
		if len(v.Messages[len(v.Messages)-1].Choices) > 0 {
			reply = v.Messages[len(v.Messages)-1].Choices[0]
		}
		sent, err := svc.Send(t.Context(), id, reply, name)
		if err != nil {
			t.Fatal(err)
		}
		if sent.Role != "user" || sent.Content != reply {
			t.Fatalf("sent = %+v", sent)
		}
		ev.waitDone(t, name)
		if v, err = svc.Open(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		if n := recount(t, svc.Store, id); n != len(v.Messages) {
			t.Fatalf("%d rows, view has %d", n, len(v.Messages))
		}
	}
	if !v.Finished {
		t.Fatal("the café scenario never finished")
	}
	if _, err := svc.Send(t.Context(), id, "¿Hola?", stream()); err == nil || !strings.Contains(err.Error(), "ended") {
		t.Errorf("send after the end: %v", err)
	}
	c, err := svc.End(t.Context(), id)
	if err != nil || c.EndedAt == "" {
		t.Fatalf("End = %+v, %v", c, err)
	}
	list, err := svc.List(t.Context())
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("List = %+v, %v", list, err)
	}
}

func TestBadMessagesAreRefusedAndChangeNothing(t *testing.T) {
	svc, _ := newService(t, nil)
	v, err := svc.Start(t.Context(), "greetings", "ja", stream())
	if err != nil {
		t.Fatal(err)
	}
	id := v.Conversation.ID
	for name, text := range map[string]string{
		"empty":          "",
		"blank":          " \n\t ",
		"controls":       "\x00\x07\u200b\ufeff \u2060\r\n",
		"too long":       strings.Repeat("あ", MaxMessageRunes+1),
		"too long, RTL":  strings.Repeat("م", MaxMessageRunes+1),
		"too long emoji": strings.Repeat("👩\u200d💻", MaxMessageRunes/3+1),
	} {
		if _, err := svc.Send(t.Context(), id, text, stream()); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: %v, want an invalid-input error", name, err)
		}
		if n := recount(t, svc.Store, id); n != 1 {
			t.Errorf("%s: %d messages after a refused send, want 1", name, n)
		}
	}
	if _, err := svc.Send(t.Context(), "no-such-conversation", "hola", stream()); !errs.Is(err, errs.NotFound) {
		t.Errorf("send to a missing conversation: %v", err)
	}
}

func TestOfflinePartnerSaysWhenItLacksAScenario(t *testing.T) {
	svc, _ := newService(t, nil)
	_, err := svc.Start(t.Context(), "doctor", "ar", stream())
	if err == nil || !strings.Contains(err.Error(), "Settings") {
		t.Fatalf("err = %v, want advice to pick another scenario or set up an AI partner", err)
	}
	if _, err := svc.Start(t.Context(), "cafe", "xx", stream()); err == nil || !strings.Contains(err.Error(), "Choose a language") {
		t.Errorf("unknown language: %v", err)
	}
	if _, err := svc.Start(t.Context(), "no-such-scenario", "es", stream()); err == nil {
		t.Error("unknown scenario accepted")
	}
	if list, _ := svc.List(t.Context()); len(list) != 0 {
		t.Errorf("a refused start left %d conversations", len(list))
	}
	if got := svc.OfflineScenarios("ar"); len(got) != 1 || got[0] != "onboarding" {
		t.Errorf("OfflineScenarios(ar) = %v", got)
	}
}

// Deleting a conversation takes its messages (and, through Recordings, its
// audio) but leaves what it counted.
func TestDeleteKeepsTheCountButNotTheWords(t *testing.T) {
	svc, ev := newService(t, nil)
	audio := &recordings{}
	svc.Recordings = audio
	s1 := stream()
	v, err := svc.Start(t.Context(), "cafe", "es", s1)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, s1)
	id := v.Conversation.ID
	if err := svc.Delete(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if audio.forgotten != id {
		t.Errorf("the audio of %q was deleted, want %q", audio.forgotten, id)
	}
	if n := recount(t, svc.Store, id); n != 0 {
		t.Errorf("%d messages left", n)
	}
	if list, _ := svc.List(t.Context()); len(list) != 0 {
		t.Errorf("still listed: %+v", list)
	}
	if _, err := svc.Open(t.Context(), id); err == nil {
		t.Error("a deleted conversation opened")
	}
	var rows int
	svc.Store.DB.QueryRow(`SELECT count(*) FROM conversations WHERE id = ? AND deleted_at IS NOT NULL`, id).Scan(&rows)
	if rows != 1 {
		t.Error("the row that counts the practice is gone")
	}
	if err := svc.Delete(t.Context(), id); err == nil {
		t.Error("deleted twice")
	}
}

// recordings stands in for the voice service.
type recordings struct{ forgotten string }

func (r *recordings) RecordingRef(_ context.Context, _, id string) (string, error) {
	return "audio/recordings/" + id + ".wav", nil
}

func (r *recordings) ForgetConversation(_ context.Context, _, id string) { r.forgotten = id }

// Clean keeps what a learner writes in any script, and drops only what no
// one can see or type on purpose.
func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  Hola\r\n¿qué tal?\t ":   "Hola\n¿qué tal?",
		"ab\x00c\x1bd\u007f\u0085": "abcd",
		"\ufeff\u200bこんにちは\u2060":  "こんにちは",
		"👩\u200d💻 می\u200cخواهم":   "👩\u200d💻 می\u200cخواهم", // ZWJ and ZWNJ stay
		"مرحبا \u200fhello":        "مرحبا \u200fhello",      // a direction mark stays
		"bad \xff byte":            "bad  byte",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

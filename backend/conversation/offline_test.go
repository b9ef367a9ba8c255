package conversation

import (
	"context"
	"strings"
	"testing"
)

func TestOfflineConversationCommitsEveryTurn(t *testing.T) {
	svc, ev := newService(t, nil)
	s1 := stream()
	v, err := svc.Start("cafe", "es", s1)
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
		sent, err := svc.Send(id, reply, name)
		if err != nil {
			t.Fatal(err)
		}
		if sent.Role != "user" || sent.Content != reply {
			t.Fatalf("sent = %+v", sent)
		}
		ev.waitDone(t, name)
		if v, err = svc.Open(id); err != nil {
			t.Fatal(err)
		}
		if n := recount(t, svc.Store, id); n != len(v.Messages) {
			t.Fatalf("%d rows, view has %d", n, len(v.Messages))
		}
	}
	if !v.Finished {
		t.Fatal("the café scenario never finished")
	}
	if _, err := svc.Send(id, "¿Hola?", stream()); err == nil || !strings.Contains(err.Error(), "ended") {
		t.Errorf("send after the end: %v", err)
	}
	c, err := svc.End(id)
	if err != nil || c.EndedAt == "" {
		t.Fatalf("End = %+v, %v", c, err)
	}
	list, err := svc.List()
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("List = %+v, %v", list, err)
	}
}

func TestBadMessagesAreRefusedAndChangeNothing(t *testing.T) {
	svc, _ := newService(t, nil)
	v, err := svc.Start("greetings", "ja", stream())
	if err != nil {
		t.Fatal(err)
	}
	id := v.Conversation.ID
	for name, text := range map[string]string{
		"empty":      "",
		"blank":      " \n\t ",
		"too long":   strings.Repeat("あ", MaxMessageRunes+1),
		"bad stream": "hola",
	} {
		s := stream()
		if name == "bad stream" {
			s = "not-a-reply-stream"
		}
		if _, err := svc.Send(id, text, s); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if n := recount(t, svc.Store, id); n != 1 {
			t.Errorf("%s: %d messages after a refused send, want 1", name, n)
		}
	}
	if _, err := svc.Send("no-such-conversation", "hola", stream()); err == nil {
		t.Error("send to a missing conversation accepted")
	}
}

func TestOfflinePartnerSaysWhenItLacksAScenario(t *testing.T) {
	svc, _ := newService(t, nil)
	_, err := svc.Start("doctor", "ar", stream())
	if err == nil || !strings.Contains(err.Error(), "Settings") {
		t.Fatalf("err = %v, want advice to pick another scenario or set up an AI partner", err)
	}
	if _, err := svc.Start("cafe", "xx", stream()); err == nil || !strings.Contains(err.Error(), "Choose a language") {
		t.Errorf("unknown language: %v", err)
	}
	if _, err := svc.Start("no-such-scenario", "es", stream()); err == nil {
		t.Error("unknown scenario accepted")
	}
	if list, _ := svc.List(); len(list) != 0 {
		t.Errorf("a refused start left %d conversations", len(list))
	}
	if got := svc.OfflineScenarios("ar"); len(got) != 1 || got[0] != "onboarding" {
		t.Errorf("OfflineScenarios(ar) = %v", got)
	}
}

// Deleting a conversation takes its messages (and, through the hook, its
// audio) but leaves what it counted.
func TestDeleteKeepsTheCountButNotTheWords(t *testing.T) {
	svc, ev := newService(t, nil)
	var told string
	svc.Deleting = func(_ context.Context, _, id string) { told = id }
	s1 := stream()
	v, err := svc.Start("cafe", "es", s1)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, s1)
	id := v.Conversation.ID
	if err := svc.Delete(id); err != nil {
		t.Fatal(err)
	}
	if told != id {
		t.Errorf("the hook heard %q", told)
	}
	if n := recount(t, svc.Store, id); n != 0 {
		t.Errorf("%d messages left", n)
	}
	if list, _ := svc.List(); len(list) != 0 {
		t.Errorf("still listed: %+v", list)
	}
	if _, err := svc.Open(id); err == nil {
		t.Error("a deleted conversation opened")
	}
	var rows int
	svc.Store.DB.QueryRow(`SELECT count(*) FROM conversations WHERE id = ? AND deleted_at IS NOT NULL`, id).Scan(&rows)
	if rows != 1 {
		t.Error("the row that counts the practice is gone")
	}
	if err := svc.Delete(id); err == nil {
		t.Error("deleted twice")
	}
}

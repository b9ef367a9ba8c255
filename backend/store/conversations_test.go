package store_test

import (
	"errors"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func TestCountersFollowTheMessages(t *testing.T) {
	t.Parallel()
	clk := clock.NewFake(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	advance := clk.Advance
	s := storetest.OpenWith(t, clk)
	learner, err := s.CreateUser(ctx, store.NewUser{IsGuest: true})
	if err != nil || !learner.IsGuest {
		t.Fatalf("guest = %+v, %v", learner, err)
	}
	c, err := s.CreateConversation(ctx, store.NewConversation{UserID: learner.ID, Language: "es", Title: "Café", ScenarioID: "cafe", Partner: "offline"})
	if err != nil {
		t.Fatal(err)
	}

	advance(30 * time.Second)
	m1, err := s.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "Un café 👍 por favor", Choices: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	advance(2 * time.Hour) // the learner walked away: only five minutes count
	reply, err := s.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "assistant", Status: store.StatusPartial})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckpointReply(ctx, reply.ID, "Muy"); err != nil {
		t.Fatal(err)
	}
	advance(10 * time.Second)
	reply.Content, reply.Status, reply.Translation = "Muy bien.", store.StatusComplete, "Very good."
	if err := s.FinishReply(ctx, reply); err != nil {
		t.Fatal(err)
	}

	got, err := s.Conversation(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.MessageCount != 2 {
		t.Errorf("message_count = %d, want 2", got.MessageCount)
	}
	if want := 30 + 5*60 + 10; got.DurationSeconds != want {
		t.Errorf("duration = %d s, want %d (idle gaps capped)", got.DurationSeconds, want)
	}
	msgs, err := s.Messages(ctx, c.ID)
	if err != nil || len(msgs) != 2 || msgs[0].ID != m1.ID || msgs[1].Content != "Muy bien." || msgs[1].Status != store.StatusComplete || msgs[0].Choices[0] != "a" {
		t.Fatalf("messages = %+v, %v", msgs, err)
	}

	if err := s.DeleteMessage(ctx, reply.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Conversation(ctx, c.ID); got.MessageCount != 1 {
		t.Errorf("after delete message_count = %d, want 1", got.MessageCount)
	}
	ended, err := s.EndConversation(ctx, c.ID)
	if err != nil || ended.EndedAt == "" {
		t.Fatalf("End = %+v, %v", ended, err)
	}
	advance(time.Minute)
	again2, _ := s.EndConversation(ctx, c.ID)
	if again2.EndedAt != ended.EndedAt {
		t.Error("ending twice moved the end")
	}
	list, err := s.Conversations(ctx, learner.ID, 10)
	if err != nil || len(list) != 1 {
		t.Errorf("Conversations = %+v, %v", list, err)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	if v, err := s.Setting(ctx, "partner.kind"); err != nil || v != "" {
		t.Fatalf("unset setting = %q, %v", v, err)
	}
	if err := s.SetSettings(ctx, map[string]string{"partner.kind": "ai", "partner.model": "m"}); err != nil {
		t.Fatal(err)
	}
	s.SetSettings(ctx, map[string]string{"partner.kind": "offline"})
	if v, _ := s.Setting(ctx, "partner.kind"); v != "offline" {
		t.Errorf("partner.kind = %q", v)
	}
}

func TestOwnershipLookupsSeeOnlyTheLearnersOwn(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ana, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	ben, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ben"})
	c, err := s.CreateConversation(ctx, store.NewConversation{UserID: ana.ID, Language: "es", Partner: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "hola"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.ConversationOf(ctx, ana.ID, c.ID); err != nil || got.ID != c.ID {
		t.Errorf("ConversationOf(owner) = %+v, %v", got, err)
	}
	if got, conv, err := s.MessageOf(ctx, ana.ID, m.ID); err != nil || got.ID != m.ID || conv.ID != c.ID {
		t.Errorf("MessageOf(owner) = %+v, %+v, %v", got, conv, err)
	}
	gone := func(what string, err, want error) {
		t.Helper()
		if !errors.Is(err, store.ErrNotFound) || !errors.Is(err, want) || errs.CodeOf(err) != errs.NotFound {
			t.Errorf("%s: err = %v, want %v (not found)", what, err, want)
		}
	}
	_, err = s.ConversationOf(ctx, ben.ID, c.ID)
	gone("another learner's conversation", err, store.ErrConversationGone)
	_, err = s.ConversationOf(ctx, ana.ID, "no-such-id")
	gone("an unknown conversation", err, store.ErrConversationGone)
	_, _, err = s.MessageOf(ctx, ben.ID, m.ID)
	gone("another learner's message", err, store.ErrMessageGone)
	_, _, err = s.MessageOf(ctx, ana.ID, "no-such-id")
	gone("an unknown message", err, store.ErrMessageGone)

	if err := s.DeleteConversation(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.ConversationOf(ctx, ana.ID, c.ID)
	gone("a deleted conversation", err, store.ErrConversationGone)

	s.Close()
	if _, err := s.ConversationOf(ctx, ana.ID, c.ID); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("a database failure reads as %v; it must not pass for not found", err)
	}
	if _, _, err := s.MessageOf(ctx, ana.ID, m.ID); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("a database failure reads as %v; it must not pass for not found", err)
	}
}

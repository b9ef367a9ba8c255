package store_test

import (
	"errors"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// The same word is one card: saving it again fills in what it lacked and
// keeps its schedule; another learner's line is never linked.
func TestSaveWordKeepsOneCardPerWord(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	s := storetest.OpenWith(t, clock.NewFake(now))
	ana, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	ben, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ben"})
	conv, err := s.CreateConversation(ctx, store.NewConversation{UserID: ben.ID, Language: "ja", Partner: "offline", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	line, err := s.AddMessage(ctx, store.Message{ConversationID: conv.ID, Role: "assistant", Content: "コーヒーをください"})
	if err != nil {
		t.Fatal(err)
	}

	first, err := s.SaveWord(ctx, store.VocabularyCard{ID: "c1", UserID: ana.ID, Language: "ja", Word: "コーヒー",
		Normalized: "こーひー", MessageID: line.ID, Due: now})
	if err != nil {
		t.Fatal(err)
	}
	if first.MessageID != "" {
		t.Errorf("linked to another learner's line %q", first.MessageID)
	}
	first.Due, first.Reps, first.LastReview = now.Add(72*time.Hour), 1, now
	if err := s.RecordReview(ctx, first, store.VocabularyReview{CardID: "c1", Rating: 3, Due: first.Due, ReviewedAt: now}); err != nil {
		t.Fatal(err)
	}
	again, err := s.SaveWord(ctx, store.VocabularyCard{ID: "c2", UserID: ana.ID, Language: "ja", Word: "こーひー",
		Normalized: "こーひー", Meaning: "coffee", Due: now})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != "c1" || again.Meaning != "coffee" || again.Word != "コーヒー" || !again.Due.Equal(now.Add(72*time.Hour)) || again.Reps != 1 {
		t.Errorf("saved again: %+v, want card c1 with its meaning filled in and its schedule kept", again)
	}
	if _, err := s.SaveWord(ctx, store.VocabularyCard{ID: "c3", UserID: ben.ID, Language: "ja", Word: "コーヒー",
		Normalized: "こーひー", MessageID: line.ID, Due: now}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.VocabularyCard(ctx, ben.ID, "c3"); c.MessageID != line.ID {
		t.Errorf("Ben's card from his own line: message %q, want %q", c.MessageID, line.ID)
	}
	if _, err := s.VocabularyCard(ctx, ben.ID, "c1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Ben reads Ana's card: %v, want ErrNotFound", err)
	}
}

func TestDueWordsAreTheLearnersSoonestFirst(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	s := storetest.OpenWith(t, clock.NewFake(now))
	ana, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	ben, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ben"})
	for i, w := range []struct {
		user, word string
		due        time.Duration
	}{{ana.ID, "b", -time.Hour}, {ana.ID, "a", -2 * time.Hour}, {ana.ID, "c", time.Hour}, {ben.ID, "d", -time.Hour}} {
		if _, err := s.SaveWord(ctx, store.VocabularyCard{ID: string(rune('1' + i)), UserID: w.user, Language: "es",
			Word: w.word, Normalized: w.word, Due: now.Add(w.due)}); err != nil {
			t.Fatal(err)
		}
	}
	due, err := s.DueWords(ctx, ana.ID, now, 10)
	if err != nil || len(due) != 2 || due[0].Word != "a" || due[1].Word != "b" {
		t.Fatalf("due %+v (%v), want a then b", due, err)
	}
	if n, _ := s.CountDueWords(ctx, ana.ID, now); n != 2 {
		t.Errorf("%d due, want 2", n)
	}
	if due, _ := s.DueWords(ctx, ana.ID, now, 1); len(due) != 1 {
		t.Errorf("limit 1 gave %d", len(due))
	}
}

// Deleting a learner deletes their cards and log; deleting the line a card
// came from keeps the card.
func TestVocabularyFollowsTheLearnerNotTheLine(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	s := storetest.OpenWith(t, clock.NewFake(now))
	ana, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	conv, _ := s.CreateConversation(ctx, store.NewConversation{UserID: ana.ID, Language: "es", Partner: "offline", Model: "m"})
	line, _ := s.AddMessage(ctx, store.Message{ConversationID: conv.ID, Role: "assistant", Content: "hola"})
	c, err := s.SaveWord(ctx, store.VocabularyCard{ID: "c1", UserID: ana.ID, Language: "es", Word: "hola", Normalized: "hola", MessageID: line.ID, Due: now})
	if err != nil || c.MessageID != line.ID || c.Sentence != "hola" {
		t.Fatalf("%+v %v, want the line and its sentence", c, err)
	}
	if due, _ := s.DueWords(ctx, ana.ID, now, 10); len(due) != 1 || due[0].Sentence != "hola" {
		t.Errorf("due %+v, want the card with its sentence", due)
	}
	if err := s.RecordReview(ctx, c, store.VocabularyReview{CardID: c.ID, Rating: 3, Due: now, ReviewedAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB.Exec(`DELETE FROM messages WHERE id = ?`, line.ID); err != nil {
		t.Fatal(err)
	}
	if c, err := s.VocabularyCard(ctx, ana.ID, "c1"); err != nil || c.MessageID != "" || c.Sentence != "" {
		t.Errorf("after the line went: %+v %v", c, err)
	}
	if _, err := s.DB.Exec(`DELETE FROM users WHERE id = ?`, ana.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	s.DB.QueryRow(`SELECT (SELECT count(*) FROM vocabulary_progress) + (SELECT count(*) FROM vocabulary_reviews)`).Scan(&n)
	if n != 0 {
		t.Errorf("%d vocabulary rows left after the learner was deleted", n)
	}
}

// Going down to version 9 drops the vocabulary and nothing else; going up
// again brings the tables back.
func TestVocabularyMigrationDownKeepsTheRest(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ana, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	if _, err := s.SaveWord(ctx, store.VocabularyCard{ID: "c1", UserID: ana.ID, Language: "es", Word: "hola", Normalized: "hola", Due: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := store.MigrateTo(s, 9); err != nil {
		t.Fatal(err)
	}
	if u, err := s.User(ctx, ana.ID); err != nil || u.DisplayName != "Ana" {
		t.Errorf("learner after going down: %+v %v", u, err)
	}
	if err := store.MigrateTo(s, store.LatestVersion()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveWord(ctx, store.VocabularyCard{ID: "c2", UserID: ana.ID, Language: "es", Word: "hola", Normalized: "hola", Due: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

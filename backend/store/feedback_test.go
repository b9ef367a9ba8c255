package store_test

import (
	"context"
	"reflect"
	"testing"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// A learner line's correction, a line's translation and a conversation's
// report are kept with them; readings are remembered per language.
func TestFeedbackIsKeptWithTheConversation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storetest.Open(t)
	u, err := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana", TargetLanguage: "ja"})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "ja", Partner: "ai"})
	m, _ := s.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "アメリカから来ました"})
	if err := s.SetCorrection(ctx, m.ID, `{"corrected":"アメリカから来ました。"}`); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTranslation(ctx, m.ID, "I came from America."); err != nil {
		t.Fatal(err)
	}
	if err := s.SetReport(ctx, c.ID, `{"turns":1}`); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Message(ctx, m.ID)
	conv, _ := s.Conversation(ctx, c.ID)
	if got.Correction != `{"corrected":"アメリカから来ました。"}` || got.Translation != "I came from America." || conv.Report != `{"turns":1}` {
		t.Fatalf("kept %+v and %+v", got, conv)
	}
	if err := s.SetCorrection(ctx, "no-such-message", "{}"); err != store.ErrNotFound {
		t.Errorf("a correction for no message: %v", err)
	}

	for _, step := range []struct {
		lang string
		on   bool
		want []string
	}{{"ja", true, []string{"ja"}}, {"zh", true, []string{"ja", "zh"}}, {"ja", true, []string{"ja", "zh"}}, {"ja", false, []string{"zh"}}} {
		if err := s.SetReadingAid(ctx, u.ID, step.lang, step.on); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.Preferences(ctx, u.ID); !reflect.DeepEqual(p.ReadingAids, step.want) {
			t.Errorf("after %s=%v: %v, want %v", step.lang, step.on, p.ReadingAids, step.want)
		}
	}
}

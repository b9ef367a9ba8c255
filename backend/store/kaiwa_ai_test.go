package store_test

import (
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// The ledger counts Kaiwa AI conversations per licence, whoever's profile
// they were in, whatever happens to them later; nothing else is counted.
func TestKaiwaAIUsageIsCountedPerLicence(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	clk := clock.NewFake(from.Add(48 * time.Hour))
	s := storetest.OpenWith(t, clk)
	aiko, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Aiko"})
	ben, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Ben"})

	// start begins a conversation with a partner, counts it under licence
	// when Kaiwa AI answers it, and keeps it going for a while.
	start := func(userID, partner, licence string, active time.Duration) store.Conversation {
		t.Helper()
		c, err := s.CreateConversation(ctx, store.NewConversation{UserID: userID, Language: "es", Partner: partner, Model: "m"})
		if err != nil {
			t.Fatal(err)
		}
		if licence != "" {
			if err := s.CountKaiwaAI(ctx, c.ID, licence, "inst-"+licence); err != nil {
				t.Fatal(err)
			}
		}
		for range int(active / time.Minute) {
			clk.Advance(time.Minute)
			if _, err := s.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "hola"}); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	usage := func(licence string, from, to time.Time) (int, int) {
		t.Helper()
		conv, mins, err := s.KaiwaAIUsage(ctx, licence, from, to)
		if err != nil {
			t.Fatal(err)
		}
		return conv, mins
	}

	first := start(aiko.ID, "kaiwa", "77", 3*time.Minute)
	if err := s.CountKaiwaAI(ctx, first.ID, "77", "inst-77"); err != nil { // counted once
		t.Fatal(err)
	}
	start(aiko.ID, "ai", "", 20*time.Minute)      // her own endpoint: never counted
	start(aiko.ID, "offline", "", 20*time.Minute) // the offline partner: never counted
	start(ben.ID, "kaiwa", "88", 5*time.Minute)   // another licence
	if conv, mins := usage("77", from, to); conv != 1 || mins != 3 {
		t.Fatalf("licence 77: %d conversations, %d minutes; want 1, 3", conv, mins)
	}
	if counted, err := s.KaiwaAICounted(ctx, first.ID); err != nil || !counted {
		t.Errorf("KaiwaAICounted = %v, %v", counted, err)
	}

	// Handed to the offline partner, a conversation stops counting time.
	handed := start(aiko.ID, "kaiwa", "77", 2*time.Minute)
	if err := s.SetPartner(ctx, handed.ID, "offline", "", ""); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	s.AddMessage(ctx, store.Message{ConversationID: handed.ID, Role: "user", Content: "hola"})
	if conv, mins := usage("77", from, to); conv != 2 || mins != 5 {
		t.Errorf("after the hand-over: %d conversations, %d minutes; want 2, 5", conv, mins)
	}

	// Deleting the conversation, or the whole profile, gives nothing back:
	// the licence moved to a new profile starts from the same count.
	if err := s.DeleteConversation(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteUser(ctx, aiko.ID); err != nil {
		t.Fatal(err)
	}
	carol, _ := s.CreateUser(ctx, store.NewUser{DisplayName: "Carol"})
	start(carol.ID, "kaiwa", "77", time.Minute)
	if conv, mins := usage("77", from, to); conv != 3 || mins != 6 {
		t.Errorf("after deleting Aiko: %d conversations, %d minutes; want 3, 6", conv, mins)
	}
	if conv, mins := usage("77", to, to.AddDate(0, 1, 0)); conv != 0 || mins != 0 {
		t.Errorf("next month: %d conversations, %d minutes", conv, mins)
	}
	if conv, mins := usage("88", from, to); conv != 1 || mins != 5 {
		t.Errorf("licence 88: %d conversations, %d minutes; want 1, 5", conv, mins)
	}
}

// Pro and Premium include Kaiwa AI, each with its own model; Free does not.
func TestTiersNameTheirKaiwaAIModel(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	tiers, err := s.Tiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tier := range tiers {
		got[tier.ID] = tier.KaiwaAIModel
	}
	if got["free"] != "" || got["pro"] != "kaiwa-pro" || got["premium"] != "kaiwa-premium" {
		t.Errorf("Kaiwa AI models: %v", got)
	}
}

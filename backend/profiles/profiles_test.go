package profiles

import (
	"context"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

var ctx = context.Background()

// newService is the profiles service on a fresh database, with a fake clock
// the store and the service share.
func newService(t *testing.T) (*Service, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 5, 10, 9, 0, 0, 0, time.UTC))
	return &Service{Store: storetest.OpenWith(t, clk), Clock: clk}, clk
}

func finishConversation(t *testing.T, st *store.Store, userID string) store.Conversation {
	t.Helper()
	c, err := st.CreateConversation(ctx, store.NewConversation{UserID: userID, Language: "es", ScenarioID: "cafe", Partner: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"assistant", "user", "assistant"} {
		if _, err := st.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: role, Content: "hola"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.EndConversation(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFirstLaunchCreatesAGuestSilently(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	st, err := svc.Current(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Learner == nil || !st.Learner.IsGuest || !st.FirstRun || st.AskToSave || len(st.Profiles) != 0 {
		t.Fatalf("first launch = %+v", st)
	}
	again, _ := svc.Current(t.Context())
	if again.Learner.ID != st.Learner.ID {
		t.Error("a second guest was created on the next launch")
	}
	users, _ := svc.Store.Users(ctx)
	if len(users) != 1 {
		t.Errorf("%d users, want one guest", len(users))
	}
}

func TestCollectedDataIsKeptAndConversionIsInPlace(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	st, _ := svc.Current(t.Context())
	guest := st.Learner.ID
	for field, value := range map[string]string{"name": "Ana", "target_language": "es", "goal": "fluent", "level": "beginner", "comfort": "2"} {
		if err := svc.Store.Collect(ctx, guest, field, value); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := svc.Store.User(ctx, guest)
	if u.DisplayName != "Ana" || u.TargetLanguage != "es" || u.Goal != "fluent" || u.Level != "beginner" || u.Comfort != 2 {
		t.Fatalf("collected = %+v", u)
	}
	c := finishConversation(t, svc.Store, guest)
	count := func() (n int) {
		svc.Store.DB.QueryRow(`SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM user_preferences)`).Scan(&n)
		return
	}
	before := count()

	st, err := svc.Current(t.Context())
	if err != nil || !st.AskToSave || st.FirstRun {
		t.Fatalf("after the first session = %+v, %v; want the save question", st, err)
	}
	for _, bad := range []Form{{Name: " "}, {Name: strings.Repeat("x", 41)}, {Name: "Ana", Email: "not-an-email"}, {Name: "Ana", TargetLanguage: "xx"}, {Name: "Ana", Goal: "win"}} {
		if _, err := svc.SaveGuest(t.Context(), bad); err == nil {
			t.Errorf("SaveGuest(%+v) accepted", bad)
		}
	}
	if u, _ := svc.Store.User(ctx, guest); !u.IsGuest {
		t.Fatal("a refused form changed the guest")
	}
	st, err = svc.SaveGuest(t.Context(), Form{Name: "Ana", NativeLanguage: "en", TargetLanguage: "es", Goal: "fluent", Level: "elementary", Email: "ana@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Learner.ID != guest || st.Learner.IsGuest || st.Learner.Level != "elementary" || st.AskToSave {
		t.Fatalf("saved = %+v", st.Learner)
	}
	if after := count(); after != before {
		t.Errorf("rows before %d, after %d: conversion must keep everything", before, after)
	}
	if conv, err := svc.Store.Conversation(ctx, c.ID); err != nil || conv.UserID != guest {
		t.Errorf("conversation after saving = %+v, %v", conv, err)
	}
}

func TestDeclineThenAskAgainLater(t *testing.T) {
	t.Parallel()
	if got := []int{nextAsk(1, 1), nextAsk(4, 2), nextAsk(10, 3), nextAsk(22, 4), nextAsk(46, 9)}; got[0] != 4 || got[1] != 10 || got[2] != 22 || got[3] != 46 || got[4] != 70 {
		t.Fatalf("rhythm = %v, want 4 10 22 46 70 (3, 6, 12, 24, 24 sessions later)", got)
	}
	svc, _ := newService(t)
	st, _ := svc.Current(t.Context())
	guest := st.Learner.ID
	finishConversation(t, svc.Store, guest)
	if st, _ = svc.Current(t.Context()); !st.AskToSave {
		t.Fatal("not asked after the first session")
	}
	if st, _ = svc.DeclineSave(t.Context()); st.AskToSave || !st.Learner.IsGuest {
		t.Fatalf("after no: %+v", st)
	}
	asked := []bool{}
	for i := 0; i < 3; i++ {
		finishConversation(t, svc.Store, guest)
		st, _ = svc.Current(t.Context())
		asked = append(asked, st.AskToSave)
	}
	if asked[0] || asked[1] || !asked[2] {
		t.Errorf("asked after sessions 2, 3, 4 = %v; want only after the fourth", asked)
	}
}

func TestDiscardDeletesTheGuestsData(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	st, _ := svc.Current(t.Context())
	finishConversation(t, svc.Store, st.Learner.ID)
	fresh, err := svc.DiscardGuest(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Learner.ID == st.Learner.ID || !fresh.FirstRun {
		t.Fatalf("after discard = %+v", fresh)
	}
	var n int
	svc.Store.DB.QueryRow(`SELECT (SELECT count(*) FROM conversations) + (SELECT count(*) FROM messages)`).Scan(&n)
	if n != 0 {
		t.Errorf("%d rows of the discarded guest remain", n)
	}
}

func TestProfilesSessionsAndIsolation(t *testing.T) {
	t.Parallel()
	svc, clk := newService(t)
	svc.Current(t.Context())
	a, err := svc.Create(t.Context(), Form{Name: "Ana", NativeLanguage: "en", TargetLanguage: "es"})
	if err != nil {
		t.Fatal(err)
	}
	finishConversation(t, svc.Store, a.Learner.ID)
	b, err := svc.Create(t.Context(), Form{Name: "Ben", NativeLanguage: "en", TargetLanguage: "ja"})
	if err != nil || b.Learner.DisplayName != "Ben" || len(b.Profiles) != 2 {
		t.Fatalf("create Ben = %+v, %v", b, err)
	}
	if convs, _ := svc.Store.Conversations(ctx, b.Learner.ID, 10); len(convs) != 0 {
		t.Error("Ben sees Ana's conversations")
	}
	if u, _ := Learner(ctx, svc.Store); u.ID != b.Learner.ID {
		t.Error("creating a profile signs in to it")
	}
	// A restart restores the signed-in profile.
	if st, _ := svc.Current(t.Context()); st.Learner.ID != b.Learner.ID {
		t.Error("the session was not restored")
	}
	if _, err := svc.Rename(t.Context(), a.Learner.ID, "Ana María"); err != nil {
		t.Fatal(err)
	}
	// Signing out lands on the chooser, not on a new guest.
	st, err := svc.SignOut(t.Context())
	if err != nil || st.Learner != nil || len(st.Profiles) != 2 || st.Profiles[0].DisplayName != "Ana María" {
		t.Fatalf("after sign out = %+v, %v", st, err)
	}
	if _, err := Learner(ctx, svc.Store); err == nil {
		t.Error("a learner is still signed in")
	}
	// An expired session also lands on the chooser.
	svc.Choose(t.Context(), a.Learner.ID)
	clk.Advance(store.SessionLength + time.Hour)
	st, _ = svc.Current(t.Context())
	if st.Learner != nil {
		t.Error("an expired session was restored")
	}
	// Deleting a profile deletes its data; deleting the signed-in one signs out.
	svc.Choose(t.Context(), a.Learner.ID)
	st, err = svc.Delete(t.Context(), a.Learner.ID)
	if err != nil || st.Learner != nil || len(st.Profiles) != 1 {
		t.Fatalf("after deleting the signed-in profile = %+v, %v", st, err)
	}
	var n int
	svc.Store.DB.QueryRow(`SELECT count(*) FROM conversations WHERE user_id = ?`, a.Learner.ID).Scan(&n)
	if n != 0 {
		t.Error("the deleted profile's conversations remain")
	}
}

func TestTodayCountsLocalDays(t *testing.T) {
	t.Parallel()
	svc, clk := newService(t)
	st, _ := svc.Current(t.Context())
	loc := time.FixedZone("UTC+9", 9*3600)
	now := time.Date(2026, 5, 10, 8, 0, 0, 0, loc)
	for _, day := range []int{7, 8, 9} { // three days before today, local time
		clk.Set(time.Date(2026, 5, day, 23, 30, 0, 0, loc))
		finishConversation(t, svc.Store, st.Learner.ID)
	}
	got, err := svc.today(ctx, st.Learner.ID, now)
	if err != nil || got.Streak != 3 || got.Minutes != 0 || got.GoalMinutes != 10 {
		t.Fatalf("today = %+v, %v; want a 3-day streak kept until the end of today", got, err)
	}
	if got, _ := svc.today(ctx, st.Learner.ID, now.AddDate(0, 0, 1)); got.Streak != 0 {
		t.Errorf("a missed day keeps a streak of %d", got.Streak)
	}
}

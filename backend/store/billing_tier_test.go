package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func TestSetSubscriptionTier(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t)
	u, err := s.CreateUser(ctx, store.NewUser{DisplayName: "Aiko"})
	if err != nil {
		t.Fatal(err)
	}
	validated := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sub, err := s.SaveSubscription(ctx, store.Subscription{UserID: u.ID, Tier: "pro", Provider: "lemonsqueezy",
		LicenseID: "77", InstanceID: "inst-1", Status: "active", LastValidated: validated}, store.Payment{})
	if err != nil {
		t.Fatal(err)
	}

	if err := s.SetSubscriptionTier(ctx, sub.ID, "premium"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ActiveSubscription(ctx, u.ID)
	if err != nil || got.Tier != "premium" {
		t.Fatalf("after the upgrade: %+v, %v", got, err)
	}
	// Only the tier changes.
	if got.ID != sub.ID || got.LicenseID != "77" || got.InstanceID != "inst-1" || got.Status != "active" ||
		!got.LastValidated.Equal(validated) {
		t.Errorf("other fields changed: %+v", got)
	}

	if err := s.SetSubscriptionTier(ctx, sub.ID, "gold"); err == nil {
		t.Error("set a tier that does not exist")
	}
	if got, _ := s.ActiveSubscription(ctx, u.ID); got.Tier != "premium" {
		t.Errorf("tier after a refused change = %q", got.Tier)
	}
	if err := s.SetSubscriptionTier(ctx, "no-such-subscription", "pro"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown subscription: %v", err)
	}
}

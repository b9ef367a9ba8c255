package billing

import (
	"context"
	"errors"
	"testing"
	"time"

	"kaiwa/backend/errs"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func TestUsage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.Open(t)
	aiko, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Aiko"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Ben"})
	if err != nil {
		t.Fatal(err)
	}
	// Tokyo time, UTC+9: both sessions below fall on 31 December in UTC.
	tokyo := time.FixedZone("JST", 9*3600)
	lastOfDec := time.Date(2025, 12, 31, 23, 59, 0, 0, tokyo)
	firstOfJan := time.Date(2026, 1, 1, 0, 1, 0, 0, tokyo)

	storetest.AddKaiwaAIConversation(t, st, aiko.ID, "77", lastOfDec, 61)                                 // 2 min, December
	storetest.AddKaiwaAIConversation(t, st, aiko.ID, "77", firstOfJan, 120)                               // 2 min, January
	storetest.AddKaiwaAIConversation(t, st, aiko.ID, "77", firstOfJan.Add(time.Hour), 0)                  // 0 min, January
	storetest.AddKaiwaAIConversation(t, st, other.ID, "77", firstOfJan.Add(48*time.Hour), 1)              // 1 min, January: the same licence in another profile
	storetest.AddConversation(t, st, aiko.ID, "ai", firstOfJan.Add(2*time.Hour), 600)                     // her own endpoint: never counted
	storetest.AddConversation(t, st, aiko.ID, "offline", lastOfDec.Add(-time.Hour), 600)                  // never counted
	storetest.AddKaiwaAIConversation(t, st, other.ID, "88", firstOfJan.Add(3*time.Hour), 600)             // another licence
	storetest.AddKaiwaAIConversation(t, st, aiko.ID, "77", time.Date(2026, 2, 1, 0, 0, 0, 0, tokyo), 300) // February

	tests := []struct {
		name          string
		now           time.Time
		conv, minutes int
	}{
		{"December, Tokyo", time.Date(2025, 12, 15, 12, 0, 0, 0, tokyo), 1, 2},
		{"last minute of December, Tokyo", time.Date(2025, 12, 31, 23, 59, 59, 0, tokyo), 1, 2},
		{"January, Tokyo", time.Date(2026, 1, 20, 12, 0, 0, 0, tokyo), 3, 3},
		{"first instant of January, Tokyo", time.Date(2026, 1, 1, 0, 0, 0, 0, tokyo), 3, 3},
		{"February, Tokyo", time.Date(2026, 2, 1, 0, 0, 0, 0, tokyo), 1, 5},
		// In UTC both New Year sessions are on 31 December.
		{"December, UTC", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), 3, 4},
		{"nothing yet", time.Date(2026, 3, 1, 0, 0, 0, 0, tokyo), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conv, minutes, err := Usage(ctx, st, "77", tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if conv != tt.conv || minutes != tt.minutes {
				t.Errorf("Usage = %d conversations, %d minutes; want %d, %d", conv, minutes, tt.conv, tt.minutes)
			}
		})
	}
}

func TestTiers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.Open(t)
	tests := []struct {
		tier              string
		name              string
		conv, minutes     int // -1: unlimited
		voices, analytics bool
	}{
		{TierFree, "Free", 10, 30, false, false},
		{TierPro, "Pro", 100, 300, true, false},
		{TierPremium, "Premium", -1, -1, true, true},
	}
	deref := func(p *int) int {
		if p == nil {
			return -1
		}
		return *p
	}
	for _, tt := range tests {
		t.Run(tt.tier, func(t *testing.T) {
			t.Parallel()
			l, err := st.Tier(ctx, tt.tier)
			if err != nil {
				t.Fatal(err)
			}
			if l.ID != tt.tier || l.Name != tt.name || deref(l.Conversations) != tt.conv || deref(l.Minutes) != tt.minutes ||
				l.AdvancedVoices != tt.voices || l.Analytics != tt.analytics {
				t.Errorf("Tier = %+v", l)
			}
		})
	}
	if _, err := st.Tier(ctx, "gold"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown tier: err = %v", err)
	}
}

func TestAllowed(t *testing.T) {
	t.Parallel()
	n := func(v int) *int { return &v }
	free := store.Tier{ID: TierFree, Name: "Free", Conversations: n(10), Minutes: n(30)}
	pro := store.Tier{ID: TierPro, Name: "Pro", Conversations: n(100), Minutes: n(300), KaiwaAIModel: "kaiwa-pro"}
	premium := store.Tier{ID: TierPremium, Name: "Premium", KaiwaAIModel: "kaiwa-premium"}
	ways := " Upgrade on the Plans page, switch to your own AI in Settings, or continue with the offline partner: both are free and unlimited."
	tests := []struct {
		name          string
		limits        store.Tier
		conv, minutes int
		starting      bool
		want          string // "" allowed
	}{
		{"free has no Kaiwa AI", free, 0, 0, true, "Your plan does not include Kaiwa AI." + ways},
		{"fresh month", pro, 0, 0, true, ""},
		{"one left", pro, 99, 299, true, ""},
		{"conversations used up", pro, 100, 5, true, "You have used your 100 Kaiwa AI conversations for this month on the Pro plan." + ways},
		{"the last conversation goes on", pro, 100, 5, false, ""},
		{"minutes used up", pro, 3, 300, true, "You have used your 300 Kaiwa AI minutes for this month on the Pro plan." + ways},
		{"minutes used up mid-conversation", pro, 3, 300, false, "You have used your 300 Kaiwa AI minutes for this month on the Pro plan." + ways},
		{"over both", pro, 120, 450, true, "You have used your 100 Kaiwa AI conversations for this month on the Pro plan." + ways},
		{"singular", store.Tier{Name: "Trial", Conversations: n(1), KaiwaAIModel: "m"}, 1, 0, true,
			"You have used your 1 Kaiwa AI conversation for this month on the Trial plan." + ways},
		{"name falls back to id", store.Tier{ID: "pro", Minutes: n(300), KaiwaAIModel: "m"}, 0, 300, false,
			"You have used your 300 Kaiwa AI minutes for this month on the pro plan." + ways},
		{"unlimited", premium, 100000, 100000, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Allowed(tt.limits, tt.conv, tt.minutes, tt.starting)
			if tt.want == "" {
				if err != nil {
					t.Errorf("err = %v", err)
				}
				return
			}
			var le *LimitError
			if !errors.As(err, &le) || err.Error() != tt.want {
				t.Errorf("err = %v\nwant  %s", err, tt.want)
			}
			if errs.CodeOf(err) != errs.Limit || errs.MessageOf(err) != tt.want {
				t.Errorf("code %q, page message %q", errs.CodeOf(err), errs.MessageOf(err))
			}
		})
	}
}

package billing

import (
	"testing"
	"time"
)

func TestEntitled(t *testing.T) {
	validated := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	farEnd := validated.Add(60 * day)
	nearEnd := validated.Add(5 * day) // expiry + 3 days comes before the 14-day grace ends
	sub := func(status string, end *time.Time) *Subscription {
		return &Subscription{Tier: TierPro, Status: status, PeriodEnd: end, LastValidated: validated}
	}
	// seenAt is an active subscription last validated at validated, with
	// conversations on this computer as late as latest.
	seenAt := func(latest time.Time) *Subscription {
		s := sub(StatusActive, &farEnd)
		s.LatestSeen = latest
		return s
	}
	tests := []struct {
		name      string
		sub       *Subscription
		now       time.Time
		failed    bool
		tier, why string
	}{
		{"no subscription", nil, validated, false, TierFree, ReasonNoSubscription},
		{"no subscription, offline", nil, validated, true, TierFree, ReasonNoSubscription},
		{"expired", sub(StatusExpired, &farEnd), validated, false, TierFree, ReasonNotActive},
		{"disabled", sub(StatusDisabled, &farEnd), validated, false, TierFree, ReasonNotActive},
		{"inactive", sub(StatusInactive, &farEnd), validated, false, TierFree, ReasonNotActive},
		{"cancelled", sub("cancelled", &farEnd), validated, false, TierFree, ReasonNotActive},
		{"expired while offline", sub(StatusExpired, &farEnd), validated.Add(day), true, TierFree, ReasonNotActive},
		{"active without tier", &Subscription{Status: StatusActive, LastValidated: validated}, validated, false, TierFree, ReasonNotActive},
		{"active", sub(StatusActive, &farEnd), validated.Add(time.Hour), false, TierPro, ReasonActive},
		{"active, no period end", sub(StatusActive, nil), validated.Add(time.Hour), false, TierPro, ReasonActive},
		{"premium", &Subscription{Tier: TierPremium, Status: StatusActive, LastValidated: validated}, validated, false, TierPremium, ReasonActive},
		{"grace starts", sub(StatusActive, &farEnd), validated, true, TierPro, ReasonGrace},
		{"grace day 13", sub(StatusActive, &farEnd), validated.Add(13 * day), true, TierPro, ReasonGrace},
		{"grace last instant", sub(StatusActive, &farEnd), validated.Add(14*day - time.Nanosecond), true, TierPro, ReasonGrace},
		{"grace ends at 14 days", sub(StatusActive, &farEnd), validated.Add(14 * day), true, TierFree, ReasonGraceEnded},
		{"grace long over", sub(StatusActive, nil), validated.Add(100 * day), true, TierFree, ReasonGraceEnded},
		{"never validated, offline", &Subscription{Tier: TierPro, Status: StatusActive}, validated, true, TierFree, ReasonGraceEnded},
		{"before expiry+3d", sub(StatusActive, &nearEnd), nearEnd.Add(3*day - time.Nanosecond), true, TierPro, ReasonGrace},
		{"at expiry+3d", sub(StatusActive, &nearEnd), nearEnd.Add(3 * day), true, TierFree, ReasonPastExpiry},
		{"past expiry, within 3 days", sub(StatusActive, &nearEnd), nearEnd.Add(day), true, TierPro, ReasonGrace},
		{"clock went back", sub(StatusActive, &farEnd), validated.Add(-time.Minute), false, TierFree, ReasonClockBack},
		{"clock went back, offline", sub(StatusActive, &farEnd), validated.Add(-time.Minute), true, TierFree, ReasonClockBack},
		{"clock before the newest activity", seenAt(validated.Add(5 * day)), validated.Add(2 * day), true, TierFree, ReasonClockBack},
		{"clock a little before the newest activity", seenAt(validated.Add(2 * day)), validated.Add(2*day - time.Minute), true, TierPro, ReasonGrace},
		{"clock back then validated again", &Subscription{Tier: TierPro, Status: StatusActive, LastValidated: validated.Add(-time.Hour)}, validated.Add(-time.Minute), false, TierPro, ReasonActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tier, why := Entitled(tt.sub, tt.now, tt.failed)
			if tier != tt.tier || why != tt.why {
				t.Errorf("Entitled = %q (%s), want %q (%s)", tier, why, tt.tier, tt.why)
			}
		})
	}
}

func TestNeedsValidation(t *testing.T) {
	last := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		last time.Time
		now  time.Time
		want bool
	}{
		{"never validated", time.Time{}, last, true},
		{"just validated", last, last, false},
		{"an hour later", last, last.Add(time.Hour), false},
		{"almost a day", last, last.Add(24*time.Hour - time.Second), false},
		{"a day later", last, last.Add(24 * time.Hour), true},
		{"a week later", last, last.Add(7 * 24 * time.Hour), true},
		{"clock went back", last, last.Add(-time.Second), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NeedsValidation(tt.last, tt.now); got != tt.want {
				t.Errorf("NeedsValidation = %v, want %v", got, tt.want)
			}
		})
	}
}

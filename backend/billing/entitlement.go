package billing

import "time"

// Tier ids, as in the tiers table.
const (
	TierFree    = "free"
	TierPro     = "pro"
	TierPremium = "premium"
)

// Subscription is what entitlement needs to know about a learner's licence:
// the tier it was bought for, the status the provider last reported, the end
// of the paid period (nil: none known) and when the provider last answered.
type Subscription struct {
	Tier          string
	Status        string
	PeriodEnd     *time.Time
	LastValidated time.Time
	// LatestSeen is the latest time Kaiwa has seen (the last validation, the
	// newest conversation activity): a clock before it went back.
	LatestSeen time.Time
}

// Entitlement rules' durations.
const (
	// GracePeriod is how long a network failure keeps the last known tier,
	// counted from the last successful validation.
	GracePeriod = 14 * 24 * time.Hour
	// RenewalGrace is how far past the end of the paid period a network
	// failure may keep the tier.
	RenewalGrace = 3 * 24 * time.Hour
	// ClockSlack is how far before LatestSeen the clock may be without
	// counting as set back: network time corrections step it a little.
	ClockSlack = 10 * time.Minute
	// ValidateEvery is the least time between two validations.
	ValidateEvery = 24 * time.Hour
)

// Reasons Entitled gives for its answer.
const (
	ReasonNoSubscription = "no subscription"
	ReasonNotActive      = "not active"   // the provider said expired, disabled or inactive
	ReasonActive         = "active"       // validated, or no failed check since
	ReasonGrace          = "grace period" // offline, within the grace period
	ReasonGraceEnded     = "grace ended"  // offline for 14 days since the last success
	ReasonPastExpiry     = "past expiry"  // offline and more than 3 days past the period end
	ReasonClockBack      = "clock went back"
)

// Entitled decides the tier a learner may use now.
//
//   - No subscription: free.
//   - An authoritative no — the status is anything but "active" (expired,
//     disabled, inactive, cancelled) — or no tier recorded: free.
//   - A clock that went backwards (now before LastValidated or LatestSeen)
//     counts as stale: free until the clock is right and a validation
//     succeeds.
//   - Active and the last validation attempt succeeded (lastCheckFailed
//     false): the subscription's tier.
//   - Active but the last attempt failed on the network: the tier is kept
//     only during the grace period, i.e. while now is before
//     LastValidated + 14 days and, when PeriodEnd is known, before
//     PeriodEnd + 3 days; after either, free.
//
// The clock is the caller's: now is passed in, never read.
func Entitled(sub *Subscription, now time.Time, lastCheckFailed bool) (tier string, reason string) {
	switch {
	case sub == nil:
		return TierFree, ReasonNoSubscription
	case sub.Status != StatusActive || sub.Tier == "":
		return TierFree, ReasonNotActive
	case now.Before(sub.LastValidated), now.Before(sub.LatestSeen.Add(-ClockSlack)):
		return TierFree, ReasonClockBack
	case !lastCheckFailed:
		return sub.Tier, ReasonActive
	case !now.Before(sub.LastValidated.Add(GracePeriod)):
		return TierFree, ReasonGraceEnded
	case sub.PeriodEnd != nil && !now.Before(sub.PeriodEnd.Add(RenewalGrace)):
		return TierFree, ReasonPastExpiry
	}
	return sub.Tier, ReasonGrace
}

// NeedsValidation reports whether it is time to ask the provider again: at
// most once a day, so true when never validated (zero lastValidated), when
// 24 hours or more have passed, or when the clock went backwards (now before
// lastValidated), which makes the last answer stale.
func NeedsValidation(lastValidated, now time.Time) bool {
	return lastValidated.IsZero() || now.Before(lastValidated) || now.Sub(lastValidated) >= ValidateEvery
}

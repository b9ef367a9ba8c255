package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
)

// ProviderName is how subscriptions from Lemon Squeezy are recorded.
const ProviderName = "lemonsqueezy"

// retryAfterFailure is how long Kaiwa waits before asking the provider again
// after it did not answer, so an offline computer does not wait on every page.
const retryAfterFailure = time.Hour

// Bounds on the provider: a validation someone is waiting for (the page, a
// conversation starting), and the other calls the page makes.
const (
	validateTimeout = 5 * time.Second
	pageTimeout     = 10 * time.Second
)

// Browser opens a link in the learner's browser (backend/shell is the real one).
type Browser interface{ OpenURL(url string) }

// Service is billing: the plans page, the checkout and
// portal links, licence activation, and the gates other services ask.
type Service struct {
	Store    *store.Store
	Config   Config
	Provider Provider
	Keyring  *secrets.Keyring
	Browser  Browser
	Learner  func(context.Context) (store.User, error)
	Clock    clock.Clock
	Log      *slog.Logger
	// Instance names this computer among the licence's activations.
	Instance string

	mu     sync.Mutex           // one validation at a time
	failed map[string]time.Time // subscription id → last unanswered validation
}

// Plans is what the plans page shows.
type Plans struct {
	Tiers []store.Tier
	// Current is the tier the learner may use now.
	Current string
	// Used is this calendar month's Kaiwa AI use under the learner's
	// licence, all profiles on this computer together.
	Used    AIUse
	Licence *Licence // nil: no licence on this computer
	// Sells is true when this build knows a store: it sells plans and
	// activates licences. Buyable lists the tiers it has a checkout for;
	// Portal says it has the customer portal.
	Sells   bool
	Buyable []string
	Portal  bool
	// KaiwaAI is true when this build knows Kaiwa AI's URL.
	KaiwaAI bool
}

// AIUse is how much Kaiwa AI was used in a month.
type AIUse struct {
	Conversations, Minutes int
}

// Licence is the learner's licence as the page may see it: the key masked.
type Licence struct {
	Key           string
	Tier          string
	Status        string
	PeriodEnd     *time.Time
	LastValidated time.Time
	// Note explains a licence that is not giving its tier, or is kept offline.
	Note string
}

// keyAccount is the keyring account of a learner's licence key.
func keyAccount(userID string) string { return "licence-key:" + userID }

// Plans returns the plans, the learner's current one and this month's usage,
// validating the licence first when a day has passed.
func (s *Service) Plans(ctx context.Context) (Plans, error) {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	learner, err := s.Learner(ctx)
	if err != nil {
		return Plans{}, err
	}
	return s.plans(ctx, learner.ID)
}

func (s *Service) plans(ctx context.Context, userID string) (Plans, error) {
	var p Plans
	var err error
	if p.Tiers, err = s.Store.Tiers(ctx); err != nil {
		return p, err
	}
	e, err := s.entitlement(ctx, userID)
	if err != nil {
		return p, err
	}
	p.Current = e.tier
	p.Sells, p.Buyable, p.Portal, p.KaiwaAI = s.Config.Sells(), s.Config.Buyable(), s.Config.PortalURL != "", s.Config.KaiwaAIURL != ""
	if e.sub != nil {
		if p.Used.Conversations, p.Used.Minutes, err = Usage(ctx, s.Store, e.sub.LicenseID, s.Clock.Now()); err != nil {
			return p, err
		}
		key, _, _ := s.Keyring.Get(keyAccount(userID))
		p.Licence = &Licence{Key: secrets.Mask(key), Tier: e.sub.Tier, Status: e.sub.Status,
			PeriodEnd: e.sub.PeriodEnd, LastValidated: e.sub.LastValidated, Note: e.note()}
	}
	return p, nil
}

// entitled is a learner's entitlement: the tier, why, and the licence.
type entitled struct {
	tier, reason string
	sub          *store.Subscription
	now          time.Time
}

// tier returns the plan the learner may use now.
func (s *Service) tier(ctx context.Context, userID string) (store.Tier, error) {
	e, err := s.entitlement(ctx, userID)
	if err != nil {
		return store.Tier{}, err
	}
	return s.Store.Tier(ctx, e.tier)
}

// Analytics reports whether the learner's plan includes progress analytics.
func (s *Service) Analytics(ctx context.Context, userID string) bool {
	t, err := s.tier(ctx, userID)
	return err == nil && t.Analytics
}

// AdvancedVoices reports whether the learner's plan includes the advanced voices.
func (s *Service) AdvancedVoices(ctx context.Context, userID string) bool {
	t, err := s.tier(ctx, userID)
	return err == nil && t.AdvancedVoices
}

// AllowAI is the gate of Kaiwa AI, the one partner a plan pays for. It is
// asked when a Kaiwa AI conversation starts (conversationID "") and before
// each request in it (every reply, so every message and retry), so a
// conversation stops when the month's minutes run out, not only the next
// one. nil, or a *LimitError (errs.Limit): this build has no Kaiwa AI, the
// learner's plan does not include it, or this month's Kaiwa AI
// conversations or minutes under their licence are used up. The first
// request of a conversation counts it under the licence's activation.
// Kaiwa AI's gateway is the authority; this count shows the use and stops
// early. The learner's own endpoint and the offline partner never ask.
func (s *Service) AllowAI(ctx context.Context, userID, conversationID string) error {
	if s.Config.KaiwaAIURL == "" {
		return &LimitError{What: LimitNoKaiwaAI}
	}
	e, err := s.entitlement(ctx, userID)
	if err != nil {
		return err
	}
	tier, err := s.Store.Tier(ctx, e.tier)
	if err != nil {
		return err
	}
	if e.sub == nil || tier.KaiwaAIModel == "" {
		return Allowed(tier, 0, 0, true) // not included
	}
	counted := false
	if conversationID != "" {
		if counted, err = s.Store.KaiwaAICounted(ctx, conversationID); err != nil {
			return err
		}
	}
	conv, mins, err := Usage(ctx, s.Store, e.sub.LicenseID, s.Clock.Now())
	if err != nil {
		return err
	}
	if err := Allowed(tier, conv, mins, !counted); err != nil {
		return err
	}
	if conversationID != "" && !counted {
		return s.Store.CountKaiwaAI(ctx, conversationID, e.sub.LicenseID, e.sub.InstanceID)
	}
	return nil
}

// KaiwaAI is how the signed-in learner reaches Kaiwa AI (backend/partner
// asks): the build's URL ("" when it has none), the model of their tier
// ("" when their plan does not include Kaiwa AI), their licence key (the
// bearer token) and its activation on this computer (X-Kaiwa-Instance).
type KaiwaAI struct {
	BaseURL, Model, Key, Instance string
}

// KaiwaAI returns how the signed-in learner reaches Kaiwa AI.
func (s *Service) KaiwaAI(ctx context.Context) (KaiwaAI, error) {
	k := KaiwaAI{BaseURL: s.Config.KaiwaAIURL}
	if k.BaseURL == "" {
		return k, nil
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return k, err
	}
	e, err := s.entitlement(ctx, learner.ID)
	if err != nil || e.sub == nil {
		return k, err
	}
	tier, err := s.Store.Tier(ctx, e.tier)
	if err != nil {
		return k, err
	}
	key, _, err := s.Keyring.Get(keyAccount(learner.ID))
	if err != nil {
		return k, err
	}
	k.Model, k.Key, k.Instance = tier.KaiwaAIModel, key, e.sub.InstanceID
	return k, nil
}

// entitlement validates the learner's licence when due and applies the
// rules of Entitled to what is known. The keyring is read before the lock
// is taken: a slow keyring must not hold up every other page's call.
func (s *Service) entitlement(ctx context.Context, userID string) (entitled, error) {
	now := s.Clock.Now()
	sub, err := s.Store.ActiveSubscription(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return entitled{tier: TierFree, reason: ReasonNoSubscription, now: now}, nil
	} else if err != nil {
		return entitled{}, err
	}
	// The clock is judged against the latest time Kaiwa has seen, not only
	// the last validation: setting it back hides nothing.
	seen, err := s.Store.LatestActivity(ctx)
	if err != nil {
		return entitled{}, err
	}
	if sub.LastValidated.After(seen) {
		seen = sub.LastValidated
	}
	stale := NeedsValidation(sub.LastValidated, now) || now.Before(seen.Add(-ClockSlack))
	if stale {
		key, _, err := s.Keyring.Get(keyAccount(userID))
		s.mu.Lock()
		if now.Sub(s.failed[sub.ID]) >= retryAfterFailure {
			if err != nil || key == "" {
				s.Log.Warn("licence key not readable; validation skipped", "subscription", sub.ID, "err", err)
				s.failFor(sub.ID, now)
			} else if err := s.validate(ctx, &sub, key, now); err != nil {
				s.mu.Unlock()
				return entitled{}, err
			}
		}
		s.mu.Unlock()
		if sub.LastValidated.Equal(now) {
			seen = now // the provider said yes just now: the clock cannot hide anything
		}
	}
	// Until a validation succeeds today, the last one counts as failed:
	// the tier is kept only within the grace period.
	tier, reason := Entitled(&Subscription{Tier: sub.Tier, Status: sub.Status, PeriodEnd: sub.PeriodEnd,
		LastValidated: sub.LastValidated, LatestSeen: seen}, now, NeedsValidation(sub.LastValidated, now))
	return entitled{tier: tier, reason: reason, sub: &sub, now: now}, nil
}

// validate asks the provider about sub and records its answer, the tier its
// variant buys now included. A network failure is remembered (not an
// error): the grace period covers it. The caller holds s.mu.
func (s *Service) validate(ctx context.Context, sub *store.Subscription, key string, now time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, validateTimeout)
	defer cancel()
	lic, err := s.Provider.Validate(ctx, key, sub.InstanceID)
	var le *Error
	switch {
	case err == nil:
		sub.Status, sub.PeriodEnd = activeStatus(lic.Status), lic.ExpiresAt
		if err := s.followVariant(ctx, sub, lic.VariantID); err != nil {
			return err
		}
	case errors.As(err, &le) && le.Authoritative():
		sub.Status = knownStatus(lic.Status)
		s.Log.Info("licence refused on validation", "subscription", sub.ID, "kind", le.Kind.String())
	default:
		s.Log.Warn("licence validation unanswered", "subscription", sub.ID, "err", errors.Unwrap(err))
		s.failFor(sub.ID, now)
		return nil
	}
	delete(s.failed, sub.ID)
	sub.LastValidated = now
	return s.Store.ValidatedSubscription(ctx, sub.ID, sub.Status, sub.PeriodEnd, now)
}

// followVariant moves sub to the tier the licence's variant buys now: an
// upgrade or downgrade made in the provider's store changes the variant of
// the same licence. A variant this build does not know keeps the tier (a
// plan added to the store later is not a reason to take one away).
func (s *Service) followVariant(ctx context.Context, sub *store.Subscription, variantID int) error {
	tier, ok := s.Config.Tier(variantID)
	if !ok {
		s.Log.Warn("licence now for an unknown variant; tier kept", "subscription", sub.ID, "variant", variantID, "tier", sub.Tier)
		return nil
	}
	if tier == sub.Tier {
		return nil
	}
	if err := s.Store.SetSubscriptionTier(ctx, sub.ID, tier); err != nil {
		return err
	}
	s.Log.Info("licence changed plan", "subscription", sub.ID, "from", sub.Tier, "to", tier)
	sub.Tier = tier
	return nil
}

// failFor remembers an unanswered validation, to wait before the next.
func (s *Service) failFor(id string, now time.Time) {
	if s.failed == nil {
		s.failed = map[string]time.Time{}
	}
	s.failed[id] = now
}

// knownStatus keeps a refused licence's status within the schema's; anything
// new from the provider counts as inactive.
func knownStatus(status string) string {
	switch status {
	case StatusActive, StatusExpired, StatusDisabled, "cancelled":
		return status
	}
	return StatusInactive
}

// activeStatus is the status of a key the provider just accepted: Lemon
// Squeezy reports "inactive" for a valid key until it counts an activation.
func activeStatus(status string) string {
	if status == "" || status == StatusInactive {
		return StatusActive
	}
	return knownStatus(status)
}

// note explains an entitlement the learner may wonder about.
func (e entitled) note() string {
	day := func(t time.Time) string { return t.Local().Format("2 January 2006") }
	switch e.reason {
	case ReasonGrace:
		until := e.sub.LastValidated.Add(GracePeriod)
		if e.sub.PeriodEnd != nil && e.sub.PeriodEnd.Add(RenewalGrace).Before(until) {
			until = e.sub.PeriodEnd.Add(RenewalGrace)
		}
		return fmt.Sprintf("Kaiwa could not check your licence lately. Your plan is kept while you are offline, until %s.", day(until))
	case ReasonGraceEnded, ReasonPastExpiry:
		return "Kaiwa could not check your licence for too long, so you are on the Free plan until it can. Connect to the internet and open Plans again."
	case ReasonClockBack:
		return "Your computer's clock is earlier than your last licence check. Check the date and time; Kaiwa will check your licence again."
	case ReasonNotActive:
		switch e.sub.Status {
		case StatusExpired:
			return Expired.Message()
		case StatusDisabled:
			return Disabled.Message()
		}
		return "This licence is no longer active. Check your receipt email or Manage billing."
	}
	return ""
}

// Upgrade opens the hosted checkout of tier in the learner's browser, with
// their email filled in when known.
func (s *Service) Upgrade(ctx context.Context, tier string) error {
	if !s.Config.Sells() {
		return errs.New(errs.Unavailable, NoStore)
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return err
	}
	link, err := s.Config.CheckoutURL(tier, learner.Email)
	if err != nil {
		s.Log.Error("checkout link", "err", err)
		return errs.Wrap(errs.Unavailable, err, "Kaiwa cannot open the checkout for this plan. Please try again later.")
	}
	s.Browser.OpenURL(link)
	return nil
}

// ManageBilling opens the provider's customer portal in the browser.
func (s *Service) ManageBilling(ctx context.Context) error {
	if !s.Config.Sells() {
		return errs.New(errs.Unavailable, NoStore)
	}
	link, err := s.Config.ManageBillingURL()
	if err != nil {
		s.Log.Error("billing portal link", "err", err)
		return errs.Wrap(errs.Unavailable, err, "Kaiwa cannot open billing right now. Please try again later.")
	}
	s.Browser.OpenURL(link)
	return nil
}

// NoActivation is why a build that knows no store cannot activate a licence.
const NoActivation = "This build of Kaiwa sells no plans, so it cannot activate a licence key; everything on your own AI and the offline partner stays free. " +
	"To use your licence, install Kaiwa from its official download."

// Activate activates the licence key from a receipt on this computer for
// the signed-in learner: the provider must accept it for Kaiwa's store and
// product, the key goes to the keyring, and the subscription and the order's
// payment are recorded. Any failure leaves nothing behind.
func (s *Service) Activate(ctx context.Context, key string) (Plans, error) {
	if !s.Config.Sells() {
		return Plans{}, errs.New(errs.Unavailable, NoActivation)
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return Plans{}, errs.New(errs.Invalid, "Paste the licence key from your receipt email first.")
	}
	if len(key) > 200 || strings.ContainsAny(key, " \t\r\n") {
		return Plans{}, errs.New(errs.Invalid, "That does not look like a licence key. Paste only the key from your receipt email.")
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return Plans{}, err
	}
	if _, err := s.Store.ActiveSubscription(ctx, learner.ID); err == nil {
		return Plans{}, errs.New(errs.Conflict, "This profile already has a licence on this computer. Deactivate it first to use another key.")
	}
	// The keyring must work before the provider counts an activation.
	if _, _, err := s.Keyring.Get(keyAccount(learner.ID)); err != nil {
		return Plans{}, errs.Wrap(errs.Unavailable, err, "This computer has no keyring service Kaiwa can use, so the licence key cannot be kept safely. "+
			"On Linux, install and start a Secret Service such as gnome-keyring, then try again.")
	}
	lic, err := s.Provider.Activate(ctx, key, s.Instance)
	if err != nil {
		s.Log.Info("licence activation refused", "err", err)
		return Plans{}, err
	}
	if err := s.record(ctx, learner.ID, key, lic); err != nil {
		if derr := s.Provider.Deactivate(ctx, key, lic.InstanceID); derr != nil {
			s.Log.Warn("give back activation", "err", derr)
		}
		return Plans{}, err
	}
	s.Log.Info("licence activated", "order", lic.OrderID, "variant", lic.VariantID)
	return s.plans(ctx, learner.ID)
}

// record keeps an accepted licence: key in the keyring, rows in SQLite.
func (s *Service) record(ctx context.Context, userID, key string, lic License) error {
	tierID, ok := s.Config.Tier(lic.VariantID)
	if !ok {
		s.Log.Warn("licence for an unknown variant", "variant", lic.VariantID)
		return &Error{Kind: WrongProduct, Op: "activate"}
	}
	licenseID := strconv.Itoa(lic.LicenseID)
	if other, err := s.Store.SubscriptionByLicense(ctx, ProviderName, licenseID); err == nil && other.UserID != userID && other.InstanceID != "" {
		return errs.New(errs.Conflict, "This licence key is already in use by another profile on this computer. Sign in to that profile, or deactivate it there first.")
	}
	tier, err := s.Store.Tier(ctx, tierID)
	if err != nil {
		return err
	}
	if err := s.Keyring.Set(keyAccount(userID), key); err != nil {
		return err
	}
	now := s.Clock.Now()
	start := lic.CreatedAt
	if start == nil {
		start = &now
	}
	sub := store.Subscription{UserID: userID, Tier: tierID, Provider: ProviderName, LicenseID: licenseID,
		InstanceID: lic.InstanceID, Status: activeStatus(lic.Status), PeriodStart: start, PeriodEnd: lic.ExpiresAt, LastValidated: now}
	pay := store.Payment{AmountCents: tier.PriceCents, Currency: tier.Currency, Status: "paid"}
	if lic.OrderID > 0 {
		pay.OrderID = strconv.Itoa(lic.OrderID)
	}
	if _, err := s.Store.SaveSubscription(ctx, sub, pay); err != nil {
		_ = s.Keyring.Delete(keyAccount(userID))
		return err
	}
	return nil
}

// Deactivate frees this computer's activation of the learner's licence, so
// the key can be used on another computer, and forgets the key here.
func (s *Service) Deactivate(ctx context.Context) (Plans, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return Plans{}, err
	}
	sub, err := s.Store.ActiveSubscription(ctx, learner.ID)
	if errors.Is(err, store.ErrNotFound) {
		return Plans{}, errs.New(errs.NotFound, "There is no licence on this computer for this profile.")
	} else if err != nil {
		return Plans{}, err
	}
	key, _, err := s.Keyring.Get(keyAccount(learner.ID))
	if err != nil {
		return Plans{}, err
	}
	if key != "" {
		// Only a provider that did not answer stops this: a key it refuses
		// (expired, unknown activation) has nothing left to free.
		var le *Error
		if err := s.Provider.Deactivate(ctx, key, sub.InstanceID); errors.As(err, &le) && !le.Authoritative() {
			return Plans{}, err
		}
	}
	if err := s.Store.EndActivation(ctx, sub.ID); err != nil {
		return Plans{}, err
	}
	if err := s.Keyring.Delete(keyAccount(learner.ID)); err != nil {
		s.Log.Warn("forget licence key", "err", err)
	}
	s.Log.Info("licence deactivated", "subscription", sub.ID)
	return s.plans(ctx, learner.ID)
}

// Forget gives back this computer's activation of a learner's licence and
// removes the key from the keyring, when their profile is deleted (the rows
// go with the profile). The provider not answering does not stop it.
func (s *Service) Forget(ctx context.Context, userID string) {
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	if sub, err := s.Store.ActiveSubscription(ctx, userID); err == nil {
		if key, _, _ := s.Keyring.Get(keyAccount(userID)); key != "" {
			if err := s.Provider.Deactivate(ctx, key, sub.InstanceID); err != nil {
				s.Log.Warn("give back activation of a deleted profile", "err", err)
			}
		}
	}
	if err := s.Keyring.Delete(keyAccount(userID)); err != nil {
		s.Log.Warn("forget licence key", "err", err)
	}
}

package billing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// fakeProvider answers like the License API would, in memory; the HTTP side
// is tested against a real server in license_test.go.
type fakeProvider struct {
	mu          sync.Mutex
	lic         License
	activateErr error
	validateErr error
	validations int
	activations int
	deactivated []string
}

func (f *fakeProvider) Activate(ctx context.Context, key, name string) (License, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.activations++
	return f.lic, f.activateErr
}

func (f *fakeProvider) Validate(ctx context.Context, key, instanceID string) (License, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.validations++
	if f.validateErr != nil {
		var e *Error
		if errors.As(f.validateErr, &e) && e.Authoritative() {
			return License{Status: statusFor(e.Kind)}, f.validateErr
		}
		return License{}, f.validateErr
	}
	return f.lic, nil
}

func (f *fakeProvider) Deactivate(ctx context.Context, key, instanceID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deactivated = append(f.deactivated, instanceID)
	return nil
}

type openedURLs []string

func (o *openedURLs) OpenURL(u string) { *o = append(*o, u) }

type fixture struct {
	svc     *Service
	st      *store.Store
	prov    *fakeProvider
	browser *openedURLs
	clock   *clock.Fake
	user    store.User
	dbPath  string
}

func (f *fixture) at(t time.Time) { f.clock.Set(t) }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	if os.Getenv("KAIWA_REAL_KEYRING") != "1" {
		t.Skip("run via scripts/with-keyring.sh to use a real keyring")
	}
	dir := t.TempDir()
	clk := clock.NewFake(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName), slog.New(slog.NewTextHandler(io.Discard, nil)), clk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	user, err := st.CreateUser(context.Background(), store.NewUser{DisplayName: "Aiko", Email: "aiko@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	f := &fixture{st: st, browser: &openedURLs{}, clock: clk, user: user,
		dbPath: filepath.Join(dir, store.FileName),
		prov: &fakeProvider{lic: License{LicenseID: 77, Status: StatusActive, ExpiresAt: &expires, InstanceID: "inst-1",
			StoreID: 1, ProductID: 2, VariantID: 30001, OrderID: 5005, CustomerEmail: "aiko@example.com"}}}
	f.svc = &Service{Store: st, Config: testConfig(), Provider: f.prov, Keyring: &secrets.Keyring{},
		Browser: f.browser, Learner: func(context.Context) (store.User, error) { return user, nil },
		Clock: clk, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Instance: "Kaiwa on test"}
	t.Cleanup(func() { f.svc.Keyring.Delete(keyAccount(user.ID)) })
	return f
}

const testKey = "38B1460A-5104-4067-A91D-77B872934D51"

func (f *fixture) plans(t *testing.T) Plans {
	t.Helper()
	p, err := f.svc.Plans(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestActivateRecordsSubscriptionPaymentAndKey(t *testing.T) {
	f := newFixture(t)
	p, err := f.svc.Activate(t.Context(), "  "+testKey+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if p.Current != TierPro || p.Licence == nil || p.Licence.Key != secrets.Mask(testKey) || p.Licence.Status != StatusActive {
		t.Fatalf("plans = %+v, licence %+v", p, p.Licence)
	}
	key, _, err := f.svc.Keyring.Get(keyAccount(f.user.ID))
	if err != nil || key != testKey {
		t.Fatalf("keyring = %q, %v", key, err)
	}
	sub, err := f.st.ActiveSubscription(context.Background(), f.user.ID)
	if err != nil || sub.Tier != TierPro || sub.LicenseID != "77" || sub.InstanceID != "inst-1" || sub.Provider != ProviderName ||
		!sub.LastValidated.Equal(f.clock.Now()) || sub.PeriodEnd == nil || sub.PeriodStart == nil {
		t.Fatalf("subscription = %+v, %v", sub, err)
	}
	pays, err := f.st.Payments(context.Background(), f.user.ID)
	if err != nil || len(pays) != 1 || pays[0] != (store.Payment{OrderID: "5005", AmountCents: 999, Currency: "USD", Status: "paid"}) {
		t.Fatalf("payments = %+v, %v", pays, err)
	}
	// Deactivate and activate again: one subscription, one payment.
	if _, err := f.svc.Deactivate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	if pays, _ := f.st.Payments(context.Background(), f.user.ID); len(pays) != 1 {
		t.Errorf("payments after a second activation = %+v", pays)
	}
	f.st.Close()
	db, err := os.ReadFile(f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(db, []byte(testKey)) {
		t.Error("the licence key is in the SQLite file")
	}
}

func TestActivateRefusalsLeaveNothing(t *testing.T) {
	for _, tt := range []struct {
		name    string
		key     string
		err     error
		variant int
		want    string
		code    errs.Code
	}{
		{"empty", "  ", nil, 30001, "Paste the licence key", errs.Invalid},
		{"not a key", "two words", nil, 30001, "does not look like a licence key", errs.Invalid},
		{"invalid", testKey, &Error{Kind: InvalidKey}, 30001, InvalidKey.Message(), errs.Unauthorized},
		{"wrong product", testKey, &Error{Kind: WrongProduct}, 30001, WrongProduct.Message(), errs.Unauthorized},
		{"limit", testKey, &Error{Kind: ActivationLimit}, 30001, ActivationLimit.Message(), errs.Conflict},
		{"expired", testKey, &Error{Kind: Expired}, 30001, Expired.Message(), errs.Unauthorized},
		{"disabled", testKey, &Error{Kind: Disabled}, 30001, Disabled.Message(), errs.Unauthorized},
		{"offline", testKey, &Error{Kind: Network}, 30001, Network.Message(), errs.Unavailable},
		{"unknown variant", testKey, nil, 99999, WrongProduct.Message(), errs.Unauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.prov.activateErr, f.prov.lic.VariantID = tt.err, tt.variant
			_, err := f.svc.Activate(t.Context(), tt.key)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), testKey) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			// The page shows the sentence under its code, never the general one.
			if errs.CodeOf(err) != tt.code || errs.MessageOf(err) != err.Error() {
				t.Errorf("code %q, page message %q; want %q", errs.CodeOf(err), errs.MessageOf(err), tt.code)
			}
			if key, _, _ := f.svc.Keyring.Get(keyAccount(f.user.ID)); key != "" {
				t.Error("the key was kept")
			}
			if _, err := f.st.ActiveSubscription(context.Background(), f.user.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("a subscription was recorded: %v", err)
			}
			if pays, _ := f.st.Payments(context.Background(), f.user.ID); len(pays) != 0 {
				t.Errorf("payments = %+v", pays)
			}
			if tt.variant == 99999 && len(f.prov.deactivated) != 1 {
				t.Errorf("the activation of an unknown variant was not given back: %v", f.prov.deactivated)
			}
			if p := f.plans(t); p.Current != TierFree || p.Licence != nil {
				t.Errorf("plans = %+v", p)
			}
		})
	}
}

func TestValidationOncePerDayAndAuthoritativeNo(t *testing.T) {
	f := newFixture(t)
	start := f.clock.Now()
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	f.at(start.Add(23 * time.Hour))
	f.plans(t)
	if f.prov.validations != 0 {
		t.Fatalf("validated %d times within the day", f.prov.validations)
	}
	f.at(start.Add(25 * time.Hour))
	if p := f.plans(t); p.Current != TierPro || f.prov.validations != 1 {
		t.Fatalf("after a day: %s, %d validations", p.Current, f.prov.validations)
	}
	f.plans(t)
	if f.prov.validations != 1 {
		t.Fatalf("validated again the same day: %d", f.prov.validations)
	}
	f.at(start.Add(50 * time.Hour))
	f.prov.validateErr = &Error{Kind: Expired}
	p := f.plans(t)
	if p.Current != TierFree || p.Licence == nil || p.Licence.Status != StatusExpired || p.Licence.Note != Expired.Message() {
		t.Fatalf("after expiry: %+v %+v", p, p.Licence)
	}
	if err := f.svc.AllowAI(context.Background(), f.user.ID, ""); !errs.Is(err, errs.Limit) || !strings.Contains(err.Error(), "does not include Kaiwa AI") {
		t.Errorf("Kaiwa AI on Free: %v", err)
	}
}

func TestOfflineGraceAndItsEnd(t *testing.T) {
	f := newFixture(t)
	start := f.clock.Now()
	far := start.Add(90 * 24 * time.Hour)
	f.prov.lic.ExpiresAt = &far
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	f.prov.validateErr = &Error{Kind: Network}
	f.at(start.Add(2 * 24 * time.Hour))
	p := f.plans(t)
	if p.Current != TierPro || !strings.Contains(p.Licence.Note, "15 March 2026") {
		t.Fatalf("in grace: %s, note %q", p.Current, p.Licence.Note)
	}
	// No second attempt within the hour after a failure.
	f.at(f.clock.Now().Add(30 * time.Minute))
	f.plans(t)
	if f.prov.validations != 1 {
		t.Fatalf("validations = %d, want 1", f.prov.validations)
	}
	f.at(start.Add(14 * 24 * time.Hour))
	if p := f.plans(t); p.Current != TierFree || !strings.Contains(p.Licence.Note, "too long") {
		t.Fatalf("after 14 days offline: %s, %q", p.Current, p.Licence.Note)
	}
	// Back online: the tier returns.
	f.prov.validateErr = nil
	f.at(f.clock.Now().Add(2 * time.Hour))
	if p := f.plans(t); p.Current != TierPro || p.Licence.Note != "" {
		t.Fatalf("back online: %s, %q", p.Current, p.Licence.Note)
	}
}

func TestClockThatWentBackIsStale(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	f.prov.validateErr = &Error{Kind: Network}
	f.at(f.clock.Now().Add(-48 * time.Hour))
	if p := f.plans(t); p.Current != TierFree || !strings.Contains(p.Licence.Note, "clock") || f.prov.validations != 1 {
		t.Fatalf("clock back: %s, %q, %d validations", p.Current, p.Licence.Note, f.prov.validations)
	}
	f.prov.validateErr = nil
	f.at(f.clock.Now().Add(2 * time.Hour))
	if p := f.plans(t); p.Current != TierPro {
		t.Fatalf("validated again: %s", p.Current)
	}
}

func TestDeactivateFreesTheKey(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Deactivate(t.Context()); !errs.Is(err, errs.NotFound) {
		t.Errorf("deactivated a licence that is not there: %v", err)
	}
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.Deactivate(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if p.Current != TierFree || p.Licence != nil || len(f.prov.deactivated) != 1 || f.prov.deactivated[0] != "inst-1" {
		t.Fatalf("plans %+v, deactivated %v", p, f.prov.deactivated)
	}
	if key, _, _ := f.svc.Keyring.Get(keyAccount(f.user.ID)); key != "" {
		t.Error("the key stayed in the keyring")
	}
}

func TestDeactivateNeedsTheProviderToAnswer(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	f.svc.Provider = deactivateFails{f.prov}
	if _, err := f.svc.Deactivate(t.Context()); err == nil || err.Error() != Network.Message() {
		t.Fatalf("err = %v", err)
	}
	if p := f.plans(t); p.Current != TierPro {
		t.Errorf("after a failed deactivation: %s", p.Current)
	}
}

type deactivateFails struct{ *fakeProvider }

func (deactivateFails) Deactivate(ctx context.Context, key, instanceID string) error {
	return &Error{Kind: Network}
}

func TestUpgradeAndManageBillingOpenTheProvidersPages(t *testing.T) {
	f := newFixture(t)
	if err := f.svc.Upgrade(t.Context(), TierPremium); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ManageBilling(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000002?checkout%5Bemail%5D=aiko%40example.com",
		"https://kaiwa.lemonsqueezy.com/billing",
	}
	if strings.Join(*f.browser, "\n") != strings.Join(want, "\n") {
		t.Fatalf("opened %q", *f.browser)
	}
	f.svc.Config.CheckoutURLs[TierPro] = "http://evil.example/checkout"
	if err := f.svc.Upgrade(t.Context(), TierPro); err == nil || len(*f.browser) != 2 {
		t.Errorf("opened a non-provider link: %v %q", err, *f.browser)
	}
	if err := f.svc.Upgrade(t.Context(), "gold"); err == nil {
		t.Error("opened a checkout for a plan that does not exist")
	}
}

// Only Kaiwa AI is counted and limited, per licence: a month of the
// learner's own endpoint and the offline partner counts for nothing; Kaiwa
// AI needs a plan that includes it, and stops at its conversations when one
// starts and at its minutes on any request.
func TestAllowAIGatesKaiwaAIOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 50 {
		storetest.AddConversation(t, f.st, f.user.ID, "ai", f.clock.Now().Add(-time.Duration(i+1)*time.Minute), 600)
	}
	storetest.AddConversation(t, f.st, f.user.ID, "offline", f.clock.Now().Add(-time.Hour), 600)
	var limit *LimitError
	if err := f.svc.AllowAI(ctx, f.user.ID, ""); !errors.As(err, &limit) || limit.What != LimitNotIncluded {
		t.Fatalf("Kaiwa AI on Free: %v", err)
	}
	if p := f.plans(t); p.Used != (AIUse{}) {
		t.Errorf("own AI and offline counted: %+v", p.Used)
	}
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}

	// talk keeps a Kaiwa AI conversation going for minutes: the opening
	// line, then a message a minute, each request asking the gate first.
	talk := func(c store.Conversation, minutes int) error {
		t.Helper()
		for i := 0; ; i++ {
			if err := f.svc.AllowAI(ctx, f.user.ID, c.ID); err != nil || i == minutes {
				return err
			}
			f.clock.Advance(time.Minute)
			if _, err := f.st.AddMessage(ctx, store.Message{ConversationID: c.ID, Role: "user", Content: "hola"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// kaiwa starts a Kaiwa AI conversation through the gate and talks.
	kaiwa := func(minutes int) (store.Conversation, error) {
		t.Helper()
		if err := f.svc.AllowAI(ctx, f.user.ID, ""); err != nil {
			return store.Conversation{}, err
		}
		c, err := f.st.CreateConversation(ctx, store.NewConversation{UserID: f.user.ID, Language: "es", Partner: "kaiwa", Model: "kaiwa-pro"})
		if err != nil {
			t.Fatal(err)
		}
		return c, talk(c, minutes)
	}
	for range 99 {
		if _, err := kaiwa(0); err != nil {
			t.Fatal(err)
		}
	}
	hundredth, err := kaiwa(2)
	if err != nil {
		t.Fatal(err)
	}
	if p := f.plans(t); p.Used != (AIUse{Conversations: 100, Minutes: 2}) {
		t.Errorf("used = %+v", p.Used)
	}
	// The hundredth conversation goes on; a hundred and first does not start.
	if err := f.svc.AllowAI(ctx, f.user.ID, hundredth.ID); err != nil {
		t.Errorf("the 100th conversation stopped: %v", err)
	}
	if _, err := kaiwa(0); !errors.As(err, &limit) || limit.What != LimitConversations || limit.Limit != 100 ||
		!strings.Contains(err.Error(), "100 Kaiwa AI conversations for this month on the Pro plan") ||
		!strings.Contains(err.Error(), "your own AI") || !strings.Contains(err.Error(), "offline partner") {
		t.Fatalf("the 101st: %v", err)
	}

	// Minutes stop a conversation in the middle: at 300, the next request is refused.
	if err := talk(hundredth, 298); !errors.As(err, &limit) || limit.What != LimitMinutes || limit.Limit != 300 {
		t.Fatalf("minutes: %v", err)
	}
	if p := f.plans(t); p.Used.Minutes != 300 {
		t.Errorf("used = %+v", p.Used)
	}
}

// Kaiwa AI is reached with the licence key from the keyring, the model of
// the learner's tier and the activation's id; without a plan that includes
// it there is no model, and a build without Kaiwa AI has no URL.
func TestKaiwaAIAccess(t *testing.T) {
	f := newFixture(t)
	k, err := f.svc.KaiwaAI(t.Context())
	if err != nil || k != (KaiwaAI{BaseURL: "https://ai.kaiwa.test/v1"}) {
		t.Fatalf("on Free: %+v, %v", k, err)
	}
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	k, err = f.svc.KaiwaAI(t.Context())
	if err != nil || k != (KaiwaAI{BaseURL: "https://ai.kaiwa.test/v1", Model: "kaiwa-pro", Key: testKey, Instance: "inst-1"}) {
		t.Fatalf("on Pro: %+v, %v", k, err)
	}
	f.svc.Config.KaiwaAIURL = ""
	if k, err := f.svc.KaiwaAI(t.Context()); err != nil || k != (KaiwaAI{}) {
		t.Errorf("a build without Kaiwa AI: %+v, %v", k, err)
	}
	var limit *LimitError
	if err := f.svc.AllowAI(t.Context(), f.user.ID, ""); !errors.As(err, &limit) || limit.What != LimitNoKaiwaAI {
		t.Errorf("a build without Kaiwa AI lets it start: %v", err)
	}
}

// A build that knows no store opens no checkout or portal and activates
// no licence, and says why.
func TestABuildWithoutAStoreRefusesActivation(t *testing.T) {
	f := newFixture(t)
	f.svc.Config = Config{APIBaseURL: DefaultAPIBaseURL}
	_, err := f.svc.Activate(t.Context(), testKey)
	if !errs.Is(err, errs.Unavailable) || errs.MessageOf(err) != NoActivation ||
		!strings.Contains(NoActivation, "sells no plans") || !strings.Contains(NoActivation, "stays free") {
		t.Errorf("Activate: %v", err)
	}
	for name, call := range map[string]func() error{
		"Upgrade":       func() error { return f.svc.Upgrade(t.Context(), TierPro) },
		"ManageBilling": func() error { return f.svc.ManageBilling(t.Context()) },
	} {
		if err := call(); errs.MessageOf(err) != NoStore {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(*f.browser) != 0 || f.prov.activations != 0 {
		t.Errorf("opened %q, asked the provider %d times", *f.browser, f.prov.activations)
	}
	p := f.plans(t)
	if p.Sells || len(p.Buyable) != 0 || p.Portal || p.KaiwaAI || len(p.Tiers) != 3 {
		t.Errorf("plans = %+v", p)
	}
}

func TestForgetGivesBackTheActivation(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	f.svc.Forget(t.Context(), f.user.ID)
	if key, _, _ := f.svc.Keyring.Get(keyAccount(f.user.ID)); key != "" || len(f.prov.deactivated) != 1 {
		t.Errorf("key %q, deactivated %v", key, f.prov.deactivated)
	}
}

// An upgrade or downgrade in the provider's store changes the licence's
// variant; the next validation moves the subscription to its tier.
func TestTierFollowsTheLicencesVariant(t *testing.T) {
	f := newFixture(t)
	start := f.clock.Now()
	if p, err := f.svc.Activate(t.Context(), testKey); err != nil || p.Current != TierPro {
		t.Fatalf("activated: %+v, %v", p, err)
	}
	for i, step := range []struct {
		variant int
		want    string
	}{
		{30002, TierPremium}, // upgraded
		{30002, TierPremium},
		{30001, TierPro}, // downgraded
		{99999, TierPro}, // a variant this build does not know: the tier stays
		{30002, TierPremium},
	} {
		f.prov.lic.VariantID = step.variant
		f.at(start.Add(time.Duration(i+1) * 25 * time.Hour))
		p := f.plans(t)
		if f.prov.validations != i+1 {
			t.Fatalf("step %d: %d validations", i, f.prov.validations)
		}
		if p.Current != step.want || p.Licence == nil || p.Licence.Tier != step.want {
			t.Fatalf("step %d, variant %d: current %s, licence %+v; want %s", i, step.variant, p.Current, p.Licence, step.want)
		}
		sub, err := f.st.ActiveSubscription(context.Background(), f.user.ID)
		if err != nil || sub.Tier != step.want || !sub.LastValidated.Equal(f.clock.Now()) {
			t.Fatalf("step %d: stored %+v, %v", i, sub, err)
		}
		if step.want == TierPremium && !f.svc.AdvancedVoices(context.Background(), f.user.ID) {
			t.Errorf("step %d: premium without its advanced voices", i)
		}
	}
	// A refusal says nothing about the plan: the tier is not touched.
	f.prov.lic.VariantID, f.prov.validateErr = 30001, &Error{Kind: Expired}
	f.at(f.clock.Now().Add(25 * time.Hour))
	if p := f.plans(t); p.Current != TierFree || p.Licence.Tier != TierPremium {
		t.Errorf("expired: current %s, licence tier %s", p.Current, p.Licence.Tier)
	}
}

// A proxy or captive portal between Kaiwa and the License API is the
// network failing, not the provider saying no: the plan is kept in grace.
// The API's own no takes it away.
func TestValidationBehindAProxyKeepsThePlan(t *testing.T) {
	f := newFixture(t)
	api := &fakeAPI{}
	var answer atomic.Value // "", "proxy" or "not found"
	answer.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch answer.Load() {
		case "proxy":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, "<html><body>Blocked by your organisation's proxy.</body></html>")
		case "not found":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"valid":false,"error":"license_key not found."}`)
		default:
			api.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	f.svc.Provider = &LemonSqueezy{BaseURL: srv.URL, HTTP: srv.Client(), StoreID: fakeStore, ProductID: fakeProduct, Timeout: time.Second}
	f.svc.Config.Variants = map[int]string{fakeVariant: TierPro}
	f.at(time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)) // the fake's licence runs to 1 February
	const key = "KEY-ACTIVE-7f3a"
	if p, err := f.svc.Activate(t.Context(), key); err != nil || p.Current != TierPro {
		t.Fatalf("activated: %+v, %v", p, err)
	}

	answer.Store("proxy")
	f.at(f.clock.Now().Add(25 * time.Hour))
	p := f.plans(t)
	if p.Current != TierPro || p.Licence.Status != StatusActive || !strings.Contains(p.Licence.Note, "could not check") {
		t.Fatalf("behind a proxy: %s, licence %+v", p.Current, p.Licence)
	}
	if !api.called("activate " + key + " ") {
		t.Errorf("fake saw %v", api.calls)
	}

	answer.Store("not found")
	f.at(f.clock.Now().Add(2 * time.Hour))
	if p := f.plans(t); p.Current != TierFree || p.Licence.Status != StatusInactive {
		t.Fatalf("after the API's no: %s, licence %+v", p.Current, p.Licence)
	}
}

// Setting the clock back within the day after a good check hides nothing:
// the newest conversation on this computer says what time it really is.
func TestClockBeforeTheNewestConversationIsStale(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Activate(t.Context(), testKey); err != nil {
		t.Fatal(err)
	}
	activated := f.clock.Now()
	storetest.AddConversation(t, f.st, f.user.ID, "offline", activated.Add(3*24*time.Hour), 60)
	f.prov.validateErr = &Error{Kind: Network}
	f.at(activated.Add(time.Hour)) // within the day after the check, but days before the conversation
	if p := f.plans(t); p.Current != TierFree || !strings.Contains(p.Licence.Note, "clock") {
		t.Fatalf("clock set back: %s, %q", p.Current, p.Licence.Note)
	}
}

package conversation

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kaiwa/backend/billing"
	"kaiwa/backend/clock"
	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
	"kaiwa/backend/partner"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

const licence = "PRO-38B1460A-5104-4067-A91D-77B872934D51"

// counted is the plan's gate (the real one, backend/billing) with a count
// of how often it was asked.
type counted struct {
	*billing.Service
	asked atomic.Int32
}

func (c *counted) AllowAI(ctx context.Context, userID, conversationID string) error {
	c.asked.Add(1)
	return c.Service.AllowAI(ctx, userID, conversationID)
}

// billed gives svc the real plan gate, with Kaiwa AI at kaiwaURL, and makes
// the signed-in learner Pro with licence 77 (activation inst-1), validated
// just now.
func billed(t *testing.T, svc *Service, kaiwaURL string) *counted {
	t.Helper()
	learner, err := svc.Learner(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Store.SaveSubscription(t.Context(), store.Subscription{UserID: learner.ID, Tier: billing.TierPro,
		Provider: billing.ProviderName, LicenseID: "77", InstanceID: "inst-1", Status: billing.StatusActive,
		LastValidated: time.Now()}, store.Payment{}); err != nil {
		t.Fatal(err)
	}
	plan := &counted{Service: &billing.Service{Store: svc.Store, Config: billing.Config{KaiwaAIURL: kaiwaURL},
		Keyring: &secrets.Keyring{}, Learner: svc.Learner, Clock: clock.System, Log: storetest.Discard()}}
	svc.Plan = plan
	return plan
}

// usedUp fills this month's Kaiwa AI under licence 77: a hundred
// conversations, and their 300 minutes.
func usedUp(t *testing.T, st *store.Store, userID string) {
	t.Helper()
	for i := range 100 {
		storetest.AddKaiwaAIConversation(t, st, userID, "77", time.Now().Add(-time.Duration(i)*time.Second), 180)
	}
}

// The learner's own endpoint is theirs: whatever the month's counts (fifty
// own-endpoint conversations, Kaiwa AI used up), a conversation with it
// starts, answers and retries, and the plan is never asked.
func TestOwnEndpointIsNeverGated(t *testing.T) {
	svc, ev, srv := newAIService(t)
	plan := billed(t, svc, "https://ai.kaiwa.test/v1")
	learner, _ := svc.Learner(t.Context())
	for i := range 50 {
		storetest.AddConversation(t, svc.Store, learner.ID, partner.KindAI, time.Now().Add(-time.Duration(i+1)*time.Minute), 600)
	}
	usedUp(t, svc.Store, learner.ID)
	if err := plan.Service.AllowAI(t.Context(), learner.ID, ""); !errs.Is(err, errs.Limit) {
		t.Fatalf("Kaiwa AI is not used up: %v", err)
	}
	plan.asked.Store(0)

	id := startAI(t, svc, ev, srv)
	name := stream()
	if _, err := svc.Send(t.Context(), id, "Un café, por favor.", name); err != nil {
		t.Fatal(err)
	}
	if c := ev.waitDone(t, name); c.Problem != nil || c.Message == nil {
		t.Fatalf("reply = %+v", c)
	}
	name = stream()
	if err := svc.Retry(t.Context(), id, name); err != nil {
		t.Fatal(err)
	}
	if c := ev.waitDone(t, name); c.Problem != nil {
		t.Fatalf("retry = %+v", c.Problem)
	}
	if _, err := svc.StartOffline(t.Context(), "cafe", "es", stream()); err != nil {
		t.Fatal(err)
	}
	if n := plan.asked.Load(); n != 0 {
		t.Errorf("the plan was asked %d times", n)
	}
	if conv, _, _ := billing.Usage(t.Context(), svc.Store, "77", time.Now()); conv != 100 {
		t.Errorf("Kaiwa AI count moved to %d", conv)
	}
}

// kaiwaService is a conversation service whose learner chose Kaiwa AI (at
// gateway, the imitation of its contract) while their own endpoint (own)
// stays configured.
func kaiwaService(t *testing.T) (*Service, *events, *endpointtest.Server, *endpointtest.Server, *counted) {
	t.Helper()
	svc, ev := newService(t, nil)
	own, gateway := endpointtest.NewServer(t), endpointtest.NewServer(t)
	gateway.KaiwaAI(endpointtest.Licence{Key: licence, Instance: "inst-1"})
	if _, err := svc.Partner.Save(t.Context(), partner.KindAI, own.URL(), "tutor-1"); err != nil {
		t.Fatal(err)
	}
	plan := billed(t, svc, gateway.URL())
	svc.Partner.KaiwaAI = func(context.Context) (partner.Hosted, error) {
		return partner.Hosted{BaseURL: gateway.URL(), Model: "kaiwa-pro", Key: licence, Instance: "inst-1"}, nil
	}
	if _, err := svc.Partner.Save(t.Context(), partner.KindKaiwa, "", ""); err != nil {
		t.Fatal(err)
	}
	return svc, ev, own, gateway, plan
}

// Kaiwa AI's requests carry the licence key and the activation, in the
// tier's model, and go to Kaiwa AI's URL only; the conversation is counted
// once, under the licence.
func TestKaiwaAIRequestsGoToKaiwaAIWithTheLicence(t *testing.T) {
	svc, ev, own, gateway, plan := kaiwaService(t)
	gateway.Answer(`{"corrected": "Un café, por favor.", "explanation": "", "new_words": []}`)
	id := startAI(t, svc, ev, gateway)
	for _, text := range []string{"Un café, por favor.", "Con leche."} {
		name := stream()
		sent, err := svc.Send(t.Context(), id, text, name)
		if err != nil {
			t.Fatal(err)
		}
		if c := ev.waitDone(t, name); c.Problem != nil {
			t.Fatalf("reply: %+v", c.Problem)
		}
		ev.waitCorrected(t, sent.ID) // the correction is asked of Kaiwa AI too
	}
	name := stream()
	if err := svc.Retry(t.Context(), id, name); err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)

	reqs := gateway.Requests()
	streamed := 0
	for _, r := range reqs {
		if r.Stream {
			streamed++
		}
	}
	if len(reqs) != 6 || streamed != 4 {
		t.Fatalf("Kaiwa AI got %d requests, %d streamed; want the opening, two replies and a retry, and two corrections", len(reqs), streamed)
	}
	for _, r := range reqs {
		if r.Authorization != "Bearer "+licence || r.Instance != "inst-1" || r.Conversation != id || r.Model != "kaiwa-pro" {
			t.Errorf("request: Authorization %q, X-Kaiwa-Instance %q, X-Kaiwa-Conversation %q, model %q", r.Authorization, r.Instance, r.Conversation, r.Model)
		}
	}
	if n := len(own.Requests()); n != 0 {
		t.Errorf("the learner's own endpoint got %d requests", n)
	}
	// Asked at the start and before each of the six requests.
	if n := plan.asked.Load(); n != 7 {
		t.Errorf("the plan was asked %d times, want 7", n)
	}
	conv, err := svc.Store.Conversation(t.Context(), id)
	if err != nil || conv.Partner != partner.KindKaiwa || conv.Model != "kaiwa-pro" {
		t.Errorf("conversation = %+v, %v", conv, err)
	}
	if n, _, _ := billing.Usage(t.Context(), svc.Store, "77", time.Now()); n != 1 {
		t.Errorf("%d Kaiwa AI conversations counted, want 1", n)
	}
}

// Kaiwa AI's answers about the plan, 402 and 429 quota_exceeded, are the
// limit problem with its three ways out; the learner's words stay.
func TestKaiwaAIQuotaAnswersAreTheLimitProblem(t *testing.T) {
	svc, ev, _, gateway, _ := kaiwaService(t)
	id := startAI(t, svc, ev, gateway)
	for _, tc := range []struct {
		licence endpointtest.Licence
		says    string
	}{
		{endpointtest.Licence{Key: licence, Instance: "inst-1", OverQuota: true}, "You have used this month's Kaiwa AI on your plan."},
		{endpointtest.Licence{Key: licence, Instance: "inst-1", NotIncluded: true}, "Your plan does not include Kaiwa AI."},
	} {
		gateway.KaiwaAI(tc.licence)
		name := stream()
		msg, err := svc.Send(t.Context(), id, "Otro café.", name)
		if err != nil {
			t.Fatal(err)
		}
		p := ev.waitDone(t, name).Problem
		if p == nil || p.Code != errs.Limit || !p.OfferOffline || !strings.HasPrefix(p.Message, tc.says) {
			t.Fatalf("problem = %+v", p)
		}
		for _, way := range []string{"Upgrade", "your own AI", "offline partner"} {
			if !strings.Contains(p.Message, way) {
				t.Errorf("%q does not offer %q", p.Message, way)
			}
		}
		if got, err := svc.Store.Message(t.Context(), msg.ID); err != nil || got.Content != "Otro café." {
			t.Errorf("the learner's message: %+v, %v", got, err)
		}
	}
}

// Kaiwa's own count stops early: used up, a conversation does not start
// and a running one gets the limit problem, without asking Kaiwa AI.
func TestKaiwaAILocalCountStopsEarly(t *testing.T) {
	svc, ev, _, gateway, _ := kaiwaService(t)
	id := startAI(t, svc, ev, gateway)
	learner, _ := svc.Learner(t.Context())
	usedUp(t, svc.Store, learner.ID)
	before := len(gateway.Requests())

	name := stream()
	if _, err := svc.Send(t.Context(), id, "Hola", name); err != nil {
		t.Fatal(err)
	}
	if p := ev.waitDone(t, name).Problem; p == nil || p.Code != errs.Limit || !strings.Contains(p.Message, "300 Kaiwa AI minutes") {
		t.Fatalf("problem = %+v", p)
	}
	v, err := svc.Start(t.Context(), "cafe", "es", stream())
	if err != nil || !strings.Contains(v.Limit, "100 Kaiwa AI conversations") || !strings.Contains(v.Limit, "your own AI") || !v.OfflineAvailable {
		t.Fatalf("start = %+v, %v", v, err)
	}
	if n := len(gateway.Requests()); n != before {
		t.Errorf("Kaiwa AI was asked %d more times", n-before)
	}

	// The licence ended: Kaiwa AI stays chosen, and says so.
	svc.Partner.KaiwaAI = func(context.Context) (partner.Hosted, error) { return partner.Hosted{BaseURL: gateway.URL()}, nil }
	if v, err := svc.Start(t.Context(), "cafe", "es", stream()); err != nil || !strings.HasPrefix(v.Limit, "Your plan does not include Kaiwa AI.") {
		t.Errorf("start without the plan = %+v, %v", v, err)
	}
}

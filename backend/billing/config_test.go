package billing

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// testConfig is a store as a release build knows it, with Kaiwa AI.
func testConfig() Config {
	return Config{
		APIBaseURL: DefaultAPIBaseURL,
		StoreID:    1,
		ProductID:  2,
		Variants:   map[int]string{30001: TierPro, 30002: TierPremium},
		CheckoutURLs: map[string]string{
			TierPro:     "https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000001",
			TierPremium: "https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000002",
		},
		PortalURL:  "https://kaiwa.lemonsqueezy.com/billing",
		KaiwaAIURL: "https://ai.kaiwa.test/v1",
	}
}

// building sets the values the release workflow builds in, for one test.
func building(t *testing.T, store, product, vars, links, portalLink, ai string) {
	old := []string{storeID, productID, variants, checkouts, portal, kaiwaAI}
	storeID, productID, variants, checkouts, portal, kaiwaAI = store, product, vars, links, portalLink, ai
	t.Cleanup(func() {
		storeID, productID, variants, checkouts, portal, kaiwaAI = old[0], old[1], old[2], old[3], old[4], old[5]
	})
}

// A build made without the store's values sells nothing, and says so
// rather than opening links to nowhere; without Kaiwa AI's URL it has none.
func TestABuildWithoutAStoreSellsNothing(t *testing.T) {
	building(t, "", "", "", "", "", "")
	c, err := DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Sells() || len(c.Buyable()) != 0 || c.KaiwaAIURL != "" || c.APIBaseURL != DefaultAPIBaseURL {
		t.Errorf("config = %+v, sells %v, buyable %v", c, c.Sells(), c.Buyable())
	}
	if _, err := c.CheckoutURL(TierPro, ""); err == nil {
		t.Error("a checkout link without a store")
	}
	if _, err := c.ManageBillingURL(); err == nil {
		t.Error("a portal link without a store")
	}
}

// What the release workflow builds in is read, and checked.
func TestBuildTimeStore(t *testing.T) {
	building(t, "7", " 8 ", "1001=pro, 1002 = premium,",
		"pro=https://kaiwa.lemonsqueezy.com/checkout/buy/p,premium=https://kaiwa.lemonsqueezy.com/checkout/buy/q",
		"https://kaiwa.lemonsqueezy.com/billing", "https://ai.kaiwa.app/v1/")
	c, err := DefaultConfig()
	if err != nil {
		t.Fatal(err)
	}
	want := Config{APIBaseURL: DefaultAPIBaseURL, StoreID: 7, ProductID: 8, Variants: map[int]string{1001: TierPro, 1002: TierPremium},
		CheckoutURLs: map[string]string{TierPro: "https://kaiwa.lemonsqueezy.com/checkout/buy/p", TierPremium: "https://kaiwa.lemonsqueezy.com/checkout/buy/q"},
		PortalURL:    "https://kaiwa.lemonsqueezy.com/billing", KaiwaAIURL: "https://ai.kaiwa.app/v1"}
	if !reflect.DeepEqual(c, want) || !c.Sells() || strings.Join(c.Buyable(), ",") != "pro,premium" {
		t.Errorf("config = %+v", c)
	}
	if tier, ok := c.Tier(1001); !ok || tier != TierPro {
		t.Errorf("Tier(1001) = %q, %v", tier, ok)
	}

	// Kaiwa AI alone, without a store: Kaiwa AI, but nothing to sell.
	building(t, "", "", "", "", "", "https://ai.kaiwa.app/v1")
	if c, err := DefaultConfig(); err != nil || c.Sells() || c.KaiwaAIURL != "https://ai.kaiwa.app/v1" {
		t.Errorf("Kaiwa AI alone: %+v, %v", c, err)
	}

	for _, bad := range [][6]string{
		{"7", "", "1001=pro", "", "", ""},                                       // a store in part
		{"7", "8", "", "", "", ""},                                              // no variants
		{"x", "8", "1001=pro", "", "", ""},                                      // not a number
		{"7", "8", "1001=gold", "", "", ""},                                     // no such tier
		{"7", "8", "1001=pro", "pro=https://evil.example/buy", "", ""},          // checkout elsewhere
		{"7", "8", "1001=pro", "free=https://kaiwa.lemonsqueezy.com/x", "", ""}, // free is not sold
		{"7", "8", "1001=pro", "", "http://kaiwa.lemonsqueezy.com/billing", ""}, // portal over http
		{"", "", "", "", "", "http://ai.kaiwa.app/v1"},                          // Kaiwa AI over http
		{"", "", "", "", "", "https://ai.kaiwa.app/v1?key=x"},                   // not a base URL
	} {
		building(t, bad[0], bad[1], bad[2], bad[3], bad[4], bad[5])
		if c, err := DefaultConfig(); err == nil {
			t.Errorf("%q accepted: %+v", bad, c)
		}
	}
}

// The release workflow runs this test with its -ldflags: a release whose
// store or Kaiwa AI values are wrong fails before it is built.
func TestBuiltInConfigIsWhole(t *testing.T) {
	c, err := DefaultConfig()
	if err != nil {
		t.Fatalf("the store or Kaiwa AI values built in are wrong: %v", err)
	}
	t.Logf("sells %v (store %d, product %d, variants %v, checkout for %v, portal %v), Kaiwa AI %q",
		c.Sells(), c.StoreID, c.ProductID, c.Variants, c.Buyable(), c.PortalURL != "", c.KaiwaAIURL)
}

func TestCheckoutURL(t *testing.T) {
	c := testConfig()
	base := c.CheckoutURLs[TierPro]
	tests := []struct {
		email, wantEmail string
	}{
		{"", ""},
		{"aiko@example.com", "aiko@example.com"},
		{"a+b&c=d@example.com", "a+b&c=d@example.com"},
		{"  spaced@example.com ", "spaced@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			got, err := c.CheckoutURL(TierPro, tt.email)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme+"://"+u.Host+u.Path != base {
				t.Errorf("url = %q", got)
			}
			q := u.Query()
			if q.Get("checkout[email]") != tt.wantEmail || len(q) > 1 {
				t.Errorf("query = %v", q)
			}
			if tt.wantEmail == "" && u.RawQuery != "" {
				t.Errorf("empty email added a query: %q", got)
			}
		})
	}
	got, _ := c.CheckoutURL(TierPro, "a+b&c=d@example.com")
	if !strings.HasSuffix(got, "?checkout%5Bemail%5D=a%2Bb%26c%3Dd%40example.com") {
		t.Errorf("email not escaped: %q", got)
	}
	// An existing query is kept.
	c.CheckoutURLs[TierPro] = "https://kaiwa.lemonsqueezy.com/checkout/buy/x?discount=0"
	got, _ = c.CheckoutURL(TierPro, "a@b.c")
	if u, _ := url.Parse(got); u.Query().Get("discount") != "0" || u.Query().Get("checkout[email]") != "a@b.c" {
		t.Errorf("url = %q", got)
	}
}

func TestProviderURLChecks(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://kaiwa.lemonsqueezy.com/checkout/buy/x", true},
		{"https://lemonsqueezy.com/checkout/buy/x", true},
		{"https://KAIWA.LemonSqueezy.com/billing", true},
		{"http://kaiwa.lemonsqueezy.com/checkout/buy/x", false},
		{"https://evil.example/checkout", false},
		{"https://lemonsqueezy.com.evil.example/x", false},
		{"https://evillemonsqueezy.com/x", false},
		{"https://kaiwa.lemonsqueezy.com@evil.example/x", false},
		{"https://user:pw@kaiwa.lemonsqueezy.com/x", false},
		{"https://kaiwa.lemonsqueezy.com:8443/x", false},
		{"javascript:alert(1)", false},
		{"file:///etc/passwd", false},
		{"https:kaiwa.lemonsqueezy.com", false},
		{"", false},
		{"::", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c := Config{CheckoutURLs: map[string]string{TierPro: tt.url}, PortalURL: tt.url}
			_, err1 := c.CheckoutURL(TierPro, "a@b.c")
			_, err2 := c.ManageBillingURL()
			if (err1 == nil) != tt.ok || (err2 == nil) != tt.ok {
				t.Errorf("checkout err %v, portal err %v; want ok=%v", err1, err2, tt.ok)
			}
		})
	}
	if _, err := testConfig().CheckoutURL(TierFree, ""); err == nil {
		t.Error("free plan has a checkout link")
	}
	if _, err := testConfig().CheckoutURL("gold", ""); err == nil {
		t.Error("unknown plan has a checkout link")
	}
}

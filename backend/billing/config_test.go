package billing

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigDefaults(t *testing.T) {
	c, err := ConfigFromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, DefaultConfig()) || c.APIBaseURL != "https://api.lemonsqueezy.com" {
		t.Errorf("config = %+v", c)
	}
	for _, tier := range []string{TierPro, TierPremium} {
		u, err := c.CheckoutURL(tier, "")
		if err != nil || !strings.HasPrefix(u, "https://kaiwa.lemonsqueezy.com/checkout/buy/") {
			t.Errorf("default checkout for %s = %q, %v", tier, u, err)
		}
	}
	if u, err := c.ManageBillingURL(); err != nil || u != DefaultPortalURL {
		t.Errorf("portal = %q, %v", u, err)
	}
	if tier, ok := c.Tier(30001); !ok || tier != TierPro {
		t.Errorf("Tier(30001) = %q, %v", tier, ok)
	}
}

func TestCheckoutURL(t *testing.T) {
	c := DefaultConfig()
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
	if _, err := DefaultConfig().CheckoutURL(TierFree, ""); err == nil {
		t.Error("free plan has a checkout link")
	}
	if _, err := DefaultConfig().CheckoutURL("gold", ""); err == nil {
		t.Error("unknown plan has a checkout link")
	}
}

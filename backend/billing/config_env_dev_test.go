//go:build dev

package billing

import (
	"reflect"
	"strings"
	"testing"
)

// Run with: go test -tags dev ./backend/billing

func TestConfigFromEnv(t *testing.T) {
	c, err := ConfigFromEnv(env(map[string]string{
		"KAIWA_BILLING_API_URL":    "http://127.0.0.1:8080/",
		"KAIWA_BILLING_STORE_ID":   "7",
		"KAIWA_BILLING_PRODUCT_ID": " 8 ",
		"KAIWA_BILLING_VARIANTS":   "1001=pro, 1002 = premium,",
		"KAIWA_BILLING_CHECKOUT":   "pro=https://kaiwa.lemonsqueezy.com/checkout/buy/test-pro",
		"KAIWA_BILLING_PORTAL":     "https://kaiwa.lemonsqueezy.com/billing",
		"KAIWA_AI_GATEWAY_URL":     "http://127.0.0.1:9090/v1/",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1001: TierPro, 1002: TierPremium}
	if c.APIBaseURL != "http://127.0.0.1:8080" || c.StoreID != 7 || c.ProductID != 8 || !reflect.DeepEqual(c.Variants, want) ||
		!reflect.DeepEqual(c.CheckoutURLs, map[string]string{TierPro: "https://kaiwa.lemonsqueezy.com/checkout/buy/test-pro"}) ||
		c.PortalURL != "https://kaiwa.lemonsqueezy.com/billing" || c.KaiwaAIURL != "http://127.0.0.1:9090/v1" || !c.Sells() {
		t.Errorf("config = %+v", c)
	}
	ls := NewLemonSqueezy(c)
	if ls.BaseURL != c.APIBaseURL || ls.StoreID != 7 || ls.ProductID != 8 {
		t.Errorf("provider = %+v", ls)
	}
}

func TestConfigFromEnvErrors(t *testing.T) {
	tests := []struct {
		name, key, value, mention string
	}{
		{"api not a url", "KAIWA_BILLING_API_URL", "::nope", "KAIWA_BILLING_API_URL"},
		{"api ftp", "KAIWA_BILLING_API_URL", "ftp://api.example", "KAIWA_BILLING_API_URL"},
		{"api no host", "KAIWA_BILLING_API_URL", "https://", "KAIWA_BILLING_API_URL"},
		{"store not a number", "KAIWA_BILLING_STORE_ID", "abc", "KAIWA_BILLING_STORE_ID"},
		{"store negative", "KAIWA_BILLING_STORE_ID", "-3", "KAIWA_BILLING_STORE_ID"},
		{"product zero", "KAIWA_BILLING_PRODUCT_ID", "0", "KAIWA_BILLING_PRODUCT_ID"},
		{"variant without =", "KAIWA_BILLING_VARIANTS", "1001", "not name=value"},
		{"variant id not a number", "KAIWA_BILLING_VARIANTS", "abc=pro", "not a positive integer"},
		{"unknown tier", "KAIWA_BILLING_VARIANTS", "1001=gold", "not pro or premium"},
		{"free is not sold", "KAIWA_BILLING_VARIANTS", "1001=free", "not pro or premium"},
		{"duplicate variant", "KAIWA_BILLING_VARIANTS", "1001=pro,1001=premium", "twice"},
		{"only commas", "KAIWA_BILLING_VARIANTS", ",,", "no variants"},
		{"checkout elsewhere", "KAIWA_BILLING_CHECKOUT", "pro=https://evil.example/buy", "not on lemonsqueezy.com"},
		{"checkout for free", "KAIWA_BILLING_CHECKOUT", "free=https://kaiwa.lemonsqueezy.com/buy", "not pro or premium"},
		{"portal over http", "KAIWA_BILLING_PORTAL", "http://kaiwa.lemonsqueezy.com/billing", "not https"},
		{"gateway not a url", "KAIWA_AI_GATEWAY_URL", "127.0.0.1:9090", "not"},
		{"gateway ftp", "KAIWA_AI_GATEWAY_URL", "ftp://127.0.0.1/v1", "not https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ConfigFromEnv(env(map[string]string{tt.key: tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.mention) || !strings.Contains(err.Error(), tt.key) {
				t.Errorf("err = %v, want mention of %q and %s", err, tt.mention, tt.key)
			}
		})
	}
}

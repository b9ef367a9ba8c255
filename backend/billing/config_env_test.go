//go:build !dev

package billing

import (
	"reflect"
	"testing"
)

// A release build takes no billing settings from the environment, however
// they are set.
func TestConfigFromEnvIgnoresTheEnvironment(t *testing.T) {
	for _, vars := range []map[string]string{
		{
			"KAIWA_BILLING_API_URL":    "http://127.0.0.1:8080",
			"KAIWA_BILLING_STORE_ID":   "7",
			"KAIWA_BILLING_PRODUCT_ID": "8",
			"KAIWA_BILLING_VARIANTS":   "1001=pro,1002=premium",
			"KAIWA_BILLING_CHECKOUT":   "pro=https://kaiwa.lemonsqueezy.com/checkout/buy/x",
			"KAIWA_BILLING_PORTAL":     "https://kaiwa.lemonsqueezy.com/billing",
			"KAIWA_AI_GATEWAY_URL":     "http://127.0.0.1:9999/v1",
		},
		{"KAIWA_BILLING_API_URL": "ftp://nope", "KAIWA_BILLING_VARIANTS": "1001=gold"},
	} {
		asked := 0
		c, err := ConfigFromEnv(func(k string) string { asked++; return vars[k] })
		built, _ := DefaultConfig()
		if err != nil || !reflect.DeepEqual(c, built) || asked != 0 {
			t.Errorf("with %v: config %+v, err %v, %d variables read", vars, c, err, asked)
		}
	}
}

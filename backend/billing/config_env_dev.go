//go:build dev

package billing

import (
	"fmt"
	"net/url"
	"strings"
)

// A dev-tagged build (the browser tests' binary) may point billing at a fake
// License API and another store, and Kaiwa AI at an imitation of its
// gateway; the release build's counterpart is in config_env.go.

// ConfigFromEnv returns DefaultConfig with the environment's overrides:
// KAIWA_BILLING_API_URL (an http or https URL), KAIWA_BILLING_STORE_ID,
// KAIWA_BILLING_PRODUCT_ID (positive integers), KAIWA_BILLING_VARIANTS
// ("1001=pro,1002=premium"), KAIWA_BILLING_CHECKOUT
// ("pro=https://….lemonsqueezy.com/checkout/buy/…,premium=…"; each replacing
// the whole map), KAIWA_BILLING_PORTAL and KAIWA_AI_GATEWAY_URL (Kaiwa AI's
// base URL, http allowed). Empty means unset.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c, err := DefaultConfig()
	if err != nil {
		return Config{}, err
	}
	if v := strings.TrimSpace(getenv("KAIWA_BILLING_API_URL")); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Config{}, fmt.Errorf("KAIWA_BILLING_API_URL: %q is not an http(s) URL", v)
		}
		c.APIBaseURL = strings.TrimRight(v, "/")
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"KAIWA_BILLING_STORE_ID", &c.StoreID}, {"KAIWA_BILLING_PRODUCT_ID", &c.ProductID}} {
		if v := strings.TrimSpace(getenv(f.name)); v != "" {
			if *f.dst, err = positive("", v); err != nil {
				return Config{}, fmt.Errorf("%s: %q is not a positive integer", f.name, v)
			}
		}
	}
	if v := strings.TrimSpace(getenv("KAIWA_BILLING_VARIANTS")); v != "" {
		if c.Variants, err = parseVariants(v); err != nil {
			return Config{}, fmt.Errorf("KAIWA_BILLING_VARIANTS: %w (want e.g. 1001=pro,1002=premium)", err)
		}
	}
	if v := strings.TrimSpace(getenv("KAIWA_BILLING_CHECKOUT")); v != "" {
		if c.CheckoutURLs, err = parseCheckouts(v); err != nil {
			return Config{}, fmt.Errorf("KAIWA_BILLING_CHECKOUT: %w", err)
		}
	}
	if v := strings.TrimSpace(getenv("KAIWA_BILLING_PORTAL")); v != "" {
		if _, err := providerURL(v); err != nil {
			return Config{}, fmt.Errorf("KAIWA_BILLING_PORTAL: %w", err)
		}
		c.PortalURL = v
	}
	if v := strings.TrimSpace(getenv("KAIWA_AI_GATEWAY_URL")); v != "" {
		if c.KaiwaAIURL, err = kaiwaAIURL(v, true); err != nil {
			return Config{}, fmt.Errorf("KAIWA_AI_GATEWAY_URL: %w", err)
		}
	}
	return c, nil
}

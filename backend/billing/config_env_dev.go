//go:build dev

package billing

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// A dev-tagged build (the browser tests' binary) may point billing at a fake
// License API and another store; the release build's counterpart is in
// config_env.go.

// ConfigFromEnv returns DefaultConfig with the environment's overrides:
// KAIWA_BILLING_API_URL (an http or https URL), KAIWA_BILLING_STORE_ID,
// KAIWA_BILLING_PRODUCT_ID (positive integers) and KAIWA_BILLING_VARIANTS
// ("1001=pro,1002=premium", replacing the whole map). Empty means unset.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := DefaultConfig()
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
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return Config{}, fmt.Errorf("%s: %q is not a positive integer", f.name, v)
			}
			*f.dst = n
		}
	}
	if v := strings.TrimSpace(getenv("KAIWA_BILLING_VARIANTS")); v != "" {
		m, err := parseVariants(v)
		if err != nil {
			return Config{}, fmt.Errorf("KAIWA_BILLING_VARIANTS: %w (want e.g. 1001=pro,1002=premium)", err)
		}
		c.Variants = m
	}
	return c, nil
}

func parseVariants(s string) (map[int]string, error) {
	m := map[int]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, tier, ok := strings.Cut(part, "=")
		id, tier = strings.TrimSpace(id), strings.TrimSpace(tier)
		if !ok {
			return nil, fmt.Errorf("%q is not variant=tier", part)
		}
		n, err := strconv.Atoi(id)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q: variant id %q is not a positive integer", part, id)
		}
		if tier != TierPro && tier != TierPremium {
			return nil, fmt.Errorf("%q: tier %q is not pro or premium", part, tier)
		}
		if _, dup := m[n]; dup {
			return nil, fmt.Errorf("variant %d listed twice", n)
		}
		m[n] = tier
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("no variants in %q", s)
	}
	return m, nil
}

package billing

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Config is the billing configuration: where the License API is, which
// store and product are Kaiwa's, which variant buys which tier, and the
// hosted checkout and customer-portal links.
type Config struct {
	APIBaseURL         string
	StoreID, ProductID int
	Variants           map[int]string    // provider variant id → tier
	CheckoutURLs       map[string]string // tier → hosted checkout URL
	PortalURL          string
}

// Kaiwa's Lemon Squeezy store. The ids and variant UUIDs below are
// placeholders for Kaiwa's own store until it is set up; replace them with
// the real ones (or override them with the KAIWA_BILLING_* environment
// variables for tests and for a store of one's own).
const (
	DefaultAPIBaseURL = "https://api.lemonsqueezy.com"
	DefaultStoreID    = 10001 // placeholder: Kaiwa's store
	DefaultProductID  = 20001 // placeholder: the Kaiwa product
	DefaultPortalURL  = "https://kaiwa.lemonsqueezy.com/billing"
)

// DefaultConfig returns Kaiwa's billing configuration.
func DefaultConfig() Config {
	return Config{
		APIBaseURL: DefaultAPIBaseURL,
		StoreID:    DefaultStoreID,
		ProductID:  DefaultProductID,
		// Placeholders: Kaiwa's Pro and Premium monthly variants.
		Variants: map[int]string{30001: TierPro, 30002: TierPremium},
		// https://kaiwa.lemonsqueezy.com/checkout/buy/<variant-uuid>; the
		// UUIDs are placeholders for Kaiwa's variants.
		CheckoutURLs: map[string]string{
			TierPro:     "https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000001",
			TierPremium: "https://kaiwa.lemonsqueezy.com/checkout/buy/00000000-0000-4000-8000-000000000002",
		},
		PortalURL: DefaultPortalURL,
	}
}

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

// Tier returns the tier a provider variant buys.
func (c Config) Tier(variantID int) (string, bool) {
	t, ok := c.Variants[variantID]
	return t, ok
}

// CheckoutURL returns the hosted checkout link for tier, with the learner's
// email pre-filled (checkout[email]) when known. Only an https link on a
// lemonsqueezy.com host is ever returned.
func (c Config) CheckoutURL(tier, email string) (string, error) {
	raw, ok := c.CheckoutURLs[tier]
	if !ok || raw == "" {
		return "", fmt.Errorf("no checkout link for the %q plan", tier)
	}
	u, err := providerURL(raw)
	if err != nil {
		return "", fmt.Errorf("checkout link for %q: %w", tier, err)
	}
	if email = strings.TrimSpace(email); email != "" {
		q := u.Query()
		q.Set("checkout[email]", email)
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// ManageBillingURL returns the hosted customer portal link, with the same
// https-on-lemonsqueezy.com check as CheckoutURL.
func (c Config) ManageBillingURL() (string, error) {
	u, err := providerURL(c.PortalURL)
	if err != nil {
		return "", fmt.Errorf("billing portal link: %w", err)
	}
	return u.String(), nil
}

// ProviderHost is the billing provider's domain: only links on it (or its
// subdomains) are opened.
const ProviderHost = "lemonsqueezy.com"

// providerURL parses raw and accepts it only as https on the provider's
// host, without credentials or an explicit port.
func providerURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("not a URL")
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("%q is not https", raw)
	}
	host := strings.ToLower(u.Host)
	if u.User != nil || u.Opaque != "" || !(host == ProviderHost || strings.HasSuffix(host, "."+ProviderHost)) {
		return nil, fmt.Errorf("%q is not on %s", raw, ProviderHost)
	}
	return u, nil
}

package billing

import (
	"fmt"
	"net/url"
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
// the real ones. A dev-tagged build may override them from the environment
// for tests (see config_env_dev.go); a release build has no overrides.
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

package billing

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Config is the billing configuration: the store (where the License API is,
// which store and product are Kaiwa's, which variant buys which tier, the
// hosted checkout and customer-portal links) and Kaiwa AI's URL. A build
// knows them from build time (see build.go) or sells nothing and has no
// Kaiwa AI.
type Config struct {
	APIBaseURL         string
	StoreID, ProductID int
	Variants           map[int]string    // provider variant id → tier
	CheckoutURLs       map[string]string // tier → hosted checkout URL
	PortalURL          string
	// KaiwaAIURL is the base URL of Kaiwa AI, Kaiwa's hosted
	// OpenAI-compatible endpoint (docs/kaiwa-ai.md); "" when this build has
	// none.
	KaiwaAIURL string
}

// DefaultAPIBaseURL is Lemon Squeezy's License API.
const DefaultAPIBaseURL = "https://api.lemonsqueezy.com"

// NoStore is what a build that knows no store says instead of selling.
const NoStore = "This build of Kaiwa sells no plans; everything on your own AI stays free."

// DefaultConfig returns the configuration this build was made with: the
// store and Kaiwa AI set at build time, or none. An error means the build's
// values are wrong or incomplete.
func DefaultConfig() (Config, error) {
	c := Config{APIBaseURL: DefaultAPIBaseURL}
	if strings.TrimSpace(storeID+productID+variants+checkouts+portal) != "" {
		var err error
		if c.StoreID, err = positive("store id", storeID); err != nil {
			return Config{}, err
		}
		if c.ProductID, err = positive("product id", productID); err != nil {
			return Config{}, err
		}
		if c.Variants, err = parseVariants(variants); err != nil {
			return Config{}, fmt.Errorf("variants: %w (want e.g. 1001=pro,1002=premium)", err)
		}
		if c.CheckoutURLs, err = parseCheckouts(checkouts); err != nil {
			return Config{}, fmt.Errorf("checkout links: %w", err)
		}
		if c.PortalURL = strings.TrimSpace(portal); c.PortalURL != "" {
			if _, err := providerURL(c.PortalURL); err != nil {
				return Config{}, fmt.Errorf("portal link: %w", err)
			}
		}
	}
	if v := strings.TrimSpace(kaiwaAI); v != "" {
		u, err := kaiwaAIURL(v, false)
		if err != nil {
			return Config{}, err
		}
		c.KaiwaAIURL = u
	}
	return c, nil
}

// Sells reports whether this build knows a store: only then are plans sold
// and licences activated.
func (c Config) Sells() bool { return c.StoreID > 0 && c.ProductID > 0 && len(c.Variants) > 0 }

// Tier returns the tier a provider variant buys.
func (c Config) Tier(variantID int) (string, bool) {
	t, ok := c.Variants[variantID]
	return t, ok
}

// Buyable lists the tiers this build can open a checkout for.
func (c Config) Buyable() []string {
	out := []string{}
	for _, tier := range []string{TierPro, TierPremium} {
		if _, err := c.CheckoutURL(tier, ""); err == nil && c.Sells() {
			out = append(out, tier)
		}
	}
	return out
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
	if c.PortalURL == "" {
		return "", fmt.Errorf("no billing portal link")
	}
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

// kaiwaAIURL checks Kaiwa AI's base URL: https, a host, no credentials,
// query or fragment; plain http only where allowed (dev builds' fakes). It
// returns the URL without a trailing slash.
func kaiwaAIURL(raw string, allowHTTP bool) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("Kaiwa AI URL %q is not a plain base URL such as https://ai.example.com/v1", raw)
	case u.Scheme == "https", u.Scheme == "http" && allowHTTP:
		return strings.TrimRight(raw, "/"), nil
	}
	return "", fmt.Errorf("Kaiwa AI URL %q is not https", raw)
}

func positive(what, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s %q is not a positive integer", what, s)
	}
	return n, nil
}

// pairs splits "a=b,c=d" into its pairs, skipping empty parts.
func pairs(s string, each func(part, key, value string) error) error {
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, value, ok := strings.Cut(part, "=")
		if !ok {
			return fmt.Errorf("%q is not name=value", part)
		}
		if err := each(part, strings.TrimSpace(key), strings.TrimSpace(value)); err != nil {
			return err
		}
	}
	return nil
}

// sold reports whether tier is one a licence can buy.
func sold(tier string) bool { return tier == TierPro || tier == TierPremium }

// parseVariants reads "1001=pro,1002=premium": which variant buys which tier.
func parseVariants(s string) (map[int]string, error) {
	m := map[int]string{}
	err := pairs(s, func(part, id, tier string) error {
		n, err := strconv.Atoi(id)
		switch {
		case err != nil || n <= 0:
			return fmt.Errorf("%q: variant id %q is not a positive integer", part, id)
		case !sold(tier):
			return fmt.Errorf("%q: tier %q is not pro or premium", part, tier)
		case m[n] != "":
			return fmt.Errorf("variant %d listed twice", n)
		}
		m[n] = tier
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("no variants in %q", s)
	}
	return m, nil
}

// parseCheckouts reads "pro=https://…,premium=https://…": each tier's hosted
// checkout link, on the provider's host.
func parseCheckouts(s string) (map[string]string, error) {
	m := map[string]string{}
	err := pairs(s, func(part, tier, link string) error {
		if !sold(tier) {
			return fmt.Errorf("%q: tier %q is not pro or premium", part, tier)
		}
		if _, err := providerURL(link); err != nil {
			return fmt.Errorf("%s: %w", tier, err)
		}
		m[tier] = link
		return nil
	})
	return m, err
}

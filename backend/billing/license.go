// Package billing holds Kaiwa's plans and licences (DESIGN.md §6): the
// licence provider (Lemon Squeezy's public License API behind a narrow
// interface), the entitlement rules that survive being offline, the billing
// configuration with its checkout and portal links, and the monthly usage
// gates.
//
// A licence key is a secret: it lives in the OS keyring, is sent only in the
// body of a request to the provider, and never appears in an error or a log.
package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Provider is what Kaiwa needs from a licence provider.
type Provider interface {
	// Activate activates key for this computer, named instanceName.
	Activate(ctx context.Context, key, instanceName string) (License, error)
	// Validate asks whether key (and its activation instanceID) is still good.
	Validate(ctx context.Context, key, instanceID string) (License, error)
	// Deactivate frees the activation instanceID of key.
	Deactivate(ctx context.Context, key, instanceID string) error
}

// Licence statuses as the provider reports them.
const (
	StatusActive   = "active"
	StatusInactive = "inactive"
	StatusExpired  = "expired"
	StatusDisabled = "disabled"
)

// License is what the provider says about a key; it never holds the key.
type License struct {
	LicenseID     int        // the provider's id of the key
	Status        string     // "active", "inactive", "expired" or "disabled"
	CreatedAt     *time.Time // when the key was issued
	ExpiresAt     *time.Time // nil: does not expire (or renews)
	InstanceID    string     // this computer's activation
	StoreID       int
	ProductID     int
	VariantID     int
	OrderID       int
	CustomerEmail string
}

// Kind is what went wrong, in terms the learner can act on.
type Kind int

// The kinds of licence errors.
const (
	InvalidKey      Kind = iota + 1 // unknown or malformed key
	ActivationLimit                 // the key is in use on as many computers as it allows
	Expired                         // the key's subscription has ended
	Disabled                        // the key was disabled (refund, fraud, support)
	WrongProduct                    // the key belongs to another store or product
	Network                         // no answer: offline, timeout, 5xx, garbled answer
)

var kindNames = map[Kind]string{
	InvalidKey: "invalid key", ActivationLimit: "activation limit", Expired: "expired",
	Disabled: "disabled", WrongProduct: "wrong product", Network: "network",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Message is the short learner-facing explanation of k, saying what to do.
func (k Kind) Message() string {
	switch k {
	case InvalidKey:
		return "That licence key was not recognised. Check the key in your receipt email and paste it again."
	case ActivationLimit:
		return "This licence key is already in use on as many computers as it allows. Deactivate Kaiwa on another computer first, or contact support."
	case Expired:
		return "This licence key has expired. Renew your plan from Manage billing, or keep practising on the Free plan."
	case Disabled:
		return "This licence key has been disabled. Contact support if you think this is a mistake."
	case WrongProduct:
		return "This licence key is for a different product. Check that you pasted the key from your Kaiwa receipt email."
	case Network:
		return "Kaiwa could not reach the licence server. Check your internet connection and try again; your plan stays as it is for now."
	}
	return "Something went wrong with the licence. Please try again, or contact support."
}

// Error is a licence error. Its text is the learner-facing message; it never
// contains the key.
type Error struct {
	Kind Kind
	// Op is the operation that failed: "activate", "validate" or "deactivate".
	Op string
	// cause is a redacted underlying error (network failures), for logs.
	cause error
}

func (e *Error) Error() string { return e.Kind.Message() }

// Unwrap returns the (redacted) underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// Authoritative reports whether the provider itself said no (as opposed to
// not answering): an authoritative no moves the learner to free, a network
// failure starts the grace period.
func (e *Error) Authoritative() bool { return e.Kind != Network }

// IsKind reports whether err is a licence *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// DefaultTimeout is the deadline of every request to the License API.
const DefaultTimeout = 15 * time.Second

// LemonSqueezy is the Provider for Lemon Squeezy's public License API.
type LemonSqueezy struct {
	BaseURL string       // e.g. https://api.lemonsqueezy.com
	HTTP    *http.Client // nil: http.DefaultClient
	// StoreID and ProductID are Kaiwa's; a key for another store or product
	// is refused with WrongProduct. 0 skips the check.
	StoreID, ProductID int
	// Timeout is each request's deadline; 0 means DefaultTimeout.
	Timeout time.Duration
}

// NewLemonSqueezy returns the provider configured by c.
func NewLemonSqueezy(c Config) *LemonSqueezy {
	return &LemonSqueezy{BaseURL: c.APIBaseURL, StoreID: c.StoreID, ProductID: c.ProductID}
}

var _ Provider = (*LemonSqueezy)(nil)

// Activate activates key for this computer. A key for another store or
// product is deactivated again straight away and refused with WrongProduct.
func (l *LemonSqueezy) Activate(ctx context.Context, key, instanceName string) (License, error) {
	a, err := l.call(ctx, "activate", key, url.Values{"instance_name": {instanceName}})
	if err != nil {
		return License{}, err
	}
	lic := a.license()
	if !a.Activated {
		return lic, l.refusal("activate", a)
	}
	if err := l.checkProduct("activate", lic); err != nil {
		// Give the activation back so it does not count against the limit.
		if lic.InstanceID != "" {
			_ = l.Deactivate(ctx, key, lic.InstanceID)
		}
		return License{}, err
	}
	return lic, nil
}

// Validate asks whether key is still good. When the provider says no, the
// returned License carries the status it reported ("inactive" for an unknown
// key or activation) together with an authoritative *Error; a Network error
// returns an empty License.
func (l *LemonSqueezy) Validate(ctx context.Context, key, instanceID string) (License, error) {
	form := url.Values{}
	if instanceID != "" {
		form.Set("instance_id", instanceID)
	}
	a, err := l.call(ctx, "validate", key, form)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Authoritative() {
			return License{Status: statusFor(e.Kind), InstanceID: instanceID}, err
		}
		return License{}, err
	}
	lic := a.license()
	if lic.InstanceID == "" {
		lic.InstanceID = instanceID
	}
	if !a.Valid {
		e := l.refusal("validate", a)
		if lic.Status == "" || lic.Status == StatusActive {
			lic.Status = statusFor(e.Kind)
		}
		return lic, e
	}
	if err := l.checkProduct("validate", lic); err != nil {
		lic.Status = StatusInactive
		return lic, err
	}
	return lic, nil
}

// Deactivate frees the activation instanceID of key.
func (l *LemonSqueezy) Deactivate(ctx context.Context, key, instanceID string) error {
	a, err := l.call(ctx, "deactivate", key, url.Values{"instance_id": {instanceID}})
	if err != nil {
		return err
	}
	if !a.Deactivated {
		return l.refusal("deactivate", a)
	}
	return nil
}

func statusFor(k Kind) string {
	switch k {
	case Expired:
		return StatusExpired
	case Disabled:
		return StatusDisabled
	}
	return StatusInactive
}

func (l *LemonSqueezy) checkProduct(op string, lic License) error {
	if (l.StoreID != 0 && lic.StoreID != l.StoreID) || (l.ProductID != 0 && lic.ProductID != l.ProductID) {
		return &Error{Kind: WrongProduct, Op: op}
	}
	return nil
}

// answer is the License API's JSON answer to all three calls.
type answer struct {
	Activated   bool    `json:"activated"`
	Valid       bool    `json:"valid"`
	Deactivated bool    `json:"deactivated"`
	Error       *string `json:"error"`
	LicenseKey  *struct {
		ID        int     `json:"id"`
		Status    string  `json:"status"`
		CreatedAt *string `json:"created_at"`
		ExpiresAt *string `json:"expires_at"`
	} `json:"license_key"`
	Instance *struct {
		ID string `json:"id"`
	} `json:"instance"`
	Meta *struct {
		StoreID       int    `json:"store_id"`
		OrderID       int    `json:"order_id"`
		ProductID     int    `json:"product_id"`
		VariantID     int    `json:"variant_id"`
		CustomerEmail string `json:"customer_email"`
	} `json:"meta"`
}

func (a *answer) license() License {
	var lic License
	if a.LicenseKey != nil {
		lic.LicenseID, lic.Status = a.LicenseKey.ID, a.LicenseKey.Status
		lic.CreatedAt, lic.ExpiresAt = parseTime(a.LicenseKey.CreatedAt), parseTime(a.LicenseKey.ExpiresAt)
	}
	if a.Instance != nil {
		lic.InstanceID = a.Instance.ID
	}
	if a.Meta != nil {
		lic.StoreID, lic.ProductID, lic.VariantID, lic.OrderID = a.Meta.StoreID, a.Meta.ProductID, a.Meta.VariantID, a.Meta.OrderID
		lic.CustomerEmail = a.Meta.CustomerEmail
	}
	return lic
}

// parseTime reads one of the API's optional timestamps; nil when absent.
func parseTime(s *string) *time.Time {
	if s == nil || *s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return nil
	}
	return &t
}

// refusal classifies an answer in which the provider said no.
func (l *LemonSqueezy) refusal(op string, a *answer) *Error {
	msg := ""
	if a.Error != nil {
		msg = *a.Error
	}
	status := ""
	if a.LicenseKey != nil {
		status = a.LicenseKey.Status
	}
	return &Error{Kind: classify(msg, status), Op: op}
}

// classify maps the provider's error text and licence status to a Kind.
func classify(msg, status string) Kind {
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "activation limit"):
		return ActivationLimit
	case status == StatusExpired || strings.Contains(m, "expired"):
		return Expired
	case status == StatusDisabled || strings.Contains(m, "disabled"):
		return Disabled
	}
	return InvalidKey
}

// call POSTs the form with the key to {BaseURL}/v1/licenses/{op} and decodes
// the answer. A 2xx answer is returned as is; a 4xx answer becomes an
// authoritative *Error; anything else (no answer, timeout, 429, 5xx,
// unreadable JSON) is a Network error.
func (l *LemonSqueezy) call(ctx context.Context, op, key string, form url.Values) (*answer, error) {
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	form.Set("license_key", key)
	endpoint := strings.TrimRight(l.BaseURL, "/") + "/v1/licenses/" + op
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, &Error{Kind: Network, Op: op, cause: redact(err, key)}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := l.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, &Error{Kind: Network, Op: op, cause: redact(err, key)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, &Error{Kind: Network, Op: op, cause: redact(err, key)}
	}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return nil, &Error{Kind: Network, Op: op, cause: fmt.Errorf("license api %s: HTTP %d", op, resp.StatusCode)}
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		if resp.StatusCode >= 400 {
			return nil, &Error{Kind: InvalidKey, Op: op}
		}
		return nil, &Error{Kind: Network, Op: op, cause: fmt.Errorf("license api %s: HTTP %d, unreadable answer", op, resp.StatusCode)}
	}
	if resp.StatusCode >= 400 {
		return nil, l.refusal(op, &a)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &Error{Kind: Network, Op: op, cause: fmt.Errorf("license api %s: HTTP %d", op, resp.StatusCode)}
	}
	return &a, nil
}

// redact returns err's text with the key blanked out, so a cause kept for
// logs can never leak it.
func redact(err error, key string) error {
	if key == "" {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), key, "[redacted]"))
}

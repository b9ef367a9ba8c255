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

	"kaiwa/backend/errs"
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
	Network                         // no answer from the API itself: offline, timeout, 5xx, a proxy or portal
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

// ErrorCode is the kind's code for the page (errs.Coder).
func (e *Error) ErrorCode() errs.Code {
	switch e.Kind {
	case Network:
		return errs.Unavailable
	case ActivationLimit:
		return errs.Conflict
	}
	return errs.Unauthorized
}

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
	if !a.OK {
		return lic, refusal("activate", a)
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
	if !a.OK {
		e := refusal("validate", a)
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
	if !a.OK {
		return refusal("deactivate", a)
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
	// OK is the call's own flag: "activated", "valid" or "deactivated".
	OK         bool    `json:"-"`
	Error      *string `json:"-"`
	LicenseKey *struct {
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

// flags are the field each call answers with.
var flags = map[string]string{"activate": "activated", "validate": "valid", "deactivate": "deactivated"}

// parseAnswer reads body as the License API's answer to op, or says why it
// is not one. The shape is the API's: a JSON object with the call's flag as
// a boolean and an "error" (a string, or null); an answer that says yes also
// carries the licence and its meta (and, for activate, the instance), which
// Kaiwa needs to record it. Anything else came from something in between
// (a proxy, a captive portal) or from an API Kaiwa does not know.
func parseAnswer(op string, body []byte) (*answer, error) {
	flag, ok := flags[op]
	if !ok {
		return nil, fmt.Errorf("unknown operation %q", op)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, errors.New("not a JSON object")
	}
	var a answer
	if raw, has := fields[flag]; !has || string(raw) == "null" || json.Unmarshal(raw, &a.OK) != nil {
		return nil, fmt.Errorf("no %q flag", flag)
	}
	if _, has := fields["error"]; !has {
		return nil, errors.New(`no "error" field`)
	}
	if err := json.Unmarshal(fields["error"], &a.Error); err != nil {
		return nil, errors.New(`"error" is not a string`)
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, errors.New("fields of the wrong type")
	}
	if a.OK && (a.LicenseKey == nil || a.Meta == nil || (op == "activate" && (a.Instance == nil || a.Instance.ID == ""))) {
		return nil, errors.New("a yes without the licence")
	}
	return &a, nil
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
func refusal(op string, a *answer) *Error {
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

// call POSTs the form with the key to {BaseURL}/v1/licenses/{op} and judges
// the answer (see judge).
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
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, &Error{Kind: Network, Op: op, cause: redact(err, key)}
	}
	return judge(op, resp.StatusCode, body)
}

// maxAnswer bounds the answer read: the API's are a few hundred bytes.
const maxAnswer = 1 << 20

// judge decides what an HTTP answer to op means. Only the License API itself
// can say no, so only an answer of its shape (see parseAnswer) counts:
//
//   - 2xx with the API's shape: the answer, yes or no (the caller reads its
//     flag);
//   - 400, 404 or 422 with the API's shape and its flag false: the
//     provider's authoritative no, classified from its error and licence;
//   - anything else — no answer, a proxy's HTML 403, a captive portal's 200
//     page, 429, a 5xx, JSON of another shape — is a Network error, which
//     keeps the learner's plan within the offline grace period.
func judge(op string, status int, body []byte) (*answer, error) {
	network := func(why string) error {
		return &Error{Kind: Network, Op: op, cause: fmt.Errorf("license api %s: HTTP %d, %s", op, status, why)}
	}
	authoritative := status >= 200 && status <= 299 ||
		status == http.StatusBadRequest || status == http.StatusNotFound || status == http.StatusUnprocessableEntity
	if !authoritative {
		return nil, network("not an answer of the License API")
	}
	a, err := parseAnswer(op, body)
	if err != nil {
		return nil, network(err.Error())
	}
	if status >= 400 {
		if a.OK {
			return nil, network("an error status that says yes")
		}
		return nil, refusal(op, a)
	}
	return a, nil
}

// redact returns err's text with the key blanked out, so a cause kept for
// logs can never leak it.
func redact(err error, key string) error {
	if key == "" {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), key, "[redacted]"))
}

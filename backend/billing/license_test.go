package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"kaiwa/backend/errs"
)

// Kaiwa's ids in the fake.
const (
	fakeStore   = 1
	fakeProduct = 4
	fakeVariant = 5
)

// fakeAPI imitates Lemon Squeezy's License API for a fixed set of keys.
type fakeAPI struct {
	mu    sync.Mutex
	calls []string // "op key instance"
}

func (f *fakeAPI) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeAPI) called(s string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.calls {
		if c == s {
			return true
		}
	}
	return false
}

func meta(store, product int) map[string]any {
	return map[string]any{"store_id": store, "order_id": 2, "order_item_id": 3, "product_id": product,
		"product_name": "Kaiwa", "variant_id": fakeVariant, "variant_name": "Pro", "customer_id": 6,
		"customer_name": "Aiko", "customer_email": "aiko@example.com"}
}

func licenseKey(status string, expires any) map[string]any {
	return map[string]any{"id": 1, "status": status, "key": "redacted-by-fake", "activation_limit": 1,
		"activation_usage": 1, "created_at": "2026-01-01T00:00:00.000000Z", "expires_at": expires}
}

var instance = map[string]any{"id": "inst-1", "name": "Aiko's laptop", "created_at": "2026-01-02T00:00:00.000000Z"}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/portal" { // where a captive portal sends every request
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><form action="/login">Accept the terms to use the Wi-Fi</form></html>`)
		return
	}
	op := strings.TrimPrefix(r.URL.Path, "/v1/licenses/")
	if r.Method != http.MethodPost || r.Header.Get("Accept") != "application/json" ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") ||
		(op != "activate" && op != "validate" && op != "deactivate") {
		http.Error(w, "bad request shape", http.StatusTeapot)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusTeapot)
		return
	}
	key, inst := r.PostForm.Get("license_key"), r.PostForm.Get("instance_id")
	if op == "activate" {
		if r.PostForm.Get("instance_name") == "" {
			http.Error(w, "no instance_name", http.StatusTeapot)
			return
		}
		inst = ""
	}
	f.record(op + " " + key + " " + inst)

	reply := func(code int, body map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(body)
	}
	flag := map[string]string{"activate": "activated", "validate": "valid", "deactivate": "deactivated"}[op]
	ok := func(store, product int, status string, expires any) {
		b := map[string]any{flag: true, "error": nil, "license_key": licenseKey(status, expires),
			"instance": instance, "meta": meta(store, product)}
		if op == "validate" && inst == "" {
			b["instance"] = nil
		}
		reply(200, b)
	}
	refuse := func(code int, msg any, status string) {
		b := map[string]any{flag: false, "error": msg, "license_key": nil, "meta": nil}
		if status != "" {
			b["license_key"] = licenseKey(status, "2026-01-01T00:00:00.000000Z")
			b["meta"] = meta(fakeStore, fakeProduct)
		}
		reply(code, b)
	}

	switch key {
	case "KEY-ACTIVE-7f3a":
		if op == "deactivate" && inst != "inst-1" {
			refuse(404, "license_key instance not found", "")
			return
		}
		ok(fakeStore, fakeProduct, "active", "2026-02-01T00:00:00.000000Z")
	case "KEY-INACTIVE-1b2c":
		ok(fakeStore, fakeProduct, "inactive", nil)
	case "KEY-EXPIRED-9d8e":
		if op == "activate" {
			refuse(400, "This license key is expired.", "expired")
		} else {
			refuse(200, nil, "expired")
		}
	case "KEY-DISABLED-4c5d":
		if op == "activate" {
			refuse(400, "This license key is disabled.", "disabled")
		} else {
			refuse(200, nil, "disabled")
		}
	case "KEY-OTHERSTORE-aa11":
		ok(99, fakeProduct, "active", nil)
	case "KEY-OTHERPRODUCT-bb22":
		ok(fakeStore, 77, "active", nil)
	case "KEY-LIMIT-cc33":
		refuse(400, "This license key has reached the activation limit.", "active")
	case "KEY-5XX-dd44":
		http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
	case "KEY-GARBLED-ee55":
		w.WriteHeader(200)
		fmt.Fprint(w, "<html>captive portal</html>")
	case "KEY-HANG-ff66":
		<-r.Context().Done()
	case "KEY-PROXY403-1a1a":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><body>Access denied by your network's proxy.</body></html>")
	case "KEY-PORTAL-2b2b":
		http.Redirect(w, r, "/portal", http.StatusFound)
	case "KEY-OTHERJSON-3c3c":
		reply(200, map[string]any{"status": "ok", "data": map[string]any{flag: false}})
	case "KEY-OTHER404-4d4d":
		reply(404, map[string]any{"message": "Not Found", "error": "route not found"})
	case "KEY-EMPTYJSON-5e5e":
		reply(200, map[string]any{})
	case "KEY-BAREYES-6f6f":
		reply(200, map[string]any{flag: true, "error": nil})
	case "KEY-SHAPED403-7a7a":
		refuse(403, "Forbidden.", "")
	case "KEY-SHAPED500-8b8b":
		refuse(500, "Server error.", "")
	case "KEY-422-9c9c":
		refuse(422, "The license key must be a valid UUID.", "")
	default:
		refuse(404, "license_key not found", "")
	}
}

func newFake(t *testing.T) (*fakeAPI, *LemonSqueezy) {
	t.Helper()
	f := &fakeAPI{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, &LemonSqueezy{BaseURL: srv.URL + "/", HTTP: srv.Client(), StoreID: fakeStore, ProductID: fakeProduct,
		Timeout: 200 * time.Millisecond}
}

// checkNoKey fails if the key appears anywhere in err's chain.
func checkNoKey(t *testing.T, key string, err error) {
	t.Helper()
	for e := err; e != nil; e = errors.Unwrap(e) {
		if s := fmt.Sprintf("%v %+v %#v", e, e, e); strings.Contains(s, key) {
			t.Errorf("error leaks the key: %s", s)
		}
	}
}

func TestActivate(t *testing.T) {
	tests := []struct {
		key      string
		kind     Kind // 0: success
		status   string
		instance string
	}{
		{"KEY-ACTIVE-7f3a", 0, "active", "inst-1"},
		{"KEY-INACTIVE-1b2c", 0, "inactive", "inst-1"},
		{"KEY-EXPIRED-9d8e", Expired, "expired", ""},
		{"KEY-DISABLED-4c5d", Disabled, "disabled", ""},
		{"KEY-UNKNOWN-0000", InvalidKey, "", ""},
		{"KEY-OTHERSTORE-aa11", WrongProduct, "", ""},
		{"KEY-OTHERPRODUCT-bb22", WrongProduct, "", ""},
		{"KEY-LIMIT-cc33", ActivationLimit, "", ""},
		{"KEY-5XX-dd44", Network, "", ""},
		{"KEY-GARBLED-ee55", Network, "", ""},
		{"KEY-HANG-ff66", Network, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			f, ls := newFake(t)
			start := time.Now()
			lic, err := ls.Activate(context.Background(), tt.key, "Aiko's laptop")
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			checkNoKey(t, tt.key, err)
			if tt.kind == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if lic.Status != tt.status || lic.InstanceID != tt.instance || lic.StoreID != fakeStore ||
					lic.ProductID != fakeProduct || lic.VariantID != fakeVariant || lic.OrderID != 2 || lic.LicenseID != 1 ||
					lic.CreatedAt == nil ||
					lic.CustomerEmail != "aiko@example.com" {
					t.Errorf("license = %+v", lic)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind || e.Op != "activate" {
				t.Fatalf("err = %#v, want kind %v", err, tt.kind)
			}
			if !IsKind(err, tt.kind) || err.Error() != tt.kind.Message() || e.Authoritative() == (tt.kind == Network) {
				t.Errorf("error surface wrong: %v", err)
			}
			if tt.kind == WrongProduct {
				if lic != (License{}) {
					t.Errorf("wrong product returned a licence %+v", lic)
				}
				if !f.called("deactivate " + tt.key + " inst-1") {
					t.Errorf("activation of a foreign key not given back: %v", f.calls)
				}
			}
		})
	}
}

func TestActivateExpiresAt(t *testing.T) {
	_, ls := newFake(t)
	lic, err := ls.Activate(context.Background(), "KEY-ACTIVE-7f3a", "pc")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC); lic.ExpiresAt == nil || !lic.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", lic.ExpiresAt, want)
	}
	lic, err = ls.Activate(context.Background(), "KEY-INACTIVE-1b2c", "pc")
	if err != nil || lic.ExpiresAt != nil {
		t.Errorf("null expires_at: %v, %v", lic.ExpiresAt, err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		key, instance string
		kind          Kind
		status        string
	}{
		{"KEY-ACTIVE-7f3a", "inst-1", 0, "active"},
		{"KEY-ACTIVE-7f3a", "", 0, "active"},
		{"KEY-INACTIVE-1b2c", "inst-1", 0, "inactive"},
		{"KEY-EXPIRED-9d8e", "inst-1", Expired, "expired"},
		{"KEY-DISABLED-4c5d", "inst-1", Disabled, "disabled"},
		{"KEY-UNKNOWN-0000", "inst-1", InvalidKey, "inactive"},
		{"KEY-OTHERSTORE-aa11", "inst-1", WrongProduct, "inactive"},
		{"KEY-OTHERPRODUCT-bb22", "inst-1", WrongProduct, "inactive"},
		{"KEY-5XX-dd44", "inst-1", Network, ""},
		{"KEY-GARBLED-ee55", "inst-1", Network, ""},
		{"KEY-HANG-ff66", "inst-1", Network, ""},
	}
	for _, tt := range tests {
		t.Run(tt.key+"/"+tt.instance, func(t *testing.T) {
			f, ls := newFake(t)
			lic, err := ls.Validate(context.Background(), tt.key, tt.instance)
			checkNoKey(t, tt.key, err)
			if !f.called("validate " + tt.key + " " + tt.instance) {
				t.Errorf("fake saw %v", f.calls)
			}
			if lic.Status != tt.status {
				t.Errorf("status = %q, want %q", lic.Status, tt.status)
			}
			if tt.kind == 0 {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if lic.InstanceID != tt.instance && !(tt.instance == "" && lic.InstanceID == "") {
					t.Errorf("instance = %q", lic.InstanceID)
				}
				return
			}
			if !IsKind(err, tt.kind) {
				t.Fatalf("err = %#v, want kind %v", err, tt.kind)
			}
		})
	}
}

func TestDeactivate(t *testing.T) {
	tests := []struct {
		key, instance string
		kind          Kind
	}{
		{"KEY-ACTIVE-7f3a", "inst-1", 0},
		{"KEY-ACTIVE-7f3a", "inst-other", InvalidKey},
		{"KEY-UNKNOWN-0000", "inst-1", InvalidKey},
		{"KEY-5XX-dd44", "inst-1", Network},
		{"KEY-HANG-ff66", "inst-1", Network},
	}
	for _, tt := range tests {
		t.Run(tt.key+"/"+tt.instance, func(t *testing.T) {
			_, ls := newFake(t)
			err := ls.Deactivate(context.Background(), tt.key, tt.instance)
			checkNoKey(t, tt.key, err)
			if tt.kind == 0 && err != nil || tt.kind != 0 && !IsKind(err, tt.kind) {
				t.Fatalf("err = %v, want kind %v", err, tt.kind)
			}
		})
	}
}

// Only the License API can say no: an answer counts as its no only when it
// has the API's shape and a status the API uses for one. Everything else is
// the network's, which keeps the plan within the offline grace period.
func TestAnswersJudgedByShape(t *testing.T) {
	tests := []struct {
		key, why string
		kind     Kind
	}{
		{"KEY-GARBLED-ee55", "captive portal's page, 200", Network},
		{"KEY-PORTAL-2b2b", "captive portal's redirect to its page", Network},
		{"KEY-PROXY403-1a1a", "proxy's HTML 403", Network},
		{"KEY-5XX-dd44", "gateway's HTML 502", Network},
		{"KEY-OTHERJSON-3c3c", "JSON without the License API's fields, 200", Network},
		{"KEY-OTHER404-4d4d", "JSON without the License API's flag, 404", Network},
		{"KEY-EMPTYJSON-5e5e", "empty JSON object, 200", Network},
		{"KEY-BAREYES-6f6f", "a yes without the licence, 200", Network},
		{"KEY-SHAPED403-7a7a", "the API's shape with a status it does not refuse with", Network},
		{"KEY-SHAPED500-8b8b", "the API's shape on a 5xx", Network},
		{"KEY-422-9c9c", "the API's shape, 422", InvalidKey},
		{"KEY-UNKNOWN-0000", "the API's shape, 404", InvalidKey},
		{"KEY-LIMIT-cc33", "the API's shape, 400", ActivationLimit},
	}
	ops := map[string]func(*LemonSqueezy, string) (License, error){
		"activate": func(l *LemonSqueezy, key string) (License, error) {
			return l.Activate(context.Background(), key, "pc")
		},
		"validate": func(l *LemonSqueezy, key string) (License, error) {
			return l.Validate(context.Background(), key, "inst-1")
		},
		"deactivate": func(l *LemonSqueezy, key string) (License, error) {
			return License{}, l.Deactivate(context.Background(), key, "inst-1")
		},
	}
	for _, tt := range tests {
		for op, do := range ops {
			t.Run(op+"/"+tt.why, func(t *testing.T) {
				_, ls := newFake(t)
				lic, err := do(ls, tt.key)
				checkNoKey(t, tt.key, err)
				var e *Error
				if !errors.As(err, &e) || e.Op != op {
					t.Fatalf("err = %#v", err)
				}
				want := tt.kind
				if e.Kind != want || e.Authoritative() == (want == Network) {
					t.Fatalf("kind = %v (authoritative %v), want %v", e.Kind, e.Authoritative(), want)
				}
				if want == Network && lic != (License{}) {
					t.Errorf("a network failure came with a licence %+v", lic)
				}
				if want == Network && e.Unwrap() == nil {
					t.Error("a network failure without its cause for the log")
				}
			})
		}
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there any more
	ls := &LemonSqueezy{BaseURL: base, Timeout: time.Second}
	_, err := ls.Activate(context.Background(), "KEY-OFFLINE-1234", "pc")
	if !IsKind(err, Network) {
		t.Fatalf("err = %v", err)
	}
	checkNoKey(t, "KEY-OFFLINE-1234", err)
}

type deadlineCheck struct{ got time.Duration }

func (d *deadlineCheck) RoundTrip(r *http.Request) (*http.Response, error) {
	if dl, ok := r.Context().Deadline(); ok {
		d.got = time.Until(dl)
	}
	return nil, errors.New("no network in this test")
}

func TestDefaultDeadline(t *testing.T) {
	rt := &deadlineCheck{}
	ls := &LemonSqueezy{BaseURL: "https://api.example", HTTP: &http.Client{Transport: rt}}
	_, err := ls.Validate(context.Background(), "k", "i")
	if !IsKind(err, Network) {
		t.Fatalf("err = %v", err)
	}
	if rt.got < 14*time.Second || rt.got > DefaultTimeout {
		t.Errorf("deadline in %v, want about %v", rt.got, DefaultTimeout)
	}
}

func TestKindCodes(t *testing.T) {
	for k, want := range map[Kind]errs.Code{
		InvalidKey: errs.Unauthorized, ActivationLimit: errs.Conflict, Expired: errs.Unauthorized,
		Disabled: errs.Unauthorized, WrongProduct: errs.Unauthorized, Network: errs.Unavailable,
	} {
		err := fmt.Errorf("activate: %w", &Error{Kind: k, Op: "activate"})
		if errs.CodeOf(err) != want || errs.MessageOf(err) != k.Message() {
			t.Errorf("%v: code %q, message %q", k, errs.CodeOf(err), errs.MessageOf(err))
		}
	}
}

func TestKindMessages(t *testing.T) {
	for k, hint := range map[Kind]string{
		InvalidKey: "Check the key in your receipt email", ActivationLimit: "Deactivate Kaiwa on another computer first, or contact support",
		Expired: "Renew", Disabled: "Contact support", WrongProduct: "Kaiwa receipt", Network: "internet connection",
	} {
		if !strings.Contains(k.Message(), hint) {
			t.Errorf("%v: %q lacks %q", k, k.Message(), hint)
		}
		if k.String() == "" || strings.HasPrefix(k.String(), "Kind(") {
			t.Errorf("%d has no name", int(k))
		}
	}
}

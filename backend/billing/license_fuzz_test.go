package billing

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzJudge feeds the License API's answer reader arbitrary bodies and
// statuses: it must never panic, and only an answer of the API's shape with
// a status the API uses may count as its word.
//
//	go test -run '^$' -fuzz FuzzJudge -fuzztime 15s ./backend/billing
func FuzzJudge(f *testing.F) {
	for op, flag := range map[uint8]string{0: "activated", 1: "valid", 2: "deactivated"} {
		yes, _ := json.Marshal(map[string]any{flag: true, "error": nil, "license_key": licenseKey("active", "2026-02-01T00:00:00.000000Z"),
			"instance": instance, "meta": meta(fakeStore, fakeProduct)})
		f.Add(op, 200, yes)
		f.Add(op, 404, []byte(`{"`+flag+`":false,"error":"license_key not found."}`))
		f.Add(op, 400, []byte(`{"`+flag+`":false,"error":"This license key has reached the activation limit.","license_key":{"status":"active"}}`))
		f.Add(op, 422, []byte(`{"`+flag+`":false,"error":"The instance name field is required.","license_key":null,"meta":null}`))
		f.Add(op, 200, []byte(`{"`+flag+`":false,"error":null,"license_key":{"id":1,"status":"expired","expires_at":"2026-01-01T00:00:00Z"}}`))
	}
	f.Add(uint8(1), 403, []byte("<html><body>Access denied</body></html>"))
	f.Add(uint8(1), 200, []byte("<html>captive portal</html>"))
	f.Add(uint8(1), 200, []byte(`{"status":"ok"}`))
	f.Add(uint8(1), 422, []byte(`{"message":"The instance id field is required.","errors":{"instance_id":["required"]}}`))
	f.Add(uint8(0), 200, []byte(`{"activated":true,"error":null,"license_key":{},"meta":{},"instance":null}`))
	f.Add(uint8(1), 200, []byte(`{"valid":"true","error":7,"license_key":[],"meta":"x"}`))
	f.Add(uint8(1), 502, []byte(`{"valid":false,"error":"Bad gateway"}`))
	f.Add(uint8(2), 200, []byte(`null`))
	f.Add(uint8(2), 200, []byte(`{"deactivated":true,"error":null,"license_key":{"created_at":"not a time","expires_at":""},"meta":{}}`))

	f.Fuzz(func(t *testing.T, opIndex uint8, status int, body []byte) {
		op := []string{"activate", "validate", "deactivate"}[opIndex%3]
		a, err := judge(op, status, body)
		if (a == nil) == (err == nil) {
			t.Fatalf("answer %v and error %v", a, err)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Op != op || e.Kind < InvalidKey || e.Kind > Network {
				t.Fatalf("error %#v", err)
			}
			if e.Kind == Network {
				return
			}
			if status != 400 && status != 404 && status != 422 {
				t.Fatalf("HTTP %d taken as the API's no (%v)", status, e.Kind)
			}
		} else if status < 200 || status > 299 {
			t.Fatalf("HTTP %d taken as an answer", status)
		}
		// The API's word: a JSON object with the call's flag.
		var fields map[string]json.RawMessage
		if json.Unmarshal(body, &fields) != nil {
			t.Fatalf("%s: HTTP %d %q is not JSON, taken as the API's word", op, status, body)
		}
		if _, hasError := fields["error"]; fields[flags[op]] == nil || !hasError {
			t.Fatalf("%s: HTTP %d %q taken as the API's word", op, status, body)
		}
		if a != nil {
			lic := a.license()
			if a.OK && (a.LicenseKey == nil || a.Meta == nil || (op == "activate" && lic.InstanceID == "")) {
				t.Fatalf("a yes without the licence: %+v", lic)
			}
			if !a.OK {
				_ = refusal(op, a)
			}
		}
	})
}

package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header map[string]string
		want   time.Duration
	}{
		{nil, 0},
		{map[string]string{"Retry-After": "7"}, 7 * time.Second},
		{map[string]string{"Retry-After": " 0 "}, 0},
		{map[string]string{"Retry-After": "-3"}, 0},
		{map[string]string{"Retry-After": "1.5"}, 1500 * time.Millisecond},
		{map[string]string{"Retry-After": now.Add(45 * time.Second).Format(http.TimeFormat)}, 45 * time.Second},
		{map[string]string{"Retry-After": now.Add(-time.Minute).Format(http.TimeFormat)}, 0},
		{map[string]string{"Retry-After": "soon"}, 0},
		{map[string]string{"Retry-After": "20", "Retry-After-Ms": "250"}, 250 * time.Millisecond},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.header {
			h.Set(k, v)
		}
		if tt.header == nil {
			h = nil
		}
		if got := RetryAfter(h, now); got != tt.want {
			t.Errorf("RetryAfter(%v) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestRateLimitedMessage(t *testing.T) {
	tests := map[time.Duration]string{
		0:                       "a moment",
		250 * time.Millisecond:  "1 second",
		time.Second:             "1 second",
		1500 * time.Millisecond: "2 seconds",
		90 * time.Second:        "90 seconds",
		10 * time.Minute:        "10 minutes",
	}
	for d, want := range tests {
		e := &Error{Kind: KindRateLimited, RetryAfter: d}
		if got, msg := e.Error(), "The AI provider is rate-limiting requests. Try again in "+want+"."; got != msg {
			t.Errorf("%v: %q, want %q", d, got, msg)
		}
	}
}

// [DONE] must be seen however the body is cut into reads.
func TestTraceSeesDone(t *testing.T) {
	tests := map[string]bool{
		"data: [DONE]\n\n":    true,
		"data:[DONE]\r\n\r\n": true,
		`data: {"choices":[{"delta":{"content":"data: [DONE]"}}]}` + "\n\n": false,
		"data: [DONE]":         false, // no line end: the body was cut
		": [DONE]\n":           false,
		"data: [DONE] extra\n": false,
	}
	for body, want := range tests {
		for _, size := range []int{1, 3, len(body)} {
			tr := &trace{}
			for b := []byte(body); len(b) > 0; {
				n := min(size, len(b))
				tr.scan(b[:n])
				b = b[n:]
			}
			if tr.sawDone != want {
				t.Errorf("%q in reads of %d: sawDone = %v, want %v", body, size, tr.sawDone, want)
			}
		}
	}
}

func TestWaitText(t *testing.T) {
	tests := map[time.Duration]string{
		0:                       "a moment",
		250 * time.Millisecond:  "1 second",
		1500 * time.Millisecond: "2 seconds",
		90 * time.Second:        "90 seconds",
		10 * time.Minute:        "10 minutes",
	}
	for d, want := range tests {
		if got := WaitText(d); got != want {
			t.Errorf("WaitText(%v) = %q, want %q", d, got, want)
		}
	}
}

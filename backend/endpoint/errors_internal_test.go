package endpoint

import (
	"errors"
	"net/http"
	"strings"
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
		{map[string]string{"Retry-After": "NaN"}, 0},
		{map[string]string{"Retry-After": "20", "Retry-After-Ms": "250"}, 250 * time.Millisecond},
		// Clamped: a day is more likely a mistake than advice.
		{map[string]string{"Retry-After": "86400"}, maxRetryAfter},
		{map[string]string{"Retry-After": "1e300"}, maxRetryAfter},
		{map[string]string{"Retry-After": "Inf"}, maxRetryAfter},
		{map[string]string{"Retry-After-Ms": "9e18"}, maxRetryAfter},
		{map[string]string{"Retry-After": now.Add(48 * time.Hour).Format(http.TimeFormat)}, maxRetryAfter},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.header {
			h.Set(k, v)
		}
		if tt.header == nil {
			h = nil
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%v) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// One reading of a status for every op: the differences are only about
// what a 404 means where.
func TestKindOf(t *testing.T) {
	everyOp := []Op{OpChat, OpModels, OpSpeech, OpTranscription}
	for _, op := range everyOp {
		for status, want := range map[int]Kind{
			401: KindUnauthorized, 403: KindUnauthorized,
			408: KindTimeout, 504: KindTimeout,
			413: KindTooLarge, 429: KindRateLimited,
			500: KindServer, 502: KindServer, 503: KindServer,
			400: KindRejected, 422: KindRejected,
		} {
			if got := kindOf(op, "m", status, "bad", true, false); got != want {
				t.Errorf("%s %d: %s, want %s", op, status, got, want)
			}
		}
		if got := kindOf(op, "m", 429, "", true, true); got != KindRejected {
			t.Errorf("%s: a used-up quota is %s, want rejected", op, got)
		}
		if got := kindOf(op, "tts-1", 404, "The model `tts-1` does not exist", true, false); got != KindModelNotFound {
			t.Errorf("%s: 404 naming the model is %s", op, got)
		}
	}
	for _, tt := range []struct {
		op         Op
		status     int
		structured bool
		want       Kind
	}{
		{OpChat, 404, true, KindModelNotFound},
		{OpChat, 404, false, KindNetwork},
		{OpChat, 405, false, KindNetwork},
		{OpModels, 404, true, KindNetwork},
		{OpSpeech, 404, true, KindNotSupported},
		{OpTranscription, 405, false, KindNotSupported},
	} {
		if got := kindOf(tt.op, "m", tt.status, "Not Found", tt.structured, false); got != tt.want {
			t.Errorf("%s %d structured %v: %s, want %s", tt.op, tt.status, tt.structured, got, tt.want)
		}
	}
}

func TestBodyMessage(t *testing.T) {
	for body, want := range map[string]struct {
		msg        string
		structured bool
	}{
		`{"error":{"message":"Incorrect API key","type":"invalid_request_error"}}`: {"Incorrect API key", true},
		`{"error":"model not found"}`:             {"model not found", true},
		`{"message":"no route"}`:                  {"no route", true},
		`{"detail":"Not Found"}`:                  {"Not Found", true},
		`{"status":404}`:                          {`{"status":404}`, true},
		"<html>Bad gateway</html>":                {"<html>Bad gateway</html>", false},
		"":                                        {"", false},
		`{"error":{"code":500}}`:                  {`{"error":{"code":500}}`, true},
		`{"error":{"message":["a","b"]},"x":"y"}`: {`{"error":{"message":["a","b"]},"x":"y"}`, true},
	} {
		if msg, structured := bodyMessage([]byte(body)); msg != want.msg || structured != want.structured {
			t.Errorf("bodyMessage(%s) = %q, %v, want %q, %v", body, msg, structured, want.msg, want.structured)
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
		e := &Error{Kind: KindRateLimited, Op: OpChat, RetryAfter: d}
		if got, msg := e.Error(), "The AI provider is rate-limiting requests. Try again in "+want+"."; got != msg {
			t.Errorf("%v: %q, want %q", d, got, msg)
		}
		e.Op = OpSpeech
		if got, msg := e.Error(), "The voice provider is rate-limiting requests. Try again in "+want+"."; got != msg {
			t.Errorf("%v: %q, want %q", d, got, msg)
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
		if got := waitText(d); got != want {
			t.Errorf("waitText(%v) = %q, want %q", d, got, want)
		}
	}
}

// Every kind has its own message for every op, never the fallback.
func TestEveryKindHasAMessage(t *testing.T) {
	kinds := []Kind{KindUnauthorized, KindModelNotFound, KindNotSupported, KindRateLimited, KindTooLarge, KindTimeout,
		KindNetwork, KindServer, KindDropped, KindBadAnswer, KindCanceled, KindRejected, KindBadInput}
	for _, op := range []Op{OpChat, OpModels, OpSpeech, OpTranscription} {
		for _, k := range kinds {
			if k == KindNotSupported && !op.audio() {
				continue // only audio ops can lack a feature
			}
			msg := (&Error{Kind: k, Op: op, Status: 400, model: "m", host: "example.test"}).Error()
			if strings.HasSuffix(msg, "request failed.") || !strings.HasSuffix(msg, ".") {
				t.Errorf("%s/%s: %q", op, k, msg)
			}
		}
	}
}

// [DONE] must be seen however the body is cut into reads.
func TestScanSeesDone(t *testing.T) {
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
			cl := &call{}
			for b := []byte(body); len(b) > 0; {
				n := min(size, len(b))
				if err := cl.scan(b[:n]); err != nil {
					t.Fatal(err)
				}
				b = b[n:]
			}
			if cl.sawDone != want {
				t.Errorf("%q in reads of %d: sawDone = %v, want %v", body, size, cl.sawDone, want)
			}
		}
	}
}

// A line is capped however it is cut into reads; many lines are not.
func TestScanCapsALine(t *testing.T) {
	for _, size := range []int{1000, 4096, maxLineBytes + 10} {
		cl := &call{}
		line := []byte(strings.Repeat("x", maxLineBytes+1))
		var err error
		for b := line; len(b) > 0 && err == nil; {
			n := min(size, len(b))
			err = cl.scan(b[:n])
			b = b[n:]
		}
		if !errors.Is(err, errLineTooLong) {
			t.Errorf("reads of %d: %v", size, err)
		}
	}
	cl := &call{}
	short := []byte(strings.Repeat("y", maxLineBytes-1) + "\n")
	for range 3 {
		if err := cl.scan(short); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSniffExt(t *testing.T) {
	tests := []struct {
		b     string
		asked Format
		want  string
	}{
		{"ID3\x04", FormatOpus, "mp3"},
		{"\xff\xfb\x90\xc0", FormatOpus, "mp3"},
		{"\xff\xf3\x64\xc4", FormatOpus, "mp3"}, // MPEG-2 layer III
		{"OggS\x00\x02", FormatMP3, "ogg"},
		{"RIFF\x24\x00\x00\x00WAVEfmt ", FormatMP3, "wav"},
		{"fLaC", FormatMP3, "flac"},
		{"\xff\xf1\x50\x80", FormatMP3, "aac"},
		{"????", FormatOpus, "ogg"},
		{"????", FormatMP3, "mp3"},
	}
	for _, tt := range tests {
		if got := sniffExt([]byte(tt.b), tt.asked); got != tt.want {
			t.Errorf("sniffExt(%q) = %s, want %s", tt.b, got, tt.want)
		}
	}
}

func TestScrubCutsAfterRemovingTheKey(t *testing.T) {
	key := "sk-0123456789abcdef"
	long := strings.Repeat("x", maxDetail-5)
	// The key straddles the cut: removing it first leaves no fragment.
	got := scrub(long+key+" tail", key)
	if len([]rune(got)) > maxDetail {
		t.Errorf("detail %d runes", len([]rune(got)))
	}
	for i := 4; i <= len(key); i++ {
		if strings.Contains(got, key[:i]) {
			t.Fatalf("detail %q holds %q", got, key[:i])
		}
	}
}

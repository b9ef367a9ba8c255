package endpoint_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/endpoint"
)

// streamBody answers every request with 200, an event-stream content type
// and body, read in pieces of at most size bytes: no network.
type streamBody struct {
	body []byte
	size int
}

func (s streamBody) RoundTrip(r *http.Request) (*http.Response, error) {
	var rd io.Reader = strings.NewReader(string(s.body))
	if s.size > 0 {
		rd = &pieces{r: rd, n: s.size}
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Request: r,
		Header: http.Header{"Content-Type": {"text/event-stream"}},
		Body:   io.NopCloser(rd), ContentLength: -1,
	}, nil
}

type pieces struct {
	r io.Reader
	n int
}

func (p *pieces) Read(b []byte) (int, error) { return p.r.Read(b[:min(len(b), p.n)]) }

// FuzzStream feeds any bytes to Stream as a provider's event stream: it must
// return, without panicking, an *Error or nil, and never hand on "".
func FuzzStream(f *testing.F) {
	role := `data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}` + "\n\n"
	hola := `data: {"choices":[{"index":0,"delta":{"content":"Hola"},"finish_reason":null}]}` + "\n\n"
	stop := `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n"
	for _, seed := range []string{
		role + hola + stop + "data: [DONE]\n\n",
		role + hola + ": ping\n\n" + stop,
		hola + `data: {"choices":[],"usage":{"total_tokens":3}}` + "\n\ndata: [DONE]\n\n",
		`data:{"choices":[{"delta":{"content":"Hola"},"finish_reason":"stop"}]}` + "\r\n\r\n",
		hola + `data: {"error":{"message":"upstream failed","code":502}}` + "\n\n",
		`data: {"error":"plain"}` + "\n\n",
		`data: {"choices":[{"delta":{"reasoning_content":"hm"}}]}` + "\n\n" + hola,
		"data: {\"choices\":[{\"delta\":\n\n",
		"<html>hotel Wi-Fi</html>",
		"",
		"\n\n\n",
		"data: [DONE]",
		": ping\n: ping\n",
	} {
		f.Add([]byte(seed), uint8(0))
		f.Add([]byte(seed), uint8(3))
	}
	f.Fuzz(func(t *testing.T, body []byte, size uint8) {
		c := endpoint.New(endpoint.Config{BaseURL: "http://fuzz.test/v1", Model: "m"},
			&http.Client{Transport: streamBody{body: body, size: int(size)}})
		c.FirstByteTimeout, c.IdleTimeout, c.ReplyTimeout = time.Second, time.Second, 2*time.Second
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			done <- c.Stream(ctx, convo, endpoint.Options{}, func(d string) {
				if d == "" {
					t.Error("onDelta called with an empty string")
				}
			})
		}()
		select {
		case err := <-done:
			var e *endpoint.Error
			if err != nil && !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *endpoint.Error", err, err)
			}
			if e != nil && e.Kind == endpoint.KindTimeout {
				t.Fatalf("a body in memory timed out: %v", e.Detail)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Stream hung on an in-memory body")
		}
	})
}

package feedback_test

import (
	"testing"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/endpoint/endpointtest"
)

// newClient starts a fake endpoint and points a client at it, with a
// deadline short enough that a test which hits it still finishes fast.
func newClient(t *testing.T) (*endpointtest.Server, *endpoint.Client) {
	t.Helper()
	srv := endpointtest.NewServer(t)
	c := endpoint.New(endpoint.Config{BaseURL: srv.URL(), Model: "kaiwa-test"}, nil)
	c.ReplyTimeout = 5 * time.Second
	return srv, c
}

// lastRequest is the request the fake received last; the test fails if
// there was none.
func lastRequest(t *testing.T, srv *endpointtest.Server) endpointtest.Request {
	t.Helper()
	r, ok := srv.Last()
	if !ok {
		t.Fatal("no request reached the endpoint")
	}
	return r
}

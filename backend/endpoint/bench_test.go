package endpoint_test

import (
	"context"
	"testing"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/endpoint/endpointtest"
)

// BenchmarkFirstDelta measures the client's own share of time-to-first-token:
// from the fake provider starting to write the first content chunk to onDelta
// receiving it. ns/op is that latency, not the whole request.
func BenchmarkFirstDelta(b *testing.B) {
	srv := endpointtest.NewServer(b)
	srv.Reply("Hola", " ¿qué", " tal?")
	c := newClient(srv, testKey)
	ctx := context.Background()
	var total time.Duration
	for b.Loop() {
		var first time.Time
		err := c.Stream(ctx, convo, endpoint.Options{}, func(string) {
			if first.IsZero() {
				first = time.Now()
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		last, _ := srv.Last()
		total += first.Sub(last.FirstChunkAt)
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N), "ns/op")
}

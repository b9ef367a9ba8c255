package clock_test

import (
	"sync"
	"testing"
	"time"

	"kaiwa/backend/clock"
)

func TestShiftedRunsFromTheInstant(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	c := clock.Shifted(at)
	first := c.Now()
	if d := first.Sub(at); d < 0 || d > time.Second {
		t.Fatalf("Shifted(%v).Now() = %v", at, first)
	}
	time.Sleep(20 * time.Millisecond)
	if d := c.Now().Sub(first); d < 20*time.Millisecond {
		t.Errorf("the shifted clock moved %v in 20ms; it should run", d)
	}
}

func TestSystemIsNow(t *testing.T) {
	t.Parallel()
	if d := time.Since(clock.System.Now()); d < 0 || d > time.Second {
		t.Errorf("System is %v off", d)
	}
}

func TestFakeMovesOnlyWhenTold(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := clock.NewFake(at)
	if !f.Now().Equal(at) {
		t.Fatalf("Now = %v, want %v", f.Now(), at)
	}
	f.Advance(90 * time.Second)
	if want := at.Add(90 * time.Second); !f.Now().Equal(want) {
		t.Errorf("after Advance: %v, want %v", f.Now(), want)
	}
	f.Set(at)
	if !f.Now().Equal(at) {
		t.Errorf("after Set: %v, want %v", f.Now(), at)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				f.Advance(time.Second)
				f.Now()
			}
		})
	}
	wg.Wait()
	if want := at.Add(800 * time.Second); !f.Now().Equal(want) {
		t.Errorf("after concurrent Advance: %v, want %v", f.Now(), want)
	}
}

// Package clock is Kaiwa's one source of the time: the app builds a Clock
// once and hands it to the store and every service that needs the time, so a
// test (or KAIWA_NOW) moves them all together.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

type system struct{}

func (system) Now() time.Time { return time.Now() }

// System is the computer's clock.
var System Clock = system{}

type shifted struct{ offset time.Duration }

func (s shifted) Now() time.Time { return time.Now().Add(s.offset) }

// Shifted returns a clock that reads at from this moment on and runs at the
// system clock's pace: KAIWA_NOW's clock.
func Shifted(at time.Time) Clock { return shifted{offset: time.Until(at)} }

// Fake is a clock for tests: it stands still until Set or Advance moves it.
// It is safe for concurrent use.
type Fake struct {
	mu  sync.Mutex
	now time.Time
}

// NewFake returns a fake clock reading at.
func NewFake(at time.Time) *Fake { return &Fake{now: at} }

// Now returns the fake's time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the fake to at.
func (f *Fake) Set(at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = at
}

// Advance moves the fake by d (back, when d is negative).
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

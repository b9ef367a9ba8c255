// Package background runs start-up work that must not slow the window down:
// on a thread of its own, at a priority the operating system gives way below
// the window's and the webview's threads, so the work fills the moments they
// leave idle instead of competing with them.
package background

import (
	"runtime"
	"runtime/debug"
)

// Run runs f on a thread of lowered priority and returns when f has.
func Run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Never unlocked: when this goroutine ends, Go ends its thread, and
		// the lowered priority with it, so no other work ever runs there.
		runtime.LockOSThread()
		lower()
		// No collection while f runs: a collection waits until every
		// goroutine stops, this slow one too, and every other call in the
		// program would wait with it.
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
		f()
	}()
	<-done
}

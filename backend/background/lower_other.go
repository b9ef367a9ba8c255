//go:build !linux && !windows

package background

// lower leaves the priority alone: macOS already runs the window's thread
// first (its quality of service is user-interactive, a new thread's is not).
func lower() {}

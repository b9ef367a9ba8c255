package background

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// The kernel's getpriority answers 20 - niceness.
func niceOfThisThread(t *testing.T) int {
	p, err := unix.Getpriority(unix.PRIO_PROCESS, unix.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - p
}

func TestRunLowersOnlyItsOwnThread(t *testing.T) {
	var inside int
	Run(func() { inside = niceOfThisThread(t) })
	if inside != niceness {
		t.Errorf("niceness inside Run = %d, want %d", inside, niceness)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if n := niceOfThisThread(t); n != 0 {
		t.Errorf("niceness of the caller's thread = %d, want 0", n)
	}
	// The lowered thread is gone: goroutines started afterwards never land on it.
	for range 20 {
		done := make(chan int)
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			done <- niceOfThisThread(t)
		}()
		if n := <-done; n != 0 {
			t.Fatalf("a later goroutine ran at niceness %d", n)
		}
	}
}

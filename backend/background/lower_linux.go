package background

import "golang.org/x/sys/unix"

// niceness is how far below normal the thread runs: 10 gives it a tenth of a
// busy core, so it still finishes when another program keeps the CPU busy.
const niceness = 10

// lower lowers the calling thread's priority (on Linux, niceness is per thread).
func lower() { _ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), niceness) }

package background

import "golang.org/x/sys/windows"

var setThreadPriority = windows.NewLazySystemDLL("kernel32.dll").NewProc("SetThreadPriority")

// threadPriorityBelowNormal is THREAD_PRIORITY_BELOW_NORMAL.
const threadPriorityBelowNormal = ^uintptr(0) // -1

// lower lowers the calling thread's priority one step below normal.
func lower() {
	_, _, _ = setThreadPriority.Call(uintptr(windows.CurrentThread()), threadPriorityBelowNormal)
}

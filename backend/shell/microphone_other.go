//go:build !(linux && cgo && webkit2_41)

package shell

// AllowMicrophone does nothing here: on macOS the system asks the user (with
// NSMicrophoneUsageDescription from Info.plist), on Windows WebView2 shows its
// own prompt, and Linux builds without the webkit2_41 tag (plain `go test`)
// have no window to hook.
func AllowMicrophone() {}

// Package shell is the one place that talks to the desktop shell (Wails):
// events to the page, the system browser, and the window. Everything else
// depends on the small interfaces here, so it runs under plain go test.
package shell

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// Bounds is the window's size and position, remembered between launches.
type Bounds struct {
	X, Y          int
	Width, Height int
	Maximised     bool
}

// Window sizes: the default on first launch and the smallest that still fits
// the conversation page.
const (
	DefaultWidth, DefaultHeight = 1100, 760
	MinWidth, MinHeight         = 720, 520
)

const boundsFile = "window.json"

// LoadBounds reads the remembered window bounds, or defaults on first launch
// or if the file is unreadable (a lost window size is not worth an error).
func LoadBounds(dataDir string) Bounds {
	b := Bounds{Width: DefaultWidth, Height: DefaultHeight, X: -1, Y: -1}
	data, err := os.ReadFile(filepath.Join(dataDir, boundsFile))
	if err != nil {
		return b
	}
	var saved Bounds
	if json.Unmarshal(data, &saved) != nil || saved.Width < MinWidth || saved.Height < MinHeight {
		return b
	}
	return saved
}

// SaveBounds remembers the window bounds.
func SaveBounds(dataDir string, b Bounds) error {
	data, err := json.Marshal(b)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dataDir, boundsFile+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dataDir, boundsFile))
}

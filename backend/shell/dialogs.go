package shell

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// SaveFile asks where to save a file, suggesting a name; "" when cancelled.
func (r *Runtime) SaveFile(title, suggested, kind, pattern string) (string, error) {
	return runtime.SaveFileDialog(r.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: suggested,
		Filters: []runtime.FileFilter{{DisplayName: kind + " (" + pattern + ")", Pattern: pattern}}})
}

// OpenFile asks which file to open; "" when cancelled.
func (r *Runtime) OpenFile(title, kind, pattern string) (string, error) {
	return runtime.OpenFileDialog(r.ctx, runtime.OpenDialogOptions{Title: title,
		Filters: []runtime.FileFilter{{DisplayName: kind + " (" + pattern + ")", Pattern: pattern}}})
}

// FolderDialogs answers the dialogs from a folder instead of asking (dev
// builds only, for browser tests: see testhooks_dev.go): a save goes into
// the folder under the suggested name, an open picks the newest file there
// that matches the pattern.
type FolderDialogs struct{ Dir string }

func (f FolderDialogs) SaveFile(title, suggested, kind, pattern string) (string, error) {
	return filepath.Join(f.Dir, filepath.Base(suggested)), nil
}

func (f FolderDialogs) OpenFile(title, kind, pattern string) (string, error) {
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return "", err
	}
	var newest string
	var at int64
	for _, e := range entries {
		ok, _ := filepath.Match(pattern, e.Name())
		info, err := e.Info()
		if !ok || err != nil || !info.Mode().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if t := info.ModTime().UnixNano(); newest == "" || t > at {
			newest, at = filepath.Join(f.Dir, e.Name()), t
		}
	}
	return newest, nil
}

package shell

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestFolderDialogs(t *testing.T) {
	dir := t.TempDir()
	f := FolderDialogs{Dir: dir}
	if got, _ := f.SaveFile("Save", "../x.md", "Markdown", "*.md"); got != filepath.Join(dir, "x.md") {
		t.Errorf("save goes to %s", got)
	}
	if got, err := f.OpenFile("Open", "Kaiwa backup", "*.db"); got != "" || err != nil {
		t.Errorf("open in an empty folder: %q, %v", got, err)
	}
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{"a.db", "b.db", "c.md"} {
		os.WriteFile(filepath.Join(dir, name), nil, 0o600)
	}
	os.Chtimes(filepath.Join(dir, "a.db"), old, old)
	os.Chtimes(filepath.Join(dir, "b.db"), old.Add(time.Minute), old.Add(time.Minute))
	if got, _ := f.OpenFile("Open", "Kaiwa backup", "*.db"); got != filepath.Join(dir, "b.db") {
		t.Errorf("open picks %s, want the newest .db", got)
	}
}

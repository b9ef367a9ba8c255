package logging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogsReachTheFile(t *testing.T) {
	dir := t.TempDir()
	log, closer := New(dir)
	log.Info("database opened", "path", "/tmp/x/kaiwa.db")
	closer.Close()
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil || !strings.Contains(string(b), `"msg":"database opened"`) {
		t.Fatalf("log file = %q, %v", b, err)
	}
}

package paths

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDataDirHonoursTheEnvironment(t *testing.T) {
	want := filepath.Join(t.TempDir(), "nested", "data")
	t.Setenv(EnvDataDir, want)
	got, err := DataDir()
	if err != nil || got != want {
		t.Fatalf("DataDir() = %q, %v; want %q", got, err, want)
	}
	if fi, err := os.Stat(got); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("data dir not created private: %v %v", fi, err)
	}
}

func TestDataDirDefaultsToTheUserConfigDir(t *testing.T) {
	t.Setenv(EnvDataDir, "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	base, _ := os.UserConfigDir()
	got, err := DataDir()
	if err != nil || got != filepath.Join(base, "Kaiwa") {
		t.Fatalf("DataDir() = %q, %v; want %q", got, err, filepath.Join(base, "Kaiwa"))
	}
}

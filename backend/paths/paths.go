// Package paths finds where Kaiwa keeps the learner's data on this computer.
package paths

import (
	"fmt"
	"os"
	"path/filepath"
)

// EnvDataDir overrides the data directory (tests, portable installs).
const EnvDataDir = "KAIWA_DATA_DIR"

// DataDir returns the data directory, creating it (private to the user) if
// needed: $KAIWA_DATA_DIR, or the OS user config dir + "Kaiwa".
func DataDir() (string, error) {
	dir := os.Getenv(EnvDataDir)
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("no place for Kaiwa's data: %w; set %s to a folder", err, EnvDataDir)
		}
		dir = filepath.Join(base, "Kaiwa")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the data folder %s: %w; set %s to a folder you can write", dir, err, EnvDataDir)
	}
	return dir, nil
}

// LogDir is where the rotating log files live, inside the data directory.
func LogDir(dataDir string) string { return filepath.Join(dataDir, "logs") }

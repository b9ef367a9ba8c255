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
// needed: $KAIWA_DATA_DIR, or the OS user config dir + "Kaiwa". When it
// cannot be used, the error says what to do and the path is still returned,
// for the problem page to show.
func DataDir() (string, error) {
	dir := os.Getenv(EnvDataDir)
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("This computer has no user folder for Kaiwa's data (%v). Set %s to a folder you can write, then start Kaiwa again.", err, EnvDataDir)
		}
		dir = filepath.Join(base, "Kaiwa")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return dir, fmt.Errorf("The data folder %q is not a usable path. Set %s to a folder you can write, then start Kaiwa again.", dir, EnvDataDir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return dir, fmt.Errorf("Kaiwa cannot create its data folder (%v). Set %s to a folder you can write, then start Kaiwa again.", err, EnvDataDir)
	}
	return dir, nil
}

// LogDir is where the rotating log files live, inside the data directory.
func LogDir(dataDir string) string { return filepath.Join(dataDir, "logs") }

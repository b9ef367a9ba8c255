//go:build dev

package main

import (
	"os"
	"time"

	"kaiwa/backend/billing"
	"kaiwa/backend/clock"
	"kaiwa/backend/data"
	"kaiwa/backend/shell"
	"kaiwa/backend/updates"
)

// Test hooks: the environment variables the browser tests use to set the
// clock, see the links Kaiwa opens and point the update check at a fake.
// They exist in dev builds only (testhooks_release.go is the shipped
// version): a release binary cannot be told what time it is or where to
// look for updates.
const (
	// EnvNow sets the clock to another time (RFC 3339), for tests of
	// streaks, study days and licence checks; it still runs from there.
	EnvNow = "KAIWA_NOW"
	// EnvOpenLog makes Kaiwa write the URLs it would open to that file.
	EnvOpenLog = "KAIWA_OPEN_LOG"
	// EnvUpdateURL replaces the release feed the update check asks.
	EnvUpdateURL = "KAIWA_UPDATE_URL"
	// EnvSaveDir answers the save and open dialogs: saves go into that
	// folder under the suggested name, opens pick its newest matching file.
	EnvSaveDir = "KAIWA_SAVE_DIR"
)

// learnerClock is the one clock of the store and every service.
func learnerClock() clock.Clock {
	if at, err := time.Parse(time.RFC3339, os.Getenv(EnvNow)); err == nil {
		return clock.Shifted(at)
	}
	return clock.System
}

// browserFor is where links go: the system's browser, or a file.
func browserFor(r *shell.Runtime) billing.Browser {
	if path := os.Getenv(EnvOpenLog); path != "" {
		return shell.FileBrowser{Path: path}
	}
	return r
}

// updateFeed is the release feed: KAIWA_UPDATE_URL, else the built-in one.
func updateFeed() (string, error) {
	if v := os.Getenv(EnvUpdateURL); v != "" {
		return v, nil
	}
	return updates.Feed()
}

// dialogsFor is where files are chosen: the system's dialogs, or a folder.
func dialogsFor(r *shell.Runtime) data.Dialogs {
	if dir := os.Getenv(EnvSaveDir); dir != "" {
		return shell.FolderDialogs{Dir: dir}
	}
	return r
}

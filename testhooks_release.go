//go:build !dev

package main

import (
	"kaiwa/backend/billing"
	"kaiwa/backend/clock"
	"kaiwa/backend/data"
	"kaiwa/backend/shell"
	"kaiwa/backend/updates"
)

// The shipped versions of the test hooks in testhooks_dev.go: the system's
// clock, the system's browser and dialogs, the update feed built in (or none).

func learnerClock() clock.Clock { return clock.System }

func browserFor(r *shell.Runtime) billing.Browser { return r }

func updateFeed() (string, error) { return updates.Feed() }

func dialogsFor(r *shell.Runtime) data.Dialogs { return r }

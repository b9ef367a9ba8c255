//go:build !dev

package main

import (
	"kaiwa/backend/billing"
	"kaiwa/backend/clock"
	"kaiwa/backend/shell"
)

// The shipped versions of the test hooks in testhooks_dev.go: the system's
// clock, the system's browser, the built-in update feed.

func learnerClock() clock.Clock { return clock.System }

func browserFor(r *shell.Runtime) billing.Browser { return r }

func updateFeed() string { return "" }

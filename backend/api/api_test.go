package api

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/errs"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Until start-up has built the services, and after it failed, every bound
// method answers a coded "not ready" error: nothing touches a nil store.
func TestEveryMethodAnswersNotReadyAfterAFailedStart(t *testing.T) {
	b := New(Installation{DataDir: "/data"}, quiet())
	b.Failed("Kaiwa's data file (kaiwa.db) is damaged.")
	calls := map[string]func() error{
		"Catalog.Languages":     func() error { _, err := (&Catalog{b}).Languages(); return err },
		"Conversations.Start":   func() error { _, err := (&Conversations{b}).Start("cafe", "es", "reply:x"); return err },
		"Conversations.Stop":    func() error { return (&Conversations{b}).Stop("x") },
		"Profiles.Current":      func() error { _, err := (&Profiles{b}).Current(); return err },
		"Partner.Settings":      func() error { _, err := (&Partner{b}).Settings(); return err },
		"Preferences.Get":       func() error { _, err := (&Preferences{b}).Get(); return err },
		"Progress.Summary":      func() error { _, err := (&Progress{b}).Summary(); return err },
		"Updates.Check":         func() error { _, err := (&Updates{b}).Check(); return err },
		"Billing.Plans":         func() error { _, err := (&Billing{b}).Plans(); return err },
		"Voice.Speak":           func() error { _, err := (&Voice{b}).Speak("m"); return err },
		"Catalog.Scenarios":     func() error { _, err := (&Catalog{b}).Scenarios(); return err },
		"Conversations.Delete":  func() error { return (&Conversations{b}).Delete("x") },
		"Profiles.SignOut":      func() error { _, err := (&Profiles{b}).SignOut(); return err },
		"Billing.ManageBilling": func() error { return (&Billing{b}).ManageBilling() },
	}
	for name, call := range calls {
		err := call()
		if !errs.Is(err, errs.NotReady) || errs.MessageOf(err) != "Kaiwa's data file (kaiwa.db) is damaged." {
			t.Errorf("%s: %v (code %q), want not_ready with the problem", name, err, errs.CodeOf(err))
		}
	}
	if about := (&App{b}).About(); about.Problem == "" || about.DataDir != "/data" {
		t.Errorf("About() = %+v, want the problem and the data folder", about)
	}
}

func TestRetryStartsTheServices(t *testing.T) {
	var b *Backend
	b = New(Installation{Retry: func() { b.Ready(&Services{}) }}, quiet())
	b.Failed("locked")
	if about := (&App{b}).Retry(); about.Problem != "" {
		t.Fatalf("after a successful retry About().Problem = %q", about.Problem)
	}
	if _, err := b.services(); err != nil {
		t.Fatal(err)
	}
}

// The page gets the code and sentence of a coded error, and only a general
// sentence for anything else: SQL, paths and keys stay in the log.
func TestFormatError(t *testing.T) {
	b := New(Installation{}, quiet())
	for _, tc := range []struct {
		err  error
		want PageError
	}{
		{errs.New(errs.Invalid, "Type a message first."), PageError{errs.Invalid, "Type a message first."}},
		{errs.Wrap(errs.NotFound, errors.New("sql: no rows"), "That conversation is no longer there."), PageError{errs.NotFound, "That conversation is no longer there."}},
		{errors.New("UPDATE messages SET ...: disk I/O error at /home/x/kaiwa.db"), PageError{errs.Internal, errs.MessageOf(errors.New(""))}},
	} {
		if got := b.FormatError(tc.err); got != tc.want {
			t.Errorf("FormatError(%v) = %+v, want %+v", tc.err, got, tc.want)
		}
	}
}

// The page's "first screen painted" becomes one log line with the time since
// launch: the smoke test and scripts/measure.sh read it.
func TestFirstScreenPaintedIsLogged(t *testing.T) {
	var out strings.Builder
	launched := time.UnixMilli(1_000_000)
	b := New(Installation{Launched: launched}, slog.New(slog.NewTextHandler(&out, nil)))
	(&App{b}).FirstScreenPainted(1_000_420)
	if got := out.String(); !strings.Contains(got, `msg="first screen painted" unixMs=1000420 sinceLaunchMs=420`) {
		t.Errorf("log = %q", got)
	}
}

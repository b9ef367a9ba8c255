// Package api is the page's boundary: the only Go the page can call. Its
// bound types are thin: each method finds the domain service, calls it, and
// returns a type made for the page. Errors leave as {code, message} (see
// FormatError); events are declared in events.go and their TypeScript is
// generated from there.
package api

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"kaiwa/backend/billing"
	"kaiwa/backend/catalog"
	"kaiwa/backend/conversation"
	"kaiwa/backend/data"
	"kaiwa/backend/errs"
	"kaiwa/backend/level"
	"kaiwa/backend/memory"
	"kaiwa/backend/partner"
	"kaiwa/backend/preferences"
	"kaiwa/backend/profiles"
	"kaiwa/backend/progress"
	"kaiwa/backend/reading"
	"kaiwa/backend/scenes"
	"kaiwa/backend/updates"
	"kaiwa/backend/vocabulary"
	"kaiwa/backend/voice"
)

// Services are the domain services behind the page, built at start-up.
type Services struct {
	Catalog       *catalog.Service
	Conversations *conversation.Service
	Partner       *partner.Service
	Preferences   *preferences.Service
	Profiles      *profiles.Service
	Progress      *progress.Service
	Updates       *updates.Service
	Billing       *billing.Service
	Voice         *voice.Service
	Reading       *reading.Reader
	Data          *data.Service
	Vocabulary    *vocabulary.Service
	Levels        *level.Service
	Memory        *memory.Service
	Scenes        *scenes.Service
}

// Installation is what the page may know about this copy of Kaiwa.
type Installation struct {
	Version, DataDir, LogDir string
	// Launched is when the program started, for the start-up time in the log.
	Launched time.Time
	// OpenFolder shows a folder in the system's file manager.
	OpenFolder func(dir string)
	// Retry tries start-up again after a problem (Ready or Failed follows).
	Retry func()
	// Restore replaces the database with a checked backup and opens it
	// again (Ready follows); a refused backup changes nothing.
	Restore func(path string) error
}

// Backend holds the services once start-up has built them. Until then, or
// when start-up failed, every call answers errs.NotReady and the page shows
// the problem instead of the app.
type Backend struct {
	install Installation
	log     *slog.Logger

	// started is closed once start-up has succeeded or failed, so the page's
	// first question waits for the answer instead of guessing.
	started chan struct{}
	once    sync.Once
	mu      sync.RWMutex
	svc     *Services
	problem string
}

// New returns a backend that is not ready yet.
func New(install Installation, log *slog.Logger) *Backend {
	return &Backend{install: install, log: log, started: make(chan struct{})}
}

// Ready makes the services callable.
func (b *Backend) Ready(svc *Services) {
	b.mu.Lock()
	b.svc, b.problem = svc, ""
	b.mu.Unlock()
	b.once.Do(func() { close(b.started) })
}

// Failed records why Kaiwa could not start, with what to do about it.
func (b *Backend) Failed(problem string) {
	b.mu.Lock()
	b.svc, b.problem = nil, problem
	b.mu.Unlock()
	b.once.Do(func() { close(b.started) })
}

// FirstScreenNow is the first screen's data if start-up has ended, without
// waiting: the page is served with it when it is ready (app.go), and asks
// for it (App.FirstScreen) when it is not. false when not ready or failing.
func (b *Backend) FirstScreenNow() (FirstScreen, bool) {
	select {
	case <-b.started:
	default:
		return FirstScreen{}, false
	}
	first, err := (&App{b}).FirstScreen()
	return first, err == nil
}

// startupWait bounds how long the page's first call waits for start-up (a
// locked database alone takes the busy timeout, 5 s).
const startupWait = 30 * time.Second

// waitStarted waits until start-up has ended one way or the other.
func (b *Backend) waitStarted() {
	select {
	case <-b.started:
	case <-time.After(startupWait):
	}
}

func (b *Backend) services() (*Services, error) {
	b.waitStarted()
	b.mu.RLock()
	defer b.mu.RUnlock()
	switch {
	case b.svc != nil:
		return b.svc, nil
	case b.problem != "":
		return nil, errs.New(errs.NotReady, b.problem)
	}
	return nil, errs.New(errs.NotReady, "Kaiwa is still starting. Try again in a moment.")
}

// ctx is the context of a call from the page: Wails gives bound methods
// none, and a call ends when its reply returns.
func (b *Backend) ctx() context.Context { return context.Background() }

// Bind returns the objects whose methods the page can call.
func (b *Backend) Bind() []any {
	return []any{&App{b}, &Catalog{b}, &Conversations{b}, &Partner{b}, &Preferences{b},
		&Profiles{b}, &Progress{b}, &Updates{b}, &Billing{b}, &Voice{b}, &Reading{b}, &Data{b}, &Vocabulary{b},
		&Memory{b}, &Scenes{b}}
}

// PageError is how an error reaches the page: the promise of the call is
// rejected with this object.
type PageError struct {
	Code    errs.Code `json:"code"`
	Message string    `json:"message"`
}

// FormatError turns any error a bound method returns into a PageError. An
// error without a code is a failure inside Kaiwa: it is logged in full and
// the page gets a general sentence, so SQL, paths or keys never reach it.
func (b *Backend) FormatError(err error) any {
	code := errs.CodeOf(err)
	if code == errs.Internal {
		b.log.Error("call from the page failed", "err", err)
	}
	return PageError{Code: code, Message: errs.MessageOf(err)}
}

// call runs f with the services, or answers NotReady.
func call[T any](b *Backend, f func(context.Context, *Services) (T, error)) (T, error) {
	svc, err := b.services()
	if err != nil {
		var zero T
		return zero, err
	}
	return f(b.ctx(), svc)
}

// do is call for methods that return only an error.
func do(b *Backend, f func(context.Context, *Services) error) error {
	svc, err := b.services()
	if err != nil {
		return err
	}
	return f(b.ctx(), svc)
}

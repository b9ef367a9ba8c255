package main

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"kaiwa/backend/billing"
	"kaiwa/backend/catalog"
	"kaiwa/backend/clock"
	"kaiwa/backend/conversation"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/paths"
	"kaiwa/backend/preferences"
	"kaiwa/backend/profiles"
	"kaiwa/backend/progress"
	"kaiwa/backend/secrets"
	"kaiwa/backend/shell"
	"kaiwa/backend/store"
	"kaiwa/backend/updates"
	"kaiwa/backend/voice"
)

// App runs Kaiwa's lifecycle: on start-up it opens the data directory and the
// database and hands the services what they need; on shutdown it closes them.
type App struct {
	dataDir string
	log     *slog.Logger
	logFile io.Closer
	store   *store.Store
	runtime *shell.Runtime
	problem string

	catalog       *catalog.Service
	partner       *partner.Service
	profiles      *profiles.Service
	conversations *conversation.Service
	updates       *updates.Service
	preferences   *preferences.Service
	progress      *progress.Service
	billing       *billing.Service
	voice         *voice.Service
	browser       shell.Browser
}

// About is what the page shows about this installation.
type About struct {
	Version string `json:"version"`
	DataDir string `json:"dataDir"`
	LogDir  string `json:"logDir"`
	// Problem, when set, is why Kaiwa cannot open the learner's data, with
	// what to do about it; the page shows it instead of the app.
	Problem string `json:"problem"`
}

func NewApp(dataDir string, log *slog.Logger, logFile io.Closer) *App {
	return &App{dataDir: dataDir, log: log, logFile: logFile,
		catalog: &catalog.Service{}, partner: &partner.Service{}, profiles: &profiles.Service{}, conversations: &conversation.Service{}, updates: &updates.Service{},
		preferences: &preferences.Service{}, progress: &progress.Service{}, billing: &billing.Service{}, voice: &voice.Service{}}
}

// services are the bound objects whose methods the page calls.
func (a *App) services() []any {
	return []any{a, a.catalog, a.partner, a.profiles, a.conversations, a.updates, a.preferences, a.progress, a.billing, a.voice}
}

// startup runs after the single-instance lock is held and before the page
// loads, so the page never calls a service that is not ready.
func (a *App) startup(ctx context.Context) {
	a.runtime = shell.NewRuntime(ctx)
	// Push-to-talk: the webview answers no microphone request by itself.
	shell.AllowMicrophone()
	a.browser = a.runtime
	if path := os.Getenv(shell.EnvOpenLog); path != "" {
		a.browser = shell.FileBrowser{Path: path}
	}
	a.runtime.Restore(shell.LoadBounds(a.dataDir))

	clk := learnerClock()
	st, err := store.Open(ctx, filepath.Join(a.dataDir, store.FileName), a.log, clk)
	if err != nil {
		a.problem = "Kaiwa could not open your data. " + err.Error()
		a.log.Error("open database", "err", err)
		return
	}
	a.store = st
	library, err := offline.Load()
	if err != nil {
		a.problem = "Kaiwa's offline partner is damaged: " + err.Error() + ". Install Kaiwa again."
		a.log.Error("load offline partner", "err", err)
		return
	}
	billingConfig, err := billing.ConfigFromEnv(os.Getenv)
	if err != nil {
		a.problem = "Kaiwa's billing settings are wrong: " + err.Error() + ". Fix or unset the variable and start Kaiwa again."
		a.log.Error("billing configuration", "err", err)
		return
	}
	a.catalog.Store = st
	keyring := &secrets.Keyring{}
	*a.partner = partner.Service{Store: st, Keyring: keyring}
	learner := func(ctx context.Context) (store.User, error) { return profiles.Learner(ctx, st) }
	*a.billing = billing.Service{Store: st, Config: billingConfig, Provider: billing.NewLemonSqueezy(billingConfig), Keyring: keyring,
		Browser: a.browser, Learner: learner, Clock: clk, Log: a.log, Instance: instanceName()}
	plan := billing.HooksOf(a.billing)
	*a.voice = voice.Service{Store: st, Partner: a.partner, Learner: learner, DataDir: a.dataDir,
		AdvancedVoices: plan.AdvancedVoices, Log: a.log}
	audio := voice.HooksOf(a.voice)
	audio.Tidy(ctx, clk.Now())
	*a.profiles = profiles.Service{Store: st, Clock: clk, Deleting: func(userID string) {
		plan.Forget(userID)
		audio.Forget(userID)
	}}
	*a.preferences = preferences.Service{Store: st, Learner: learner, AdvancedVoices: plan.AdvancedVoices}
	*a.progress = progress.Service{Store: st, Learner: learner, Clock: clk, Analytics: plan.Analytics}
	*a.updates = updates.Service{Store: st, Browser: a.browser, Current: version, Clock: clk}
	*a.conversations = conversation.Service{Store: st, Library: library, Events: a.runtime, Partner: a.partner, Log: a.log,
		Learner: learner, AllowAI: plan.AllowAI, Recording: audio.RecordingRef,
		Deleting: audio.ForgetConversation}
	a.log.Info("started", "version", version, "dataDir", a.dataDir)
}

// beforeClose remembers where the window was; it never blocks closing.
func (a *App) beforeClose(ctx context.Context) bool {
	if err := shell.SaveBounds(a.dataDir, a.runtime.Bounds()); err != nil {
		a.log.Warn("remember window bounds", "err", err)
	}
	return false
}

func (a *App) shutdown(ctx context.Context) {
	a.conversations.Shutdown()
	if a.store != nil {
		if err := a.store.Close(); err != nil {
			a.log.Error("close database", "err", err)
		}
	}
	a.log.Info("stopped")
	a.logFile.Close()
}

// secondLaunch focuses the running window when Kaiwa is started again.
func (a *App) secondLaunch() { a.runtime.Focus() }

// EnvNow sets the app's clock to another time (RFC 3339), for tests of
// streaks and study days; the clock still runs from there.
const EnvNow = "KAIWA_NOW"

// learnerClock is the one clock of the store and every service: the
// system's, or running from KAIWA_NOW.
func learnerClock() clock.Clock {
	if at, err := time.Parse(time.RFC3339, os.Getenv(EnvNow)); err == nil {
		return clock.Shifted(at)
	}
	return clock.System
}

// instanceName names this computer among a licence's activations.
func instanceName() string {
	if host, err := os.Hostname(); err == nil && host != "" {
		return "Kaiwa on " + host
	}
	return "Kaiwa"
}

// OpenDataFolder shows the data folder in the system's file manager.
func (a *App) OpenDataFolder() { a.browser.OpenURL(folderURL(a.dataDir)) }

// OpenLogFolder shows the log folder in the system's file manager.
func (a *App) OpenLogFolder() { a.browser.OpenURL(folderURL(paths.LogDir(a.dataDir))) }

func folderURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

// About describes this installation and any start-up problem.
func (a *App) About() About {
	return About{Version: version, DataDir: a.dataDir, LogDir: paths.LogDir(a.dataDir), Problem: a.problem}
}

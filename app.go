package main

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"kaiwa/backend/api"
	"kaiwa/backend/billing"
	"kaiwa/backend/catalog"
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
	backend *api.Backend

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

func NewApp(dataDir string, log *slog.Logger, logFile io.Closer) *App {
	a := &App{dataDir: dataDir, log: log, logFile: logFile,
		catalog: &catalog.Service{}, partner: &partner.Service{}, profiles: &profiles.Service{}, conversations: &conversation.Service{}, updates: &updates.Service{},
		preferences: &preferences.Service{}, progress: &progress.Service{}, billing: &billing.Service{}, voice: &voice.Service{}}
	a.backend = api.New(api.Installation{Version: version, DataDir: dataDir, LogDir: paths.LogDir(dataDir),
		OpenFolder: func(dir string) { a.browser.OpenURL(folderURL(dir)) }}, log)
	return a
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

	st, err := store.Open(ctx, filepath.Join(a.dataDir, store.FileName), a.log)
	if err != nil {
		a.backend.Failed("Kaiwa could not open your data. " + err.Error())
		a.log.Error("open database", "err", err)
		return
	}
	a.store = st
	library, err := offline.Load()
	if err != nil {
		a.backend.Failed("Kaiwa's offline partner is damaged: " + err.Error() + ". Install Kaiwa again.")
		a.log.Error("load offline partner", "err", err)
		return
	}
	billingConfig, err := billing.ConfigFromEnv(os.Getenv)
	if err != nil {
		a.backend.Failed("Kaiwa's billing settings are wrong: " + err.Error() + ". Fix or unset the variable and start Kaiwa again.")
		a.log.Error("billing configuration", "err", err)
		return
	}
	a.catalog.Store = st
	keyring := &secrets.Keyring{}
	*a.partner = partner.Service{Store: st, Keyring: keyring}
	learner := func(ctx context.Context) (store.User, error) { return profiles.Learner(ctx, st) }
	now := clock()
	*a.billing = billing.Service{Store: st, Config: billingConfig, Provider: billing.NewLemonSqueezy(billingConfig), Keyring: keyring,
		Browser: a.browser, Learner: learner, Now: now, Log: a.log, Instance: instanceName()}
	plan := billing.HooksOf(a.billing)
	*a.voice = voice.Service{Store: st, Partner: a.partner, Learner: learner, DataDir: a.dataDir,
		AdvancedVoices: plan.AdvancedVoices, Log: a.log}
	audio := voice.HooksOf(a.voice)
	audio.Tidy(ctx, now())
	*a.profiles = profiles.Service{Store: st, Deleting: func(userID string) {
		plan.Forget(userID)
		audio.Forget(userID)
	}}
	*a.preferences = preferences.Service{Store: st, Learner: learner, AdvancedVoices: plan.AdvancedVoices}
	*a.progress = progress.Service{Store: st, Learner: learner, Now: now, Analytics: plan.Analytics}
	*a.updates = updates.Service{Store: st, Browser: a.browser, Current: version}
	*a.conversations = conversation.Service{Store: st, Library: library, Events: a.runtime, Partner: a.partner, Log: a.log,
		Learner: learner, AllowAI: plan.AllowAI, Recording: audio.RecordingRef,
		Deleting: audio.ForgetConversation}
	a.backend.Ready(&api.Services{Catalog: a.catalog, Conversations: a.conversations, Partner: a.partner,
		Preferences: a.preferences, Profiles: a.profiles, Progress: a.progress, Updates: a.updates, Billing: a.billing, Voice: a.voice})
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

// clock is the learner's clock: the system's, or shifted by KAIWA_NOW. The
// store and the profiles use it too.
func clock() func() time.Time {
	now := time.Now
	if at, err := time.Parse(time.RFC3339, os.Getenv(EnvNow)); err == nil {
		shift := time.Until(at)
		now = func() time.Time { return time.Now().Add(shift) }
	}
	store.Now = func() time.Time { return now().UTC() }
	profiles.Now = now
	return now
}

// instanceName names this computer among a licence's activations.
func instanceName() string {
	if host, err := os.Hostname(); err == nil && host != "" {
		return "Kaiwa on " + host
	}
	return "Kaiwa"
}

func folderURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

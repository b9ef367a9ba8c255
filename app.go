package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"kaiwa/backend/api"
	"kaiwa/backend/background"
	"kaiwa/backend/billing"
	"kaiwa/backend/catalog"
	"kaiwa/backend/clock"
	"kaiwa/backend/conversation"
	"kaiwa/backend/data"
	"kaiwa/backend/errs"
	"kaiwa/backend/level"
	"kaiwa/backend/memory"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/paths"
	"kaiwa/backend/preferences"
	"kaiwa/backend/profiles"
	"kaiwa/backend/progress"
	"kaiwa/backend/reading"
	"kaiwa/backend/scenes"
	"kaiwa/backend/secrets"
	"kaiwa/backend/shell"
	"kaiwa/backend/store"
	"kaiwa/backend/updates"
	"kaiwa/backend/vocabulary"
	"kaiwa/backend/voice"
)

// App runs Kaiwa's lifecycle: on start-up it opens the data directory and the
// database and builds the services behind the page; on shutdown it closes them.
type App struct {
	dataDir string
	// dataProblem is why the data folder itself is unusable ("" when fine).
	dataProblem string
	log         *slog.Logger
	logFile     io.Closer
	runtime     *shell.Runtime
	browser     billing.Browser
	dialogs     data.Dialogs
	windowMade  chan struct{} // closed by startup, once the three above are set
	backend     *api.Backend
	clock       clock.Clock // one clock across reopenings
	// library is the offline partner's embedded scripts, read on first use
	// and once per run.
	library *offline.Library

	mu    sync.Mutex // one opening at a time: start-up, then "Try again"
	store *store.Store
	svc   *api.Services
}

// NewApp prepares the app for dataDir; dataErr is why that folder cannot be
// used, which the page shows instead of the app.
func NewApp(dataDir string, dataErr error, log *slog.Logger, logFile io.Closer) *App {
	a := &App{dataDir: dataDir, log: log, logFile: logFile, clock: learnerClock(), library: offline.Open(),
		windowMade: make(chan struct{})}
	if dataErr != nil {
		a.dataProblem = dataErr.Error()
	}
	a.backend = api.New(api.Installation{Version: version, DataDir: dataDir, LogDir: paths.LogDir(dataDir), Launched: launched,
		OpenFolder: func(dir string) { a.browser.OpenURL(folderURL(dir)) }, Retry: a.open, Restore: a.restore}, log)
	return a
}

// openData opens the learner's data (the database and the services) as
// soon as the window exists, on a thread of low priority (package
// background). Done at normal priority, that work delayed the
// window by ~25 ms on two cores (~10 ms at low priority but begun before
// the window), or the page when left until the page asked for it; this way
// it uses the moments the window and the webview leave idle, and is done
// before the page is asked for, which can then come with the first screen's
// data (pageWithFirstScreen).
func (a *App) openData() {
	go background.Run(func() {
		<-a.windowMade // the services reach the window through a.runtime
		a.open()
		// Opening leaves megabytes of garbage (the migrations) that Go would
		// hand back to the system only minutes later; one collection now
		// keeps the idle app 2-4 MB smaller.
		debug.FreeOSMemory()
	})
}

// pageWithFirstScreen is the asset server's middleware: the page is served
// with the first screen's data inside it (a JSON script element the page
// reads, src/lib/firstScreen.ts) when the learner's data is open by then,
// which saves the page a round trip to Go while the window starts. When it
// is not, the page asks for the same data (App.FirstScreen).
func (a *App) pageWithFirstScreen(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first, ok := api.FirstScreen{}, false
		if r.URL.Path == "/" || r.URL.Path == "/index.html" {
			first, ok = a.backend.FirstScreenNow()
		}
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		// The data changes while the page does not: never a "not modified"
		// answer, and never kept, or a reload would show the data of before.
		r = r.Clone(r.Context())
		r.Header.Del("If-None-Match")
		r.Header.Del("If-Modified-Since")
		page := &bufferedResponse{header: http.Header{}, code: http.StatusOK}
		next.ServeHTTP(page, r)
		body := page.body.Bytes()
		if data, err := json.Marshal(first); err == nil && page.code == http.StatusOK {
			// Marshal escapes <, > and &: the data cannot end the element early.
			element := `<script type="application/json" id="first-screen">` + string(data) + `</script></head>`
			body = bytes.Replace(body, []byte("</head>"), []byte(element), 1)
			if welcome, ok := drawnWelcome(next, r, first); ok {
				body = bytes.Replace(body, []byte(`<div id="app"></div>`), []byte(`<div id="app">`+welcome+`</div>`), 1)
			}
		}
		for k, v := range page.header {
			w.Header()[k] = v
		}
		for _, h := range []string{"Content-Length", "ETag", "Last-Modified"} {
			w.Header().Del(h)
		}
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(page.code)
		_, _ = w.Write(body)
	})
}

// drawnWelcome is a new learner's first screen as the build drew it
// (frontend/src/prerender.ts, from a fresh installation's data), when that is
// the screen first shows: no problem, a learner yet to finish a first
// conversation (App.svelte), on the system's theme (app.css follows it before
// the page's scripts run). The page, painted with it before its scripts have
// loaded, then takes it over. Nothing else of that screen depends on the
// learner: the languages are the catalog's, which the migrations alone write.
func drawnWelcome(assets http.Handler, page *http.Request, first api.FirstScreen) (string, bool) {
	p := first.Preferences
	if first.About.Problem != "" || first.SignIn.Learner == nil || !first.SignIn.FirstRun || p == nil || p.Theme != "auto" {
		return "", false
	}
	r := page.Clone(page.Context())
	r.URL.Path, r.RequestURI = "/prerendered/welcome.html", "/prerendered/welcome.html"
	drawn := &bufferedResponse{header: http.Header{}, code: http.StatusOK}
	assets.ServeHTTP(drawn, r)
	// Svelte's drawing opens with its hydration mark; Vite's dev server
	// answers a file it lacks with the page itself.
	welcome := drawn.body.String()
	return welcome, drawn.code == http.StatusOK && strings.HasPrefix(welcome, "<!--[-->")
}

// bufferedResponse keeps a response to change it before it is sent.
type bufferedResponse struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(code int)        { b.code = code }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }

// startup runs as Wails shows the window.
func (a *App) startup(ctx context.Context) {
	a.runtime = shell.NewRuntime(ctx)
	a.browser = browserFor(a.runtime)
	a.dialogs = dialogsFor(a.runtime)
	close(a.windowMade)
	// Push-to-talk: the webview answers no microphone request by itself.
	shell.AllowMicrophone()
	a.runtime.Restore(shell.LoadBounds(a.dataDir))
}

// open opens the learner's data and builds the services. When that fails the
// window stays open on the problem page, whose "Try again" calls open again.
func (a *App) open() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.svc != nil {
		return
	}
	if a.dataProblem != "" {
		a.log.Error("start-up", "err", a.dataProblem)
		a.backend.Failed(a.dataProblem)
		return
	}
	svc, err := a.build()
	if err != nil {
		a.log.Error("start-up", "err", err)
		a.backend.Failed(err.Error())
		return
	}
	a.svc = svc
	a.backend.Ready(svc)
	a.log.Info("started", "version", version, "dataDir", a.dataDir)
}

// startupProblem is a start-up failure already put as the learner reads it.
type startupProblem string

func (p startupProblem) Error() string { return string(p) }

// build opens the database and wires the services. Its errors are
// sentences for the problem page.
func (a *App) build() (*api.Services, error) {
	ctx := context.Background()
	clk := a.clock
	st, err := store.Open(ctx, filepath.Join(a.dataDir, store.FileName), a.log, clk)
	if err != nil {
		a.log.Error("open database", "err", err)
		return nil, startupProblem(store.Problem(err))
	}
	billingConfig, err := billing.ConfigFromEnv(os.Getenv)
	if err != nil {
		st.Close()
		return nil, startupProblem("Kaiwa's billing settings are wrong: " + err.Error() + ". Fix or unset the variable, then choose Try again.")
	}
	a.store = st
	keyring := &secrets.Keyring{}
	partners := &partner.Service{Store: st, Keyring: keyring}
	learner := func(ctx context.Context) (store.User, error) { return profiles.Learner(ctx, st) }
	bill := &billing.Service{Store: st, Config: billingConfig, Provider: billing.NewLemonSqueezy(billingConfig), Keyring: keyring,
		Browser: a.browser, Learner: learner, Clock: clk, Log: a.log, Instance: instanceName()}
	if billingConfig.KaiwaAIURL != "" {
		partners.KaiwaAI = func(ctx context.Context) (partner.Hosted, error) {
			k, err := bill.KaiwaAI(ctx)
			return partner.Hosted(k), err
		}
	}
	feed, err := updateFeed()
	if err != nil {
		st.Close()
		return nil, startupProblem("Kaiwa's update feed is wrong: " + err.Error() + ".")
	}
	speech := &voice.Service{Store: st, Partner: partners, Learner: learner, DataDir: a.dataDir,
		AdvancedVoices: bill.AdvancedVoices, Log: a.log}
	speech.Tidy(ctx, clk.Now())
	words := &vocabulary.Service{Store: st, Learner: learner, Clock: clk}
	remembers := &memory.Service{Store: st, Learner: learner}
	aiPartner := func(ctx context.Context) bool {
		active, err := partners.Active(ctx)
		return err == nil && active.Kind != partner.KindOffline
	}
	levels := &level.Service{Store: st, Learner: learner}
	return &api.Services{
		Catalog: &catalog.Service{Store: st},
		Conversations: &conversation.Service{Store: st, Library: a.library, Events: api.Replies{Emitter: a.runtime},
			Partner: partners, Log: a.log, Learner: learner, Plan: bill, Recordings: speech, Vocabulary: words,
			Memory: remembers, Levels: levels},
		Partner:     partners,
		Preferences: &preferences.Service{Store: st, Learner: learner, AdvancedVoices: bill.AdvancedVoices},
		Profiles: &profiles.Service{Store: st, Clock: clk, Deleting: func(ctx context.Context, userID string) {
			bill.Forget(ctx, userID)
			speech.Forget(ctx, userID)
		}},
		Progress:   &progress.Service{Store: st, Learner: learner, Clock: clk, Analytics: bill.Analytics},
		Updates:    &updates.Service{Store: st, Browser: a.browser, Current: version, URL: feed, Clock: clk},
		Billing:    bill,
		Voice:      speech,
		Reading:    &reading.Reader{},
		Vocabulary: words,
		Levels:     levels,
		Memory:     remembers,
		Scenes:     &scenes.Service{Store: st, Library: a.library, Learner: learner, AIPartner: aiPartner},
		Data:       &data.Service{Store: st, Learner: learner, Dialogs: a.dialogs, Clock: clk, DataDir: a.dataDir},
	}, nil
}

// restore replaces the database with the backup at path: the services stop
// and the database closes, the current file is kept aside and the backup put
// in its place, then everything opens again the way start-up does. A backup
// that will not open is swapped back out, and the learner's data is as it
// was. The page reloads after it.
func (a *App) restore(path string) error {
	ctx := context.Background()
	if err := store.CheckBackup(ctx, path); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closeData()
	dbPath := filepath.Join(a.dataDir, store.FileName)
	aside, err := store.Restore(ctx, dbPath, path, a.clock.Now())
	if err != nil {
		a.log.Error("restore", "from", path, "err", err)
		a.reopen()
		return err
	}
	a.log.Info("database restored", "from", path, "kept", aside)
	svc, err := a.build()
	if err != nil {
		a.log.Error("open restored database", "err", err)
		if aside != "" {
			if err := store.Unrestore(dbPath, aside); err != nil {
				a.log.Error("put the database back", "err", err)
			}
		}
		a.reopen()
		return errs.New(errs.Invalid, "Kaiwa could not open that backup, so your data was left as it was.")
	}
	a.svc = svc
	a.backend.Ready(svc)
	return nil
}

// closeData stops the services (each reply keeps what arrived) and closes
// the database; a.mu is held.
func (a *App) closeData() {
	if a.svc != nil {
		a.svc.Conversations.Shutdown()
	}
	if a.store != nil {
		if err := a.store.Close(); err != nil {
			a.log.Error("close database", "err", err)
		}
	}
	a.svc, a.store = nil, nil
}

// reopen opens the database again after a restore that did not happen;
// a.mu is held.
func (a *App) reopen() {
	svc, err := a.build()
	if err != nil {
		a.log.Error("reopen", "err", err)
		a.backend.Failed(err.Error())
		return
	}
	a.svc = svc
	a.backend.Ready(svc)
}

// beforeClose remembers where the window was; it never blocks closing.
func (a *App) beforeClose(ctx context.Context) bool {
	if err := shell.SaveBounds(a.dataDir, a.runtime.Bounds()); err != nil {
		a.log.Warn("remember window bounds", "err", err)
	}
	return false
}

func (a *App) shutdown(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closeData()
	a.log.Info("stopped")
	a.logFile.Close()
}

// secondLaunch focuses the running window when Kaiwa is started again.
func (a *App) secondLaunch() { a.runtime.Focus() }

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

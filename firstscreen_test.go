package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kaiwa/backend/api"
	"kaiwa/backend/store"
)

const (
	servedPage = `<!doctype html><html><head><title>Kaiwa</title></head><body><div id="app"></div></body></html>`
	// What the build draws of a new learner's first screen.
	drawnPage = `<!--[--><main class="welcome">Which language would you like to practise?</main><!--]-->`
)

// serve asks the middleware for path, in front of a stand-in asset server.
func serve(t *testing.T, app *App, path string) *httptest.ResponseRecorder {
	t.Helper()
	return serveAgain(t, app, path, "")
}

// serveAgain is serve for a page the webview has kept, with its ETag.
func serveAgain(t *testing.T, app *App, path, etag string) *httptest.ResponseRecorder {
	t.Helper()
	assets := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/prerendered/welcome.html" {
			_, _ = io.WriteString(w, drawnPage)
			return
		}
		w.Header().Set("ETag", `"page"`)
		if r.Header.Get("If-None-Match") == `"page"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(servedPage)))
		_, _ = io.WriteString(w, servedPage)
	})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	app.pageWithFirstScreen(assets).ServeHTTP(rec, req)
	return rec
}

var firstScreenElement = regexp.MustCompile(`<script type="application/json" id="first-screen">(.*?)</script></head>`)

func givenData(t *testing.T, rec *httptest.ResponseRecorder) (api.FirstScreen, bool) {
	t.Helper()
	m := firstScreenElement.FindStringSubmatch(rec.Body.String())
	if m == nil {
		return api.FirstScreen{}, false
	}
	var first api.FirstScreen
	if err := json.Unmarshal([]byte(m[1]), &first); err != nil {
		t.Fatalf("the page's data is not JSON: %v", err)
	}
	return first, true
}

func quietApp(t *testing.T, dataErr error) *App {
	return NewApp(t.TempDir(), dataErr, slog.New(slog.NewTextHandler(io.Discard, nil)), io.NopCloser(nil))
}

func TestThePageComesWithTheFirstScreenOnceTheDataIsOpen(t *testing.T) {
	app := quietApp(t, nil)
	if rec := serve(t, app, "/"); rec.Body.String() != servedPage {
		t.Fatalf("before the data is open the page must pass untouched (the page asks instead), got %q", rec.Body.String())
	}

	app.open()
	t.Cleanup(func() { app.store.Close() })
	rec := serve(t, app, "/")
	first, ok := givenData(t, rec)
	if !ok {
		t.Fatalf("no first-screen data in the page: %q", rec.Body.String())
	}
	if len(first.Languages) != 17 || len(first.Scenarios) == 0 || first.SignIn.Learner == nil || first.Preferences == nil {
		t.Errorf("first screen = %d languages, %d scenarios, learner %v, preferences %v; want everything the first screen shows",
			len(first.Languages), len(first.Scenarios), first.SignIn.Learner, first.Preferences)
	}
	if first.About.Problem != "" || first.About.DataDir != app.dataDir {
		t.Errorf("about = %+v", first.About)
	}
	// A new learner's first screen comes drawn.
	if !strings.HasSuffix(rec.Body.String(), `</head><body><div id="app">`+drawnPage+`</div></body></html>`) || rec.Header().Get("Content-Length") != "" {
		t.Errorf("the rest of the page or its length is wrong: %q, Content-Length %q", rec.Body.String(), rec.Header().Get("Content-Length"))
	}
	if rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", rec.Header().Get("Content-Type"))
	}
	// A reload must bring today's data: nothing to revalidate, nothing kept.
	if rec.Header().Get("ETag") != "" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("ETag %q, Cache-Control %q: the page with its data could be kept", rec.Header().Get("ETag"), rec.Header().Get("Cache-Control"))
	}
	if again := serveAgain(t, app, "/", `"page"`); again.Code != http.StatusOK {
		t.Errorf("a revalidated page got %d, want the page with today's data", again.Code)
	} else if _, ok := givenData(t, again); !ok {
		t.Error("a revalidated page came without its data")
	}
	if rec := serve(t, app, "/assets/index.js"); rec.Body.String() != servedPage {
		t.Error("only the page itself may carry the data")
	}
}

// A learner's name is data, never markup: it cannot close the element early.
func TestTheFirstScreenDataCannotEndItsElement(t *testing.T) {
	app := quietApp(t, nil)
	app.open()
	t.Cleanup(func() { app.store.Close() })
	name := `</script><script>alert(1)</script>`
	if _, err := app.store.CreateUser(context.Background(), store.NewUser{DisplayName: name}); err != nil {
		t.Fatal(err)
	}
	rec := serve(t, app, "/index.html")
	if strings.Count(rec.Body.String(), "</script>") != 1 || strings.Contains(rec.Body.String(), "<script>alert") {
		t.Fatalf("the name escaped its element: %q", rec.Body.String())
	}
	first, ok := givenData(t, rec)
	if !ok {
		t.Fatal("no first-screen data in the page")
	}
	found := false
	for _, p := range first.SignIn.Profiles {
		found = found || p.DisplayName == name
	}
	if !found {
		t.Errorf("the name did not come through as written: %+v", first.SignIn.Profiles)
	}
}

func TestWithAStartUpProblemThePageComesWithOnlyTheProblem(t *testing.T) {
	app := quietApp(t, errors.New("Kaiwa cannot write to its data folder."))
	app.open()
	rec := serve(t, app, "/")
	first, ok := givenData(t, rec)
	if !ok || first.About.Problem != "Kaiwa cannot write to its data folder." || first.Languages != nil || first.SignIn.Learner != nil {
		t.Fatalf("first screen = %+v (given %v), want only the problem", first, ok)
	}
	if strings.Contains(rec.Body.String(), drawnPage) {
		t.Error("the problem page is not the welcome: nothing may come drawn")
	}
}

// The welcome comes drawn only when it is the screen App.svelte shows first,
// exactly as the build drew it.
func TestOnlyANewLearnersWelcomeComesDrawn(t *testing.T) {
	welcome := func() api.FirstScreen {
		return api.FirstScreen{
			SignIn:      api.SignIn{Learner: &api.User{IsGuest: true}, FirstRun: true},
			Preferences: &api.PreferencesForm{Theme: "auto"},
		}
	}
	withAsset := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/prerendered/welcome.html" {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, drawnPage)
	})
	for _, c := range []struct {
		name   string
		change func(*api.FirstScreen)
		assets http.Handler
		drawn  bool
	}{
		{"a new learner", func(*api.FirstScreen) {}, withAsset, true},
		{"a start-up problem", func(f *api.FirstScreen) { f.About.Problem = "Kaiwa cannot open its data." }, withAsset, false},
		{"no learner: the profiles", func(f *api.FirstScreen) { f.SignIn.Learner = nil }, withAsset, false},
		{"after a first conversation: home", func(f *api.FirstScreen) { f.SignIn.FirstRun = false }, withAsset, false},
		{"a theme of their own", func(f *api.FirstScreen) { f.Preferences.Theme = "dark" }, withAsset, false},
		{"a build without the drawing", func(*api.FirstScreen) {}, http.NotFoundHandler(), false},
		{"the dev server, which answers with the page", func(*api.FirstScreen) {}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, servedPage)
		}), false},
	} {
		first := welcome()
		c.change(&first)
		got, ok := drawnWelcome(c.assets, httptest.NewRequest(http.MethodGet, "/", nil), first)
		if ok != c.drawn || (ok && got != drawnPage) {
			t.Errorf("%s: drawn = %v %q, want %v", c.name, ok, got, c.drawn)
		}
	}
}

var update = flag.Bool("update", false, "rewrite frontend/src/welcome.json from a fresh installation")

// The build draws the welcome from frontend/src/welcome.json: it must be what
// a fresh installation serves (the catalog's languages above all), or the
// page would take over a screen that is not its own.
func TestTheDrawnWelcomeIsAFreshInstallations(t *testing.T) {
	app := quietApp(t, nil)
	app.open()
	t.Cleanup(func() { app.store.Close() })
	first, ok := app.backend.FirstScreenNow()
	if !ok {
		t.Fatal("no first screen")
	}
	// What differs between installations; the welcome shows none of it.
	first.About = api.About{}
	first.SignIn.Learner.ID = ""
	first.Scenarios = []api.Scenario{}
	want, err := json.MarshalIndent(first, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	const fixture = "frontend/src/welcome.json"
	if *update {
		if err := os.WriteFile(fixture, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := os.ReadFile(fixture); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is not a fresh installation's first screen (%v); rewrite it: go test . -run %s -update", fixture, err, t.Name())
	}
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kaiwa/backend/api"
	"kaiwa/backend/store"
)

const servedPage = `<!doctype html><html><head><title>Kaiwa</title></head><body><div id="app"></div></body></html>`

// serve asks the middleware for path, in front of a stand-in asset server.
func serve(t *testing.T, app *App, path string) *httptest.ResponseRecorder {
	t.Helper()
	return serveAgain(t, app, path, "")
}

// serveAgain is serve for a page the webview has kept, with its ETag.
func serveAgain(t *testing.T, app *App, path, etag string) *httptest.ResponseRecorder {
	t.Helper()
	assets := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	if !strings.HasSuffix(rec.Body.String(), `</head><body><div id="app"></div></body></html>`) || rec.Header().Get("Content-Length") != "" {
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
	first, ok := givenData(t, serve(t, app, "/"))
	if !ok || first.About.Problem != "Kaiwa cannot write to its data folder." || first.Languages != nil || first.SignIn.Learner != nil {
		t.Fatalf("first screen = %+v (given %v), want only the problem", first, ok)
	}
}

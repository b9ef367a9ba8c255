package updates

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/store/storetest"
)

type browser struct{ opened []string }

func (b *browser) OpenURL(u string) { b.opened = append(b.opened, u) }

func fake(t *testing.T, status int, tag string) (*httptest.Server, *atomic.Int32) {
	calls := &atomic.Int32{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"tag_name": %q, "html_url": "https://github.com/kaiwa-app/kaiwa/releases/tag/%s", "draft": false, "prerelease": false}`, tag, tag)
	}))
	t.Cleanup(srv.Close)
	return srv, calls
}

func TestNewerReleaseIsNoticedAtMostDaily(t *testing.T) {
	t.Parallel()
	srv, calls := fake(t, 200, "v1.3.0")
	clk := clock.NewFake(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	b := &browser{}
	s := &Service{Store: storetest.OpenWith(t, clk), Browser: b, Current: "v1.2.0", URL: srv.URL, Clock: clk}
	if err := s.SetEnabled(t.Context(), true); err != nil {
		t.Fatal(err)
	}

	n, err := s.Check(t.Context())
	if err != nil || !n.Available || n.Version != "v1.3.0" {
		t.Fatalf("Check = %+v, %v", n, err)
	}
	clk.Advance(23 * time.Hour)
	s.Check(t.Context())
	if calls.Load() != 1 {
		t.Errorf("%d requests within a day, want 1", calls.Load())
	}
	clk.Advance(2 * time.Hour)
	s.Check(t.Context())
	clk.Advance(-72 * time.Hour) // the clock went back: treat the last check as stale
	s.Check(t.Context())
	if calls.Load() != 3 {
		t.Errorf("%d requests, want 3 (a day later, and after the clock went back)", calls.Load())
	}
	if err := s.Download(t.Context()); err != nil || len(b.opened) != 1 || b.opened[0] != "https://github.com/kaiwa-app/kaiwa/releases/tag/v1.3.0" {
		t.Errorf("Download opened %v, %v", b.opened, err)
	}
}

func TestNoNoticeWhenCurrentOffOrUnreachable(t *testing.T) {
	t.Parallel()
	same, _ := fake(t, 200, "v1.2.0")
	limited, _ := fake(t, 403, "v9.0.0")
	for name, tc := range map[string]struct {
		url, current string
		off          bool
	}{
		"same version":      {same.URL, "v1.2.0", false},
		"older release":     {same.URL, "v1.10.0", false},
		"rate-limited":      {limited.URL, "v1.0.0", false},
		"offline":           {"http://127.0.0.1:1/releases/latest", "v1.0.0", false},
		"development build": {same.URL, "dev", false},
		"opted out":         {same.URL, "v0.1.0", true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewFake(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
			s := &Service{Store: storetest.OpenWith(t, clk), Browser: &browser{}, Current: tc.current, URL: tc.url, Clock: clk}
			if err := s.SetEnabled(t.Context(), !tc.off); err != nil {
				t.Fatal(err)
			}
			n, err := s.Check(t.Context())
			if err != nil || n.Available {
				t.Fatalf("Check = %+v, %v; want silence", n, err)
			}
			if err := s.Download(t.Context()); err == nil {
				t.Error("Download with nothing newer succeeded")
			}
		})
	}
}

func TestOnlyGitHubReleasePagesOpen(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"http://github.com/x", "https://evil.example/x", "javascript:alert(1)", "file:///etc/passwd"} {
		if checkPage(u) == nil {
			t.Errorf("%s allowed", u)
		}
	}
}

// A feed that answers without end (or with far too much) is no release: no
// notice, no error, and Kaiwa does not read it all.
func TestAnEndlessAnswerIsNotRead(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"tag_name": "v9.0.0", "body": "`)
		chunk := make([]byte, 64<<10)
		for i := range chunk {
			chunk[i] = 'a'
		}
		for range 1 << 10 { // 64 MB unless the reader stops
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	clk := clock.NewFake(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	s := &Service{Store: storetest.OpenWith(t, clk), Browser: &browser{}, Current: "v1.2.0", URL: srv.URL, Clock: clk}
	s.SetEnabled(t.Context(), true)
	if n, err := s.Check(t.Context()); err != nil || n.Available {
		t.Fatalf("Check = %+v, %v; want no notice and no error", n, err)
	}
}

// Kaiwa asks nothing until the learner said yes, and a build without a feed
// never asks, whatever they said.
func TestNoCheckUnlessAskedAndFed(t *testing.T) {
	t.Parallel()
	srv, calls := fake(t, 200, "v9.0.0")
	clk := clock.NewFake(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	s := &Service{Store: storetest.OpenWith(t, clk), Browser: &browser{}, Current: "v1.2.0", URL: srv.URL, Clock: clk}
	if p, err := s.Preference(t.Context()); err != nil || p != (Preference{Feed: true}) {
		t.Fatalf("before asking: %+v, %v", p, err)
	}
	if n, err := s.Check(t.Context()); err != nil || n.Available || calls.Load() != 0 {
		t.Fatalf("checked before the learner said yes: %+v, %v, %d requests", n, err, calls.Load())
	}
	s.SetEnabled(t.Context(), true)
	if p, _ := s.Preference(t.Context()); p != (Preference{Feed: true, Asked: true, On: true}) {
		t.Errorf("after yes: %+v", p)
	}
	s.URL = ""
	if n, err := s.Check(t.Context()); err != nil || n.Available || calls.Load() != 0 {
		t.Fatalf("a build without a feed checked: %+v, %v, %d requests", n, err, calls.Load())
	}
	if p, _ := s.Preference(t.Context()); p.Feed {
		t.Errorf("a build without a feed has one: %+v", p)
	}
}

// The feed is the repository the release workflow built in, or none.
func TestFeed(t *testing.T) {
	old := repository
	t.Cleanup(func() { repository = old })
	for repo, want := range map[string]string{
		"":                   "",
		"kaiwa/kaiwa":        "https://api.github.com/repos/kaiwa/kaiwa/releases/latest",
		" someone/kaiwa.app": "https://api.github.com/repos/someone/kaiwa.app/releases/latest",
	} {
		repository = repo
		if got, err := Feed(); err != nil || got != want {
			t.Errorf("Feed() with %q = %q, %v; want %q", repo, got, err, want)
		}
	}
	for _, bad := range []string{"kaiwa", "https://github.com/kaiwa/kaiwa", "a/b/c", "a/b?x=1"} {
		repository = bad
		if got, err := Feed(); err == nil {
			t.Errorf("Feed() with %q = %q", bad, got)
		}
	}
}

// The release workflow runs this test with its -ldflags.
func TestBuiltInFeedIsAGitHubRepository(t *testing.T) {
	feed, err := Feed()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("update feed: %q", feed)
}

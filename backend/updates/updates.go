// Package updates tells the learner, quietly and at most once a day, when a
// newer Kaiwa is out, and opens its release page. It asks only once the
// learner said yes, only a feed the build knows, and never replaces the app
// itself; offline or refused, it says nothing.
package updates

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/mod/semver"

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
)

// repository is the GitHub repository the release workflow publishes to
// ("owner/name"), built in with -ldflags "-X kaiwa/backend/updates.repository=…"
// (scripts/ldflags.sh). Empty: this build has no update feed and never checks.
var repository string

// repositoryName is what GitHub accepts as owner/name.
var repositoryName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$`)

// Feed is the release feed built into this build: the newest release of its
// repository on GitHub, or "" when it has none. An error means the built-in
// repository is not a GitHub owner/name.
func Feed() (string, error) {
	repo := strings.TrimSpace(repository)
	switch {
	case repo == "":
		return "", nil
	case !repositoryName.MatchString(repo):
		return "", fmt.Errorf("update repository %q is not a GitHub owner/name", repo)
	}
	return "https://api.github.com/repos/" + repo + "/releases/latest", nil
}

const (
	settingEnabled = "updates.enabled" // "": not asked yet; "true" or "false": the learner's answer
	settingChecked = "updates.checked_at"
	settingLatest  = "updates.latest"
)

// Notice is what the page shows: nothing, or a newer version to download.
type Notice struct {
	Available bool
	Version   string
	URL       string
}

// Preference is whether Kaiwa may look for updates: Feed says this build
// has somewhere to look, Asked that the learner answered, On their answer.
type Preference struct {
	Feed, Asked, On bool
}

// Browser opens a link in the learner's browser (backend/shell is the real one).
type Browser interface{ OpenURL(url string) }

// Service is the update checker.
type Service struct {
	Store   *store.Store
	Browser Browser
	Current string // this build's version, e.g. v1.2.0 ("dev" never updates)
	URL     string // the release feed; "": none, never check
	HTTP    *http.Client
	Clock   clock.Clock
}

// Preference reports whether Kaiwa may check for updates, and whether the
// learner was asked.
func (s *Service) Preference(ctx context.Context) (Preference, error) {
	v, err := s.Store.Setting(ctx, settingEnabled)
	return Preference{Feed: s.URL != "", Asked: v != "", On: v == "true"}, err
}

// SetEnabled records the learner's answer: check once a day, or never.
func (s *Service) SetEnabled(ctx context.Context, on bool) error {
	return s.Store.SetSettings(ctx, map[string]string{settingEnabled: fmt.Sprint(on)})
}

// Check asks for the newest release at most once a day and reports it when
// it is newer than this build. It asks nothing until the learner said yes,
// nor in a build without a feed. Network trouble is silent: no notice, no
// error.
func (s *Service) Check(ctx context.Context) (Notice, error) {
	if p, err := s.Preference(ctx); err != nil || !p.Feed || !p.On {
		return Notice{}, err
	}
	checked, err := s.Store.Setting(ctx, settingChecked)
	if err != nil {
		return Notice{}, err
	}
	last, _ := time.Parse(time.RFC3339, checked)
	now := s.Clock.Now()
	// A clock that went backwards counts as "long ago".
	if fresh := now.Sub(last); fresh >= 0 && fresh < 24*time.Hour {
		return s.notice(ctx)
	}
	latest, err := s.fetch(ctx)
	if err != nil {
		return s.notice(ctx) // offline or rate-limited: what we knew, quietly
	}
	raw, _ := json.Marshal(latest)
	if err := s.Store.SetSettings(ctx, map[string]string{settingChecked: now.UTC().Format(time.RFC3339), settingLatest: string(raw)}); err != nil {
		return Notice{}, err
	}
	return s.notice(ctx)
}

type release struct {
	Tag        string `json:"tag_name"`
	Page       string `json:"html_url"`
	Draft      bool   `json:"draft"`
	Prerelease bool   `json:"prerelease"`
}

func (s *Service) fetch(ctx context.Context) (release, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	if err != nil {
		return release{}, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	hc := s.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return release{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return release{}, fmt.Errorf("release check: HTTP %d", resp.StatusCode)
	}
	// A release's JSON is a few kilobytes; anything far bigger is not one.
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return release{}, err
	}
	if len(body) > maxAnswer {
		return release{}, fmt.Errorf("release check: answer longer than %d bytes", maxAnswer)
	}
	var r release
	if err := json.Unmarshal(body, &r); err != nil {
		return release{}, err
	}
	return r, nil
}

// maxAnswer bounds the release feed's answer.
const maxAnswer = 1 << 20

// notice compares the newest release we know of with this build.
func (s *Service) notice(ctx context.Context) (Notice, error) {
	raw, err := s.Store.Setting(ctx, settingLatest)
	if err != nil || raw == "" {
		return Notice{}, err
	}
	var r release
	if json.Unmarshal([]byte(raw), &r) != nil || r.Draft || r.Prerelease || checkPage(r.Page) != nil {
		return Notice{}, nil
	}
	current := s.Current
	if !strings.HasPrefix(current, "v") {
		current = "v" + current
	}
	if !semver.IsValid(r.Tag) || !semver.IsValid(current) || semver.Compare(r.Tag, current) <= 0 {
		return Notice{}, nil
	}
	return Notice{Available: true, Version: r.Tag, URL: r.Page}, nil
}

// checkPage allows only https release pages on GitHub to be opened.
func checkPage(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host != "github.com" {
		return errors.New("not a GitHub release page")
	}
	return nil
}

// Download opens the newest release's page in the system browser.
func (s *Service) Download(ctx context.Context) error {
	n, err := s.notice(ctx)
	if err != nil {
		return err
	}
	if !n.Available {
		return errs.New(errs.NotFound, "There is no newer Kaiwa to download.")
	}
	s.Browser.OpenURL(n.URL)
	return nil
}

package store_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// choicesFile is where the page lists the goals, levels and themes.
const choicesFile = "../../frontend/src/lib/choices.ts"

// pageChoices reads the values of each `export const NAME: [string, string][]`
// list in choices.ts: the first string of every pair.
func pageChoices(t *testing.T) map[string][]string {
	t.Helper()
	src, err := os.ReadFile(choicesFile)
	if err != nil {
		t.Fatal(err)
	}
	lists := regexp.MustCompile(`(?s)export const (\w+)\b[^=]*=\s*\[(.*?)\]\s*;`).FindAllStringSubmatch(string(src), -1)
	pair := regexp.MustCompile(`\[\s*(?:'([^']*)'|"([^"]*)")\s*,`)
	out := map[string][]string{}
	for _, l := range lists {
		values := []string{}
		for _, p := range pair.FindAllStringSubmatch(l[2], -1) {
			values = append(values, p[1]+p[2])
		}
		out[l[1]] = values
	}
	return out
}

func TestThePageOffersTheSameChoicesAsGo(t *testing.T) {
	t.Parallel()
	page := pageChoices(t)
	for name, want := range map[string][]string{
		// "Not sure yet" is offered for the goal and the level.
		"goals":  append([]string{""}, store.Goals...),
		"levels": append([]string{""}, store.Levels...),
		"themes": store.Themes,
	} {
		got, ok := page[name]
		if !ok {
			t.Errorf("%s lists no %s", choicesFile, name)
			continue
		}
		for _, v := range got {
			if !slices.Contains(want, v) {
				t.Errorf("%s: the page offers %q, which Go does not allow", name, v)
			}
		}
		for _, v := range want {
			if !slices.Contains(got, v) {
				t.Errorf("%s: Go allows %q, which the page does not offer", name, v)
			}
		}
	}
}

func TestTheSchemaAllowsTheSameChoices(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	u, err := s.CreateUser(ctx, store.NewUser{DisplayName: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	for column, values := range map[string][]string{"learning_goal": store.Goals, "level": store.Levels, "theme": store.Themes} {
		for _, v := range values {
			if _, err := s.DB.Exec(`UPDATE user_preferences SET `+column+` = ? WHERE user_id = ?`, v, u.ID); err != nil {
				t.Errorf("%s %q refused by the schema: %v", column, v, err)
			}
		}
		_, err := s.DB.Exec(`UPDATE user_preferences SET `+column+` = 'something-else' WHERE user_id = ?`, u.ID)
		if err == nil || !strings.Contains(err.Error(), "CHECK") {
			t.Errorf("%s: an unknown value was stored (%v)", column, err)
		}
	}
	for _, ok := range []bool{store.ValidGoal(""), store.ValidLevel(""), !store.ValidTheme(""), !store.ValidGoal("win"), store.ValidTheme("dark")} {
		if !ok {
			t.Error("Valid* disagree with the lists")
		}
	}
}

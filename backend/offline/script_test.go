package offline

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"kaiwa/backend/store"
)

// The promise to learners: onboarding in every seeded language, every other
// scenario in the nine most asked-for ones.
var (
	allLanguages   = []string{"ja", "en", "es", "fr", "de", "it", "pt", "ko", "zh", "ar", "hi", "ru", "vi", "nl", "fil", "id", "tr"}
	mainLanguages  = []string{"ja", "es", "fr", "de", "it", "pt", "ko", "zh", "en"}
	otherScenarios = []string{"greetings", "cafe", "directions", "shopping", "family", "doctor"}
)

func TestEveryPromisedScriptIsComplete(t *testing.T) {
	lib, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range allLanguages {
		if lib.Lexicon(lang) == nil {
			t.Errorf("no lexicon for %s", lang)
		}
		if lib.Script("onboarding", lang) == nil {
			t.Errorf("no onboarding script for %s", lang)
		}
	}
	for _, sc := range otherScenarios {
		for _, lang := range mainLanguages {
			if lib.Script(sc, lang) == nil {
				t.Errorf("no %s script for %s", sc, lang)
			}
		}
	}
}

func TestOnboardingCollectsWhatTheProfileNeeds(t *testing.T) {
	lib, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range allLanguages {
		s := lib.Script("onboarding", lang)
		if s == nil {
			continue
		}
		got := map[string]bool{}
		allowed := map[string][]string{"goal": store.Goals, "level": store.Levels}
		for _, st := range s.Steps {
			got[st.Collect] = true
			for _, b := range st.Branches {
				if values, ok := allowed[st.Collect]; ok && !slices.Contains(values, b.Value) {
					t.Errorf("onboarding/%s step %s collects %s %q, not one of %v", lang, st.ID, st.Collect, b.Value, values)
				}
			}
		}
		for _, want := range []string{"name", "goal", "comfort", "level"} {
			if !got[want] {
				t.Errorf("onboarding/%s never collects %s", lang, want)
			}
		}
	}
}

func TestTheLibraryIsReadOnFirstUse(t *testing.T) {
	lib := Open()
	if lib.all != nil {
		t.Fatal("Open read the library: the idle app would hold it")
	}
	if lib.Script("onboarding", "ja") == nil || lib.all == nil || lib.Err() != nil {
		t.Fatalf("the first lookup did not read the library (err %v)", lib.Err())
	}
}

func TestALibraryThatCannotBeReadHasNoScripts(t *testing.T) {
	lib := &Library{fsys: fstest.MapFS{
		"lexicon/ja.json":           {Data: []byte(`{"language": "ja", "unknown": true}`)},
		"scripts/greetings/ja.json": {Data: []byte(`{}`)},
	}}
	if lib.Script("greetings", "ja") != nil || lib.Lexicon("ja") != nil || len(lib.Scenarios("ja")) != 0 {
		t.Error("a library that failed to read still offers scripts")
	}
	if err := lib.Err(); err == nil || !strings.Contains(err.Error(), "lexicon/ja.json") {
		t.Errorf("Err = %v, want the file that failed", err)
	}
	if _, err := lib.Answer("greetings", "ja", State{}, "hola"); !errors.Is(err, ErrNoScript) {
		t.Errorf("Answer = %v, want ErrNoScript", err)
	}
}

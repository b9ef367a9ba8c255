package offline

import (
	"slices"
	"testing"

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

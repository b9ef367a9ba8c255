package offline

import "testing"

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
		for _, st := range s.Steps {
			got[st.Collect] = true
		}
		for _, want := range []string{"name", "goal", "comfort", "level"} {
			if !got[want] {
				t.Errorf("onboarding/%s never collects %s", lang, want)
			}
		}
	}
}

package offline

import (
	"slices"
	"strings"
	"testing"
)

// The glossary gives a word saved from an offline line its meaning, so its
// words must be the ones the scripts really show, spelled as they show them,
// and most hints must offer at least one.
func TestGlossaryCoversTheScripts(t *testing.T) {
	lib := mustLoad(t)
	for lang, lx := range lib.read().lexicons {
		t.Run(lang, func(t *testing.T) {
			if len(lx.Glossary) == 0 {
				t.Fatal("glossary is empty")
			}
			var texts []string
			hints := map[string]string{} // scenario/step → hint
			for scenario, byLang := range lib.read().scripts {
				if s := byLang[lang]; s != nil {
					for _, st := range s.Steps {
						texts = append(texts, normalize(st.Say), normalize(st.Simpler), normalize(st.Hint))
						for _, c := range st.Choices {
							texts = append(texts, normalize(c))
						}
						hints[scenario+"/"+st.ID] = st.Hint
					}
				}
			}
			seen := map[string]bool{}
			for _, g := range lx.Glossary {
				w := normalize(g.Word)
				if w == "" || g.Word != strings.TrimSpace(g.Word) {
					t.Errorf("word %q is empty or has spaces around it", g.Word)
					continue
				}
				if seen[w] {
					t.Errorf("word %q appears twice", g.Word)
				}
				seen[w] = true
				if len(strings.Fields(g.Word)) > 5 || len([]rune(g.Word)) > 30 {
					t.Errorf("word %q is a sentence, not a word or set phrase", g.Word)
				}
				if !slices.ContainsFunc(texts, func(s string) bool { return find(s, w) >= 0 }) {
					t.Errorf("word %q appears in no line, hint or choice", g.Word)
				}
				if msg := badMeaning(g.Meaning); msg != "" {
					t.Errorf("meaning of %q: %s", g.Word, msg)
				}
			}
			var missing []string
			for id, hint := range hints {
				if len(lib.WordsIn(lang, hint)) == 0 {
					missing = append(missing, id)
				}
			}
			if len(missing)*5 > len(hints) {
				t.Errorf("%d of %d hints offer no word: %s", len(missing), len(hints), strings.Join(missing, ", "))
			}
		})
	}
}

// badMeaning says what is wrong with a meaning shown on an English card.
func badMeaning(m string) string {
	switch {
	case strings.TrimSpace(m) == "":
		return "empty"
	case len(m) > 40:
		return "longer than 40 characters"
	}
	for _, r := range m {
		if r < ' ' || r > '~' {
			return "not plain English: " + string(r)
		}
	}
	return ""
}

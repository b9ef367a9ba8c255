package offline

import (
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The glossary gives a word saved from an offline line its meaning, so its
// words must be the ones the scripts really show, spelled as they show them.
// The files are read with small local types so this test does not depend on
// how the engine models lexicons.

type glossaryEntry struct {
	Word    string `json:"word"`
	Meaning string `json:"meaning"`
}

type glossaryStep struct {
	ID      string   `json:"id"`
	Say     string   `json:"say"`
	Simpler string   `json:"simpler"`
	Hint    string   `json:"hint"`
	Choices []string `json:"choices"`
}

// quoted finds a hint's examples in the target language: the English
// instruction around them does not count.
var quoted = regexp.MustCompile(`"([^"]+)"`)

func TestGlossaryCoversTheScripts(t *testing.T) {
	lexPaths, err := fs.Glob(files, "lexicon/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(lexPaths) == 0 {
		t.Fatal("no lexicons embedded")
	}
	for _, p := range lexPaths {
		lang := strings.TrimSuffix(path.Base(p), ".json")
		t.Run(lang, func(t *testing.T) {
			var lx struct {
				Glossary []glossaryEntry `json:"glossary"`
			}
			readGlossaryJSON(t, p, &lx)
			if len(lx.Glossary) == 0 {
				t.Fatal("glossary is empty")
			}
			steps := scriptSteps(t, lang)
			var texts []string
			for _, st := range steps {
				texts = append(texts, st.Say, st.Simpler, st.Hint)
				texts = append(texts, st.Choices...)
			}

			seen := map[string]bool{}
			var words []string
			for _, e := range lx.Glossary {
				w := strings.ToLower(e.Word)
				if strings.TrimSpace(w) == "" || w != strings.TrimSpace(w) {
					t.Errorf("word %q is empty or has spaces around it", e.Word)
					continue
				}
				if seen[w] {
					t.Errorf("word %q appears twice", e.Word)
				}
				seen[w] = true
				words = append(words, w)
				if len(strings.Fields(w)) > 5 || len([]rune(w)) > 30 {
					t.Errorf("word %q is a sentence, not a word or set phrase", e.Word)
				}
				if !slices.ContainsFunc(texts, func(s string) bool { return containsWord(s, w) }) {
					t.Errorf("word %q appears in no line, hint or choice", e.Word)
				}
				if msg := badMeaning(e.Meaning); msg != "" {
					t.Errorf("meaning of %q: %s", e.Word, msg)
				}
			}

			var missing []string
			for _, st := range steps {
				examples := strings.Join(quotedExamples(st.Hint), " ")
				if !slices.ContainsFunc(words, func(w string) bool { return containsWord(examples, w) }) {
					missing = append(missing, st.ID)
				}
			}
			covered := len(steps) - len(missing)
			if len(missing) > 0 {
				t.Logf("%d/%d hints have a glossary word; none in: %s", covered, len(steps), strings.Join(missing, ", "))
			}
			if covered*100 < len(steps)*80 {
				t.Errorf("only %d of %d hints have a glossary word, want at least 80%%", covered, len(steps))
			}
		})
	}
}

// scriptSteps reads every scenario's steps in a language, each step id
// prefixed with its scenario so a missing hint can be found.
func scriptSteps(t *testing.T, lang string) []glossaryStep {
	t.Helper()
	paths, err := fs.Glob(files, "scripts/*/"+lang+".json")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatalf("no scripts in %s", lang)
	}
	var all []glossaryStep
	for _, p := range paths {
		var s struct {
			Steps []glossaryStep `json:"steps"`
		}
		readGlossaryJSON(t, p, &s)
		for _, st := range s.Steps {
			st.ID = path.Base(path.Dir(p)) + "/" + st.ID
			all = append(all, st)
		}
	}
	return all
}

func readGlossaryJSON(t *testing.T, p string, v any) {
	t.Helper()
	b, err := fs.ReadFile(files, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}

func quotedExamples(hint string) []string {
	var out []string
	for _, m := range quoted.FindAllStringSubmatch(hint, -1) {
		out = append(out, m[1])
	}
	return out
}

// containsWord reports whether text shows word, ignoring case. In scripts
// that separate words with spaces (Latin, Cyrillic, Devanagari) it must be a
// whole word, so "caf" does not pass for "café"; Japanese, Chinese, Korean
// and Arabic attach particles and prefixes, so a substring is enough there.
func containsWord(text, word string) bool {
	text = strings.ToLower(text)
	whole := spaceSeparated(word)
	for from := 0; ; {
		i := strings.Index(text[from:], word)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(word)
		if !whole || (!wordRuneBefore(text, start) && !wordRuneAfter(text, end)) {
			return true
		}
		from = start + 1
		for from < len(text) && !isRuneStart(text[from]) {
			from++
		}
	}
}

func spaceSeparated(word string) bool {
	for _, r := range word {
		if unicode.IsLetter(r) && !unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Devanagari) {
			return false
		}
	}
	return true
}

func isGlossaryWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

func wordRuneBefore(s string, i int) bool {
	r := []rune(s[:i])
	return len(r) > 0 && isGlossaryWordRune(r[len(r)-1])
}

func wordRuneAfter(s string, i int) bool {
	for _, r := range s[i:] {
		return isGlossaryWordRune(r)
	}
	return false
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

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

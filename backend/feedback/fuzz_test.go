package feedback_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"kaiwa/backend/feedback"
)

func FuzzParseCorrection(f *testing.F) {
	for _, seed := range []string{
		`{"corrected": "Quiero un café.", "explanation": "Café has an accent.", "new_words": [{"word": "café", "reading": "", "meaning": "coffee"}]}`,
		"```json\n{\"corrected\": \"私は学生です。\", \"new_words\": [\"学生\"]}\n```",
		`Sure! Here it is: {"Corrected": "Hola.", "NewWords": null} Hope this helps {`,
		`{"result": {"corrected": "Dijo \"{hola}\"", "explanation": ["a", "b"]}}`,
		`{"corrected": "x", "new_words": {"word": "x"}}`,
		`{"corrected": "x", "new_words": [1, null, [], {}, "a - b"]}`,
		`{"corrected": "`,
		"{\"corrected\": \"\\ud800\"}",
		"{{{{}}}}",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		c, err := feedback.ParseCorrection(answer)
		if err != nil {
			return
		}
		if c.Corrected == "" || c.Corrected != strings.TrimSpace(c.Corrected) {
			t.Errorf("corrected %q is empty or untrimmed", c.Corrected)
		}
		if utf8.RuneCountInString(c.Corrected) > 1050 || utf8.RuneCountInString(c.Explanation) > 400 {
			t.Errorf("a field is over its cap: %+v", c)
		}
		if c.NewWords == nil || len(c.NewWords) > 5 {
			t.Errorf("new words %v: want a list of at most 5", c.NewWords)
		}
		for _, w := range c.NewWords {
			if w.Word == "" || utf8.RuneCountInString(w.Word) > 80 || utf8.RuneCountInString(w.Reading) > 80 || utf8.RuneCountInString(w.Meaning) > 80 {
				t.Errorf("word %+v is empty or over its cap", w)
			}
		}
	})
}

func FuzzDiff(f *testing.F) {
	f.Add("Ayer yo va al mercado.", "Ayer fui al mercado.")
	f.Add("私は東京を行きます。", "私は東京に行きます。")
	f.Add("¿Donde esta?", "¿Dónde está?")
	f.Add("  a\xffb ", "a b")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := feedback.Diff(a, b)
		checkRejoins(t, a, b, got)
		for _, tok := range got {
			if tok.Text == "" {
				t.Errorf("an empty token in %q", got)
			}
		}
		if a == b {
			for _, tok := range got {
				if tok.Op != feedback.Same {
					t.Fatalf("an unchanged line gave %q", got)
				}
			}
		}
	})
}

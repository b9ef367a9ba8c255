package offline

import (
	"reflect"
	"testing"
)

func TestQuoted(t *testing.T) {
	for in, want := range map[string][]string{
		`Order, e.g. "Un café, por favor."`:   {"Un café, por favor."},
		`Say “Hola” or "Buenos días".`:        {"Hola", "Buenos días"},
		`No quotes at all`:                    {"No quotes at all"},
		`An open "quote never closed`:         {`An open "quote never closed`},
		`Order with をください, e.g. "コーヒーをください。"`: {"コーヒーをください。"},
	} {
		if got := quoted(in); !reflect.DeepEqual(got, want) {
			t.Errorf("quoted(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMeaningFromTheLexicon(t *testing.T) {
	lib := mustLoad(t)
	for _, c := range []struct{ lang, text, want string }{
		{"es", "zumo de naranja", "orange juice"},
		{"es", "¡ZUMO DE NARANJA!", "orange juice"},                                                 // case and punctuation do not matter
		{"es", "Muy bien, un café. ¿Con leche o solo?", "Very good, a coffee. With milk or black?"}, // a whole line
		{"ja", "コーヒー", "coffee"},
	} {
		if got, ok := lib.Meaning(c.lang, c.text); !ok || got != c.want {
			t.Errorf("Meaning(%s, %q) = %q, %v; want %q", c.lang, c.text, got, ok, c.want)
		}
	}
	for _, text := range []string{"", "   ", "ornitorrinco"} {
		if got, ok := lib.Meaning("es", text); ok {
			t.Errorf("Meaning(es, %q) = %q, want none", text, got)
		}
	}
	if _, ok := lib.Meaning("xx", "café"); ok {
		t.Error("a language without a lexicon has meanings")
	}
}

// The example's words are offered, a set phrase standing for the words in it,
// and the English of the hint never matches.
func TestWordsInAHint(t *testing.T) {
	lib := mustLoad(t)
	got := lib.WordsIn("es", `Say no, then order: "Un café con leche, por favor."`)
	var words []string
	for _, g := range got {
		words = append(words, g.Word)
		if g.Meaning == "" {
			t.Errorf("%q has no meaning", g.Word)
		}
	}
	want := map[string]bool{"café": true, "por favor": true}
	for _, w := range words {
		if w == "no" || w == "favor" {
			t.Errorf("words %q: %q should not be offered", words, w)
		}
		delete(want, w)
	}
	if len(want) > 0 || len(words) > maxHintWords {
		t.Errorf("words %q: missing %v", words, want)
	}
}

func TestExample(t *testing.T) {
	for hint, want := range map[string]string{
		`Order, e.g. "Un café, por favor." or "Un té."`: "Un café, por favor.",
		`No quotes at all`:            "",
		`An open "quote never closed`: "",
	} {
		if got := Example(hint); got != want {
			t.Errorf("Example(%q) = %q, want %q", hint, got, want)
		}
	}
}

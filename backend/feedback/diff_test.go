package feedback_test

import (
	"reflect"
	"strings"
	"testing"

	"kaiwa/backend/feedback"
)

// join is the text of the tokens whose op is one of ops.
func join(toks []feedback.Token, ops ...feedback.Op) string {
	var b strings.Builder
	for _, t := range toks {
		for _, op := range ops {
			if t.Op == op {
				b.WriteString(t.Text)
			}
		}
	}
	return b.String()
}

func checkRejoins(t *testing.T, original, corrected string, got []feedback.Token) {
	t.Helper()
	if s := join(got, feedback.Same, feedback.Removed); s != original {
		t.Errorf("same+removed join into %q, want %q", s, original)
	}
	if s := join(got, feedback.Same, feedback.Added); s != corrected {
		t.Errorf("same+added join into %q, want %q", s, corrected)
	}
}

func TestDiff(t *testing.T) {
	type tok = feedback.Token
	same := func(s string) tok { return tok{Text: s, Op: feedback.Same} }
	add := func(s string) tok { return tok{Text: s, Op: feedback.Added} }
	del := func(s string) tok { return tok{Text: s, Op: feedback.Removed} }
	for _, tc := range []struct {
		name, original, corrected string
		want                      []tok
	}{
		{"spanish: a verb replaced", "Ayer yo va al mercado con mi amiga.", "Ayer fui al mercado con mi amiga.",
			[]tok{same("Ayer "), del("yo "), del("va "), add("fui "), same("al "), same("mercado "), same("con "), same("mi "), same("amiga.")}},
		{"spanish: accents, ¿ kept with its word", "¿Donde esta el baño?", "¿Dónde está el baño?",
			[]tok{del("¿Donde "), del("esta "), add("¿Dónde "), add("está "), same("el "), same("baño?")}},
		{"german: the auxiliary", "Ich habe gestern ins Kino gegangen.", "Ich bin gestern ins Kino gegangen.",
			[]tok{same("Ich "), del("habe "), add("bin "), same("gestern "), same("ins "), same("Kino "), same("gegangen.")}},
		{"german: case matters", "ich trinke gern kaffee", "Ich trinke gern Kaffee.",
			[]tok{del("ich "), add("Ich "), same("trinke "), same("gern "), del("kaffee"), add("Kaffee.")}},
		{"japanese: one character per token", "私は東京を行きます。", "私は東京に行きます。",
			[]tok{same("私"), same("は"), same("東"), same("京"), del("を"), add("に"), same("行"), same("き"), same("ま"), same("す。")}},
		{"chinese: a particle added", "我去商店", "我去了商店。",
			[]tok{same("我"), same("去"), add("了"), same("商"), del("店"), add("店。")}},
		{"korean: words between spaces", "저는 학생 이에요.", "저는 학생이에요.",
			[]tok{same("저는 "), del("학생 "), del("이에요."), add("학생이에요.")}},
		{"arabic: agreement", "هذا كتاب جميلة", "هذا كتاب جميل",
			[]tok{same("هذا "), same("كتاب "), del("جميلة"), add("جميل")}},
		{"unchanged", "Je voudrais un croissant, s'il vous plaît.", "Je voudrais un croissant, s'il vous plaît.",
			[]tok{same("Je "), same("voudrais "), same("un "), same("croissant, "), same("s'il "), same("vous "), same("plaît.")}},
		{"everything new", "", "Hola.", []tok{add("Hola.")}},
		{"nothing left", "Hola.", "", []tok{del("Hola.")}},
		{"both empty", "", "", []tok{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := feedback.Diff(tc.original, tc.corrected)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Diff(%q, %q)\n got  %q\n want %q", tc.original, tc.corrected, got, tc.want)
			}
			checkRejoins(t, tc.original, tc.corrected, got)
		})
	}
}

// TestDiffTokens checks how text is cut into tokens, through the diff of a
// line with itself: all Same, one token per unit.
func TestDiffTokens(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"trailing punctuation and spaces stay with the word", "Hola, ¿qué tal?  Bien.", []string{"Hola, ", "¿qué ", "tal?  ", "Bien."}},
		{"inner punctuation stays in the word", "I don't use e-mail.", []string{"I ", "don't ", "use ", "e-mail."}},
		{"quotes around a word", "„Hallo“, sagte er.", []string{"„Hallo“, ", "sagte ", "er."}},
		{"a lone mark after a space", "Hola , amigo", []string{"Hola ", ", ", "amigo"}},
		{"leading spaces are a token", "  hola", []string{"  ", "hola"}},
		{"japanese brackets open forward, close backward", "「こんにちは」と言った。", []string{"「こ", "ん", "に", "ち", "は」", "と", "言", "っ", "た。"}},
		{"latin inside japanese", "私はTomです。", []string{"私", "は", "Tom", "で", "す。"}},
		{"katakana with the long-vowel mark", "コーヒー", []string{"コ", "ー", "ヒ", "ー"}},
		{"combining voiced mark stays", "か\u3099き", []string{"か\u3099", "き"}},
		{"thai vowel marks stay with their consonant", "สวัสดีครับ", []string{"ส", "วั", "ส", "ดี", "ค", "รั", "บ"}},
		{"arabic diacritics stay in the word", "كَتَبَ الدَّرْسَ", []string{"كَتَبَ ", "الدَّرْسَ"}},
		{"emoji with a variation selector", "Me gusta ❤️!", []string{"Me ", "gusta ", "❤️!"}},
		{"invalid utf-8 kept byte for byte", "ho\xffla mundo", []string{"ho\xffla ", "mundo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := feedback.Diff(tc.text, tc.text)
			var texts []string
			for _, tok := range got {
				if tok.Op != feedback.Same {
					t.Errorf("token %q is %s, want same", tok.Text, tok.Op)
				}
				texts = append(texts, tok.Text)
			}
			if !reflect.DeepEqual(texts, tc.want) {
				t.Errorf("tokens %q, want %q", texts, tc.want)
			}
		})
	}
}

func TestDiffRejoinsLongAndRepetitiveText(t *testing.T) {
	a := strings.Repeat("la casa es grande y la casa es roja. ", 300)
	b := strings.Repeat("la casa es grande, la casa es roja. ", 299) + "日本語も少し。"
	checkRejoins(t, a, b, feedback.Diff(a, b))
}

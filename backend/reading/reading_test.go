package reading

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"kaiwa/backend/errs"
)

// shared is one Reader for the tests that need Japanese, so the dictionary is
// loaded once per test binary.
var shared Reader

// ruby writes segments as text(reading), the way the expectations are written.
func ruby(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
		if s.Reading != "" {
			b.WriteString("(" + s.Reading + ")")
		}
	}
	return b.String()
}

func joined(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// checkLines runs lines through Of and compares each with its hand-written
// reading; every line must also join back to itself.
func checkLines(t *testing.T, lang string, lines []struct{ in, want string }) {
	t.Helper()
	for _, l := range lines {
		segs, err := shared.Of(lang, l.in)
		if err != nil {
			t.Fatalf("Of(%q, %q): %v", lang, l.in, err)
		}
		if got := ruby(segs); got != l.want {
			t.Errorf("Of(%q, %q)\n got %s\nwant %s", lang, l.in, got, l.want)
		}
		if got := joined(segs); got != l.in {
			t.Errorf("Of(%q, %q) joins to %q", lang, l.in, got)
		}
	}
}

func TestSupported(t *testing.T) {
	for lang, want := range map[string]bool{
		"ja": true, "zh": true, "ko": true, "ru": true,
		"zh-TW": true, "JA": true, "ru_RU": true,
		"en": false, "fr": false, "": false, "uk": false,
	} {
		if got := Supported(lang); got != want {
			t.Errorf("Supported(%q) = %v, want %v", lang, got, want)
		}
	}
}

func TestOtherLanguagesComeBackBare(t *testing.T) {
	var r Reader
	for _, lang := range []string{"en", "ko", "es", ""} {
		text := "안녕하세요, hello 世界 мир"
		segs, err := r.Of(lang, text)
		if err != nil {
			t.Fatal(err)
		}
		if len(segs) != 1 || segs[0] != (Segment{Text: text}) {
			t.Errorf("Of(%q) = %#v, want one bare segment", lang, segs)
		}
	}
	if r.ja != nil {
		t.Error("the Japanese dictionary was loaded for another language")
	}
}

func TestEmptyAndInvalidText(t *testing.T) {
	var r Reader
	for _, lang := range []string{"ja", "zh", "ru", "en"} {
		segs, err := r.Of(lang, "")
		if err != nil || segs == nil || len(segs) != 0 {
			t.Errorf("Of(%q, \"\") = %#v, %v; want an empty list", lang, segs, err)
		}
		if _, err := r.Of(lang, "ab\xffc"); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("Of(%q, invalid UTF-8) error = %v, want code invalid", lang, err)
		}
	}
	if r.ja != nil {
		t.Error("the Japanese dictionary was loaded for an empty or invalid line")
	}
}

func TestNeighbouringBareRunsAreOne(t *testing.T) {
	for _, c := range []struct{ lang, in string }{
		{"ja", "しています。"},
		{"zh", "OK，3 pieces！"},
		{"ru", "… 42 — ok?"},
	} {
		segs, err := shared.Of(c.lang, c.in)
		if err != nil {
			t.Fatal(err)
		}
		if len(segs) != 1 || segs[0].Reading != "" || segs[0].Text != c.in {
			t.Errorf("Of(%q, %q) = %#v, want one bare segment", c.lang, c.in, segs)
		}
	}
}

func TestConcurrentReaders(t *testing.T) {
	var r Reader
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			lang := []string{"ja", "zh", "ru", "ja"}[i%4]
			text := map[string]string{"ja": "東京に行きました", "zh": "我们去北京吧", "ru": "Привет"}[lang]
			segs, err := r.Of(lang, text)
			if err != nil || joined(segs) != text {
				t.Errorf("Of(%q, %q) = %#v, %v", lang, text, segs, err)
			}
		})
	}
	wg.Wait()
}

// FuzzOf checks what must hold for any line: no error for valid text, the
// segments join back to it, and no two bare segments sit side by side.
func FuzzOf(f *testing.F) {
	for _, seed := range []string{
		"私は日本語を勉強しています", "取り扱い説明書", "  スペース　全角 test", "人々〆ヶ月",
		"你好，我叫李明。", "學習 abc 123", "Съешь же ещё этих мягких французских булок",
		"молоко́ и ё", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			t.Skip()
		}
		for _, lang := range []string{"ja", "zh", "ru", "en"} {
			segs, err := shared.Of(lang, text)
			if err != nil {
				t.Fatalf("Of(%q, %q): %v", lang, text, err)
			}
			if got := joined(segs); got != text {
				t.Fatalf("Of(%q, %q) joins to %q", lang, text, got)
			}
			for i, s := range segs {
				if s.Text == "" {
					t.Fatalf("Of(%q, %q): empty segment %d", lang, text, i)
				}
				if i > 0 && s.Reading == "" && segs[i-1].Reading == "" {
					t.Fatalf("Of(%q, %q): bare segments %d and %d not merged", lang, text, i-1, i)
				}
			}
		}
	})
}

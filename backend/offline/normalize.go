package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxReplyBytes bounds how much of a reply the engine reads: a learner's
// answer is a sentence or two, and a pasted essay must not slow a turn down.
const maxReplyBytes = 4000

// script is the writing system of a letter, as far as matching cares.
type script uint8

const (
	scNone script = iota
	scLatin
	scCyrillic
	scGreek
	scArabic
	scHebrew
	scDevanagari
	scHangul
	scHan
	scHiragana
	scKatakana
	scThai
	scOther
)

func scriptOf(r rune) script {
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return scLatin
		}
		return scNone
	case unicode.Is(unicode.Latin, r):
		return scLatin
	case unicode.Is(unicode.Han, r):
		return scHan
	case unicode.Is(unicode.Hiragana, r):
		return scHiragana
	case unicode.Is(unicode.Katakana, r), r == 'ー':
		return scKatakana
	case unicode.Is(unicode.Hangul, r):
		return scHangul
	case unicode.Is(unicode.Cyrillic, r):
		return scCyrillic
	case unicode.Is(unicode.Arabic, r):
		return scArabic
	case unicode.Is(unicode.Devanagari, r):
		return scDevanagari
	case unicode.Is(unicode.Greek, r):
		return scGreek
	case unicode.Is(unicode.Hebrew, r):
		return scHebrew
	case unicode.Is(unicode.Thai, r):
		return scThai
	case unicode.IsLetter(r):
		return scOther
	}
	return scNone
}

// spaced reports whether a script separates words with spaces. Chinese,
// Japanese and Thai do not, so their words are matched as substrings.
func (s script) spaced() bool {
	switch s {
	case scHan, scHiragana, scKatakana, scThai:
		return false
	}
	return true
}

// stripsMarks reports whether accents on this script's letters are ignored
// when matching: "más" matches "mas", "أنا" matches "انا". Other scripts keep
// their marks, which are part of the letter (й, が, Devanagari vowel signs).
func (s script) stripsMarks() bool {
	return s == scLatin || s == scGreek || s == scArabic
}

// folds are Latin letters with no Unicode decomposition that learners often
// type without their stroke.
var folds = map[rune]string{
	'đ': "d", 'ł': "l", 'ø': "o", 'ı': "i", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ð': "d", 'þ': "th",
}

// normalize is the form replies and keywords are compared in: lower case,
// compatibility forms folded (full-width "３" is "3"), accents removed from
// Latin, Greek and Arabic letters, every decimal digit written in ASCII,
// punctuation, ASCII symbols and control characters turned into spaces, runs
// of spaces collapsed and the ends trimmed. Other scripts, emoji and other
// symbols are kept as they are.
func normalize(s string) string {
	out, _ := normalizeMap(norm.NFC.String(s), false)
	return out
}

// normalizeMap normalises s (already NFC) and, when asked, reports for every
// byte of the result the byte offset in s of the character it came from.
func normalizeMap(s string, withOffsets bool) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	var offs []int
	if withOffsets {
		offs = make([]int, 0, len(s))
	}
	base := scNone // script of the last base letter, for the marks after it
	space := true  // the output ends with a space (or is empty)
	put := func(piece string, at int) {
		b.WriteString(piece)
		for range len(piece) {
			if withOffsets {
				offs = append(offs, at)
			}
		}
	}
	putSpace := func(at int) {
		if !space {
			put(" ", at)
			space = true
		}
	}
	var piece []rune
	for i, r := range s {
		if r < 0x80 {
			switch {
			case 'A' <= r && r <= 'Z':
				put(string(r+'a'-'A'), i)
				base, space = scLatin, false
			case 'a' <= r && r <= 'z':
				put(string(r), i)
				base, space = scLatin, false
			case '0' <= r && r <= '9':
				put(string(r), i)
				base, space = scNone, false
			default:
				putSpace(i)
				base = scNone
			}
			continue
		}
		piece = piece[:0]
		decomposed := string(r)
		var buf [utf8.UTFMax]byte
		if d := norm.NFKD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition(); d != nil {
			decomposed = string(d)
		}
		for _, c := range decomposed {
			switch {
			case unicode.Is(unicode.Mn, c):
				if base.stripsMarks() {
					continue
				}
				piece = append(piece, c)
			case unicode.IsDigit(c):
				piece = append(piece, '0'+digitValue(c))
				base = scNone
			case unicode.IsPunct(c), unicode.IsSpace(c), unicode.IsControl(c),
				unicode.Is(unicode.Cf, c), c < 0x80 && unicode.IsSymbol(c):
				if len(piece) > 0 {
					put(norm.NFC.String(string(piece)), i)
					space = false
					piece = piece[:0]
				}
				putSpace(i)
				base = scNone
			case c == 'ـ': // Arabic tatweel only stretches a word
			default:
				c = unicode.ToLower(c)
				if f, ok := folds[c]; ok {
					piece = append(piece, []rune(f)...)
				} else {
					piece = append(piece, c)
				}
				if sc := scriptOf(c); sc != scNone {
					base = sc
				} else {
					base = scOther
				}
			}
		}
		if len(piece) == 1 && piece[0] == r {
			put(string(r), i) // the common case: nothing to compose
			space = false
		} else if len(piece) > 0 {
			put(norm.NFC.String(string(piece)), i)
			space = false
		}
	}
	out := b.String()
	if strings.HasSuffix(out, " ") {
		out = out[:len(out)-1]
		if withOffsets {
			offs = offs[:len(offs)-1]
		}
	}
	return out, offs
}

// digitValue gives the value of a decimal digit in any script: Unicode lays
// each script's digits out as a run of ten starting with zero.
func digitValue(r rune) rune {
	start := r
	for start > r-50 && unicode.IsDigit(start-1) {
		start--
	}
	return (r - start) % 10
}

// clip cuts s to at most maxReplyBytes, on a character boundary.
func clip(s string) string {
	if len(s) <= maxReplyBytes {
		return s
	}
	i := maxReplyBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// isWordRune reports whether r continues a word of a space-separated script:
// a Latin keyword next to Japanese text ("okです") still stands alone.
func isWordRune(r rune) bool {
	if '0' <= r && r <= '9' {
		return true
	}
	if unicode.IsMark(r) {
		return true
	}
	sc := scriptOf(r)
	return sc != scNone && sc.spaced()
}

// wordAt reports whether text[i:j] stands as a whole word.
func wordAt(text string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(text[:i])
		if isWordRune(r) {
			return false
		}
	}
	if j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}

// indexWord finds the first whole-word occurrence of w in text, or -1.
func indexWord(text, w string) int {
	if w == "" {
		return -1
	}
	for from := 0; from <= len(text)-len(w); {
		k := strings.Index(text[from:], w)
		if k < 0 {
			return -1
		}
		i := from + k
		if wordAt(text, i, i+len(w)) {
			return i
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		from = i + size
	}
	return -1
}

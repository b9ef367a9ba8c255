package reading

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Russian is romanized by the BGN/PCGN 1947 system (United States Board on
// Geographic Names and the UK Permanent Committee on Geographical Names), the
// one English readers pronounce most easily: Щука → Shchuka, Юля → Yulya.
// Its table is below; е and ё follow its notes 1 and 2. Its optional
// middle dots for rare sequences in non-Russian names (тс → t·s, шч → sh·ch,
// ы and й before а, у, ы, э, э after a consonant) are not used.
var bgnPCGN = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k",
	'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "\u02BA", // ʺ modifier letter double prime
	'ы': "y",
	'ь': "\u02B9", // ʹ modifier letter prime
	'э': "e", 'ю': "yu", 'я': "ya",
}

// yeAfter are the letters after which е and ё are romanized ye and yë, as
// they are at the start of a word (notes 1 and 2).
const yeAfter = "аеёиоуыэюяйъь"

// romanizeRussian gives each Cyrillic word a segment with its romanization.
func romanizeRussian(text string) []Segment {
	var s segments
	at := 0
	inWord := false
	for i, r := range text {
		letter := unicode.Is(unicode.Cyrillic, r) && unicode.IsLetter(r)
		// Combining marks (the stress accent in learners' texts, a decomposed
		// ё) belong to the word they follow.
		inside := letter || (inWord && unicode.Is(unicode.Mn, r))
		switch {
		case inside && !inWord:
			s.bare(text[at:i])
			at, inWord = i, true
		case !inside && inWord:
			s.aid(text[at:i], bgnWord(text[at:i]))
			at, inWord = i, false
		}
	}
	if inWord {
		s.aid(text[at:], bgnWord(text[at:]))
	} else {
		s.bare(text[at:])
	}
	return s
}

// bgnWord romanizes one word. A capital becomes a capitalized digraph
// (Щ → Shch), or an all-capital one in a word written all in capitals
// (ЩИ → SHCHI). Letters outside the Russian alphabet are kept as they are.
func bgnWord(word string) string {
	word = norm.NFC.String(word)
	letters := 0
	for _, r := range word {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	shouting := letters > 1 && !strings.ContainsFunc(word, unicode.IsLower)
	var b strings.Builder
	var prev rune // the previous letter, lower-case; 0 at the start of the word
	for _, r := range word {
		if unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
			continue
		}
		lower := unicode.ToLower(r)
		var latin string
		switch lower {
		case 'е', 'ё':
			latin = "e"
			if lower == 'ё' {
				latin = "ë"
			}
			if prev == 0 || strings.ContainsRune(yeAfter, prev) {
				latin = "y" + latin
			}
		default:
			var ok bool
			if latin, ok = bgnPCGN[lower]; !ok {
				latin = string(r)
				lower = r
			}
		}
		if r != lower {
			if shouting {
				latin = strings.ToUpper(latin)
			} else {
				first, n := utf8.DecodeRuneInString(latin)
				latin = string(unicode.ToUpper(first)) + latin[n:]
			}
		}
		b.WriteString(latin)
		prev = lower
	}
	return norm.NFC.String(b.String())
}

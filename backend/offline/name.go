package offline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes caps a collected name.
const maxNameRunes = 40

// nameSuffixes are endings that follow a name in a sentence and are not part
// of it ("アナです", "안나예요", "सारा है"); a leading space means the ending is
// its own word.
var nameSuffixes = map[string][]string{
	"ja": {"と申します", "といいます", "と言います", "でございます", "です", " desu"},
	"ko": {"이라고 합니다", "라고 합니다", "이라고 해요", "라고 해요", "입니다", "이에요", "예요", " imnida", " ieyo", " yeyo"},
	"hi": {" हूँ", " हूं", " है", " hoon", " hun", " hai"},
}

// partnerName is how the scripts' partner introduces themself; "Hola, Kai"
// greets the partner and names nobody else.
const partnerName = "kai"

// isClauseBreak reports whether r ends a clause of a reply: sentence and
// clause punctuation, but not the apostrophes, hyphens and dots inside names.
func isClauseBreak(r rune) bool {
	if r == '\n' || r == '\r' {
		return true
	}
	return unicode.IsPunct(r) && !strings.ContainsRune("'’ʼ-‐‑・·", r)
}

// name finds the learner's name in a reply: the text after the earliest
// (then longest) name prefix ("me llamo", "moi, c'est", "わたしは") up to the
// end of its clause; without a prefix, the first clause that is not just a
// greeting (greetings and the partner's name at the start of a clause are
// skipped). Endings like "です" are dropped, the result trimmed of
// punctuation, capped at 40 characters and, in Latin script, given a capital
// first letter.
func (lx *lexIndex) name(raw string) string {
	n, offs := normalizeMap(raw, true)
	if at, end := lx.findPrefix(n, 0); at >= 0 {
		rest := ""
		if end < len(n) {
			rest = raw[offs[end]:]
		}
		// "Me llamo: «Inés»": skip what stands between the prefix and the name.
		rest = strings.TrimLeftFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || isClauseBreak(r) })
		if i := strings.IndexFunc(rest, isClauseBreak); i >= 0 {
			rest = rest[:i]
		}
		if name := lx.cleanName(rest); name != "" {
			return name
		}
	}
	for _, c := range strings.FieldsFunc(raw, isClauseBreak) {
		cn, coffs := normalizeMap(c, true)
		if start := lx.skipGreetings(cn); start < len(cn) {
			if name := lx.cleanName(c[coffs[start]:]); name != "" {
				return name
			}
		}
	}
	return ""
}

// skipGreetings returns where the text goes on after any greetings and the
// partner's name at its start.
func (lx *lexIndex) skipGreetings(n string) int {
	pos := 0
	for range 4 {
		moved := false
		for _, g := range lx.greetingsLongestFirst {
			w := g.norm
			if w != "" && strings.HasPrefix(n[pos:], w) && endsWord(n, pos+len(w), w) {
				pos += len(w)
				for pos < len(n) && n[pos] == ' ' {
					pos++
				}
				moved = true
				break
			}
		}
		if !moved {
			break
		}
	}
	return pos
}

var partnerKeyword = newKeyword(partnerName)

// endsWord reports whether a match of w ending at j ends a word: always for
// words of scripts written without spaces.
func endsWord(text string, j int, w string) bool {
	last, _ := utf8.DecodeLastRuneInString(w)
	if sc := scriptOf(last); sc != scNone && !sc.spaced() {
		return true
	}
	if j >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	return !isWordRune(r)
}

// startsWord is endsWord's twin for the start of a match at i.
func startsWord(text string, i int, w string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	if sc := scriptOf(first); sc != scNone && !sc.spaced() {
		return true
	}
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !isWordRune(r)
}

// findPrefix finds the earliest name prefix in n from byte from (the longest
// at that place), as the byte range [at, end), or -1.
func (lx *lexIndex) findPrefix(n string, from int) (at, end int) {
	at, end = -1, -1
	for _, p := range lx.namePrefixes { // longest first
		w := p.norm
		if w == "" {
			continue
		}
		for k := from; k <= len(n)-len(w); {
			i := strings.Index(n[k:], w)
			if i < 0 {
				break
			}
			i += k
			if startsWord(n, i, w) && endsWord(n, i+len(w), w) {
				if at < 0 || i < at {
					at, end = i, i+len(w)
				}
				break
			}
			_, size := utf8.DecodeRuneInString(n[i:])
			k = i + size
		}
	}
	return at, end
}

// cleanName trims a raw name and drops a trailing "です"-like ending; a
// name needs a letter.
func (lx *lexIndex) cleanName(s string) string {
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
		})
	}
	s = trim(s)
	for _, suf := range lx.suffixes {
		if len(s) > len(suf) && strings.HasSuffix(strings.ToLower(s), suf) {
			s = trim(s[:len(s)-len(suf)])
			break
		}
	}
	if utf8.RuneCountInString(s) > maxNameRunes {
		rs := []rune(s)
		s = trim(string(rs[:maxNameRunes]))
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		return "" // "👍" or "3" is no name
	}
	if r, size := utf8.DecodeRuneInString(s); size > 0 && scriptOf(r) == scLatin && unicode.IsLower(r) {
		s = string(unicode.ToTitle(r)) + s[size:]
	}
	return s
}

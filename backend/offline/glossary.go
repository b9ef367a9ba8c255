package offline

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// maxHintWords bounds the words offered from one hint: a hint is one example.
const maxHintWords = 6

// Meaning is the English meaning the offline lexicon knows for a word, a
// set phrase or a whole line of the language; ok is false when it knows none.
// Case, accents, width and punctuation do not matter.
func (l *Library) Meaning(lang, text string) (meaning string, ok bool) {
	lx := l.Lexicon(lang)
	want := normalize(text)
	if lx == nil || want == "" {
		return "", false
	}
	for _, g := range lx.Glossary {
		if normalize(g.Word) == want {
			return g.Meaning, true
		}
	}
	for _, ln := range l.knownLines(lang) {
		if normalize(ln.Text) == want {
			return ln.Translation, true
		}
	}
	return "", false
}

// knownLines are the lines of the language with their translations: the
// lexicon's and every step's, said normally or more simply.
func (l *Library) knownLines(lang string) []Line {
	out := l.Lexicon(lang).lines()
	for _, byLang := range l.read().scripts {
		if s := byLang[lang]; s != nil {
			for _, st := range s.Steps {
				out = append(out, Line{st.Say, st.Translation}, Line{st.Simpler, st.SimplerTranslation})
			}
		}
	}
	return out
}

// WordsIn lists the glossary's words that a hint's example uses, in the order
// they appear, a longer phrase standing for the words inside it. Only the
// quoted example is read when there is one, so the English around it cannot
// match a word of the language that looks the same ("no").
func (l *Library) WordsIn(lang, hint string) []Gloss {
	lx := l.Lexicon(lang)
	if lx == nil {
		return nil
	}
	text := normalize(strings.Join(quoted(hint), " "))
	type found struct {
		at, end int
		g       Gloss
	}
	var all []found
	for _, g := range lx.Glossary {
		w := normalize(g.Word)
		if at := find(text, w); at >= 0 {
			all = append(all, found{at, at + len(w), g})
		}
	}
	// Longest first at each place, then drop what a kept phrase covers.
	sort.Slice(all, func(i, j int) bool {
		if all[i].at != all[j].at {
			return all[i].at < all[j].at
		}
		return all[i].end > all[j].end
	})
	var out []Gloss
	covered := -1
	for _, f := range all {
		if f.end <= covered {
			continue
		}
		out = append(out, f.g)
		covered = f.end
		if len(out) == maxHintWords {
			break
		}
	}
	return out
}

// Example is the first example a hint quotes, or "" when it quotes none.
func Example(hint string) string {
	if parts := quoted(hint); parts[0] != hint {
		return parts[0]
	}
	return ""
}

// quoted returns the parts of s between double quotes ("…" or “…”), or s
// itself when nothing is quoted.
func quoted(s string) []string {
	var out []string
	rest := s
	for {
		i := strings.IndexAny(rest, "\"“")
		if i < 0 {
			break
		}
		_, size := utf8.DecodeRuneInString(rest[i:])
		rest = rest[i+size:]
		j := strings.IndexAny(rest, "\"”")
		if j < 0 {
			break
		}
		out = append(out, rest[:j])
		_, size = utf8.DecodeRuneInString(rest[j:])
		rest = rest[j+size:]
	}
	if len(out) == 0 {
		return []string{s}
	}
	return out
}

// find locates a normalised glossary word in normalised text: as a whole word
// where words stand alone, and anywhere in Korean and Arabic, whose particles
// and prefixes join the word they belong to ("영화를", "والقهوة").
func find(text, w string) int {
	r, _ := utf8.DecodeRuneInString(w)
	if sc := scriptOf(r); sc == scHangul || sc == scArabic {
		return strings.Index(text, w)
	}
	return indexWord(text, w)
}

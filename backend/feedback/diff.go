package feedback

import (
	"time"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what a correction did to a token.
type Op string

const (
	Same    Op = "same"
	Added   Op = "added"
	Removed Op = "removed"
)

// Token is one word of a diff (or one character, in scripts written without
// spaces), with the spaces and punctuation that follow it.
type Token struct {
	Text string `json:"text"`
	Op   Op     `json:"op"`
}

// bigDiff is the token count past which a diff may stop looking for the
// smallest edit (after 100 ms) rather than run long: a learner's line is a
// few dozen tokens, so only pasted text gets here.
const bigDiff = 4000

// Diff compares a learner's line with its correction word by word,
// case-sensitively. The Same and Removed tokens join into original exactly,
// and the Same and Added tokens into corrected; an unchanged line is all
// Same. Within a change, the removed tokens come before the added ones.
//
// It is the Myers diff of sergi/go-diff run over words instead of
// characters: each distinct token is encoded as one rune, as
// DiffLinesToRunes does for lines.
func Diff(original, corrected string) []Token {
	a, b := tokens(original), tokens(corrected)
	vocab := []string{}
	ids := map[string]rune{}
	encode := func(toks []string) []rune {
		out := make([]rune, len(toks))
		for i, t := range toks {
			id, ok := ids[t]
			if !ok {
				id = tokenRune(len(vocab))
				ids[t] = id
				vocab = append(vocab, t)
			}
			out[i] = id
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	if len(vocab) > maxTokenRunes {
		// More distinct words than runes to encode them: not a line.
		return wholesale(a, b)
	}

	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // the smallest diff, always the same one
	if len(a)+len(b) > bigDiff {
		dmp.DiffTimeout = 100 * time.Millisecond
	}
	out := []Token{}
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		op := Same
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = Removed
		case diffmatchpatch.DiffInsert:
			op = Added
		}
		for _, r := range d.Text {
			out = append(out, Token{Text: vocab[runeIndex(r)], Op: op})
		}
	}
	return out
}

// Token i is encoded as rune i+1, skipping the surrogate range, which a
// Go string cannot hold.
const maxTokenRunes = unicode.MaxRune - 0x800 - 1

func tokenRune(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func runeIndex(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r) - 1
}

func wholesale(a, b []string) []Token {
	out := []Token{}
	for _, t := range a {
		out = append(out, Token{Text: t, Op: Removed})
	}
	for _, t := range b {
		out = append(out, Token{Text: t, Op: Added})
	}
	return out
}

// What a character does in tokenising.
type class uint8

const (
	clWord  class = iota // letters, digits and symbols of a word
	clSolo               // a character of a script written without spaces: a token of its own
	clSpace              // ends a token, after being added to it
	clMark               // a combining mark or joiner: stays with the character before it
	clOpen               // opening punctuation (¿ ¡ ( « 「): goes with what follows
	clPunct              // other punctuation: goes with what precedes
)

func classOf(r rune) class {
	switch {
	case unicode.IsSpace(r):
		return clSpace
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Variation_Selector),
		r == '\u200c', r == '\u200d',
		r == '\u309b', r == '\u309c', r == '\uff9e', r == '\uff9f': // kana voicing marks
		return clMark
	case spaceless(r):
		return clSolo
	case r == '¿', r == '¡', unicode.In(r, unicode.Ps, unicode.Pi):
		return clOpen
	case unicode.IsPunct(r):
		return clPunct
	}
	return clWord
}

// spaceless reports whether r belongs to a script written without spaces
// between words: Chinese, Japanese and Thai. (Korean puts spaces between
// words.) ー is in Unicode's Common script but is part of katakana words.
func spaceless(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai) ||
		r == 'ー' || r == 'ｰ'
}

// tokens splits s into the units of a word diff, which join back into s
// exactly: a word with the punctuation and spaces after it ("dónde, "), an
// opening mark with the word after it ("¿Dónde "), one character of a
// spaceless script with its marks and the punctuation after it ("す。"). A
// word's inner punctuation stays in it ("don't", "e-mail"). Leading spaces
// are a token of their own.
func tokens(s string) []string {
	var out []string
	start := 0
	const (
		none = iota
		word
		solo
	)
	core := none    // what the current token holds besides punctuation
	spaced := false // the current token has ended in spaces
	for i, r := range s {
		c := classOf(r)
		var flush bool
		switch c {
		case clSpace:
		case clMark, clPunct:
			flush = spaced
		case clSolo:
			flush = spaced || core != none
		case clWord, clOpen:
			flush = spaced || core == solo
		}
		if flush && i > start {
			out = append(out, s[start:i])
			start, core, spaced = i, none, false
		}
		switch c {
		case clSpace:
			spaced = true
		case clSolo:
			core = solo
		case clWord:
			core = word
		case clMark:
			if core == none {
				core = word
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

package reading

import (
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// toneMarks asks go-pinyin for one reading per character, with tone marks.
// Without heteronyms it gives a character's first listed reading, the
// commonest, and looks at no neighbours: 行 is xíng even in 银行 (yín háng).
var toneMarks = pinyin.Args{Style: pinyin.Tone, Heteronym: false}

// pinyinOf gives each Han character its own segment with its pinyin; the rest
// of the line stays bare.
func pinyinOf(text string) []Segment {
	var s segments
	at := 0
	for i, r := range text {
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		py := pinyin.SinglePinyin(r, toneMarks)
		if len(py) == 0 {
			continue // a character go-pinyin does not know stays in the bare run
		}
		s.bare(text[at:i])
		end := i + utf8.RuneLen(r)
		s.aid(text[i:end], py[0])
		at = end
	}
	s.bare(text[at:])
	return s
}

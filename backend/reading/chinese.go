package reading

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// pinyinTable is each Han character's commonest reading with tone marks, one
// "字 zì" per line, made from go-pinyin's dictionary (go test -run
// TestPinyinTableIsUpToDate -update). go-pinyin itself builds its table as a
// map when the program starts, 1.7 MB for every learner whether or not they
// ever read Chinese; this one is read on the first Chinese line.
//
//go:embed pinyin.txt
var pinyinTable string

var pinyinFor = sync.OnceValue(func() map[rune]string {
	readings := make(map[rune]string, strings.Count(pinyinTable, "\n"))
	for line := range strings.Lines(pinyinTable) {
		char, reading, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		r, _ := utf8.DecodeRuneInString(char)
		readings[r] = reading
	}
	return readings
})

// pinyinOf gives each Han character its own segment with its pinyin; the rest
// of the line stays bare. One reading per character, the first listed, the
// commonest, looking at no neighbours: 行 is xíng even in 银行 (yín háng).
func pinyinOf(text string) []Segment {
	var s segments
	at := 0
	for i, r := range text {
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		py, ok := pinyinFor()[r]
		if !ok {
			continue // a character the dictionary does not know stays in the bare run
		}
		s.bare(text[at:i])
		end := i + utf8.RuneLen(r)
		s.aid(text[i:end], py)
		at = end
	}
	s.bare(text[at:])
	return s
}

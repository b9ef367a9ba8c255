package reading

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mozillazg/go-pinyin"
)

var update = flag.Bool("update", false, "rewrite pinyin.txt from go-pinyin's dictionary")

// pinyin.txt holds, for every character go-pinyin knows, exactly the reading
// go-pinyin gives it alone with tone marks and no heteronyms.
func TestPinyinTableIsUpToDate(t *testing.T) {
	chars := make([]int, 0, len(pinyin.PinyinDict))
	for c := range pinyin.PinyinDict {
		chars = append(chars, c)
	}
	slices.Sort(chars)
	var want strings.Builder
	for _, c := range chars {
		if py := pinyin.SinglePinyin(rune(c), pinyin.Args{Style: pinyin.Tone}); len(py) > 0 && py[0] != "" {
			want.WriteString(string(rune(c)) + " " + py[0] + "\n")
		}
	}
	if *update {
		if err := os.WriteFile("pinyin.txt", []byte(want.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if pinyinTable != want.String() {
		t.Fatal("pinyin.txt differs from go-pinyin's dictionary: run go test ./backend/reading -run TestPinyinTableIsUpToDate -update")
	}
}

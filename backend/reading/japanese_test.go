package reading

import (
	"bytes"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

const loadChildEnv = "KAIWA_READING_LOAD_CHILD"

// TestDictionaryLoadsOnFirstJapaneseLine runs in a fresh test process, where
// no other test has touched Japanese: the heap must stay small through start-up
// and other languages, and grow only on the first Japanese line.
func TestDictionaryLoadsOnFirstJapaneseLine(t *testing.T) {
	if os.Getenv(loadChildEnv) == "" {
		var out bytes.Buffer
		cmd := exec.Command(os.Args[0], "-test.run=^TestDictionaryLoadsOnFirstJapaneseLine$", "-test.v")
		cmd.Env = append(os.Environ(), loadChildEnv+"=1")
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The child loads its dictionary while this process's tests run.
		t.Parallel()
		err := cmd.Wait()
		for _, line := range strings.Split(out.String(), "\n") {
			if strings.Contains(line, ".go:") {
				t.Log(strings.TrimSpace(line))
			}
		}
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out.String())
		}
		return
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	if before > 40<<20 {
		t.Errorf("heap is %d MB before any line: was the dictionary loaded at start-up?", before>>20)
	}
	var r Reader
	for _, lang := range []string{"zh", "ru", "ko", "en"} {
		if _, err := r.Of(lang, "我们 Привет 안녕 hello"); err != nil {
			t.Fatal(err)
		}
	}
	if r.ja != nil {
		t.Fatal("the tokenizer was made before any Japanese line")
	}
	if grown := int64(heap()) - int64(before); grown > 20<<20 {
		t.Errorf("heap grew by %d MB before any Japanese line", grown>>20)
	}
	start := time.Now()
	segs, err := r.Of("ja", "東京に行きました")
	took := time.Since(start)
	if err != nil || ruby(segs) != "東京(とうきょう)に行(い)きました" {
		t.Fatalf("first Japanese line = %#v, %v", segs, err)
	}
	if r.ja == nil {
		t.Fatal("no tokenizer after a Japanese line")
	}
	grown := int64(heap()) - int64(before)
	if grown < 40<<20 {
		t.Errorf("heap grew by only %d MB on the first Japanese line: was the dictionary there already?", grown>>20)
	}
	t.Logf("first Japanese line, dictionary load included: %v; heap +%d MB", took.Round(time.Millisecond), grown>>20)
}

// The expected readings are written by hand from a dictionary, not taken from
// this code's output. Segmentation follows the IPA dictionary's words.
func TestJapaneseFurigana(t *testing.T) {
	checkLines(t, "ja", []struct{ in, want string }{
		{"私は日本語を勉強しています", "私(わたし)は日本語(にほんご)を勉強(べんきょう)しています"},
		{"食べる", "食(た)べる"},
		{"東京に行きました", "東京(とうきょう)に行(い)きました"},
		{"毎朝7時にコーヒーを2杯飲みます", "毎朝(まいあさ)7時(じ)にコーヒーを2杯(はい)飲(の)みます"},
		{"Kaiwaで日本語を話す", "Kaiwaで日本語(にほんご)を話(はな)す"},
		{"取り扱い説明書を読んだ", "取(と)り扱(あつか)い説明(せつめい)書(しょ)を読(よ)んだ"},
		{"三ヶ月、人々と思い出を作った", "三(さん)ヶ月(かげつ)、人々(ひとびと)と思(おも)い出(で)を作(つく)った"},
		{"  スペース　全角 test ABC", "  スペース　全角(ぜんかく) test ABC"},
	})
}

func TestOkuriganaStaysOutside(t *testing.T) {
	segs, err := shared.Of("ja", "食べる")
	if err != nil {
		t.Fatal(err)
	}
	want := []Segment{{Text: "食", Reading: "た"}, {Text: "べる"}}
	if !reflect.DeepEqual(segs, want) {
		t.Errorf("Of(ja, 食べる) = %#v, want %#v", segs, want)
	}
}

func TestUnknownWordsStayBare(t *testing.T) {
	// 𠮷 is not in the IPA dictionary: the tokenizer knows no reading for it.
	segs, err := shared.Of("ja", "𠮷")
	if err != nil {
		t.Fatal(err)
	}
	if want := []Segment{{Text: "𠮷"}}; !reflect.DeepEqual(segs, want) {
		t.Errorf("Of(ja, 𠮷) = %#v, want %#v", segs, want)
	}
}

// rubyOver is checked without the dictionary: a surface and its reading as
// the dictionary gives them, in katakana.
func TestRubyOver(t *testing.T) {
	for _, c := range []struct{ surface, reading, want string }{
		{"食べる", "タベル", "食(た)べる"},
		{"取り扱い", "トリアツカイ", "取(と)り扱(あつか)い"},
		{"行き来", "イキキ", "行(い)き来(き)"},
		{"生き生き", "イキイキ", "生(い)き生(い)き"},
		{"お茶", "オチャ", "お茶(ちゃ)"},
		{"日本語", "ニホンゴ", "日本語(にほんご)"},
		{"ヶ月", "カゲツ", "ヶ月(かげつ)"},
		{"コーヒー牛乳", "コーヒーギュウニュウ", "コーヒー牛乳(ぎゅうにゅう)"},
		// Kana in the surface that the reading does not contain: the whole
		// reading goes over the whole word rather than a wrong share.
		{"今日は", "コンニチワ", "今日は(こんにちわ)"},
		{"々", "々", "々"},
		{"コーヒー", "コーヒー", "コーヒー"},
		{"漢字", "*", "漢字"},
		{"漢字", "", "漢字"},
		{"3", "", "3"},
	} {
		var s segments
		rubyOver(&s, c.surface, c.reading)
		if got := ruby(s); got != c.want {
			t.Errorf("rubyOver(%q, %q) = %s, want %s", c.surface, c.reading, got, c.want)
		}
	}
}

func TestHiragana(t *testing.T) {
	if got, want := hiragana("ワタシハ・ヴァイオリンヲヒク、ヽヾー abc 漢"), "わたしは・ゔぁいおりんをひく、ゝゞー abc 漢"; got != want {
		t.Errorf("hiragana = %q, want %q", got, want)
	}
}

// BenchmarkJapaneseLine is one reply-sized line once the dictionary is loaded.
func BenchmarkJapaneseLine(b *testing.B) {
	const line = "昨日は友達と一緒に新しいレストランへ行って、美味しい寿司を食べました。"
	if _, err := shared.Of("ja", line); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := shared.Of("ja", line); err != nil {
			b.Fatal(err)
		}
	}
}

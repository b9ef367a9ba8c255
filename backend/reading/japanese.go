package reading

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// japanese returns the tokenizer, loading the IPA dictionary on first use:
// it is big, and most learners never need it.
func (r *Reader) japanese() (*tokenizer.Tokenizer, error) {
	r.jaOnce.Do(func() {
		r.ja, r.jaErr = tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	})
	return r.ja, r.jaErr
}

// furigana puts each token's dictionary reading, in hiragana, over its kanji
// only: okurigana and other kana stay bare (食べる → 食(た)べる).
func furigana(tok *tokenizer.Tokenizer, text string) []Segment {
	var s segments
	at := 0
	for _, t := range tok.Tokenize(text) {
		end := t.Position + len(t.Surface)
		// Tokens are slices of the text; any that is not is skipped and its
		// bytes come out bare, so the line always joins back whole.
		if t.Surface == "" || t.Position < at || end > len(text) || text[t.Position:end] != t.Surface {
			continue
		}
		s.bare(text[at:t.Position])
		reading, _ := t.Reading() // unknown words have none: they stay bare
		rubyOver(&s, t.Surface, reading)
		at = end
	}
	s.bare(text[at:])
	return s
}

// rubyOver adds one token: its kanji runs with their share of the reading,
// its kana runs bare. When the kana of the surface cannot be found in the
// reading, the whole reading goes over the part between leading and trailing
// kana.
func rubyOver(s *segments, surface, reading string) {
	kana := hiragana(reading)
	if reading == "*" || kana == "" || !hasKanji(surface) || kana == hiragana(surface) {
		s.bare(surface)
		return
	}
	runs := splitKanji(surface)
	if shares := align(runs, kana); shares != nil {
		for i, r := range runs {
			s.aid(r.text, shares[i])
		}
		return
	}
	first, last := 0, len(runs)
	if !runs[0].kanji && strings.HasPrefix(kana, hiragana(runs[0].text)) {
		kana = kana[len(hiragana(runs[0].text)):]
		first++
	}
	if last > first && !runs[last-1].kanji && strings.HasSuffix(kana, hiragana(runs[last-1].text)) {
		kana = kana[:len(kana)-len(hiragana(runs[last-1].text))]
		last--
	}
	var middle strings.Builder
	for _, r := range runs[first:last] {
		middle.WriteString(r.text)
	}
	if kana == "" || middle.Len() == 0 {
		s.bare(surface)
		return
	}
	for _, r := range runs[:first] {
		s.bare(r.text)
	}
	s.aid(middle.String(), kana)
	for _, r := range runs[last:] {
		s.bare(r.text)
	}
}

// run is a stretch of a token's surface: all kanji, or all not.
type run struct {
	text  string
	kanji bool
}

func splitKanji(surface string) []run {
	var runs []run
	for i, r := range surface {
		k := isKanji(r)
		if n := len(runs); n > 0 && runs[n-1].kanji == k {
			runs[n-1].text += surface[i : i+utf8.RuneLen(r)]
			continue
		}
		runs = append(runs, run{text: surface[i : i+utf8.RuneLen(r)], kanji: k})
	}
	return runs
}

// align shares kana out among runs: a kana run must match itself, a kanji run
// takes at least one kana. It returns each run's share ("" for kana runs), or
// nil when no sharing fits.
func align(runs []run, kana string) []string {
	if len(runs) == 0 {
		if kana == "" {
			return []string{}
		}
		return nil
	}
	r := runs[0]
	if !r.kanji {
		own := hiragana(r.text)
		if !strings.HasPrefix(kana, own) {
			return nil
		}
		rest := align(runs[1:], kana[len(own):])
		if rest == nil {
			return nil
		}
		return append([]string{""}, rest...)
	}
	for i := range kana {
		if i == 0 {
			continue
		}
		if rest := align(runs[1:], kana[i:]); rest != nil {
			return append([]string{kana[:i]}, rest...)
		}
	}
	if len(runs) == 1 && kana != "" {
		return []string{kana}
	}
	return nil
}

// isKanji reports whether r needs a reading: Han characters (with 々 and 〇),
// and the marks 〆, ヶ and ヵ that stand in for kanji in counters and names.
func isKanji(r rune) bool {
	return unicode.Is(unicode.Han, r) || r == '〆' || r == 'ヶ' || r == 'ヵ'
}

func hasKanji(s string) bool {
	return strings.IndexFunc(s, isKanji) >= 0
}

// hiragana turns katakana into hiragana; everything else is kept.
func hiragana(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'ァ' && r <= 'ヶ', r == 'ヽ', r == 'ヾ':
			return r - 0x60
		}
		return r
	}, s)
}

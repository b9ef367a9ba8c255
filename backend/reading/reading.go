// Package reading gives reading aids for a line of the partner's text, all
// offline: furigana over Japanese kanji, pinyin over Chinese characters and a
// romanization of Russian words. Korean is romanized in the page.
package reading

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ikawaha/kagome/v2/tokenizer"

	"kaiwa/backend/errs"
)

// Segment is one run of a line. Reading is the aid shown over Text; it is
// "" where none is needed (kana, punctuation, Latin, spaces). Joining the
// Text of every segment gives back the line exactly.
type Segment struct {
	Text    string `json:"text"`
	Reading string `json:"reading"`
}

// Supported reports whether Kaiwa has a reading aid for lang. Korean is
// supported, but its romanization is made in the page (the Go options get
// its sound changes wrong), so Of returns Korean text bare.
func Supported(lang string) bool {
	switch base(lang) {
	case "ja", "zh", "ko", "ru":
		return true
	}
	return false
}

// Reader makes reading aids. The zero value is ready to use and safe for
// concurrent use. The Japanese dictionary (~0.6 s and ~90 MB of heap) is
// loaded on the first Japanese line, never before, and then kept for the life
// of the process: kagome-dict holds it once loaded.
type Reader struct {
	jaOnce sync.Once
	ja     *tokenizer.Tokenizer
	jaErr  error
}

// Of splits text into segments with their reading aids for lang, a language
// code such as "ja" or "zh-TW" (only the primary subtag counts). Languages
// without an aid here, Korean included, come back as one bare segment.
func (r *Reader) Of(lang, text string) ([]Segment, error) {
	if !utf8.ValidString(text) {
		return nil, errs.New(errs.Invalid, "The text is not valid UTF-8.")
	}
	if text == "" {
		return []Segment{}, nil
	}
	switch base(lang) {
	case "ja":
		tok, err := r.japanese()
		if err != nil {
			return nil, errs.Wrap(errs.Internal, err, "Japanese readings are not available.")
		}
		return furigana(tok, text), nil
	case "zh":
		return pinyinOf(text), nil
	case "ru":
		return romanizeRussian(text), nil
	}
	return []Segment{{Text: text}}, nil
}

// base is the primary subtag of a language code, lower-cased: "zh-TW" → "zh".
func base(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

// segments collects a line's segments, merging neighbouring bare runs so the
// page gets one plain span between two aids.
type segments []Segment

func (s *segments) bare(text string) {
	if text == "" {
		return
	}
	if n := len(*s); n > 0 && (*s)[n-1].Reading == "" {
		(*s)[n-1].Text += text
		return
	}
	*s = append(*s, Segment{Text: text})
}

func (s *segments) aid(text, reading string) {
	if reading == "" {
		s.bare(text)
		return
	}
	*s = append(*s, Segment{Text: text, Reading: reading})
}

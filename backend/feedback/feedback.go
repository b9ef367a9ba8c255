// Package feedback turns a conversation into learning: the correction of a
// learner's line, a word diff to show it, the session report's figures and
// summary, and the translation of a line. It asks the AI endpoint for the
// parts only a model can write and reads its answers leniently, because small
// local models wrap JSON in prose, rename its keys and change its shape.
package feedback

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/errs"
	"kaiwa/backend/prompt"
)

// ErrUnreadable is behind every error for an answer that arrived but held
// nothing Kaiwa can use, so callers can tell it from a failed call. The
// page shows nothing for these: a missing correction is not the learner's
// problem.
var ErrUnreadable = errors.New("the answer held nothing usable")

func unreadable(what, answer string) error {
	return errs.Wrap(errs.Unavailable, fmt.Errorf("%w: %s: %q", ErrUnreadable, what, cut(answer, 200)),
		"The AI provider's answer could not be used. Try again.")
}

// Lenient JSON. Models asked for a JSON object may still wrap it in a code
// fence or in prose, change the keys' case, or nest it one level down. The
// answer is searched for the first balanced {...} that decodes and has what
// the caller needs.
const (
	// maxScan bounds how much of an answer is searched: every answer here
	// is a few hundred tokens, so anything past this is not the object.
	maxScan = 32 << 10
	// maxStarts bounds the candidate objects tried, so a reply full of
	// braces costs little.
	maxStarts = 64
)

// fields is a decoded JSON object whose keys are normalised by normKey; the
// first of two keys that normalise alike wins.
type fields map[string]json.RawMessage

// findObject returns the first JSON object in answer for which want is true.
func findObject(answer string, want func(fields) bool) (fields, bool) {
	if len(answer) > maxScan {
		answer = answer[:maxScan]
	}
	from := 0
	for range maxStarts {
		i := strings.IndexByte(answer[from:], '{')
		if i < 0 {
			return nil, false
		}
		i += from
		if end := balanced(answer, i); end > 0 {
			if f, ok := decodeObject(answer[i:end]); ok && want(f) {
				return f, true
			}
		}
		// A candidate that does not decode, or lacks the key, may hold the
		// object one level down: try the next brace, not the end of this one.
		from = i + 1
	}
	return nil, false
}

// balanced returns the end (exclusive) of the {...} opening at s[i],
// skipping braces inside JSON strings, or -1 if it never closes.
func balanced(s string, i int) int {
	depth, inString, escaped := 0, false, false
	for j := i; j < len(s); j++ {
		c := s[j]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// decodeObject decodes one JSON object, keeping the keys' order so that a
// duplicate after normalisation resolves the same way every time.
func decodeObject(s string) (fields, bool) {
	dec := json.NewDecoder(strings.NewReader(s))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	f := fields{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if k := normKey(key); k != "" {
			if _, dup := f[k]; !dup {
				f[k] = v
			}
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	return f, true
}

// normKey folds "New Words", "newWords" and "new-words" into "newwords".
func normKey(k string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, k)
}

// isString reports whether f[key] is a JSON string.
func (f fields) isString(key string) bool {
	v := bytes.TrimSpace(f[key])
	return len(v) > 0 && v[0] == '"'
}

// text reads f[key] as text: a string, or a list of strings joined by spaces
// (models sometimes split an explanation into sentences). Anything else is "".
func (f fields) text(key string) string {
	return textOf(f[key])
}

func textOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return ""
	}
	var parts []string
	for _, item := range list {
		if json.Unmarshal(item, &s) == nil && strings.TrimSpace(s) != "" {
			parts = append(parts, strings.TrimSpace(s))
		}
	}
	return strings.Join(parts, " ")
}

// list reads f[key] as a list; a lone value is a list of one, and null or a
// missing key an empty list.
func (f fields) list(key string) []json.RawMessage {
	raw := bytes.TrimSpace(f[key])
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	return []json.RawMessage{raw}
}

// texts reads f[key] as a list of at most max short texts, each one line
// of at most maxRunes; a lone string counts as a list of one.
func (f fields) texts(key string, max, maxRunes int) []string {
	out := []string{}
	for _, item := range f.list(key) {
		if s := prompt.OneLine(textOf(item), maxRunes); s != "" && len(out) < max {
			out = append(out, s)
		}
	}
	return out
}

// Text helpers.

func cut(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return strings.TrimSpace(s[:i])
		}
		n++
	}
	return strings.TrimSpace(s)
}

// quote puts data (the learner's or the partner's words) in a
// double-quoted string literal, so it reads as data, not instructions:
// quotes, newlines and invisible characters inside it are escaped.
func quote(s string, max int) string {
	return strconv.Quote(cut(s, max))
}

// languageName is a language name fit for a prompt, or def when there is none.
func languageName(name, def string) string {
	if name = prompt.OneLine(name, 40); name != "" {
		return name
	}
	return def
}

// level is one of the four levels; an unknown one counts as beginner, as in
// the tutor prompt: erring gentle is the cheaper mistake for a learner.
func level(l string) string {
	switch l = strings.ToLower(strings.TrimSpace(l)); l {
	case "beginner", "elementary", "intermediate", "advanced":
		return l
	}
	return "beginner"
}

// transcript writes the last max messages of msgs, one per line, each
// labelled and quoted: "Partner" for the AI's lines, "Learner" for the
// learner's. System messages are not conversation and are left out.
func transcript(b *strings.Builder, msgs []endpoint.Message, max, maxRunes int) {
	var lines []string
	for i := len(msgs) - 1; i >= 0 && len(lines) < max; i-- {
		var who string
		switch msgs[i].Role {
		case "assistant":
			who = "Partner"
		case "user":
			who = "Learner"
		default:
			continue
		}
		if text := strings.TrimSpace(msgs[i].Content); text != "" {
			lines = append(lines, who+": "+quote(text, maxRunes))
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		b.WriteString(lines[i] + "\n")
	}
}

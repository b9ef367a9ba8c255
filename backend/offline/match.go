package offline

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// keyword is a word or phrase from a lexicon or a branch, prepared once.
type keyword struct {
	norm string // normalised form; "" for a punctuation-only keyword like "?"
	raw  string // NFKC form of the original, for punctuation-only keywords
	// whole: match whole words only (Latin keywords under four characters).
	whole bool
	// question is set for keywords that are a word plus a question mark
	// ("え？", "啊？", "apa?"): they mean "huh?" only as the whole reply.
	question bool
	// single: one word of a space-separated script. As a request for help
	// ("what", "sorry", "english") it counts only in a short reply.
	single bool
	// shadows are longer phrases of other intents containing this one:
	// "qué" is not a question inside "qué tal", nor "要" a yes inside "不要".
	shadows []*keyword
}

func newKeyword(s string) *keyword {
	k := &keyword{norm: normalize(s), raw: strings.TrimSpace(norm.NFKC.String(s))}
	if k.norm == "" {
		return k
	}
	latin, first := true, scNone
	for _, r := range k.norm {
		sc := scriptOf(r)
		if sc == scNone {
			continue
		}
		if first == scNone {
			first = sc
		}
		if sc != scLatin {
			latin = false
		}
	}
	k.whole = latin && utf8.RuneCountInString(k.norm) < 4
	k.question = strings.ContainsAny(k.raw, "?؟")
	k.single = !strings.Contains(k.norm, " ") && first.spaced()
	return k
}

// in reports whether the keyword occurs in normalised text.
func (k *keyword) in(text string) bool {
	switch {
	case k.norm == "":
		return false
	case k.whole:
		return indexWord(text, k.norm) >= 0
	default:
		return strings.Contains(text, k.norm)
	}
}

// reply is a learner's reply, read once.
type reply struct {
	raw    string // clipped, trimmed, NFC
	norm   string
	tokens int
}

func readReply(s string) reply {
	r := reply{raw: norm.NFC.String(strings.TrimSpace(clip(s)))}
	r.norm, _ = normalizeMap(r.raw, false)
	if r.norm != "" {
		r.tokens = strings.Count(r.norm, " ") + 1
	}
	return r
}

// has reports whether the reply contains a keyword that no longer phrase of
// another intent covers.
func (r reply) has(k *keyword) bool {
	if !k.in(r.norm) {
		return false
	}
	for _, s := range k.shadows {
		if s.in(r.norm) {
			return false
		}
	}
	return true
}

// any reports whether the reply contains one of the keywords.
func (r reply) any(ks []*keyword) bool {
	for _, k := range ks {
		if r.has(k) {
			return true
		}
	}
	return false
}

// asks finds the keyword by which the reply is a request for help
// (dont_understand or ask_translation), or nil. answered says the reply also
// carries an answer, which makes a lone "sorry" or "what" mere politeness.
// When several keywords match, the longest is reported.
func (r reply) asks(ks []*keyword, answered bool) *keyword {
	var best *keyword
	for _, k := range ks {
		ok := false
		switch {
		case k.norm == "":
			// "?" alone: the reply is nothing but punctuation, with a "?".
			ok = r.norm == "" && r.raw != "" && strings.Contains(norm.NFKC.String(r.raw), k.raw)
		case k.question:
			ok = r.norm == k.norm && strings.ContainsAny(norm.NFKC.String(r.raw), "?؟")
		case k.single:
			ok = r.tokens <= 3 && !answered && r.has(k)
		default:
			ok = r.has(k)
		}
		if ok && (best == nil || len(k.norm) > len(best.norm)) {
			best = k
		}
	}
	return best
}

// numberWord is a lexicon number word with its value.
type numberWord struct {
	kw    *keyword
	value int
}

// hangulEndings may follow a Korean number word in the same token: "셋이요",
// "다섯 점", "3이에요".
var hangulEndings = []string{"", "이요", "요", "이에요", "예요", "이야", "야", "이", "점", "번", "개", "입니다"}

// index finds the first place the number word stands in the text: as a whole
// word in space-separated scripts (Korean may add an ending), anywhere in
// Chinese and Japanese. -1 if absent.
func (n numberWord) index(text string) int {
	w := n.kw.norm
	if w == "" {
		return -1
	}
	first, _ := utf8.DecodeRuneInString(w)
	sc := scriptOf(first)
	if sc != scNone && !sc.spaced() {
		return strings.Index(text, w)
	}
	if sc == scHangul {
		for from := 0; from < len(text); {
			k := strings.Index(text[from:], w)
			if k < 0 {
				return -1
			}
			i := from + k
			for _, e := range hangulEndings {
				j := i + len(w)
				if strings.HasPrefix(text[j:], e) && wordAt(text, i, j+len(e)) {
					return i
				}
			}
			_, size := utf8.DecodeRuneInString(text[i:])
			from = i + size
		}
		return -1
	}
	return indexWord(text, w)
}

// number finds the number a reply gives: the first run of digits worth 1 to
// 10, else the earliest (then longest) number word of the lexicon.
func (lx *lexIndex) number(text string) (int, bool) {
	for i := 0; i < len(text); {
		if text[i] < '0' || text[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j-i <= 2 {
			v := 0
			for _, d := range text[i:j] {
				v = v*10 + int(d-'0')
			}
			if v >= 1 && v <= 10 {
				return v, true
			}
		}
		i = j
	}
	best, bestAt, bestLen := 0, -1, 0
	for _, n := range lx.numbers {
		at := n.index(text)
		if at < 0 {
			continue
		}
		if bestAt < 0 || at < bestAt || at == bestAt && len(n.kw.norm) > bestLen {
			best, bestAt, bestLen = n.value, at, len(n.kw.norm)
		}
	}
	return best, bestAt >= 0
}

// lexIndex is a lexicon prepared for matching.
type lexIndex struct {
	lex                            *Lexicon
	yes, no, greeting              []*keyword
	dontUnderstand, askTranslation []*keyword
	namePrefixes                   []*keyword // longest first
	numbers                        []numberWord
	english                        bool       // the language is English
	suffixes                       []string   // name endings to drop ("です")
	greetingsLongestFirst          []*keyword // and the partner's name
}

func newLexIndex(lx *Lexicon) *lexIndex {
	x := &lexIndex{lex: lx, english: lx.Language == "en", suffixes: nameSuffixes[lx.Language]}
	list := func(ws []string) []*keyword {
		out := make([]*keyword, 0, len(ws))
		for _, w := range ws {
			if k := newKeyword(w); k.norm != "" || k.raw != "" {
				out = append(out, k)
			}
		}
		return out
	}
	x.yes, x.no, x.greeting = list(lx.Yes), list(lx.No), list(lx.Greeting)
	x.dontUnderstand, x.askTranslation = list(lx.DontUnderstand), list(lx.AskTranslation)
	x.namePrefixes = longestFirst(list(lx.NamePrefixes))
	x.greetingsLongestFirst = longestFirst(append(list(lx.Greeting), partnerKeyword))
	words := make([]string, 0, len(lx.Numbers))
	for w := range lx.Numbers {
		words = append(words, w)
	}
	sort.Strings(words) // a stable order, so ties always break the same way
	for _, w := range words {
		x.numbers = append(x.numbers, numberWord{newKeyword(w), lx.Numbers[w]})
	}
	// A word is shadowed by a longer phrase of another intent containing it.
	groups := [][]*keyword{x.yes, x.no, x.greeting, x.dontUnderstand, x.askTranslation}
	for gi, g := range groups {
		for _, k := range g {
			for gj, h := range groups {
				if gi == gj {
					continue
				}
				for _, o := range h {
					if len(o.norm) > len(k.norm) && k.in(o.norm) {
						k.shadows = append(k.shadows, o)
					}
				}
			}
		}
	}
	return x
}

func longestFirst(ks []*keyword) []*keyword {
	sort.SliceStable(ks, func(i, j int) bool { return len(ks[i].norm) > len(ks[j].norm) })
	return ks
}

// intent reports whether the reply expresses a lexicon intent.
func (lx *lexIndex) intent(r reply, intent string) bool {
	switch intent {
	case IntentYes:
		return r.any(lx.yes)
	case IntentNo:
		return r.any(lx.no)
	case IntentGreeting:
		return r.any(lx.greeting)
	case IntentNumber:
		_, ok := lx.number(r.norm)
		return ok
	}
	return false
}

// branchIndex is a branch prepared for matching.
type branchIndex struct {
	b        *Branch
	keywords []*keyword
}

// matches reports whether the reply takes the branch: by which keyword (nil
// for an intent) and, for a number branch, the number it gave.
func (bi branchIndex) matches(lx *lexIndex, r reply) (by *keyword, num int, ok bool) {
	for _, k := range bi.keywords {
		if k.in(r.norm) {
			return k, 0, true
		}
	}
	if bi.b.Intent == IntentNumber {
		num, ok = lx.number(r.norm)
		return nil, num, ok
	}
	if bi.b.Intent != "" {
		return nil, 0, lx.intent(r, bi.b.Intent)
	}
	return nil, 0, false
}

// branchMatch is the branch a reply takes.
type branchMatch struct {
	branch *Branch  // nil: no branch matched
	by     *keyword // the keyword that matched, nil for an intent
	num    int      // the number given, for a number branch
}

// branch finds the first branch of a step the reply matches.
func (x *engineIndex) branch(lx *lexIndex, st *Step, r reply) branchMatch {
	for _, bi := range x.branches[st] {
		if by, num, ok := bi.matches(lx, r); ok {
			return branchMatch{branch: bi.b, by: by, num: num}
		}
	}
	return branchMatch{}
}

// overriddenBy reports whether a request for help matched by keyword h
// overrides this branch match. A step's own keyword branch wins over the
// lexicon ("もう一度" may lead to the script's own "again" step), unless the
// help phrase is a longer one containing the branch's keyword ("no
// entiendo" over a keyword "entiendo"). An intent branch never wins.
func (m branchMatch) overriddenBy(h *keyword) bool {
	if h == nil {
		return false
	}
	if m.branch == nil || m.by == nil {
		return true
	}
	return len(h.norm) > len(m.by.norm) && strings.Contains(h.norm, m.by.norm)
}

// isChoice reports whether the reply is one of the step's quick replies.
func isChoice(st *Step, r reply) bool {
	for _, c := range st.Choices {
		if normalize(c) == r.norm && r.norm != "" {
			return true
		}
	}
	return false
}

// engineIndex is everything a library needs for answering, built once.
type engineIndex struct {
	once     sync.Once
	lexicons map[string]*lexIndex
	branches map[*Step][]branchIndex
	// choiceIntents are the intents (yes, no, greeting, number) a step's
	// choices express: a reply with one of them answers the step.
	choiceIntents map[*Step][]string
	// englishWords is the English the library itself uses (translations,
	// the English lexicon and scripts): a reply made only of these words is
	// English, and is not praised in a lesson of another language.
	englishWords map[string]bool
}

var indexes sync.Map // *Library → *engineIndex

func (l *Library) index() *engineIndex {
	v, _ := indexes.LoadOrStore(l, &engineIndex{})
	x := v.(*engineIndex)
	x.once.Do(func() { x.build(l.read()) })
	return x
}

func (x *engineIndex) build(l *contents) {
	x.lexicons = map[string]*lexIndex{}
	x.branches = map[*Step][]branchIndex{}
	x.choiceIntents = map[*Step][]string{}
	x.englishWords = map[string]bool{}
	addEnglish := func(s string) {
		for _, w := range strings.Fields(normalize(s)) {
			x.englishWords[w] = true
		}
	}
	for lang, lx := range l.lexicons {
		x.lexicons[lang] = newLexIndex(lx)
		for _, line := range lx.lines() {
			addEnglish(line.Translation)
		}
		if lang == "en" {
			for _, ws := range [][]string{lx.Yes, lx.No, lx.Greeting, lx.DontUnderstand, lx.AskTranslation, lx.NamePrefixes} {
				addEnglish(strings.Join(ws, " "))
			}
			for w := range lx.Numbers {
				addEnglish(w)
			}
		}
	}
	for _, byLang := range l.scripts {
		for lang, s := range byLang {
			for i := range s.Steps {
				st := &s.Steps[i]
				addEnglish(st.Translation)
				addEnglish(st.SimplerTranslation)
				if lang == "en" {
					addEnglish(st.Say)
					addEnglish(st.Simpler)
					addEnglish(strings.Join(st.Choices, " "))
				}
				var bs []branchIndex
				for j := range st.Branches {
					b := &st.Branches[j]
					bi := branchIndex{b: b}
					for _, w := range b.Keywords {
						if k := newKeyword(w); k.norm != "" {
							bi.keywords = append(bi.keywords, k)
						}
						if lang == "en" {
							addEnglish(w)
						}
					}
					bs = append(bs, bi)
				}
				x.branches[st] = bs
				for _, intent := range []string{IntentYes, IntentNo, IntentGreeting, IntentNumber} {
					for _, c := range st.Choices {
						if x.lexicons[lang].intent(readReply(c), intent) {
							x.choiceIntents[st] = append(x.choiceIntents[st], intent)
							break
						}
					}
				}
			}
		}
	}
}

// expectedIntent reports whether the reply expresses an intent that one of
// the step's choices expresses too.
func (x *engineIndex) expectedIntent(lx *lexIndex, st *Step, r reply) bool {
	for _, intent := range x.choiceIntents[st] {
		if lx.intent(r, intent) {
			return true
		}
	}
	return false
}

// allEnglish reports whether every word of the reply is one the library
// knows as English (digits and emoji are no language's).
func (x *engineIndex) allEnglish(r reply) bool {
	words := 0
	for _, w := range strings.Fields(r.norm) {
		letter := false
		for _, c := range w {
			if unicode.IsLetter(c) {
				letter = true
				break
			}
		}
		if !letter {
			continue
		}
		if !x.englishWords[w] {
			return false
		}
		words++
	}
	return words > 0
}

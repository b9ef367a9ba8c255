package offline

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func mustLoad(t testing.TB) *Library {
	t.Helper()
	lib, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func lines(s string) []string { return strings.Split(s, "\n") }

// checkTurn holds every turn to the promises of the Turn type.
func checkTurn(t *testing.T, where string, tr Turn) {
	t.Helper()
	if strings.TrimSpace(tr.Text) == "" {
		t.Errorf("%s: empty text", where)
	}
	tl, ll := lines(tr.Text), lines(tr.Translation)
	if len(tl) != len(ll) {
		t.Errorf("%s: %d lines of text but %d of translation:\n%s\n--\n%s", where, len(tl), len(ll), tr.Text, tr.Translation)
	}
	for i := range tl {
		if strings.TrimSpace(tl[i]) == "" || i < len(ll) && strings.TrimSpace(ll[i]) == "" {
			t.Errorf("%s: line %d is empty", where, i+1)
		}
	}
	if tr.State.Done != (tr.Hint == "") {
		t.Errorf("%s: done %v but hint %q", where, tr.State.Done, tr.Hint)
	}
	if tr.State.Done && len(tr.Choices) > 0 {
		t.Errorf("%s: choices after the end", where)
	}
	if tr.Matched && tr.YouCouldSay != "" {
		t.Errorf("%s: a matched reply with a model answer %q", where, tr.YouCouldSay)
	}
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"  ¡Hola, Kai!  ", "hola kai"},
		{"Me llamo  Ána María.", "me llamo ana maria"},
		{"¿QUÉ TAL?", "que tal"},
		{"Straße, İstanbul, Đà Nẵng", "strasse istanbul da nang"},
		{"I don't understand", "i don t understand"},
		{"わたしはアナです。", "わたしはアナです"},
		{"がぎぐ", "がぎぐ"}, // kana keep their voicing marks
		{"Привет, я Йоко", "привет я йоко"},
		{"안녕하세요, 저는 안나예요!", "안녕하세요 저는 안나예요"},
		{"मेरा नाम सारा है।", "मेरा नाम सारा है"},
		{"أنا طبعًا", "انا طبعا"}, // hamza and tanween marks are ignored
		{"３ or ٣ or ३", "3 or 3 or 3"},
		{"١٠", "10"},
		{"👍🙂", "👍🙂"},
		{"?!...", ""},
		{"\t\n ", ""},
		{"a\u200bb", "a b"},
	} {
		if got := normalize(c.in); got != c.want {
			t.Errorf("normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	lib := mustLoad(t)
	x := lib.index()
	for _, c := range []struct {
		lang, in string
		want     int
		ok       bool
	}{
		{"es", "3", 3, true},
		{"es", "tengo 10", 10, true},
		{"es", "unos 12", 0, false},
		{"es", "tres", 3, true},
		{"es", "dos o tres", 2, true},
		{"es", "trescientos", 0, false}, // whole words in Latin script
		{"es", "un poco", 1, true},
		{"ja", "三です", 3, true}, // substrings in Japanese
		{"ja", "３", 3, true},
		{"ko", "다섯이요", 5, true},
		{"ko", "한국어", 0, false}, // 한 (one) is not a number inside a word
		{"ar", "٤", 4, true},
		{"hi", "दोस्त", 0, false}, // दो (two) inside "friend"
		{"hi", "दो", 2, true},
	} {
		got, ok := x.lexicons[c.lang].number(normalize(c.in))
		if got != c.want || ok != c.ok {
			t.Errorf("%s number(%q) = %d, %v; want %d, %v", c.lang, c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestNames(t *testing.T) {
	lib := mustLoad(t)
	x := lib.index()
	for _, c := range []struct{ lang, reply, want string }{
		{"es", "Me llamo Ana.", "Ana"},
		{"es", "me llamo  ana maría!!", "Ana maría"},
		{"es", "Hola Kai, soy Tom", "Tom"},
		{"es", "¡Hola! Ana", "Ana"},
		{"es", "Kai", ""},
		{"es", "Soy", "Soy"},
		{"fr", "Moi, c'est Tom.", "Tom"},
		{"fr", "Je m'appelle Jean-Luc O'Neill", "Jean-Luc O'Neill"},
		{"en", "My name is Anna.", "Anna"},
		{"de", "Ich heiße Jürgen.", "Jürgen"},
		{"ja", "わたしはアナです。", "アナ"},
		{"ja", "アナ・マリアと申します", "アナ・マリア"},
		{"ko", "저는 안나예요.", "안나"},
		{"ko", "제 이름은 톰이에요.", "톰"},
		{"zh", "我叫安娜。", "安娜"},
		{"hi", "मेरा नाम सारा है।", "सारा"},
		{"hi", "मैं टॉम हूँ।", "टॉम"},
		{"ar", "اسمي سارة.", "سارة"},
		{"ar", "أنا توم.", "توم"},
		{"ru", "Меня зовут Анна.", "Анна"},
		{"ru", "Яна", "Яна"}, // "я" (I) is a prefix only as a word
		{"tr", "Benim adım Anna.", "Anna"},
		{"vi", "Tôi tên là Anna.", "Anna"},
		{"es", "👍", ""},
		{"es", "3", ""},
	} {
		lx := x.lexicons[c.lang]
		if lx == nil {
			continue
		}
		if got := lx.name(readReply(c.reply).raw); got != c.want {
			t.Errorf("%s name(%q) = %q, want %q", c.lang, c.reply, got, c.want)
		}
	}
}

func TestBegin(t *testing.T) {
	lib := mustLoad(t)
	tr, err := lib.Begin("cafe", "es")
	if err != nil {
		t.Fatal(err)
	}
	s := lib.Script("cafe", "es")
	start := s.Step(s.Start)
	want := Turn{Text: start.Say, Translation: start.Translation, Hint: start.Hint, Choices: start.Choices, State: State{Step: s.Start}}
	if !reflect.DeepEqual(tr, want) {
		t.Errorf("Begin = %+v, want %+v", tr, want)
	}
	if _, err := lib.Begin("cafe", "xx"); !errors.Is(err, ErrNoScript) {
		t.Errorf("Begin with no script: err %v, want ErrNoScript", err)
	}
	if _, err := lib.Answer("nowhere", "es", State{Step: "welcome"}, "hola"); !errors.Is(err, ErrNoScript) {
		t.Errorf("Answer with no script: err %v, want ErrNoScript", err)
	}
}

// TestAnswerRules checks each rule of Answer on the Spanish café and
// onboarding scripts.
func TestAnswerRules(t *testing.T) {
	lib := mustLoad(t)
	lx := lib.Lexicon("es")
	cafe, onb := lib.Script("cafe", "es"), lib.Script("onboarding", "es")
	say := func(s *Script, id string) string { return s.Step(id).Say }
	isLine := func(ls []Line, line string) bool {
		for _, l := range ls {
			if l.Text == line {
				return true
			}
		}
		return false
	}
	type want struct {
		state     State
		text      []string // the lines of Text, "" for any line
		praise    bool     // a praise line comes first, then the next line
		ack       bool     // an acknowledgement comes first: the reply matched nothing
		collected map[string]string
		err       error
	}
	w := func(s *Script, step string) want { return want{state: State{Step: step}, text: []string{say(s, step)}} }
	wp := func(s *Script, step string) want {
		return want{state: State{Step: step}, praise: true, text: []string{say(s, step)}}
	}
	wa := func(s *Script, step string) want {
		return want{state: State{Step: step}, ack: true, text: []string{say(s, step)}}
	}
	withC := func(x want, k, v string) want { x.collected = map[string]string{k: v}; return x }
	welcome, comfort := cafe.Step("welcome"), onb.Step("comfort")

	for _, c := range []struct {
		rule, scenario string
		st             State
		reply          string
		want           want
	}{
		// 1. Normalisation and keyword matching.
		{"1 case and accents", "cafe", State{Step: "welcome"}, "UN TÉ, POR FAVOR", wp(cafe, "tea")},
		{"1 no accents typed", "cafe", State{Step: "welcome"}, "un te", wp(cafe, "tea")},
		{"1 short keyword is a whole word", "cafe", State{Step: "welcome"}, "Chocolate caliente", wa(cafe, "coffee")},
		{"1 long keyword is a substring", "cafe", State{Step: "welcome"}, "zumos", wp(cafe, "juice")},
		{"1 no is not in nothing", "cafe", State{Step: "food"}, "nothing", wa(cafe, "food_ok")},
		{"1 no as a word", "cafe", State{Step: "food"}, "No, gracias.", wp(cafe, "bill")},

		// 2. Empty replies.
		{"2 empty", "cafe", State{Step: "welcome", Lost: 1}, "   ", want{
			state: State{Step: "welcome", Lost: 1, Quiet: 1},
			text:  []string{lx.EmptyReply.Text, welcome.Simpler}}},
		{"2 only punctuation", "cafe", State{Step: "welcome"}, " ... !", want{
			state: State{Step: "welcome", Quiet: 1},
			text:  []string{lx.EmptyReply.Text, welcome.Simpler}}},
		{"2 second empty", "cafe", State{Step: "welcome", Quiet: 1}, "", want{
			state: State{Step: "welcome", Quiet: 2},
			text:  []string{lx.EmptyReply.Text, welcome.Simpler}}},
		{"2 third empty moves on along next", "cafe", State{Step: "welcome", Quiet: 2}, "", w(cafe, "coffee")},

		// 3. "I don't understand".
		{"3 first time", "cafe", State{Step: "welcome"}, "No entiendo", want{
			state: State{Step: "welcome", Lost: 1},
			text:  []string{lx.Slower.Text, welcome.Simpler}}},
		{"3 a lone question mark", "cafe", State{Step: "welcome"}, "¿?", want{
			state: State{Step: "welcome", Lost: 1},
			text:  []string{lx.Slower.Text, welcome.Simpler}}},
		{"3 a lone qué", "cafe", State{Step: "welcome"}, "¿Qué?", want{
			state: State{Step: "welcome", Lost: 1},
			text:  []string{lx.Slower.Text, welcome.Simpler}}},
		{"3 in English", "cafe", State{Step: "welcome"}, "sorry, I don't understand", want{
			state: State{Step: "welcome", Lost: 1},
			text:  []string{lx.Slower.Text, welcome.Simpler}}},
		{"3 second time adds the English and the hint", "cafe", State{Step: "welcome", Lost: 1, Quiet: 2}, "no comprendo", want{
			state: State{Step: "welcome", Lost: 2},
			text:  []string{lx.Slower.Text, welcome.Simpler, lx.TranslationIntro.Text + " " + welcome.Translation, welcome.Hint}}},
		{"3 third time moves on", "cafe", State{Step: "welcome", Lost: 2}, "no entiendo", w(cafe, "coffee")},
		{"3 qué tal is a greeting, not a question", "cafe", State{Step: "welcome"}, "¿Qué tal?", wa(cafe, "coffee")},
		{"3 sorry with an answer is an answer", "onboarding", State{Step: "name"}, "Sorry, I'm Tom", withC(w(onb, "goal"), "name", "Tom")},

		// 4. Asking for a translation.
		{"4 en inglés", "cafe", State{Step: "welcome", Lost: 1}, "¿En inglés?", want{
			state: State{Step: "welcome", Lost: 1},
			text:  []string{lx.TranslationIntro.Text, welcome.Translation}}},
		{"4 english", "onboarding", State{Step: "comfort"}, "English please", want{
			state: State{Step: "comfort"},
			text:  []string{lx.TranslationIntro.Text, comfort.Translation}}},
		{"4 wins over 3", "cafe", State{Step: "welcome"}, "No entiendo, ¿qué significa?", want{
			state: State{Step: "welcome"},
			text:  []string{lx.TranslationIntro.Text, welcome.Translation}}},

		// 5. Branches in order, collecting.
		{"5 keyword before the number intent", "onboarding", State{Step: "comfort"}, "Un poco nervioso.", withC(wp(onb, "level"), "comfort", "2")},
		{"5 no muy bien before muy bien", "onboarding", State{Step: "comfort"}, "No muy bien", withC(wp(onb, "level"), "comfort", "2")},
		{"5 muy bien", "onboarding", State{Step: "comfort"}, "¡Muy bien!", withC(wp(onb, "level"), "comfort", "5")},
		{"5 a digit", "onboarding", State{Step: "comfort"}, "3", withC(wp(onb, "level"), "comfort", "3")},
		{"5 a number word", "onboarding", State{Step: "comfort"}, "cuatro", withC(wp(onb, "level"), "comfort", "4")},
		{"5 clamped to 5", "onboarding", State{Step: "comfort"}, "8", withC(wp(onb, "level"), "comfort", "5")},
		{"5 clamped up to 1", "onboarding", State{Step: "comfort"}, "0 o 1", withC(wp(onb, "level"), "comfort", "1")},
		{"5 nothing matched, nothing collected", "onboarding", State{Step: "comfort"}, "Hmm, raro", wa(onb, "level")},
		{"5 goal", "onboarding", State{Step: "goal"}, "Para viajar.", withC(wp(onb, "comfort"), "goal", "casual")},
		{"5 goal not guessed", "onboarding", State{Step: "goal"}, "porque sí", wa(onb, "comfort")},
		{"5 level", "onboarding", State{Step: "level"}, "No muy bien", withC(wp(onb, "chat1"), "level", "elementary")},
		{"5 level intermediate", "onboarding", State{Step: "level"}, "Hablo bastante bien.", withC(wp(onb, "chat1"), "level", "intermediate")},
		{"5 name after a prefix", "onboarding", State{Step: "name"}, "me llamo ana.", withC(wp(onb, "goal"), "name", "Ana")},
		{"5 longest prefix", "onboarding", State{Step: "name"}, "Mi nombre es Lucía", withC(wp(onb, "goal"), "name", "Lucía")},
		{"5 greeting then prefix", "onboarding", State{Step: "name"}, "¡Hola, Kai! Me llamo Ana María.", withC(wp(onb, "goal"), "name", "Ana María")},
		{"5 just a name", "onboarding", State{Step: "name"}, "tom", withC(w(onb, "goal"), "name", "Tom")},
		{"5 name in the next clause", "onboarding", State{Step: "name"}, "Me llamo: «Inés»", withC(wp(onb, "goal"), "name", "Inés")},
		{"5 name capped", "onboarding", State{Step: "name"}, "Soy " + strings.Repeat("x", 100), withC(wp(onb, "goal"), "name", "X"+strings.Repeat("x", 39))},
		{"5 a greeting is no name", "onboarding", State{Step: "name"}, "¡Hola!", wa(onb, "goal")},

		// 6. Praise.
		{"6 English only is not praised", "cafe", State{Step: "welcome"}, "tea please", w(cafe, "tea")},
		{"6 a choice is praised", "cafe", State{Step: "coffee"}, "solo, GRACIAS", wp(cafe, "food")},
		{"6 a yes where a choice says yes is praised", "cafe", State{Step: "food"}, "Sí, una tostada", wp(cafe, "food_ok")},
		{"6 a yes where no choice says yes is acknowledged", "cafe", State{Step: "coffee"}, "Sí, con leche", wa(cafe, "food")},
		{"6 a greeting where no choice greets is acknowledged", "cafe", State{Step: "coffee"}, "Hola", wa(cafe, "food")},
		{"6 nothing recognised, acknowledged", "cafe", State{Step: "coffee"}, "Leche de avena", wa(cafe, "food")},
		{"6 own language alone is no answer", "onboarding", State{Step: "goal"}, "Vengo de Estados Unidos.", wa(onb, "comfort")},

		// 7. The end.
		{"7 reaching the end", "cafe", State{Step: "bill"}, "En efectivo.", want{
			state: State{Step: "goodbye", Done: true}, praise: true, text: []string{say(cafe, "goodbye")}}},
		{"7 reaching the end unmatched", "cafe", State{Step: "bill"}, "Con tarjeta.", want{
			state: State{Step: "goodbye", Done: true}, ack: true, text: []string{say(cafe, "goodbye")}}},
		{"7 answering when done", "cafe", State{Step: "goodbye", Done: true}, "adiós", want{err: ErrFinished}},
		{"7 answering the end step", "cafe", State{Step: "goodbye"}, "adiós", want{err: ErrFinished}},

		// 8. A step the script no longer has.
		{"8 unknown step restarts", "cafe", State{Step: "old_step", Lost: 2}, "hola", w(cafe, "welcome")},
		{"8 no step restarts", "cafe", State{}, "hola", w(cafe, "welcome")},

		// 9. Anything at all.
		{"9 very long", "cafe", State{Step: "coffee"}, strings.Repeat("lorem ipsum ", 1000), wa(cafe, "food")},
		{"9 emoji", "cafe", State{Step: "coffee"}, "👍🙂", wa(cafe, "food")},
		{"9 right to left", "cafe", State{Step: "coffee"}, "مرحبا كيف حالك", wa(cafe, "food")},
		{"9 another language", "cafe", State{Step: "welcome"}, "Ich hätte gern einen Kaffee", wa(cafe, "coffee")},
		{"9 invalid UTF-8", "cafe", State{Step: "coffee"}, "\xff\xfe", wa(cafe, "food")},
	} {
		t.Run(c.rule, func(t *testing.T) {
			tr, err := lib.Answer(c.scenario, "es", c.st, c.reply)
			if c.want.err != nil || err != nil {
				if !errors.Is(err, c.want.err) {
					t.Fatalf("err %v, want %v", err, c.want.err)
				}
				return
			}
			checkTurn(t, c.rule, tr)
			if tr.State != c.want.state {
				t.Errorf("state %+v, want %+v", tr.State, c.want.state)
			}
			got := lines(tr.Text)
			switch {
			case c.want.praise || c.want.ack:
				first := lx.Praise
				if c.want.ack {
					first = lx.Acknowledge
				}
				if len(got) < 2 || !isLine(first, got[0]) {
					t.Errorf("no praise or acknowledgement first (want ack %v): %q", c.want.ack, tr.Text)
				} else {
					got = got[1:]
				}
			case len(got) > 1 && (isLine(lx.Praise, got[0]) || isLine(lx.Acknowledge, got[0])):
				t.Errorf("unexpected praise or acknowledgement: %q", tr.Text)
			}
			// Praise only for a match; a reply that stays on the step or is
			// acknowledged matched nothing, and the turn says what would have.
			cur := lib.Script(c.scenario, "es").Step(c.st.Step)
			switch {
			case cur == nil: // rule 8: Begin's turn
				if tr.Matched || tr.YouCouldSay != "" {
					t.Errorf("a restart: matched %v, you could say %q", tr.Matched, tr.YouCouldSay)
				}
			case c.want.praise && !tr.Matched:
				t.Errorf("praised but not matched")
			case (c.want.ack || tr.State.Step == cur.ID) && tr.Matched:
				t.Errorf("acknowledged or stayed, but matched")
			case !tr.Matched && tr.YouCouldSay != cur.Choices[0]:
				t.Errorf("you could say %q, want the first choice %q", tr.YouCouldSay, cur.Choices[0])
			}
			if !reflect.DeepEqual(got, c.want.text) {
				t.Errorf("text\n%q\nwant\n%q", got, c.want.text)
			}
			if !reflect.DeepEqual(tr.Collected, c.want.collected) {
				t.Errorf("collected %v, want %v", tr.Collected, c.want.collected)
			}
		})
	}
}

// TestTheScriptHasTheLastWord checks where rules 3 and 4 give way to the
// script: its own choices and its own keyword branches.
func TestTheScriptHasTheLastWord(t *testing.T) {
	lib := mustLoad(t)
	for _, c := range []struct {
		scenario, lang, step, reply, want string
		lost                              int
	}{
		// A choice the step offers is an answer, even if the lexicon lists it
		// as "I don't understand".
		{"shopping", "ko", "size", "잘 모르겠어요.", "colour", 0},
		{"cafe", "es", "welcome", "No entiendo", "welcome", 1},
		// The step's keyword branch "again" beats the lexicon's "say that again".
		{"directions", "en", "way", "Could you say that again, please?", "repeat", 0},
		{"directions", "ja", "way", "わかりません", "again", 0},
		// No branch keyword: the lexicon's help.
		{"directions", "en", "way", "I don't understand", "way", 1},
	} {
		s := lib.Script(c.scenario, c.lang)
		if s == nil || s.Step(c.step) == nil || s.Step(c.want) == nil {
			t.Logf("skipped: no %s/%s step %s", c.scenario, c.lang, c.step)
			continue
		}
		tr, err := lib.Answer(c.scenario, c.lang, State{Step: c.step}, c.reply)
		if err != nil {
			t.Fatal(err)
		}
		if tr.State.Step != c.want || tr.State.Lost != c.lost {
			t.Errorf("%s/%s %s %q: state %+v, want step %s lost %d", c.scenario, c.lang, c.step, c.reply, tr.State, c.want, c.lost)
		}
	}
}

func TestTranslationsFollowTheText(t *testing.T) {
	lib := mustLoad(t)
	lx := lib.Lexicon("es")
	welcome := lib.Script("cafe", "es").Step("welcome")
	tr, _ := lib.Answer("cafe", "es", State{Step: "welcome", Lost: 1}, "no entiendo")
	want := []string{lx.Slower.Translation, welcome.SimplerTranslation, lx.TranslationIntro.Translation + " " + welcome.Translation, welcome.Hint}
	if got := lines(tr.Translation); !reflect.DeepEqual(got, want) {
		t.Errorf("translation %q, want %q", got, want)
	}
	if tr.Hint != welcome.Hint || !reflect.DeepEqual(tr.Choices, welcome.Choices) {
		t.Errorf("hint %q choices %q: not the step's", tr.Hint, tr.Choices)
	}
	tr, _ = lib.Answer("cafe", "es", State{Step: "welcome"}, "")
	if want := lx.EmptyReply.Translation + "\n" + welcome.SimplerTranslation; tr.Translation != want {
		t.Errorf("empty: translation %q, want %q", tr.Translation, want)
	}
	tr, _ = lib.Answer("cafe", "es", State{Step: "welcome"}, "un té")
	if got := lines(tr.Translation); len(got) != 2 || got[1] != lib.Script("cafe", "es").Step("tea").Translation {
		t.Errorf("advance: translation %q", tr.Translation)
	}
}

func TestPraiseIsDeterministicAndVaried(t *testing.T) {
	lib := mustLoad(t)
	seen := map[string]bool{}
	for _, reply := range []string{"Sí", "Sí, claro", "vale", "Sí, un croissant", "claro que sí", "de acuerdo", "por supuesto"} {
		a, _ := lib.Answer("cafe", "es", State{Step: "coffee"}, reply)
		b, _ := lib.Answer("cafe", "es", State{Step: "coffee"}, reply)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%q: two answers differ: %q / %q", reply, a.Text, b.Text)
		}
		seen[lines(a.Text)[0]] = true
	}
	if len(seen) < 2 {
		t.Errorf("always the same praise: %v", seen)
	}
	// The praise never repeats what the next line says anyway.
	for _, reply := range []string{"sé un poco", "un poco", "algo", "poquito", "básico"} {
		tr, _ := lib.Answer("onboarding", "es", State{Step: "level"}, reply)
		l := lines(tr.Text)
		if len(l) == 2 && strings.HasPrefix(l[1], l[0]) {
			t.Errorf("%q: praise %q repeats the line", reply, l[0])
		}
	}
}

// TestOwnScriptAloneIsNotPraised replays replies that were once praised only
// for being written in Japanese: they answer nothing the step asked.
func TestOwnScriptAloneIsNotPraised(t *testing.T) {
	lib := mustLoad(t)
	lx := lib.Lexicon("ja")
	for _, c := range []struct{ scenario, step, reply string }{
		{"onboarding", "goal", "アメリカから来ました"}, // "I came from America" to "Why are you learning Japanese?"
		{"onboarding", "chat1", "ありがとう"},     // "Thank you" to "What food do you like?"
		{"cafe", "welcome", "ええと、なにかください"},
	} {
		st := lib.Script(c.scenario, "ja").Step(c.step)
		tr, err := lib.Answer(c.scenario, "ja", State{Step: c.step}, c.reply)
		if err != nil {
			t.Fatal(err)
		}
		text, trans := lines(tr.Text), lines(tr.Translation)
		ack := slices.IndexFunc(lx.Acknowledge, func(l Line) bool { return l.Text == text[0] })
		if ack < 0 || len(text) != 2 || trans[0] != lx.Acknowledge[ack].Translation {
			t.Errorf("%s %q: not an acknowledgement then the next line:\n%s\n--\n%s", c.step, c.reply, tr.Text, tr.Translation)
		}
		if tr.Matched || tr.YouCouldSay != st.Choices[0] {
			t.Errorf("%s %q: matched %v, you could say %q; want false, %q", c.step, c.reply, tr.Matched, tr.YouCouldSay, st.Choices[0])
		}
		if strings.Contains(tr.Text, st.Choices[0]) {
			t.Errorf("%s %q: the model answer is in the text: %q", c.step, c.reply, tr.Text)
		}
	}
}

// allScripts lists every script in the library, whatever exists at run time.
func allScripts(lib *Library) [][2]string {
	var out [][2]string
	for sc, byLang := range lib.read().scripts {
		for lang := range byLang {
			out = append(out, [2]string{sc, lang})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0]+out[i][1] < out[j][0]+out[j][1] })
	return out
}

// TestEveryScriptFinishes walks every script from Begin to Done with several
// kinds of learner, each in a bounded number of turns.
func TestEveryScriptFinishes(t *testing.T) {
	lib := mustLoad(t)
	strategies := []struct {
		name  string
		reply func(lang string, tr Turn) string
	}{
		{"first choice", func(_ string, tr Turn) string {
			if len(tr.Choices) == 0 {
				return "ok"
			}
			return tr.Choices[0]
		}},
		{"last choice", func(_ string, tr Turn) string {
			if len(tr.Choices) == 0 {
				return "ok"
			}
			return tr.Choices[len(tr.Choices)-1]
		}},
		{"empty", func(string, Turn) string { return "" }},
		{"don't understand", func(string, Turn) string { return "I don't understand" }},
		{"very long", func(string, Turn) string { return strings.Repeat("blah blah, ", 1000) }},
		{"emoji", func(string, Turn) string { return "👍🙂" }},
		{"arabic", func(string, Turn) string { return "مرحبا كيف حالك" }},
		{"digits", func(string, Turn) string { return "3" }},
		{"another language", func(lang string, _ Turn) string {
			if lang == "de" {
				return "Je voudrais un café, s'il vous plaît."
			}
			return "Ich hätte gern einen Kaffee, bitte."
		}},
		{"hint example", func(_ string, tr Turn) string { return tr.Hint }},
	}
	for _, sl := range allScripts(lib) {
		scenario, lang := sl[0], sl[1]
		steps := len(lib.Script(scenario, lang).Steps)
		for i := range 2 * len(strategies) {
			// Every strategy, with each step's normal line and with its simpler one.
			strat, simple := strategies[i%len(strategies)], i >= len(strategies)
			where := fmt.Sprintf("%s/%s %s (simple %v)", scenario, lang, strat.name, simple)
			tr, err := lib.BeginFor(scenario, lang, simple)
			if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			checkTurn(t, where+" begin", tr)
			turns := 0
			for !tr.State.Done {
				if turns++; turns > 4*steps {
					t.Errorf("%s: not done after %d turns (at %s)", where, turns-1, tr.State.Step)
					break
				}
				reply := strat.reply(lang, tr)
				next, err := lib.Answer(scenario, lang, tr.State, reply)
				if err != nil {
					t.Errorf("%s: turn %d: %v", where, turns, err)
					break
				}
				checkTurn(t, fmt.Sprintf("%s turn %d (%s ← %q)", where, turns, tr.State.Step, reply), next)
				if next.State.Simple != simple {
					t.Fatalf("%s turn %d: the choice of lines was lost", where, turns)
				}
				tr = next
			}
			if tr.State.Done {
				if _, err := lib.Answer(scenario, lang, tr.State, "hola"); !errors.Is(err, ErrFinished) {
					t.Errorf("%s: answering after the end: %v", where, err)
				}
			}
		}
	}
}

// TestOnboardingCollectsWithFirstChoices taps the first choice at every step
// of every onboarding script: the profile must come out complete.
func TestOnboardingCollectsWithFirstChoices(t *testing.T) {
	lib := mustLoad(t)
	for _, lang := range lib.Languages("onboarding") {
		tr, err := lib.Begin("onboarding", lang)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for turns := 0; !tr.State.Done && turns < 50; turns++ {
			reply := "ok"
			if len(tr.Choices) > 0 {
				reply = tr.Choices[0]
			}
			if tr, err = lib.Answer("onboarding", lang, tr.State, reply); err != nil {
				t.Fatal(err)
			}
			for k, v := range tr.Collected {
				got[k] = v
			}
		}
		for _, k := range []string{"name", "goal", "comfort", "level"} {
			if got[k] == "" {
				t.Errorf("onboarding/%s: first choices collect no %s (got %v)", lang, k, got)
			}
		}
		if n := got["name"]; utf8.RuneCountInString(n) > maxNameRunes || strings.ContainsAny(n, ".。!！?？") {
			t.Errorf("onboarding/%s: name %q", lang, n)
		}
		t.Logf("onboarding/%s: %v", lang, got)
	}
}

// TestChoicesMatchTheirBranches checks the content against the engine: on
// every step that collects, each quick reply must collect something, and
// choices must never be taken for a request for help. Choices of other steps
// that take the default path are only logged (often on purpose: "Un café"
// is the café's default).
func TestChoicesMatchTheirBranches(t *testing.T) {
	lib := mustLoad(t)
	x := lib.index()
	for _, sl := range allScripts(lib) {
		scenario, lang := sl[0], sl[1]
		s := lib.Script(scenario, lang)
		for i := range s.Steps {
			st := &s.Steps[i]
			for _, ch := range st.Choices {
				tr, err := lib.Answer(scenario, lang, State{Step: st.ID}, ch)
				if err != nil {
					t.Errorf("%s/%s %s %q: %v", scenario, lang, st.ID, ch, err)
					continue
				}
				if tr.State.Step == st.ID {
					t.Errorf("%s/%s step %s: choice %q is taken for a request for help", scenario, lang, st.ID, ch)
					continue
				}
				switch {
				case st.Collect != "" && tr.Collected[st.Collect] == "":
					t.Errorf("%s/%s step %s: choice %q collects no %s", scenario, lang, st.ID, ch, st.Collect)
				case len(st.Branches) > 0 && x.branch(x.lexicons[lang], st, readReply(ch)).branch == nil:
					t.Logf("%s/%s step %s: choice %q matches no branch (takes next: %s)", scenario, lang, st.ID, ch, st.Next)
				}
			}
		}
	}
}

func TestAnswerIsSafeConcurrently(t *testing.T) {
	lib := mustLoad(t) // a fresh library: its index is built under contention
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, sl := range allScripts(lib) {
				tr, err := lib.Begin(sl[0], sl[1])
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := lib.Answer(sl[0], sl[1], tr.State, fmt.Sprint(i)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkAnswer(b *testing.B) {
	lib := mustLoad(b)
	for _, c := range []struct{ name, scenario, step, reply string }{
		{"short", "onboarding", "comfort", "Un poco nervioso."},
		{"name", "onboarding", "name", "¡Hola, Kai! Me llamo Ana María."},
		{"no match", "cafe", "coffee", "Leche de avena, por favor"},
		{"10k chars", "onboarding", "comfort", strings.Repeat("más o menos bien, ", 600)},
	} {
		b.Run(c.name, func(b *testing.B) {
			st := State{Step: c.step}
			if _, err := lib.Answer(c.scenario, "es", st, c.reply); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := lib.Answer(c.scenario, "es", st, c.reply); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// oddReplies are replies no script expects.
var oddReplies = []string{
	"", " ", "\x00", "\xff\xfe\xfd", "\u0301\u0301", "\u200f\u200e\u200b", "ـــ",
	"👍🙂", "🇯🇵", "١٠", "３", "10000000000000000000000", "-1", "0",
	"مرحبا كيف حالك", "שלום", "สวัสดีครับ", "Γειά σου", "Привет!",
	"?", "？", "؟", "...", "¿¡", "ok", "no", "yes", "I don't understand", "in English please",
}

// longReplies are tried on each script's first step only: they cost more.
var longReplies = []string{strings.Repeat("あ", 10000), strings.Repeat("é", 10000), strings.Repeat("?", 5000)}

// TestOddRepliesGiveSensibleTurns answers every step of every script with
// replies no script expects.
func TestOddRepliesGiveSensibleTurns(t *testing.T) {
	lib := mustLoad(t)
	for _, sl := range allScripts(lib) {
		s := lib.Script(sl[0], sl[1])
		for _, st := range s.Steps {
			if st.End {
				continue
			}
			replies := oddReplies
			if st.ID == s.Start {
				replies = append(replies[:len(replies):len(replies)], longReplies...)
			}
			for _, reply := range replies {
				for _, state := range []State{{Step: st.ID}, {Step: st.ID, Lost: 2, Quiet: 2}} {
					tr, err := lib.Answer(sl[0], sl[1], state, reply)
					if err != nil {
						t.Fatalf("%s/%s %s %.20q: %v", sl[0], sl[1], st.ID, reply, err)
					}
					checkTurn(t, fmt.Sprintf("%s/%s %s %.20q", sl[0], sl[1], st.ID, reply), tr)
				}
			}
		}
	}
}

func FuzzAnswer(f *testing.F) {
	lib := mustLoad(f)
	for _, r := range append(oddReplies, longReplies...) {
		f.Add(r, 0, 0)
	}
	f.Add("Un poco nervioso.", 1, 0)
	f.Fuzz(func(t *testing.T, reply string, lost, quiet int) {
		for _, step := range []string{"greet", "name", "comfort", "level"} {
			tr, err := lib.Answer("onboarding", "es", State{Step: step, Lost: lost, Quiet: quiet}, reply)
			if err != nil {
				t.Fatal(err)
			}
			checkTurn(t, step, tr)
			if n := tr.Collected["name"]; utf8.RuneCountInString(n) > maxNameRunes {
				t.Errorf("name %q too long", n)
			}
		}
	})
}

// A learner at the first level hears each step's simpler line, the whole
// conversation long; the rules are the same.
func TestASimpleConversationSaysTheSimplerLines(t *testing.T) {
	lib := mustLoad(t)
	s := lib.Script("cafe", "es")
	tr, err := lib.BeginFor("cafe", "es", true)
	if err != nil {
		t.Fatal(err)
	}
	start := s.Step(s.Start)
	if tr.Text != start.Simpler || tr.Translation != start.SimplerTranslation || !tr.State.Simple {
		t.Fatalf("simple begin = %q (%q)", tr.Text, tr.Translation)
	}
	for tr.State.Step != "" && !tr.State.Done {
		next, err := lib.Answer("cafe", "es", tr.State, tr.Choices[0])
		if err != nil {
			t.Fatal(err)
		}
		step := s.Step(next.State.Step)
		if got := lines(next.Text); got[len(got)-1] != step.Simpler {
			t.Errorf("at %s: last line %q, want the simpler %q", step.ID, got[len(got)-1], step.Simpler)
		}
		if strings.Contains(next.Text, step.Say) && step.Say != step.Simpler {
			t.Errorf("at %s: the normal line was said too", step.ID)
		}
		if len(next.Choices) == 0 {
			break
		}
		tr = next
	}
	normal, _ := lib.Begin("cafe", "es")
	if normal.Text != start.Say || normal.State.Simple {
		t.Errorf("normal begin = %q", normal.Text)
	}
}

// A turn tells whether the reply asked for help or was in English: what
// the learner's level is estimated from, with Matched.
func TestATurnTellsHelpAndEnglish(t *testing.T) {
	lib := mustLoad(t)
	begin, _ := lib.Begin("cafe", "es")
	for _, tc := range []struct {
		reply                  string
		matched, help, english bool
	}{
		{"Un café, por favor.", true, false, false},
		{"No entiendo", false, true, false},
		{"I don't understand", false, true, true},
		{"¿En inglés?", false, true, false},
		{"coffee please", false, false, true},
		{"", false, false, false},
		{"ありがとう", false, false, false},
	} {
		tr, err := lib.Answer("cafe", "es", begin.State, tc.reply)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Matched != tc.matched || tr.Help != tc.help || tr.English != tc.english {
			t.Errorf("%q: matched %v help %v english %v; want %v %v %v", tc.reply, tr.Matched, tr.Help, tr.English, tc.matched, tc.help, tc.english)
		}
	}
	en, _ := lib.Begin("cafe", "en")
	if tr, _ := lib.Answer("cafe", "en", en.State, "A coffee, please."); tr.English {
		t.Error("English in the English lesson counted as an English fallback")
	}
}

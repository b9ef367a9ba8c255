package offline

import (
	"slices"
	"strings"
	"testing"
)

// notAnswers are replies in each language's own script that answer no step
// of any script: a plain sentence about a cat, and a "thank you", the polite
// word a learner types when they do not know what to say.
var notAnswers = map[string][]string{
	"ar":  {"القطة نائمة على الكرسي.", "شكرا"},
	"de":  {"Die Katze schläft auf dem Stuhl.", "Danke schön"},
	"en":  {"The cat is sleeping on the chair.", "Thank you"},
	"es":  {"El gato duerme en la silla.", "Gracias"},
	"fil": {"Natutulog ang pusa sa upuan.", "Salamat"},
	"fr":  {"Le chat dort sur la chaise.", "Merci beaucoup"},
	"hi":  {"बिल्ली कुर्सी पर सो रही है।", "धन्यवाद"},
	"id":  {"Kucingnya tidur di kursi.", "Terima kasih"},
	"it":  {"Il gatto dorme sulla sedia.", "Grazie mille"},
	"ja":  {"猫が寝ています。", "ありがとう"},
	"ko":  {"고양이가 의자에서 자고 있어요.", "감사합니다"},
	"nl":  {"De kat slaapt op de stoel.", "Dank je wel"},
	"pt":  {"O gato está dormindo na cadeira.", "Obrigado"},
	"ru":  {"Кошка спит на стуле.", "Спасибо"},
	"tr":  {"Kedi sandalyede uyuyor.", "Teşekkürler"},
	"vi":  {"Con mèo đang ngủ trên ghế.", "Cảm ơn"},
	"zh":  {"猫在椅子上睡觉。", "谢谢"},
}

// noLetters answers nothing in any language, not even a name.
const noLetters = "🙂"

func hasText(ls []Line, text string) bool {
	return slices.ContainsFunc(ls, func(l Line) bool { return l.Text == text })
}

// TestUnmatchedRepliesAreAcknowledged answers every step of every script
// with replies that match nothing: the partner acknowledges them without
// praise, moves on along Next, and offers the step's first choice. On a step
// that collects the name, any reply with a letter is taken as the name, so
// there only the reply without letters is unmatched.
func TestUnmatchedRepliesAreAcknowledged(t *testing.T) {
	lib := mustLoad(t)
	for _, sl := range allScripts(lib) {
		scenario, lang := sl[0], sl[1]
		if notAnswers[lang] == nil {
			t.Errorf("%s: no replies to try", lang)
			continue
		}
		lx, s := lib.Lexicon(lang), lib.Script(scenario, lang)
		for _, st := range s.Steps {
			if st.End {
				continue
			}
			for _, reply := range append([]string{noLetters}, notAnswers[lang]...) {
				where := scenario + "/" + lang + " " + st.ID + " ← " + reply
				tr, err := lib.Answer(scenario, lang, State{Step: st.ID}, reply)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				checkTurn(t, where, tr)
				if st.Collect == "name" && reply != noLetters {
					if !tr.Matched || tr.Collected["name"] == "" {
						t.Errorf("%s: matched %v, collected %v; a name step takes any reply as the name", where, tr.Matched, tr.Collected)
					}
					continue
				}
				text := lines(tr.Text)
				for _, l := range text {
					if hasText(lx.Praise, l) {
						t.Errorf("%s: praised: %q", where, tr.Text)
					}
				}
				if len(text) != 2 || !hasText(lx.Acknowledge, text[0]) {
					t.Errorf("%s: not an acknowledgement then the next line: %q", where, tr.Text)
				}
				if tr.Matched || tr.YouCouldSay != st.Choices[0] || tr.Collected != nil {
					t.Errorf("%s: matched %v, you could say %q, collected %v; want false, %q, nothing", where, tr.Matched, tr.YouCouldSay, tr.Collected, st.Choices[0])
				}
				if tr.State.Step != st.Next {
					t.Errorf("%s: went to %s, want the default %s", where, tr.State.Step, st.Next)
				}
			}
		}
	}
}

// TestChoicesAndKeywordsAreMatched answers every step of every script with
// each of its choices and each of its branches' keywords: each one matched,
// so it is never merely acknowledged and carries no model answer.
func TestChoicesAndKeywordsAreMatched(t *testing.T) {
	lib := mustLoad(t)
	for _, sl := range allScripts(lib) {
		scenario, lang := sl[0], sl[1]
		lx, s := lib.Lexicon(lang), lib.Script(scenario, lang)
		for _, st := range s.Steps {
			replies := slices.Clone(st.Choices)
			for _, b := range st.Branches {
				for _, k := range b.Keywords {
					if normalize(k) != "" {
						replies = append(replies, k)
					}
				}
			}
			for _, reply := range replies {
				where := scenario + "/" + lang + " " + st.ID + " ← " + reply
				tr, err := lib.Answer(scenario, lang, State{Step: st.ID}, reply)
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				checkTurn(t, where, tr)
				text := lines(tr.Text)
				if !tr.Matched || tr.YouCouldSay != "" || hasText(lx.Acknowledge, text[0]) {
					t.Errorf("%s: matched %v, you could say %q, text %q", where, tr.Matched, tr.YouCouldSay, tr.Text)
				}
				if len(text) == 2 && !hasText(lx.Praise, text[0]) {
					t.Errorf("%s: two lines, the first no praise: %q", where, tr.Text)
				}
			}
		}
	}
}

// claimsOfCorrectness are words that say a reply was right or good, per
// language; English ones are checked in every translation too.
var claimsOfCorrectness = map[string][]string{
	"en":  {"perfect", "correct", "that's right", "excellent", "great", "well done", "good", "nice", "bravo"},
	"ar":  {"ممتاز", "صحيح", "أحسنت", "رائع", "ممتازة"},
	"de":  {"perfekt", "richtig", "ausgezeichnet", "super", "gut", "prima", "toll"},
	"es":  {"perfecto", "correcto", "excelente", "bien", "genial", "exacto"},
	"fil": {"perpekto", "tama", "galing", "husay", "mahusay"},
	"fr":  {"parfait", "correct", "excellent", "bien", "bravo", "exact"},
	"hi":  {"बिल्कुल सही", "सही", "शाबाश", "बढ़िया", "उत्तम"},
	"id":  {"sempurna", "benar", "betul", "bagus", "hebat", "tepat"},
	"it":  {"perfetto", "corretto", "esatto", "ottimo", "bene", "bravo"},
	"ja":  {"完璧", "正解", "素晴らしい", "すばらしい", "正しい", "上手", "すごい"},
	"ko":  {"완벽", "정답", "맞아요", "잘했", "훌륭", "좋아요"},
	"nl":  {"perfect", "juist", "uitstekend", "goed", "correct", "super"},
	"pt":  {"perfeito", "correto", "certo", "excelente", "ótimo", "bem"},
	"ru":  {"идеально", "правильно", "отлично", "молодец", "хорошо", "верно"},
	"tr":  {"mükemmel", "doğru", "harika", "aferin", "güzel"},
	"vi":  {"hoàn hảo", "đúng", "giỏi", "tuyệt", "chính xác"},
	"zh":  {"完美", "正确", "对", "很好", "棒", "不错"},
}

// TestAcknowledgementsNeverClaimCorrectness holds every lexicon's
// acknowledgements to their promise: they take in a reply, never judge it.
func TestAcknowledgementsNeverClaimCorrectness(t *testing.T) {
	lib := mustLoad(t)
	for _, lang := range allLanguages {
		lx := lib.Lexicon(lang)
		if lx == nil {
			continue
		}
		if claimsOfCorrectness[lang] == nil {
			t.Errorf("%s: no words to check", lang)
		}
		if n := len(lx.Acknowledge); n < 2 || n > 4 {
			t.Errorf("%s: %d acknowledgements, want 2 to 4", lang, n)
		}
		for _, a := range lx.Acknowledge {
			if hasText(lx.Praise, a.Text) {
				t.Errorf("%s: %q is praise too", lang, a.Text)
			}
			for _, side := range []struct{ text, lang string }{{a.Text, lang}, {a.Translation, "en"}} {
				lower := strings.ToLower(side.text)
				for _, w := range claimsOfCorrectness[side.lang] {
					if strings.Contains(lower, w) {
						t.Errorf("%s: acknowledgement %q (%q) says %q", lang, a.Text, a.Translation, w)
					}
				}
			}
		}
	}
}

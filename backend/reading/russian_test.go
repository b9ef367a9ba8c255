package reading

import "testing"

// Expected romanizations written by hand from the BGN/PCGN 1947 table.
func TestRussianBGNPCGN(t *testing.T) {
	checkLines(t, "ru", []struct{ in, want string }{
		{"Привет, как дела?", "Привет(Privet), как(kak) дела(dela)?"},
		{"Щука", "Щука(Shchuka)"},
		{"Юля", "Юля(Yulya)"},
		{"объём", "объём(obʺyëm)"},
		// е and ё: ye and yë at the start, after a vowel, й, ъ or ь.
		{"Ельцин", "Ельцин(Yelʹtsin)"},
		{"Шереметьево", "Шереметьево(Sheremetʹyevo)"},
		{"поезд моей", "поезд(poyezd) моей(moyey)"},
		{"Озёрный подъезд", "Озёрный(Ozërnyy) подъезд(podʺyezd)"},
		// The pangram: every letter of the alphabet.
		{"Съешь же ещё этих мягких французских булок, да выпей чаю.",
			"Съешь(Sʺyeshʹ) же(zhe) ещё(yeshchë) этих(etikh) мягких(myagkikh) французских(frantsuzskikh) " +
				"булок(bulok), да(da) выпей(vypey) чаю(chayu)."},
		// Capitals: a digraph is capitalized, or all capitals in a word so written.
		{"Я ЦСКА Ёлка", "Я(Ya) ЦСКА(TSSKA) Ёлка(Yëlka)"},
		// A stress mark stays on its vowel; a decomposed ё reads as ё.
		{"молоко\u0301 и е\u0308лка", "молоко\u0301(molok\u00f3) и(i) е\u0308лка(y\u00eblka)"},
		{"кто-нибудь 2024 года", "кто(kto)-нибудь(nibudʹ) 2024 года(goda)"},
	})
}

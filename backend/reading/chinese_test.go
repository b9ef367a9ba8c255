package reading

import "testing"

// Expected pinyin written by hand from a dictionary: citation tones, as
// printed over single characters (no tone sandhi).
func TestChinesePinyin(t *testing.T) {
	checkLines(t, "zh", []struct{ in, want string }{
		{"你好，我叫李明。", "你(nǐ)好(hǎo)，我(wǒ)叫(jiào)李(lǐ)明(míng)。"},
		{"我们去北京吧", "我(wǒ)们(men)去(qù)北(běi)京(jīng)吧(ba)"},
		{"我有3个iPhone。", "我(wǒ)有(yǒu)3个(gè)iPhone。"},
		{"學習中文", "學(xué)習(xí)中(zhōng)文(wén)"},
	})
}

// A character with several readings gets its first, the commonest.
func TestChineseHeteronymsTakeTheFirstReading(t *testing.T) {
	checkLines(t, "zh", []struct{ in, want string }{
		{"行", "行(xíng)"},
		{"都", "都(dōu)"},
		{"还", "还(hái)"},
		{"了", "了(le)"},
	})
}

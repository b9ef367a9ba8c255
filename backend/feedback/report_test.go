package feedback_test

import (
	"reflect"
	"testing"
	"time"

	"kaiwa/backend/feedback"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func at(d string) time.Time {
	dur, err := time.ParseDuration(d)
	if err != nil {
		panic(err)
	}
	return t0.Add(dur)
}

func TestFiguresOfACafeConversation(t *testing.T) {
	fix := &feedback.Correction{
		Corrected:   "Sí, con leche, por favor.",
		Explanation: "Sí (yes) has an accent.",
		NewWords:    []feedback.Word{{"leche", "", "milk"}, {"Café", "", "coffee"}},
	}
	turns := []feedback.Turn{
		{Text: "¡Hola! ¿Qué quieres tomar?", At: t0},
		{Learner: true, Text: "Hola, yo quiero un café.", At: at("40s"), Correction: &feedback.Correction{
			Corrected: "Hola, yo quiero un café.", NewWords: []feedback.Word{{"café", "", "coffee"}}}},
		{Text: "¿Con leche?", At: at("1m")},
		{Learner: true, Text: "Si, con leche por favor ", At: at("1m30s"), Correction: fix},
		{Text: "Son tres euros.", At: at("2m")},
		// The learner was away for seven minutes.
		{Learner: true, Text: "Aquí tienes, por favor", At: at("9m")},
		{Text: "¡Gracias!", At: at("9m20s")},
		// A line saved without a time counts for everything but time.
		{Learner: true, Text: "Hola hola —"},
	}
	got := feedback.Figures(turns, "Spanish")
	want := feedback.Report{
		// 40 + 20 + 30 + 30 (+ 420 away, left out) + 20.
		Seconds: 140,
		// 140 s is 2⅓ minutes.
		Minutes: 2,
		Turns:   4,
		// hola yo quiero un café | si con leche por favor | aquí tienes por favor | hola hola
		Words: 5 + 5 + 4 + 2,
		// hola yo quiero un café si con leche por favor aquí tienes
		DistinctWords: 12,
		Corrections: []feedback.CorrectedLine{{
			Before: "Si, con leche por favor", After: "Sí, con leche, por favor.", Explanation: "Sí (yes) has an accent.",
			Diff: []feedback.Token{
				{Text: "Si, ", Op: feedback.Removed}, {Text: "Sí, ", Op: feedback.Added},
				{Text: "con ", Op: feedback.Same},
				{Text: "leche ", Op: feedback.Removed}, {Text: "leche, ", Op: feedback.Added},
				{Text: "por ", Op: feedback.Same},
				{Text: "favor", Op: feedback.Removed}, {Text: "favor.", Op: feedback.Added},
			},
		}},
		// "Café" is "café" again.
		NewWords: []feedback.Word{{"café", "", "coffee"}, {"leche", "", "milk"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestFiguresCountWords(t *testing.T) {
	for _, tc := range []struct {
		name, target    string
		lines           []string
		words, distinct int
	}{
		// 私は コー ヒー が好 きで す (11 characters: 6 pairs), then
		// コー ヒー をく ださ い (9 characters: 5 pairs, 3 of them new).
		{"japanese in pairs of characters", "Japanese", []string{"私はコーヒーが好きです。", "コーヒーをください"}, 11, 9},
		{"punctuation splits a run", "Japanese", []string{"はい、そうです"}, 1 + 2, 3},
		{"latin inside japanese", "Japanese", []string{"私はTomです"}, 3, 3},
		{"chinese", "Chinese", []string{"我想喝咖啡。"}, 3, 3},
		{"korean by spaces", "Korean", []string{"저는 학생이에요. 저는 학생이에요"}, 4, 2},
		{"arabic by spaces", "Arabic", []string{"أنا أحب القهوة"}, 3, 3},
		{"punctuation and symbols alone are no words", "Spanish", []string{"¡Hola! — ... :) 3 €"}, 2, 2},
		{"inner punctuation stays", "English", []string{"I don't like e-mail, I don't."}, 6, 4},
		{"turkish case rules", "Turkish", []string{"Işık ışık"}, 2, 1},
		{"other languages' case rules", "tr-less", []string{"Işık ışık"}, 2, 2},
		{"no lines", "Spanish", nil, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var turns []feedback.Turn
			for _, l := range tc.lines {
				turns = append(turns, feedback.Turn{Learner: true, Text: l})
			}
			r := feedback.Figures(turns, tc.target)
			if r.Words != tc.words || r.DistinctWords != tc.distinct {
				t.Errorf("%d words, %d distinct; want %d, %d", r.Words, r.DistinctWords, tc.words, tc.distinct)
			}
		})
	}
}

func TestFiguresTime(t *testing.T) {
	for _, tc := range []struct {
		name             string
		times            []string
		seconds, minutes int
	}{
		{"a pause of exactly five minutes counts", []string{"0s", "5m", "10m1s"}, 300, 5},
		{"under half a minute is still a minute", []string{"0s", "29s"}, 29, 1},
		{"89 s round down", []string{"0s", "89s"}, 89, 1},
		{"90 s round up", []string{"0s", "90s"}, 90, 2},
		{"out of order", []string{"1m", "0s", "2m"}, 120, 2},
		{"one message", []string{"0s"}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var turns []feedback.Turn
			for i, d := range tc.times {
				turns = append(turns, feedback.Turn{Learner: i%2 == 1, Text: "hola", At: at(d)})
			}
			r := feedback.Figures(turns, "Spanish")
			if r.Seconds != tc.seconds || r.Minutes != tc.minutes {
				t.Errorf("%d s, %d min; want %d s, %d min", r.Seconds, r.Minutes, tc.seconds, tc.minutes)
			}
		})
	}
}

func TestFiguresOfNothing(t *testing.T) {
	r := feedback.Figures(nil, "")
	if r.Corrections == nil || r.NewWords == nil {
		t.Errorf("nil lists in %+v: the page expects []", r)
	}
	if r.Seconds != 0 || r.Turns != 0 || r.Words != 0 || len(r.Corrections) != 0 || len(r.NewWords) != 0 {
		t.Errorf("figures from nothing: %+v", r)
	}
}

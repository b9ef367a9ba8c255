package level

import (
	"context"
	"slices"
	"testing"

	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

func TestParseReadsALevelAsModelsWriteIt(t *testing.T) {
	for in, want := range map[string]string{
		"B1": "B1", "b2": "B2", "B1 (intermediate)": "B1", "Level: a2.": "A2", "C2": "C2", " c1 ": "C1",
		"": "", "intermediate": "", "A3": "", "TAB1": "", "B12": "", "level 3": "",
	} {
		got, ok := Parse(in)
		if got != want || ok != (want != "") {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// aiSession is a session with the AI partner that judged the learner at
// verdict, long enough to be full evidence.
func aiSession(verdict string) Session {
	return Session{Partner: PartnerAI, Turns: 8, Words: 40, Corrections: 2, Verdict: verdict}
}

// One session moves the level at most one step, however far its evidence.
func TestOneSessionMovesTheLevelAtMostOneStep(t *testing.T) {
	for _, tc := range []struct {
		from, verdict string
		want          string
	}{
		{"A1", "C2", "A2"},
		{"A1", "B2", "A2"},
		{"C2", "A1", "C1"},
		{"B1", "A1", "A2"},
		{"B1", "B1", "B1"},
	} {
		e := Estimate{Level: tc.from, Position: float64(index(tc.from)), Confidence: 0.5}
		got := Update(e, aiSession(tc.verdict))
		if got.Level != tc.want {
			t.Errorf("%s after a %s session: %s, want %s", tc.from, tc.verdict, got.Level, tc.want)
		}
		if d := index(got.Level) - index(tc.from); d > 1 || d < -1 {
			t.Errorf("%s moved %d steps", tc.from, d)
		}
	}
}

// Session after session of the same evidence, the level climbs a step at a
// time, stops there, and Kaiwa grows surer.
func TestTheLevelFollowsSteadyEvidenceAndConfidenceGrows(t *testing.T) {
	e := Start("beginner")
	var path []string
	for range 8 {
		e = Update(e, aiSession("B2"))
		path = append(path, e.Level)
	}
	// Position 0 → 1 → 1.8 → 2.4 …: never two steps in one session, and B2 in the end.
	for i := 1; i < len(path); i++ {
		if d := index(path[i]) - index(path[i-1]); d < 0 || d > 1 {
			t.Fatalf("path %v moves %d steps at %d", path, d, i)
		}
	}
	if path[len(path)-1] != "B2" || path[0] != "A2" {
		t.Errorf("path %v, want A2 first and B2 in the end", path)
	}
	before := e.Confidence
	for range 3 {
		e = Update(e, aiSession("B2"))
	}
	if e.Level != "B2" || e.Confidence <= before || e.Confidence > 1 {
		t.Errorf("steady at B2: %s, confidence %.2f (was %.2f)", e.Level, e.Confidence, before)
	}
	if e.Sessions != 11 {
		t.Errorf("sessions %d, want 11", e.Sessions)
	}
}

// A single odd session does not undo a settled level: a short one weighs
// little, and even a full one moves the position, not (yet) the level.
func TestOneOddSessionDoesNotUndoASettledLevel(t *testing.T) {
	e := Estimate{Level: "B1", Position: 2, Confidence: 0.8}
	short := Update(e, Session{Partner: PartnerAI, Turns: 1, Words: 2, Verdict: "A1"})
	if short.Level != "B1" {
		t.Errorf("one short A1 session moved B1 to %s", short.Level)
	}
	if short.Confidence >= e.Confidence {
		t.Errorf("disagreeing evidence kept confidence at %.2f", short.Confidence)
	}
	full := Update(e, aiSession("A2"))
	if full.Level != "B1" || full.Position >= 2 {
		t.Errorf("one A2 session: %s at %.2f, want B1 below 2", full.Level, full.Position)
	}
}

// A session with no learner turn is no evidence.
func TestASilentSessionChangesNothing(t *testing.T) {
	e := Start("elementary")
	if got := Update(e, Session{Partner: PartnerAI, Verdict: "C2"}); got.Level != "A2" || got.Sessions != 0 {
		t.Errorf("a silent session changed %+v to %+v", e, got)
	}
}

// The offline partner's measured signals, on fixed sessions.
func TestOfflineSignalsPointToALevel(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Session
		want float64
	}{
		{"one word per answer, most matched", Session{Partner: PartnerOffline, Turns: 6, Words: 7, Matched: 5}, 0},
		{"short sentences that fit", Session{Partner: PartnerOffline, Turns: 6, Words: 24, Matched: 5}, 1},
		{"full sentences that fit", Session{Partner: PartnerOffline, Turns: 6, Words: 40, Matched: 6}, 2},
		{"long answers stop at B1 offline", Session{Partner: PartnerOffline, Turns: 6, Words: 90, Matched: 6}, 2},
		{"long answers that fit nothing", Session{Partner: PartnerOffline, Turns: 6, Words: 40, Matched: 1}, 1},
		{"lost and in English", Session{Partner: PartnerOffline, Turns: 6, Words: 24, Matched: 4, Help: 1, English: 1}, 0},
		{"lost, in English and unmatched", Session{Partner: PartnerOffline, Turns: 6, Words: 40, Matched: 2, Help: 2, English: 1}, 0},
	} {
		p, w, ok := Evidence(tc.s)
		if !ok || p != tc.want {
			t.Errorf("%s: evidence %.1f (%v), want %.1f", tc.name, p, ok, tc.want)
		}
		if w != offlineWeight {
			t.Errorf("%s: weight %.2f, want %.2f (six turns, offline)", tc.name, w, offlineWeight)
		}
	}
	// Without a verdict, an AI session's figures count, for less.
	if p, w, _ := Evidence(Session{Partner: PartnerAI, Turns: 6, Words: 40, Corrections: 5}); p != 1 || w != measuredWeight {
		t.Errorf("AI without verdict, many corrections: %.1f weighing %.2f", p, w)
	}
}

// Why compares the session with the learner's sessions so far.
func TestWhySaysWhatChanged(t *testing.T) {
	e := Update(Start("beginner"), Session{Partner: PartnerAI, Turns: 6, Words: 12, Corrections: 4, Verdict: "A1"})
	if len(e.Why) != 2 || e.Why[0] != "first session: 2.0 words per answer" {
		t.Errorf("first session why %q", e.Why)
	}
	e = Update(e, Session{Partner: PartnerAI, Turns: 6, Words: 36, Corrections: 1, Verdict: "B1"})
	want := []string{"longer answers", "fewer corrections", "your partner judged this session B1"}
	if !slices.Equal(e.Why, want) || e.Change != "up" || e.Level != "A2" {
		t.Errorf("second session: %s %s why %q, want up to A2 because %q", e.Change, e.Level, e.Why, want)
	}
	off := Update(e, Session{Partner: PartnerOffline, Turns: 5, Words: 5, Matched: 1, Help: 2, English: 2})
	if !slices.Contains(off.Why, "shorter answers") || off.Change != "same" {
		t.Errorf("an offline session that went worse: %s why %q", off.Change, off.Why)
	}
	again := Update(off, Session{Partner: PartnerOffline, Turns: 5, Words: 10, Matched: 5})
	for _, w := range []string{"more answers that fit", "asked for help less", "less English"} {
		if !slices.Contains(again.Why, w) {
			t.Errorf("a better offline session: why %q lacks %q", again.Why, w)
		}
	}
}

func TestTheLearnersChoiceWins(t *testing.T) {
	e, err := Choose(Start(""), "B2")
	if err != nil || e.InUse() != "B2" || e.Level != "A1" {
		t.Fatalf("chosen B2: in use %s, estimate %s (%v)", e.InUse(), e.Level, err)
	}
	e = Update(e, aiSession("A1"))
	if e.InUse() != "B2" {
		t.Errorf("a session overrode the learner's choice: %s", e.InUse())
	}
	if e, _ = Choose(e, ""); e.InUse() != "A1" {
		t.Errorf("handed back: %s, want the estimate A1", e.InUse())
	}
	if _, err := Choose(e, "D1"); err == nil {
		t.Error("D1 was accepted")
	}
}

// The service keeps the level in user_learning_stats, counts a session
// once, and keeps the learner's choice through sessions.
func TestServiceKeepsTheLevelPerLanguage(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	u, err := st.CreateUser(ctx, store.NewUser{IsGuest: false, DisplayName: "Ana", TargetLanguage: "es", Level: "elementary"})
	if err != nil {
		t.Fatal(err)
	}
	svc := &Service{Store: st, Learner: func(context.Context) (store.User, error) { return st.User(ctx, u.ID) }}
	u, _ = st.User(ctx, u.ID)
	if e, _ := svc.Of(ctx, u, "es"); e.Level != "A2" || e.Sessions != 0 {
		t.Errorf("start in the declared language: %+v", e)
	}
	if e, _ := svc.Of(ctx, u, "fr"); e.Level != "A1" {
		t.Errorf("start in another language: %+v", e)
	}
	e, err := svc.Record(ctx, u, "es", "conv-1", aiSession("B2"))
	if err != nil || e.Level != "B1" || e.Sessions != 1 {
		t.Fatalf("after a B2 session: %+v, %v", e, err)
	}
	if again, _ := svc.Record(ctx, u, "es", "conv-1", aiSession("B2")); again.Sessions != 1 || again.Position != e.Position {
		t.Errorf("a session counted twice: %+v", again)
	}
	if _, err := svc.Choose(ctx, "es", "Z9"); err == nil {
		t.Error("a made-up level was accepted")
	}
	if _, err := svc.Choose(ctx, "xx", "B1"); err == nil {
		t.Error("a made-up language was accepted")
	}
	if l, err := svc.Choose(ctx, "es", "A1"); err != nil || l.InUse() != "A1" || l.Level != "B1" {
		t.Fatalf("choose A1: %+v, %v", l, err)
	}
	e, _ = svc.Record(ctx, u, "es", "conv-2", aiSession("B2"))
	if e.InUse() != "A1" || e.Level != "B2" || e.Sessions != 2 {
		t.Errorf("after another session: in use %s, estimate %s, %d sessions", e.InUse(), e.Level, e.Sessions)
	}
	if _, err := svc.Record(ctx, u, "fr", "conv-3", Session{Partner: PartnerOffline, Turns: 3, Words: 3, Matched: 3}); err != nil {
		t.Fatal(err)
	}
	all, err := svc.Levels(ctx)
	if err != nil || len(all) != 2 || all[0].Code != "es" || all[1].Code != "fr" || all[1].Level != "A1" {
		t.Errorf("levels %+v, %v", all, err)
	}
}

package conversation

import (
	"slices"
	"strings"
	"testing"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/store"
)

// play starts a scenario offline and sends these replies ("" for each: the
// step's first quick reply) until the script ends or they run out.
func play(t *testing.T, svc *Service, ev *events, scenario, lang string, replies ...string) View {
	t.Helper()
	name := stream()
	v, err := svc.Start(t.Context(), scenario, lang, name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	for _, reply := range replies {
		if v.Finished {
			break
		}
		if reply == "" {
			reply = v.Messages[len(v.Messages)-1].Choices[0]
		}
		name := stream()
		if _, err := svc.Send(t.Context(), v.Conversation.ID, reply, name); err != nil {
			t.Fatal(err)
		}
		ev.waitDone(t, name)
		if v, err = svc.Open(t.Context(), v.Conversation.ID); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

func attemptOf(t *testing.T, svc *Service, conversationID string) store.Attempt {
	t.Helper()
	a, err := svc.Store.AttemptOf(t.Context(), conversationID)
	if err != nil {
		t.Fatalf("no attempt for %s: %v", conversationID, err)
	}
	return a
}

// Every run of a scenario is an attempt: finished when the scene is
// complete, abandoned when the learner ends it early, leaves it for a new
// try or deletes it.
func TestAttemptsAreFinishedOrAbandoned(t *testing.T) {
	svc, ev := newService(t, nil)
	left := play(t, svc, ev, "greetings", "es", "")
	if a := attemptOf(t, svc, left.Conversation.ID); a.Status != store.AttemptStarted || a.Level != "A1" || a.ScenarioID != "greetings" {
		t.Fatalf("a new attempt: %+v", a)
	}

	done := play(t, svc, ev, "greetings", "es", "", "", "", "", "", "", "", "", "")
	if !done.Finished {
		t.Fatal("the scene never ended")
	}
	if a := attemptOf(t, svc, left.Conversation.ID); a.Status != store.AttemptAbandoned || a.EndedAt == "" {
		t.Errorf("the attempt left for a new one: %+v", a)
	}
	// The end of the script finishes the attempt, before End is pressed.
	finished := attemptOf(t, svc, done.Conversation.ID)
	if finished.Status != store.AttemptFinished || finished.Turns < 5 {
		t.Errorf("a scene played to its end: %+v", finished)
	}
	if _, err := svc.End(t.Context(), done.Conversation.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Rate(t.Context(), done.Conversation.ID, 4, 4, 4); err != nil {
		t.Fatal(err)
	}
	if a := attemptOf(t, svc, done.Conversation.ID); a.Status != store.AttemptFinished || a.ComfortRating == 0 || a.EndedAt != finished.EndedAt {
		t.Errorf("after End and the ratings: %+v", a)
	}

	early := play(t, svc, ev, "cafe", "es", "")
	if _, err := svc.End(t.Context(), early.Conversation.ID); err != nil {
		t.Fatal(err)
	}
	if a := attemptOf(t, svc, early.Conversation.ID); a.Status != store.AttemptAbandoned || a.Turns != 1 {
		t.Errorf("a scene ended after one turn: %+v", a)
	}

	deleted := play(t, svc, ev, "shopping", "es")
	if err := svc.Delete(t.Context(), deleted.Conversation.ID); err != nil {
		t.Fatal(err)
	}
	if a := attemptOf(t, svc, deleted.Conversation.ID); a.Status != store.AttemptAbandoned {
		t.Errorf("a deleted conversation's attempt: %+v", a)
	}

	tries, err := svc.Tries(t.Context(), "es")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tr := range tries {
		got[tr.ScenarioID] = strings.Repeat("+", tr.Tries) + tr.Last.Status
	}
	want := map[string]string{"greetings": "++finished", "cafe": "+abandoned", "shopping": "+abandoned"}
	if len(got) != len(want) {
		t.Errorf("tries %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("tries of %s: %q, want %q", k, got[k], v)
		}
	}
	if other, _ := svc.Tries(t.Context(), "ja"); len(other) != 0 {
		t.Errorf("tries in another language: %+v", other)
	}
}

// With the AI partner a scene finishes after FinishedTurns learner turns.
func TestAIAttemptsFinishAfterEnoughTurns(t *testing.T) {
	svc, ev, srv := newAIService(t)
	srv.Answer(`{"corrected": "Un café.", "explanation": "", "new_words": []}`)
	for _, turns := range []int{FinishedTurns - 1, FinishedTurns} {
		id := startAI(t, svc, ev, srv)
		for range turns {
			srv.Reply("¿Algo más?")
			name := stream()
			if _, err := svc.Send(t.Context(), id, "Un café.", name); err != nil {
				t.Fatal(err)
			}
			ev.waitDone(t, name)
		}
		if _, err := svc.End(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		want := store.AttemptAbandoned
		if turns >= FinishedTurns {
			want = store.AttemptFinished
		}
		if a := attemptOf(t, svc, id); a.Status != want || a.Turns != turns {
			t.Errorf("%d turns: %+v, want %s", turns, a, want)
		}
	}
	// Free talk is no scenario, and no attempt.
	srv.Reply("¡Hola!")
	name := stream()
	v, err := svc.Start(t.Context(), FreeTalk, "es", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	if _, err := svc.Store.AttemptOf(t.Context(), v.Conversation.ID); err == nil {
		t.Error("free talk made an attempt")
	}
}

// The offline partner's signals on fixed conversations: what the learner's
// replies were, counted turn by turn, and where they put the level.
func TestOfflineSignalsOnFixedConversations(t *testing.T) {
	for _, tc := range []struct {
		name    string
		replies []string
		// The session's tally, the level signals kept after it, and the
		// level's position: one offline session moves it a little, not a step.
		want           tally
		matched, help  float64
		english        float64
		level, because string
		position       float64
	}{
		{
			name:    "quick replies all the way",
			replies: []string{"", "", "", "", "", "", ""},
			want:    tally{Replies: 5, Matched: 5},
			matched: 1, level: "A1", because: "first session: 4.2 words per answer", position: 0.285,
		},
		{
			name:    "lost, in English, then one answer",
			replies: []string{"No entiendo", "No entiendo", "coffee please", "Con leche, por favor.", "ok"},
			want:    tally{Replies: 5, Matched: 1, Help: 2, English: 2},
			matched: 0.2, help: 0.4, english: 0.4, level: "A1", because: "first session: 2.2 words per answer",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, ev := newService(t, nil)
			learner, _ := svc.Learner(t.Context())
			v := play(t, svc, ev, "cafe", "es", tc.replies...)
			conv, _ := svc.Store.Conversation(t.Context(), v.Conversation.ID)
			if got := offlineTally(conv.PartnerState); got != tc.want {
				t.Errorf("tally %+v, want %+v", got, tc.want)
			}
			if _, err := svc.End(t.Context(), conv.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Report(t.Context(), conv.ID); err != nil {
				t.Fatal(err)
			}
			row, err := svc.Store.LearningStats(t.Context(), learner.ID, "es")
			if err != nil {
				t.Fatal(err)
			}
			for name, c := range map[string]struct {
				got  *float64
				want float64
			}{"matched": {row.MatchedShare, tc.matched}, "help": {row.HelpShare, tc.help}, "english": {row.EnglishShare, tc.english}} {
				if c.got == nil || *c.got != c.want {
					t.Errorf("%s share %v, want %v", name, c.got, c.want)
				}
			}
			if row.CorrectionRate != nil || row.Sessions != 1 || row.Level != tc.level || row.Position != tc.position || !slices.Contains(row.Why, tc.because) {
				t.Errorf("stats %+v: want level %s because %q", row, tc.level, tc.because)
			}
			// The report is kept: asking again counts nothing twice.
			svc.Report(t.Context(), conv.ID)
			if again, _ := svc.Store.LearningStats(t.Context(), learner.ID, "es"); again.Sessions != 1 {
				t.Errorf("the session counted %d times", again.Sessions)
			}
		})
	}
}

// A learner at A1 (shown by a session, or chosen) hears the offline
// partner's simpler lines; before any session, or from A2 on, the normal
// ones.
func TestTheOfflinePartnerSpeaksToTheLevel(t *testing.T) {
	svc, ev := newService(t, nil)
	script := svc.Library.Script("cafe", "es")
	step := script.Steps[0]
	opening := func() store.Message {
		t.Helper()
		return play(t, svc, ev, "cafe", "es").Messages[0]
	}
	if m := opening(); m.Content != step.Say {
		t.Errorf("before any session the partner opened with %q, want %q", m.Content, step.Say)
	}
	if _, err := svc.Levels.Choose(t.Context(), "es", "A1"); err != nil {
		t.Fatal(err)
	}
	v := play(t, svc, ev, "cafe", "es", "")
	if m := v.Messages[0]; m.Content != step.Simpler || m.Translation != step.SimplerTranslation {
		t.Errorf("at A1 the partner opened with %q (%q), want the simpler %q", m.Content, m.Translation, step.Simpler)
	}
	if next := v.Messages[len(v.Messages)-1].Content; !strings.HasSuffix(next, script.Step("coffee").Simpler) {
		t.Errorf("at A1 the next line was %q, want the simpler %q", next, script.Step("coffee").Simpler)
	}
	if _, err := svc.Levels.Choose(t.Context(), "es", "A2"); err != nil {
		t.Fatal(err)
	}
	if m := opening(); m.Content != step.Say {
		t.Errorf("at A2 the partner opened with %q, want %q", m.Content, step.Say)
	}
	// Back to the estimate, after a session that showed A1.
	if _, err := svc.Levels.Choose(t.Context(), "es", ""); err != nil {
		t.Fatal(err)
	}
	lost := play(t, svc, ev, "cafe", "es", "No entiendo", "?", "ok")
	svc.End(t.Context(), lost.Conversation.ID)
	if _, err := svc.Report(t.Context(), lost.Conversation.ID); err != nil {
		t.Fatal(err)
	}
	if m := opening(); m.Content != step.Simpler {
		t.Errorf("after a session at A1 the partner opened with %q, want the simpler %q", m.Content, step.Simpler)
	}
}

func systemPrompt(t *testing.T, srv *endpointtest.Server) string {
	t.Helper()
	for _, r := range slices.Backward(srv.Requests()) {
		if r.Stream {
			return r.Messages[0].Content
		}
	}
	t.Fatal("no reply was asked for")
	return ""
}

// The AI partner's report judges the level; Kaiwa moves a step towards it,
// says why, and the next conversation's prompt speaks to the new level, or
// to the one the learner chose.
func TestTheReportsLevelMovesTheLevelAndThePromptFollows(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	if p := systemPrompt(t, srv); !strings.Contains(p, "Their CEFR level in Spanish: A1 (a first guess, before any session)") || !strings.Contains(p, "Their level: beginner") {
		t.Fatalf("the first prompt:\n%s", p)
	}
	// Six learner turns or more: a session that counts in full.
	srv.Answer(`{"corrected": "Quisiera un café con leche, por favor.", "explanation": "", "new_words": []}`)
	for range 6 {
		srv.Reply("¡Claro!")
		name := stream()
		sent, _ := svc.Send(t.Context(), id, "Quisiera un café con leche, por favor.", name)
		ev.waitDone(t, name)
		ev.waitCorrected(t, sent.ID)
	}
	if _, err := svc.End(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	srv.Answer(`{"summary": "Muy bien.", "strengths": ["Cortesía"], "focus": ["Preguntar el precio"], "level": "B2"}`)
	r, err := svc.Report(t.Context(), id)
	if err != nil || r.Summary == nil || r.Summary.Level != "B2" {
		t.Fatalf("report %+v, %v", r, err)
	}
	levels, err := svc.Levels.Levels(t.Context())
	if err != nil || len(levels) != 1 {
		t.Fatalf("levels %+v, %v", levels, err)
	}
	if l := levels[0]; l.Code != "es" || l.Level != "A2" || l.Change != "up" || !slices.Contains(l.Why, "your partner judged this session B2") {
		t.Errorf("after a B2 session from A1: %+v", l)
	}

	startAI(t, svc, ev, srv)
	if p := systemPrompt(t, srv); !strings.Contains(p, "Their CEFR level in Spanish: A2 (estimated from their recent sessions)") ||
		!strings.Contains(p, "Their level: elementary") || strings.Contains(p, "next try at this scene") {
		t.Errorf("the next prompt:\n%s", p)
	}
	if _, err := svc.Levels.Choose(t.Context(), "es", "C1"); err != nil {
		t.Fatal(err)
	}
	startAI(t, svc, ev, srv)
	if p := systemPrompt(t, srv); !strings.Contains(p, "Their CEFR level in Spanish: C1 (their own choice)") || !strings.Contains(p, "Their level: advanced") {
		t.Errorf("the prompt after choosing C1:\n%s", p)
	}
}

// "Try again" is a new attempt at the scenario, and the AI partner is told
// what the last report said to work on.
func TestTryAgainTellsThePartnerWhatWentWrong(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	srv.Answer(`{"corrected": "Un café.", "explanation": "", "new_words": []}`)
	srv.Reply("¿Algo más?")
	name := stream()
	sent, _ := svc.Send(t.Context(), id, "Un cafe.", name)
	ev.waitDone(t, name)
	ev.waitCorrected(t, sent.ID)
	svc.End(t.Context(), id)
	srv.Answer(`{"summary": "Bien.", "strengths": [], "focus": ["Preguntar el precio", "El acento de café"], "level": "A1"}`)
	if _, err := svc.Report(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	first := attemptOf(t, svc, id)
	if first.Corrections != 1 || !slices.Equal(first.Focus, []string{"Preguntar el precio", "El acento de café"}) {
		t.Errorf("the first attempt after its report: %+v", first)
	}

	srv.Reply("¡Hola otra vez!")
	name = stream()
	v, err := svc.TryAgain(t.Context(), "cafe", "es", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	p := systemPrompt(t, srv)
	for _, want := range []string{"next try at this scene", `"Preguntar el precio"; "El acento de café"`} {
		if !strings.Contains(p, want) {
			t.Errorf("the try-again prompt lacks %q:\n%s", want, p)
		}
	}
	if a := attemptOf(t, svc, v.Conversation.ID); a.RetryOf != first.ID {
		t.Errorf("the new attempt retries %q, want %q", a.RetryOf, first.ID)
	}
	tries, _ := svc.Tries(t.Context(), "es")
	if len(tries) != 1 || tries[0].Tries != 2 || tries[0].Last.Status != store.AttemptStarted {
		t.Errorf("tries %+v", tries)
	}
}

// A scene the learner wrote is played at the level they wrote it for, and
// is tried like any other; deleting it takes its attempts along.
func TestAnOwnSceneIsPlayedAtItsLevelAndTried(t *testing.T) {
	svc, ev, srv := newAIService(t)
	u, _ := svc.Learner(t.Context())
	sc := ownScene(t, svc.Store, u.ID)
	system, id := systemPromptOf(t, svc, ev, srv, sc.ID)
	if !strings.Contains(system, "Their CEFR level in Spanish: B1 (their own choice)") || !strings.Contains(system, "Their level: intermediate") {
		t.Errorf("an intermediate scene's prompt:\n%s", system)
	}
	if a := attemptOf(t, svc, id); a.ScenarioID != sc.ID || a.Status != store.AttemptStarted {
		t.Errorf("the scene's attempt: %+v", a)
	}
	if err := svc.Store.DeleteOwnScenario(t.Context(), u.ID, sc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Store.AttemptOf(t.Context(), id); err == nil {
		t.Error("a deleted scene's attempt stayed")
	}
	if _, err := svc.Open(t.Context(), id); err != nil {
		t.Errorf("the conversation went with the scene: %v", err)
	}
}

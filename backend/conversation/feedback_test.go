package conversation

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kaiwa/backend/errs"
	"kaiwa/backend/feedback"
	"kaiwa/backend/store"
)

// Each learner line gets a correction from the AI partner's endpoint, asked
// apart from the reply (which does not wait for it), kept with the line.
func TestALearnerLineGetsItsCorrection(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	srv.Answer("Sure!\n```json\n" + `{"corrected": "Quiero un café, por favor.", "explanation": "Use quiero for I want.", "new_words": [{"word": "quiero", "reading": "", "meaning": "I want"}]}` + "\n```")
	srv.Reply("¡Claro! ", "¿Algo más?")
	name := stream()
	sent, err := svc.Send(t.Context(), id, "Yo quiere un café, por favor.", name)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, name)
	got := ev.waitCorrected(t, sent.ID)
	f := FeedbackOf(got)
	if f == nil || f.Source != "ai" || f.Corrected != "Quiero un café, por favor." || len(f.NewWords) != 1 || f.NewWords[0].Meaning != "I want" {
		t.Fatalf("feedback = %+v", f)
	}
	stored, _ := svc.Store.Message(t.Context(), sent.ID)
	if FeedbackOf(stored) == nil {
		t.Fatal("the correction was not kept with the line")
	}
	var asked bool
	for _, r := range srv.Requests() {
		if !r.Stream && r.ResponseFormat == "json_object" && strings.Contains(r.Messages[len(r.Messages)-1].Content, "Yo quiere un café") {
			asked = true
		}
	}
	if !asked {
		t.Error("no JSON-mode correction request carried the learner's line")
	}
}

// A model that cannot correct leaves the line without a correction: no
// error for the learner, and the reply is untouched.
func TestAModelThatCannotCorrectChangesNothing(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	srv.Answer("I am a language model and cannot do that.")
	name := stream()
	sent, err := svc.Send(t.Context(), id, "Hola", name)
	if err != nil {
		t.Fatal(err)
	}
	if done := ev.waitDone(t, name); done.Problem != nil {
		t.Fatalf("the reply failed: %+v", done.Problem)
	}
	time.Sleep(200 * time.Millisecond)
	if m, _ := svc.Store.Message(t.Context(), sent.ID); m.Correction != "" {
		t.Errorf("kept %q from a garbage answer", m.Correction)
	}
}

// Offline, a reply the step did not expect gets the step's model answer,
// never praise.
func TestOfflineUnmatchedReplyGetsYouCouldSay(t *testing.T) {
	svc, ev := newService(t, nil)
	s1 := stream()
	v, err := svc.Start(t.Context(), "cafe", "ja", s1)
	if err != nil {
		t.Fatal(err)
	}
	ev.waitDone(t, s1)
	sent, err := svc.Send(t.Context(), v.Conversation.ID, "ありがとう", stream())
	if err != nil {
		t.Fatal(err)
	}
	f := FeedbackOf(ev.waitCorrected(t, sent.ID))
	if f == nil || f.Source != "offline" || f.YouCouldSay != "コーヒーをください。" {
		t.Fatalf("feedback = %+v", f)
	}
	matched, err := svc.Send(t.Context(), v.Conversation.ID, "ホットでお願いします。", stream()) // the next step expects this
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := svc.Store.Message(t.Context(), matched.ID); m.Correction != "" {
		t.Errorf("a matched reply got %q", m.Correction)
	}
}

// The report of a finished session: its figures from the messages and,
// with the AI partner, its summary; written once and then kept.
func TestTheReportOfASession(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	if _, err := svc.Report(t.Context(), id); !errs.Is(err, errs.Conflict) {
		t.Fatalf("a report before the end: %v", err)
	}
	srv.Answer(`{"corrected": "Un café con leche, por favor.", "explanation": "", "new_words": []}`)
	name := stream()
	sent, _ := svc.Send(t.Context(), id, "Un café con leche, por favor.", name)
	ev.waitDone(t, name)
	ev.waitCorrected(t, sent.ID)
	if _, err := svc.End(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	srv.Answer(`{"summary": "Pediste un café con leche sin errores.", "strengths": ["Cortesía"], "focus": ["Preguntar el precio"]}`)
	r, err := svc.Report(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Turns != 1 || r.Words != 6 || len(r.Corrections) != 0 || r.Summary == nil || r.Summary.Summary != "Pediste un café con leche sin errores." {
		t.Fatalf("report = %+v", r)
	}
	srv.Answer("something else")
	again, _ := svc.Report(t.Context(), id)
	if again.Summary == nil || again.Summary.Summary != r.Summary.Summary {
		t.Error("the kept report was not reused")
	}
	conv, _ := svc.Store.Conversation(t.Context(), id)
	if conv.Report == "" {
		t.Error("the report was not kept")
	}
}

// An AI line is translated once, then read from the message.
func TestTranslateAnAILineOnce(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	v, _ := svc.Open(t.Context(), id)
	var line store.Message
	for _, m := range v.Messages {
		if m.Role == "assistant" {
			line = m
		}
	}
	srv.Answer("Hello! What would you like?")
	got, err := svc.Translate(t.Context(), line.ID)
	if err != nil || got != "Hello! What would you like?" {
		t.Fatalf("Translate = %q, %v", got, err)
	}
	n := len(srv.Requests())
	if again, _ := svc.Translate(t.Context(), line.ID); again != got || len(srv.Requests()) != n {
		t.Error("the translation was asked for again")
	}
}

// A word of a partner line is looked up in the learner's language; offline
// the lexicon's glossary answers, and says so when it does not know a word.
func TestTheMeaningOfAWord(t *testing.T) {
	svc, ev, srv := newAIService(t)
	id := startAI(t, svc, ev, srv)
	v, _ := svc.Open(t.Context(), id)
	line := v.Messages[len(v.Messages)-1]
	srv.Answer("What would you like?")
	if got, err := svc.Meaning(t.Context(), line.ID, " desea "); err != nil || got != "What would you like?" {
		t.Fatalf("Meaning = %q, %v", got, err)
	}
	if last, _ := srv.Last(); !strings.Contains(last.Messages[len(last.Messages)-1].Content, "desea") {
		t.Errorf("the word was not asked about: %+v", last.Messages)
	}
	if _, err := svc.Meaning(t.Context(), line.ID, "  "); !errs.Is(err, errs.Invalid) {
		t.Errorf("an empty word: %v", err)
	}

	off, oev := newService(t, nil)
	s1 := stream()
	ov, _ := off.Start(t.Context(), "cafe", "es", s1)
	oev.waitDone(t, s1)
	ov, _ = off.Open(t.Context(), ov.Conversation.ID)
	if got, err := off.Meaning(t.Context(), ov.Messages[0].ID, " Zumo de naranja "); err != nil || got != "orange juice" {
		t.Errorf("offline zumo de naranja = %q, %v", got, err)
	}
	if _, err := off.Meaning(t.Context(), ov.Messages[0].ID, "ornitorrinco"); !errs.Is(err, errs.NotFound) {
		t.Errorf("offline, an unknown word: %v", err)
	}
	_, words, err := off.HintWords(t.Context(), ov.Messages[0].ID)
	if err != nil || len(words) == 0 {
		t.Fatalf("HintWords = %v, %v", words, err)
	}
	for _, w := range words {
		if !strings.Contains(strings.ToLower(ov.Messages[0].Hint), strings.ToLower(w.Word)) || w.Meaning == "" {
			t.Errorf("hint word %+v is not from the hint %q", w, ov.Messages[0].Hint)
		}
	}
}

// savedWords records what the conversation asks the vocabulary to keep.
type savedWords struct {
	mu    sync.Mutex
	saved []string // language|message|word|example
}

func (v *savedWords) SaveCorrectionWords(_ context.Context, language, messageID string, c feedback.Correction) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, w := range c.NewWords {
		v.saved = append(v.saved, strings.Join([]string{language, messageID, w.Word, c.Corrected}, "|"))
	}
	return nil
}

func (v *savedWords) list() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return slices.Clone(v.saved)
}

// A learner who has correction words saved automatically gets a
// correction's new words as cards when it arrives; one who has not, does
// not.
func TestCorrectionWordsAreSavedWhenTheLearnerChoseSo(t *testing.T) {
	for _, on := range []bool{false, true} {
		svc, ev, srv := newAIService(t)
		vocab := &savedWords{}
		svc.Vocabulary = vocab
		learner, err := svc.Learner(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Store.DB.Exec(`UPDATE user_preferences SET save_correction_words = ? WHERE user_id = ?`, on, learner.ID); err != nil {
			t.Fatal(err)
		}
		id := startAI(t, svc, ev, srv)
		srv.Answer(`{"corrected": "Quiero un café.", "explanation": "Use quiero.", "new_words": [{"word": "quiero", "reading": "", "meaning": "I want"}, {"word": "café", "reading": "", "meaning": "coffee"}]}`)
		srv.Reply("¡Claro!")
		name := stream()
		sent, err := svc.Send(t.Context(), id, "Yo quiere un café.", name)
		if err != nil {
			t.Fatal(err)
		}
		ev.waitDone(t, name)
		f := FeedbackOf(ev.waitCorrected(t, sent.ID))
		got := vocab.list()
		if !on {
			if len(got) != 0 || f.WordsSaved {
				t.Errorf("off: saved %v (words saved %v), want nothing", got, f.WordsSaved)
			}
			continue
		}
		conv, _ := svc.Store.Conversation(t.Context(), id)
		want := []string{conv.Language + "|" + sent.ID + "|quiero|Quiero un café.", conv.Language + "|" + sent.ID + "|café|Quiero un café."}
		if !slices.Equal(got, want) || !f.WordsSaved {
			t.Errorf("on: saved %v (words saved %v), want %v", got, f.WordsSaved, want)
		}
	}
}

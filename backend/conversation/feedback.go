package conversation

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/errs"
	"kaiwa/backend/feedback"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

// Feedback is what Kaiwa says about one learner line, kept with it (JSON).
type Feedback struct {
	// Source is who judged the line: "ai" (a correction from the endpoint)
	// or "offline" (the script's model answer for a reply it did not expect).
	Source string `json:"source"`
	feedback.Correction
	// YouCouldSay is the offline partner's model answer.
	YouCouldSay string `json:"you_could_say,omitempty"`
	// WordsSaved is true when the new words were saved as vocabulary cards
	// as the correction arrived.
	WordsSaved bool `json:"words_saved,omitempty"`
}

// Vocabulary keeps the new words of a correction as the learner's cards
// (vocabulary.Service is one): each word with the corrected sentence as its
// example and the learner's line as where it came from.
type Vocabulary interface {
	SaveCorrectionWords(ctx context.Context, language, messageID string, c feedback.Correction) error
}

// Report is a conversation's session report, kept with it once written.
type Report struct {
	feedback.Report
	// Summary is the AI partner's words on the session (nil offline, or
	// when the endpoint could not write them).
	Summary         *feedback.Summary `json:"summary,omitempty"`
	ComfortRating   int               `json:"comfort_rating"`
	EngagementLevel string            `json:"engagement_level"`
}

// FeedbackOf reads the feedback kept with a message (nil: none).
func FeedbackOf(m store.Message) *Feedback {
	if m.Correction == "" {
		return nil
	}
	var f Feedback
	if json.Unmarshal([]byte(m.Correction), &f) != nil {
		return nil
	}
	return &f
}

// feedbackTimeout bounds a correction, a summary or a translation: they are
// extras, and the learner goes on meanwhile.
const feedbackTimeout = 60 * time.Second

// keepFeedback stores f with the learner's line and tells Events. When the
// learner chose so, a correction's new words are saved as cards first.
func (s *Service) keepFeedback(ctx context.Context, m store.Message, f Feedback) {
	if f.Source == "ai" && len(f.NewWords) > 0 {
		f.WordsSaved = s.saveWords(ctx, m, f.Correction)
	}
	raw, _ := json.Marshal(f)
	if err := s.Store.SetCorrection(ctx, m.ID, string(raw)); err != nil {
		s.Log.Warn("keep feedback", "message", m.ID, "err", err)
		return
	}
	m.Correction = string(raw)
	s.Events.Corrected(m)
}

// saveWords saves a correction's new words when the learner has them saved
// automatically; it says whether it did. A failure leaves the words to be
// saved by hand: the correction still shows.
func (s *Service) saveWords(ctx context.Context, m store.Message, c feedback.Correction) bool {
	if s.Vocabulary == nil {
		return false
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return false
	}
	if on, err := s.Store.SavesCorrectionWords(ctx, learner.ID); err != nil || !on {
		return false
	}
	conv, err := s.Store.Conversation(ctx, m.ConversationID)
	if err != nil {
		return false
	}
	if err := s.Vocabulary.SaveCorrectionWords(ctx, conv.Language, m.ID, c); err != nil {
		s.Log.Warn("save correction words", "message", m.ID, "err", err)
		return false
	}
	return true
}

// correct asks the AI partner's endpoint for a correction of the learner's
// line, apart from the reply and without delaying it. A model that cannot
// answer leaves the line without one: the learner is never shown an error.
func (s *Service) correct(conv store.Conversation, m store.Message) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ctx, cancel := context.WithTimeout(s.background(), feedbackTimeout)
		defer cancel()
		learner, err := s.Learner(ctx)
		if err != nil {
			return
		}
		active, err := s.Partner.Active(ctx)
		if err != nil || active.Kind == partner.KindOffline || s.allowKaiwa(ctx, active, conv) != nil {
			return
		}
		history, err := s.Store.Messages(ctx, conv.ID)
		if err != nil {
			return
		}
		if i := slices.IndexFunc(history, func(h store.Message) bool { return h.ID == m.ID }); i >= 0 {
			history = history[:i]
		}
		line := feedback.Line{Text: m.Content, TargetLanguage: s.Store.LanguageName(ctx, conv.Language),
			NativeLanguage: s.Store.LanguageName(ctx, learner.NativeLanguage), Level: learner.Level}
		// The partner's last line is the context the answer is judged in.
		for i := len(history) - 1; i >= 0; i-- {
			if history[i].Role == "assistant" && history[i].Content != "" {
				line.Context = []endpoint.Message{{Role: "assistant", Content: history[i].Content}}
				break
			}
		}
		client := endpoint.New(active.Endpoint(conv.ID), nil)
		c, err := feedback.Correct(ctx, client, line)
		if err != nil {
			s.Log.Info("no correction", "message", m.ID, "err", err)
			return
		}
		s.keepFeedback(ctx, m, Feedback{Source: "ai", Correction: c})
	}()
}

// Report returns a conversation's session report: the one kept, or one
// written now (with the AI partner, with its summary) and kept.
func (s *Service) Report(ctx context.Context, id string) (Report, error) {
	conv, err := s.own(ctx, id)
	if err != nil {
		return Report{}, err
	}
	if conv.Report != "" {
		var r Report
		if json.Unmarshal([]byte(conv.Report), &r) == nil {
			return r, nil
		}
	}
	if conv.EndedAt == "" {
		return Report{}, errs.New(errs.Conflict, "The report is written when the session ends. End it first.")
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return Report{}, err
	}
	turns := make([]feedback.Turn, 0, len(msgs))
	var transcript []endpoint.Message
	for _, m := range msgs {
		at, _ := time.Parse(time.RFC3339Nano, m.CreatedAt)
		t := feedback.Turn{Learner: m.Role == "user", Text: m.Content, At: at}
		if f := FeedbackOf(m); f != nil && f.Source == "ai" {
			t.Correction = &f.Correction
		}
		turns = append(turns, t)
		transcript = append(transcript, endpoint.Message{Role: m.Role, Content: m.Content})
	}
	r := Report{Report: feedback.Figures(turns, conv.Language), ComfortRating: conv.ComfortRating, EngagementLevel: conv.EngagementLevel}
	if conv.Partner != partner.KindOffline && r.Turns > 0 {
		r.Summary = s.summary(ctx, conv, transcript)
	}
	raw, _ := json.Marshal(r)
	if err := s.Store.SetReport(ctx, id, string(raw)); err != nil {
		return r, err
	}
	s.countSession(ctx, conv, r, msgs)
	return r, nil
}

// summary asks the AI partner for its words on the session; nil when it
// cannot (the figures are the report then).
func (s *Service) summary(ctx context.Context, conv store.Conversation, transcript []endpoint.Message) *feedback.Summary {
	active, err := s.Partner.Active(ctx)
	if err != nil || active.Kind == partner.KindOffline || s.allowKaiwa(ctx, active, conv) != nil {
		return nil
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, feedbackTimeout)
	defer cancel()
	client := endpoint.New(active.Endpoint(conv.ID), nil)
	sum, err := feedback.Summarize(ctx, client, feedback.Session{TargetLanguage: s.Store.LanguageName(ctx, conv.Language),
		NativeLanguage: s.Store.LanguageName(ctx, learner.NativeLanguage), Level: learner.Level, Transcript: transcript})
	if err != nil {
		s.Log.Info("no summary", "conversation", conv.ID, "err", err)
		return nil
	}
	return &sum
}

// Translate returns a partner line in the learner's own language: the
// translation kept with it (scripted lines have theirs), or one asked of the
// AI partner's endpoint once and kept.
func (s *Service) Translate(ctx context.Context, messageID string) (string, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return "", err
	}
	m, conv, err := s.Store.MessageOf(ctx, learner.ID, messageID)
	if err != nil {
		return "", err
	}
	if m.Translation != "" {
		return m.Translation, nil
	}
	active, err := s.Partner.Active(ctx)
	if err != nil {
		return "", err
	}
	text, err := s.translate(ctx, active, learner, conv, m.Content, "Translating this line")
	if err != nil {
		return "", err
	}
	if err := s.Store.SetTranslation(ctx, m.ID, text); err != nil {
		return "", err
	}
	return text, nil
}

// Meaning looks up what a word of a partner line means, in the learner's
// own language, to save it with the word. The AI partner reads it in its
// line; with the offline partner the lexicon's glossary answers, in English.
func (s *Service) Meaning(ctx context.Context, messageID, word string) (string, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return "", err
	}
	_, conv, err := s.Store.MessageOf(ctx, learner.ID, messageID)
	if err != nil {
		return "", err
	}
	if word = Clean(word); word == "" || len([]rune(word)) > 100 {
		return "", errs.New(errs.Invalid, "Select or type the word to look up first.")
	}
	active, err := s.Partner.Active(ctx)
	if err != nil {
		return "", err
	}
	if active.Kind == partner.KindOffline {
		if meaning, ok := s.Library.Meaning(conv.Language, word); ok {
			return meaning, nil
		}
		return "", errs.Errorf(errs.NotFound, "The offline dictionary does not know “%s”. Type its meaning yourself, or set up an AI partner in Settings to look up any word.", word)
	}
	return s.translate(ctx, active, learner, conv, word, "Looking up a meaning")
}

// HintWords are the words of a scripted hint's example with their meanings,
// offered to save, and the sentence they are learned in: the example, or the
// partner's line when the hint quotes none.
func (s *Service) HintWords(ctx context.Context, messageID string) (example string, words []offline.Gloss, err error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return "", nil, err
	}
	m, conv, err := s.Store.MessageOf(ctx, learner.ID, messageID)
	if err != nil {
		return "", nil, err
	}
	if example = offline.Example(m.Hint); example == "" {
		example = m.Content
	}
	return example, s.Library.WordsIn(conv.Language, m.Hint), nil
}

// translate asks the AI partner's endpoint for text in the learner's own
// language; what says what needs the AI partner when there is none.
func (s *Service) translate(ctx context.Context, active partner.Active, learner store.User, conv store.Conversation, text, what string) (string, error) {
	if active.Kind == partner.KindOffline {
		return "", errs.New(errs.Unavailable, what+" needs an AI partner: set one up in Settings.")
	}
	if err := s.allowKaiwa(ctx, active, conv); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, feedbackTimeout)
	defer cancel()
	client := endpoint.New(active.Endpoint(conv.ID), nil)
	// Coded errors: the endpoint's failure, or an answer with no translation in it.
	return feedback.Translate(ctx, client, text, s.Store.LanguageName(ctx, conv.Language), s.Store.LanguageName(ctx, learner.NativeLanguage))
}

package conversation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"kaiwa/backend/level"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/prompt"
	"kaiwa/backend/store"
)

// How the partner adapts to the learner: their level in the language (what
// the AI partner is told, which line the offline partner says) and their
// attempts at each scenario, counted as they start, end and are reported.

// FinishedTurns is how many learner turns finish a scene with the AI
// partner, which has no script to reach the end of: a scene is a handful
// of exchanges.
const FinishedTurns = 4

// levelOf is the learner's level in a language; without a level service,
// or when it cannot tell, the start from what they declared.
func (s *Service) levelOf(ctx context.Context, u store.User, lang string) level.Estimate {
	if s.Levels != nil {
		e, err := s.Levels.Of(ctx, u, lang)
		if err == nil {
			return e
		}
		s.Log.Warn("read the learner's level", "err", err)
	}
	if lang == u.TargetLanguage {
		return level.Start(u.Level)
	}
	return level.Start("")
}

// simpleLines says whether the offline partner says each step's simpler
// line: for a learner at the first level, A1, that their sessions showed or
// they chose. Before any session the script's normal lines, written for
// beginners, are the lesson; the simpler ones are for who needs them.
func (s *Service) simpleLines(ctx context.Context, conv store.Conversation) bool {
	u, err := s.Learner(ctx)
	if err != nil {
		return false
	}
	e := s.levelOf(ctx, u, conv.Language)
	return e.InUse() == "A1" && (e.Chosen != "" || e.Sessions > 0)
}

// adaptPrompt is what the tutor prompt needs of the learner's level (the
// one of the four levels its line lengths speak in) and the sections that
// adapt it: their CEFR level and, on a new try at a scenario, what they
// found hard the last time. A scene the learner wrote at a level of their
// choosing is played at that level.
func (s *Service) adaptPrompt(ctx context.Context, u store.User, conv store.Conversation, sc store.Scenario, target string) (declared, sections string) {
	e := s.levelOf(ctx, u, conv.Language)
	cefr, basis := e.InUse(), prompt.Estimated
	switch {
	case sc.OwnerID != "" && level.FromDeclared(sc.Difficulty) != "":
		cefr, basis = level.FromDeclared(sc.Difficulty), prompt.Chosen
	case e.Chosen != "":
		basis = prompt.Chosen
	case e.Sessions == 0:
		basis = prompt.Guessed
	}
	declared = level.Declared(cefr)
	if declared == "" {
		declared = levelFor(sc, u)
	}
	sections = prompt.Level(cefr, target, basis)
	if a, err := s.Store.AttemptOf(ctx, conv.ID); err == nil && a.RetryOf != "" {
		if last, err := s.Store.Attempt(ctx, a.RetryOf); err == nil {
			sections += prompt.TryAgain(last.Focus)
		}
	}
	return declared, sections
}

// startAttempt records a conversation in a stored scenario as a new attempt
// at it; retry says it is a new try at the learner's last one, whose focus
// the AI partner then practises.
func (s *Service) startAttempt(ctx context.Context, u store.User, conv store.Conversation, retry bool) error {
	n := store.NewAttempt{UserID: u.ID, ScenarioID: conv.ScenarioID, ConversationID: conv.ID, Language: conv.Language,
		Level: s.levelOf(ctx, u, conv.Language).InUse()}
	if retry {
		last, err := s.Store.LastEndedAttempt(ctx, u.ID, conv.ScenarioID, conv.Language)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		n.RetryOf = last.ID
	}
	_, err := s.Store.StartAttempt(ctx, n)
	return err
}

// endAttempt records how a conversation's attempt ended: finished when the
// offline script reached its end or the AI scene had FinishedTurns learner
// turns, abandoned otherwise. A conversation that is no attempt (free talk)
// changes nothing.
func (s *Service) endAttempt(ctx context.Context, conv store.Conversation) error {
	msgs, err := s.Store.Messages(ctx, conv.ID)
	if err != nil {
		return err
	}
	turns, corrections := 0, 0
	for _, m := range msgs {
		if m.Role != "user" {
			continue
		}
		turns++
		if f := FeedbackOf(m); f != nil && f.Source == "ai" && f.Corrected != "" && f.Corrected != m.Content {
			corrections++
		}
	}
	status := store.AttemptAbandoned
	if conv.Partner == partner.KindOffline && offlineState(conv.PartnerState).Done ||
		conv.Partner != partner.KindOffline && turns >= FinishedTurns {
		status = store.AttemptFinished
	}
	return s.Store.EndAttempt(ctx, conv.ID, status, turns, corrections)
}

// Tries lists the signed-in learner's attempts at each scenario in a
// language: how many, and the latest.
func (s *Service) Tries(ctx context.Context, lang string) ([]store.ScenarioTries, error) {
	u, err := s.Learner(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.TriesOf(ctx, u.ID, lang)
}

// offlineProgress is what a conversation keeps of the offline partner: its
// place in the script and the tally of the learner's replies so far, which
// the session's evidence of their level comes from.
type offlineProgress struct {
	offline.State
	Tally tally `json:"tally,omitzero"`
}

// tally counts the learner's replies to the offline partner, and those
// that matched, asked for help or were in English.
type tally struct {
	Replies int `json:"replies"`
	Matched int `json:"matched"`
	Help    int `json:"help"`
	English int `json:"english"`
}

func (t *tally) add(turn offline.Turn) {
	t.Replies++
	for _, c := range []struct {
		on bool
		n  *int
	}{{turn.Matched, &t.Matched}, {turn.Help, &t.Help}, {turn.English, &t.English}} {
		if c.on {
			*c.n++
		}
	}
}

func offlineTally(raw string) tally {
	var p offlineProgress
	if raw != "" {
		json.Unmarshal([]byte(raw), &p)
	}
	return p.Tally
}

// countSession counts a reported session in the learner's level and its
// attempt: the report's corrections and focus, and what the session showed.
func (s *Service) countSession(ctx context.Context, conv store.Conversation, r Report, msgs []store.Message) {
	if err := s.Store.SetAttemptReport(ctx, conv.ID, len(r.Corrections), focusOf(r, msgs)); err != nil {
		s.Log.Warn("keep the attempt's report", "conversation", conv.ID, "err", err)
	}
	if s.Levels == nil {
		return
	}
	u, err := s.Learner(ctx)
	if err != nil {
		return
	}
	sess := level.Session{Partner: level.PartnerAI, Turns: r.Turns, Words: r.Words, Corrections: len(r.Corrections)}
	if r.Summary != nil {
		sess.Verdict = r.Summary.Level
	}
	if conv.Partner == partner.KindOffline {
		// Only the replies the offline partner judged count; words per turn
		// come from the whole session.
		t := offlineTally(conv.PartnerState)
		sess = level.Session{Partner: level.PartnerOffline, Turns: t.Replies, Matched: t.Matched, Help: t.Help, English: t.English}
		if r.Turns > 0 {
			sess.Words = r.Words * t.Replies / r.Turns
		}
	}
	e, err := s.Levels.Record(ctx, u, conv.Language, conv.ID, sess)
	if err != nil {
		s.Log.Warn("count the session in the level", "conversation", conv.ID, "err", err)
		return
	}
	s.Log.Info("level", "language", conv.Language, "estimate", e.Level, "confidence", e.Confidence, "change", e.Change)
}

// focusOf is what a session's report says to work on: the AI partner's
// focus, or offline, the model answers of the replies that missed.
func focusOf(r Report, msgs []store.Message) []string {
	if r.Summary != nil {
		return r.Summary.Focus
	}
	out := []string{}
	seen := map[string]bool{}
	for _, m := range msgs {
		if f := FeedbackOf(m); f != nil && f.Source == "offline" && f.YouCouldSay != "" && !seen[f.YouCouldSay] && len(out) < 3 {
			seen[f.YouCouldSay] = true
			out = append(out, fmt.Sprintf("answering with “%s”", f.YouCouldSay))
		}
	}
	return out
}

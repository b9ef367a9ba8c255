package conversation

import (
	"context"
	"strings"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/feedback"
	"kaiwa/backend/memory"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

// What a session teaches Kai about the learner, asked of the AI partner
// once the session ends: the durable facts they shared (kept by
// backend/memory for the next conversations) and, after an AI onboarding,
// the name, goal, level and native language the offline onboarding would
// have collected.

// recall is what the partner remembers for a conversation in a scene.
func (s *Service) recall(ctx context.Context, learner store.User, conv store.Conversation, sc store.Scenario) []string {
	if s.Memory == nil {
		return nil
	}
	facts, err := s.Memory.Recall(ctx, learner.ID, conv.Language, strings.Join([]string{sc.Title, sc.Context, sc.Instructions, sc.ExpectedOutcome}, " "))
	if err != nil {
		s.Log.Warn("recall facts", "conversation", conv.ID, "err", err)
	}
	return facts
}

// rememberCollected keeps what an onboarding collected (name, goal, level)
// as facts too, so the learner sees and can delete them with the rest.
func (s *Service) rememberCollected(ctx context.Context, conv store.Conversation, collected map[string]string) {
	if s.Memory == nil || !conv.IsOnboarding {
		return
	}
	var facts []string
	for _, field := range []string{"name", "goal", "level"} {
		if f := memory.Collected(field, collected[field]); f != "" {
			facts = append(facts, f)
		}
	}
	if _, err := s.Memory.Remember(ctx, conv.UserID, conv.Language, memory.FromOnboarding, facts); err != nil {
		s.Log.Warn("remember onboarding", "conversation", conv.ID, "err", err)
	}
}

// learnFrom asks, apart and without delaying the learner, what an ended
// session with the AI partner taught about the learner. Rate waits for the
// onboarding's part, which the "save your progress?" form shows next.
func (s *Service) learnFrom(conv store.Conversation) {
	if conv.Partner == partner.KindOffline {
		return
	}
	profiled := make(chan struct{})
	s.mu.Lock()
	if s.learning == nil {
		s.learning = map[string]chan struct{}{}
	}
	if _, running := s.learning[conv.ID]; running {
		s.mu.Unlock()
		return
	}
	s.learning[conv.ID] = profiled
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			s.mu.Lock()
			delete(s.learning, conv.ID)
			s.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(s.background(), feedbackTimeout)
		defer cancel()
		client, session, ok := s.sessionForLearning(ctx, conv)
		if !ok {
			close(profiled)
			return
		}
		if conv.IsOnboarding {
			s.learnProfile(ctx, client, conv, session)
		}
		close(profiled)
		if s.Memory == nil || !s.Memory.On(ctx, conv.UserID) {
			return
		}
		facts, err := feedback.Facts(ctx, client, session)
		if err != nil {
			s.Log.Info("no facts", "conversation", conv.ID, "err", err)
			return
		}
		n, err := s.Memory.Remember(ctx, conv.UserID, conv.Language, memory.FromConversation, facts)
		if err != nil {
			s.Log.Warn("remember facts", "conversation", conv.ID, "err", err)
			return
		}
		s.Log.Info("facts learned", "conversation", conv.ID, "new", n, "said", len(facts))
	}()
}

// sessionForLearning is the AI partner's client and the ended session, or
// false when there is no AI partner (or no allowance) to ask, or the learner
// said nothing.
func (s *Service) sessionForLearning(ctx context.Context, conv store.Conversation) (*endpoint.Client, feedback.Session, bool) {
	active, err := s.Partner.Active(ctx)
	if err != nil || active.Kind == partner.KindOffline || s.allowKaiwa(ctx, active, conv) != nil {
		return nil, feedback.Session{}, false
	}
	learner, err := s.Store.User(ctx, conv.UserID)
	if err != nil {
		return nil, feedback.Session{}, false
	}
	msgs, err := s.Store.Messages(ctx, conv.ID)
	if err != nil {
		return nil, feedback.Session{}, false
	}
	said := false
	var transcript []endpoint.Message
	for _, m := range msgs {
		said = said || m.Role == "user"
		transcript = append(transcript, endpoint.Message{Role: m.Role, Content: m.Content})
	}
	if !said {
		return nil, feedback.Session{}, false
	}
	return endpoint.New(active.Endpoint(conv.ID), nil), feedback.Session{
		TargetLanguage: s.Store.LanguageName(ctx, conv.Language),
		NativeLanguage: s.Store.LanguageName(ctx, learner.NativeLanguage),
		Level:          learner.Level, Transcript: transcript,
	}, true
}

// learnProfile fills, from an AI onboarding, the fields the offline
// onboarding collects; the learner confirms them in the profile form.
func (s *Service) learnProfile(ctx context.Context, client *endpoint.Client, conv store.Conversation, session feedback.Session) {
	p, err := feedback.LearnerProfile(ctx, client, session)
	if err != nil {
		s.Log.Info("no profile from onboarding", "conversation", conv.ID, "err", err)
		return
	}
	collected := map[string]string{"name": p.Name, "goal": p.Goal, "level": p.Level, "native_language": s.languageCode(ctx, p.NativeLanguage)}
	for field, value := range collected {
		if value == "" {
			continue
		}
		if err := s.Store.Collect(ctx, conv.UserID, field, value); err != nil {
			s.Log.Warn("collect from onboarding", "field", field, "err", err)
		}
	}
	s.rememberCollected(ctx, conv, collected)
}

// languageCode is the code of a language a model named ("German", "de",
// "Deutsch"), or "" when Kaiwa does not know it.
func (s *Service) languageCode(ctx context.Context, name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return ""
	}
	langs, err := s.Store.Languages(ctx)
	if err != nil {
		return ""
	}
	for _, l := range langs {
		if name == strings.ToLower(l.Code) || name == strings.ToLower(l.Name) || name == strings.ToLower(l.NativeName) {
			return l.Code
		}
	}
	return ""
}

// profileWait bounds how long the ratings wait for a slow model: the
// form can be filled by hand.
const profileWait = 20 * time.Second

// waitForProfile waits until what an AI onboarding told about the learner
// is kept (at once when nothing is being asked).
func (s *Service) waitForProfile(ctx context.Context, id string) {
	s.mu.Lock()
	profiled := s.learning[id]
	s.mu.Unlock()
	if profiled == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, profileWait)
	defer cancel()
	select {
	case <-profiled:
	case <-ctx.Done():
	}
}

// levelFor is the level a conversation is pitched at: a scene of the
// learner's own carries the level they chose for it.
func levelFor(sc store.Scenario, learner store.User) string {
	if sc.OwnerID != "" && sc.Difficulty != "" {
		return sc.Difficulty
	}
	return learner.Level
}

package conversation

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/prompt"
	"kaiwa/backend/store"
)

// historyLimit is how many past messages the AI partner sees: enough for a
// scene, short enough for small local models.
const historyLimit = 40

// openingCue asks the AI partner for its first line; it is sent, never stored.
const openingCue = "(The learner has just arrived. Open the scene with your first line.)"

// claim marks a reply in progress for a conversation, or reports ErrBusy.
func (s *Service) claim(id string) (*inflight, context.Context, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.replies[id]; ok {
		return nil, nil, ErrBusy
	}
	if s.replies == nil {
		s.replies = map[string]*inflight{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &inflight{cancel: cancel, done: make(chan struct{})}
	s.replies[id] = r
	return r, ctx, nil
}

func (s *Service) release(id string, r *inflight) {
	s.mu.Lock()
	if s.replies[id] == r {
		delete(s.replies, id)
	}
	s.mu.Unlock()
	r.cancel()
	close(r.done)
}

// reply writes the partner's next turn, answering learnerText ("" to open
// the scene): the offline partner at once, the AI partner streamed.
func (s *Service) reply(conv store.Conversation, stream, learnerText string) error {
	if conv.Partner == partner.KindOffline {
		return s.offlineReply(conv, stream, learnerText)
	}
	r, ctx, err := s.claim(conv.ID)
	if err != nil {
		return err
	}
	msgs, client, problem, err := s.aiRequest(conv)
	if err != nil || problem != nil {
		s.release(conv.ID, r)
		if problem != nil {
			s.Events.Emit(stream, Chunk{ConversationID: conv.ID, Done: true, Problem: problem})
		}
		return err
	}
	msg, err := s.Store.AddMessage(s.ctx(), store.Message{ConversationID: conv.ID, Role: "assistant", Status: store.StatusPartial})
	if err != nil {
		s.release(conv.ID, r)
		return err
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		last := s.stream(ctx, conv, msg, stream, client, msgs)
		// Free the conversation before saying the reply is done, so the
		// learner can answer the moment they see it.
		s.release(conv.ID, r)
		s.Events.Emit(stream, last)
	}()
	return nil
}

func (s *Service) offlineReply(conv store.Conversation, stream, learnerText string) error {
	var turn offline.Turn
	var err error
	if conv.PartnerState == "" {
		turn, err = s.Library.Begin(conv.ScenarioID, conv.Language)
	} else {
		turn, err = s.Library.Answer(conv.ScenarioID, conv.Language, offlineState(conv.PartnerState), learnerText)
	}
	if err != nil {
		return err
	}
	ctx := s.ctx()
	// What the learner just told us is kept at once, so closing the app
	// mid-onboarding loses nothing.
	for field, value := range turn.Collected {
		if err := s.Store.Collect(ctx, conv.UserID, field, value); err != nil {
			return err
		}
	}
	state, _ := json.Marshal(turn.State)
	if err := s.Store.SetPartner(ctx, conv.ID, partner.KindOffline, "", string(state)); err != nil {
		return err
	}
	msg, err := s.Store.AddMessage(ctx, store.Message{
		ConversationID: conv.ID, Role: "assistant", Content: turn.Text,
		Translation: turn.Translation, Hint: turn.Hint, Choices: turn.Choices,
	})
	if err != nil {
		return err
	}
	s.Events.Emit(stream, Chunk{ConversationID: conv.ID, MessageID: msg.ID, Text: msg.Content, Done: true, Message: &msg})
	return nil
}

func offlineState(raw string) offline.State {
	var st offline.State
	if raw != "" {
		json.Unmarshal([]byte(raw), &st)
	}
	return st
}

// aiRequest builds the request for the AI partner: the tutor prompt and the
// conversation so far. A missing endpoint is a Problem for the learner.
func (s *Service) aiRequest(conv store.Conversation) ([]endpoint.Message, *endpoint.Client, *Problem, error) {
	ctx := s.ctx()
	active, err := partner.Resolve(ctx, s.Partner)
	if err != nil {
		return nil, nil, nil, err
	}
	offlineOK := s.Library.Script(conv.ScenarioID, conv.Language) != nil
	if active.Kind != partner.KindAI {
		return nil, nil, &Problem{Kind: "no_endpoint", OfferOffline: offlineOK,
			Message: "No AI partner is set up any more. Set one up in Settings, or continue with the offline partner."}, nil
	}
	sc, err := s.scenario(ctx, conv.ScenarioID)
	if err != nil {
		return nil, nil, nil, err
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	history, err := s.Store.Messages(ctx, conv.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	system := prompt.Tutor(sc, prompt.Learner{
		Name:           learner.DisplayName,
		TargetLanguage: s.Store.LanguageName(ctx, conv.Language),
		NativeLanguage: s.Store.LanguageName(ctx, learner.NativeLanguage),
		Level:          learner.Level,
		Goal:           learner.Goal,
	}, conv.IsOnboarding)
	msgs := []endpoint.Message{{Role: "system", Content: system}}
	if len(history) > historyLimit {
		history = history[len(history)-historyLimit:]
	}
	for _, m := range history {
		if strings.TrimSpace(m.Content) != "" {
			msgs = append(msgs, endpoint.Message{Role: m.Role, Content: m.Content})
		}
	}
	if len(msgs) == 1 {
		msgs = append(msgs, endpoint.Message{Role: "user", Content: openingCue})
	}
	client := endpoint.New(endpoint.Config{BaseURL: active.BaseURL, APIKey: active.APIKey, Model: active.Model}, nil)
	return msgs, client, nil, nil
}

// stream relays one AI reply: the first piece at once (so the learner sees
// it immediately), then at most one event per batch interval; the text so
// far is saved every checkpoint interval so even a crash keeps it.
func (s *Service) stream(ctx context.Context, conv store.Conversation, msg store.Message, name string, client *endpoint.Client, msgs []endpoint.Message) Chunk {
	deltas := make(chan string, 64)
	var streamErr error
	go func() {
		streamErr = client.Stream(ctx, msgs, endpoint.Options{}, func(d string) { deltas <- d })
		close(deltas)
	}()

	var text strings.Builder
	var lastEmit time.Time
	dirty, saved := false, 0
	emit := func() {
		s.Events.Emit(name, Chunk{ConversationID: conv.ID, MessageID: msg.ID, Text: text.String()})
		lastEmit, dirty = time.Now(), false
	}
	batch := time.NewTicker(s.batchInterval())
	defer batch.Stop()
	checkpoint := time.NewTicker(s.checkpointInterval())
	defer checkpoint.Stop()
loop:
	for {
		select {
		case d, ok := <-deltas:
			if !ok {
				break loop
			}
			text.WriteString(d)
			if time.Since(lastEmit) >= s.batchInterval() {
				emit()
			} else {
				dirty = true
			}
		case <-batch.C:
			if dirty {
				emit()
			}
		case <-checkpoint.C:
			if text.Len() != saved {
				if err := s.Store.CheckpointReply(context.Background(), msg.ID, text.String()); err != nil {
					s.Log.Error("checkpoint reply", "err", err)
				}
				saved = text.Len()
			}
		}
	}
	return s.finish(conv, msg, text.String(), streamErr)
}

// finish stores the reply's outcome and returns the last event for the page.
func (s *Service) finish(conv store.Conversation, msg store.Message, text string, streamErr error) Chunk {
	ctx := context.Background()
	chunk := Chunk{ConversationID: conv.ID, MessageID: msg.ID, Text: text, Done: true}
	msg.Content, msg.Status = text, store.StatusComplete
	switch {
	case streamErr == nil && strings.TrimSpace(text) == "":
		streamErr = errors.New("empty reply")
		chunk.Problem = &Problem{Kind: "empty", Message: "Your partner sent an empty reply. Try again, or pick another model in Settings."}
	case errors.Is(streamErr, context.Canceled):
		msg.Status, chunk.Stopped = store.StatusPartial, true
	case streamErr != nil:
		msg.Status = store.StatusPartial
		chunk.Problem = problemFor(streamErr)
	}
	if chunk.Problem != nil {
		chunk.Problem.OfferOffline = s.Library.Script(conv.ScenarioID, conv.Language) != nil
		s.Log.Warn("reply failed", "conversation", conv.ID, "kind", chunk.Problem.Kind, "err", streamErr)
	}
	if strings.TrimSpace(text) == "" {
		if err := s.Store.DeleteMessage(ctx, msg.ID); err != nil {
			s.Log.Error("drop empty reply", "err", err)
		}
	} else {
		if err := s.Store.FinishReply(ctx, msg); err != nil {
			s.Log.Error("finish reply", "err", err)
		}
		chunk.Message = &msg
	}
	return chunk
}

func problemFor(err error) *Problem {
	var le *endpoint.Error
	if errors.As(err, &le) {
		return &Problem{Kind: string(le.Kind), Message: le.Error(), RetryAfterSeconds: int(le.RetryAfter / time.Second)}
	}
	return &Problem{Kind: "unknown", Message: "Something went wrong while your partner was answering. Try again."}
}

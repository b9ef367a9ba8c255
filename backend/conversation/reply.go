package conversation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/errs"
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
// The reply runs under the claim's own context, which outlives the call
// that started it; Stop and Shutdown cancel it.
func (s *Service) claim(id string) (*inflight, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.replies[id]; ok {
		return nil, ErrBusy
	}
	if s.replies == nil {
		s.replies = map[string]*inflight{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &inflight{ctx: ctx, cancel: cancel, done: make(chan struct{})}
	s.replies[id] = r
	return r, nil
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

// reply writes the partner's next turn under the claim r, answering the
// learner's line said (nil to open the scene): the offline partner at once,
// the AI partner streamed, with the line's correction asked for apart. The
// claim is released when the reply ends.
func (s *Service) reply(ctx context.Context, r *inflight, conv store.Conversation, stream string, said *store.Message) error {
	if conv.Partner == partner.KindOffline {
		defer s.release(conv.ID, r)
		return s.offlineReply(ctx, conv, stream, said)
	}
	if said != nil {
		s.correct(conv, *said)
	}
	msgs, client, problem, err := s.aiRequest(ctx, conv)
	if err != nil || problem != nil {
		s.release(conv.ID, r)
		if problem != nil {
			s.Events.Reply(stream, Chunk{ConversationID: conv.ID, Done: true, Problem: problem})
		}
		return err
	}
	msg, err := s.Store.AddMessage(ctx, store.Message{ConversationID: conv.ID, Role: "assistant", Status: store.StatusPartial})
	if err != nil {
		s.release(conv.ID, r)
		return err
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		last := s.stream(r.ctx, conv, msg, stream, client, msgs)
		// Free the conversation before saying the reply is done, so the
		// learner can answer the moment they see it.
		s.release(conv.ID, r)
		s.Events.Reply(stream, last)
	}()
	return nil
}

func (s *Service) offlineReply(ctx context.Context, conv store.Conversation, stream string, said *store.Message) error {
	var turn offline.Turn
	var err error
	t := offlineTally(conv.PartnerState)
	if conv.PartnerState == "" || said == nil {
		turn, err = s.Library.BeginFor(conv.ScenarioID, conv.Language, s.simpleLines(ctx, conv))
	} else {
		turn, err = s.Library.Answer(conv.ScenarioID, conv.Language, offlineState(conv.PartnerState), said.Content)
		t.add(turn)
	}
	if err != nil {
		return err
	}
	if said != nil && turn.YouCouldSay != "" {
		// Honest feedback: what the step expected, never praise.
		s.keepFeedback(ctx, *said, Feedback{Source: "offline", YouCouldSay: turn.YouCouldSay})
	}
	// What the learner just told us is kept at once, so closing the app
	// mid-onboarding loses nothing.
	for field, value := range turn.Collected {
		if err := s.Store.Collect(ctx, conv.UserID, field, value); err != nil {
			return err
		}
	}
	s.rememberCollected(ctx, conv, turn.Collected)
	state, _ := json.Marshal(offlineProgress{State: turn.State, Tally: t})
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
	if turn.State.Done {
		// The scene is complete even if the learner never presses End.
		conv.Partner, conv.PartnerState = partner.KindOffline, string(state)
		if err := s.endAttempt(ctx, conv); err != nil {
			return err
		}
	}
	s.Events.Reply(stream, Chunk{ConversationID: conv.ID, MessageID: msg.ID, Delta: msg.Content, Done: true, Message: &msg})
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
func (s *Service) aiRequest(ctx context.Context, conv store.Conversation) ([]endpoint.Message, *endpoint.Client, *Problem, error) {
	active, err := s.Partner.Active(ctx)
	if err == nil && active.Kind == partner.KindKaiwa && s.Plan != nil {
		err = s.Plan.AllowAI(ctx, conv.UserID, conv.ID)
	}
	offlineOK := s.Library.Script(conv.ScenarioID, conv.Language) != nil
	if errs.Is(err, errs.Limit) {
		return nil, nil, &Problem{Code: errs.Limit, Message: errs.MessageOf(err), OfferOffline: offlineOK}, nil
	} else if err != nil {
		return nil, nil, nil, err
	}
	if active.Kind == partner.KindOffline {
		return nil, nil, &Problem{Code: errs.Unavailable, OfferOffline: offlineOK,
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
	target := s.Store.LanguageName(ctx, conv.Language)
	declared, adapted := s.adaptPrompt(ctx, learner, conv, sc, target)
	system := prompt.Tutor(sc, prompt.Learner{
		Name:           learner.DisplayName,
		TargetLanguage: target,
		NativeLanguage: s.Store.LanguageName(ctx, learner.NativeLanguage),
		Level:          declared,
		Goal:           learner.Goal,
		Memory:         s.recall(ctx, learner, conv, sc),
	}, conv.IsOnboarding) + adapted
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
	client := endpoint.New(active.Endpoint(conv.ID), nil)
	return msgs, client, nil, nil
}

// Bounds on a reply: a tutor's line is a few sentences, so a reply past
// these is a model that does not stop (small local models loop). It is cut,
// the connection closed, and what arrived kept as partial.
const (
	MaxReplyRunes  = 8000
	maxReplyTokens = 2000
)

// errTooLong is why a reply's stream was cut.
var errTooLong = errors.New("reply too long")

// stream relays one AI reply: the first piece at once (so the learner sees
// it immediately), then at most one chunk per batch interval, each holding
// only what is new; the text so far is saved every checkpoint interval so
// even a crash keeps it.
func (s *Service) stream(ctx context.Context, conv store.Conversation, msg store.Message, name string, client *endpoint.Client, msgs []endpoint.Message) Chunk {
	ctx, cut := context.WithCancelCause(ctx)
	defer cut(nil)
	deltas := make(chan string, 64)
	var streamErr error
	go func() {
		streamErr = client.Stream(ctx, msgs, endpoint.Options{MaxTokens: maxReplyTokens}, func(d string) { deltas <- d })
		close(deltas)
	}()

	var text strings.Builder
	runes, sent, sentUnits := 0, 0, 0 // the reply's length; what the page has, in bytes and UTF-16 units
	var lastEmit time.Time
	saved := 0
	emit := func() {
		delta := text.String()[sent:]
		s.Events.Reply(name, Chunk{ConversationID: conv.ID, MessageID: msg.ID, Offset: sentUnits, Delta: delta})
		sent, sentUnits, lastEmit = text.Len(), sentUnits+utf16Len(delta), time.Now()
	}
	batch := time.NewTicker(s.batchInterval())
	defer batch.Stop()
	checkpoint := time.NewTicker(s.checkpointInterval())
	defer checkpoint.Stop()
loop:
	for {
		select {
		case d, ok := <-deltas:
			switch {
			case !ok:
				break loop
			case context.Cause(ctx) == errTooLong:
				continue // draining what was already on its way
			case runes+utf8.RuneCountInString(d) > MaxReplyRunes:
				d = firstRunes(d, MaxReplyRunes-runes)
				cut(errTooLong)
			}
			text.WriteString(d)
			runes += utf8.RuneCountInString(d)
			if time.Since(lastEmit) >= s.batchInterval() {
				emit()
			}
		case <-batch.C:
			if text.Len() > sent {
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
	if context.Cause(ctx) == errTooLong {
		streamErr = errTooLong
	}
	last := s.finish(conv, msg, text.String(), streamErr)
	last.Offset, last.Delta = sentUnits, text.String()[sent:]
	return last
}

// finish stores the reply's outcome and returns the last chunk for the page.
func (s *Service) finish(conv store.Conversation, msg store.Message, text string, streamErr error) Chunk {
	ctx := context.Background()
	chunk := Chunk{ConversationID: conv.ID, MessageID: msg.ID, Done: true}
	msg.Content, msg.Status = text, store.StatusComplete
	switch {
	case streamErr == nil && strings.TrimSpace(text) == "":
		streamErr = errors.New("empty reply")
		chunk.Problem = &Problem{Code: errs.Unavailable, Message: "Your partner sent an empty reply. Try again, or pick another model in Settings."}
	case errors.Is(streamErr, errTooLong):
		msg.Status = store.StatusPartial
		chunk.Problem = &Problem{Code: errs.Limit, Message: fmt.Sprintf("Your partner's reply went on past %d characters, so Kaiwa stopped it there. Try again, or pick another model in Settings.", MaxReplyRunes)}
	case errors.Is(streamErr, context.Canceled):
		msg.Status, chunk.Stopped = store.StatusPartial, true
	case streamErr != nil:
		msg.Status = store.StatusPartial
		chunk.Problem = problemFor(streamErr)
	}
	if chunk.Problem != nil {
		chunk.Problem.OfferOffline = s.Library.Script(conv.ScenarioID, conv.Language) != nil
		s.Log.Warn("reply failed", "conversation", conv.ID, "code", chunk.Problem.Code, "err", streamErr)
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
		return &Problem{Code: le.ErrorCode(), Message: le.Error(), RetryAfterSeconds: int(le.RetryAfter / time.Second)}
	}
	return &Problem{Code: errs.Internal, Message: "Something went wrong while your partner was answering. Try again."}
}

// utf16Len is how long s is for the page, whose strings count UTF-16 units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// firstRunes is the first n runes of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

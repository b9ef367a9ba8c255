// Package conversation is the engine of a practice session: it starts a
// conversation in a scenario, commits every word the learner sends before the
// partner is asked, streams the partner's reply to the page in batches, and
// keeps what arrived (marked partial) when a reply is stopped or fails.
package conversation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"kaiwa/backend/billing"
	"kaiwa/backend/comfort"
	"kaiwa/backend/errs"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/shell"
	"kaiwa/backend/store"
)

// MaxMessageRunes is the longest message a learner can send at once.
const MaxMessageRunes = 4000

// StreamPrefix starts every reply event name; the page picks the rest so it
// can listen before the first word arrives.
const StreamPrefix = "reply:"

// Service is the bound conversation service.
type Service struct {
	Store   *store.Store
	Library *offline.Library
	Events  shell.Events
	Partner *partner.Service
	Log     *slog.Logger
	// Learner returns the signed-in learner, whose conversations these are.
	Learner func(context.Context) (store.User, error)
	// AllowAI, when set, is asked before an AI conversation starts; a
	// *billing.LimitError means this month's plan is used up.
	AllowAI func(ctx context.Context, userID string) error
	// Recording resolves a recording the learner made to the audio
	// reference kept with the message they send.
	Recording func(ctx context.Context, userID, recordingID string) (string, error)
	// Deleting, when set, is told of a conversation about to be deleted, so
	// its audio goes too.
	Deleting func(ctx context.Context, userID, conversationID string)
	// BatchInterval and CheckpointInterval pace events to the page and
	// saves of a reply in progress; tests shorten them.
	BatchInterval      time.Duration
	CheckpointInterval time.Duration

	mu      sync.Mutex
	replies map[string]*inflight // conversation id → reply being written
	wg      sync.WaitGroup
}

type inflight struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// View is a conversation with its messages, as the page shows it.
type View struct {
	Conversation store.Conversation `json:"conversation"`
	Messages     []store.Message    `json:"messages"`
	// Offline is true when the built-in partner answers this conversation.
	Offline bool `json:"offline"`
	// Finished is true when the offline partner closed the scenario.
	Finished bool `json:"finished"`
	// Replying is true while a reply is being written.
	Replying bool `json:"replying"`
	// OfflineAvailable says whether the offline partner can take over.
	OfflineAvailable bool `json:"offlineAvailable"`
	// Limit, when set, is why no conversation started: the plan's monthly
	// AI conversations or minutes are used up.
	Limit string `json:"limit,omitempty"`
}

// Chunk is one event of a reply stream: the whole text so far (so a missed
// event loses nothing), and on the last one the stored message or a problem.
type Chunk struct {
	ConversationID string         `json:"conversationId"`
	MessageID      string         `json:"messageId"`
	Text           string         `json:"text"`
	Done           bool           `json:"done"`
	Stopped        bool           `json:"stopped"`
	Message        *store.Message `json:"message,omitempty"`
	Problem        *Problem       `json:"problem,omitempty"`
}

// Problem is a failure told to the learner: what happened and what to do.
type Problem struct {
	Kind              string `json:"kind"`
	Message           string `json:"message"`
	RetryAfterSeconds int    `json:"retryAfterSeconds"`
	OfferOffline      bool   `json:"offerOffline"`
}

// ErrBusy is returned when a reply is already being written.
var ErrBusy = errors.New("Your partner is still answering. Wait for the reply or stop it.")

func (s *Service) ctx() context.Context { return context.Background() }

func (s *Service) batchInterval() time.Duration {
	if s.BatchInterval > 0 {
		return s.BatchInterval
	}
	return 30 * time.Millisecond
}

func (s *Service) checkpointInterval() time.Duration {
	if s.CheckpointInterval > 0 {
		return s.CheckpointInterval
	}
	return time.Second
}

// FreeTalk is the scenario id of an open conversation with the AI partner.
const FreeTalk = "free-talk"

// scenario returns a stored scenario, or the free-talk one.
func (s *Service) scenario(ctx context.Context, id string) (store.Scenario, error) {
	if id == FreeTalk || id == "" {
		return store.Scenario{
			ID: FreeTalk, Title: "Free talk", Category: "basic", Difficulty: "beginner",
			Description:        "An open conversation about whatever the learner wants to talk about.",
			Context:            "A relaxed chat between friends; the learner picks the topics.",
			Instructions:       "Play a friendly conversation partner. Ask what they would like to talk about, follow their lead, and keep the conversation going with one question at a time.",
			ExpectedOutcome:    "The learner talks about a few everyday topics at their own pace.",
			LearningObjectives: []string{"Talking about yourself and your day", "Keeping a conversation going"},
			ComfortIndicators:  []string{"Chooses topics", "Asks questions back"},
		}, nil
	}
	return s.Store.Scenario(ctx, id)
}

// OfflineScenarios lists the scenarios the offline partner has in a language.
func (s *Service) OfflineScenarios(lang string) []string {
	return s.Library.Scenarios(lang)
}

// Start begins a conversation in a scenario with the active partner. The
// partner's opening line is streamed on the event named stream. When the
// plan's AI allowance for the month is used up, nothing starts and the
// View's Limit says why (OfflineAvailable: whether StartOffline can).
func (s *Service) Start(scenarioID, lang, stream string) (View, error) {
	return s.start(scenarioID, lang, stream, false)
}

// StartOffline begins a conversation with the offline partner whatever the
// settings say: it is always free, so it is what a used-up plan offers.
func (s *Service) StartOffline(scenarioID, lang, stream string) (View, error) {
	return s.start(scenarioID, lang, stream, true)
}

func (s *Service) start(scenarioID, lang, stream string, offlineOnly bool) (View, error) {
	ctx := s.ctx()
	if err := checkStream(stream); err != nil {
		return View{}, err
	}
	if _, err := s.Store.Language(ctx, lang); errors.Is(err, store.ErrNotFound) {
		return View{}, errs.Errorf(errs.Invalid, "Kaiwa does not teach %q yet. Choose a language from the list.", lang)
	} else if err != nil {
		return View{}, err
	}
	sc, err := s.scenario(ctx, scenarioID)
	if errors.Is(err, store.ErrNotFound) {
		return View{}, fmt.Errorf("There is no scenario %q. Pick one from the list.", scenarioID)
	} else if err != nil {
		return View{}, err
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return View{}, err
	}
	active := partner.Active{Kind: partner.KindOffline}
	if !offlineOnly {
		if active, err = partner.Resolve(ctx, s.Partner); err != nil {
			return View{}, err
		}
	}
	if active.Kind != partner.KindOffline && s.AllowAI != nil {
		var limit *billing.LimitError
		if err := s.AllowAI(ctx, learner.ID); errors.As(err, &limit) {
			return View{Limit: limit.Error(), OfflineAvailable: s.Library.Script(sc.ID, lang) != nil}, nil
		} else if err != nil {
			return View{}, err
		}
	}
	if active.Kind == partner.KindOffline && sc.ID == FreeTalk {
		return View{}, errors.New("Free talk needs an AI partner: set one up in Settings, or pick a scenario.")
	}
	if active.Kind == partner.KindOffline && s.Library.Script(sc.ID, lang) == nil {
		return View{}, fmt.Errorf("The offline partner does not have “%s” in this language yet. Choose a scenario marked “offline”, or set up an AI partner in Settings.", sc.Title)
	}
	scenarioRef := sc.ID
	if sc.ID == FreeTalk {
		scenarioRef = "" // not a stored scenario
	}
	conv, err := s.Store.CreateConversation(ctx, store.NewConversation{
		UserID: learner.ID, Language: lang, Title: sc.Title, ScenarioID: scenarioRef,
		Partner: active.Kind, Model: active.Model, IsOnboarding: sc.Category == "onboarding",
	})
	if err != nil {
		return View{}, err
	}
	if conv.IsOnboarding {
		// The language chosen for onboarding is the one they want to practise.
		if err := s.Store.Collect(ctx, learner.ID, "target_language", lang); err != nil {
			return View{}, err
		}
	}
	s.Log.Info("conversation started", "conversation", conv.ID, "scenario", sc.ID, "language", lang, "partner", active.Kind)
	if err := s.reply(conv, stream, ""); err != nil {
		return View{}, err
	}
	return s.Open(conv.ID)
}

// Open returns a conversation with its messages, to show or continue it.
func (s *Service) Open(id string) (View, error) {
	ctx := s.ctx()
	conv, err := s.own(ctx, id)
	if err != nil {
		return View{}, err
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return View{}, err
	}
	st := offlineState(conv.PartnerState)
	s.mu.Lock()
	_, replying := s.replies[id]
	s.mu.Unlock()
	return View{
		Conversation: conv, Messages: msgs, Replying: replying,
		Offline: conv.Partner == partner.KindOffline, Finished: st.Done,
		OfflineAvailable: s.Library.Script(conv.ScenarioID, conv.Language) != nil,
	}, nil
}

// List returns the learner's conversations, newest first.
func (s *Service) List() ([]store.Conversation, error) {
	ctx := s.ctx()
	learner, err := s.Learner(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.Conversations(ctx, learner.ID, 100)
}

// Send commits the learner's message, then asks the partner for a reply,
// streamed on the event named stream. A refused message changes nothing.
func (s *Service) Send(id, text, stream string) (store.Message, error) {
	return s.send(id, text, "", stream)
}

// SendSpoken is Send for a message the learner spoke: their recording is
// kept with it, so they can hear themselves again.
func (s *Service) SendSpoken(id, text, recordingID, stream string) (store.Message, error) {
	return s.send(id, text, recordingID, stream)
}

func (s *Service) send(id, text, recordingID, stream string) (store.Message, error) {
	ctx := s.ctx()
	if err := checkStream(stream); err != nil {
		return store.Message{}, err
	}
	text = strings.TrimSpace(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return store.Message{}, errors.New("Type a message first.")
	case n > MaxMessageRunes:
		return store.Message{}, fmt.Errorf("That message is %d characters long; the limit is %d. Split it into shorter messages.", n, MaxMessageRunes)
	case !utf8.ValidString(text):
		return store.Message{}, errors.New("That message contains characters Kaiwa cannot read. Try typing it again.")
	}
	conv, err := s.own(ctx, id)
	if err != nil {
		return store.Message{}, err
	}
	if conv.EndedAt != "" || offlineState(conv.PartnerState).Done && conv.Partner == partner.KindOffline {
		return store.Message{}, errors.New("This conversation has ended. Start a new one to keep practising.")
	}
	if s.busy(id) {
		return store.Message{}, ErrBusy
	}
	audio := ""
	if recordingID != "" && s.Recording != nil {
		if audio, err = s.Recording(ctx, conv.UserID, recordingID); err != nil {
			return store.Message{}, err
		}
	}
	msg, err := s.Store.AddMessage(ctx, store.Message{ConversationID: id, Role: "user", Content: text, AudioRef: audio})
	if err != nil {
		return store.Message{}, err
	}
	return msg, s.reply(conv, stream, text)
}

// Delete deletes a conversation's messages and audio. What it counted
// (study days, the month's AI use) stays counted.
func (s *Service) Delete(id string) error {
	ctx := s.ctx()
	conv, err := s.own(ctx, id)
	if err != nil {
		return err
	}
	if s.busy(id) {
		return ErrBusy
	}
	if s.Deleting != nil {
		s.Deleting(ctx, conv.UserID, id)
	}
	return notFound(s.Store.DeleteConversation(ctx, id))
}

// Stop stops the reply being written; what arrived is kept, marked partial.
func (s *Service) Stop(id string) error {
	s.mu.Lock()
	r := s.replies[id]
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	r.cancel()
	<-r.done
	return nil
}

// Retry asks the AI partner again for the last reply: the previous attempt,
// if any, is replaced.
func (s *Service) Retry(id, stream string) error {
	ctx := s.ctx()
	if err := checkStream(stream); err != nil {
		return err
	}
	conv, err := s.own(ctx, id)
	if err != nil {
		return err
	}
	if conv.Partner == partner.KindOffline {
		return errors.New("The offline partner always answers the same way: type another answer instead.")
	}
	if s.busy(id) {
		return ErrBusy
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return err
	}
	if n := len(msgs); n > 0 && msgs[n-1].Role == "assistant" {
		if err := s.Store.DeleteMessage(ctx, msgs[n-1].ID); err != nil {
			return err
		}
	}
	return s.reply(conv, stream, "")
}

// ContinueOffline hands the conversation to the built-in partner, which
// starts the scenario's script; the learner's messages stay as they are.
func (s *Service) ContinueOffline(id, stream string) (View, error) {
	ctx := s.ctx()
	if err := checkStream(stream); err != nil {
		return View{}, err
	}
	conv, err := s.own(ctx, id)
	if err != nil {
		return View{}, err
	}
	if err := s.Stop(id); err != nil {
		return View{}, err
	}
	if s.Library.Script(conv.ScenarioID, conv.Language) == nil {
		return View{}, errors.New("The offline partner does not have this scenario in this language yet.")
	}
	if err := s.Store.SetPartner(ctx, id, partner.KindOffline, "", ""); err != nil {
		return View{}, err
	}
	conv.Partner, conv.PartnerState = partner.KindOffline, ""
	if err := s.reply(conv, stream, ""); err != nil {
		return View{}, err
	}
	return s.Open(id)
}

// End ends the conversation, stopping any reply first.
func (s *Service) End(id string) (store.Conversation, error) {
	if _, err := s.own(s.ctx(), id); err != nil {
		return store.Conversation{}, err
	}
	if err := s.Stop(id); err != nil {
		return store.Conversation{}, err
	}
	conv, err := s.Store.EndConversation(s.ctx(), id)
	if err != nil {
		return conv, notFound(err)
	}
	s.Log.Info("conversation ended", "conversation", id, "messages", conv.MessageCount, "seconds", conv.DurationSeconds)
	return conv, nil
}

// Shutdown stops every reply in progress (each keeps what arrived).
func (s *Service) Shutdown() {
	s.mu.Lock()
	for _, r := range s.replies {
		r.cancel()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Service) busy(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.replies[id]
	return ok
}

func checkStream(stream string) error {
	if !strings.HasPrefix(stream, StreamPrefix) || len(stream) > 100 {
		return fmt.Errorf("stream name %q must start with %q", stream, StreamPrefix)
	}
	return nil
}

// own returns a conversation of the signed-in learner: each profile sees
// only its own.
func (s *Service) own(ctx context.Context, id string) (store.Conversation, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return store.Conversation{}, err
	}
	return s.Store.ConversationOf(ctx, learner.ID, id)
}

// notFound words a conversation that went between own and a change to it.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return store.ErrConversationGone
	}
	return err
}

// Rate records the learner's ratings of a session (1–5 each, 0 = skipped)
// and the comfort rating and engagement level they and the session give.
func (s *Service) Rate(id string, confidence, engagement, understanding int) (store.Conversation, error) {
	ctx := s.ctx()
	conv, err := s.own(ctx, id)
	if err != nil {
		return conv, err
	}
	for _, r := range []int{confidence, engagement, understanding} {
		if r < 0 || r > 5 {
			return conv, errors.New("Ratings go from 1 to 5; leave one empty to skip it.")
		}
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return conv, err
	}
	turns := make([]comfort.Turn, 0, len(msgs))
	for _, m := range msgs {
		at, _ := time.Parse(time.RFC3339Nano, m.CreatedAt)
		turns = append(turns, comfort.Turn{Learner: m.Role == "user", Text: m.Content, At: at})
	}
	rating, engaged := comfort.Assess(comfort.Ratings{Confidence: confidence, Engagement: engagement, Understanding: understanding},
		comfort.Measure(turns, comfort.Scripts[conv.Language]))
	err = s.Store.SetComfort(ctx, id, store.Comfort{Rating: rating, Engagement: engaged,
		Confidence: confidence, Engaged: engagement, Understanding: understanding})
	if err != nil {
		return conv, err
	}
	return s.Store.Conversation(ctx, id)
}

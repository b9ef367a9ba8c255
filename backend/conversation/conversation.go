// Package conversation is the engine of a practice session: it starts a
// conversation in a scenario, commits every word the learner sends before the
// partner is asked, streams the partner's reply to the page in batches, and
// keeps what arrived (marked partial) when a reply is stopped or fails.
package conversation

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"kaiwa/backend/comfort"
	"kaiwa/backend/errs"
	"kaiwa/backend/level"
	"kaiwa/backend/memory"
	"kaiwa/backend/offline"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

// MaxMessageRunes is the longest message a learner can send at once.
const MaxMessageRunes = 4000

// Events carries a conversation to whoever shows it as it happens: the
// page, through backend/api.
type Events interface {
	// Reply is a piece of a reply; stream is the name the caller chose.
	Reply(stream string, c Chunk)
	// Corrected is a learner's line whose feedback (Correction) arrived.
	Corrected(m store.Message)
}

// Allowance says whether the learner's plan lets Kaiwa AI answer
// (backend/billing): when a conversation starts (conversationID "") and
// before each request in it. nil, or an errs.Limit error saying why not.
// Only Kaiwa AI asks: the learner's own endpoint and the offline partner
// are never counted or limited.
type Allowance interface {
	AllowAI(ctx context.Context, userID, conversationID string) error
}

// Recordings keeps the learner's recordings with their messages
// (backend/voice).
type Recordings interface {
	// RecordingRef is where a recording is, for the message it goes with.
	RecordingRef(ctx context.Context, userID, recordingID string) (string, error)
	// ForgetConversation deletes a conversation's audio, before it goes.
	ForgetConversation(ctx context.Context, userID, conversationID string)
}

// Service runs conversations.
type Service struct {
	Store   *store.Store
	Library *offline.Library
	Events  Events
	Partner *partner.Service
	Log     *slog.Logger
	// Learner returns the signed-in learner, whose conversations these are.
	Learner func(context.Context) (store.User, error)
	// Plan, when set, is asked before Kaiwa AI answers.
	Plan Allowance
	// Recordings, when set, keeps spoken messages' recordings.
	Recordings Recordings
	// Vocabulary, when set, saves corrections' new words for learners who
	// chose so.
	Vocabulary Vocabulary
	// Levels, when set, keeps the learner's level per language: what the
	// partner adapts to, and what each reported session counts in.
	Levels *level.Service
	// Memory, when set, keeps what the learner shares for the next
	// conversations (see memory.go).
	Memory *memory.Service
	// BatchInterval and CheckpointInterval pace events to the page and
	// saves of a reply in progress; tests shorten them.
	BatchInterval      time.Duration
	CheckpointInterval time.Duration

	mu      sync.Mutex
	replies map[string]*inflight // conversation id → reply being written
	// learning: conversation id → closed once an ended AI onboarding's
	// profile is kept (see learnFrom).
	learning map[string]chan struct{}
	wg       sync.WaitGroup
	// closing ends the work that outlives a call (corrections) at Shutdown.
	closing     context.Context
	stopClosing context.CancelFunc
	closingOnce sync.Once
}

// inflight is a claim on a conversation while its partner answers: one
// reply (or one learner message and its reply) at a time.
type inflight struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

// View is a conversation with its messages.
type View struct {
	Conversation store.Conversation
	Messages     []store.Message
	// Offline is true when the built-in partner answers this conversation.
	Offline bool
	// Finished is true when the offline partner closed the scenario.
	Finished bool
	// Replying is true while a reply is being written.
	Replying bool
	// OfflineAvailable says whether the offline partner can take over.
	OfflineAvailable bool
	// Limit, when set, is why no conversation started: the plan's monthly
	// AI conversations or minutes are used up.
	Limit string
}

// Chunk is one piece of a reply as it is written: the text that is new
// since the last chunk (Delta, starting Offset UTF-16 code units into the
// reply, the page's unit), and on the last one the stored message or the
// problem.
type Chunk struct {
	ConversationID string
	MessageID      string
	Offset         int
	Delta          string
	Done           bool
	Stopped        bool
	Message        *store.Message
	Problem        *Problem
}

// Problem is a failure while the partner answered: what happened and what
// the learner can do.
type Problem struct {
	Code              errs.Code
	Message           string
	RetryAfterSeconds int
	OfferOffline      bool
}

// ErrBusy is returned when a reply is already being written.
var ErrBusy = errs.New(errs.Busy, "Your partner is still answering. Wait for the reply or stop it.")

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
// partner's opening line goes to Events under the name stream. When the
// plan's AI allowance for the month is used up, nothing starts and the
// View's Limit says why (OfflineAvailable: whether StartOffline can).
func (s *Service) Start(ctx context.Context, scenarioID, lang, stream string) (View, error) {
	return s.start(ctx, scenarioID, lang, stream, false, false)
}

// TryAgain is Start for a new attempt at a scenario the learner tried
// before: the AI partner is told what their last report said to work on.
func (s *Service) TryAgain(ctx context.Context, scenarioID, lang, stream string) (View, error) {
	return s.start(ctx, scenarioID, lang, stream, false, true)
}

// StartOffline begins a conversation with the offline partner whatever the
// settings say: it is always free, so it is what a used-up plan offers.
func (s *Service) StartOffline(ctx context.Context, scenarioID, lang, stream string) (View, error) {
	return s.start(ctx, scenarioID, lang, stream, true, false)
}

func (s *Service) start(ctx context.Context, scenarioID, lang, stream string, offlineOnly, retry bool) (View, error) {
	if _, err := s.Store.Language(ctx, lang); errors.Is(err, store.ErrNotFound) {
		return View{}, errs.Errorf(errs.Invalid, "Kaiwa does not teach %q yet. Choose a language from the list.", lang)
	} else if err != nil {
		return View{}, err
	}
	sc, err := s.scenario(ctx, scenarioID)
	if errors.Is(err, store.ErrNotFound) {
		return View{}, errs.Errorf(errs.NotFound, "There is no scenario %q. Pick one from the list.", scenarioID)
	} else if err != nil {
		return View{}, err
	}
	learner, err := s.Learner(ctx)
	if err != nil {
		return View{}, err
	}
	if sc.OwnerID != "" && sc.OwnerID != learner.ID {
		// Another profile's scene is not this learner's to see.
		return View{}, errs.Errorf(errs.NotFound, "There is no scenario %q. Pick one from the list.", scenarioID)
	}
	active := partner.Active{Kind: partner.KindOffline}
	if !offlineOnly {
		active, err = s.Partner.Active(ctx)
	}
	if err == nil && active.Kind == partner.KindKaiwa && s.Plan != nil {
		err = s.Plan.AllowAI(ctx, learner.ID, "")
	}
	if errs.Is(err, errs.Limit) {
		return View{Limit: errs.MessageOf(err), OfflineAvailable: s.Library.Script(sc.ID, lang) != nil}, nil
	} else if err != nil {
		return View{}, err
	}
	if active.Kind == partner.KindOffline && sc.ID == FreeTalk {
		return View{}, errs.New(errs.Invalid, "Free talk needs an AI partner: set one up in Settings, or pick a scenario.")
	}
	if active.Kind == partner.KindOffline && sc.OwnerID != "" {
		return View{}, errs.Errorf(errs.Unavailable, "“%s” is a scene of your own: only an AI partner can play it. Set one up in Settings, or pick a scenario marked “offline”.", sc.Title)
	}
	if active.Kind == partner.KindOffline && s.Library.Script(sc.ID, lang) == nil {
		return View{}, errs.Errorf(errs.NotFound, "The offline partner does not have “%s” in this language yet. Choose a scenario marked “offline”, or set up an AI partner in Settings.", sc.Title)
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
	if scenarioRef != "" {
		if err := s.startAttempt(ctx, learner, conv, retry); err != nil {
			return View{}, err
		}
	}
	s.Log.Info("conversation started", "conversation", conv.ID, "scenario", sc.ID, "language", lang, "partner", active.Kind)
	r, err := s.claim(conv.ID)
	if err != nil {
		return View{}, err
	}
	if err := s.reply(ctx, r, conv, stream, nil); err != nil {
		return View{}, err
	}
	return s.Open(ctx, conv.ID)
}

// Open returns a conversation with its messages, to show or continue it.
func (s *Service) Open(ctx context.Context, id string) (View, error) {
	conv, err := s.own(ctx, id)
	if err != nil {
		return View{}, err
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		return View{}, err
	}
	st := offlineState(conv.PartnerState)
	return View{
		Conversation: conv, Messages: msgs, Replying: s.busy(id),
		Offline: conv.Partner == partner.KindOffline, Finished: st.Done,
		OfflineAvailable: s.Library.Script(conv.ScenarioID, conv.Language) != nil,
	}, nil
}

// List returns the learner's conversations, newest first.
func (s *Service) List(ctx context.Context) ([]store.Conversation, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.Conversations(ctx, learner.ID, 100)
}

// Send commits the learner's message, then asks the partner for a reply,
// which goes to Events under the name stream. A refused message changes
// nothing.
func (s *Service) Send(ctx context.Context, id, text, stream string) (store.Message, error) {
	return s.send(ctx, id, text, "", stream)
}

// SendSpoken is Send for a message the learner spoke: their recording is
// kept with it, so they can hear themselves again.
func (s *Service) SendSpoken(ctx context.Context, id, text, recordingID, stream string) (store.Message, error) {
	return s.send(ctx, id, text, recordingID, stream)
}

func (s *Service) send(ctx context.Context, id, text, recordingID, stream string) (store.Message, error) {
	text = Clean(text)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return store.Message{}, errs.New(errs.Invalid, "Type a message first.")
	case n > MaxMessageRunes:
		return store.Message{}, errs.Errorf(errs.Invalid, "That message is %d characters long; the limit is %d. Split it into shorter messages.", n, MaxMessageRunes)
	}
	conv, err := s.own(ctx, id)
	if err != nil {
		return store.Message{}, err
	}
	if conv.EndedAt != "" || offlineState(conv.PartnerState).Done && conv.Partner == partner.KindOffline {
		return store.Message{}, errs.New(errs.Conflict, "This conversation has ended. Start a new one to keep practising.")
	}
	// The claim comes before the message is written: of two quick sends,
	// only one can commit.
	r, err := s.claim(id)
	if err != nil {
		return store.Message{}, err
	}
	audio := ""
	if recordingID != "" && s.Recordings != nil {
		if audio, err = s.Recordings.RecordingRef(ctx, conv.UserID, recordingID); err != nil {
			s.release(id, r)
			return store.Message{}, err
		}
	}
	msg, err := s.Store.AddMessage(ctx, store.Message{ConversationID: id, Role: "user", Content: text, AudioRef: audio})
	if err != nil {
		s.release(id, r)
		return store.Message{}, err
	}
	return msg, s.reply(ctx, r, conv, stream, &msg)
}

// Clean is the learner's text as Kaiwa keeps it: no control characters
// (but line breaks and tabs) and no invisible zero-width ones (but the
// joiners ZWJ and ZWNJ, which emoji and several scripts need), without
// surrounding space, and valid UTF-8.
func Clean(text string) string {
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\r\n", "\n"), "")
	text = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return -1 // C0 and C1 controls, DEL
		case r == 0x200b || r == 0x2060 || r == 0xfeff || r == 0x180e:
			return -1 // zero-width space, word joiner, BOM, Mongolian vowel separator
		}
		return r
	}, text)
	return strings.TrimSpace(text)
}

// Delete deletes a conversation's messages and audio. What it counted
// (study days, the month's AI use) stays counted.
func (s *Service) Delete(ctx context.Context, id string) error {
	conv, err := s.own(ctx, id)
	if err != nil {
		return err
	}
	r, err := s.claim(id)
	if err != nil {
		return err
	}
	defer s.release(id, r)
	if s.Recordings != nil {
		s.Recordings.ForgetConversation(ctx, conv.UserID, id)
	}
	if err := s.Store.AbandonAttempt(ctx, id); err != nil {
		return err
	}
	return gone(s.Store.DeleteConversation(ctx, id))
}

// Stop stops the reply being written; what arrived is kept, marked partial.
func (s *Service) Stop(ctx context.Context, id string) error {
	s.mu.Lock()
	r := s.replies[id]
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	r.cancel()
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retry asks the AI partner again for the last reply: the previous attempt,
// if any, is replaced.
func (s *Service) Retry(ctx context.Context, id, stream string) error {
	conv, err := s.own(ctx, id)
	if err != nil {
		return err
	}
	if conv.Partner == partner.KindOffline {
		return errs.New(errs.Invalid, "The offline partner always answers the same way: type another answer instead.")
	}
	r, err := s.claim(id)
	if err != nil {
		return err
	}
	msgs, err := s.Store.Messages(ctx, id)
	if err != nil {
		s.release(id, r)
		return err
	}
	if n := len(msgs); n > 0 && msgs[n-1].Role == "assistant" {
		if err := s.Store.DeleteMessage(ctx, msgs[n-1].ID); err != nil {
			s.release(id, r)
			return err
		}
	}
	return s.reply(ctx, r, conv, stream, nil)
}

// ContinueOffline hands the conversation to the built-in partner, which
// starts the scenario's script; the learner's messages stay as they are.
func (s *Service) ContinueOffline(ctx context.Context, id, stream string) (View, error) {
	conv, err := s.own(ctx, id)
	if err != nil {
		return View{}, err
	}
	if s.Library.Script(conv.ScenarioID, conv.Language) == nil {
		return View{}, errs.New(errs.NotFound, "The offline partner does not have this scenario in this language yet.")
	}
	if err := s.Stop(ctx, id); err != nil {
		return View{}, err
	}
	r, err := s.claim(id)
	if err != nil {
		return View{}, err
	}
	if err := s.Store.SetPartner(ctx, id, partner.KindOffline, "", ""); err != nil {
		s.release(id, r)
		return View{}, err
	}
	conv.Partner, conv.PartnerState = partner.KindOffline, ""
	if err := s.reply(ctx, r, conv, stream, nil); err != nil {
		return View{}, err
	}
	return s.Open(ctx, id)
}

// End ends the conversation, stopping any reply first.
func (s *Service) End(ctx context.Context, id string) (store.Conversation, error) {
	before, err := s.own(ctx, id)
	if err != nil {
		return store.Conversation{}, err
	}
	if err := s.Stop(ctx, id); err != nil {
		return store.Conversation{}, err
	}
	conv, err := s.Store.EndConversation(ctx, id)
	if err != nil {
		return conv, gone(err)
	}
	if err := s.endAttempt(ctx, conv); err != nil {
		return conv, err
	}
	s.Log.Info("conversation ended", "conversation", id, "messages", conv.MessageCount, "seconds", conv.DurationSeconds)
	if before.EndedAt == "" {
		s.learnFrom(conv) // once per session, however often End is called
	}
	return conv, nil
}

// background is the context of work that outlives the call that began it;
// Shutdown cancels it.
func (s *Service) background() context.Context {
	s.closingOnce.Do(func() { s.closing, s.stopClosing = context.WithCancel(context.Background()) })
	return s.closing
}

// Shutdown stops every reply in progress (each keeps what arrived) and any
// correction still being asked for.
func (s *Service) Shutdown() {
	s.background()
	s.stopClosing()
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

// own returns a conversation of the signed-in learner: each profile sees
// only its own.
func (s *Service) own(ctx context.Context, id string) (store.Conversation, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return store.Conversation{}, err
	}
	return s.Store.ConversationOf(ctx, learner.ID, id)
}

// gone words a conversation that went between own and a change to it.
func gone(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return store.ErrConversationGone
	}
	return err
}

// Rate records the learner's ratings of a session (1–5 each, 0 = skipped)
// and the comfort rating and engagement level they and the session give.
func (s *Service) Rate(ctx context.Context, id string, confidence, engagement, understanding int) (store.Conversation, error) {
	conv, err := s.own(ctx, id)
	if err != nil {
		return conv, err
	}
	for _, r := range []int{confidence, engagement, understanding} {
		if r < 0 || r > 5 {
			return conv, errs.New(errs.Invalid, "Ratings go from 1 to 5; leave one empty to skip it.")
		}
	}
	// The profile form comes next: it shows what an AI onboarding learned.
	s.waitForProfile(ctx, id)
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
	if err == nil {
		err = s.Store.SetAttemptComfort(ctx, id, rating)
	}
	if err != nil {
		return conv, err
	}
	return s.Store.Conversation(ctx, id)
}

package api

import (
	"time"

	"kaiwa/backend/billing"
	"kaiwa/backend/conversation"
	"kaiwa/backend/feedback"
	"kaiwa/backend/level"
	"kaiwa/backend/partner"
	"kaiwa/backend/profiles"
	"kaiwa/backend/progress"
	"kaiwa/backend/store"
	"kaiwa/backend/updates"
	"kaiwa/backend/vocabulary"
	"kaiwa/backend/voice"
)

// The page's types. Where a type has the same fields as the domain's, a Go
// conversion makes it (tags differ, fields may not): a field added on one
// side and not the other stops the build here instead of reaching the page
// by accident.

// About describes this installation and any start-up problem.
type About struct {
	Version string `json:"version"`
	DataDir string `json:"dataDir"`
	LogDir  string `json:"logDir"`
	// Problem, when set, is why Kaiwa cannot open the learner's data, with
	// what to do about it; the page shows it instead of the app.
	Problem string `json:"problem"`
}

// FirstScreen is what the first screen needs: the installation, who is
// practising, the catalog, and the learner's preferences (nil when they
// could not be read; the page reads them again once a learner is known).
type FirstScreen struct {
	About       About            `json:"about"`
	SignIn      SignIn           `json:"signIn"`
	Languages   []Language       `json:"languages"`
	Scenarios   []Scenario       `json:"scenarios"`
	Preferences *PreferencesForm `json:"preferences"`
}

type Language struct {
	Code             string   `json:"code"`
	Name             string   `json:"name"`
	NativeName       string   `json:"nativeName"`
	Flag             string   `json:"flag"`
	IsRTL            bool     `json:"isRtl"`
	HasRomanization  bool     `json:"hasRomanization"`
	WritingSystem    string   `json:"writingSystem"`
	SupportedScripts []string `json:"supportedScripts"`
}

// Speaker is a voice the partner can speak a language with.
type Speaker struct {
	ID         string `json:"id"`
	Language   string `json:"language"`
	Name       string `json:"name"`
	Gender     string `json:"gender"`
	Voice      string `json:"voice"`
	IsAdvanced bool   `json:"isAdvanced"`
}

type Scenario struct {
	ID                 string   `json:"id"`
	Title              string   `json:"title"`
	Description        string   `json:"description"`
	Category           string   `json:"category"`
	Difficulty         string   `json:"difficulty"`
	Instructions       string   `json:"instructions"`
	Context            string   `json:"context"`
	ExpectedOutcome    string   `json:"expectedOutcome"`
	LearningObjectives []string `json:"learningObjectives"`
	ComfortIndicators  []string `json:"comfortIndicators"`
	// Own is true for a scene the learner wrote.
	Own bool `json:"own"`
}

type Conversation struct {
	ID           string `json:"id"`
	Language     string `json:"language"`
	Title        string `json:"title"`
	ScenarioID   string `json:"scenarioId"`
	IsOnboarding bool   `json:"isOnboarding"`
	// Partner is who answers: "offline", "ai" (the learner's own endpoint)
	// or "kaiwa" (Kaiwa AI).
	Partner         string `json:"partner"`
	Model           string `json:"model"`
	StartedAt       string `json:"startedAt"`
	EndedAt         string `json:"endedAt"`
	DurationSeconds int    `json:"durationSeconds"`
	MessageCount    int    `json:"messageCount"`
	ComfortRating   int    `json:"comfortRating"`
	EngagementLevel string `json:"engagementLevel"`
}

type Message struct {
	ID             string   `json:"id"`
	ConversationID string   `json:"conversationId"`
	Role           string   `json:"role"`
	Content        string   `json:"content"`
	Status         string   `json:"status"`
	CreatedAt      string   `json:"createdAt"`
	Translation    string   `json:"translation"`
	Hint           string   `json:"hint"`
	Choices        []string `json:"choices"`
	// HasAudio says a recording or a spoken version of the line is kept.
	HasAudio bool `json:"hasAudio"`
	// Correction is the feedback on a learner's line (nil: none yet).
	Correction *Correction `json:"correction,omitempty"`
}

// Correction is the feedback on a learner's line.
type Correction struct {
	// Source is "ai" (the endpoint's correction) or "offline" (the
	// script's model answer for a reply it did not expect).
	Source string `json:"source"`
	// Natural is true when the AI partner found nothing to fix.
	Natural     bool   `json:"natural"`
	Corrected   string `json:"corrected"`
	Explanation string `json:"explanation"`
	NewWords    []Word `json:"newWords"`
	// Diff is the learner's line against the corrected one, word by word.
	Diff        []DiffToken `json:"diff"`
	YouCouldSay string      `json:"youCouldSay"`
	// WordsSaved is true when the new words were saved as cards as the
	// correction arrived (the learner's preference).
	WordsSaved bool `json:"wordsSaved"`
}

// Word is a word worth learning: its reading and meaning.
type Word struct {
	Word    string `json:"word"`
	Reading string `json:"reading"`
	Meaning string `json:"meaning"`
}

// HintWords are the words a scripted hint offers to save, and the sentence
// they are learned in.
type HintWords struct {
	Example string `json:"example"`
	Words   []Word `json:"words"`
}

// DiffToken is a word of a diff: "same", "added" or "removed".
type DiffToken struct {
	Text string `json:"text"`
	Op   string `json:"op"`
}

// CorrectedLine is a learner's line before and after its correction.
type CorrectedLine struct {
	Before      string      `json:"before"`
	After       string      `json:"after"`
	Explanation string      `json:"explanation"`
	Diff        []DiffToken `json:"diff"`
}

// Summary is the AI partner's words on a session.
type Summary struct {
	Summary   string   `json:"summary"`
	Strengths []string `json:"strengths"`
	Focus     []string `json:"focus"`
}

// Report is a session's report.
type Report struct {
	Minutes         int             `json:"minutes"`
	Seconds         int             `json:"seconds"`
	Turns           int             `json:"turns"`
	Words           int             `json:"words"`
	DistinctWords   int             `json:"distinctWords"`
	Corrections     []CorrectedLine `json:"corrections"`
	NewWords        []Word          `json:"newWords"`
	Summary         *Summary        `json:"summary"`
	ComfortRating   int             `json:"comfortRating"`
	EngagementLevel string          `json:"engagementLevel"`
}

// Segment is a run of a line with its reading (furigana, pinyin,
// transliteration; "" where none is needed).
type Segment struct {
	Text    string `json:"text"`
	Reading string `json:"reading"`
}

// ConversationView is a conversation with its messages, as the page shows it.
type ConversationView struct {
	Conversation Conversation `json:"conversation"`
	Messages     []Message    `json:"messages"`
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

// User is a learner: a saved profile or the guest.
type User struct {
	ID             string `json:"id"`
	DisplayName    string `json:"displayName"`
	Email          string `json:"email"`
	NativeLanguage string `json:"nativeLanguage"`
	IsGuest        bool   `json:"isGuest"`
	TargetLanguage string `json:"targetLanguage"`
	Goal           string `json:"goal"`
	Level          string `json:"level"`
	Comfort        int    `json:"comfort"`
}

// Today is the signed-in learner's streak and daily goal.
type Today struct {
	Minutes     int `json:"minutes"`
	GoalMinutes int `json:"goalMinutes"`
	Streak      int `json:"streak"`
}

// SignIn is who is signed in and what the page should offer.
type SignIn struct {
	// Learner is the signed-in learner; nil means "choose a profile".
	Learner *User `json:"learner"`
	// Profiles are the saved profiles on this computer.
	Profiles []User `json:"profiles"`
	// FirstRun is true for a guest who has not practised yet: onboarding.
	FirstRun bool `json:"firstRun"`
	// AskToSave is true when it is time to ask a guest to save their progress.
	AskToSave bool   `json:"askToSave"`
	Today     *Today `json:"today"`
}

// ProfileForm is the short profile form.
type ProfileForm struct {
	Name           string `json:"name"`
	Email          string `json:"email"`
	NativeLanguage string `json:"nativeLanguage"`
	TargetLanguage string `json:"targetLanguage"`
	Goal           string `json:"goal"`
	Level          string `json:"level"`
}

type PreferencesForm struct {
	TargetLanguage    string  `json:"targetLanguage"`
	NativeLanguage    string  `json:"nativeLanguage"`
	Goal              string  `json:"goal"`
	Level             string  `json:"level"`
	PreferredVoice    string  `json:"preferredVoice"`
	DailyGoalMinutes  int     `json:"dailyGoalMinutes"`
	Theme             string  `json:"theme"`
	SpeakReplies      bool    `json:"speakReplies"`
	SendAfterSpeaking bool    `json:"sendAfterSpeaking"`
	SpeechSpeed       float64 `json:"speechSpeed"`
	// ReadingAids are the languages shown with readings; Preferences.
	// SetReadingAid changes them.
	ReadingAids []string `json:"readingAids"`
	// DesiredRetention is how likely a saved word should be remembered
	// when it comes back for review, 0.70–0.97.
	DesiredRetention float64 `json:"desiredRetention"`
	// SaveCorrectionWords saves a correction's new words as cards when it
	// arrives.
	SaveCorrectionWords bool `json:"saveCorrectionWords"`
}

// Day is the practice of one local calendar day.
type Day struct {
	Date    string `json:"date"`
	Minutes int    `json:"minutes"`
}

// ComfortPoint is a comfort rating on a day.
type ComfortPoint struct {
	Date    string `json:"date"`
	Comfort int    `json:"comfort"`
}

// ProgressSummary is the progress page.
type ProgressSummary struct {
	TotalMinutes    int            `json:"totalMinutes"`
	Conversations   int            `json:"conversations"`
	CurrentStreak   int            `json:"currentStreak"`
	LongestStreak   int            `json:"longestStreak"`
	LastStudied     string         `json:"lastStudied"`
	TodayMinutes    int            `json:"todayMinutes"`
	GoalMinutes     int            `json:"goalMinutes"`
	Last30          []Day          `json:"last30"`
	Calendar        []Day          `json:"calendar"`
	Comfort         []ComfortPoint `json:"comfort"`
	AnalyticsLocked bool           `json:"analyticsLocked"`
}

// LanguageLevel is the learner's CEFR level in a language: the one the
// partner speaks to (Level), Kaiwa's estimate and the learner's own choice
// ("" when they follow the estimate), and why the last session left the
// estimate where it is.
type LanguageLevel struct {
	Language   string  `json:"language"`
	Level      string  `json:"level"`
	Estimate   string  `json:"estimate"`
	Chosen     string  `json:"chosen"`
	Confidence float64 `json:"confidence"`
	// Sureness words the confidence: low, medium or high.
	Sureness string   `json:"sureness"`
	Sessions int      `json:"sessions"`
	Why      []string `json:"why"`
	// Change is which way the last session moved the estimate: "up",
	// "down", "same", or "" before any session.
	Change string `json:"change"`
}

// ScenarioTries is the learner's attempts at a scenario in a language: how
// many, and how the latest went ("started", "finished" or "abandoned").
type ScenarioTries struct {
	ScenarioID string `json:"scenarioId"`
	Tries      int    `json:"tries"`
	LastStatus string `json:"lastStatus"`
	LastAt     string `json:"lastAt"`
	// LastFocus is what the latest report said to work on.
	LastFocus []string `json:"lastFocus"`
}

// WordToSave is a word the learner saves: from a correction's new words or
// a partner line. Meaning, reading and example may be left empty.
type WordToSave struct {
	Language  string `json:"language"`
	Word      string `json:"word"`
	Reading   string `json:"reading"`
	Meaning   string `json:"meaning"`
	Example   string `json:"example"`
	MessageID string `json:"messageId"`
}

// VocabularyCard is a saved word and when it comes back (RFC 3339).
type VocabularyCard struct {
	ID        string `json:"id"`
	Language  string `json:"language"`
	Word      string `json:"word"`
	Reading   string `json:"reading"`
	Meaning   string `json:"meaning"`
	Example   string `json:"example"`
	MessageID string `json:"messageId"`
	Due       string `json:"due"`
	Reps      int    `json:"reps"`
	// Sentence is the line the word came from, "" when none.
	Sentence string `json:"sentence"`
}

// ReviewDay is the reviews of one local calendar day.
type ReviewDay struct {
	Date    string `json:"date"`
	Reviews int    `json:"reviews"`
}

// VocabularyStats is what Home and the progress page show of the vocabulary.
type VocabularyStats struct {
	DueNow        int         `json:"dueNow"`
	DueToday      int         `json:"dueToday"`
	Known         int         `json:"known"`
	ReviewsPerDay []ReviewDay `json:"reviewsPerDay"`
}

// UpdateNotice says whether a newer Kaiwa is out.
type UpdateNotice struct {
	Available bool   `json:"available"`
	Version   string `json:"version"`
	URL       string `json:"url"`
}

// UpdatePreference says whether Kaiwa may look for updates: Feed, this
// build has somewhere to look; Asked, the learner answered; On, their answer.
type UpdatePreference struct {
	Feed  bool `json:"feed"`
	Asked bool `json:"asked"`
	On    bool `json:"on"`
}

// PartnerSettings is what the settings page shows of the AI partner. It
// never holds the key itself.
type PartnerSettings struct {
	Kind      string `json:"kind"`
	BaseURL   string `json:"baseUrl"`
	Model     string `json:"model"`
	KeyOrigin string `json:"keyOrigin"`
	KeyMasked string `json:"keyMasked"`
	KeySource string `json:"keySource"`
	// ReuseKeyFrom: the previous endpoint's origin, whose key the page
	// offers to reuse.
	ReuseKeyFrom   string `json:"reuseKeyFrom"`
	FromEnv        bool   `json:"fromEnv"`
	KeyringProblem string `json:"keyringProblem"`
	OllamaDetected bool   `json:"ollamaDetected"`
	// KaiwaAI is "" when this build has no Kaiwa AI, "included" when the
	// learner's plan includes it, "needs plan" when it does not.
	KaiwaAI string `json:"kaiwaAi"`
}

// Tier is one of the plans Kaiwa sells.
type Tier struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Conversations and Minutes are the monthly AI allowance; nil: unlimited.
	Conversations  *int   `json:"conversations"`
	Minutes        *int   `json:"minutes"`
	AdvancedVoices bool   `json:"advancedVoices"`
	Analytics      bool   `json:"analytics"`
	PriceCents     int    `json:"priceCents"`
	Currency       string `json:"currency"`
	// KaiwaAIModel is the model Kaiwa AI runs for this plan; "" when the
	// plan does not include Kaiwa AI.
	KaiwaAIModel string `json:"kaiwaAiModel"`
}

// Usage is this calendar month's Kaiwa AI use under the learner's licence.
type Usage struct {
	Conversations int `json:"conversations"`
	Minutes       int `json:"minutes"`
}

// Licence is the learner's licence as the page may see it: the key masked.
type Licence struct {
	Key           string     `json:"key"`
	Tier          string     `json:"tier"`
	Status        string     `json:"status"`
	PeriodEnd     *time.Time `json:"periodEnd"`
	LastValidated time.Time  `json:"lastValidated"`
	Note          string     `json:"note"`
}

// Plans is the plans page.
type Plans struct {
	Tiers   []Tier   `json:"tiers"`
	Current string   `json:"current"`
	Used    Usage    `json:"used"`
	Licence *Licence `json:"licence"`
	// Sells is false when this build knows no store: it shows the plans
	// but sells none and activates no licence. Buyable are the plans it has
	// a checkout for; Portal says it can open the customer portal.
	Sells   bool     `json:"sells"`
	Buyable []string `json:"buyable"`
	Portal  bool     `json:"portal"`
	// KaiwaAI is true when this build knows Kaiwa AI's URL.
	KaiwaAI bool `json:"kaiwaAi"`
}

// Clip is a line to play: audio as a data: URL, or the text for the
// system's voice in Lang.
type Clip struct {
	Audio string `json:"audio"`
	Text  string `json:"text"`
	Lang  string `json:"lang"`
	OS    bool   `json:"os"`
	Note  string `json:"note"`
}

// Transcript is what the learner said, and the recording to keep with the
// message they send.
type Transcript struct {
	Text        string `json:"text"`
	RecordingID string `json:"recordingId"`
}

// HandsFree is how the learner talks without buttons: on or off, the pause
// (ms) that ends their turn, and whether the partner's text waits for a tap.
type HandsFree struct {
	On        bool `json:"on"`
	PauseMs   int  `json:"pauseMs"`
	Listening bool `json:"listening"`
}

// VoiceModels are the endpoint's speech and transcription models.
type VoiceModels struct {
	Speech        string `json:"speech"`
	Transcription string `json:"transcription"`
}

func mapAll[S, T any](in []S, f func(S) T) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func conversationOf(c store.Conversation) Conversation {
	return Conversation{ID: c.ID, Language: c.Language, Title: c.Title, ScenarioID: c.ScenarioID,
		IsOnboarding: c.IsOnboarding, Partner: c.Partner, Model: c.Model, StartedAt: c.StartedAt,
		EndedAt: c.EndedAt, DurationSeconds: c.DurationSeconds, MessageCount: c.MessageCount,
		ComfortRating: c.ComfortRating, EngagementLevel: c.EngagementLevel}
}

func messageOf(m store.Message) Message {
	choices := m.Choices
	if choices == nil {
		choices = []string{}
	}
	return Message{ID: m.ID, ConversationID: m.ConversationID, Role: m.Role, Content: m.Content,
		Status: m.Status, CreatedAt: m.CreatedAt, Translation: m.Translation, Hint: m.Hint,
		Choices: choices, HasAudio: m.AudioRef != "", Correction: correctionOf(m)}
}

func correctionOf(m store.Message) *Correction {
	f := conversation.FeedbackOf(m)
	if f == nil {
		return nil
	}
	c := &Correction{Source: f.Source, Corrected: f.Corrected, Explanation: f.Explanation,
		NewWords: mapAll(f.NewWords, wordOf), Diff: []DiffToken{}, YouCouldSay: f.YouCouldSay,
		WordsSaved: f.WordsSaved}
	if f.Source == "ai" {
		c.Natural = f.Corrected == m.Content
		c.Diff = diffOf(feedback.Diff(m.Content, f.Corrected))
	}
	return c
}

func wordOf(w feedback.Word) Word { return Word(w) }

func diffOf(tokens []feedback.Token) []DiffToken {
	return mapAll(tokens, func(t feedback.Token) DiffToken { return DiffToken{Text: t.Text, Op: string(t.Op)} })
}

func reportOf(r conversation.Report) Report {
	out := Report{Minutes: r.Minutes, Seconds: r.Seconds, Turns: r.Turns, Words: r.Words, DistinctWords: r.DistinctWords,
		Corrections: mapAll(r.Corrections, func(c feedback.CorrectedLine) CorrectedLine {
			return CorrectedLine{Before: c.Before, After: c.After, Explanation: c.Explanation, Diff: diffOf(c.Diff)}
		}),
		NewWords: mapAll(r.NewWords, wordOf), ComfortRating: r.ComfortRating, EngagementLevel: r.EngagementLevel}
	if r.Summary != nil {
		out.Summary = &Summary{Summary: r.Summary.Summary, Strengths: r.Summary.Strengths, Focus: r.Summary.Focus}
	}
	return out
}

func viewOf(v conversation.View) ConversationView {
	return ConversationView{Conversation: conversationOf(v.Conversation), Messages: mapAll(v.Messages, messageOf),
		Offline: v.Offline, Finished: v.Finished, Replying: v.Replying, OfflineAvailable: v.OfflineAvailable, Limit: v.Limit}
}

func userOf(u store.User) User {
	return User{ID: u.ID, DisplayName: u.DisplayName, Email: u.Email, NativeLanguage: u.NativeLanguage,
		IsGuest: u.IsGuest, TargetLanguage: u.TargetLanguage, Goal: u.Goal, Level: u.Level, Comfort: u.Comfort}
}

func signInOf(s profiles.State) SignIn {
	out := SignIn{Profiles: mapAll(s.Profiles, userOf), FirstRun: s.FirstRun, AskToSave: s.AskToSave}
	if s.Learner != nil {
		u := userOf(*s.Learner)
		out.Learner = &u
	}
	if s.Today != nil {
		t := Today(*s.Today)
		out.Today = &t
	}
	return out
}

func progressOf(s progress.Summary) ProgressSummary {
	return ProgressSummary{TotalMinutes: s.TotalMinutes, Conversations: s.Conversations, CurrentStreak: s.CurrentStreak,
		LongestStreak: s.LongestStreak, LastStudied: s.LastStudied, TodayMinutes: s.TodayMinutes, GoalMinutes: s.GoalMinutes,
		Last30: mapAll(s.Last30, func(d progress.Day) Day { return Day(d) }), Calendar: mapAll(s.Calendar, func(d progress.Day) Day { return Day(d) }),
		Comfort: mapAll(s.Comfort, func(p progress.Point) ComfortPoint { return ComfortPoint(p) }), AnalyticsLocked: s.AnalyticsLocked}
}

func languageLevelOf(l level.Language) LanguageLevel {
	why := l.Why
	if why == nil {
		why = []string{}
	}
	return LanguageLevel{Language: l.Code, Level: l.InUse(), Estimate: l.Level, Chosen: l.Chosen, Confidence: l.Confidence,
		Sureness: level.ConfidenceWord(l.Confidence), Sessions: l.Sessions, Why: why, Change: l.Change}
}

func triesOf(t store.ScenarioTries) ScenarioTries {
	return ScenarioTries{ScenarioID: t.ScenarioID, Tries: t.Tries, LastStatus: t.Last.Status, LastAt: t.Last.StartedAt,
		LastFocus: t.Last.Focus}
}

func plansOf(p billing.Plans) Plans {
	out := Plans{Tiers: mapAll(p.Tiers, func(t store.Tier) Tier { return Tier(t) }), Current: p.Current, Used: Usage(p.Used),
		Sells: p.Sells, Buyable: p.Buyable, Portal: p.Portal, KaiwaAI: p.KaiwaAI}
	if p.Licence != nil {
		l := Licence(*p.Licence)
		out.Licence = &l
	}
	return out
}

func partnerSettingsOf(s partner.Settings) PartnerSettings { return PartnerSettings(s) }
func noticeOf(n updates.Notice) UpdateNotice               { return UpdateNotice(n) }
func clipOf(c voice.Clip) Clip                             { return Clip(c) }

func vocabularyCardOf(c vocabulary.Card) VocabularyCard {
	return VocabularyCard{ID: c.ID, Language: c.Language, Word: c.Word, Reading: c.Reading, Meaning: c.Meaning,
		Example: c.Example, MessageID: c.MessageID, Due: c.Due.UTC().Format(time.RFC3339Nano), Reps: c.Reps,
		Sentence: c.Sentence}
}

func vocabularyStatsOf(s vocabulary.Stats) VocabularyStats {
	return VocabularyStats{DueNow: s.DueNow, DueToday: s.DueToday, Known: s.Known,
		ReviewsPerDay: mapAll(s.ReviewsPerDay, func(d vocabulary.DayCount) ReviewDay { return ReviewDay{Date: d.Day, Reviews: d.Reviews} })}
}

package data

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"kaiwa/backend/store"
)

// Markdown is a conversation as a learner would keep it in their notes: a
// heading, when and with whom, then each turn with its translation.
func Markdown(c store.Conversation, msgs []store.Message) string {
	var b strings.Builder
	title := c.Title
	if title == "" {
		title = "Conversation"
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	fmt.Fprintf(&b, "- Language: %s\n- Partner: %s\n- Started: %s\n", c.Language, c.Partner, c.StartedAt)
	if c.EndedAt != "" {
		fmt.Fprintf(&b, "- Ended: %s\n", c.EndedAt)
	}
	b.WriteString("\n")
	for _, m := range msgs {
		if m.Content == "" {
			continue
		}
		who := "Partner"
		if m.Role == "user" {
			who = "You"
		}
		fmt.Fprintf(&b, "**%s:** %s\n", who, oneParagraph(m.Content))
		if m.Translation != "" {
			fmt.Fprintf(&b, "\n> %s\n", oneParagraph(m.Translation))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// oneParagraph keeps a turn's line breaks inside its paragraph.
func oneParagraph(s string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "  \n")
}

// Everything is the JSON export: what Kaiwa holds about one learner.
type Everything struct {
	Format        string         `json:"format"`
	ExportedAt    string         `json:"exportedAt"`
	Learner       Learner        `json:"learner"`
	Preferences   Preferences    `json:"preferences"`
	Conversations []Conversation `json:"conversations"`
	// Remembered is what Kai remembers about the learner (deleted facts
	// keep no text, so they are not here).
	Remembered []Fact `json:"remembered"`
	// Scenes are the scenes the learner wrote.
	Scenes []Scene `json:"scenes"`
	// Levels are the learner's CEFR level per language, and Attempts every
	// run of a scenario.
	Levels   []Level   `json:"levels"`
	Attempts []Attempt `json:"attempts"`
}

// Level is the learner's level in a language: Kaiwa's estimate, their own
// choice, and why the last session left it there.
type Level struct {
	Language   string   `json:"language"`
	Estimate   string   `json:"estimate"`
	Chosen     string   `json:"chosen,omitempty"`
	Confidence float64  `json:"confidence"`
	Sessions   int      `json:"sessions"`
	Why        []string `json:"why"`
}

// Attempt is one run of a scenario.
type Attempt struct {
	ScenarioID     string   `json:"scenarioId"`
	ConversationID string   `json:"conversationId"`
	Language       string   `json:"language"`
	Status         string   `json:"status"`
	Turns          int      `json:"turns"`
	Corrections    int      `json:"corrections"`
	ComfortRating  int      `json:"comfortRating,omitempty"`
	Level          string   `json:"level,omitempty"`
	Focus          []string `json:"focus"`
	StartedAt      string   `json:"startedAt"`
	EndedAt        string   `json:"endedAt,omitempty"`
}

type Fact struct {
	Language  string `json:"language"`
	Text      string `json:"text"`
	Source    string `json:"source"`
	UpdatedAt string `json:"updatedAt"`
}

type Scene struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Where   string `json:"where"`
	Partner string `json:"partner"`
	Goal    string `json:"goal"`
	Level   string `json:"level"`
}

type Learner struct {
	ID             string `json:"id"`
	DisplayName    string `json:"displayName"`
	Email          string `json:"email,omitempty"`
	NativeLanguage string `json:"nativeLanguage"`
	IsGuest        bool   `json:"isGuest"`
}

type Preferences struct {
	TargetLanguage    string   `json:"targetLanguage"`
	Goal              string   `json:"goal"`
	Level             string   `json:"level"`
	PreferredVoice    string   `json:"preferredVoice"`
	DailyGoalMinutes  int      `json:"dailyGoalMinutes"`
	Theme             string   `json:"theme"`
	SpeakReplies      bool     `json:"speakReplies"`
	SendAfterSpeaking bool     `json:"sendAfterSpeaking"`
	SpeechSpeed       float64  `json:"speechSpeed"`
	ReadingAids       []string `json:"readingAids"`
}

type Conversation struct {
	ID              string          `json:"id"`
	Title           string          `json:"title"`
	Language        string          `json:"language"`
	ScenarioID      string          `json:"scenarioId,omitempty"`
	Partner         string          `json:"partner"`
	Model           string          `json:"model,omitempty"`
	StartedAt       string          `json:"startedAt"`
	EndedAt         string          `json:"endedAt,omitempty"`
	DurationSeconds int             `json:"durationSeconds"`
	ComfortRating   int             `json:"comfortRating,omitempty"`
	EngagementLevel string          `json:"engagementLevel,omitempty"`
	Report          json.RawMessage `json:"report,omitempty"`
	Messages        []Message       `json:"messages"`
}

type Message struct {
	ID          string          `json:"id"`
	Role        string          `json:"role"`
	Content     string          `json:"content"`
	Status      string          `json:"status"`
	CreatedAt   string          `json:"createdAt"`
	Translation string          `json:"translation,omitempty"`
	Hint        string          `json:"hint,omitempty"`
	Correction  json.RawMessage `json:"correction,omitempty"`
}

// ExportFormat names the JSON export's shape, for whoever reads it later.
const ExportFormat = "kaiwa-export-1"

func (s *Service) everything(ctx context.Context, u store.User) (Everything, error) {
	p, err := s.Store.Preferences(ctx, u.ID)
	if err != nil {
		return Everything{}, err
	}
	convs, err := s.Store.Conversations(ctx, u.ID, -1)
	if err != nil {
		return Everything{}, err
	}
	out := Everything{
		Format: ExportFormat, ExportedAt: s.Clock.Now().UTC().Format(store.TimestampLayout),
		Learner: Learner{ID: u.ID, DisplayName: u.DisplayName, Email: u.Email, NativeLanguage: u.NativeLanguage, IsGuest: u.IsGuest},
		Preferences: Preferences{TargetLanguage: p.TargetLanguage, Goal: p.Goal, Level: p.Level, PreferredVoice: p.PreferredVoice,
			DailyGoalMinutes: p.DailyGoalMinutes, Theme: p.Theme, SpeakReplies: p.SpeakReplies,
			SendAfterSpeaking: p.SendAfterSpeaking, SpeechSpeed: p.SpeechSpeed, ReadingAids: p.ReadingAids},
		Conversations: []Conversation{},
		Remembered:    []Fact{},
		Scenes:        []Scene{},
	}
	facts, err := s.Store.Facts(ctx, u.ID, "")
	if err != nil {
		return Everything{}, err
	}
	for _, f := range facts {
		out.Remembered = append(out.Remembered, Fact{Language: f.Language, Text: f.Text, Source: f.Source, UpdatedAt: f.UpdatedAt})
	}
	scenes, err := s.Store.OwnScenarios(ctx, u.ID)
	if err != nil {
		return Everything{}, err
	}
	for _, sc := range scenes {
		out.Scenes = append(out.Scenes, Scene{ID: sc.ID, Title: sc.Title, Where: sc.Context, Partner: sc.Instructions, Goal: sc.ExpectedOutcome, Level: sc.Difficulty})
	}
	for _, c := range convs {
		msgs, err := s.Store.Messages(ctx, c.ID)
		if err != nil {
			return Everything{}, err
		}
		conv := Conversation{ID: c.ID, Title: c.Title, Language: c.Language, ScenarioID: c.ScenarioID, Partner: c.Partner,
			Model: c.Model, StartedAt: c.StartedAt, EndedAt: c.EndedAt, DurationSeconds: c.DurationSeconds,
			ComfortRating: c.ComfortRating, EngagementLevel: c.EngagementLevel, Report: raw(c.Report), Messages: []Message{}}
		for _, m := range msgs {
			conv.Messages = append(conv.Messages, Message{ID: m.ID, Role: m.Role, Content: m.Content, Status: m.Status,
				CreatedAt: m.CreatedAt, Translation: m.Translation, Hint: m.Hint, Correction: raw(m.Correction)})
		}
		out.Conversations = append(out.Conversations, conv)
	}
	levels, err := s.Store.LearningStatsOf(ctx, u.ID)
	if err != nil {
		return Everything{}, err
	}
	out.Levels = []Level{}
	for _, l := range levels {
		out.Levels = append(out.Levels, Level{Language: l.Language, Estimate: l.Level, Chosen: l.ChosenLevel,
			Confidence: l.Confidence, Sessions: l.Sessions, Why: l.Why})
	}
	attempts, err := s.Store.AttemptsOf(ctx, u.ID)
	if err != nil {
		return Everything{}, err
	}
	out.Attempts = []Attempt{}
	for _, a := range attempts {
		out.Attempts = append(out.Attempts, Attempt{ScenarioID: a.ScenarioID, ConversationID: a.ConversationID,
			Language: a.Language, Status: a.Status, Turns: a.Turns, Corrections: a.Corrections, ComfortRating: a.ComfortRating,
			Level: a.Level, Focus: a.Focus, StartedAt: a.StartedAt, EndedAt: a.EndedAt})
	}
	return out, nil
}

// raw keeps a JSON column as JSON in the export, or leaves it out.
func raw(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return nil
	}
	return json.RawMessage(s)
}

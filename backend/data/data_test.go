package data_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/clock"
	"kaiwa/backend/data"
	"kaiwa/backend/errs"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
)

// folder answers the dialogs from a folder, as a learner choosing it would.
type folder struct {
	dir    string
	cancel bool
	open   string
}

func (f *folder) SaveFile(title, suggested, kind, pattern string) (string, error) {
	if f.cancel {
		return "", nil
	}
	return filepath.Join(f.dir, suggested), nil
}

func (f *folder) OpenFile(title, kind, pattern string) (string, error) { return f.open, nil }

type fixture struct {
	svc     *data.Service
	st      *store.Store
	dialogs *folder
	learner store.User
	conv    string
}

func setUp(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC))
	st := storetest.OpenWith(t, clk)
	u, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Aiko", Email: "aiko@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := st.CreateUser(ctx, store.NewUser{DisplayName: "Ben"})
	if err != nil {
		t.Fatal(err)
	}
	storetest.AddConversation(t, st, other.ID, "offline", clk.Now(), 30)
	// What Kai remembers and the scenes written are the learner's data too.
	st.RememberFacts(ctx, u.ID, "ja", "conversation", []store.NewFact{{Text: "has a cat called Mochi", Key: "k1"}, {Text: "forgotten", Key: "k2"}})
	st.RememberFacts(ctx, other.ID, "ja", "conversation", []store.NewFact{{Text: "ben's secret", Key: "k1"}})
	if facts, _ := st.Facts(ctx, u.ID, "ja"); len(facts) == 2 {
		for _, f := range facts {
			if f.Text == "forgotten" {
				st.ForgetFact(ctx, u.ID, f.ID)
			}
		}
	}
	st.CreateOwnScenario(ctx, store.Scenario{OwnerID: u.ID, Title: "Calling my landlord", Instructions: "my landlord", ExpectedOutcome: "heating fixed", Difficulty: "beginner"})
	st.CreateOwnScenario(ctx, store.Scenario{OwnerID: other.ID, Title: "Ben's scene", Instructions: "x", ExpectedOutcome: "y", Difficulty: "beginner"})
	c, err := st.CreateConversation(ctx, store.NewConversation{UserID: u.ID, Language: "ja", Title: "At the café", Partner: "offline"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []store.Message{
		{ConversationID: c.ID, Role: "assistant", Content: "いらっしゃいませ！", Translation: "Welcome!"},
		{ConversationID: c.ID, Role: "user", Content: "コーヒーをください。"},
	} {
		m.Status = store.StatusComplete
		if _, err := st.AddMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.StartAttempt(ctx, store.NewAttempt{UserID: u.ID, ScenarioID: "cafe", ConversationID: c.ID, Language: "ja", Level: "A1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdateLearningStats(ctx, u.ID, "ja", func(store.LearningStats, bool) (store.LearningStats, bool) {
		return store.LearningStats{Level: "A2", Position: 1, Confidence: 0.4, Sessions: 1, Why: []string{"longer answers"}}, true
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSettings(ctx, map[string]string{"partner.base_url": "https://sk-should-never-leave.example"}); err != nil {
		t.Fatal(err)
	}
	f := &folder{dir: t.TempDir()}
	svc := &data.Service{Store: st, Dialogs: f, Clock: clk,
		Learner: func(context.Context) (store.User, error) { return u, nil }}
	return fixture{svc: svc, st: st, dialogs: f, learner: u, conv: c.ID}
}

func TestExportConversationAsMarkdown(t *testing.T) {
	f := setUp(t)
	path, err := f.svc.ExportConversation(context.Background(), f.conv)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(path) != ".md" || !strings.Contains(filepath.Base(path), "café") {
		t.Errorf("saved as %s", path)
	}
	md, _ := os.ReadFile(path)
	for _, want := range []string{"# At the café", "**Partner:** いらっしゃいませ！", "> Welcome!", "**You:** コーヒーをください。"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestExportRefusesAnotherLearnersConversation(t *testing.T) {
	f := setUp(t)
	other, _ := f.st.CreateConversation(context.Background(), store.NewConversation{UserID: "nobody", Language: "ja", Partner: "offline"})
	if _, err := f.svc.ExportConversation(context.Background(), other.ID); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("export of a conversation not theirs: %v, want not found", err)
	}
}

func TestCancelledDialogWritesNothing(t *testing.T) {
	f := setUp(t)
	f.dialogs.cancel = true
	for name, export := range map[string]func(context.Context) (string, error){
		"markdown": func(ctx context.Context) (string, error) { return f.svc.ExportConversation(ctx, f.conv) },
		"json":     f.svc.ExportAll,
		"backup":   f.svc.BackUp,
	} {
		if path, err := export(context.Background()); path != "" || err != nil {
			t.Errorf("%s: %q, %v after cancelling", name, path, err)
		}
	}
	if entries, _ := os.ReadDir(f.dialogs.dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}

func TestExportAllHoldsTheLearnersDataAndNoKey(t *testing.T) {
	f := setUp(t)
	path, err := f.svc.ExportAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	var all data.Everything
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	if all.Learner.DisplayName != "Aiko" || all.Learner.Email != "aiko@example.com" {
		t.Errorf("learner: %+v", all.Learner)
	}
	if all.Preferences.DailyGoalMinutes == 0 {
		t.Errorf("preferences missing: %+v", all.Preferences)
	}
	if len(all.Conversations) != 1 || len(all.Conversations[0].Messages) != 2 ||
		all.Conversations[0].Messages[1].Content != "コーヒーをください。" {
		t.Fatalf("conversations: %+v (only Aiko's one, with its two messages)", all.Conversations)
	}
	if len(all.Levels) != 1 || all.Levels[0].Estimate != "A2" || all.Levels[0].Why[0] != "longer answers" {
		t.Errorf("levels: %+v", all.Levels)
	}
	if len(all.Attempts) != 1 || all.Attempts[0].ScenarioID != "cafe" || all.Attempts[0].Status != "started" {
		t.Errorf("attempts: %+v", all.Attempts)
	}
	if len(all.Remembered) != 1 || all.Remembered[0].Text != "has a cat called Mochi" {
		t.Errorf("remembered: %+v (Aiko's kept fact only)", all.Remembered)
	}
	if len(all.Scenes) != 1 || all.Scenes[0].Title != "Calling my landlord" || all.Scenes[0].Partner != "my landlord" {
		t.Errorf("scenes: %+v (Aiko's own only)", all.Scenes)
	}
	text := strings.ToLower(string(raw))
	for _, never := range []string{"sk-should-never-leave", `key"`, "licence", "ben", "forgotten"} {
		if strings.Contains(text, never) {
			t.Errorf("the export holds %q", never)
		}
	}
}

func TestBackUpAndChooseIt(t *testing.T) {
	f := setUp(t)
	ctx := context.Background()
	path, err := f.svc.BackUp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.dialogs.open = path
	if got, err := f.svc.ChooseBackup(ctx); got != path || err != nil {
		t.Fatalf("choose the backup just made: %q, %v", got, err)
	}
	bad := filepath.Join(f.dialogs.dir, "bad.db")
	os.WriteFile(bad, []byte("not a database"), 0o600)
	f.dialogs.open = bad
	if _, err := f.svc.ChooseBackup(ctx); errs.CodeOf(err) != errs.Invalid || !strings.Contains(errs.MessageOf(err), "Nothing was changed") {
		t.Fatalf("choose a damaged file: %v", err)
	}
}

package voice_test

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/partner"
	"kaiwa/backend/secrets"
	"kaiwa/backend/store"
	"kaiwa/backend/store/storetest"
	"kaiwa/backend/voice"
)

type fixture struct {
	svc    *voice.Service
	st     *store.Store
	ai     *endpointtest.Server
	env    map[string]string
	user   store.User
	conv   store.Conversation
	line   store.Message
	advanc bool // the plan includes advanced voices
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	f := &fixture{st: st, ai: endpointtest.NewServer(t)}
	f.env = map[string]string{partner.EnvBaseURL: f.ai.URL(), secrets.EnvAPIKey: "sk-voice-test-0123456789"}
	getenv := func(k string) string { return f.env[k] }
	var err error
	if f.user, err = st.CreateUser(ctx, store.NewUser{DisplayName: "Ana", TargetLanguage: "es"}); err != nil {
		t.Fatal(err)
	}
	if f.conv, err = st.CreateConversation(ctx, store.NewConversation{UserID: f.user.ID, Language: "es", Partner: "ai"}); err != nil {
		t.Fatal(err)
	}
	if f.line, err = st.AddMessage(ctx, store.Message{ConversationID: f.conv.ID, Role: "assistant", Content: "¡Hola! **Bienvenida** al café."}); err != nil {
		t.Fatal(err)
	}
	f.svc = &voice.Service{Store: st, DataDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Partner:        &partner.Service{Store: st, Keyring: &secrets.Keyring{}, Getenv: getenv},
		Learner:        func(context.Context) (store.User, error) { return f.user, nil },
		AdvancedVoices: func(context.Context, string) bool { return f.advanc }}
	return f
}

func (f *fixture) choose(t *testing.T, speaker string) {
	t.Helper()
	p, err := f.st.Preferences(context.Background(), f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.PreferredVoice, p.SpeechSpeed = speaker, 0.75
	if err := f.st.SavePreferences(context.Background(), f.user.ID, p); err != nil {
		t.Fatal(err)
	}
}

func TestOfflinePartnerLinesAreForTheSystemVoice(t *testing.T) {
	f := newFixture(t)
	delete(f.env, partner.EnvBaseURL)
	clip, err := f.svc.Speak(t.Context(), f.line.ID)
	if err != nil || !clip.OS || clip.Audio != "" || clip.Text != "¡Hola! Bienvenida al café." || clip.Lang != "es" {
		t.Fatalf("clip = %+v, %v", clip, err)
	}
	if len(f.ai.Requests()) != 0 {
		t.Error("the endpoint was asked")
	}
}

func TestSpeakInTheChosenVoiceOnceThenFromTheCache(t *testing.T) {
	f := newFixture(t)
	f.choose(t, "es-onyx")
	clip, err := f.svc.Speak(t.Context(), f.line.ID)
	if err != nil || clip.OS || !strings.HasPrefix(clip.Audio, "data:audio/mpeg;base64,") {
		t.Fatalf("clip = %+v, %v", clip, err)
	}
	req, _ := f.ai.Last()
	if req.Speech.Voice != "onyx" || req.Speech.Model != voice.DefaultSpeechModel || req.Speech.Input != "¡Hola! Bienvenida al café." ||
		req.Speech.Speed == nil || *req.Speech.Speed != 0.75 || req.Authorization != "Bearer sk-voice-test-0123456789" {
		t.Fatalf("request = %+v", req)
	}
	again, err := f.svc.Speak(t.Context(), f.line.ID)
	if err != nil || again.Audio != clip.Audio || len(f.ai.Requests()) != 1 {
		t.Fatalf("second play: %v, %d requests", err, len(f.ai.Requests()))
	}
	m, _ := f.st.Message(context.Background(), f.line.ID)
	if _, err := os.Stat(filepath.Join(f.svc.DataDir, m.AudioRef)); err != nil || !strings.HasPrefix(m.AudioRef, "audio/speech/") {
		t.Fatalf("audio ref %q: %v", m.AudioRef, err)
	}
}

func TestAnAdvancedVoiceNeedsThePlan(t *testing.T) {
	f := newFixture(t)
	f.choose(t, "es-shimmer")
	if _, err := f.svc.Speak(t.Context(), f.line.ID); err != nil {
		t.Fatal(err)
	}
	if req, _ := f.ai.Last(); req.Speech.Voice != "nova" {
		t.Errorf("voice without the plan = %q, want the first standard one", req.Speech.Voice)
	}
	f.advanc = true
	f.choose(t, "es-shimmer")
	if _, err := f.svc.Speak(t.Context(), f.line.ID); err != nil {
		t.Fatal(err)
	}
	if req, _ := f.ai.Last(); req.Speech.Voice != "shimmer" {
		t.Errorf("voice with the plan = %q", req.Speech.Voice)
	}
}

func TestSpeechFailures(t *testing.T) {
	f := newFixture(t)
	f.ai.Fail(404, "Not found", "")
	clip, err := f.svc.Speak(t.Context(), f.line.ID)
	if err != nil || !clip.OS || !strings.Contains(clip.Note, "does not offer speech") {
		t.Fatalf("no speech endpoint: %+v, %v", clip, err)
	}
	f.ai.Fail(401, "Incorrect API key provided: sk-voice-test-0123456789", "")
	if _, err := f.svc.Speak(t.Context(), f.line.ID); err == nil || strings.Contains(err.Error(), "sk-voice") {
		t.Fatalf("401: %v", err)
	}
	other, _ := f.st.CreateUser(context.Background(), store.NewUser{DisplayName: "Ben"})
	f.user = other
	if _, err := f.svc.Speak(t.Context(), f.line.ID); err == nil {
		t.Error("spoke another learner's message")
	}
}

// recording is a base64 WAV of a 440 Hz tone, 48 kHz stereo, at half scale
// (loud) or silent.
func recording(seconds float64, loud bool) string {
	samples := sine(48000, 2, 440, seconds)
	if !loud {
		clear(samples)
	}
	return base64.StdEncoding.EncodeToString(wavFile(1, 2, 48000, 16, samples, nil))
}

func TestTranscribeKeepsA16kHzRecording(t *testing.T) {
	f := newFixture(t)
	f.ai.Transcript(" Quisiera un café, por favor. ")
	got, err := f.svc.Transcribe(t.Context(), f.conv.ID, recording(1.5, true))
	if err != nil || got.Text != "Quisiera un café, por favor." || got.RecordingID == "" {
		t.Fatalf("Transcribe = %+v, %v", got, err)
	}
	req, _ := f.ai.Last()
	w, err := voice.ParseWAV(req.File)
	if err != nil || w.SampleRate != 16000 || w.Channels != 1 || w.Frames() != 24000 || req.Language != "es" ||
		req.Model != voice.DefaultTranscriptionModel {
		t.Fatalf("sent %d Hz × %d, %d frames, language %q, model %q: %v", w.SampleRate, w.Channels, w.Frames(), req.Language, req.Model, err)
	}
	ref, err := f.svc.RecordingRef(context.Background(), f.user.ID, got.RecordingID)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := f.st.AddMessage(context.Background(), store.Message{ConversationID: f.conv.ID, Role: "user", Content: got.Text, AudioRef: ref})
	if err != nil {
		t.Fatal(err)
	}
	clip, err := f.svc.Recording(t.Context(), msg.ID)
	if err != nil || !strings.HasPrefix(clip.Audio, "data:audio/wav;base64,") {
		t.Fatalf("Recording = %.40q, %v", clip.Audio, err)
	}
	if _, err := f.svc.RecordingRef(context.Background(), f.user.ID, "../../kaiwa.db"); err == nil {
		t.Error("a recording id outside the recordings was accepted")
	}

	// Deleting the profile deletes its audio.
	if _, err := f.svc.Speak(t.Context(), f.line.ID); err != nil {
		t.Fatal(err)
	}
	f.svc.Forget(t.Context(), f.user.ID)
	for _, dir := range []string{"audio/recordings", "audio/speech"} {
		entries, _ := filepath.Glob(filepath.Join(f.svc.DataDir, dir, "*", "*.wav"))
		more, _ := filepath.Glob(filepath.Join(f.svc.DataDir, dir, "*.mp3"))
		if len(entries)+len(more) != 0 {
			t.Errorf("%s still holds %v %v", dir, entries, more)
		}
	}
}

func TestTranscribeRefusalsKeepNothing(t *testing.T) {
	for _, tt := range []struct {
		name, wav, want string
		setup           func(f *fixture)
	}{
		{"silence", recording(1, false), "heard only silence", nil},
		{"not a wav", base64.StdEncoding.EncodeToString([]byte("hello")), "could not read that recording", nil},
		{"not base64", "***", "could not read that recording", nil},
		{"empty", base64.StdEncoding.EncodeToString(voice.EncodeWAV(nil, 16000)), "heard only silence", nil},
		{"too long", base64.StdEncoding.EncodeToString(voice.EncodeWAV(make([]int16, 66*8000), 8000)), "too long", nil},
		{"offline partner", recording(1, true), "needs an AI partner", func(f *fixture) { delete(f.env, partner.EnvBaseURL) }},
		{"rate limited", recording(1, true), "", func(f *fixture) { f.ai.Fail(429, "Slow down", "7") }},
		{"too large", recording(1, true), "", func(f *fixture) { f.ai.Fail(413, "Too large", "") }},
		{"no words", recording(1, true), "could not make out any words", func(f *fixture) { f.ai.Transcript("") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			_, err := f.svc.Transcribe(t.Context(), f.conv.ID, tt.wav)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if files, _ := filepath.Glob(filepath.Join(f.svc.DataDir, "audio", "recordings", "*", "*")); len(files) != 0 {
				t.Errorf("kept %v", files)
			}
			if tt.setup == nil && len(f.ai.Requests()) != 0 {
				t.Error("a recording Kaiwa refused was sent")
			}
		})
	}
}

func TestDeletingAConversationDeletesItsAudio(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Speak(t.Context(), f.line.ID); err != nil {
		t.Fatal(err)
	}
	m, _ := f.st.Message(context.Background(), f.line.ID)
	f.svc.ForgetConversation(context.Background(), f.user.ID, "another-conversation")
	if _, err := os.Stat(filepath.Join(f.svc.DataDir, m.AudioRef)); err != nil {
		t.Fatalf("another conversation's deletion took this audio: %v", err)
	}
	f.svc.ForgetConversation(context.Background(), f.user.ID, f.conv.ID)
	if _, err := os.Stat(filepath.Join(f.svc.DataDir, m.AudioRef)); !os.IsNotExist(err) {
		t.Fatalf("the audio is still there: %v", err)
	}
}

func TestUnsentRecordingsGoAfterADay(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sent, err := f.svc.Transcribe(t.Context(), f.conv.ID, recording(1, true))
	if err != nil {
		t.Fatal(err)
	}
	unsent, err := f.svc.Transcribe(t.Context(), f.conv.ID, recording(1, true))
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := f.svc.RecordingRef(ctx, f.user.ID, sent.RecordingID)
	if _, err := f.st.AddMessage(ctx, store.Message{ConversationID: f.conv.ID, Role: "user", Content: sent.Text, AudioRef: ref}); err != nil {
		t.Fatal(err)
	}
	f.svc.Tidy(ctx, time.Now())
	if _, err := f.svc.RecordingRef(ctx, f.user.ID, unsent.RecordingID); err != nil {
		t.Fatal("a fresh unsent recording was deleted at once")
	}
	f.svc.Tidy(ctx, time.Now().Add(25*time.Hour))
	if _, err := f.svc.RecordingRef(ctx, f.user.ID, unsent.RecordingID); err == nil {
		t.Error("a day-old unsent recording is still there")
	}
	if _, err := f.svc.RecordingRef(ctx, f.user.ID, sent.RecordingID); err != nil {
		t.Error("the recording of a sent message was deleted")
	}
}

package voice

import (
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/errs"
	"kaiwa/backend/partner"
	"kaiwa/backend/store"
)

// Defaults of the endpoint's speech and transcription models; the learner
// can change them in Settings (app settings speech_model, transcription_model).
const (
	DefaultSpeechModel        = "tts-1"
	DefaultTranscriptionModel = "whisper-1"
)

// CacheBytes caps the partner's spoken lines kept on disk.
const CacheBytes = 200 << 20

// maxUpload bounds a recording sent by the page: 60 s of 48 kHz stereo
// PCM16 is 11.5 MB, and base64 adds a third.
const maxUpload = 16 << 20

// Service is the voice of Kaiwa: the partner's lines as audio, and the
// learner's speech turned into text.
type Service struct {
	Store   *store.Store
	Partner *partner.Service
	Learner func(context.Context) (store.User, error)
	DataDir string
	// AdvancedVoices, when set, says whether the learner's plan includes the
	// advanced voices; without, a chosen advanced voice falls back to a
	// standard one.
	AdvancedVoices func(ctx context.Context, userID string) bool
	Log            *slog.Logger

	once     sync.Once
	cache    *Cache
	cacheErr error
}

// Clip is a line to play: audio as a data: URL (WebKitGTK plays no media
// from the app's own asset URLs), or, with no speech endpoint, the text for
// the system's voice in Lang.
type Clip struct {
	Audio string
	Text  string
	Lang  string
	// OS is true when the system's voice should say Text.
	OS bool
	// Note says why the system's voice is used although an AI partner is set.
	Note string
}

// Transcript is what the learner said, and the recording to keep with the
// message they send.
type Transcript struct {
	Text        string
	RecordingID string
}

// Models are the endpoint's speech and transcription models.
type Models struct {
	Speech        string
	Transcription string
}

const speechCacheDir = "audio/speech"

func (s *Service) speechCache() (*Cache, error) {
	s.once.Do(func() { s.cache, s.cacheErr = OpenCache(filepath.Join(s.DataDir, speechCacheDir), CacheBytes) })
	return s.cache, s.cacheErr
}

// recordingsDir is where a learner's recordings are, relative to the data folder.
func recordingsDir(userID string) string { return filepath.Join("audio", "recordings", userID) }

// Models returns the speech and transcription models in use.
func (s *Service) Models(ctx context.Context) (Models, error) {
	m := Models{Speech: DefaultSpeechModel, Transcription: DefaultTranscriptionModel}
	for key, dst := range map[string]*string{"speech_model": &m.Speech, "transcription_model": &m.Transcription} {
		v, err := s.Store.Setting(ctx, key)
		if err != nil {
			return m, err
		}
		if v != "" {
			*dst = v
		}
	}
	return m, nil
}

// models are the speech and transcription models for the active partner:
// Kaiwa AI's own, or the learner's settings for their endpoint.
func (s *Service) models(ctx context.Context, active partner.Active) (Models, error) {
	if active.SpeechModel != "" && active.TranscriptionModel != "" {
		return Models{Speech: active.SpeechModel, Transcription: active.TranscriptionModel}, nil
	}
	return s.Models(ctx)
}

// SaveModels sets the speech and transcription models; empty means the default.
func (s *Service) SaveModels(ctx context.Context, m Models) (Models, error) {
	for _, v := range []string{m.Speech, m.Transcription} {
		if len(v) > 200 || strings.ContainsAny(v, " \t\r\n") {
			return Models{}, errs.New(errs.Invalid, "A model name is one word, as the provider lists it, such as tts-1 or whisper-1.")
		}
	}
	if err := s.Store.SetSettings(ctx, map[string]string{"speech_model": m.Speech, "transcription_model": m.Transcription}); err != nil {
		return Models{}, err
	}
	return s.Models(ctx)
}

// own returns a message of the signed-in learner's and its conversation.
func (s *Service) own(ctx context.Context, messageID string) (store.User, store.Message, store.Conversation, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return learner, store.Message{}, store.Conversation{}, err
	}
	msg, conv, err := s.Store.MessageOf(ctx, learner.ID, messageID)
	return learner, msg, conv, err
}

// Speak returns the partner's line as audio in the learner's voice for the
// language, made once by the endpoint and then read from the disk cache; with
// the offline partner (or an endpoint without speech) the system's voice says it.
func (s *Service) Speak(ctx context.Context, messageID string) (Clip, error) {
	learner, msg, conv, err := s.own(ctx, messageID)
	if err != nil {
		return Clip{}, err
	}
	if msg.Role != "assistant" {
		return Clip{}, errs.New(errs.Invalid, "Only the partner's lines can be read aloud.")
	}
	clip, ref, err := s.say(ctx, learner, conv, spoken(msg.Content))
	if err != nil || ref == "" {
		return clip, err
	}
	if err := s.Store.SetAudio(ctx, msg.ID, ref); err != nil {
		return Clip{}, err
	}
	return clip, nil
}

// maxSpokenText is the longest text the speech endpoint is asked to say at
// once (OpenAI's own limit).
const maxSpokenText = 4096

// SpeakText says a piece of a reply that is still being written, such as
// its first sentence, so hands-free conversation is heard before the reply
// is complete. It is cached like a whole line but kept with no message.
func (s *Service) SpeakText(ctx context.Context, conversationID, text string) (Clip, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return Clip{}, err
	}
	conv, err := s.Store.ConversationOf(ctx, learner.ID, conversationID)
	if err != nil {
		return Clip{}, err
	}
	text = spoken(text)
	if text == "" || len(text) > maxSpokenText {
		return Clip{}, errs.New(errs.Invalid, "Only a partner's sentence, up to 4,096 characters, can be read aloud.")
	}
	clip, _, err := s.say(ctx, learner, conv, text)
	return clip, err
}

// say makes text into audio with the active partner's speech endpoint (or
// says the system's voice should read it) and returns where the audio is
// kept, relative to the data folder ("" for the system's voice).
func (s *Service) say(ctx context.Context, learner store.User, conv store.Conversation, text string) (Clip, string, error) {
	clip := Clip{Text: text, Lang: conv.Language}
	active, err := s.Partner.Active(ctx)
	if errs.Is(err, errs.Limit) {
		// Kaiwa AI is not the learner's to use now: the computer reads it.
		clip.OS, clip.Note = true, errs.MessageOf(err)
		return clip, "", nil
	} else if err != nil {
		return Clip{}, "", err
	}
	if active.Kind == partner.KindOffline {
		clip.OS = true
		return clip, "", nil
	}
	prefs, err := s.Store.Preferences(ctx, learner.ID)
	if err != nil {
		return Clip{}, "", err
	}
	models, err := s.models(ctx, active)
	if err != nil {
		return Clip{}, "", err
	}
	speaker, err := s.speaker(ctx, learner.ID, conv.Language)
	if err != nil {
		return Clip{}, "", err
	}
	req := endpoint.SpeechRequest{Model: models.Speech, Voice: speaker, Text: clip.Text, Format: endpoint.FormatMP3, Speed: prefs.SpeechSpeed}
	cache, err := s.speechCache()
	if err != nil {
		return Clip{}, "", errs.Errorf(errs.Unavailable, "Kaiwa cannot keep audio in its data folder (%v)", err)
	}
	key := CacheKey(active.BaseURL, req)
	data, ext, ok := cache.Get(key)
	if !ok {
		audio, err := endpoint.New(active.Endpoint(conv.ID), nil).Speak(ctx, req)
		var ve *endpoint.Error
		if errors.As(err, &ve) && ve.Kind == endpoint.KindNotSupported {
			clip.OS, clip.Note = true, "Your AI partner does not offer speech, so your computer's own voice reads the line."
			return clip, "", nil
		} else if errors.As(err, &ve) && (ve.Kind == endpoint.KindQuota || ve.Kind == endpoint.KindNotIncluded) {
			clip.OS, clip.Note = true, ve.Error()
			return clip, "", nil
		} else if err != nil {
			s.Log.Warn("speech", "err", err)
			return Clip{}, "", err
		}
		data, ext = audio.Data, audio.Ext
		if err := cache.Put(key, data, ext); err != nil {
			s.Log.Warn("keep speech", "err", err)
		}
	}
	clip.Audio = dataURL(ext, data)
	return clip, filepath.ToSlash(filepath.Join(speechCacheDir, key+"."+ext)), nil
}

// speaker is the provider voice for a learner in a language: the one they
// chose (if their plan allows it), else the language's first standard voice.
func (s *Service) speaker(ctx context.Context, userID, lang string) (string, error) {
	voices, err := s.Store.Speakers(ctx, lang)
	if err != nil {
		return "", err
	}
	chosen, err := s.Store.Voice(ctx, userID, lang)
	if err != nil {
		return "", err
	}
	advanced := s.AdvancedVoices == nil || s.AdvancedVoices(ctx, userID)
	fallback := "alloy" // every OpenAI-compatible speech endpoint has it
	for _, v := range voices {
		if v.ID == chosen && (!v.IsAdvanced || advanced) {
			return v.Voice, nil
		}
		if !v.IsAdvanced && fallback == "alloy" {
			fallback = v.Voice
		}
	}
	return fallback, nil
}

var markup = regexp.MustCompile("[*_`#>]+")

// spoken is a line without its Markdown marks, which a voice would read out.
func spoken(text string) string { return strings.TrimSpace(markup.ReplaceAllString(text, "")) }

func dataURL(ext string, data []byte) string {
	return "data:" + endpoint.MIMEType(ext) + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// Transcribe turns the learner's recording (a WAV, base64) into text with
// the endpoint's transcription, in the conversation's language, and keeps
// the recording for the message they send. Nothing is kept when it fails.
func (s *Service) Transcribe(ctx context.Context, conversationID, wavBase64 string) (Transcript, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return Transcript{}, err
	}
	conv, err := s.Store.ConversationOf(ctx, learner.ID, conversationID)
	if err != nil {
		return Transcript{}, err
	}
	if len(wavBase64) > maxUpload {
		return Transcript{}, errs.New(errs.Invalid, "That recording is too long. Speak for less than a minute at a time.")
	}
	raw, err := base64.StdEncoding.DecodeString(wavBase64)
	if err != nil {
		return Transcript{}, errs.New(errs.Invalid, "Kaiwa could not read that recording. Try speaking again.")
	}
	w, err := ParseWAV(raw)
	if err != nil {
		return Transcript{}, errs.Errorf(errs.Invalid, "Kaiwa could not read that recording (%v). Try speaking again.", err)
	}
	samples := Resample16kMono(w.Samples, w.SampleRate, w.Channels)
	if Level(samples) < SilenceLevel {
		return Transcript{}, errs.New(errs.Invalid, "Kaiwa heard only silence. Check that the right microphone is on and not muted, then try again; typing still works.")
	}
	active, err := s.Partner.Active(ctx)
	if err != nil {
		return Transcript{}, err
	}
	if active.Kind == partner.KindOffline {
		return Transcript{}, errs.New(errs.Unavailable, "Turning speech into text needs an AI partner with transcription: set one up in Settings. Typing works with the offline partner.")
	}
	models, err := s.models(ctx, active)
	if err != nil {
		return Transcript{}, err
	}
	wav := EncodeWAV(samples, 16000)
	text, err := endpoint.New(active.Endpoint(conv.ID), nil).Transcribe(ctx,
		endpoint.TranscriptionRequest{Model: models.Transcription, Language: conv.Language, WAV: wav})
	if err != nil {
		s.Log.Warn("transcription", "err", err)
		return Transcript{}, err
	}
	if text == "" {
		return Transcript{}, errs.New(errs.Invalid, "Kaiwa could not make out any words. Hold the button while you speak, a little closer to the microphone.")
	}
	id := uuid.NewString()
	dir := filepath.Join(s.DataDir, recordingsDir(learner.ID))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Transcript{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, id+".wav"), wav, 0o600); err != nil {
		return Transcript{}, err
	}
	return Transcript{Text: text, RecordingID: id}, nil
}

// RecordingRef is where a learner's recording is, relative to the data
// folder, for the message it goes with.
func (s *Service) RecordingRef(ctx context.Context, userID, recordingID string) (string, error) {
	if _, err := uuid.Parse(recordingID); err != nil {
		return "", errs.New(errs.NotFound, "That recording is no longer there. Speak again, or send the text alone.")
	}
	ref := filepath.Join(recordingsDir(userID), recordingID+".wav")
	if _, err := os.Stat(filepath.Join(s.DataDir, ref)); err != nil {
		return "", errs.New(errs.NotFound, "That recording is no longer there. Speak again, or send the text alone.")
	}
	return filepath.ToSlash(ref), nil
}

// Recording returns the learner's own recording of a message they sent.
func (s *Service) Recording(ctx context.Context, messageID string) (Clip, error) {
	_, msg, conv, err := s.own(ctx, messageID)
	if err != nil {
		return Clip{}, err
	}
	if msg.Role != "user" || msg.AudioRef == "" {
		return Clip{}, errs.New(errs.NotFound, "There is no recording of that message.")
	}
	data, err := os.ReadFile(filepath.Join(s.DataDir, filepath.FromSlash(msg.AudioRef)))
	if err != nil {
		return Clip{}, errs.New(errs.NotFound, "That recording is no longer on this computer.")
	}
	return Clip{Audio: dataURL("wav", data), Text: msg.Content, Lang: conv.Language}, nil
}

// Forget deletes a learner's audio when their profile is deleted: their
// recordings and the partner's lines spoken for them.
func (s *Service) Forget(ctx context.Context, userID string) {
	s.ForgetConversation(ctx, userID, "")
	if err := os.RemoveAll(filepath.Join(s.DataDir, recordingsDir(userID))); err != nil {
		s.Log.Warn("delete recordings", "err", err)
	}
}

// ForgetConversation deletes the audio files of a learner's messages in one
// conversation ("": in all of them).
func (s *Service) ForgetConversation(ctx context.Context, userID, conversationID string) {
	refs, err := s.Store.AudioRefs(ctx, userID, conversationID)
	if err != nil {
		s.Log.Warn("list audio to delete", "err", err)
	}
	for _, ref := range refs {
		if err := os.Remove(filepath.Join(s.DataDir, filepath.FromSlash(ref))); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.Log.Warn("delete audio", "err", err)
		}
	}
}

// unsentAge is how long a recording waits for the message it was made for.
const unsentAge = 24 * time.Hour

// Tidy deletes recordings older than a day that no message refers to: the
// learner spoke, then typed something else or left. Their voice is not kept
// without a reason.
func (s *Service) Tidy(ctx context.Context, now time.Time) {
	kept, err := s.Store.RecordingRefs(ctx)
	if err != nil {
		s.Log.Warn("list recordings", "err", err)
		return
	}
	root := filepath.Join(s.DataDir, "audio", "recordings")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.wav"))
	for _, f := range files {
		rel, err := filepath.Rel(s.DataDir, f)
		info, statErr := os.Stat(f)
		if err != nil || statErr != nil || kept[filepath.ToSlash(rel)] || now.Sub(info.ModTime()) < unsentAge {
			continue
		}
		if err := os.Remove(f); err != nil {
			s.Log.Warn("delete an unsent recording", "err", err)
		}
	}
}

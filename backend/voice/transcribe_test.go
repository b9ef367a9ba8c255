package voice_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"kaiwa/backend/voice"
	"kaiwa/backend/voice/voicetest"
)

func TestTranscribeRoundTrip(t *testing.T) {
	srv := voicetest.NewServer(t)
	srv.Transcript("  Me llamo Ana.\n")
	wav := sineWAV(16000, 1, 220, 1)
	text, err := newClient(srv, testKey).Transcribe(context.Background(),
		voice.TranscriptionRequest{Model: "whisper-1", Language: "es-MX", WAV: wav})
	if err != nil {
		t.Fatal(err)
	}
	if text != "Me llamo Ana." {
		t.Errorf("text %q", text)
	}
	req, _ := srv.Last()
	if req.Path != "/v1/audio/transcriptions" || req.Authorization != "Bearer "+testKey ||
		!strings.HasPrefix(req.ContentType, "multipart/form-data; boundary=") {
		t.Errorf("request %s auth %q type %q", req.Path, req.Authorization, req.ContentType)
	}
	if req.FileName != "speech.wav" || req.FileType != "audio/wav" || !bytes.Equal(req.File, wav) {
		t.Errorf("file %q (%s), %d bytes, want speech.wav with the %d bytes as recorded", req.FileName, req.FileType, len(req.File), len(wav))
	}
	if req.Model != "whisper-1" || req.Language != "es" || req.ResponseFormat != "json" {
		t.Errorf("model %q language %q format %q", req.Model, req.Language, req.ResponseFormat)
	}
}

func TestTranscribeLanguage(t *testing.T) {
	srv := voicetest.NewServer(t)
	c := newClient(srv, "")
	for tag, want := range map[string]string{"": "", "ja": "ja", "PT_br": "pt", "zh-Hant-TW": "zh", "yue": "", "e1": ""} {
		if _, err := c.Transcribe(context.Background(), voice.TranscriptionRequest{Model: "m", Language: tag, WAV: sineWAV(16000, 1, 220, 0.1)}); err != nil {
			t.Fatal(err)
		}
		if req, _ := srv.Last(); req.Language != want || req.Authorization != "" {
			t.Errorf("language %q sent as %q (auth %q), want %q", tag, req.Language, req.Authorization, want)
		}
	}
}

// A 48 kHz stereo capture goes out as 16 kHz mono: a third of the samples, half the channels.
func TestTranscribeConvertsTo16kMono(t *testing.T) {
	srv := voicetest.NewServer(t)
	if _, err := newClient(srv, testKey).Transcribe(context.Background(),
		voice.TranscriptionRequest{Model: "m", WAV: sineWAV(48000, 2, 440, 1)}); err != nil {
		t.Fatal(err)
	}
	req, _ := srv.Last()
	w, err := voice.ParseWAV(req.File)
	if err != nil {
		t.Fatal(err)
	}
	if w.SampleRate != 16000 || w.Channels != 1 || len(w.Samples) != 16000 {
		t.Errorf("sent %d Hz × %d channels, %d samples", w.SampleRate, w.Channels, len(w.Samples))
	}
}

func TestTranscribeBadRecordingSendsNothing(t *testing.T) {
	tests := []struct {
		name string
		wav  []byte
		is   error
		msg  string
	}{
		{"not a WAV", []byte("ID3 this is an mp3"), voice.ErrNotWAV, "could not be read"},
		{"empty", voice.EncodeWAV(nil, 16000), voice.ErrEmptyRecording, "Check your microphone"},
		{"too long", voice.EncodeWAV(make([]int16, 66*16000), 16000), voice.ErrTooLong, "longer than 65 seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := voicetest.NewServer(t)
			_, err := newClient(srv, testKey).Transcribe(context.Background(), voice.TranscriptionRequest{Model: "m", WAV: tt.wav})
			e := asVoice(t, err)
			if e.Kind != voice.KindBadInput || !errors.Is(err, tt.is) || !strings.Contains(e.Error(), tt.msg) {
				t.Errorf("got %s %v, want %v with %q", e.Kind, e, tt.is, tt.msg)
			}
			if n := len(srv.Requests()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestTranscribeBadAnswers(t *testing.T) {
	for name, body := range map[string]string{
		"plain text": "Hola",
		"no text":    `{"segments":[]}`,
		"text null":  `{"text":null}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := voicetest.NewServer(t)
			srv.Handle(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) })
			_, err := newClient(srv, testKey).Transcribe(context.Background(),
				voice.TranscriptionRequest{Model: "m", WAV: sineWAV(16000, 1, 220, 0.1)})
			if e := asVoice(t, err); e.Kind != voice.KindBadAnswer {
				t.Errorf("got %s: %v", e.Kind, e)
			}
		})
	}
}

func TestTranscribeNothingSaid(t *testing.T) {
	srv := voicetest.NewServer(t)
	srv.Transcript(" ")
	text, err := newClient(srv, testKey).Transcribe(context.Background(),
		voice.TranscriptionRequest{Model: "m", WAV: sineWAV(16000, 1, 220, 0.1)})
	if err != nil || text != "" {
		t.Errorf("got %q, %v", text, err)
	}
}

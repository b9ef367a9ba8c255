package voice_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/voice"
	"kaiwa/backend/voice/voicetest"
)

const testKey = "sk-test-SECRET-0123456789"

// newClient points a client at srv with a timeout short enough that a test
// which hits it still finishes fast.
func newClient(srv *voicetest.Server, key string) *voice.Client {
	c := voice.New(voice.Config{BaseURL: srv.URL(), APIKey: key}, nil)
	c.Timeout = 2 * time.Second
	return c
}

func asVoice(t *testing.T, err error) *voice.Error {
	t.Helper()
	var ve *voice.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *voice.Error", err, err)
	}
	return ve
}

var hola = voice.SpeechRequest{Model: "tts-1", Voice: "nova", Text: "  ¡Hola! ¿Qué tal?\n"}

func TestSpeakRoundTrip(t *testing.T) {
	tests := []struct {
		format   voice.Format
		mime     string
		ext      string
		sent     string
		wantHead string
	}{
		{"", "audio/mpeg", "mp3", "mp3", "\xff\xfb"},
		{voice.FormatMP3, "audio/mpeg", "mp3", "mp3", "\xff\xfb"},
		{voice.FormatOpus, "audio/ogg", "ogg", "opus", "OggS"},
	}
	for _, tt := range tests {
		t.Run(tt.sent+"/"+string(tt.format), func(t *testing.T) {
			srv := voicetest.NewServer(t)
			r := hola
			r.Format = tt.format
			r.Speed = 0.8
			a, err := newClient(srv, " "+testKey+"\n").Speak(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			want, ct := voicetest.SpeechAudio(tt.sent)
			if !bytes.Equal(a.Data, want) || a.MIME != tt.mime || a.Ext != tt.ext || ct != tt.mime {
				t.Errorf("got %d bytes %s .%s, want %d bytes %s .%s", len(a.Data), a.MIME, a.Ext, len(want), tt.mime, tt.ext)
			}
			if !strings.HasPrefix(string(a.Data), tt.wantHead) {
				t.Errorf("audio starts %q", a.Data[:4])
			}
			req, _ := srv.Last()
			if req.Path != "/v1/audio/speech" || req.Authorization != "Bearer "+testKey || req.ContentType != "application/json" {
				t.Errorf("request %s auth %q type %q", req.Path, req.Authorization, req.ContentType)
			}
			var fields map[string]any
			json.Unmarshal(req.JSON, &fields)
			wantFields := map[string]any{"model": "tts-1", "voice": "nova", "input": "¡Hola! ¿Qué tal?", "response_format": tt.sent, "speed": 0.8}
			if fmt.Sprint(fields) != fmt.Sprint(wantFields) {
				t.Errorf("JSON %s, want %v", req.JSON, wantFields)
			}
		})
	}
}

func TestSpeakWithoutKeySendsNoAuthorization(t *testing.T) {
	srv := voicetest.NewServer(t)
	if _, err := newClient(srv, "").Speak(context.Background(), hola); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.Last(); req.Authorization != "" {
		t.Errorf("Authorization %q sent without a key", req.Authorization)
	}
}

func TestSpeakSpeedDefaultsAndClamps(t *testing.T) {
	srv := voicetest.NewServer(t)
	c := newClient(srv, testKey)
	for speed, want := range map[float64]float64{0: 1, 0.1: 0.25, 9: 4, 1.25: 1.25} {
		r := hola
		r.Speed = speed
		if _, err := c.Speak(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		if req, _ := srv.Last(); req.Speech.Speed == nil || *req.Speech.Speed != want {
			t.Errorf("speed %v sent as %v, want %v", speed, req.Speech.Speed, want)
		}
	}
}

// A server that ignores response_format must not get its audio mislabelled.
func TestSpeakTrustsTheAudioBytes(t *testing.T) {
	srv := voicetest.NewServer(t)
	ogg, _ := voicetest.SpeechAudio("opus")
	srv.Handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(ogg)
	})
	a, err := newClient(srv, testKey).Speak(context.Background(), hola)
	if err != nil {
		t.Fatal(err)
	}
	if a.MIME != "audio/ogg" || a.Ext != "ogg" {
		t.Errorf("got %s .%s for Ogg bytes", a.MIME, a.Ext)
	}
}

func TestSpeakEmptyTextSendsNothing(t *testing.T) {
	srv := voicetest.NewServer(t)
	_, err := newClient(srv, testKey).Speak(context.Background(), voice.SpeechRequest{Model: "tts-1", Text: " \n "})
	if e := asVoice(t, err); e.Kind != voice.KindBadInput || e.Op != voice.OpSpeech {
		t.Errorf("got %s/%s: %v", e.Kind, e.Op, e)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestSpeakBadAnswers(t *testing.T) {
	tests := map[string]http.HandlerFunc{
		"JSON instead of audio": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"error":"voice backend not loaded"}`))
		},
		"empty body": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "audio/mpeg")
		},
		"more than MaxAudioBytes": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "audio/mpeg")
			chunk := make([]byte, 1<<20)
			for range voice.MaxAudioBytes>>20 + 2 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			srv := voicetest.NewServer(t)
			srv.Handle(h)
			_, err := newClient(srv, testKey).Speak(context.Background(), hola)
			if e := asVoice(t, err); e.Kind != voice.KindBadAnswer {
				t.Errorf("got %s: %v (%s)", e.Kind, e, e.Detail)
			}
		})
	}
}

// call runs one speech or transcription request against srv.
func call(c *voice.Client, ctx context.Context, op voice.Op) error {
	if op == voice.OpSpeech {
		_, err := c.Speak(ctx, hola)
		return err
	}
	_, err := c.Transcribe(ctx, voice.TranscriptionRequest{Model: "whisper-1", Language: "es", WAV: sineWAV(16000, 1, 440, 0.5)})
	return err
}

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*voicetest.Server)
		kind       voice.Kind
		status     int
		retryAfter time.Duration
		speech     string // substring of the learner's message for each op
		transcript string
	}{
		{"401", func(s *voicetest.Server) { s.Fail(401, "Incorrect API key provided: "+testKey, "") },
			voice.KindUnauthorized, 401, 0, "Check the key in Settings", "Check the key in Settings"},
		{"403", func(s *voicetest.Server) { s.Fail(403, "forbidden", "") },
			voice.KindUnauthorized, 403, 0, "refused the API key", "refused the API key"},
		{"429 with Retry-After", func(s *voicetest.Server) { s.Fail(429, "Rate limit reached", "7") },
			voice.KindRateLimited, 429, 7 * time.Second, "Try again in 7 seconds", "Try again in 7 seconds"},
		{"429 without Retry-After", func(s *voicetest.Server) { s.Fail(429, "Rate limit reached", "") },
			voice.KindRateLimited, 429, 0, "Try again in a moment", "Try again in a moment"},
		{"429 quota", func(s *voicetest.Server) { s.Fail(429, "You exceeded your current quota (insufficient_quota)", "") },
			voice.KindRejected, 429, 0, "exceeded your current quota", "exceeded your current quota"},
		{"413", func(s *voicetest.Server) { s.Fail(413, "Request Entity Too Large", "") },
			voice.KindTooLarge, 413, 0, "text is too long", "Record a shorter answer"},
		{"404", func(s *voicetest.Server) { s.Fail(404, "Not Found", "") },
			voice.KindNotSupported, 404, 0, "does not offer spoken replies", "does not offer speech recognition"},
		{"405", func(s *voicetest.Server) { s.Fail(405, "Method Not Allowed", "") },
			voice.KindNotSupported, 405, 0, "use the system voice", "type your answer"},
		{"500", func(s *voicetest.Server) { s.Fail(500, "boom", "") },
			voice.KindServer, 500, 0, "server error", "server error"},
		{"503 with Retry-After", func(s *voicetest.Server) { s.Fail(503, "overloaded", "90") },
			voice.KindServer, 503, 90 * time.Second, "Try again in 90 seconds", "Try again in 90 seconds"},
		{"400", func(s *voicetest.Server) { s.Fail(400, "Unknown voice", "") },
			voice.KindRejected, 400, 0, "(HTTP 400): Unknown voice", "(HTTP 400): Unknown voice"},
		{"dropped connection", func(s *voicetest.Server) { s.Drop() },
			voice.KindNetwork, 0, 0, "dropped before its answer arrived", "dropped before its answer arrived"},
		{"connection closed before answering", func(s *voicetest.Server) { s.Handle(closeConn) },
			voice.KindNetwork, 0, 0, "could not reach the voice provider", "could not reach the voice provider"},
		{"timeout", func(s *voicetest.Server) { s.Hang() },
			voice.KindTimeout, 0, 0, "did not answer in time", "did not answer in time"},
	}
	for _, tt := range tests {
		for _, op := range []voice.Op{voice.OpSpeech, voice.OpTranscription} {
			t.Run(tt.name+"/"+string(op), func(t *testing.T) {
				srv := voicetest.NewServer(t)
				tt.setup(srv)
				c := newClient(srv, testKey)
				c.Timeout = 200 * time.Millisecond
				start := time.Now()
				e := asVoice(t, call(c, context.Background(), op))
				if e.Kind != tt.kind || e.Op != op || e.Status != tt.status || e.RetryAfter != tt.retryAfter {
					t.Errorf("got %s/%s status %d retry %v, want %s status %d retry %v",
						e.Kind, e.Op, e.Status, e.RetryAfter, tt.kind, tt.status, tt.retryAfter)
				}
				want := tt.speech
				if op == voice.OpTranscription {
					want = tt.transcript
				}
				if !strings.Contains(e.Error(), want) {
					t.Errorf("message %q lacks %q", e.Error(), want)
				}
				if tt.kind == voice.KindTimeout {
					if !errors.Is(e, context.DeadlineExceeded) {
						t.Error("timeout is not errors.Is context.DeadlineExceeded")
					}
					if d := time.Since(start); d > time.Second {
						t.Errorf("gave up after %v", d)
					}
				}
			})
		}
	}
}

// closeConn hangs up without answering, as a crashing server does.
func closeConn(w http.ResponseWriter, r *http.Request) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

func TestNotSupportedNamesAWrongModel(t *testing.T) {
	srv := voicetest.NewServer(t)
	srv.Fail(404, "The model `tts-1` does not exist or you do not have access to it.", "")
	e := asVoice(t, call(newClient(srv, testKey), context.Background(), voice.OpSpeech))
	if e.Kind != voice.KindNotSupported || !strings.Contains(e.Error(), "model tts-1 is not available") {
		t.Errorf("got %s: %v", e.Kind, e)
	}
}

func TestUnreachableProvider(t *testing.T) {
	// Nothing listens on port 1.
	c := voice.New(voice.Config{BaseURL: "http://127.0.0.1:1/v1", APIKey: testKey}, nil)
	c.Timeout = 2 * time.Second
	e := asVoice(t, call(c, context.Background(), voice.OpSpeech))
	if e.Kind != voice.KindNetwork || !strings.Contains(e.Error(), "could not reach the voice provider at 127.0.0.1:1") {
		t.Errorf("got %s: %v", e.Kind, e)
	}
}

func TestCallerContext(t *testing.T) {
	for _, op := range []voice.Op{voice.OpSpeech, voice.OpTranscription} {
		t.Run("cancel/"+string(op), func(t *testing.T) {
			srv := voicetest.NewServer(t)
			srv.Hang()
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			e := asVoice(t, call(newClient(srv, testKey), ctx, op))
			if e.Kind != voice.KindCanceled || !errors.Is(e, context.Canceled) {
				t.Errorf("got %s: %v", e.Kind, e)
			}
		})
		t.Run("deadline/"+string(op), func(t *testing.T) {
			srv := voicetest.NewServer(t)
			srv.Hang()
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			if e := asVoice(t, call(newClient(srv, testKey), ctx, op)); e.Kind != voice.KindTimeout {
				t.Errorf("got %s: %v", e.Kind, e)
			}
		})
	}
}

// The key must not reach the learner or the logs, even when a provider
// quotes it back in its error body.
func TestErrorsNeverShowTheKey(t *testing.T) {
	statuses := []int{400, 401, 403, 404, 405, 413, 429, 500, 503}
	for _, status := range statuses {
		for _, op := range []voice.Op{voice.OpSpeech, voice.OpTranscription} {
			srv := voicetest.NewServer(t)
			srv.Fail(status, "bad key Bearer "+testKey+" for model tts-1", "3")
			e := asVoice(t, call(newClient(srv, testKey), context.Background(), op))
			for _, s := range []string{e.Error(), e.Detail, fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", *e)} {
				if strings.Contains(s, testKey) || strings.Contains(s, "SECRET") {
					t.Errorf("%d %s: key in %q", status, op, s)
				}
			}
		}
	}
	// A 200 whose body quotes the key.
	srv := voicetest.NewServer(t)
	srv.Handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"error":"bad %s"}`, r.Header.Get("Authorization"))
	})
	for _, op := range []voice.Op{voice.OpSpeech, voice.OpTranscription} {
		e := asVoice(t, call(newClient(srv, testKey), context.Background(), op))
		if e.Kind != voice.KindBadAnswer || strings.Contains(e.Detail+e.Error(), "SECRET") {
			t.Errorf("%s: %s %q / %q", op, e.Kind, e.Detail, e.Error())
		}
	}
}

package endpoint_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/endpoint/endpointtest"
	"kaiwa/backend/errs"
)

var hola = endpoint.SpeechRequest{Model: "tts-1", Voice: "nova", Text: "  ¡Hola! ¿Qué tal?\n"}

// wav is a 16 kHz mono 16-bit PCM recording of silence; the endpoint sends
// it as is.
func wav(seconds float64) []byte {
	data := make([]byte, 2*int(16000*seconds))
	b := []byte("RIFF")
	b = binary.LittleEndian.AppendUint32(b, uint32(36+len(data)))
	b = append(b, "WAVEfmt "...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, 1) // PCM
	b = binary.LittleEndian.AppendUint16(b, 1) // mono
	b = binary.LittleEndian.AppendUint32(b, 16000)
	b = binary.LittleEndian.AppendUint32(b, 32000)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

func TestSpeakRoundTrip(t *testing.T) {
	tests := []struct {
		format   endpoint.Format
		mime     string
		ext      string
		sent     string
		wantHead string
	}{
		{"", "audio/mpeg", "mp3", "mp3", "\xff\xfb"},
		{endpoint.FormatMP3, "audio/mpeg", "mp3", "mp3", "\xff\xfb"},
		{endpoint.FormatOpus, "audio/ogg", "ogg", "opus", "OggS"},
	}
	for _, tt := range tests {
		t.Run(tt.sent+"/"+string(tt.format), func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			r := hola
			r.Format = tt.format
			r.Speed = 0.8
			a, err := newClient(srv, " "+testKey+"\n").Speak(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			want, ct := endpointtest.SpeechAudio(tt.sent)
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
	srv := endpointtest.NewServer(t)
	if _, err := newClient(srv, "").Speak(context.Background(), hola); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.Last(); req.Authorization != "" {
		t.Errorf("Authorization %q sent without a key", req.Authorization)
	}
}

func TestSpeakSpeedDefaultsAndClamps(t *testing.T) {
	srv := endpointtest.NewServer(t)
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
	srv := endpointtest.NewServer(t)
	ogg, _ := endpointtest.SpeechAudio("opus")
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
	srv := endpointtest.NewServer(t)
	_, err := newClient(srv, testKey).Speak(context.Background(), endpoint.SpeechRequest{Model: "tts-1", Text: " \n "})
	if e := asError(t, err); e.Kind != endpoint.KindBadInput || e.Op != endpoint.OpSpeech || errs.CodeOf(err) != errs.Invalid {
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
			for range endpoint.MaxAudioBytes>>20 + 2 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Handle(h)
			_, err := newClient(srv, testKey).Speak(context.Background(), hola)
			if e := asError(t, err); e.Kind != endpoint.KindBadAnswer {
				t.Errorf("got %s: %v (%s)", e.Kind, e, e.Detail)
			}
		})
	}
}

// call runs one speech or transcription request against srv.
func call(c *endpoint.Client, ctx context.Context, op endpoint.Op) error {
	if op == endpoint.OpSpeech {
		_, err := c.Speak(ctx, hola)
		return err
	}
	_, err := c.Transcribe(ctx, endpoint.TranscriptionRequest{Model: "whisper-1", Language: "es", WAV: wav(0.5)})
	return err
}

var audioOps = []endpoint.Op{endpoint.OpSpeech, endpoint.OpTranscription}

func TestAudioErrorKinds(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*endpointtest.Server)
		kind       endpoint.Kind
		status     int
		retryAfter time.Duration
		speech     string // substring of the learner's message for each op
		transcript string
	}{
		{"401", func(s *endpointtest.Server) { s.Fail(401, "Incorrect API key provided: "+testKey, "") },
			endpoint.KindUnauthorized, 401, 0, "Check the key in Settings", "Check the key in Settings"},
		{"403", func(s *endpointtest.Server) { s.Fail(403, "forbidden", "") },
			endpoint.KindUnauthorized, 403, 0, "refused the API key", "refused the API key"},
		{"408", func(s *endpointtest.Server) { s.Fail(408, "request timeout", "") },
			endpoint.KindTimeout, 408, 0, "did not answer in time", "did not answer in time"},
		{"429 with Retry-After", func(s *endpointtest.Server) { s.Fail(429, "Rate limit reached", "7") },
			endpoint.KindRateLimited, 429, 7 * time.Second, "Try again in 7 seconds", "Try again in 7 seconds"},
		{"429 without Retry-After", func(s *endpointtest.Server) { s.Fail(429, "Rate limit reached", "") },
			endpoint.KindRateLimited, 429, 0, "Try again in a moment", "Try again in a moment"},
		{"429 quota", func(s *endpointtest.Server) { s.Fail(429, "You exceeded your current quota (insufficient_quota)", "") },
			endpoint.KindRejected, 429, 0, "exceeded your current quota", "exceeded your current quota"},
		{"413", func(s *endpointtest.Server) { s.Fail(413, "Request Entity Too Large", "") },
			endpoint.KindTooLarge, 413, 0, "text is too long", "Record a shorter answer"},
		{"404", func(s *endpointtest.Server) { s.Fail(404, "Not Found", "") },
			endpoint.KindNotSupported, 404, 0, "does not offer spoken replies", "does not offer speech recognition"},
		{"405", func(s *endpointtest.Server) { s.Fail(405, "Method Not Allowed", "") },
			endpoint.KindNotSupported, 405, 0, "use the system voice", "type your answer"},
		{"500", func(s *endpointtest.Server) { s.Fail(500, "boom", "") },
			endpoint.KindServer, 500, 0, "server error", "server error"},
		{"503 with Retry-After", func(s *endpointtest.Server) { s.Fail(503, "overloaded", "90") },
			endpoint.KindServer, 503, 90 * time.Second, "Try again in 90 seconds", "Try again in 90 seconds"},
		{"504", func(s *endpointtest.Server) { s.Fail(504, "gateway timeout", "") },
			endpoint.KindTimeout, 504, 0, "did not answer in time", "did not answer in time"},
		{"400", func(s *endpointtest.Server) { s.Fail(400, "Unknown voice", "") },
			endpoint.KindRejected, 400, 0, "(HTTP 400): Unknown voice", "(HTTP 400): Unknown voice"},
		{"dropped connection", func(s *endpointtest.Server) { s.DropAfter() },
			endpoint.KindDropped, 0, 0, "dropped before its answer arrived", "dropped before its answer arrived"},
		{"connection closed before answering", func(s *endpointtest.Server) { s.Handle(closeConn) },
			endpoint.KindNetwork, 0, 0, "could not reach the voice provider", "could not reach the voice provider"},
		{"timeout", func(s *endpointtest.Server) { s.Hang() },
			endpoint.KindTimeout, 0, 0, "did not answer in time", "did not answer in time"},
	}
	for _, tt := range tests {
		for _, op := range audioOps {
			t.Run(tt.name+"/"+string(op), func(t *testing.T) {
				srv := endpointtest.NewServer(t)
				tt.setup(srv)
				c := newClient(srv, testKey)
				c.AudioTimeout = 200 * time.Millisecond
				start := time.Now()
				e := asError(t, call(c, context.Background(), op))
				if e.Kind != tt.kind || e.Op != op || e.Status != tt.status || e.RetryAfter != tt.retryAfter {
					t.Errorf("got %s/%s status %d retry %v, want %s status %d retry %v",
						e.Kind, e.Op, e.Status, e.RetryAfter, tt.kind, tt.status, tt.retryAfter)
				}
				want := tt.speech
				if op == endpoint.OpTranscription {
					want = tt.transcript
				}
				if !strings.Contains(e.Error(), want) {
					t.Errorf("message %q lacks %q", e.Error(), want)
				}
				if tt.kind == endpoint.KindTimeout {
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

// A 404 naming the model is a wrong model name, not a missing feature.
func TestAudio404NamingTheModel(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Fail(404, "The model `tts-1` does not exist or you do not have access to it.", "")
	e := asError(t, call(newClient(srv, testKey), context.Background(), endpoint.OpSpeech))
	if e.Kind != endpoint.KindModelNotFound || !strings.Contains(e.Error(), "model tts-1 is not available") || errs.CodeOf(e) != errs.NotFound {
		t.Errorf("got %s: %v", e.Kind, e)
	}
}

func TestUnreachableProvider(t *testing.T) {
	addr := closedAddr(t)
	c := endpoint.New(endpoint.Config{BaseURL: "http://" + addr + "/v1", APIKey: testKey}, nil)
	for _, op := range audioOps {
		e := asError(t, call(c, context.Background(), op))
		if e.Kind != endpoint.KindNetwork || !strings.Contains(e.Error(), "could not reach the voice provider at "+addr) {
			t.Errorf("got %s: %v", e.Kind, e)
		}
	}
}

func TestAudioCallerContext(t *testing.T) {
	for _, op := range audioOps {
		t.Run("cancel/"+string(op), func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Hang()
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			e := asError(t, call(newClient(srv, testKey), ctx, op))
			if e.Kind != endpoint.KindCanceled || !errors.Is(e, context.Canceled) {
				t.Errorf("got %s: %v", e.Kind, e)
			}
		})
		t.Run("deadline/"+string(op), func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Hang()
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			if e := asError(t, call(newClient(srv, testKey), ctx, op)); e.Kind != endpoint.KindTimeout {
				t.Errorf("got %s: %v", e.Kind, e)
			}
		})
	}
}

// The key must not reach the learner or the logs, even when a provider
// quotes it back in its error body.
func TestAudioErrorsNeverShowTheKey(t *testing.T) {
	statuses := []int{400, 401, 403, 404, 405, 413, 429, 500, 503}
	for _, status := range statuses {
		for _, op := range audioOps {
			srv := endpointtest.NewServer(t)
			srv.Fail(status, "bad key Bearer "+testKey+" for model tts-1", "3")
			e := asError(t, call(newClient(srv, testKey), context.Background(), op))
			for _, s := range []string{e.Error(), e.Detail, fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", *e)} {
				if strings.Contains(s, testKey) || strings.Contains(s, "SECRET") {
					t.Errorf("%d %s: key in %q", status, op, s)
				}
			}
		}
	}
	// A 200 whose body quotes the key.
	srv := endpointtest.NewServer(t)
	srv.Handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"error":"bad %s"}`, r.Header.Get("Authorization"))
	})
	for _, op := range audioOps {
		e := asError(t, call(newClient(srv, testKey), context.Background(), op))
		if e.Kind != endpoint.KindBadAnswer || strings.Contains(e.Detail+e.Error(), "SECRET") {
			t.Errorf("%s: %s %q / %q", op, e.Kind, e.Detail, e.Error())
		}
	}
}

func TestTranscribeRoundTrip(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Transcript("  Me llamo Ana.\n")
	rec := wav(1)
	text, err := newClient(srv, testKey).Transcribe(context.Background(),
		endpoint.TranscriptionRequest{Model: "whisper-1", Language: "es-MX", WAV: rec})
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
	if req.FileName != "speech.wav" || req.FileType != "audio/wav" || !bytes.Equal(req.File, rec) {
		t.Errorf("file %q (%s), %d bytes, want speech.wav with the %d bytes as recorded", req.FileName, req.FileType, len(req.File), len(rec))
	}
	if req.Model != "whisper-1" || req.Language != "es" || req.ResponseFormat != "json" {
		t.Errorf("model %q language %q format %q", req.Model, req.Language, req.ResponseFormat)
	}
}

func TestTranscribeLanguage(t *testing.T) {
	srv := endpointtest.NewServer(t)
	c := newClient(srv, "")
	for tag, want := range map[string]string{"": "", "ja": "ja", "PT_br": "pt", "zh-Hant-TW": "zh", "yue": "", "e1": ""} {
		if _, err := c.Transcribe(context.Background(), endpoint.TranscriptionRequest{Model: "m", Language: tag, WAV: wav(0.1)}); err != nil {
			t.Fatal(err)
		}
		if req, _ := srv.Last(); req.Language != want || req.Authorization != "" {
			t.Errorf("language %q sent as %q (auth %q), want %q", tag, req.Language, req.Authorization, want)
		}
	}
}

func TestTranscribeNoAudioSendsNothing(t *testing.T) {
	srv := endpointtest.NewServer(t)
	_, err := newClient(srv, testKey).Transcribe(context.Background(), endpoint.TranscriptionRequest{Model: "m"})
	if e := asError(t, err); e.Kind != endpoint.KindBadInput || e.Op != endpoint.OpTranscription {
		t.Errorf("got %s/%s: %v", e.Kind, e.Op, e)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestTranscribeBadAnswers(t *testing.T) {
	for name, body := range map[string]string{
		"plain text": "Hola",
		"no text":    `{"segments":[]}`,
		"text null":  `{"text":null}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := endpointtest.NewServer(t)
			srv.Handle(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) })
			_, err := newClient(srv, testKey).Transcribe(context.Background(),
				endpoint.TranscriptionRequest{Model: "m", WAV: wav(0.1)})
			if e := asError(t, err); e.Kind != endpoint.KindBadAnswer {
				t.Errorf("got %s: %v", e.Kind, e)
			}
		})
	}
}

func TestTranscribeNothingSaid(t *testing.T) {
	srv := endpointtest.NewServer(t)
	srv.Transcript(" ")
	text, err := newClient(srv, testKey).Transcribe(context.Background(),
		endpoint.TranscriptionRequest{Model: "m", WAV: wav(0.1)})
	if err != nil || text != "" {
		t.Errorf("got %q, %v", text, err)
	}
}

// Package voice gives Kaiwa's conversation partner a voice and ears through
// any OpenAI-compatible audio endpoint (OpenAI, Speaches, Kokoro-FastAPI,
// LocalAI...): text-to-speech, speech-to-text from a WAV recording, an
// on-disk cache so a reply is synthesized once, and the small WAV toolkit the
// recorder needs. Every request runs under a deadline, and every failure is
// an *Error whose message a learner can act on.
package voice

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// OpenAIBaseURL is used when Config.BaseURL is empty.
const OpenAIBaseURL = "https://api.openai.com/v1"

const (
	// MaxAudioBytes bounds a synthesized reply; a minute of mp3 is ~1 MB, so
	// anything near this is a misbehaving server, not speech.
	MaxAudioBytes = 20 << 20
	// maxAnswerBytes bounds JSON answers and error bodies.
	maxAnswerBytes = 1 << 20

	defaultTimeout = 60 * time.Second
)

// Config says which endpoint to use. An empty BaseURL means OpenAI; an empty
// APIKey sends no Authorization header (local servers).
type Config struct {
	BaseURL, APIKey string
}

// Format is the audio encoding asked of the speech endpoint. Both play from a
// data: or blob: URL in WebKitGTK, Chromium and WebView2.
type Format string

const (
	FormatMP3  Format = "mp3"
	FormatOpus Format = "opus" // Ogg Opus: smaller, same quality
)

// MIME is the Content-Type for audio in this format.
func (f Format) MIME() string { return MIMEType(f.Ext()) }

// Ext is the file extension for audio in this format.
func (f Format) Ext() string {
	if f == FormatOpus {
		return "ogg"
	}
	return "mp3"
}

// MIMEType maps a file extension from Audio.Ext or Cache.Get to its
// Content-Type; unknown extensions give application/octet-stream.
func MIMEType(ext string) string {
	switch ext {
	case "mp3":
		return "audio/mpeg"
	case "ogg":
		return "audio/ogg"
	case "wav":
		return "audio/wav"
	case "flac":
		return "audio/flac"
	case "aac":
		return "audio/aac"
	}
	return "application/octet-stream"
}

// SpeechRequest is one utterance to synthesize.
type SpeechRequest struct {
	Model string // e.g. tts-1, gpt-4o-mini-tts, kokoro
	Voice string // e.g. alloy, nova, ef_dora
	Text  string
	// Format is FormatMP3 or FormatOpus; anything else means mp3.
	Format Format
	// Speed is 0.25–4 (clamped); 0 means normal speed. Learners often want
	// 0.8 or so.
	Speed float64
}

// normalized fills in defaults, so Speak and CacheKey agree on what is sent.
func (r SpeechRequest) normalized() SpeechRequest {
	if r.Format != FormatOpus {
		r.Format = FormatMP3
	}
	switch {
	case r.Speed == 0 || math.IsNaN(r.Speed):
		r.Speed = 1
	case r.Speed < 0.25:
		r.Speed = 0.25
	case r.Speed > 4:
		r.Speed = 4
	}
	r.Text = strings.TrimSpace(r.Text)
	return r
}

// Audio is synthesized speech, ready for a data: URL or the Cache.
type Audio struct {
	Data []byte
	MIME string // audio/mpeg or audio/ogg (or what the server really sent)
	Ext  string // mp3 or ogg, for Cache.Put
}

// Client talks to one endpoint and is safe for concurrent calls. Set Timeout
// before use, not while a call is running.
type Client struct {
	// Timeout bounds a whole call, upload and download included; zero or
	// less means one minute.
	Timeout time.Duration

	cfg  Config
	host string
	hc   *http.Client
}

// New returns a client for cfg. hc nil means a plain http.Client; Timeout and
// the caller's context bound each call instead of an overall client timeout.
func New(cfg Config, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{}
	}
	// Keys are pasted by hand; a stray newline would make every request fail
	// with an obscure header error.
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	cfg.BaseURL = strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = OpenAIBaseURL
	}
	return &Client{Timeout: defaultTimeout, cfg: cfg, host: hostOf(cfg.BaseURL), hc: hc}
}

func hostOf(baseURL string) string {
	if u, err := url.Parse(strings.TrimSpace(baseURL)); err == nil {
		return strings.ToLower(u.Host)
	}
	return ""
}

// BaseURL is the endpoint the client uses, as CacheKey wants it.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// Speak synthesizes r.Text with POST {BaseURL}/audio/speech. Every error is
// an *Error.
func (c *Client) Speak(ctx context.Context, r SpeechRequest) (Audio, error) {
	r = r.normalized()
	if r.Text == "" {
		return Audio{}, c.newError(OpSpeech, KindBadInput, 0, "no text", r.Model)
	}
	body, err := json.Marshal(map[string]any{
		"model": r.Model, "input": r.Text, "voice": r.Voice,
		"response_format": string(r.Format), "speed": r.Speed,
	})
	if err != nil {
		return Audio{}, c.newError(OpSpeech, KindBadInput, 0, err.Error(), r.Model)
	}
	header, data, err := c.post(ctx, OpSpeech, "/audio/speech", "application/json", body, MaxAudioBytes, r.Model)
	if err != nil {
		return Audio{}, err
	}
	ct := strings.ToLower(header.Get("Content-Type"))
	if strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "text/") {
		// Some servers answer 200 with an error document.
		return Audio{}, c.newError(OpSpeech, KindBadAnswer, 0, "got "+ct+" instead of audio: "+message(data), r.Model)
	}
	if len(data) == 0 {
		return Audio{}, c.newError(OpSpeech, KindBadAnswer, 0, "empty audio", r.Model)
	}
	ext := sniffExt(data, r.Format)
	return Audio{Data: data, MIME: MIMEType(ext), Ext: ext}, nil
}

// sniffExt trusts the bytes over the request: some servers ignore
// response_format, and a webview given the wrong MIME type may refuse to play.
func sniffExt(b []byte, asked Format) string {
	switch {
	case bytes.HasPrefix(b, []byte("OggS")):
		return "ogg"
	case bytes.HasPrefix(b, []byte("ID3")), len(b) > 1 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]&0x06 != 0:
		return "mp3" // ID3 tag, or an MPEG audio frame sync (layer bits non-zero; AAC's are zero)
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WAVE":
		return "wav"
	case bytes.HasPrefix(b, []byte("fLaC")):
		return "flac"
	case len(b) > 1 && b[0] == 0xFF && b[1]&0xF6 == 0xF0:
		return "aac" // ADTS
	}
	return asked.Ext()
}

// post sends one request under the client's timeout and returns the headers
// and body of a 2xx answer, reading at most limit bytes.
func (c *Client) post(ctx context.Context, op Op, path, contentType string, body []byte, limit int64, model string) (http.Header, []byte, error) {
	inner, cancel := context.WithTimeout(ctx, orDefault(c.Timeout, defaultTimeout))
	defer cancel()
	req, err := http.NewRequestWithContext(inner, http.MethodPost, c.cfg.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		// Only a malformed base URL gets here.
		return nil, nil, c.newError(op, KindNetwork, 0, err.Error(), model)
	}
	req.Header.Set("Content-Type", contentType)
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, c.fail(op, ctx, inner, err, false, model)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
		return nil, nil, c.fromStatus(op, resp.StatusCode, resp.Header, msg, model)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, nil, c.fail(op, ctx, inner, err, true, model)
	}
	if int64(len(data)) > limit {
		return nil, nil, c.newError(op, KindBadAnswer, resp.StatusCode, fmt.Sprintf("answer longer than %d bytes", limit), model)
	}
	return resp.Header, data, nil
}

// orDefault keeps a zero Client{} field from meaning "time out at once".
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

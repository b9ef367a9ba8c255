package endpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
)

// Format is the audio encoding asked of the speech endpoint. Both play from a
// data: or blob: URL in WebKitGTK, Chromium and WebView2.
type Format string

const (
	FormatMP3  Format = "mp3"
	FormatOpus Format = "opus" // Ogg Opus: smaller, same quality
)

// Ext is the file extension for audio in this format.
func (f Format) Ext() string {
	if f == FormatOpus {
		return "ogg"
	}
	return "mp3"
}

// MIMEType maps an audio file extension (Audio.Ext) to its Content-Type;
// unknown extensions give application/octet-stream.
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

// Normalized fills in defaults as Speak sends them, so a cache key made from
// it matches what was asked.
func (r SpeechRequest) Normalized() SpeechRequest {
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

// Audio is synthesized speech.
type Audio struct {
	Data []byte
	MIME string // audio/mpeg or audio/ogg (or what the server really sent)
	Ext  string // mp3 or ogg (or what the server really sent)
}

// Speak synthesizes r.Text with POST {BaseURL}/audio/speech within
// AudioTimeout, reading at most MaxAudioBytes. Every error is an *Error.
func (c *Client) Speak(ctx context.Context, r SpeechRequest) (Audio, error) {
	r = r.Normalized()
	cl := c.newCall(OpSpeech, r.Model, MaxAudioBytes)
	if r.Text == "" {
		return Audio{}, c.newError(cl, KindBadInput, 0, "no text")
	}
	// Strings and a clamped number: this cannot fail.
	body, _ := json.Marshal(map[string]any{
		"model": r.Model, "input": r.Text, "voice": r.Voice,
		"response_format": string(r.Format), "speed": r.Speed,
	})
	data, header, err := c.send(ctx, cl, orDefault(c.AudioTimeout, defaultAudioTimeout), http.MethodPost, "/audio/speech", "application/json", body)
	if err != nil {
		return Audio{}, err
	}
	ct := strings.ToLower(header.Get("Content-Type"))
	if strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "text/") {
		// Some servers answer 200 with an error document.
		msg, _ := bodyMessage(data)
		return Audio{}, c.newError(cl, KindBadAnswer, cl.status, "got "+ct+" instead of audio: "+msg)
	}
	if len(data) == 0 {
		return Audio{}, c.newError(cl, KindBadAnswer, cl.status, "empty audio")
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

// TranscriptionRequest is one recorded answer to turn into text.
type TranscriptionRequest struct {
	Model string // e.g. whisper-1, gpt-4o-mini-transcribe, Systran/faster-whisper-small
	// Language is the language the learner speaks, as ISO 639-1 ("es") or a
	// tag whose first part is ("es-MX"); it steers recognition towards the
	// target language instead of the learner's accent. Empty or anything
	// else lets the provider detect it.
	Language string
	// WAV is the recording, sent as is: the caller checks and converts it
	// (Whisper-style models want 16 kHz mono, which also keeps it small).
	WAV []byte
}

// Transcribe sends the recording to POST {BaseURL}/audio/transcriptions
// within AudioTimeout and returns the recognized text, trimmed (possibly ""
// if nothing was said). Every error is an *Error.
func (c *Client) Transcribe(ctx context.Context, r TranscriptionRequest) (string, error) {
	cl := c.newCall(OpTranscription, r.Model, maxAnswerBytes)
	if len(r.WAV) == 0 {
		return "", c.newError(cl, KindBadInput, 0, "no audio")
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="speech.wav"`)
	h.Set("Content-Type", "audio/wav")
	part, _ := mw.CreatePart(h) // writes to a bytes.Buffer cannot fail
	part.Write(r.WAV)
	mw.WriteField("model", r.Model)
	if lang := iso639_1(r.Language); lang != "" {
		mw.WriteField("language", lang)
	}
	mw.WriteField("response_format", "json")
	mw.Close()

	data, _, err := c.send(ctx, cl, orDefault(c.AudioTimeout, defaultAudioTimeout), http.MethodPost, "/audio/transcriptions", mw.FormDataContentType(), body.Bytes())
	if err != nil {
		return "", err
	}
	var answer struct {
		Text *string `json:"text"`
	}
	if err := json.Unmarshal(data, &answer); err != nil || answer.Text == nil {
		return "", c.newError(cl, KindBadAnswer, cl.status, `no "text" in the answer: `+string(data))
	}
	return strings.TrimSpace(*answer.Text), nil
}

// iso639_1 reduces a language tag to its two-letter primary subtag, or ""
// when it has none: providers reject codes they do not know, while leaving
// the language out only costs a little accuracy.
func iso639_1(tag string) string {
	primary, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	primary, _, _ = strings.Cut(primary, "_")
	primary = strings.ToLower(primary)
	if len(primary) != 2 || primary[0] < 'a' || primary[0] > 'z' || primary[1] < 'a' || primary[1] > 'z' {
		return ""
	}
	return primary
}

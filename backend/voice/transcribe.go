package voice

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/textproto"
	"strings"
)

// TranscriptionRequest is one recorded answer to turn into text.
type TranscriptionRequest struct {
	Model string // e.g. whisper-1, gpt-4o-mini-transcribe, Systran/faster-whisper-small
	// Language is the language the learner speaks, as ISO 639-1 ("es") or a
	// tag whose first part is ("es-MX"); it steers recognition towards the
	// target language instead of the learner's accent. Empty or anything
	// else lets the provider detect it.
	Language string
	WAV      []byte // 16-bit PCM WAV, at most MaxRecording long
}

// Transcribe sends the recording to POST {BaseURL}/audio/transcriptions and
// returns the recognized text, trimmed (possibly "" if nothing was said).
// Recordings that are not 16 kHz mono are converted first, which is what
// Whisper-style models use anyway and keeps the upload small. Every error is
// an *Error.
func (c *Client) Transcribe(ctx context.Context, r TranscriptionRequest) (string, error) {
	w, err := ParseWAV(r.WAV)
	if err == nil && w.Frames() == 0 {
		err = ErrEmptyRecording
	}
	if err != nil {
		e := c.newError(OpTranscription, KindBadInput, 0, err.Error(), r.Model)
		e.cause = err
		return "", e
	}
	audio := r.WAV
	if w.SampleRate != 16000 || w.Channels != 1 {
		audio = EncodeWAV(Resample16kMono(w.Samples, w.SampleRate, w.Channels), 16000)
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="speech.wav"`)
	h.Set("Content-Type", "audio/wav")
	part, _ := mw.CreatePart(h) // writes to a bytes.Buffer cannot fail
	part.Write(audio)
	mw.WriteField("model", r.Model)
	if lang := iso639_1(r.Language); lang != "" {
		mw.WriteField("language", lang)
	}
	mw.WriteField("response_format", "json")
	mw.Close()

	_, data, err := c.post(ctx, OpTranscription, "/audio/transcriptions", mw.FormDataContentType(), body.Bytes(), maxAnswerBytes, r.Model)
	if err != nil {
		return "", err
	}
	var answer struct {
		Text *string `json:"text"`
	}
	if err := json.Unmarshal(data, &answer); err != nil || answer.Text == nil {
		return "", c.newError(OpTranscription, KindBadAnswer, 0, `no "text" in the answer: `+string(data), r.Model)
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

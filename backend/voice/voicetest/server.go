// Package voicetest is a fake OpenAI-compatible audio provider for tests: a
// real HTTP server in-process that speaks the wire format of
// /v1/audio/speech and /v1/audio/transcriptions, records what it received,
// and can fail, hang or drop the connection on demand.
package voicetest

import (
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// Request is what the fake recorded about one request it received.
type Request struct {
	Path string
	// Authorization is the header as sent ("" when absent), so tests can
	// check the key went out, and went out only where it should.
	Authorization string
	ContentType   string

	// Speech requests: the raw JSON body and its fields.
	JSON   []byte
	Speech SpeechBody

	// Transcription requests: the multipart fields.
	File           []byte
	FileName       string
	FileType       string // the file part's Content-Type
	Model          string
	Language       string
	ResponseFormat string
}

// SpeechBody is the JSON of a speech request. Speed is nil when not sent.
type SpeechBody struct {
	Model          string   `json:"model"`
	Input          string   `json:"input"`
	Voice          string   `json:"voice"`
	ResponseFormat string   `json:"response_format"`
	Speed          *float64 `json:"speed"`
}

type mode int

const (
	modeOK mode = iota
	modeFail
	modeHang
	modeDrop
	modeHandle
)

type behaviour struct {
	mode       mode
	status     int
	message    string
	retryAfter string
	handler    http.HandlerFunc
}

// Server is the fake provider. Setters may be called at any time; the latest
// applies to every following request.
type Server struct {
	ts   *httptest.Server
	quit chan struct{}

	mu         sync.Mutex
	b          behaviour
	transcript string
	requests   []*Request
}

// NewServer starts a fake provider that speaks silence in the requested
// format and transcribes every recording as "Hola" until told otherwise; it
// is shut down when the test ends, releasing any request it still holds.
func NewServer(t testing.TB) *Server {
	s := &Server{quit: make(chan struct{}), transcript: "Hola"}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/audio/speech", s.speech)
	mux.HandleFunc("POST /v1/audio/transcriptions", s.transcription)
	s.ts = httptest.NewServer(mux)
	t.Cleanup(func() {
		close(s.quit)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
	return s
}

// URL is the base URL a client should use; it ends in /v1.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// OK returns to answering normally.
func (s *Server) OK() { s.set(behaviour{mode: modeOK}) }

// Transcript sets the text transcriptions return (sent as is, untrimmed).
func (s *Server) Transcript(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.transcript = text
}

// Fail answers every request with status and an OpenAI-style error body
// carrying message; retryAfter, when not empty, is sent as Retry-After.
func (s *Server) Fail(status int, message, retryAfter string) {
	s.set(behaviour{mode: modeFail, status: status, message: message, retryAfter: retryAfter})
}

// Hang accepts requests and never answers them, until the client gives up or
// the test ends.
func (s *Server) Hang() { s.set(behaviour{mode: modeHang}) }

// Drop starts a 200 answer promising more bytes than it sends, then closes
// the connection, as a crashed server or a lost network would.
func (s *Server) Drop() { s.set(behaviour{mode: modeDrop}) }

// Handle lets h answer every request (after it is recorded), for behaviour
// the other setters do not cover.
func (s *Server) Handle(h http.HandlerFunc) { s.set(behaviour{mode: modeHandle, handler: h}) }

// Requests returns copies of the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
	}
	return out
}

// Last returns a copy of the latest request received; ok is false if none.
func (s *Server) Last() (r Request, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) == 0 {
		return Request{}, false
	}
	return *s.requests[len(s.requests)-1], true
}

func (s *Server) set(b behaviour) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = b
}

func (s *Server) record(rec *Request) behaviour {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
	return s.b
}

func newRequest(r *http.Request) *Request {
	return &Request{Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type")}
}

func (s *Server) speech(w http.ResponseWriter, r *http.Request) {
	rec := newRequest(r)
	rec.JSON, _ = io.ReadAll(r.Body)
	perr := json.Unmarshal(rec.JSON, &rec.Speech)
	b := s.record(rec)
	if s.misbehave(w, r, b) {
		return
	}
	if perr != nil {
		writeError(w, http.StatusBadRequest, "could not parse the JSON body: "+perr.Error(), "")
		return
	}
	audio, ct := SpeechAudio(rec.Speech.ResponseFormat)
	if audio == nil {
		writeError(w, http.StatusBadRequest, "unsupported response_format "+strconv.Quote(rec.Speech.ResponseFormat), "")
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Write(audio)
}

func (s *Server) transcription(w http.ResponseWriter, r *http.Request) {
	rec := newRequest(r)
	perr := r.ParseMultipartForm(32 << 20)
	if perr == nil {
		rec.Model = r.FormValue("model")
		rec.Language = r.FormValue("language")
		rec.ResponseFormat = r.FormValue("response_format")
		if f, h, err := r.FormFile("file"); err == nil {
			rec.File, _ = io.ReadAll(f)
			rec.FileName, rec.FileType = h.Filename, h.Header.Get("Content-Type")
			f.Close()
		} else {
			perr = err
		}
	}
	b := s.record(rec)
	if s.misbehave(w, r, b) {
		return
	}
	if perr != nil {
		writeError(w, http.StatusBadRequest, "could not parse the form: "+perr.Error(), "")
		return
	}
	s.mu.Lock()
	text := s.transcript
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"text": text})
}

// misbehave applies the failure behaviours and reports whether it answered.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, b behaviour) bool {
	switch b.mode {
	case modeFail:
		writeError(w, b.status, b.message, b.retryAfter)
	case modeHang:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
	case modeDrop:
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("OggS partial"))
		rc := http.NewResponseController(w)
		rc.Flush()
		if conn, _, err := rc.Hijack(); err == nil {
			conn.Close()
		}
	case modeHandle:
		b.handler(w, r)
	default:
		return false
	}
	return true
}

func writeError(w http.ResponseWriter, status int, message, retryAfter string) {
	typ, code := "invalid_request_error", any(nil)
	switch {
	case status == http.StatusUnauthorized:
		code = "invalid_api_key"
	case status == http.StatusTooManyRequests:
		typ, code = "requests", "rate_limit_exceeded"
	case status >= 500:
		typ = "server_error"
	}
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": message, "type": typ, "code": code}})
}

// SpeechAudio returns the bytes and Content-Type the fake sends for a
// response_format: a quarter second of real, playable silence, so the same
// bytes can also go through a webview in UI tests. Unknown formats give nil.
func SpeechAudio(format string) ([]byte, string) {
	switch format {
	case "mp3", "":
		return slices.Clone(silentMP3), "audio/mpeg"
	case "opus":
		return slices.Clone(silentOpus), "audio/ogg"
	}
	return nil, ""
}

var (
	silentMP3  = makeMP3(10)
	silentOpus = makeOggOpus(12)
)

// makeMP3 builds MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono) whose
// side information is all zero: decoders play them as silence.
func makeMP3(frames int) []byte {
	const frameLen = 144 * 128000 / 44100 // 417 bytes, no padding
	var b []byte
	for range frames {
		f := make([]byte, frameLen)
		copy(f, []byte{0xFF, 0xFB, 0x90, 0xC0})
		b = append(b, f...)
	}
	return b
}

// makeOggOpus builds an Ogg Opus stream (RFC 7845) of 20 ms silent frames.
func makeOggOpus(frames int) []byte {
	const serial = 0x4b41_4957 // "KAIW"
	head := []byte("OpusHead")
	head = append(head, 1, 1) // version, mono
	head = binary.LittleEndian.AppendUint16(head, 312)
	head = binary.LittleEndian.AppendUint32(head, 48000)
	head = append(head, 0, 0, 0) // output gain, mapping family 0

	vendor := "kaiwa voicetest"
	tags := []byte("OpusTags")
	tags = binary.LittleEndian.AppendUint32(tags, uint32(len(vendor)))
	tags = append(tags, vendor...)
	tags = binary.LittleEndian.AppendUint32(tags, 0) // no comments

	// libopus's own encoding of a silent 20 ms CELT frame.
	silence := []byte{0xF8, 0xFF, 0xFE}
	packets := make([][]byte, frames)
	for i := range packets {
		packets[i] = silence
	}

	var b []byte
	b = append(b, oggPage(0x02, 0, serial, 0, [][]byte{head})...)
	b = append(b, oggPage(0, 0, serial, 1, [][]byte{tags})...)
	b = append(b, oggPage(0x04, uint64(frames*960), serial, 2, packets)...)
	return b
}

// oggPage frames packets (each under 255 bytes) as one Ogg page.
func oggPage(flags byte, granule uint64, serial, seq uint32, packets [][]byte) []byte {
	p := []byte("OggS")
	p = append(p, 0, flags)
	p = binary.LittleEndian.AppendUint64(p, granule)
	p = binary.LittleEndian.AppendUint32(p, serial)
	p = binary.LittleEndian.AppendUint32(p, seq)
	p = append(p, 0, 0, 0, 0) // CRC, filled in below
	p = append(p, byte(len(packets)))
	for _, pk := range packets {
		p = append(p, byte(len(pk)))
	}
	for _, pk := range packets {
		p = append(p, pk...)
	}
	binary.LittleEndian.PutUint32(p[22:], oggCRC(p))
	return p
}

// oggCRC is Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, zero start.
func oggCRC(b []byte) uint32 {
	var crc uint32
	for _, x := range b {
		crc ^= uint32(x) << 24
		for range 8 {
			if crc&0x8000_0000 != 0 {
				crc = crc<<1 ^ 0x04C11DB7
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

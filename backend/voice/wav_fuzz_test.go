package voice_test

import (
	"encoding/binary"
	"errors"
	"slices"
	"testing"

	"kaiwa/backend/voice"
)

// FuzzParseWAV feeds ParseWAV arbitrary files: it must never panic, and what
// it accepts must be a recording Kaiwa can use.
//
//	go test -run '^$' -fuzz FuzzParseWAV -fuzztime 15s ./backend/voice
func FuzzParseWAV(f *testing.F) {
	f.Add(voice.EncodeWAV([]int16{1, -1, 32767, -32768}, 16000))
	f.Add(voice.EncodeWAV(nil, 8000))
	f.Add(wavFile(1, 2, 44100, 16, []int16{1, 2, 3, 4, 5}, nil)) // a partial last frame
	f.Add(wavFile(1, 1, 48000, 16, []int16{9}, []byte("LIST\x03\x00\x00\x00abc\x00")))
	f.Add(wavFile(3, 1, 16000, 32, []int16{0, 0}, nil))
	f.Add(wavFile(1, 8, 192000, 16, make([]int16, 8), nil))
	streaming := voice.EncodeWAV([]int16{7, 8, 9}, 16000)
	binary.LittleEndian.PutUint32(streaming[40:], 0xFFFFFFFF)
	f.Add(streaming)
	ext := voice.EncodeWAV([]int16{5}, 16000)
	fmtExt := make([]byte, 40)
	copy(fmtExt, ext[20:36])
	binary.LittleEndian.PutUint16(fmtExt[0:], 0xFFFE)
	binary.LittleEndian.PutUint16(fmtExt[24:], 1)
	f.Add(slices.Concat(ext[:16], binary.LittleEndian.AppendUint32(nil, 40), fmtExt, ext[36:]))
	f.Add([]byte("RIFF\xff\xff\xff\xffWAVEfmt \xff\xff\xff\xff"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEdata\x00\x00\x00\x00"))

	sentinels := []error{voice.ErrNotWAV, voice.ErrWAVFormat, voice.ErrTruncated, voice.ErrTooLong}
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := voice.ParseWAV(b)
		if err != nil {
			if !slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) }) {
				t.Fatalf("error %v is none of ParseWAV's", err)
			}
			return
		}
		switch {
		case w.Channels < 1 || w.Channels > 8:
			t.Fatalf("%d channels", w.Channels)
		case w.SampleRate < 8000 || w.SampleRate > 192000:
			t.Fatalf("rate %d", w.SampleRate)
		case len(w.Samples)%w.Channels != 0:
			t.Fatalf("%d samples for %d channels", len(w.Samples), w.Channels)
		case 2*len(w.Samples) > len(b):
			t.Fatalf("%d samples from %d bytes", len(w.Samples), len(b))
		case w.Duration() > voice.MaxRecording:
			t.Fatalf("accepted %v", w.Duration())
		}
		// What was read can be written and read again unchanged.
		if w.Channels == 1 {
			again, err := voice.ParseWAV(voice.EncodeWAV(w.Samples, w.SampleRate))
			if err != nil || !slices.Equal(again.Samples, w.Samples) || again.SampleRate != w.SampleRate {
				t.Fatalf("round trip: %v", err)
			}
		}
		_ = voice.Level(voice.Resample16kMono(w.Samples, w.SampleRate, w.Channels))
	})
}

package voice_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"kaiwa/backend/voice"
)

// sine returns interleaved samples of a freq Hz tone at half scale, the same
// on every channel.
func sine(rate, channels int, freq, seconds float64) []int16 {
	n := int(float64(rate) * seconds)
	s := make([]int16, 0, n*channels)
	for i := range n {
		v := int16(16384 * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
		for range channels {
			s = append(s, v)
		}
	}
	return s
}

// sineWAV builds a WAV file of any shape, with the header fields ParseWAV reads.
func sineWAV(rate, channels int, freq, seconds float64) []byte {
	return wavFile(1, channels, rate, 16, sine(rate, channels, freq, seconds), nil)
}

// wavFile writes a WAV by hand, so tests can make ones EncodeWAV never would;
// extra chunks go between fmt and data.
func wavFile(format uint16, channels, rate, bits int, samples []int16, extra []byte) []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(4 + 24 + len(extra) + 8 + 2*len(samples)))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(format)
	le(uint16(channels))
	le(uint32(rate))
	le(uint32(rate * channels * bits / 8))
	le(uint16(channels * bits / 8))
	le(uint16(bits))
	b.Write(extra)
	b.WriteString("data")
	le(uint32(2 * len(samples)))
	le(samples)
	return b.Bytes()
}

func TestEncodeWAVHeader(t *testing.T) {
	got := voice.EncodeWAV([]int16{1, -2, 0x7FFF}, 16000)
	want := []byte{
		'R', 'I', 'F', 'F', 42, 0, 0, 0, 'W', 'A', 'V', 'E',
		'f', 'm', 't', ' ', 16, 0, 0, 0,
		1, 0, // PCM
		1, 0, // mono
		0x80, 0x3E, 0, 0, // 16000 Hz
		0x00, 0x7D, 0, 0, // 32000 bytes/s
		2, 0, // block align
		16, 0, // bits
		'd', 'a', 't', 'a', 6, 0, 0, 0,
		1, 0, 0xFE, 0xFF, 0xFF, 0x7F,
	}
	if !bytes.Equal(got, want) {
		t.Errorf("EncodeWAV =\n% x\nwant\n% x", got, want)
	}
}

func TestWAVRoundTrip(t *testing.T) {
	samples := sine(22050, 1, 300, 0.25)
	samples = append(samples, math.MinInt16, math.MaxInt16, 0)
	w, err := voice.ParseWAV(voice.EncodeWAV(samples, 22050))
	if err != nil {
		t.Fatal(err)
	}
	if w.SampleRate != 22050 || w.Channels != 1 || !slices.Equal(w.Samples, samples) {
		t.Errorf("got %d Hz × %d, %d samples", w.SampleRate, w.Channels, len(w.Samples))
	}
	if w.Frames() != len(samples) || w.Duration() != time.Duration(len(samples))*time.Second/22050 {
		t.Errorf("frames %d duration %v", w.Frames(), w.Duration())
	}
}

func TestParseWAVStereoWithExtraChunks(t *testing.T) {
	samples := []int16{1, 2, 3, 4, 5, 6}
	// An odd-sized LIST chunk and its pad byte must be skipped.
	extra := []byte{'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0}
	w, err := voice.ParseWAV(wavFile(1, 2, 44100, 16, samples, extra))
	if err != nil {
		t.Fatal(err)
	}
	if w.Channels != 2 || w.SampleRate != 44100 || w.Frames() != 3 || !slices.Equal(w.Samples, samples) {
		t.Errorf("got %+v", w)
	}
}

func TestParseWAVStreamingSize(t *testing.T) {
	b := voice.EncodeWAV([]int16{7, 8, 9}, 16000)
	binary.LittleEndian.PutUint32(b[40:], 0xFFFFFFFF)
	w, err := voice.ParseWAV(b)
	if err != nil || !slices.Equal(w.Samples, []int16{7, 8, 9}) {
		t.Errorf("got %v, %v", w.Samples, err)
	}
}

func TestParseWAVExtensible(t *testing.T) {
	b := voice.EncodeWAV([]int16{5}, 16000)
	// Grow fmt to the 40-byte WAVE_FORMAT_EXTENSIBLE form with PCM as the sub-format.
	ext := make([]byte, 40)
	copy(ext, b[20:36])
	binary.LittleEndian.PutUint16(ext[0:], 0xFFFE)
	binary.LittleEndian.PutUint16(ext[16:], 22)
	binary.LittleEndian.PutUint16(ext[24:], 1)
	var out []byte
	out = append(out, b[:16]...)
	out = binary.LittleEndian.AppendUint32(out, 40)
	out = append(out, ext...)
	out = append(out, b[36:]...)
	w, err := voice.ParseWAV(out)
	if err != nil || !slices.Equal(w.Samples, []int16{5}) {
		t.Errorf("got %v, %v", w.Samples, err)
	}
}

func TestParseWAVErrors(t *testing.T) {
	good := voice.EncodeWAV(sine(16000, 1, 440, 0.1), 16000)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"nil", nil, voice.ErrNotWAV},
		{"mp3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00 not a wav at all"), voice.ErrNotWAV},
		{"RIFF but AVI", append([]byte("RIFF\x00\x00\x00\x00AVI "), make([]byte, 40)...), voice.ErrNotWAV},
		{"header only", good[:12], voice.ErrNotWAV},
		{"8-bit", wavFile(1, 1, 16000, 8, []int16{0}, nil), voice.ErrWAVFormat},
		{"float", wavFile(3, 1, 16000, 32, []int16{0, 0}, nil), voice.ErrWAVFormat},
		{"A-law", wavFile(6, 1, 8000, 16, []int16{0}, nil), voice.ErrWAVFormat},
		{"no channels", wavFile(1, 0, 16000, 16, nil, nil), voice.ErrWAVFormat},
		{"absurd rate", wavFile(1, 1, 1000, 16, []int16{0}, nil), voice.ErrWAVFormat},
		{"no data chunk", good[:36], voice.ErrTruncated},
		{"data cut short", good[:len(good)-10], voice.ErrTruncated},
		{"66 s", voice.EncodeWAV(make([]int16, 66*8000), 8000), voice.ErrTooLong},
		{"66 s stereo", wavFile(1, 2, 8000, 16, make([]int16, 2*66*8000), nil), voice.ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := voice.ParseWAV(tt.b)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	// Exactly the limit is fine.
	if _, err := voice.ParseWAV(voice.EncodeWAV(make([]int16, 60*8000), 8000)); err != nil {
		t.Errorf("60 s: %v", err)
	}
}

// zeroCrossings estimates a tone's frequency from how often it changes sign.
func zeroCrossings(s []int16, rate int) float64 {
	n := 0
	for i := 1; i < len(s); i++ {
		if (s[i-1] < 0) != (s[i] < 0) {
			n++
		}
	}
	return float64(n) / 2 / (float64(len(s)) / float64(rate))
}

func TestResample16kMono(t *testing.T) {
	tests := []struct {
		rate, channels int
	}{{48000, 2}, {44100, 2}, {44100, 1}, {16000, 1}, {8000, 1}, {22050, 6}}
	for _, tt := range tests {
		in := sine(tt.rate, tt.channels, 440, 1)
		out := voice.Resample16kMono(in, tt.rate, tt.channels)
		if len(out) != 16000 {
			t.Errorf("%d Hz × %d: %d samples, want 16000", tt.rate, tt.channels, len(out))
		}
		if f := zeroCrossings(out, 16000); math.Abs(f-440) > 5 {
			t.Errorf("%d Hz × %d: tone at %.1f Hz, want 440", tt.rate, tt.channels, f)
		}
		// The level survives too (a half-scale sine has RMS 0.354).
		if l := voice.Level(out); math.Abs(l-0.354) > 0.02 {
			t.Errorf("%d Hz × %d: level %.3f", tt.rate, tt.channels, l)
		}
	}
	// Opposite channels cancel out when mixed down.
	lr := []int16{1000, -1000, 2000, -2000, 3000, -3000}
	if out := voice.Resample16kMono(lr, 16000, 2); !slices.Equal(out, []int16{0, 0, 0}) {
		t.Errorf("mixdown %v", out)
	}
	if out := voice.Resample16kMono(nil, 48000, 2); len(out) != 0 {
		t.Errorf("empty input gave %d samples", len(out))
	}
}

func TestLevel(t *testing.T) {
	tests := []struct {
		name   string
		s      []int16
		lo, hi float64
	}{
		{"none", nil, 0, 0},
		{"digital silence", make([]int16, 1000), 0, 0},
		{"hiss", noise(1000, 30), 0, voice.SilenceLevel},
		{"speech-like tone", sine(16000, 1, 200, 0.1), 0.34, 0.37},
		{"full scale square", []int16{math.MinInt16, math.MinInt16}, 1, 1},
		{"max positive", []int16{math.MaxInt16}, 0.9999, 1},
	}
	for _, tt := range tests {
		if l := voice.Level(tt.s); l < tt.lo || l > tt.hi {
			t.Errorf("%s: level %v, want %v..%v", tt.name, l, tt.lo, tt.hi)
		}
	}
}

// noise is a deterministic ±amp pattern.
func noise(n int, amp int16) []int16 {
	s := make([]int16, n)
	x := uint32(1)
	for i := range s {
		x = x*1664525 + 1013904223
		s[i] = int16(int32(x>>16)%int32(2*amp+1)) - amp
	}
	return s
}

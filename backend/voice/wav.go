package voice

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
)

// MaxRecording is the longest answer ParseWAV accepts: push-to-talk stops
// at a minute, and the microphone's buffers may add a little to that.
const MaxRecording = 65 * time.Second

// SilenceLevel is a Level below which a recording is as good as silent
// (about -40 dBFS): a muted or missing microphone, not a quiet speaker.
const SilenceLevel = 0.01

// Errors from ParseWAV, for errors.Is; the returned errors add details.
var (
	ErrNotWAV         = errors.New("voice: not a WAV file")
	ErrWAVFormat      = errors.New("voice: unsupported WAV format (want 16-bit PCM)")
	ErrTruncated      = errors.New("voice: WAV data is truncated")
	ErrTooLong        = errors.New("voice: recording is too long")
	ErrEmptyRecording = errors.New("voice: recording is empty")
)

// WAV is a decoded 16-bit PCM recording.
type WAV struct {
	Channels   int
	SampleRate int
	// Samples are interleaved by channel: L R L R ... for stereo.
	Samples []int16
}

// Frames is the number of samples per channel.
func (w WAV) Frames() int {
	if w.Channels <= 0 {
		return 0
	}
	return len(w.Samples) / w.Channels
}

// Duration is how long the recording plays.
func (w WAV) Duration() time.Duration {
	if w.SampleRate <= 0 {
		return 0
	}
	return time.Duration(w.Frames()) * time.Second / time.Duration(w.SampleRate)
}

const (
	formatPCM        = 1
	formatExtensible = 0xFFFE
)

// ParseWAV reads a RIFF/WAVE file holding 16-bit PCM, skipping chunks it does
// not need (LIST, fact...). It rejects anything longer than MaxRecording
// before decoding it.
func ParseWAV(b []byte) (WAV, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return WAV{}, fmt.Errorf("%w (no RIFF/WAVE header)", ErrNotWAV)
	}
	var w WAV
	var blockAlign int
	sawFmt := false
	for p := 12; ; {
		if len(b)-p < 8 {
			if !sawFmt {
				return WAV{}, fmt.Errorf("%w (no fmt chunk)", ErrNotWAV)
			}
			return WAV{}, fmt.Errorf("%w (no data chunk)", ErrTruncated)
		}
		id := string(b[p : p+4])
		size := int64(binary.LittleEndian.Uint32(b[p+4:]))
		body := b[p+8:]
		switch id {
		case "fmt ":
			if size < 16 || int64(len(body)) < size {
				return WAV{}, fmt.Errorf("%w (fmt chunk of %d bytes)", ErrNotWAV, size)
			}
			format := binary.LittleEndian.Uint16(body)
			w.Channels = int(binary.LittleEndian.Uint16(body[2:]))
			w.SampleRate = int(binary.LittleEndian.Uint32(body[4:]))
			blockAlign = int(binary.LittleEndian.Uint16(body[12:]))
			bits := binary.LittleEndian.Uint16(body[14:])
			if format == formatExtensible && size >= 40 {
				// The real format is the first two bytes of the sub-format GUID.
				format = binary.LittleEndian.Uint16(body[24:])
			}
			switch {
			case format != formatPCM:
				return WAV{}, fmt.Errorf("%w: format tag %#x", ErrWAVFormat, format)
			case bits != 16:
				return WAV{}, fmt.Errorf("%w: %d-bit samples", ErrWAVFormat, bits)
			case w.Channels < 1 || w.Channels > 8:
				return WAV{}, fmt.Errorf("%w: %d channels", ErrWAVFormat, w.Channels)
			case w.SampleRate < 8000 || w.SampleRate > 192000:
				return WAV{}, fmt.Errorf("%w: sample rate %d Hz", ErrWAVFormat, w.SampleRate)
			case blockAlign != 2*w.Channels:
				return WAV{}, fmt.Errorf("%w: block align %d for %d channels", ErrWAVFormat, blockAlign, w.Channels)
			}
			sawFmt = true
		case "data":
			if !sawFmt {
				return WAV{}, fmt.Errorf("%w (data before fmt)", ErrNotWAV)
			}
			// Recorders that stream write 0xFFFFFFFF and never come back to
			// fix it: the data then runs to the end of the file.
			if size == 0xFFFFFFFF {
				size = int64(len(body))
			}
			if int64(len(body)) < size {
				return WAV{}, fmt.Errorf("%w: %d of %d bytes", ErrTruncated, len(body), size)
			}
			frames := size / int64(blockAlign)
			if frames > int64(MaxRecording.Seconds())*int64(w.SampleRate) {
				return WAV{}, fmt.Errorf("%w: %.1f s, at most %v", ErrTooLong, float64(frames)/float64(w.SampleRate), MaxRecording)
			}
			// A partial last frame is dropped rather than misaligning channels.
			w.Samples = make([]int16, frames*int64(w.Channels))
			for i := range w.Samples {
				w.Samples[i] = int16(binary.LittleEndian.Uint16(body[2*i:]))
			}
			return w, nil
		}
		// Chunks are padded to an even length.
		next := int64(p) + 8 + size + size&1
		if next > int64(len(b)) {
			next = int64(len(b))
		}
		p = int(next)
	}
}

// EncodeWAV writes mono 16-bit PCM samples as a canonical 44-byte-header WAV.
func EncodeWAV(samples []int16, rate int) []byte {
	const header = 44
	n := 2 * len(samples)
	b := make([]byte, header+n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], formatPCM)
	binary.LittleEndian.PutUint16(b[22:], 1) // channels
	binary.LittleEndian.PutUint32(b[24:], uint32(rate))
	binary.LittleEndian.PutUint32(b[28:], uint32(2*rate)) // byte rate
	binary.LittleEndian.PutUint16(b[32:], 2)              // block align
	binary.LittleEndian.PutUint16(b[34:], 16)             // bits per sample
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(n))
	for i, s := range samples {
		binary.LittleEndian.PutUint16(b[header+2*i:], uint16(s))
	}
	return b
}

// Resample16kMono mixes interleaved PCM16 down to mono and converts it to
// 16 kHz, the rate speech recognizers work at. Downsampling averages the
// input samples each output sample spans (a crude low-pass that keeps most
// aliasing out); upsampling interpolates linearly.
func Resample16kMono(samples []int16, rate, channels int) []int16 {
	const out = 16000
	if channels < 1 || rate <= 0 {
		return nil
	}
	mono := make([]float64, len(samples)/channels)
	for i := range mono {
		var sum float64
		for ch := range channels {
			sum += float64(samples[i*channels+ch])
		}
		mono[i] = sum / float64(channels)
	}
	n := int(int64(len(mono)) * out / int64(rate))
	res := make([]int16, n)
	step := float64(rate) / out
	for i := range res {
		var v float64
		if step > 1 {
			lo, hi := int(float64(i)*step), int(float64(i+1)*step)
			hi = min(max(hi, lo+1), len(mono))
			for _, s := range mono[lo:hi] {
				v += s
			}
			v /= float64(hi - lo)
		} else {
			x := float64(i) * step
			j := int(x)
			v = mono[j]
			if j+1 < len(mono) {
				v += (mono[j+1] - mono[j]) * (x - float64(j))
			}
		}
		res[i] = int16(max(math.MinInt16, min(math.MaxInt16, math.Round(v))))
	}
	return res
}

// Level is the RMS loudness of samples from 0 (silence) to 1 (full scale):
// compare it with SilenceLevel to tell a working microphone from a dead one.
func Level(samples []int16) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, s := range samples {
		f := float64(s) / 32768
		sum += f * f
	}
	return min(1, math.Sqrt(sum/float64(len(samples))))
}

package voice_test

import (
	"bytes"
	"fmt"
	"testing"

	"kaiwa/backend/voice"
)

// BenchmarkCacheHit measures replaying a cached reply: a Get of a 30 KB
// entry (about two seconds of mp3) from a cache holding 200 of them.
func BenchmarkCacheHit(b *testing.B) {
	c := openCache(b, b.TempDir(), 64<<20)
	audio := bytes.Repeat([]byte{0xAA}, 30<<10)
	for i := range 200 {
		mustPut(b, c, key(fmt.Sprint(i)), audio, "mp3")
	}
	k := key("100")
	b.SetBytes(int64(len(audio)))
	for b.Loop() {
		if _, _, ok := c.Get(k); !ok {
			b.Fatal("miss")
		}
	}
}

// BenchmarkResample48kStereo converts a ten-second 48 kHz stereo capture.
func BenchmarkResample48kStereo(b *testing.B) {
	in := sine(48000, 2, 440, 10)
	for b.Loop() {
		voice.Resample16kMono(in, 48000, 2)
	}
}

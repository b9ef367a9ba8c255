package endpointtest

import (
	"encoding/binary"
	"testing"
)

// The reference check value of CRC-32 with Ogg's parameters.
func TestOggCRC(t *testing.T) {
	if got := oggCRC([]byte("123456789")); got != 0x89A1897F {
		t.Errorf("oggCRC = %#x, want 0x89a1897f", got)
	}
}

func TestSilentOpusPages(t *testing.T) {
	b := silentOpus
	var pages int
	for len(b) > 0 {
		if string(b[:4]) != "OggS" {
			t.Fatalf("page %d does not start with OggS", pages)
		}
		n := int(b[26])
		size := 27 + n
		for _, l := range b[27 : 27+n] {
			size += int(l)
		}
		page := append([]byte(nil), b[:size]...)
		want := binary.LittleEndian.Uint32(page[22:])
		clear(page[22:26])
		if got := oggCRC(page); got != want {
			t.Errorf("page %d CRC %#x, stored %#x", pages, got, want)
		}
		b = b[size:]
		pages++
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
}

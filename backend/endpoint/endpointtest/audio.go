package endpointtest

import (
	"encoding/binary"
	"slices"
)

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

	vendor := "kaiwa endpointtest"
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

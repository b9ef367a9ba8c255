package voice

import (
	"testing"

	"kaiwa/backend/llm"
)

func TestSniffExt(t *testing.T) {
	tests := []struct {
		b     string
		asked Format
		want  string
	}{
		{"ID3\x04", FormatOpus, "mp3"},
		{"\xff\xfb\x90\xc0", FormatOpus, "mp3"},
		{"\xff\xf3\x64\xc4", FormatOpus, "mp3"}, // MPEG-2 layer III
		{"OggS\x00\x02", FormatMP3, "ogg"},
		{"RIFF\x24\x00\x00\x00WAVEfmt ", FormatMP3, "wav"},
		{"fLaC", FormatMP3, "flac"},
		{"\xff\xf1\x50\x80", FormatMP3, "aac"},
		{"????", FormatOpus, "ogg"},
		{"????", FormatMP3, "mp3"},
	}
	for _, tt := range tests {
		if got := sniffExt([]byte(tt.b), tt.asked); got != tt.want {
			t.Errorf("sniffExt(%q) = %s, want %s", tt.b, got, tt.want)
		}
	}
}

func TestCleanCutsAfterRemovingTheKey(t *testing.T) {
	key := "sk-0123456789abcdef"
	c := New(Config{APIKey: key}, nil)
	long := make([]byte, llm.MaxDetail-5)
	for i := range long {
		long[i] = 'x'
	}
	// The key straddles the cut: removing it first leaves no fragment.
	got := c.clean(string(long) + key + " tail")
	if len([]rune(got)) > llm.MaxDetail {
		t.Errorf("detail %d runes", len([]rune(got)))
	}
	for i := 4; i <= len(key); i++ {
		if contains(got, key[:i]) {
			t.Fatalf("detail %q holds %q", got, key[:i])
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

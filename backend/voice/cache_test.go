package voice_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kaiwa/backend/endpoint"
	"kaiwa/backend/voice"
)

func key(text string) string {
	return voice.CacheKey("http://localhost:8000/v1", endpoint.SpeechRequest{Model: "kokoro", Voice: "ef_dora", Text: text})
}

func openCache(t testing.TB, dir string, max int64) *voice.Cache {
	t.Helper()
	c, err := voice.OpenCache(dir, max)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustPut(t testing.TB, c *voice.Cache, k string, data []byte, ext string) {
	t.Helper()
	if err := c.Put(k, data, ext); err != nil {
		t.Fatal(err)
	}
}

func TestCacheKey(t *testing.T) {
	base := endpoint.SpeechRequest{Model: "tts-1", Voice: "nova", Text: "Hola", Format: endpoint.FormatMP3, Speed: 1}
	k := voice.CacheKey("https://api.openai.com/v1", base)
	if len(k) != 64 || strings.Trim(k, "0123456789abcdef") != "" {
		t.Fatalf("key %q is not hex sha256", k)
	}
	same := map[string]string{
		"empty base URL means OpenAI": voice.CacheKey("", base),
		"path and slash do not count": voice.CacheKey("https://API.openai.com/", base),
		"defaults":                    voice.CacheKey("https://api.openai.com/v1", endpoint.SpeechRequest{Model: "tts-1", Voice: "nova", Text: " Hola\n"}),
	}
	for name, got := range same {
		if got != k {
			t.Errorf("%s: key differs", name)
		}
	}
	differ := map[string]endpoint.SpeechRequest{
		"model":               {Model: "tts-1-hd", Voice: "nova", Text: "Hola"},
		"voice":               {Model: "tts-1", Voice: "alloy", Text: "Hola"},
		"format":              {Model: "tts-1", Voice: "nova", Text: "Hola", Format: endpoint.FormatOpus},
		"speed":               {Model: "tts-1", Voice: "nova", Text: "Hola", Speed: 0.8},
		"text":                {Model: "tts-1", Voice: "nova", Text: "Hola."},
		"fields run together": {Model: "tts-1n", Voice: "ova", Text: "Hola"},
	}
	for name, r := range differ {
		if voice.CacheKey("https://api.openai.com/v1", r) == k {
			t.Errorf("%s: same key", name)
		}
	}
	if voice.CacheKey("http://localhost:8880/v1", base) == k {
		t.Error("host: same key")
	}
	// Keys made by earlier versions still find their audio.
	old := endpoint.SpeechRequest{Model: "kokoro", Voice: "ef_dora", Text: " Hola ", Speed: 0.8}
	if got := voice.CacheKey("http://localhost:8000/v1", old); got != "77cd3ed3017115c2657eb6f424f35080c39bf0271b2513a593c7b54ac895aa42" {
		t.Errorf("key changed: %s", got)
	}
}

func TestCacheHitAndMiss(t *testing.T) {
	dir := t.TempDir()
	c := openCache(t, dir, 1<<20)
	if _, _, ok := c.Get(key("Hola")); ok {
		t.Fatal("hit in an empty cache")
	}
	mp3 := []byte("ID3 fake mp3")
	mustPut(t, c, key("Hola"), mp3, "mp3")
	data, ext, ok := c.Get(key("Hola"))
	if !ok || ext != "mp3" || !bytes.Equal(data, mp3) {
		t.Fatalf("got %q .%s %v", data, ext, ok)
	}
	if _, _, ok := c.Get(key("Adiós")); ok {
		t.Error("hit for another key")
	}
	// Replacing under another extension leaves one file.
	mustPut(t, c, key("Hola"), []byte("OggS fake"), "ogg")
	if data, ext, _ := c.Get(key("Hola")); ext != "ogg" || string(data) != "OggS fake" {
		t.Errorf("after replace got %q .%s", data, ext)
	}
	files, _ := filepath.Glob(filepath.Join(dir, key("Hola")+".*"))
	if len(files) != 1 || c.Size() != int64(len("OggS fake")) {
		t.Errorf("files %v, size %d", files, c.Size())
	}
	// A reopened cache finds what was stored.
	if data, ext, ok := openCache(t, dir, 1<<20).Get(key("Hola")); !ok || ext != "ogg" || string(data) != "OggS fake" {
		t.Errorf("after reopen got %q .%s %v", data, ext, ok)
	}
}

func TestCacheRejectsBadNames(t *testing.T) {
	c := openCache(t, t.TempDir(), 1<<20)
	for _, k := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), key("x") + "/"} {
		if err := c.Put(k, []byte("x"), "mp3"); err == nil {
			t.Errorf("Put accepted key %q", k)
		}
		if _, _, ok := c.Get(k); ok {
			t.Errorf("Get hit for key %q", k)
		}
	}
	for _, ext := range []string{"", "mp3/..", ".mp3", "MP3", "toolong"} {
		if err := c.Put(key("x"), []byte("x"), ext); err == nil {
			t.Errorf("Put accepted extension %q", ext)
		}
	}
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := openCache(t, t.TempDir(), 350)
	blob := bytes.Repeat([]byte{1}, 100)
	for _, s := range []string{"a", "b", "c"} {
		mustPut(t, c, key(s), blob, "mp3")
	}
	c.Get(key("a")) // now b is the least recently used
	mustPut(t, c, key("d"), blob, "mp3")
	for s, want := range map[string]bool{"a": true, "b": false, "c": true, "d": true} {
		if _, _, ok := c.Get(key(s)); ok != want {
			t.Errorf("%s cached = %v, want %v", s, ok, want)
		}
	}
	if c.Size() != 300 {
		t.Errorf("size %d, want 300", c.Size())
	}
	// Audio bigger than the whole cap is not kept, and evicts nothing.
	mustPut(t, c, key("huge"), bytes.Repeat([]byte{1}, 351), "mp3")
	if _, _, ok := c.Get(key("huge")); ok || c.Size() != 300 {
		t.Errorf("huge cached = %v, size %d", ok, c.Size())
	}
}

// Recency survives a restart through file mtimes, and a smaller cap applies
// at once.
func TestCacheEvictsByMtimeOnOpen(t *testing.T) {
	dir := t.TempDir()
	c := openCache(t, dir, 1000)
	old := time.Now().Add(-time.Hour)
	for i, s := range []string{"new", "oldest", "middle"} {
		mustPut(t, c, key(s), bytes.Repeat([]byte{1}, 100), "mp3")
		at := old.Add(time.Duration([]int{30, 0, 10}[i]) * time.Minute)
		os.Chtimes(filepath.Join(dir, key(s)+".mp3"), at, at)
	}
	c = openCache(t, dir, 250)
	for s, want := range map[string]bool{"oldest": false, "middle": true, "new": true} {
		if _, _, ok := c.Get(key(s)); ok != want {
			t.Errorf("%s cached = %v, want %v", s, ok, want)
		}
	}
	// Get touched the file, so its recency survives the next restart.
	before, _ := os.Stat(filepath.Join(dir, key("middle")+".mp3"))
	if time.Since(before.ModTime()) > time.Minute {
		t.Errorf("Get left mtime at %v", before.ModTime())
	}
}

// A crash mid-Put leaves a temporary file; it must never be served, and a
// reopened cache removes it.
func TestCacheNeverServesPartialFiles(t *testing.T) {
	dir := t.TempDir()
	c := openCache(t, dir, 1<<20)
	partial := filepath.Join(dir, ".tmp-123456")
	os.WriteFile(partial, []byte("ID3 half an mp3"), 0o600)
	if _, _, ok := c.Get(key("Hola")); ok {
		t.Error("served a file that was never put")
	}
	// An empty file under a final name (a crash on a file system that lost
	// the data) is ignored too.
	os.WriteFile(filepath.Join(dir, key("Hola")+".mp3"), nil, 0o600)
	c = openCache(t, dir, 1<<20)
	if _, _, ok := c.Get(key("Hola")); ok {
		t.Error("served an empty file")
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
	// A file deleted behind the cache's back is a miss, not an error.
	mustPut(t, c, key("Adiós"), []byte("OggS"), "ogg")
	os.Remove(filepath.Join(dir, key("Adiós")+".ogg"))
	if _, _, ok := c.Get(key("Adiós")); ok || c.Size() != 0 {
		t.Errorf("hit %v after delete, size %d", ok, c.Size())
	}
}

// Readers racing writers and eviction see either a whole entry or a miss.
func TestCacheConcurrentUse(t *testing.T) {
	c := openCache(t, t.TempDir(), 20_000)
	payload := func(k, v int) []byte { return bytes.Repeat([]byte(fmt.Sprintf("<%d:%d>", k, v)), 300) }
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				k := (g + i) % 12
				if i%3 == 0 {
					if err := c.Put(key(fmt.Sprint(k)), payload(k, g), "mp3"); err != nil {
						t.Error(err)
					}
					continue
				}
				data, _, ok := c.Get(key(fmt.Sprint(k)))
				if !ok {
					continue
				}
				whole := false
				for v := range 8 {
					whole = whole || bytes.Equal(data, payload(k, v))
				}
				if !whole {
					t.Errorf("key %d: got %d bytes that are no whole entry", k, len(data))
				}
			}
		})
	}
	wg.Wait()
	if s := c.Size(); s > 20_000 {
		t.Errorf("size %d over the cap", s)
	}
}

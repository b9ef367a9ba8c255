// Package voice gives Kaiwa's conversation partner a voice and ears: the
// partner's lines spoken by the endpoint (kaiwa/backend/endpoint) and kept in
// an on-disk cache so each is synthesized once, the learner's recordings
// checked and turned into text, and the small WAV toolkit the recorder needs.
package voice

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"kaiwa/backend/endpoint"
)

// tempPrefix marks files a Put is still writing (or a crash left behind).
// Get never serves them: only names in the index are read, and a name enters
// the index only after its complete file was renamed into place.
const tempPrefix = ".tmp-"

// CacheKey identifies the audio Speak would return for r at baseURL: the
// same text with the same provider, model, voice, format and speed sounds the
// same, so it is synthesized once. Only the host of baseURL counts, so a
// trailing slash or /v1 spelling does not split the cache.
func CacheKey(baseURL string, r endpoint.SpeechRequest) string {
	r = r.Normalized()
	// A JSON array keeps fields apart: ("ab","c") and ("a","bc") differ.
	b, _ := json.Marshal([]string{endpoint.Host(baseURL), r.Model, r.Voice, string(r.Format),
		strconv.FormatFloat(r.Speed, 'g', -1, 64), r.Text})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Cache keeps synthesized audio in one directory, one file per key named
// <key>.<ext>, and evicts the least recently used files once their total
// size passes a cap. File mtimes carry recency across restarts. It is safe
// for concurrent use; one Cache should own its directory.
type Cache struct {
	dir      string
	maxBytes int64

	mu    sync.Mutex
	index map[string]*entry
	size  int64  // sum of indexed entry sizes
	clock uint64 // orders uses within this run; mtimes order older ones
}

type entry struct {
	ext  string
	size int64
	used uint64
}

// OpenCache opens (creating it if needed) a cache in dir holding at most
// maxBytes of audio. Leftover temporary files from an interrupted Put are
// deleted.
func OpenCache(dir string, maxBytes int64) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type found struct {
		key string
		e   *entry
		mod time.Time
	}
	var files []found
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, tempPrefix) {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		key, ext, ok := strings.Cut(name, ".")
		if !ok || !validKey(key) || !validExt(ext) || !de.Type().IsRegular() {
			continue
		}
		info, err := de.Info()
		if err != nil || info.Size() == 0 {
			continue
		}
		files = append(files, found{key, &entry{ext: ext, size: info.Size()}, info.ModTime()})
	}
	slices.SortFunc(files, func(a, b found) int { return a.mod.Compare(b.mod) })
	c := &Cache{dir: dir, maxBytes: maxBytes, index: make(map[string]*entry, len(files))}
	for _, f := range files {
		if old := c.index[f.key]; old != nil {
			// The same key under two extensions: keep the newer.
			c.size -= old.size
			os.Remove(c.path(f.key, old.ext))
		}
		c.clock++
		f.e.used = c.clock
		c.index[f.key] = f.e
		c.size += f.e.size
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evictLocked()
	return c, nil
}

// Get returns the audio stored under key and its extension (see MIMEType),
// marking it recently used; ok is false on a miss.
func (c *Cache) Get(key string) (data []byte, ext string, ok bool) {
	c.mu.Lock()
	e := c.index[key]
	if e == nil {
		c.mu.Unlock()
		return nil, "", false
	}
	c.clock++
	e.used = c.clock
	ext = e.ext
	c.mu.Unlock()

	p := c.path(key, ext)
	data, err := os.ReadFile(p)
	if err != nil || len(data) == 0 {
		c.mu.Lock()
		// Removed behind our back; forget it unless a Put replaced it meanwhile.
		if cur := c.index[key]; cur == e {
			delete(c.index, key)
			c.size -= e.size
		}
		c.mu.Unlock()
		return nil, "", false
	}
	now := time.Now()
	os.Chtimes(p, now, now) // best effort: only the order after a restart depends on it
	return data, ext, true
}

// Put stores data under key (from CacheKey) with extension ext ("mp3",
// "ogg"), replacing what was there, then evicts least recently used entries
// until the total is within the cap. Audio larger than the whole cap is not
// stored. Readers never see a partial file: it is written aside and renamed
// into place.
func (c *Cache) Put(key string, data []byte, ext string) error {
	if !validKey(key) {
		return fmt.Errorf("voice: invalid cache key %q", key)
	}
	if !validExt(ext) {
		return fmt.Errorf("voice: invalid cache extension %q", ext)
	}
	if len(data) == 0 || int64(len(data)) > c.maxBytes {
		return nil
	}
	tmp, err := os.CreateTemp(c.dir, tempPrefix+"*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		// Without this a crash soon after the rename can leave an empty file
		// under the final name on some file systems.
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.Rename(tmp.Name(), c.path(key, ext)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if old := c.index[key]; old != nil {
		c.size -= old.size
		if old.ext != ext {
			os.Remove(c.path(key, old.ext))
		}
	}
	c.clock++
	c.index[key] = &entry{ext: ext, size: int64(len(data)), used: c.clock}
	c.size += int64(len(data))
	c.evictLocked()
	return nil
}

// Size is the total bytes of audio held.
func (c *Cache) Size() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

func (c *Cache) evictLocked() {
	if c.size <= c.maxBytes {
		return
	}
	keys := make([]string, 0, len(c.index))
	for k := range c.index {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(c.index[a].used, c.index[b].used) })
	for _, k := range keys {
		if c.size <= c.maxBytes {
			return
		}
		e := c.index[k]
		if err := os.Remove(c.path(k, e.ext)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue // still on disk; try the next one
		}
		delete(c.index, k)
		c.size -= e.size
	}
}

func (c *Cache) path(key, ext string) string { return filepath.Join(c.dir, key+"."+ext) }

// validKey accepts only CacheKey's output, so a key can never name a path
// outside the directory.
func validKey(k string) bool {
	if len(k) != 2*sha256.Size {
		return false
	}
	for _, r := range k {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

func validExt(ext string) bool {
	if ext == "" || len(ext) > 5 {
		return false
	}
	for _, r := range ext {
		if (r < '0' || r > '9') && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

package data

import (
	"archive/zip"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver for the package's collection

	"kaiwa/backend/store"
)

// The learner's vocabulary as an Anki package (.apkg) and as CSV. The package
// is Anki's legacy format: a zip of the collection (an SQLite database in
// schema 11, "collection.anki2"), the media files named 0, 1, 2… and the
// "media" JSON map from those names to the files' real names. Every Anki
// since 2.1 imports it.

var (
	ankiFile = filter{"Anki deck", "*.apkg"}
	csvFile  = filter{"CSV", "*.csv"}
)

// AnkiFields are the fields of the "Kaiwa" note type, in order.
var AnkiFields = []string{"Word", "Reading", "Meaning", "Example", "Audio"}

// CSVHeader is the first row of the CSV export.
var CSVHeader = []string{"Word", "Reading", "Meaning", "Example"}

// The note type and deck keep their ids from one export to the next, so Anki
// files a re-import into the same ones.
const (
	ankiModelID = 1740460800001
	ankiDeckID  = 1740460800002
)

// ExportVocabularyAnki writes the learner's words as an Anki package where
// they choose ("" when they cancelled).
func (s *Service) ExportVocabularyAnki(ctx context.Context) (string, error) {
	words, err := s.words(ctx)
	if err != nil {
		return "", err
	}
	name := "kaiwa-vocabulary-" + s.Clock.Now().Format("2006-01-02") + ".apkg"
	return s.save(ctx, "Export vocabulary for Anki", name, ankiFile, func(p string) error {
		return WriteAnki(ctx, p, words, s.DataDir, s.Clock.Now())
	})
}

// ExportVocabularyCSV writes the learner's words as CSV where they choose
// ("" when they cancelled).
func (s *Service) ExportVocabularyCSV(ctx context.Context) (string, error) {
	words, err := s.words(ctx)
	if err != nil {
		return "", err
	}
	name := "kaiwa-vocabulary-" + s.Clock.Now().Format("2006-01-02") + ".csv"
	return s.save(ctx, "Export vocabulary as CSV", name, csvFile, func(p string) error {
		f, err := os.OpenFile(p, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		if err := WriteCSV(f, words); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

func (s *Service) words(ctx context.Context) ([]store.WordForExport, error) {
	learner, err := s.Learner(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.WordsForExport(ctx, learner.ID)
}

// WriteCSV writes the words with a Word,Reading,Meaning,Example header.
func WriteCSV(w io.Writer, words []store.WordForExport) error {
	out := csv.NewWriter(w)
	if err := out.Write(CSVHeader); err != nil {
		return err
	}
	for _, c := range words {
		if err := out.Write([]string{c.Word, c.Reading, c.Meaning, c.Example}); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

// WriteAnki writes the words as an Anki package at dest, with the audio of
// their lines from dataDir (a file that is gone is left out).
func WriteAnki(ctx context.Context, dest string, words []store.WordForExport, dataDir string, now time.Time) error {
	tmp, err := os.MkdirTemp("", "kaiwa-anki-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// Each line's audio once, however many words came from it.
	media := map[string]string{} // zip member → file name in Anki
	sounds := map[string]string{}
	var order []string
	for _, w := range words {
		if w.AudioRef == "" || sounds[w.AudioRef] != "" {
			continue
		}
		src := filepath.Join(dataDir, filepath.FromSlash(w.AudioRef))
		if _, err := os.Stat(src); err != nil {
			continue
		}
		sum := sha256.Sum256([]byte(w.AudioRef))
		sounds[w.AudioRef] = fmt.Sprintf("kaiwa-%x%s", sum[:8], path.Ext(w.AudioRef))
		order = append(order, w.AudioRef)
	}

	col := filepath.Join(tmp, "collection.anki2")
	if err := writeCollection(ctx, col, words, sounds, now); err != nil {
		return err
	}

	out, err := os.OpenFile(dest, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	err = addFile(zw, "collection.anki2", col, zip.Deflate)
	for i, ref := range order {
		if err != nil {
			break
		}
		member := strconv.Itoa(i)
		media[member] = sounds[ref]
		// Audio is compressed already.
		err = addFile(zw, member, filepath.Join(dataDir, filepath.FromSlash(ref)), zip.Store)
	}
	if err == nil {
		var m []byte
		m, err = json.Marshal(media)
		if err == nil {
			var mw io.Writer
			if mw, err = zw.Create("media"); err == nil {
				_, err = mw.Write(m)
			}
		}
	}
	err = errors.Join(err, zw.Close(), out.Close())
	if err != nil {
		os.Remove(dest)
	}
	return err
}

func addFile(zw *zip.Writer, name, src string, method uint16) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, in)
	return err
}

// ankiSchema is Anki's collection schema 11.
const ankiSchema = `
CREATE TABLE col (
	id integer primary key, crt integer not null, mod integer not null, scm integer not null,
	ver integer not null, dty integer not null, usn integer not null, ls integer not null,
	conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (
	id integer primary key, guid text not null, mid integer not null, mod integer not null,
	usn integer not null, tags text not null, flds text not null, sfld integer not null,
	csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (
	id integer primary key, nid integer not null, did integer not null, ord integer not null,
	mod integer not null, usn integer not null, type integer not null, queue integer not null,
	due integer not null, ivl integer not null, factor integer not null, reps integer not null,
	lapses integer not null, left integer not null, odue integer not null, odid integer not null,
	flags integer not null, data text not null);
CREATE TABLE revlog (
	id integer primary key, cid integer not null, usn integer not null, ease integer not null,
	ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
	type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`

func writeCollection(ctx context.Context, file string, words []store.WordForExport, sounds map[string]string, now time.Time) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(off)&_pragma=synchronous(off)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, ankiSchema); err != nil {
		return err
	}
	secs, ms := now.Unix(), now.UnixMilli()
	models, decks, dconf, conf := ankiCollectionJSON(secs)
	if _, err := db.ExecContext(ctx, `INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')`,
		secs-secs%86400, ms, ms, conf, models, decks, dconf); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	note, err := tx.PrepareContext(ctx, `INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')`)
	if err != nil {
		return err
	}
	card, err := tx.PrepareContext(ctx, `INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')`)
	if err != nil {
		return err
	}
	last := int64(0)
	for i, w := range words {
		// Ids are creation times in milliseconds, one apart when they meet.
		id := max(w.CreatedAt.UnixMilli(), last+1)
		last = id
		audio := ""
		if s := sounds[w.AudioRef]; s != "" {
			audio = "[sound:" + s + "]"
		}
		flds := strings.Join([]string{html.EscapeString(w.Word), html.EscapeString(w.Reading),
			html.EscapeString(w.Meaning), html.EscapeString(w.Example), audio}, "\x1f")
		tags := " kaiwa " + strings.ReplaceAll(w.Language, " ", "_") + " "
		if _, err := note.ExecContext(ctx, id, AnkiGUID(w.ID), ankiModelID, secs, tags, flds,
			html.EscapeString(w.Word), checksum(html.EscapeString(w.Word))); err != nil {
			return err
		}
		if _, err := card.ExecContext(ctx, id, id, ankiDeckID, secs, i+1); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// AnkiGUID is a card's note guid in Anki: the same for the same card in every
// export, so importing again updates the note instead of adding another.
func AnkiGUID(cardID string) string {
	sum := sha256.Sum256([]byte("kaiwa vocabulary " + cardID))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:12]
}

// checksum is Anki's csum: the first 8 hex digits of the sort field's SHA-1.
func checksum(field string) int64 {
	sum := sha1.Sum([]byte(field))
	return int64(binary.BigEndian.Uint32(sum[:4]))
}

func ankiCollectionJSON(secs int64) (models, decks, dconf, conf string) {
	flds := make([]map[string]any, len(AnkiFields))
	for i, name := range AnkiFields {
		flds[i] = map[string]any{"name": name, "ord": i, "sticky": false, "rtl": false,
			"font": "Arial", "size": 20, "media": []string{}}
	}
	model := map[string]any{
		"id": ankiModelID, "name": "Kaiwa", "type": 0, "mod": secs, "usn": -1, "sortf": 0,
		"did": ankiDeckID, "flds": flds, "tags": []string{}, "vers": []string{},
		"tmpls": []map[string]any{{
			"name": "Recognition", "ord": 0, "did": nil, "bqfmt": "", "bafmt": "",
			"qfmt": `<div class="word">{{Word}}</div>`,
			"afmt": `{{FrontSide}}<hr id="answer"><div class="reading">{{Reading}}</div>` +
				`<div class="meaning">{{Meaning}}</div><div class="example">{{Example}}</div>{{Audio}}`,
		}},
		"css": ".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n" +
			".word { font-size: 36px; }\n.example { color: #555; margin-top: 1em; }\n",
		"latexPre":  "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
		"latexPost": "\\end{document}",
		"req":       []any{[]any{0, "any", []int{0}}},
	}
	deck := func(id int64, name string) map[string]any {
		return map[string]any{"id": id, "name": name, "desc": "", "mod": secs, "usn": -1, "dyn": 0, "conf": 1,
			"collapsed": false, "browserCollapsed": false, "extendNew": 10, "extendRev": 50,
			"newToday": []int{0, 0}, "revToday": []int{0, 0}, "lrnToday": []int{0, 0}, "timeToday": []int{0, 0}}
	}
	options := map[string]any{
		"id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0,
		"replayq": true, "dyn": false,
		"new": map[string]any{"delays": []int{1, 10}, "ints": []int{1, 4, 7}, "initialFactor": 2500,
			"order": 1, "perDay": 20, "bury": true, "separate": true},
		"rev": map[string]any{"perDay": 200, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500,
			"minSpace": 1, "bury": true},
		"lapse": map[string]any{"delays": []int{10}, "mult": 0, "minInt": 1, "leechFails": 8, "leechAction": 0},
	}
	settings := map[string]any{"activeDecks": []int{1}, "curDeck": 1, "newSpread": 0, "collapseTime": 1200,
		"timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": nil, "nextPos": 1,
		"sortType": "noteFld", "sortBackwards": false, "addToCur": true}
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	return enc(map[string]any{strconv.Itoa(ankiModelID): model}),
		enc(map[string]any{"1": deck(1, "Default"), strconv.Itoa(ankiDeckID): deck(ankiDeckID, "Kaiwa")}),
		enc(map[string]any{"1": options}),
		enc(settings)
}

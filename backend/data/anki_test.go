package data_test

import (
	"archive/zip"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"kaiwa/backend/data"
	"kaiwa/backend/store"
)

// saveWords saves two words from the partner's line, whose audio is in the
// data folder, and one without a line.
func saveWords(t *testing.T, f fixture) string {
	t.Helper()
	ctx := context.Background()
	msgs, err := f.st.Messages(ctx, f.conv)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	f.svc.DataDir = dataDir
	ref := "audio/speech/line.mp3"
	if err := os.MkdirAll(filepath.Join(dataDir, "audio", "speech"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dataDir, filepath.FromSlash(ref)), []byte("ID3 not really audio"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetAudio(ctx, msgs[0].ID, ref); err != nil {
		t.Fatal(err)
	}
	for _, c := range []store.VocabularyCard{
		{ID: "w1", Word: "いらっしゃいませ", Normalized: "いらっしゃいませ", Meaning: "welcome, \"come in\"", Example: "いらっしゃいませ！", MessageID: msgs[0].ID},
		{ID: "w2", Word: "コーヒー", Normalized: "こーひー", Reading: "こーひー", Meaning: "coffee, black <strong>", Example: "line one\nline two", MessageID: msgs[0].ID},
		{ID: "w3", Word: "ください", Normalized: "ください", Meaning: "please"},
	} {
		c.UserID, c.Language, c.Due = f.learner.ID, "ja", time.Now()
		if _, err := f.st.SaveWord(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return ref
}

// openApkg unzips a package into a folder and returns its members' contents
// by name and the path of its collection.
func openApkg(t *testing.T, file string) (map[string][]byte, string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	defer zr.Close()
	members := map[string][]byte{}
	for _, m := range zr.File {
		r, err := m.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		members[m.Name] = b
	}
	col := filepath.Join(t.TempDir(), "collection.anki2")
	if err := os.WriteFile(col, members["collection.anki2"], 0o600); err != nil {
		t.Fatal(err)
	}
	return members, col
}

func TestVocabularyExportsAsAnAnkiPackage(t *testing.T) {
	f := setUp(t)
	saveWords(t, f)
	file, err := f.svc.ExportVocabularyAnki(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(file) != "kaiwa-vocabulary-2026-03-04.apkg" {
		t.Errorf("file %q", file)
	}
	members, col := openApkg(t, file)
	db, err := sql.Open("sqlite", "file:"+col+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	for _, table := range []string{"col", "notes", "cards", "revlog", "graves"} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: %d, %v", table, n, err)
		}
	}
	var ver int
	var models, decks string
	if err := db.QueryRow(`SELECT ver, models, decks FROM col`).Scan(&ver, &models, &decks); err != nil {
		t.Fatal(err)
	}
	if ver != 11 {
		t.Errorf("schema version %d", ver)
	}
	var ms map[string]struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Flds []struct {
			Name string `json:"name"`
			Ord  int    `json:"ord"`
		} `json:"flds"`
		Tmpls []struct {
			Qfmt string `json:"qfmt"`
		} `json:"tmpls"`
	}
	if err := json.Unmarshal([]byte(models), &ms); err != nil {
		t.Fatal(err)
	}
	var mid int64
	for key, m := range ms {
		if m.Name != "Kaiwa" {
			continue
		}
		mid = m.ID
		if key != fmt.Sprint(m.ID) {
			t.Errorf("model key %s, id %d", key, m.ID)
		}
		var names []string
		for i, fld := range m.Flds {
			names = append(names, fld.Name)
			if fld.Ord != i {
				t.Errorf("field %s ord %d", fld.Name, fld.Ord)
			}
		}
		if !reflect.DeepEqual(names, []string{"Word", "Reading", "Meaning", "Example", "Audio"}) {
			t.Errorf("fields %v", names)
		}
		if len(m.Tmpls) != 1 || !strings.Contains(m.Tmpls[0].Qfmt, "{{Word}}") {
			t.Errorf("templates %+v", m.Tmpls)
		}
	}
	if mid == 0 {
		t.Fatalf("no Kaiwa note type in %s", models)
	}
	if !strings.Contains(decks, `"name":"Kaiwa"`) {
		t.Errorf("decks %s", decks)
	}

	var mediaMap map[string]string
	if err := json.Unmarshal(members["media"], &mediaMap); err != nil {
		t.Fatalf("media %q: %v", members["media"], err)
	}
	if len(mediaMap) != 1 {
		t.Errorf("one line's audio, once: %v", mediaMap)
	}
	var sound string
	for member, name := range mediaMap {
		if string(members[member]) != "ID3 not really audio" {
			t.Errorf("member %s: %q", member, members[member])
		}
		sound = name
	}

	rows, err := db.Query(`SELECT id, guid, mid, flds FROM notes ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var notes [][]string
	for rows.Next() {
		var id, m int64
		var guid, flds string
		if err := rows.Scan(&id, &guid, &m, &flds); err != nil {
			t.Fatal(err)
		}
		if m != mid {
			t.Errorf("note %d of model %d", id, m)
		}
		var cards int
		if err := db.QueryRow(`SELECT count(*) FROM cards WHERE nid = ?`, id).Scan(&cards); err != nil || cards != 1 {
			t.Errorf("note %d has %d cards (%v)", id, cards, err)
		}
		fields := strings.Split(flds, "\x1f")
		if len(fields) != 5 {
			t.Fatalf("flds %q", flds)
		}
		notes = append(notes, append(fields, guid))
	}
	if len(notes) != 3 {
		t.Fatalf("notes %v", notes)
	}
	if notes[1][0] != "コーヒー" || notes[1][2] != "coffee, black &lt;strong&gt;" || notes[1][4] != "[sound:"+sound+"]" {
		t.Errorf("note %q", notes[1])
	}
	if notes[2][4] != "" {
		t.Errorf("a word without a line has no audio: %q", notes[2])
	}
	if notes[0][5] != data.AnkiGUID("w1") || notes[0][5] == notes[1][5] {
		t.Errorf("guids %q %q", notes[0][5], notes[1][5])
	}

	// Exporting again keeps the guids, so Anki updates the notes.
	again, err := f.svc.ExportVocabularyAnki(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, col2 := openApkg(t, again)
	db2, err := sql.Open("sqlite", "file:"+col2+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var guids string
	if err := db2.QueryRow(`SELECT group_concat(guid, ',') FROM (SELECT guid FROM notes ORDER BY id)`).Scan(&guids); err != nil {
		t.Fatal(err)
	}
	if guids != notes[0][5]+","+notes[1][5]+","+notes[2][5] {
		t.Errorf("guids changed: %s", guids)
	}
}

func TestVocabularyExportsAsCSV(t *testing.T) {
	f := setUp(t)
	saveWords(t, f)
	file, err := f.svc.ExportVocabularyCSV(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	rows, err := csv.NewReader(in).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Word", "Reading", "Meaning", "Example"},
		{"いらっしゃいませ", "", "welcome, \"come in\"", "いらっしゃいませ！"},
		{"コーヒー", "こーひー", "coffee, black <strong>", "line one\nline two"},
		{"ください", "", "please", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q", rows)
	}
}

func TestVocabularyExportCancelled(t *testing.T) {
	f := setUp(t)
	f.dialogs.cancel = true
	for _, export := range []func(context.Context) (string, error){f.svc.ExportVocabularyAnki, f.svc.ExportVocabularyCSV} {
		if path, err := export(context.Background()); err != nil || path != "" {
			t.Errorf("cancelled: %q, %v", path, err)
		}
	}
}

// A thousand cards, each from a line with 30 KB of audio: the figure for how
// long an export takes and how big it is.
func TestAnkiExportOfAThousandCards(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 30 MB")
	}
	dataDir := t.TempDir()
	audio := make([]byte, 30<<10)
	for i := range audio {
		audio[i] = byte(i * 7)
	}
	words := make([]store.WordForExport, 1000)
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range words {
		ref := fmt.Sprintf("audio/speech/%04d.mp3", i)
		if i == 0 {
			if err := os.MkdirAll(filepath.Join(dataDir, "audio", "speech"), 0o700); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dataDir, filepath.FromSlash(ref)), audio, 0o600); err != nil {
			t.Fatal(err)
		}
		words[i] = store.WordForExport{AudioRef: ref, VocabularyCard: store.VocabularyCard{
			ID: fmt.Sprintf("card-%d", i), Language: "ja", Word: fmt.Sprintf("言葉%d", i),
			Reading: "ことば", Meaning: "word", Example: "これは例文です。", CreatedAt: created}}
	}
	dest := filepath.Join(t.TempDir(), "big.apkg")
	start := time.Now()
	if err := data.WriteAnki(context.Background(), dest, words, dataDir, created); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	info, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Anki export of 1,000 cards with 30 KB audio each: %v, %.1f MB", took.Round(time.Millisecond), float64(info.Size())/(1<<20))
	members, col := openApkg(t, dest)
	if len(members) != 1002 {
		t.Errorf("%d members", len(members))
	}
	db, err := sql.Open("sqlite", "file:"+col+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var notes, cards, ids int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM notes), (SELECT count(*) FROM cards), (SELECT count(DISTINCT id) FROM notes)`).Scan(&notes, &cards, &ids); err != nil {
		t.Fatal(err)
	}
	if notes != 1000 || cards != 1000 || ids != 1000 {
		t.Errorf("notes %d, cards %d, distinct ids %d", notes, cards, ids)
	}
}

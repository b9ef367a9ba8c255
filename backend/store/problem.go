package store

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"

	"modernc.org/sqlite"
)

// SQLite's primary result codes that say what stopped the database opening
// (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
const (
	codeBusy     = 5
	codeLocked   = 6
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeNotADB   = 26
)

// Problem says what a learner can do about an error from Open: the sentence
// the problem page shows above the data folder's path and "Try again".
func Problem(err error) string {
	if errors.Is(err, ErrSchema) {
		return err.Error() // it says which case and what to do
	}
	var se *sqlite.Error
	code := 0
	if errors.As(err, &se) {
		code = se.Code() & 0xff
	} else {
		// golang-migrate flattens the driver's error into text.
		code = codeInText(err.Error())
	}
	switch {
	case code == codeBusy || code == codeLocked:
		return "Another program is using Kaiwa's data file (kaiwa.db is locked). Close that program, or wait until it has finished, then choose Try again."
	case code == codeFull || errors.Is(err, syscall.ENOSPC):
		return "The disk that holds Kaiwa's data is full. Free some space, then choose Try again."
	case code == codeReadOnly || code == codeCantOpen || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return "Kaiwa cannot write to its data folder. Make sure the folder exists and that you may write to it (or set KAIWA_DATA_DIR to another folder), then choose Try again."
	case code == codeCorrupt || code == codeNotADB:
		return "Kaiwa's data file (kaiwa.db) is damaged. Move it out of the data folder to start afresh, or put back a copy (kaiwa.db.v…bak files are kept beside it), then choose Try again."
	case code == codeIOErr:
		return "Kaiwa could not read or write its data file: the disk may be failing or disconnected. Check it, then choose Try again."
	}
	return "Kaiwa could not open your data (" + err.Error() + "). Choose Try again; if it keeps happening, the log in the data folder says more."
}

// codeInText finds SQLite's own words for a result code in an error's text.
func codeInText(msg string) int {
	for _, c := range []struct {
		words string
		code  int
	}{
		{"database or disk is full", codeFull},
		{"database is locked", codeBusy},
		{"attempt to write a readonly database", codeReadOnly},
		{"unable to open database file", codeCantOpen},
		{"file is not a database", codeNotADB},
		{"database disk image is malformed", codeCorrupt},
	} {
		if strings.Contains(msg, c.words) {
			return c.code
		}
	}
	return 0
}

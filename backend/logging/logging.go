// Package logging sends Kaiwa's structured logs to stderr and to a rotating
// file in the data directory, where a learner can find it for a bug report.
package logging

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"
)

// FileName is the current log file inside the log directory.
const FileName = "kaiwa.log"

// New returns a logger writing to dir/kaiwa.log (rotated at 5 MB, three old
// files kept) and to stderr, and the file to close on exit.
func New(dir string) (*slog.Logger, io.Closer) {
	file := &lumberjack.Logger{
		Filename:   filepath.Join(dir, FileName),
		MaxSize:    5, // megabytes
		MaxBackups: 3,
		MaxAge:     30, // days
	}
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	return slog.New(slog.NewMultiHandler(
		slog.NewJSONHandler(file, opts),
		slog.NewTextHandler(os.Stderr, opts),
	)), file
}

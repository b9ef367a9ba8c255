// Package store owns Kaiwa's SQLite file: it opens it with the settings the
// app relies on (WAL, foreign keys, busy timeout), migrates it with the SQL
// embedded in the binary, and holds the queries, one file per aggregate.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"kaiwa/backend/clock"
	"kaiwa/backend/errs"
)

// FileName is the database's name inside the data directory.
const FileName = "kaiwa.db"

// Store is the open database.
type Store struct {
	DB   *sql.DB
	Path string

	clock clock.Clock // the time every timestamp is taken from
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. An existing file with pending migrations is copied beside itself
// first; a half-applied or newer-than-known schema stops with ErrSchema.
// Timestamps are read from clk.
func Open(ctx context.Context, path string, log *slog.Logger, clk clock.Clock) (*Store, error) {
	if clk == nil {
		return nil, errors.New("open database: no clock")
	}
	_, statErr := os.Stat(path)
	existed := statErr == nil

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, err
	}
	s := &Store{DB: db, Path: path, clock: clk}
	if err := s.checkPragmas(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(existed, log); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }

// dsn sets, on every pooled connection, what the app depends on: foreign keys
// (off by default in SQLite), a busy timeout so a second writer waits rather
// than fails, WAL so readers never block the writer, and IMMEDIATE write
// transactions so two writers cannot deadlock upgrading a read lock.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

func (s *Store) checkPragmas(ctx context.Context) error {
	var fk int
	var mode string
	if err := s.DB.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("open %s: %w", s.Path, err)
	}
	if err := s.DB.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("open %s: %w", s.Path, err)
	}
	if fk != 1 || mode != "wal" {
		return fmt.Errorf("open %s: foreign_keys=%d journal_mode=%s, want 1 and wal", s.Path, fk, mode)
	}
	return nil
}

// now is the time of a timestamp about to be written, in UTC.
func (s *Store) now() time.Time { return s.clock.Now().UTC() }

// stamp formats a time the way every timestamp column stores it.
func stamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// TimestampLayout is how every timestamp column is written (in UTC): RFC 3339
// with fixed-width nanoseconds, so timestamps sort as strings in SQL and on
// the page.
const TimestampLayout = "2006-01-02T15:04:05.000000000Z07:00"

// ErrNotFound is returned when a row asked for by id does not exist.
var ErrNotFound = errors.New("not found")

// ErrConversationGone and ErrMessageGone are ErrNotFound (to errors.Is) for a
// conversation or message a learner asked for that is gone or not theirs,
// in the one wording they read.
var (
	ErrConversationGone = errs.Wrap(errs.NotFound, ErrNotFound, "That conversation is no longer there.")
	ErrMessageGone      = errs.Wrap(errs.NotFound, ErrNotFound, "That message is no longer there.")
)

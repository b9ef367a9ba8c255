package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kaiwa/backend/errs"
)

// BackUp writes a consistent copy of the open database to path (VACUUM INTO
// reads through SQLite, so the copy holds what is still in the WAL file). A
// file already at path is replaced only once the copy is complete.
func (s *Store) BackUp(ctx context.Context, path string) error {
	if isBeside(s.Path, path) {
		return errs.New(errs.Invalid, "A backup cannot go over Kaiwa's own database. Choose another name or folder.")
	}
	tmp := path + ".part"
	os.Remove(tmp)
	if _, err := s.DB.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}

// ErrNotABackup is what CheckBackup answers for a file Kaiwa cannot restore.
var ErrNotABackup = errs.New(errs.Invalid, "That file is not a Kaiwa backup Kaiwa can use (it is damaged, not a Kaiwa database, or from a newer Kaiwa). Nothing was changed.")

// CheckBackup opens the file at path read-only and says whether it can
// replace the database: SQLite finds it intact, it has Kaiwa's tables, and
// its schema is complete and no newer than this build's.
func CheckBackup(ctx context.Context, path string) error {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return errs.New(errs.NotFound, "That backup file could not be read. Nothing was changed.")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return ErrNotABackup
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		return ErrNotABackup
	}
	var tables int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('schema_migrations', 'users', 'conversations', 'messages')`).Scan(&tables)
	if err != nil || tables != 4 {
		return ErrNotABackup
	}
	var version int64
	var dirty bool
	err = db.QueryRowContext(ctx, "SELECT version, dirty FROM schema_migrations LIMIT 1").Scan(&version, &dirty)
	if err != nil || dirty || version < 1 || uint(version) > LatestVersion() {
		return ErrNotABackup
	}
	return nil
}

// Restore replaces the database file at dbPath with the backup at from, after
// CheckBackup accepts it. The database must be closed. The current file is
// kept aside (its name is returned) and its WAL files removed so the restored
// copy is read as it is; a refused backup changes nothing.
func Restore(ctx context.Context, dbPath, from string, now time.Time) (string, error) {
	if err := CheckBackup(ctx, from); err != nil {
		return "", err
	}
	// Copy beside the database first, so the swap is one rename on one disk.
	incoming := dbPath + ".restoring"
	if err := copyFile(from, incoming); err != nil {
		os.Remove(incoming)
		return "", fmt.Errorf("copy backup %s: %w", from, err)
	}
	aside := fmt.Sprintf("%s.before-restore-%s.bak", dbPath, now.UTC().Format(backupTime))
	if _, err := os.Stat(dbPath); err == nil {
		if err := os.Rename(dbPath, aside); err != nil {
			os.Remove(incoming)
			return "", fmt.Errorf("keep current database aside: %w", err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Rename(dbPath+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", fmt.Errorf("keep current database aside: %w", err)
			}
		}
	} else {
		aside = ""
	}
	if err := os.Rename(incoming, dbPath); err != nil {
		if aside != "" {
			os.Rename(aside, dbPath)
		}
		return "", fmt.Errorf("put backup in place: %w", err)
	}
	return aside, nil
}

// Unrestore puts back the database kept aside by Restore, when the restored
// copy would not open.
func Unrestore(dbPath, aside string) error {
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(dbPath + suffix)
		if err := os.Rename(aside+suffix, dbPath+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return os.Rename(aside, dbPath)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BackupName is the name suggested for a backup made at t.
func BackupName(t time.Time) string {
	return "kaiwa-backup-" + t.Format("2006-01-02-150405") + ".db"
}

// isBeside says whether path is the database itself or one of its files, which
// a backup must never overwrite.
func isBeside(dbPath, path string) bool {
	a, _ := filepath.Abs(dbPath)
	b, _ := filepath.Abs(path)
	return strings.HasPrefix(b, a)
}

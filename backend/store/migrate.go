package store

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrSchema means the database's schema is not one this build can use safely:
// a migration stopped half-way, or a newer Kaiwa wrote it. The message says
// what happened and the way out.
var ErrSchema = errors.New("database schema cannot be used")

// LatestVersion is the schema version this build migrates to.
func LatestVersion() uint {
	entries, _ := fs.Glob(migrations, "migrations/*.up.sql")
	var latest uint
	for _, e := range entries {
		var v uint
		fmt.Sscanf(strings.TrimPrefix(e, "migrations/"), "%d_", &v)
		latest = max(latest, v)
	}
	return latest
}

func (s *Store) migrator() (*migrate.Migrate, error) {
	src, err := iofs.New(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	drv, err := sqlite.WithInstance(s.DB, &sqlite.Config{})
	if err != nil {
		return nil, fmt.Errorf("prepare migrations: %w", err)
	}
	// Not closed: closing it would close s.DB, which the Store owns.
	return migrate.NewWithInstance("iofs", src, "sqlite", drv)
}

// Version reports the schema version and whether a migration stopped half-way.
func (s *Store) Version() (uint, bool, error) {
	m, err := s.migrator()
	if err != nil {
		return 0, false, err
	}
	v, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

func (s *Store) migrate(existed bool, log *slog.Logger) error {
	m, err := s.migrator()
	if err != nil {
		return err
	}
	current, dirty, err := m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		current, err = 0, nil
	}
	if err != nil {
		return fmt.Errorf("read schema version of %s: %w", s.Path, err)
	}
	latest := LatestVersion()
	switch {
	case dirty:
		return fmt.Errorf("%w: an upgrade of %s to version %d stopped half-way. "+
			"Quit Kaiwa and put back the copy saved beside it before the upgrade (%s.v*.bak), "+
			"or move the file away to start with a new one", ErrSchema, s.Path, current, s.Path)
	case current > latest:
		return fmt.Errorf("%w: %s was written by a newer Kaiwa (schema version %d; this one knows up to %d). "+
			"Install the newer Kaiwa again, or set KAIWA_DATA_DIR to another folder", ErrSchema, s.Path, current, latest)
	case current == latest:
		return nil
	}
	if existed && current > 0 {
		backup, err := s.backup(current)
		if err != nil {
			return fmt.Errorf("copy %s before upgrading it: %w", s.Path, err)
		}
		log.Info("database copied before upgrade", "backup", backup, "from", current, "to", latest)
		s.pruneBackups(backup, log)
	}
	start := time.Now()
	if err := m.Up(); err != nil {
		return fmt.Errorf("upgrade %s from schema version %d: %w", s.Path, current, err)
	}
	log.Info("database migrated", "path", s.Path, "from", current, "to", latest, "took", time.Since(start))
	return nil
}

// backup writes a consistent copy of the database beside it. VACUUM INTO reads
// through SQLite, so the copy includes what is still in the WAL file.
func (s *Store) backup(version uint) (string, error) {
	path := fmt.Sprintf("%s.v%d-%s.bak", s.Path, version, s.now().Format(backupTime))
	if _, err := s.DB.Exec("VACUUM INTO ?", path); err != nil {
		return "", err
	}
	return path, nil
}

// keptBackups is how many copies made before upgrades stay beside the
// database; older ones go once a new copy is made.
const keptBackups = 3

const backupTime = "20060102T150405Z"

// backupSuffix is what follows the database's name in a backup's name.
var backupSuffix = regexp.MustCompile(`^\.v(\d+)-(\d{8}T\d{6}Z)\.bak$`)

// pruneBackups deletes all but the newest keptBackups copies, by the time in
// their names; the one just made (kept) always stays, even when the clock
// went back. A copy that cannot be deleted is only logged.
func (s *Store) pruneBackups(kept string, log *slog.Logger) {
	dir, base := filepath.Dir(s.Path), filepath.Base(s.Path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Warn("list database copies", "err", err)
		return
	}
	type copyOf struct {
		path, at string
		version  int
	}
	var older []copyOf
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), base)
		m := backupSuffix.FindStringSubmatch(rest)
		if !ok || m == nil || !e.Type().IsRegular() || e.Name() == filepath.Base(kept) {
			continue
		}
		v, _ := strconv.Atoi(m[1])
		older = append(older, copyOf{path: filepath.Join(dir, e.Name()), at: m[2], version: v})
	}
	slices.SortFunc(older, func(a, b copyOf) int { return cmp.Or(cmp.Compare(b.at, a.at), cmp.Compare(b.version, a.version)) })
	for _, c := range older[min(len(older), keptBackups-1):] {
		if err := os.Remove(c.path); err != nil {
			log.Warn("delete an old database copy", "backup", c.path, "err", err)
			continue
		}
		log.Info("old database copy deleted", "backup", c.path)
	}
}

// migrateTo moves the schema to version v, up or down; tests use it.
func (s *Store) migrateTo(v uint) error {
	m, err := s.migrator()
	if err != nil {
		return err
	}
	if v == 0 {
		return m.Down()
	}
	return m.Migrate(v)
}

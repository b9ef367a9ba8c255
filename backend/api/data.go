package api

import (
	"context"
)

// Data is the learner's data going out and coming back: exports, backups,
// restore. Each answers the file written or read ("" when the learner
// cancelled the dialog).
type Data struct{ b *Backend }

// ExportConversation saves one conversation as Markdown.
func (d *Data) ExportConversation(id string) (string, error) {
	return call(d.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Data.ExportConversation(ctx, id)
	})
}

// ExportAll saves the learner's profile, preferences, conversations and
// messages as JSON.
func (d *Data) ExportAll() (string, error) {
	return call(d.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Data.ExportAll(ctx)
	})
}

// BackUp saves a consistent copy of the whole database.
func (d *Data) BackUp() (string, error) {
	return call(d.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Data.BackUp(ctx)
	})
}

// Restore replaces the database with a backup the learner chooses, keeping
// the current one aside; a file Kaiwa cannot use is refused with nothing
// changed. The page reloads after a restore.
func (d *Data) Restore() (string, error) {
	return call(d.b, func(ctx context.Context, s *Services) (string, error) {
		path, err := s.Data.ChooseBackup(ctx)
		if err != nil || path == "" {
			return "", err
		}
		return path, d.b.install.Restore(path)
	})
}

// ExportVocabularyAnki saves the learner's words as an Anki package, with
// the audio of the lines they came from.
func (d *Data) ExportVocabularyAnki() (string, error) {
	return call(d.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Data.ExportVocabularyAnki(ctx)
	})
}

// ExportVocabularyCSV saves the learner's words as CSV.
func (d *Data) ExportVocabularyCSV() (string, error) {
	return call(d.b, func(ctx context.Context, s *Services) (string, error) {
		return s.Data.ExportVocabularyCSV(ctx)
	})
}

package store

// MigrateTo lets the tests walk the schema down and up.
var MigrateTo = (*Store).migrateTo

// StepDown undoes the last migration.
func StepDown(s *Store) error {
	m, err := s.migrator()
	if err != nil {
		return err
	}
	return m.Steps(-1)
}

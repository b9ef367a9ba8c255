package store

// MigrateTo lets the tests walk the schema down and up.
var MigrateTo = (*Store).migrateTo

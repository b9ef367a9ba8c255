// The learning goals, levels and themes, as offered in every form. Their
// values are Go's (store.Goals, store.Levels, store.Themes); a Go test
// (backend/store/choices_test.go) fails when the two lists differ.
export const goals: [string, string][] = [
  ['', 'Not sure yet'],
  ['casual', 'For fun and travel'],
  ['conversational', 'To talk with people'],
  ['fluent', 'To become fluent'],
];

export const levels: [string, string][] = [
  ['', 'Not sure yet'],
  ['beginner', 'Beginner'],
  ['elementary', 'Elementary'],
  ['intermediate', 'Intermediate'],
  ['advanced', 'Advanced'],
];

export const themes: [string, string][] = [
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['auto', 'Same as the system'],
];

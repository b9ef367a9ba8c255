// The learning goals and levels, as offered in every form.
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

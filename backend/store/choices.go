package store

import "slices"

// The values a learner's goal, level and theme may take, in the order the
// page offers them. The schema's CHECK constraints allow the same, and the
// page's lists in frontend/src/lib/choices.ts hold the same values (tests
// keep all three in step). A goal or level may also be "": not chosen yet.
var (
	Goals  = []string{"casual", "conversational", "fluent"}
	Levels = []string{"beginner", "elementary", "intermediate", "advanced"}
	Themes = []string{"light", "dark", "auto"}
)

// ValidGoal reports whether goal is one of Goals, or "".
func ValidGoal(goal string) bool { return goal == "" || slices.Contains(Goals, goal) }

// ValidLevel reports whether level is one of Levels, or "".
func ValidLevel(level string) bool { return level == "" || slices.Contains(Levels, level) }

// ValidTheme reports whether theme is one of Themes.
func ValidTheme(theme string) bool { return slices.Contains(Themes, theme) }

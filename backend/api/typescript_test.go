package api

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite frontend/src/api/events.ts")

const eventsFile = "../../frontend/src/api/events.ts"

// The page's event types are generated, never copied by hand: this fails
// when events.go changed and `make bindings` was not run.
func TestEventsTypeScriptIsUpToDate(t *testing.T) {
	want := EventsTypeScript()
	if *update {
		if err := os.WriteFile(eventsFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(eventsFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date: run `make bindings`", eventsFile)
	}
}

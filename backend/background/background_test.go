package background

import (
	"runtime/debug"
	"testing"
)

func TestRunRunsAndRestoresCollection(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	ran, during := false, 0
	Run(func() {
		ran = true
		during = debug.SetGCPercent(-1) // reads the setting (and keeps it off)
	})
	if !ran {
		t.Fatal("f did not run")
	}
	if during != -1 {
		t.Errorf("collection during f: GC percent %d, want -1 (off)", during)
	}
	if after := debug.SetGCPercent(100); after != 100 {
		t.Errorf("GC percent after Run = %d, want 100 again", after)
	}
}

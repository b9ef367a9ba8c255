package shell

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBoundsAreRemembered(t *testing.T) {
	dir := t.TempDir()
	if got := LoadBounds(dir); got.Width != DefaultWidth || got.X != -1 {
		t.Fatalf("first launch bounds = %+v, want defaults", got)
	}
	want := Bounds{X: 40, Y: 30, Width: 900, Height: 700}
	if err := SaveBounds(dir, want); err != nil {
		t.Fatal(err)
	}
	if got := LoadBounds(dir); got != want {
		t.Fatalf("LoadBounds = %+v, want %+v", got, want)
	}
}

func TestBadBoundsFallBackToDefaults(t *testing.T) {
	for _, content := range []string{"{not json", `{"Width":10,"Height":10}`} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, boundsFile), []byte(content), 0o600)
		if got := LoadBounds(dir); got.Width != DefaultWidth {
			t.Errorf("%q: bounds = %+v, want defaults", content, got)
		}
	}
}

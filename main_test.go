package main

import (
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// Only the boundary is bound: the page can call nothing else, so a domain
// service's lifecycle or helper methods never become part of the page's API.
func TestOnlyTheBoundaryIsBound(t *testing.T) {
	app := quietApp(t, nil)
	methods := 0
	for _, v := range app.backend.Bind() {
		typ := reflect.TypeOf(v)
		if typ.Kind() != reflect.Pointer || typ.Elem().PkgPath() != "kaiwa/backend/api" {
			t.Errorf("%v is bound, but only kaiwa/backend/api may be", typ)
		}
		methods += typ.NumMethod()
	}
	t.Logf("the page sees %d bound methods", methods)
}

// Wails is reached through main, app.go and backend/shell only; everything
// else runs under plain `go test`.
func TestOnlyShellImportsWails(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if pkg == "kaiwa" || pkg == "kaiwa/backend/shell" {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, "github.com/wailsapp/wails") {
				t.Errorf("%s depends on %s; only main and backend/shell may", pkg, imp)
			}
		}
	}
}

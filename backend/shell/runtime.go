package shell

import (
	"context"
	"fmt"
	"os"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Runtime is the Wails side of what the services need (events to the page,
// links in the browser: their interfaces live with the services that use
// them) and of the window calls the app's lifecycle needs. Its context is Wails's, given at
// start-up; Wails's functions abort the process on any other context.
type Runtime struct {
	ctx context.Context
}

// NewRuntime wraps the context Wails passes to OnStartup.
func NewRuntime(ctx context.Context) *Runtime { return &Runtime{ctx: ctx} }

func (r *Runtime) Emit(name string, data ...any) { runtime.EventsEmit(r.ctx, name, data...) }

func (r *Runtime) OpenURL(url string) { runtime.BrowserOpenURL(r.ctx, url) }

// Bounds reads the window's current size and position.
func (r *Runtime) Bounds() Bounds {
	x, y := runtime.WindowGetPosition(r.ctx)
	w, h := runtime.WindowGetSize(r.ctx)
	return Bounds{X: x, Y: y, Width: w, Height: h, Maximised: runtime.WindowIsMaximised(r.ctx)}
}

// Restore puts the window where it was last time.
func (r *Runtime) Restore(b Bounds) {
	if b.X >= 0 && b.Y >= 0 {
		runtime.WindowSetPosition(r.ctx, b.X, b.Y)
	}
	if b.Maximised {
		runtime.WindowMaximise(r.ctx)
	}
}

// Focus brings the window to the front, e.g. when Kaiwa is launched again.
func (r *Runtime) Focus() {
	runtime.WindowUnminimise(r.ctx)
	runtime.WindowShow(r.ctx)
}

// FileBrowser records URLs in a file instead of opening them, so tests can
// see what Kaiwa would open (dev builds only: see testhooks_dev.go).
type FileBrowser struct{ Path string }

func (f FileBrowser) OpenURL(url string) {
	if file, err := os.OpenFile(f.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		fmt.Fprintln(file, url)
		file.Close()
	}
}

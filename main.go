// Kaiwa is a conversation-practice app for language learners.
package main

import (
	"embed"
	"os"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/options/windows"

	"kaiwa/backend/logging"
	"kaiwa/backend/paths"
	"kaiwa/backend/shell"
)

//go:embed all:frontend/dist
var assets embed.FS

// The window's icon: 256 px is the most a window manager shows, and GTK
// keeps it decoded (the 1024 px source would hold 4 MB for the whole run).
//
//go:embed build/linux/icons/hicolor/256x256/apps/kaiwa.png
var icon []byte

// version is stamped at build time from the git tag.
var version = "dev"

// launched is when the program started (after package initialisation).
var launched = time.Now()

func main() {
	// A data folder that cannot be used is shown in the window, not on a
	// console the learner never sees.
	dataDir, dataErr := paths.DataDir()
	log, logFile := logging.New(paths.LogDir(dataDir))
	app := NewApp(dataDir, dataErr, log, logFile)
	app.openData()
	bounds := shell.LoadBounds(dataDir)

	err := wails.Run(&options.App{
		Title:     "Kaiwa",
		Width:     bounds.Width,
		Height:    bounds.Height,
		MinWidth:  shell.MinWidth,
		MinHeight: shell.MinHeight,
		AssetServer: &assetserver.Options{
			Assets:     assets,
			Middleware: app.pageWithFirstScreen,
		},
		BackgroundColour: &options.RGBA{R: 250, G: 248, B: 245, A: 255},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               "app.kaiwa.desktop",
			OnSecondInstanceLaunch: func(options.SecondInstanceData) { app.secondLaunch() },
		},
		OnStartup:      app.startup,
		OnBeforeClose:  app.beforeClose,
		OnShutdown:     app.shutdown,
		Bind:           app.backend.Bind(),
		ErrorFormatter: app.backend.FormatError,
		Windows:        &windows.Options{Theme: windows.SystemDefault},
		Mac:            &mac.Options{Appearance: mac.DefaultAppearance},
		// Software rendering, as Wails chooses when given no Linux options:
		// with the GPU policy "always" the web process doubles in size (Mesa's
		// buffers and shader compiler; 212 MB instead of 122 MB measured) and
		// some drivers show a blank window (wailsapp/wails#2977).
		Linux: &linux.Options{ProgramName: "kaiwa", Icon: icon, WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		log.Error("window", "err", err)
		os.Exit(1)
	}
}

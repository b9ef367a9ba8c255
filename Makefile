# Kaiwa — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The version is the git tag (v1.2.3); untagged builds are v0.0.0-<commit>. The store, Kaiwa AI
# and the update feed come from KAIWA_STORE_*, KAIWA_AI_URL and KAIWA_UPDATE_REPO when set
# (scripts/ldflags.sh); without them a build sells no plans, has no Kaiwa AI and checks no updates.
VERSION ?= $(shell git describe --tags --match 'v*' --dirty 2>/dev/null || echo v0.0.0-$$(git rev-parse --short HEAD 2>/dev/null || echo dev))
TAGS    := webkit2_41
LDFLAGS := -X main.version=$(VERSION)
BIN     := build/bin/kaiwa
DEV_BIN := build/bin/kaiwa-dev
WIN_EXE := build/bin/kaiwa.exe
# Debian's python3 (it has the YAML module setup installs), whatever python3 comes first on PATH.
PYTHON  := $(firstword $(wildcard /usr/bin/python3) python3)
GO_SRC  := $(shell find . -name '*.go' -not -path './frontend/*') $(shell find backend -name '*.sql' -o -name '*.json') go.mod go.sum
NODE_MODULES := frontend/node_modules/.package-lock.json
FE_SRC  := $(shell find frontend/src frontend/public -type f) frontend/index.html frontend/vite.config.ts frontend/package-lock.json

.PHONY: FORCE help setup run build dev-build windows-exe windows bindings test test-go test-frontend fuzz smoke e2e bench package package-test windows-test macos-test clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install what is missing: system packages, npm and Go modules
	@scripts/setup.sh

run: setup build ## Build and open Kaiwa (offline partner, data in the user config dir)
	@if [[ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]]; then \
	  echo "run: no display to open a window on. Run 'make run' in a desktop session, or try it headless with: xvfb-run $(BIN)" >&2; exit 1; fi
	$(BIN)

build: $(BIN) ## Build the production binary at build/bin/kaiwa

$(BIN): frontend/dist/index.html $(GO_SRC)
	built=$$(scripts/ldflags.sh) && go build -tags production,$(TAGS) -trimpath -ldflags "-w -s $(LDFLAGS) $$built" -o $@ .

dev-build: $(DEV_BIN) ## Build the dev binary that serves the page and bindings over HTTP (browser tests)

$(DEV_BIN): frontend/dist/index.html $(GO_SRC)
	built=$$(scripts/ldflags.sh) && go build -tags dev,$(TAGS) -ldflags "$(LDFLAGS) $$built" -o $@ .

windows-exe: $(WIN_EXE) ## Build the Windows program build/bin/kaiwa.exe on Linux (no cgo; version as for Linux)

$(WIN_EXE): frontend/dist/index.html $(GO_SRC) wails.json build/windows/icon.ico build/windows/info.json build/windows/wails.exe.manifest build/bin/version
	VERSION=$(VERSION) scripts/windows.sh exe

# Changes when VERSION does: the Windows test checks the program carries it.
build/bin/version: FORCE
	@mkdir -p build/bin && [[ "$$(cat $@ 2>/dev/null)" == "$(VERSION)" ]] || echo "$(VERSION)" >$@

windows: $(WIN_EXE) ## The Windows installer build/bin/Kaiwa-amd64-installer.exe (64-bit NSIS), as released
	VERSION=$(VERSION) scripts/windows.sh installer

bindings: ## Regenerate the TypeScript of backend/api: bindings, models and events
	@mkdir -p frontend/dist && touch frontend/dist/.gitkeep
	go tool wails generate module -tags $(TAGS)
	go test ./backend/api -run TestEventsTypeScriptIsUpToDate -update

frontend/dist/index.html: $(FE_SRC) frontend/src/api/wailsjs/go/models.ts $(NODE_MODULES)
	cd frontend && npm run build

# The page's npm packages, installed when missing or older than package-lock.json (as setup does).
$(NODE_MODULES): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend/src/api/wailsjs/go/models.ts: $(filter-out ./frontend/%,$(GO_SRC))
	@$(MAKE) --no-print-directory bindings

test: setup ## Install what is missing, then run every test (CI runs this)
	@$(MAKE) --no-print-directory test-frontend test-go fuzz smoke e2e package-test windows-test macos-test

test-go: frontend/dist/index.html ## Go tests with the race detector (and a real keyring)
	go vet ./...
	@test -z "$$(gofmt -l . | grep -v ^frontend/)" || { gofmt -l . | grep -v ^frontend/; echo "gofmt: files above need formatting"; exit 1; }
	@# Each benchmark once as well, so that make bench keeps working.
	scripts/with-keyring.sh go test -race -count=1 -bench . -benchtime 1x ./...
	scripts/with-keyring.sh go test -race -count=1 -tags dev,$(TAGS) . ./backend/billing

FUZZTIME ?= 8s
fuzz: ## Run each Go fuzz target for FUZZTIME: SSE reader, licence answers, WAV, offline matcher, corrections, diff, facts, readings
	go test -run '^$$' -fuzz '^FuzzStream$$' -fuzztime $(FUZZTIME) ./backend/endpoint
	go test -run '^$$' -fuzz '^FuzzJudge$$' -fuzztime $(FUZZTIME) ./backend/billing
	go test -run '^$$' -fuzz '^FuzzParseWAV$$' -fuzztime $(FUZZTIME) ./backend/voice
	go test -run '^$$' -fuzz '^FuzzAnswer$$' -fuzztime $(FUZZTIME) ./backend/offline
	go test -run '^$$' -fuzz '^FuzzParseCorrection$$' -fuzztime $(FUZZTIME) ./backend/feedback
	go test -run '^$$' -fuzz '^FuzzDiff$$' -fuzztime $(FUZZTIME) ./backend/feedback
	go test -run '^$$' -fuzz '^FuzzParseFacts$$' -fuzztime $(FUZZTIME) ./backend/feedback
	go test -run '^$$' -fuzz '^FuzzOf$$' -fuzztime $(FUZZTIME) ./backend/reading

test-frontend: frontend/src/api/wailsjs/go/models.ts $(NODE_MODULES) ## svelte-check, vitest, the language names' own font and the flags
	cd frontend && npm run check && npm test
	$(PYTHON) scripts/names_font.py --check
	$(PYTHON) scripts/flags.py --check

smoke: $(BIN) ## The production binary in a real window under Xvfb: start-up, start-up problems, sound and a microphone
	scripts/smoke.sh $(BIN)
	scripts/problems.sh $(BIN)
	scripts/voice-smoke.sh $(BIN)

e2e: $(DEV_BIN) ## Browser tests: Chromium against the real Go backend
	scripts/e2e.sh $(DEV_BIN)

bench: frontend/dist/index.html ## Go benchmarks
	go test -run '^$$' -bench . -benchmem ./...

package: build ## Linux packages of build/bin/kaiwa: build/bin/kaiwa_VERSION_amd64.deb and .rpm
	VERSION=$(VERSION) scripts/package.sh $(BIN)

package-test: ## As root: build, install, start and remove the .deb; lint the release workflow
	scripts/package-test.sh

windows-test: $(WIN_EXE) ## Windows on Linux: go vet, the program, its installer installed and removed under Wine
	VERSION=$(VERSION) scripts/windows-test.sh

macos-test: $(NODE_MODULES) ## macOS as far as Linux can check: Info.plist, entitlements, licence texts, the release's macOS job
	$(PYTHON) scripts/macos_bundle_test.py

clean: ## Remove build output
	rm -rf build/bin frontend/dist

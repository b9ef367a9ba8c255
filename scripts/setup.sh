#!/usr/bin/env bash
# Installs what building and testing Kaiwa needs, skipping what is already
# there: Debian/Ubuntu system packages, the frontend's npm modules, Go modules.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: GTK and WebKitGTK 4.1. Tests: a virtual display and tools to find and
# photograph the window, Debian's Chromium for browser tests, fonts for every
# script Kaiwa teaches, sqlite3 to inspect the database, a real keyring
# (gnome-keyring on a private D-Bus), and sound: WebKit's GStreamer decoders
# and a private PulseAudio with a null sink and a sine-wave microphone;
# AT-SPI (the accessibility bus, and its Python bindings) to find the real
# window's buttons by role and name as a screen reader does. Windows, checked on
# Linux: NSIS to build the installer, Wine (64-bit) to install and uninstall it,
# osslsigncode and openssl to sign it (with a throwaway certificate in the test);
# macOS: Python's YAML module to read the release workflow's macOS job.
# espeak-ng makes the spoken microphone files of the hands-free tests;
# fontTools (with Brotli for WOFF2) checks the language names' own font.
PACKAGES=(
  libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config build-essential
  xvfb xauth x11-utils xdotool imagemagick chromium sqlite3
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
  gnome-keyring libsecret-tools dbus
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good pulseaudio pulseaudio-utils
  at-spi2-core python3-pyatspi espeak-ng
  nsis wine wine64 osslsigncode openssl python3-yaml python3-fonttools python3-brotli
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done 2>/dev/null || true

if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "setup: this is not a Debian or Ubuntu system. Install the equivalents of: ${missing[*]}" >&2
    exit 1
  fi
  if [[ $(id -u) != 0 ]]; then
    echo "setup: missing system packages. Install them once with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v go >/dev/null || { echo "setup: Go not found. Install Go 1.26 or newer and put it on PATH." >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js not found. Install Node.js 20 or newer with npm." >&2; exit 1; }

# npm modules, again only when package-lock.json changed since the last install.
if [[ ! -f frontend/node_modules/.package-lock.json || frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]]; then
  echo "setup: installing frontend modules"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
fi

go mod download

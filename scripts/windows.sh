#!/usr/bin/env bash
# Kaiwa for Windows, built on Linux: `make windows-test` checks exactly what the release ships.
#
#   scripts/windows.sh vet        go vet for Windows, with the build's own flags (shares its cache)
#   scripts/windows.sh exe        build/bin/kaiwa.exe: a production build without cgo, with the
#                                 icon, manifest and version resource of build/windows (Wails), and
#                                 VERSION and scripts/ldflags.sh in -ldflags as for Linux
#   scripts/windows.sh installer  build/bin/Kaiwa-amd64-installer.exe (or INSTALLER): the 64-bit
#                                 NSIS installer (build/windows/installer) of build/bin/kaiwa.exe,
#                                 carrying the WebView2 bootstrapper WEBVIEW2_BOOTSTRAPPER (default:
#                                 the one in the Wails module, checked by go.sum)
#   scripts/windows.sh sign FILE  Authenticode-signs FILE in place with WINDOWS_CERTIFICATE (base64
#                                 of a .pfx) and WINDOWS_CERTIFICATE_PASSWORD (osslsigncode);
#                                 TIMESTAMP_URL, when set, timestamps the signature
#
# The product version (version resource, installer, uninstall entry) is wails.json's
# info.productVersion: the release sets it from the tag (scripts/package.sh product-version).
set -euo pipefail
cd "$(dirname "$0")/.."

EXE=build/bin/kaiwa.exe
INSTALLER=${INSTALLER:-build/bin/Kaiwa-amd64-installer.exe}
# The tags `wails build` uses for Windows; vet uses the same so it reuses the build's packages.
WAILS_TAGS=desktop,wv2runtime.download,production
# No cgo: Wails on Windows needs none (wails build sets GOOS and GOARCH itself).
export CGO_ENABLED=0

version() { echo "${VERSION:-$(git describe --tags --match 'v*' --dirty 2>/dev/null || echo dev)}"; }

product_version() {
  local v
  v=$(sed -n 's/^ *"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "windows: wails.json's info.productVersion ($v) is not MAJOR.MINOR.PATCH" >&2; exit 1; }
  echo "$v"
}

vet() {
  GOOS=windows GOARCH=amd64 go vet -trimpath -tags "$WAILS_TAGS" ./...
}

exe() {
  [[ -f frontend/dist/index.html ]] || { echo "windows: frontend/dist is not built: run 'make windows'" >&2; exit 1; }
  local built start
  built=$(scripts/ldflags.sh)
  mkdir -p build/bin
  start=$(date +%s)
  # Wails rewrites the page's runtime wrapper (the same files, another mode): put back the
  # originals, times included, so that make does not rebuild the page and git sees no change.
  local runtime=frontend/src/api/wailsjs/runtime saved f
  saved=$(mktemp -d)
  cp -p "$runtime"/* "$saved"/
  # -s: the page is already built (make); -skipbindings: they are committed; -m, -nosyncgomod:
  # go.mod and go.sum are left alone. Wails adds -tags $WAILS_TAGS, -ldflags "-w -s -H windowsgui".
  local ok=1
  go tool wails build -s -skipbindings -m -nosyncgomod -platform windows/amd64 -trimpath \
    -o kaiwa.exe -ldflags "-X main.version=$(version) $built" >build/bin/windows-build.log 2>&1 || ok=0
  for f in "$saved"/*; do cmp -s "$f" "$runtime/${f##*/}" && cp -p "$f" "$runtime/"; done
  rm -rf "$saved"
  ((ok)) || { cat build/bin/windows-build.log >&2; echo "windows: wails build failed" >&2; exit 1; }
  printf 'windows: %s (%s KB) built in %s s\n' "$EXE" "$(($(stat -c %s "$EXE") / 1024))" "$(($(date +%s) - start))"
}

installer() {
  [[ -f $EXE ]] || { echo "windows: $EXE not found: run 'make windows'" >&2; exit 1; }
  command -v makensis >/dev/null || { echo "windows: makensis not found (apt-get install nsis)" >&2; exit 1; }
  local bootstrapper=${WEBVIEW2_BOOTSTRAPPER:-$(go list -m -f '{{.Dir}}' github.com/wailsapp/wails/v2)/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe}
  [[ -f $bootstrapper ]] || { echo "windows: no WebView2 bootstrapper at $bootstrapper" >&2; exit 1; }
  # wails_tools.nsh takes it from tmp/, as `wails build -nsis` leaves it.
  mkdir -p build/windows/installer/tmp
  install -m 0644 "$bootstrapper" build/windows/installer/tmp/MicrosoftEdgeWebview2Setup.exe
  local out defines=(-DARG_WAILS_AMD64_BINARY="$PWD/$EXE" -DINFO_PRODUCTVERSION="$(product_version)"
    -DOUTFILE="$(realpath -m "$INSTALLER")")
  out=$(cd build/windows/installer && makensis -V2 "${defines[@]}" project.nsi 2>&1) || { echo "$out" >&2; echo "windows: makensis failed" >&2; exit 1; }
  printf 'windows: %s (%s KB)\n' "$INSTALLER" "$(($(stat -c %s "$INSTALLER") / 1024))"
}

sign() {
  local file=${1:?usage: scripts/windows.sh sign FILE}
  : "${WINDOWS_CERTIFICATE:?windows: WINDOWS_CERTIFICATE (base64 of a .pfx) is not set}"
  command -v osslsigncode >/dev/null || { echo "windows: osslsigncode not found (apt-get install osslsigncode)" >&2; exit 1; }
  local dir
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  base64 --decode <<<"$WINDOWS_CERTIFICATE" >"$dir/kaiwa.pfx"
  # The password from a file, not the command line (where other processes could read it).
  printf %s "${WINDOWS_CERTIFICATE_PASSWORD-}" >"$dir/password"
  local args=(sign -pkcs12 "$dir/kaiwa.pfx" -readpass "$dir/password" -h sha256
    -n Kaiwa -i https://kaiwa.app)
  [[ -z ${TIMESTAMP_URL-} ]] || args+=(-ts "$TIMESTAMP_URL")
  osslsigncode "${args[@]}" -in "$file" -out "$dir/signed" >"$dir/log" 2>&1 ||
    { cat "$dir/log" >&2; echo "windows: signing $file failed" >&2; return 1; }
  mv "$dir/signed" "$file"
  echo "windows: signed $file"
}

case ${1:-} in
  vet) vet ;;
  exe) exe ;;
  installer) installer ;;
  sign) sign "${2-}" ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

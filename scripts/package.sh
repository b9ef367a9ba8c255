#!/usr/bin/env bash
# Packaging Kaiwa.
#
#   scripts/package.sh [BINARY]   .deb and .rpm of BINARY (build/bin/kaiwa) in build/bin,
#                                 with nfpm pinned in build/tools/go.mod. VERSION (from
#                                 `git describe`, as the Makefile passes it) becomes the
#                                 package version.
#   scripts/package.sh version    prints the package version made from VERSION
#   scripts/package.sh product-version
#                                 prints MAJOR.MINOR.PATCH of the release tag VERSION (v1.2.3,
#                                 v1.2.3-rc.1): wails.json's info.productVersion in a release,
#                                 hence Info.plist's and the Windows installer's version
#   scripts/package.sh icons      regenerates every icon from build/appicon.png (ImageMagick,
#                                 and png2icns from Debian's icnsutils for macOS); commit them
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE_ICON=build/appicon.png
HICOLOR_SIZES=(16 22 24 32 48 64 128 256 512)
ICO_SIZES=256,128,64,48,32,24,16
ICNS_SIZES=(16 32 48 128 256 512 1024)

# deb_version VERSION: a version dpkg and rpm both accept and order sensibly.
#   v1.2.3               -> 1.2.3
#   v1.2.3-rc.1          -> 1.2.3~rc.1          (sorts before 1.2.3)
#   v1.2.3-4-gabc1234    -> 1.2.3+4.gabc1234    (4 commits after the tag: after 1.2.3)
#   abc1234 (no tag)     -> 0.0.0~gitabc1234
#   any of these -dirty  -> ... +dirty / .dirty
deb_version() {
  local v=${1#v} dirty="" base rest
  if [[ $v == *-dirty ]]; then dirty=1; v=${v%-dirty}; fi
  if [[ ! $v =~ ^[0-9a-f]{7,40}$ && $v =~ ^([0-9]+(\.[0-9]+)*)(.*)$ ]]; then
    base=${BASH_REMATCH[1]} rest=${BASH_REMATCH[3]}
    if [[ $rest =~ ^(-([0-9A-Za-z.]+))?-([0-9]+)-g([0-9a-f]+)$ ]]; then
      # After a tag (and maybe after a pre-release tag).
      [[ -n ${BASH_REMATCH[2]} ]] && base+="~${BASH_REMATCH[2]}"
      base+="+${BASH_REMATCH[3]}.g${BASH_REMATCH[4]}"
    elif [[ $rest =~ ^-([0-9A-Za-z.]+)$ ]]; then
      base+="~${BASH_REMATCH[1]}"
    elif [[ -n $rest ]]; then
      base+="+$(tr -c '0-9A-Za-z.\n' . <<<"${rest#[-+]}")"
    fi
    v=$base
    [[ -n $dirty ]] && v+=$([[ $v == *+* ]] && echo .dirty || echo +dirty)
  else
    # No tag: the commit hash (or "dev" when there is no git at all).
    v="0.0.0~git$(tr -c '0-9A-Za-z.\n' . <<<"$v")"
    [[ -n $dirty ]] && v+=.dirty
  fi
  printf '%s\n' "$v"
}

# product_version VERSION: the numeric version Windows's version resources and macOS's bundle
# version take; anything but a release tag is refused.
product_version() {
  local v=${1#v}
  v=${v%%[-+]*}
  if [[ $1 != v* || ! $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "package: $1 is not a release tag vMAJOR.MINOR.PATCH[-PRERELEASE]" >&2
    return 1
  fi
  printf '%s\n' "$v"
}

png() { # png SIZE OUT: a square, 8-bit RGBA PNG without timestamps (reproducible)
  convert "$SOURCE_ICON" -filter Lanczos -resize "$1x$1" -strip -depth 8 \
    -define png:exclude-chunks=date,time PNG32:"$2"
}

icons() {
  command -v convert >/dev/null || { echo "package: ImageMagick's convert is needed (apt-get install imagemagick)" >&2; exit 1; }
  local s
  for s in "${HICOLOR_SIZES[@]}"; do
    mkdir -p "build/linux/icons/hicolor/${s}x${s}/apps"
    png "$s" "build/linux/icons/hicolor/${s}x${s}/apps/kaiwa.png"
  done
  mkdir -p build/windows
  convert "$SOURCE_ICON" -filter Lanczos -strip -depth 8 -define icon:auto-resize="$ICO_SIZES" build/windows/icon.ico
  if command -v png2icns >/dev/null; then
    local tmp files=()
    tmp=$(mktemp -d)
    for s in "${ICNS_SIZES[@]}"; do png "$s" "$tmp/$s.png" && files+=("$tmp/$s.png"); done
    mkdir -p build/darwin
    png2icns build/darwin/iconfile.icns "${files[@]}" >/dev/null
    rm -rf "$tmp"
  else
    echo "package: png2icns not found (apt-get install icnsutils): build/darwin/iconfile.icns not updated" >&2
  fi
  echo "package: icons written from $SOURCE_ICON"
}

packages() {
  local bin=${1:-build/bin/kaiwa}
  [[ -x $bin ]] || { echo "package: $bin not found: run 'make build' first (or 'make package')" >&2; exit 1; }
  [[ -f build/linux/icons/hicolor/512x512/apps/kaiwa.png ]] || icons
  local version arch rpm_arch date stage
  version=$(deb_version "${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}")
  arch=$(go env GOARCH)
  case $arch in amd64) rpm_arch=x86_64 ;; arm64) rpm_arch=aarch64 ;; *) rpm_arch=$arch ;; esac
  date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)

  # The AppStream file, with this release in it.
  stage=build/bin/package
  mkdir -p "$stage"
  sed "s|^</component>|  <releases>\n    <release version=\"$version\" date=\"$date\"/>\n  </releases>\n</component>|" \
    build/linux/app.kaiwa.desktop.metainfo.xml >"$stage/app.kaiwa.desktop.metainfo.xml"

  # The oldest glibc the binary runs on: the newest symbol version it links against.
  local glibc
  glibc=$(objdump -T "$bin" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -1)
  [[ -n $glibc ]] || { echo "package: cannot read the glibc version $bin needs (objdump, from binutils)" >&2; exit 1; }

  rm -f build/bin/kaiwa_*.deb build/bin/kaiwa-*.rpm
  local deb="build/bin/kaiwa_${version}_${arch}.deb" rpm="build/bin/kaiwa-${version}-1.${rpm_arch}.rpm"
  # nfpm.yaml reads these from the environment. Timestamps inside the packages are the
  # commit's, so the same commit gives the same packages.
  export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
  export PKG_VERSION=$version PKG_ARCH=$arch PKG_BINARY=$bin PKG_METAINFO=$stage/app.kaiwa.desktop.metainfo.xml PKG_GLIBC=$glibc
  local packager target out
  for packager in deb rpm; do
    target=$([[ $packager == deb ]] && echo "$deb" || echo "$rpm")
    # nfpm reports its errors on stdout: show its output only when it fails.
    out=$(go tool -modfile=build/tools/go.mod nfpm package --config build/linux/nfpm.yaml \
      --packager "$packager" --target "$target" 2>&1) || { echo "$out" >&2; echo "package: nfpm failed ($packager)" >&2; exit 1; }
    printf 'package: %s (%s KB)\n' "$target" "$(($(stat -c %s "$target") / 1024))"
  done
}

case ${1:-} in
  icons) icons ;;
  version) deb_version "${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}" ;;
  product-version) product_version "${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}" ;;
  -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) packages "$@" ;;
esac

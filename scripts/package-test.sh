#!/usr/bin/env bash
# Package test (as root: it installs and removes a system package). Checks the packaging
# metadata and lints the release workflow; builds the .deb (make package) and checks its
# files and declared dependencies; installs it with apt-get; starts the INSTALLED
# /usr/bin/kaiwa under Xvfb with a temporary data dir and waits for its window; removes the
# package and checks nothing is left behind. Prints the sizes and the install-to-window time.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) != 0 ]]; then
  echo "package-test: must run as root, because it installs and removes the kaiwa package." >&2
  echo "  Run: sudo make package-test" >&2
  exit 1
fi
command -v apt-get >/dev/null && command -v dpkg >/dev/null || {
  echo "package-test: needs a Debian or Ubuntu system (apt-get, dpkg)" >&2
  exit 1
}

# What this test needs beyond `make setup`, installed when missing.
NEEDED=(xvfb xauth x11-utils xdotool imagemagick dbus desktop-file-utils appstream shellcheck rpm)
missing=()
for p in "${NEEDED[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "package-test: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The installed app finds the running one on the session bus: give it a private bus, as
# the smoke test does. No accessibility bus: nothing would listen to it.
if [[ -z ${KAIWA_PACKAGE_TEST_BUS:-} ]]; then
  exec env KAIWA_PACKAGE_TEST_BUS=1 NO_AT_BRIDGE=1 GTK_A11Y=none \
    dbus-run-session --config-file=scripts/dbus-session.conf -- "$0" "$@"
fi
source scripts/lib.sh

OUT=build/test-results
mkdir -p "$OUT"
fail=0
problem() { echo "package-test: $*"; fail=1; }

# Leave a kaiwa installed by someone else alone; remove the one this test installs even
# when it stops half-way.
if dpkg-query -W -f='${Status}' kaiwa 2>/dev/null | grep -q "ok installed"; then
  echo "package-test: a kaiwa package is already installed ($(dpkg-query -W -f='${Version}' kaiwa))." >&2
  echo "  This test installs and removes its own; remove that one first: apt-get remove kaiwa" >&2
  exit 1
fi
INSTALLED=""
remove_package() {
  [[ -n $INSTALLED ]] || return 0
  apt-get remove -y -q kaiwa >>"$OUT/package-test-apt.log" 2>&1 || dpkg -r kaiwa >>"$OUT/package-test-apt.log" 2>&1 || true
  INSTALLED=""
}
trap 'cleanup; remove_package' EXIT

# 1. Metadata and the release workflow.
desktop-file-validate build/linux/kaiwa.desktop || problem "build/linux/kaiwa.desktop is not valid"
appstreamcli validate --no-net --no-color build/linux/app.kaiwa.desktop.metainfo.xml >"$OUT/package-test-appstream.log" 2>&1 ||
  { cat "$OUT/package-test-appstream.log"; problem "the AppStream metainfo is not valid"; }
go tool -modfile=build/tools/actionlint/go.mod actionlint .github/workflows/*.yml || problem "actionlint found problems in .github/workflows"
echo "package-test: desktop entry, AppStream metadata and workflows checked"

# 2. Build the packages.
make --no-print-directory package
deb=$(ls -t build/bin/kaiwa_*.deb | head -1)
rpm=$(ls -t build/bin/kaiwa-*.rpm | head -1)

# 3. What the .deb holds and declares.
listing=$(dpkg-deb -c "$deb")
contents=$(awk '{print $6}' <<<"$listing" | sed 's|^\./|/|')
expected=(/usr/bin/kaiwa /usr/share/applications/kaiwa.desktop /usr/share/metainfo/app.kaiwa.desktop.metainfo.xml)
for s in 16 22 24 32 48 64 128 256 512; do expected+=("/usr/share/icons/hicolor/${s}x${s}/apps/kaiwa.png"); done
for f in "${expected[@]}"; do grep -qxF "$f" <<<"$contents" || problem "$deb lacks $f"; done
grep -q '^-rwxr-xr-x root/root .* \./usr/bin/kaiwa$' <<<"$listing" || problem "/usr/bin/kaiwa is not an executable owned by root"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libgtk-3-0 libwebkit2gtk-4.1-0; do
  grep -qw -- "$d" <<<"$depends" || problem "$deb does not depend on $d (Depends: $depends)"
done
for field in Package Version Architecture Maintainer Homepage Description; do
  [[ -n $(dpkg-deb -f "$deb" "$field") ]] || problem "$deb has no $field"
done
[[ $(dpkg-deb -f "$deb" Package) == kaiwa ]] || problem "package name is not kaiwa"
echo "package-test: $deb: ${#expected[@]} files checked; Depends: $depends"

# The .rpm: the same files, Fedora's names for the dependencies.
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null)
for f in "${expected[@]}"; do grep -qxF "$f" <<<"$rpm_files" || problem "$rpm lacks $f"; done
rpm_requires=$(rpm -qRp "$rpm" 2>/dev/null | grep -v '^rpmlib(' | tr '\n' ' ')
for d in gtk3 webkit2gtk4.1; do grep -qw -- "$d" <<<"$rpm_requires" || problem "$rpm does not require $d"; done
echo "package-test: $rpm: files checked; Requires: $rpm_requires"

# 4. Install, exactly as a learner would.
install_start=$(date +%s%N)
INSTALLED=1
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "./$deb" >"$OUT/package-test-apt.log" 2>&1; then
  cat "$OUT/package-test-apt.log"
  echo "package-test: apt-get install ./$deb failed"
  exit 1
fi
install_ms=$(( ($(date +%s%N) - install_start) / 1000000 ))
[[ $(dpkg-query -W -f='${Status}' kaiwa) == "install ok installed" ]] || problem "dpkg does not list kaiwa as installed"
for f in "${expected[@]}"; do [[ -f $f ]] || problem "$f missing after install"; done
[[ -x /usr/bin/kaiwa ]] || problem "/usr/bin/kaiwa is not executable"
desktop-file-validate /usr/share/applications/kaiwa.desktop || problem "the installed desktop entry is not valid"
grep -qx 'Exec=kaiwa' /usr/share/applications/kaiwa.desktop && command -v kaiwa >/dev/null ||
  problem "the desktop entry's Exec=kaiwa is not on PATH"

# 5. Start the installed binary (not build/bin/kaiwa) with a fresh data dir.
temp_dir DATA
temp_dir XDG
start_xvfb
launch_start=$(date +%s%N)
KAIWA_DATA_DIR="$DATA" XDG_CACHE_HOME="$XDG/cache" XDG_DATA_HOME="$XDG/data" XDG_CONFIG_HOME="$XDG/config" \
  /usr/bin/kaiwa >"$OUT/package-test.log" 2>&1 &
APP=$!
PIDS=("$APP" "${PIDS[@]}")
window=""
for _ in $(seq 200); do
  window=$(xdotool search --onlyvisible --name '^Kaiwa$' 2>/dev/null | head -1) && [[ -n $window ]] && break
  kill -0 "$APP" 2>/dev/null || { cat "$OUT/package-test.log"; echo "package-test: the installed kaiwa exited early"; exit 1; }
  sleep 0.05
done
[[ -n $window ]] || { cat "$OUT/package-test.log"; echo "package-test: no window titled Kaiwa after 10 s"; exit 1; }
now=$(date +%s%N)
window_ms=$(( (now - launch_start) / 1000000 ))
install_to_window_ms=$(( (now - install_start) / 1000000 ))
wm_class=$(xprop -id "$window" WM_CLASS 2>/dev/null | sed 's/.*= //')

# The page is drawn (the assets are inside the installed binary), and the data dir is used.
colours=0
for _ in $(seq 40); do
  sleep 0.25
  import -window root "$OUT/package-test.png"
  colours=$(convert "$OUT/package-test.png" -format %k info:)
  ((colours > 1000)) && break
done
((colours > 1000)) || problem "the installed app's window looks blank ($colours colours, $OUT/package-test.png)"
[[ -s $DATA/kaiwa.db ]] || problem "the installed app did not create kaiwa.db in KAIWA_DATA_DIR"
grep -q 'StartupWMClass=Kaiwa' /usr/share/applications/kaiwa.desktop && [[ $wm_class == *'"Kaiwa"'* ]] ||
  problem "the window's WM_CLASS ($wm_class) does not match the desktop entry's StartupWMClass"

kill -TERM "$APP"
wait "$APP" 2>/dev/null || true

# 6. Remove the package: nothing it installed is left.
INSTALLED=""
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q kaiwa >>"$OUT/package-test-apt.log" 2>&1 || problem "apt-get remove kaiwa failed"
dpkg-query -W -f='${Status}' kaiwa 2>/dev/null | grep -q "ok installed" && problem "kaiwa is still installed after apt-get remove"
[[ ! -e /usr/bin/kaiwa ]] || problem "/usr/bin/kaiwa is still there after removal"
for f in "${expected[@]}"; do [[ ! -e $f ]] || problem "$f is still there after removal"; done

echo "package-test: .deb $(($(stat -c %s "$deb") / 1024)) KB, .rpm $(($(stat -c %s "$rpm") / 1024)) KB," \
  "binary $(($(stat -c %s build/bin/kaiwa) / 1024)) KB (installed size $(dpkg-deb -f "$deb" Installed-Size) KB)"
echo "package-test: apt-get install took ${install_ms} ms; the installed kaiwa's window mapped ${window_ms} ms after exec;" \
  "install-to-window ${install_to_window_ms} ms; window has $colours colours ($OUT/package-test.png)"
if ((fail)); then
  echo "package-test: FAILED"
  echo "package-test: 0 passed, 1 failed"
  exit 1
fi
echo "package-test: 1 passed, 0 failed"

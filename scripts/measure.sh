#!/usr/bin/env bash
# Start-up and memory of Kaiwa against a bare Wails template built the same
# way on the same machine, in one run, as ratios (these machines are noisy):
# launches alternate, and each figure is the median of RUNS. A second
# reference is the same template showing the 17 languages of Kaiwa's first
# screen (native names and flags, from the seed): what those fonts cost.
#   window mapped         exec -> the window is mapped (scripts/mapped.py)
#   first screen painted  exec -> the page's "first screen painted" mark
#                         (Kaiwa logs it; the template is given the same hook)
#   PSS                   5 s after the window: the app, its WebKit web
#                         process and network process, and their sum. PSS
#                         splits shared pages among every process mapping
#                         them, other programs' too: it falls whenever another
#                         WebKit program runs on the machine. So the same
#                         follows counted among the app's own processes only
#                         (scripts/app-pss.py, needs root), and the RSS sum.
# Usage: scripts/measure.sh [RUNS]   (after make build; KAIWA_BIN picks another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
KAIWA_BIN=$(realpath "${KAIWA_BIN:-build/bin/kaiwa}")
if [[ -z ${KAIWA_MEASURE_BUS:-} ]]; then
  exec env KAIWA_MEASURE_BUS=1 NO_AT_BRIDGE=1 GTK_A11Y=none dbus-run-session --config-file=scripts/dbus-session.conf -- "$0" "$@"
fi
source scripts/lib.sh
temp_dir WORK

# The bare template: Wails's own vanilla template, built like Kaiwa, whose
# page reports its first paint the way Kaiwa's does (src/lib/painted.ts).
go tool wails init -n bare -t vanilla -d "$WORK/bare" >/dev/null
(
  cd "$WORK/bare"
  sed -i 's/^go 1\.[0-9]*$/go 1.26/' go.mod
  cat >>frontend/src/main.js <<'JS'
requestAnimationFrame(() => setTimeout(() => {
  const mark = performance.mark('first-screen-painted');
  window.go.main.App.FirstScreenPainted(Math.round(performance.timeOrigin + mark.startTime));
}));
JS
  cat >painted.go <<'GO'
package main

import "fmt"

func (a *App) FirstScreenPainted(unixMs int64) {
	fmt.Printf("msg=\"first screen painted\" unixMs=%d\n", unixMs)
}
GO
  (cd frontend && npm install --no-audit --no-fund --loglevel=error >/dev/null && npm run build >/dev/null)
  GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1
  go build -tags production,webkit2_41 -trimpath -ldflags "-w -s" -o bare .
)
# "langs": the template plus the 17 languages, each as flag, native name, name.
cp -a "$WORK/bare" "$WORK/langs"
awk '/INSERT INTO languages/ {on = 1; next} on && /;/ {print; exit} on' backend/store/migrations/000002_seed.up.sql |
  sed -nE "s/^ *\('([a-z]+)', '([^']+)', '([^']+)', '([^']+)'.*/\1|\4|\3|\2/p" >"$WORK/langs.txt"
(( $(wc -l <"$WORK/langs.txt") == 17 )) || { echo "measure: expected the 17 seeded languages" >&2; exit 1; }
(
  cd "$WORK/langs"
  sed -i 's/Title:  "bare"/Title:  "langs"/' main.go
  # The list goes in after the template's own screen, before the first-paint hook.
  { echo "const langs = \`"; cat "$WORK/langs.txt"; echo "\`.trim().split('\\n').map((l) => l.split('|'));"
    cat <<'JS'
// In view, four to a row, over the foot of the template's screen: text outside the window is never drawn.
document.querySelector('#app').insertAdjacentHTML('beforeend', '<ul style="position: fixed; inset: auto 0 0 0; margin: 0; padding: 0.5rem; list-style: none; display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.3rem; background: #1b2636">' + langs.map(([code, flag, native, name]) =>
  `<li><span aria-hidden="true">${flag}</span> <b lang="${code}">${native}</b> ${name}</li>`).join('') + '</ul>');
JS
  } >"$WORK/langs.js"
  awk -v list="$WORK/langs.js" '/^requestAnimationFrame/ {while ((getline l < list) > 0) print l} {print}' frontend/src/main.js >frontend/src/main.js.new
  mv frontend/src/main.js.new frontend/src/main.js
  (cd frontend && npm run build >/dev/null)
  go build -tags production,webkit2_41 -trimpath -ldflags "-w -s" -o langs .
)
start_xvfb

# The page cache keeps a file just written (a build, an install) in the
# large pieces it was written in, and maps a piece whole once any of it is
# used: Kaiwa's big binary then counts ~4 MB more resident than when read
# from the disk, as after a restart. So each binary is dropped from the
# cache once before the runs (written back first), and all are read alike.
python3 -c 'import os, sys
for p in sys.argv[1:]:
    fd = os.open(p, os.O_RDONLY); os.fsync(fd); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)' \
  "$KAIWA_BIN" "$WORK/bare/bare" "$WORK/langs/langs"

# pss PID: proportional set size in kB (0 when the process is gone).
pss() { awk '/^Pss:/ {s += $2} END {print s + 0}' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }

# rss PID: resident set size in kB.
rss() { awk '/^Rss:/ {print $2}' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }

# run BIN: prints "window_ms painted_ms app_kb web_kb network_kb rss_kb
# own_app_kb own_web_kb own_network_kb" (PSS of the app, web and network
# processes; the RSS of all three; their PSS among themselves) for one launch.
run() {
  local data out pid start ms mapped ready painted="" app web=0 net=0 all p i webpid=0 netpid=0 own
  data=$(mktemp -d)
  out="$data/out.log"
  coproc MAPPED { python3 scripts/mapped.py; }
  read -r ready <&"${MAPPED[0]}"
  start=$(date +%s%N)
  KAIWA_DATA_DIR=$data "$1" >"$out" 2>&1 &
  pid=$!
  # Up to 30 s, and only while the app lives: a crash must not hang the run.
  for ((i = 0; ; i++)); do
    read -r -t 0.1 mapped <&"${MAPPED[0]}" && break
    if ((i > 300)) || ! kill -0 "$pid" 2>/dev/null; then echo "$1 showed no window" >&2; cat "$out" >&2; exit 1; fi
  done
  ms=$((mapped - start / 1000000))
  sleep 5
  app=$(pss "$pid") all=$(rss "$pid")
  for p in $(pgrep -P "$pid" || true); do
    all=$((all + $(rss "$p")))
    case $(cat /proc/"$p"/comm 2>/dev/null) in
      WebKitWebProces*) web=$((web + $(pss "$p"))) webpid=$p ;;
      WebKitNetworkPr*) net=$((net + $(pss "$p"))) netpid=$p ;;
      *) app=$((app + $(pss "$p"))) ;;
    esac
  done
  own=$(python3 scripts/app-pss.py "$pid" "$webpid" "$netpid" 2>/dev/null | awk '{printf "%s ", $2}')
  for ((i = 0; i < 250; i++)); do
    painted=$(grep -oE 'first screen painted.* unixMs=[0-9]+' "$out" | grep -oE '[0-9]+$' | head -1) && [[ -n $painted ]] && break
    sleep 0.1
  done
  [[ -n $painted ]] || { echo "$1 never said its first screen was painted" >&2; cat "$out" >&2; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "$ms $((painted - start / 1000000)) $app $web $net $all ${own:-0 0 0}"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
: >"$WORK/kaiwa.txt"; : >"$WORK/bare.txt"; : >"$WORK/langs.txt"
for _ in $(seq "$RUNS"); do
  run "$KAIWA_BIN" >>"$WORK/kaiwa.txt"
  run "$WORK/bare/bare" >>"$WORK/bare.txt"
  run "$WORK/langs/langs" >>"$WORK/langs.txt"
done
# Every launch, for the spread: window, painted, PSS app/web/network, RSS (kB).
{ echo "runs (ms ms, then kB: PSS app web network, RSS, own PSS app web network):"; sed 's/^/  Kaiwa /' "$WORK/kaiwa.txt"; sed 's/^/  bare  /' "$WORK/bare.txt"; sed 's/^/  langs /' "$WORK/langs.txt"; } >&2
# col FILE N: the median of column N; sum FILE N M...: the median of the sum of those columns.
col() { cut -d' ' -f"$2" "$1" | median; }
sum() { local f=$1; shift; awk -v c="$*" '{n = split(c, k, " "); t = 0; for (i = 1; i <= n; i++) t += $k[i]; print t}' "$f" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "n/a"}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
# figure LABEL UNIT COLUMNS...: one row, Kaiwa against both references.
figure() {
  local label=$1 unit=$2 k b l; shift 2
  k=$(sum "$WORK/kaiwa.txt" "$@") b=$(sum "$WORK/bare.txt" "$@") l=$(sum "$WORK/langs.txt" "$@")
  if [[ $unit == MB ]]; then
    printf '%-26s %8s %8s %6s %8s %6s\n' "$label (MB)" "$(mb "$k")" "$(mb "$b")" "$(ratio "$k" "$b")" "$(mb "$l")" "$(ratio "$k" "$l")"
  else
    printf '%-26s %8s %8s %6s %8s %6s\n' "$label (ms)" "$k" "$b" "$(ratio "$k" "$b")" "$l" "$(ratio "$k" "$l")"
  fi
}
printf '%-26s %8s %8s %6s %8s %6s\n' "median of $RUNS runs" Kaiwa bare ratio langs ratio
figure "window mapped" ms 1
figure "first screen painted" ms 2
figure "PSS app" MB 3
figure "PSS web process" MB 4
figure "PSS network process" MB 5
figure "PSS total" MB 3 4 5
figure "own PSS app" MB 7
figure "own PSS web process" MB 8
figure "own PSS network process" MB 9
figure "own PSS total" MB 7 8 9
figure "RSS total" MB 6
k=$(stat -c %s "$KAIWA_BIN") b=$(stat -c %s "$WORK/bare/bare") l=$(stat -c %s "$WORK/langs/langs")
printf '%-26s %8s %8s %6s %8s %6s\n' "binary (MB)" "$(mb $((k / 1024)))" "$(mb $((b / 1024)))" "$(ratio "$k" "$b")" "$(mb $((l / 1024)))" "$(ratio "$k" "$l")"

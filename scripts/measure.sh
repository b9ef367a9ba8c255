#!/usr/bin/env bash
# Start-up and memory of Kaiwa against a bare Wails template built the same
# way on the same machine, in one run, as ratios (these machines are noisy):
# launches alternate between the two, and each figure is the median of RUNS.
#   window mapped         exec -> the window is visible (xdotool)
#   first screen painted  exec -> the page's "first screen painted" mark
#                         (Kaiwa logs it; the template is given the same hook)
#   PSS                   5 s after the window: the app, its WebKit web
#                         process and network process, and their sum. PSS
#                         splits shared pages among every process mapping
#                         them, other programs' too, so the RSS sum follows
#                         as a figure that does not move with the machine.
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
start_xvfb

# pss PID: proportional set size in kB (0 when the process is gone).
pss() { awk '/^Pss:/ {s += $2} END {print s + 0}' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }

# rss PID: resident set size in kB.
rss() { awk '/^Rss:/ {print $2}' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }

# run BIN TITLE: prints "window_ms painted_ms app_kb web_kb network_kb rss_kb" (PSS
# of the app, web and network processes; the RSS of all three) for one launch.
run() {
  local data out pid start ms painted="" app web=0 net=0 all p i
  data=$(mktemp -d)
  out="$data/out.log"
  start=$(date +%s%N)
  KAIWA_DATA_DIR=$data "$1" >"$out" 2>&1 &
  pid=$!
  # Up to 30 s, and only while the app lives: a crash must not hang the run.
  for ((i = 0; ; i++)); do
    xdotool search --onlyvisible --name "^$2\$" >/dev/null 2>&1 && break
    if ((i > 3000)) || ! kill -0 "$pid" 2>/dev/null; then echo "$1 showed no window" >&2; cat "$out" >&2; exit 1; fi
    sleep 0.01
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5
  app=$(pss "$pid") all=$(rss "$pid")
  for p in $(pgrep -P "$pid" || true); do
    all=$((all + $(rss "$p")))
    case $(cat /proc/"$p"/comm 2>/dev/null) in
      WebKitWebProces*) web=$((web + $(pss "$p"))) ;;
      WebKitNetworkPr*) net=$((net + $(pss "$p"))) ;;
      *) app=$((app + $(pss "$p"))) ;;
    esac
  done
  for ((i = 0; i < 250; i++)); do
    painted=$(grep -oE 'first screen painted.* unixMs=[0-9]+' "$out" | grep -oE '[0-9]+$' | head -1) && [[ -n $painted ]] && break
    sleep 0.1
  done
  [[ -n $painted ]] || { echo "$1 never said its first screen was painted" >&2; cat "$out" >&2; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "$ms $((painted - start / 1000000)) $app $web $net $all"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
: >"$WORK/kaiwa.txt"; : >"$WORK/bare.txt"
for _ in $(seq "$RUNS"); do
  run "$KAIWA_BIN" Kaiwa >>"$WORK/kaiwa.txt"
  run "$WORK/bare/bare" bare >>"$WORK/bare.txt"
done
# Every launch, for the spread: window, painted, PSS app/web/network, RSS (kB).
{ echo "runs (ms ms kB kB kB kB):"; sed 's/^/  Kaiwa /' "$WORK/kaiwa.txt"; sed 's/^/  bare  /' "$WORK/bare.txt"; } >&2
# col FILE N: the median of column N; total adds the three PSS columns.
col() { cut -d' ' -f"$2" "$1" | median; }
total() { awk '{print $3 + $4 + $5}' "$1" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
row() { printf '%-28s %10s %10s %7s\n' "$1" "$2" "$3" "$(ratio "$4" "$5")"; }
printf '%-28s %10s %10s %7s\n' "median of $RUNS runs" Kaiwa bare ratio
for n in 1 2; do
  k=$(col "$WORK/kaiwa.txt" $n) b=$(col "$WORK/bare.txt" $n)
  row "$([[ $n == 1 ]] && echo "window mapped (ms)" || echo "first screen painted (ms)")" "$k" "$b" "$k" "$b"
done
names=("" "" "" "PSS app (MB)" "PSS web process (MB)" "PSS network process (MB)")
for n in 3 4 5; do
  k=$(col "$WORK/kaiwa.txt" $n) b=$(col "$WORK/bare.txt" $n)
  row "${names[$n]}" "$(mb "$k")" "$(mb "$b")" "$k" "$b"
done
k=$(total "$WORK/kaiwa.txt") b=$(total "$WORK/bare.txt")
row "PSS total (MB)" "$(mb "$k")" "$(mb "$b")" "$k" "$b"
k=$(col "$WORK/kaiwa.txt" 6) b=$(col "$WORK/bare.txt" 6)
row "RSS total (MB)" "$(mb "$k")" "$(mb "$b")" "$k" "$b"
k=$(stat -c %s "$KAIWA_BIN") b=$(stat -c %s "$WORK/bare/bare")
row "binary (MB)" "$(mb $((k / 1024)))" "$(mb $((b / 1024)))" "$k" "$b"

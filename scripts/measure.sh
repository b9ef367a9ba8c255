#!/usr/bin/env bash
# Start-up and memory of Kaiwa against a bare Wails template built the same
# way on the same machine, in one run, as ratios (these machines are noisy).
# Usage: scripts/measure.sh [RUNS]   (after make build)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
if [[ -z ${KAIWA_MEASURE_BUS:-} ]]; then
  exec env KAIWA_MEASURE_BUS=1 NO_AT_BRIDGE=1 GTK_A11Y=none dbus-run-session --config-file=scripts/dbus-session.conf -- "$0" "$@"
fi
source scripts/lib.sh
temp_dir WORK

# The bare template: Wails's own vanilla template, built like Kaiwa.
go tool wails init -n bare -t vanilla -d "$WORK/bare" >/dev/null
(
  cd "$WORK/bare"
  sed -i 's/^go 1\.[0-9]*$/go 1.26/' go.mod
  (cd frontend && npm install --no-audit --no-fund --loglevel=error >/dev/null && npm run build >/dev/null)
  GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1
  go build -tags production,webkit2_41 -trimpath -ldflags "-w -s" -o bare .
)
start_xvfb

# run BIN TITLE: prints "ms_to_window pss_kb" for one launch.
run() {
  local data pid start ms pss=0 p i
  data=$(mktemp -d)
  start=$(date +%s%N)
  KAIWA_DATA_DIR=$data "$1" >/dev/null 2>&1 &
  pid=$!
  # Up to 30 s, and only while the app lives: a crash must not hang the run.
  for ((i = 0; ; i++)); do
    xdotool search --onlyvisible --name "^$2\$" >/dev/null 2>&1 && break
    if ((i > 3000)) || ! kill -0 "$pid" 2>/dev/null; then echo "$1 showed no window" >&2; exit 1; fi
    sleep 0.01
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 3
  for p in $pid $(pgrep -P "$pid" || true); do
    pss=$((pss + $(awk '/^Pss:/ {s += $2} END {print s + 0}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)))
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo "$ms $pss"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
: >"$WORK/kaiwa" ; : >"$WORK/bare.txt"
for _ in $(seq "$RUNS"); do
  run build/bin/kaiwa Kaiwa >>"$WORK/kaiwa"
  run "$WORK/bare/bare" bare >>"$WORK/bare.txt"
done
k_ms=$(cut -d' ' -f1 "$WORK/kaiwa" | median); b_ms=$(cut -d' ' -f1 "$WORK/bare.txt" | median)
k_pss=$(cut -d' ' -f2 "$WORK/kaiwa" | median); b_pss=$(cut -d' ' -f2 "$WORK/bare.txt" | median)
k_size=$(stat -c %s build/bin/kaiwa); b_size=$(stat -c %s "$WORK/bare/bare")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
printf '%-22s %10s %10s %7s\n' "median of $RUNS runs" Kaiwa bare ratio
printf '%-22s %10s %10s %7s\n' "window mapped (ms)" "$k_ms" "$b_ms" "$(ratio "$k_ms" "$b_ms")"
printf '%-22s %10s %10s %7s\n' "idle PSS (MB)" "$((k_pss / 1024))" "$((b_pss / 1024))" "$(ratio "$k_pss" "$b_pss")"
printf '%-22s %10s %10s %7s\n' "binary (MB)" "$(ratio "$k_size" 1048576)" "$(ratio "$b_size" 1048576)" "$(ratio "$k_size" "$b_size")"

#!/usr/bin/env bash
# Smoke test of the production binary: under Xvfb with a fresh data dir, the
# window titled Kaiwa appears, is not blank, and kaiwa.db holds every table; a
# second launch hands over to the first; the window's size and place are kept.
set -euo pipefail
BIN=${1:-build/bin/kaiwa}
cd "$(dirname "$0")/.."

# Single-instance detection uses the session bus, as on a desktop: give the
# test a private one. No accessibility bus: nothing would listen to it.
if [[ -z ${KAIWA_SMOKE_BUS:-} ]]; then
  exec env KAIWA_SMOKE_BUS=1 NO_AT_BRIDGE=1 GTK_A11Y=none dbus-run-session --config-file=scripts/dbus-session.conf -- "$0" "$@"
fi
source scripts/lib.sh

OUT=build/test-results
mkdir -p "$OUT"
temp_dir DATA
start_xvfb

start=$(date +%s%N)
KAIWA_DATA_DIR="$DATA" "$BIN" >"$OUT/smoke.log" 2>&1 &
APP=$!
PIDS=("$APP" "${PIDS[@]}")

window=""
for _ in $(seq 200); do
  window=$(xdotool search --onlyvisible --name '^Kaiwa$' 2>/dev/null | head -1) && [[ -n $window ]] && break
  kill -0 "$APP" 2>/dev/null || { echo "smoke: kaiwa exited early"; cat "$OUT/smoke.log"; exit 1; }
  sleep 0.05
done
[[ -n $window ]] || { echo "smoke: no window titled Kaiwa after 10 s"; cat "$OUT/smoke.log"; exit 1; }
mapped_ms=$(( ($(date +%s%N) - start) / 1000000 ))

# Wait for the page to render the seeded scenarios, then photograph it.
colours=0
for _ in $(seq 40); do
  sleep 0.25
  import -window root "$OUT/smoke.png"
  colours=$(convert "$OUT/smoke.png" -format %k info:)
  ((colours > 1000)) && break
done

# The page marks its first screen painted; Kaiwa logs the mark's time.
painted=""
for _ in $(seq 100); do
  painted=$(grep -oE '"msg":"first screen painted".*"unixMs":[0-9]+' "$DATA/logs/kaiwa.log" 2>/dev/null | grep -oE '[0-9]+$' | head -1) && [[ -n $painted ]] && break
  sleep 0.1
done

fail=0
echo "smoke: window mapped in ${mapped_ms} ms; screenshot has $colours colours ($OUT/smoke.png)"
if [[ -n $painted ]]; then
  echo "smoke: first screen painted $((painted - start / 1000000)) ms after exec"
else
  echo "smoke: the page never marked its first screen painted"; fail=1
fi
((colours > 1000)) || { echo "smoke: the window looks blank"; fail=1; }

for table in users user_preferences conversations messages languages speakers scenarios sessions tiers subscriptions payments; do
  n=$(sqlite3 "file:$DATA/kaiwa.db?mode=ro" "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='$table'")
  [[ $n == 1 ]] || { echo "smoke: table $table missing from kaiwa.db"; fail=1; }
done
langs=$(sqlite3 "file:$DATA/kaiwa.db?mode=ro" "SELECT count(*) FROM languages")
[[ $langs == 17 ]] || { echo "smoke: $langs languages in kaiwa.db, want 17"; fail=1; }
[[ -s $DATA/logs/kaiwa.log ]] || { echo "smoke: no log file in the data dir"; fail=1; }

# A second launch must hand over to the running window and exit.
second_start=$(date +%s%N)
KAIWA_DATA_DIR="$DATA" timeout 10 "$BIN" >"$OUT/smoke-second.log" 2>&1 || true
second_ms=$(( ($(date +%s%N) - second_start) / 1000000 ))
windows=$(xdotool search --onlyvisible --name '^Kaiwa$' | wc -l)
echo "smoke: a second launch exited after ${second_ms} ms; $windows window(s)"
((second_ms < 5000 && windows == 1)) || { echo "smoke: a second launch did not hand over to the first"; fail=1; }

# RSS and PSS of the app and its WebKit helpers, for the figures.
sleep 1
pss=0
for pid in $APP $(pgrep -P "$APP" || true); do
  p=$(awk '/^Pss:/ {s += $2} END {print s + 0}' /proc/"$pid"/smaps_rollup 2>/dev/null || echo 0)
  pss=$((pss + p))
done
echo "smoke: idle PSS of kaiwa and its WebKit processes: $((pss / 1024)) MB"

# Size and place are remembered: move and resize, quit, start again.
xdotool windowsize "$window" 900 640 windowmove "$window" 40 30
sleep 0.3
kill -TERM "$APP"
wait "$APP" || true
KAIWA_DATA_DIR="$DATA" "$BIN" >>"$OUT/smoke.log" 2>&1 &
APP=$!
PIDS=("$APP" "${PIDS[@]}")
geometry=""
for _ in $(seq 200); do
  window=$(xdotool search --onlyvisible --name '^Kaiwa$' 2>/dev/null | head -1) && [[ -n $window ]] && break
  sleep 0.05
done
sleep 0.5
geometry=$(xdotool getwindowgeometry "$window" | awk '/Geometry/ {print $2}')
position=$(xdotool getwindowgeometry "$window" | awk '/Position/ {print $2}')
echo "smoke: after a restart the window is $geometry at $position"
[[ $geometry == 900x640 && $position == 40,30 ]] || { echo "smoke: window size or place not remembered"; fail=1; }

# Test hooks are compiled into dev builds only: a release binary cannot be
# told the time, a licence server or a place to write the links it opens.
hooks=$(strings "$BIN" | grep -oE 'KAIWA_(NOW|OPEN_LOG|UPDATE_URL|SAVE_DIR|AI_GATEWAY_URL|BILLING_[A-Z_]+)' | sort -u | tr '\n' ' ' || true)
[[ -z $hooks ]] || { echo "smoke: the release binary knows test hooks: $hooks"; fail=1; }

if ((fail)); then echo "smoke: FAILED"; exit 1; fi
echo "smoke: 1 passed, 0 failed"

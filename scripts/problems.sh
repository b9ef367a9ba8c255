#!/usr/bin/env bash
# The production binary survives its own start-up problems: for each one the
# window titled Kaiwa opens, shows the problem page, and is still there 10 s
# later. Cases that need a mount (read-only folder, full disk) are skipped,
# and say so, where this machine does not allow mounting.
set -euo pipefail
BIN=${1:-build/bin/kaiwa}
cd "$(dirname "$0")/.."

if [[ -z ${KAIWA_SMOKE_BUS:-} ]]; then
  exec env KAIWA_SMOKE_BUS=1 NO_AT_BRIDGE=1 GTK_A11Y=none dbus-run-session --config-file=scripts/dbus-session.conf -- "$0" "$@"
fi
source scripts/lib.sh

OUT=build/test-results/problems
mkdir -p "$OUT"
start_xvfb
MOUNTS=()
unmount_all() { local m; for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null || true; done; cleanup; }
trap unmount_all EXIT

# A valid but locked database: another process holds an exclusive lock.
LOCKER=""
lock_db() {
  python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("CREATE TABLE IF NOT EXISTS t(x)")
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)' "$1" >"$OUT/locker.log" 2>&1 &
  LOCKER=$!
  PIDS+=("$LOCKER")
  for _ in $(seq 50); do grep -q locked "$OUT/locker.log" 2>/dev/null && return 0; sleep 0.1; done
  echo "problems: could not lock the database" >&2; return 1
}

mount_tmpfs() { # mount_tmpfs DIR OPTIONS
  mount -t tmpfs -o "$2" tmpfs "$1" 2>/dev/null && MOUNTS+=("$1")
}

pass=0 fail=0 skip=0
# Each case, and words of the sentence the problem page shows for it.
declare -A SAYS=(
  [newer-schema]="written by a newer Kaiwa" [dirty-schema]="stopped half-way" [corrupt-file]="is damaged"
  [locked]="is locked" [read-only-folder]="cannot write to its data folder" [disk-full]="disk that holds Kaiwa's data is full"
  [data-folder-is-a-file]="cannot create its data folder"
)
for case in newer-schema dirty-schema corrupt-file locked read-only-folder disk-full data-folder-is-a-file; do
  temp_dir DIR
  DATA=$DIR/data
  mkdir -p "$DATA"
  case $case in
    newer-schema) sqlite3 "$DATA/kaiwa.db" 'CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (999, 0);' ;;
    dirty-schema) sqlite3 "$DATA/kaiwa.db" 'CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (3, 1);' ;;
    corrupt-file) head -c 8192 /dev/urandom >"$DATA/kaiwa.db" ;;
    locked) lock_db "$DATA/kaiwa.db" ;;
    read-only-folder) mount_tmpfs "$DATA" ro,size=1m || { echo "problems: $case: SKIPPED (mounting is not allowed here)"; skip=$((skip + 1)); continue; } ;;
    disk-full) mount_tmpfs "$DATA" size=96k || { echo "problems: $case: SKIPPED (mounting is not allowed here)"; skip=$((skip + 1)); continue; } ;;
    data-folder-is-a-file) rmdir "$DATA"; echo "not a folder" >"$DATA" ;;
  esac

  log=$OUT/$case.log
  begun=$(date +%s)
  KAIWA_DATA_DIR="$DATA" "$BIN" >"$log" 2>&1 &
  APP=$!
  PIDS=("$APP" "${PIDS[@]}")
  window=""
  for _ in $(seq 200); do
    window=$(xdotool search --onlyvisible --name '^Kaiwa$' 2>/dev/null | head -1) && [[ -n $window ]] && break
    kill -0 "$APP" 2>/dev/null || break
    sleep 0.05
  done
  sleep $((10 - ($(date +%s) - begun)))
  ok=1
  kill -0 "$APP" 2>/dev/null || { echo "problems: $case: Kaiwa exited"; ok=0; }
  [[ -n $window ]] && xdotool search --onlyvisible --name '^Kaiwa$' >/dev/null 2>&1 || { echo "problems: $case: no window after 10 s"; ok=0; }
  import -window root "$OUT/$case.png"
  colours=$(convert "$OUT/$case.png" -format %k info:)
  ((colours > 200)) || { echo "problems: $case: the window looks blank ($colours colours)"; ok=0; }
  grep -q "msg=start-up.*${SAYS[$case]}" "$log" || { echo "problems: $case: the problem logged does not say \"${SAYS[$case]}\""; ok=0; }
  kill "$APP" 2>/dev/null || true
  wait "$APP" 2>/dev/null || true
  [[ -n $LOCKER ]] && { kill "$LOCKER" 2>/dev/null || true; wait "$LOCKER" 2>/dev/null || true; LOCKER=""; }
  if ((ok)); then echo "problems: $case: window still open after 10 s ($OUT/$case.png)"; pass=$((pass + 1)); else cat "$log"; fail=$((fail + 1)); fi
done
echo "problems: $pass passed, $fail failed, $skip skipped"
((fail == 0))

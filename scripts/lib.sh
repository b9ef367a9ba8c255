# Shared by the test scripts: a private X display, and cleanup of exactly the
# processes a script started (by PID, never by name).

PIDS=()
TMP_DIRS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for d in "${TMP_DIRS[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT

# start_xvfb: starts Xvfb on the first free display and exports DISPLAY.
start_xvfb() {
  local n=99
  while [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
  PIDS+=($!)
  export DISPLAY=":$n"
  for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "Xvfb did not start on $DISPLAY" >&2
  return 1
}

# temp_dir VAR: makes a temporary directory removed on exit.
temp_dir() {
  local d
  d=$(mktemp -d)
  TMP_DIRS+=("$d")
  printf -v "$1" %s "$d"
}

#!/usr/bin/env bash
# Runs a command with a real OS keyring: a gnome-keyring (Secret Service),
# unlocked, on a private D-Bus session, in a throwaway HOME. Everything it
# starts ends with it. Usage: scripts/with-keyring.sh CMD ARGS...
set -euo pipefail

# Keep Go's caches where they are: HOME changes below.
eval "$(go env -json GOPATH GOCACHE GOMODCACHE 2>/dev/null | sed -n 's/^\s*"\(GO[A-Z]*\)": \("[^"]*"\).*/export \1=\2/p')"
export npm_config_cache=${npm_config_cache:-$HOME/.npm}

KEYRING_HOME=$(mktemp -d)
trap 'rm -rf "$KEYRING_HOME"' EXIT
export HOME=$KEYRING_HOME XDG_RUNTIME_DIR=$KEYRING_HOME/run KAIWA_REAL_KEYRING=1
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS

status=0
dbus-run-session --config-file="$(dirname "$0")/dbus-session.conf" -- sh -c '
  eval "$(printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  # --unlock returns before the daemon is on the bus: wait until it is.
  i=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    i=$((i + 1))
    if [ $i -gt 200 ]; then echo "with-keyring: the keyring never came up" >&2; exit 1; fi
    sleep 0.05
  done
  "$@"
' sh "$@" || status=$?
exit $status

#!/usr/bin/env bash
# Browser end-to-end tests: Playwright drives Debian's Chromium against the
# dev-tagged binary, which serves the real page and the real Go services.
# The binary still opens its own window, so it needs a display: Xvfb; and
# keys go to a real keyring on a private bus (scripts/with-keyring.sh).
set -euo pipefail
export KAIWA_DEV_BIN=$(realpath "${1:-build/bin/kaiwa-dev}")
cd "$(dirname "$0")/.."
if [[ -z ${KAIWA_REAL_KEYRING:-} ]]; then
  exec env NO_AT_BRIDGE=1 GTK_A11Y=none scripts/with-keyring.sh "$0" "$@"
fi
source scripts/lib.sh
start_xvfb
# Extra arguments name test files (e2e/settings.test.mjs); none runs them all.
shift || true
cd frontend && node --test --test-concurrency=1 --test-reporter=spec "${@:-e2e/}"

#!/usr/bin/env bash
# The browser tests of the admin page, as CTest runs them:
#   tests/browser/run.sh <build dir>
# Installs playwright-core from package-lock.json when node_modules is
# missing, then runs tests/*.test.mjs with node's test runner. Each test file
# starts its own passwayd (127.0.0.1, free ports, a temporary folder with its
# own SQLite file) and headless Debian chromium. Screenshots of failed tests
# land in <build dir>/browser-screenshots.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-$here/../../build}" && pwd)"
cd "$here"

for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "browser tests: '$tool' is not installed (packaging/setup.sh installs nodejs)" >&2; exit 1; }
done
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "browser tests: $chromium not found (apt-get install chromium)" >&2; exit 1; }
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi

export PASSWAY_BINARY_DIR="$build"
export PASSWAY_SOURCE_DIR="$(cd "$here/../.." && pwd)"
export PASSWAY_SCREENSHOT_DIR="$build/browser-screenshots"
rm -rf "$PASSWAY_SCREENSHOT_DIR"
# One test file at a time (each runs a server and a browser); the flag is Node 20+.
serial=()
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] && serial=(--test-concurrency=1)
# A skipped test is not a passed one: CTest hears 77 (SKIP_RETURN_CODE, shown
# as skipped), and under CI=true a skip fails the run.
log="$build/browser-tests.log"
set +e
node --test "${serial[@]}" --test-reporter=spec tests/*.test.mjs 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || exit "$status"
skipped=$(sed -n 's/^.*skipped \([0-9][0-9]*\).*$/\1/p' "$log" | tail -1)
if [ "${skipped:-0}" -gt 0 ]; then
    echo "browser tests: $skipped skipped (shared test data missing?)" >&2
    [ "${CI:-}" = "true" ] && exit 1
    exit 77
fi

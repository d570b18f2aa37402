#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run the whole suite:
# unit tests, notebook execution (each notebook once) and real-browser tests (Playwright + Debian chromium).
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${KZLESSON_VENV:-.venv}"

# shellcheck source=scripts/venv.sh
source scripts/venv.sh
echo "== installing kzlesson with its test dependencies"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[test]"

# The browser tests drive a system Chromium or Chrome (never a downloaded browser): Debian's
# chromium, one on PATH, or the macOS app; on Debian/Ubuntu as root it is installed with apt.
find_chromium() {
    local candidate
    for candidate in "${KZLESSON_CHROMIUM:-}" /usr/bin/chromium \
        "$(command -v chromium || true)" "$(command -v chromium-browser || true)" \
        "$(command -v google-chrome || true)" \
        "/Applications/Chromium.app/Contents/MacOS/Chromium" \
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
if ! CHROMIUM="$(find_chromium)"; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing chromium for the browser tests"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        CHROMIUM=/usr/bin/chromium
    else
        echo "The browser tests need Chromium or Chrome and none was found." >&2
        echo "Install it (Debian/Ubuntu: sudo apt-get install chromium; macOS: the Chrome or" >&2
        echo "Chromium app), or set KZLESSON_CHROMIUM to the browser's executable." >&2
        exit 1
    fi
fi
export KZLESSON_CHROMIUM="$CHROMIUM"

# The JupyterHub test (tests/hub/) needs configurable-http-proxy, JupyterHub's proxy, from npm:
# installed into .hub-tools/ (git-ignored), never globally. It needs Node.js 18 or newer.
if [ ! -x .hub-tools/node_modules/.bin/configurable-http-proxy ]; then
    if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing Node.js (npm) for the JupyterHub test"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    if command -v npm >/dev/null 2>&1; then
        echo "== installing configurable-http-proxy into .hub-tools/ for the JupyterHub test"
        mkdir -p .hub-tools
        npm install --prefix .hub-tools --no-audit --no-fund --silent configurable-http-proxy@5
    else
        echo "The JupyterHub test needs npm (Node.js 18+) to install configurable-http-proxy." >&2
        echo "Install Node.js (Debian/Ubuntu: sudo apt-get install nodejs npm), then run again." >&2
        exit 1
    fi
fi

# axe-core (npm) for the accessibility checks in tests/browser, in the git-ignored .axe/ folder.
if [ ! -f .axe/node_modules/axe-core/axe.min.js ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "== installing axe-core for the accessibility checks"
        mkdir -p .axe
        npm install --prefix .axe --no-audit --no-fund --silent axe-core@4
    else
        echo "npm not found: the axe-core checks in tests/browser will fail (install Node.js)." >&2
    fi
fi

echo "== running the test suite"
export MPLBACKEND=Agg
# With arguments (a file, -k, ...): one pytest process with exactly those arguments.
if [ "$#" -gt 0 ]; then
    exec "$VENV/bin/python" -m pytest "$@"
fi
# Without: the whole suite as three pytest processes side by side. CI has 2 cores, and the
# browser tests spend most of their time waiting on a page or a kernel (about 220 s of CPU in
# 370 s), so two browser parts and the rest overlap well (benchmarks/README.md has the figures).
#   browser-1: tests/browser except the files below (the notebook sweep, quiz round trips, ...)
#   browser-2: the files below and tests/hub (a real JupyterHub)
#   rest:      everything else: unit tests, each notebook executed once, data package, wheel
# Each part starts its own JupyterLab, Voila and Chromium on free ports. browser-1 prints as it
# goes; the other two reports follow when all have ended. Any part failing fails the run.
BROWSER_2=(tests/browser/test_student_hour.py tests/browser/test_polish.py
    tests/browser/test_organiser.py tests/browser/test_notebook7.py tests/browser/test_voila.py)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV/bin/python" -m pytest tests --ignore=tests/browser --ignore=tests/hub \
    --basetemp="$work/rest" >"$work/rest.log" 2>&1 &
rest_pid=$!
"$VENV/bin/python" -m pytest "${BROWSER_2[@]}" tests/hub \
    --basetemp="$work/browser-2" >"$work/browser-2.log" 2>&1 &
browser2_pid=$!
set +e
"$VENV/bin/python" -m pytest tests/browser "${BROWSER_2[@]/#/--ignore=}" \
    --basetemp="$work/browser-1"
browser1_rc=$?
wait "$browser2_pid"
browser2_rc=$?
wait "$rest_pid"
rest_rc=$?
set -e
echo "== browser-2: ${BROWSER_2[*]} tests/hub"
cat "$work/browser-2.log"
echo "== rest: tests --ignore=tests/browser --ignore=tests/hub"
cat "$work/rest.log"
echo "== exit codes: browser-1 $browser1_rc, browser-2 $browser2_rc, rest $rest_rc"
if [ "$browser1_rc" -ne 0 ] || [ "$browser2_rc" -ne 0 ] || [ "$rest_rc" -ne 0 ]; then
    exit 1
fi

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

echo "== running the test suite"
export MPLBACKEND=Agg
exec "$VENV/bin/python" -m pytest "$@"

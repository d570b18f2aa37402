#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run the whole suite:
# unit tests, notebook execution (nbval) and real-browser tests (Playwright + Debian chromium).
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${KZLESSON_VENV:-.venv}"

"$PYTHON" - <<'PY'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"kzlesson needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
PY

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating virtual environment $VENV"
    "$PYTHON" -m venv "$VENV"
fi
echo "== installing kzlesson with its test dependencies"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[test]"

# The browser tests drive Debian's chromium (never a downloaded browser).
CHROMIUM="${KZLESSON_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing chromium for the browser tests"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "The browser tests need Chromium at $CHROMIUM." >&2
        echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set KZLESSON_CHROMIUM." >&2
        exit 1
    fi
fi

echo "== running the test suite"
export MPLBACKEND=Agg
exec "$VENV/bin/python" -m pytest "$@"

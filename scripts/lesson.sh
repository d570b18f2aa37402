#!/usr/bin/env bash
# Install kzlesson on a fresh machine and open the lesson in JupyterLab.
# Usage: bash scripts/lesson.sh [lesson folder, default ./kzlesson-lesson]
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
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e .
exec "$VENV/bin/kzlesson" start "${1:-kzlesson-lesson}"

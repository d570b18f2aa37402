#!/usr/bin/env bash
# Install kzlesson on a fresh machine and open the lesson in JupyterLab.
# Usage: bash scripts/lesson.sh [lesson folder, default ./kzlesson-lesson]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${KZLESSON_VENV:-.venv}"

# shellcheck source=scripts/venv.sh
source scripts/venv.sh
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e .
exec "$VENV/bin/kzlesson" start "${1:-kzlesson-lesson}"

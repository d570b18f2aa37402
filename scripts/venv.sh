# Sourced by lesson.sh and test.sh: check Python and create the virtual environment $VENV.
# Expects PYTHON and VENV to be set.

"$PYTHON" - <<'PY'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"kzlesson needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
PY

if [ ! -x "$VENV/bin/python" ]; then
    # Debian and Ubuntu ship venv's pip bootstrap separately (package python3-venv).
    if ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "== installing python3-venv (needed to create $VENV)"
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        else
            echo "This Python cannot create virtual environments (ensurepip is missing)." >&2
            echo "On Debian/Ubuntu: sudo apt-get install python3-venv; then run this again." >&2
            exit 1
        fi
    fi
    echo "== creating virtual environment $VENV"
    "$PYTHON" -m venv "$VENV"
fi

"""Build the wheel, install it into a fresh venv and use it from another folder."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pandas
import pytest

REPO = Path(__file__).resolve().parent.parent

CHECK = """
import importlib.resources, json, sys
import kzlesson as kz
from kzlesson.data import TABLES, load_table
from kzlesson.paths import data_dir
notebooks = importlib.resources.files("kzlesson") / "notebooks"
print(json.dumps({
    "file": kz.__file__,
    "data_dir": str(data_dir()),
    "rows": {name: len(load_table(name)) for name in TABLES},
    "notebooks": sorted(p.name for p in notebooks.iterdir() if p.name.endswith(".ipynb")),
    "editable_on_path": any(p.rstrip("/") == sys.argv[1] for p in sys.path),
}))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_wheel_installs_and_works_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    built = _run([*build, str(REPO)], cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("kzlesson-*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    repo_notebooks = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert repo_notebooks, "the repository has no notebooks to package"
    packaged = [n for n in names if n.startswith("kzlesson/notebooks/") and n.endswith(".ipynb")]
    assert sorted(n.split("/")[-1] for n in packaged) == repo_notebooks
    for csv_file in sorted((REPO / "data").glob("*.csv")) + [REPO / "data" / "datapackage.json"]:
        assert f"kzlesson/datafiles/{csv_file.name}" in names

    # A venv that cannot see the editable install: no system site-packages; the
    # dependencies (pandas, ...) come from a plain path entry, whose own .pth files
    # (such as the editable kzlesson one) are NOT processed. (That folder may still hold a
    # stray kzlesson/datafiles/ from the editable install: a namespace package without code.)
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = Path(_run([str(python), "-c", code], tmp_path).stdout.strip())
    deps = Path(pandas.__file__).resolve().parent.parent
    (purelib / "deps.pth").write_text(f"{deps}\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = _run([str(python), "-I", "-c", "import kzlesson.data"], cwd=elsewhere)
    assert before.returncode != 0 and "No module named 'kzlesson" in before.stderr

    installed = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    result = _run([str(python), "-I", "-c", CHECK, str(REPO)], cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["file"]).is_relative_to(purelib / "kzlesson"), report["file"]
    assert Path(report["data_dir"]) == purelib / "kzlesson" / "datafiles"
    assert not report["editable_on_path"]
    assert report["rows"]["paragraphs"] == 24
    assert all(count > 0 for count in report["rows"].values()), report["rows"]
    assert report["notebooks"] == repo_notebooks

    validated = _run([str(venv / "bin" / "kzlesson"), "validate"], cwd=elsewhere)
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("OK")
    assert sysconfig.get_path("purelib") != str(purelib)

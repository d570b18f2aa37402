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
from kzlesson.tables.load import TABLES, load_table
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


# Run by the wheel's own Python in a student's lesson folder: execute every notebook there
# top to bottom in a fresh kernel, as a student would, and report where the kernel found
# kzlesson and its data.
RUN_NOTEBOOKS = """
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
report = {}
for path in sorted(Path(".").glob("[0-9]*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json, sys, kzlesson\\n"
        "from kzlesson.paths import data_dir\\n"
        "print(json.dumps([sys.executable, kzlesson.__file__, str(data_dir())]))"
    ))
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True)
    client.execute(cwd=str(path.parent))
    errors = [o.get("ename", "") + ": " + o.get("evalue", "")
              for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    where = json.loads(nb.cells[-1].outputs[0]["text"])
    report[path.name] = {"errors": errors, "where": where}
print(json.dumps(report))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.timeout(900)  # build, install, then run six notebooks: more than the default 300 s
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
    before = _run([str(python), "-I", "-c", "import kzlesson.tables.load"], cwd=elsewhere)
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

    # A student's path: `kzlesson start` copies the packaged notebooks into a lesson folder,
    # and every one of them runs there from the installed wheel (not from this repository).
    lesson = elsewhere / "lesson"
    started = _run([str(venv / "bin" / "kzlesson"), "start", "--no-launch", str(lesson)], elsewhere)
    assert started.returncode == 0, started.stderr
    assert sorted(p.name for p in lesson.glob("*.ipynb")) == repo_notebooks
    ran = _run([str(python), "-I", "-c", RUN_NOTEBOOKS], cwd=lesson)
    assert ran.returncode == 0, ran.stderr[-3000:]
    runs = json.loads(ran.stdout.strip().splitlines()[-1])
    assert sorted(runs) == [n for n in repo_notebooks if n[0].isdigit()]
    for name, run in runs.items():
        assert run["errors"] == [], (name, run["errors"])
        executable, module, data = run["where"]
        assert Path(executable).parent == venv / "bin", (name, executable)
        assert Path(module).is_relative_to(purelib / "kzlesson"), (name, module)
        assert Path(data) == purelib / "kzlesson" / "datafiles", (name, data)
    assert sysconfig.get_path("purelib") != str(purelib)

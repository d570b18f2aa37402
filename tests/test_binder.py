"""Binder / repo2docker configuration: environment.yml, postBuild, and a generated Dockerfile.

Everything here is offline: repo2docker's ``--no-build`` only writes the Dockerfile.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from the PyPI project they provide
CONDA_TO_PYPI = {
    "matplotlib-base": "matplotlib",
    "python-fastjsonschema": "fastjsonschema",
    "nbconvert-core": "nbconvert",
}
# modules kzlesson imports that come with one of its declared dependencies (module -> that one)
COMES_WITH = {
    "IPython": "ipywidgets",
    "jinja2": "nbconvert",
    "jupyter_core": "jupyterlab",
    "numpy": "pandas",
}
# files repo2docker needs when the tree is not a git checkout (e.g. an unpacked sdist)
FALLBACK_FILES = ["environment.yml", "postBuild", "pyproject.toml", "README.md", "LICENSE"]
FALLBACK_DIRS = ["kzlesson", "data", "notebooks"]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _conda_pins(env: dict) -> dict[str, str]:
    """Map each conda dependency's PyPI name to its pinned version ('' when unpinned)."""
    pins = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(?:==?\s*([0-9][0-9A-Za-z.*]*))?", dep.strip())
        assert match, f"environment.yml: cannot read the dependency {dep!r}"
        name = match.group(1).lower()
        pins[CONDA_TO_PYPI.get(name, name)] = match.group(2) or ""
    return pins


def _pip_section(env: dict) -> list[str]:
    for dep in env["dependencies"]:
        if isinstance(dep, dict) and "pip" in dep:
            return [str(item) for item in dep["pip"]]
    return []


def test_environment_is_valid_yaml_on_conda_forge() -> None:
    env = _environment()
    assert isinstance(env, dict)
    assert env["channels"] == ["conda-forge"]
    assert isinstance(env["dependencies"], list) and env["dependencies"]


def test_python_is_pinned_and_allowed_by_pyproject() -> None:
    pins = _conda_pins(_environment())
    assert pins.get("python") == "3.11"
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    assert Version(pins["python"]) in requires


def test_every_runtime_dependency_is_pinned_within_pyproject_range() -> None:
    pins = _conda_pins(_environment())
    runtime = [Requirement(text) for text in _pyproject()["project"]["dependencies"]]
    assert runtime, "pyproject.toml lists no runtime dependencies"
    for req in runtime:
        name = req.name.lower()
        assert name in pins, f"environment.yml does not install {req.name} (pyproject needs {req})"
        assert pins[name], f"environment.yml: {name} is not pinned to a version"
        assert req.specifier.contains(pins[name]), (
            f"environment.yml pins {name}={pins[name]}, outside pyproject's {req}"
        )


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level modules outside the standard library that kzlesson's code imports -> files."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "kzlesson").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("kzlesson", "__future__"):
                    found.setdefault(top, set()).add(path.name)
    return found


def test_every_imported_package_is_a_runtime_dependency() -> None:
    """A module the code imports is declared in pyproject (or comes with a declared one)."""
    declared = {
        Requirement(text).name.lower().replace("_", "-")
        for text in _pyproject()["project"]["dependencies"]
    }
    providers = importlib.metadata.packages_distributions()
    missing = []
    for module, files in sorted(_third_party_imports().items()):
        if module in COMES_WITH:
            assert COMES_WITH[module] in declared, f"{module} should come with {COMES_WITH[module]}"
            continue
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not dists & declared:
            missing.append(f"{module} (imported in {', '.join(sorted(files))}; from {dists})")
    assert not missing, "add to [project.dependencies]: " + "; ".join(missing)


def test_dependencies_have_lower_bounds_only() -> None:
    for text in _pyproject()["project"]["dependencies"]:
        req = Requirement(text)
        assert req.specifier, f"{text}: give a lower bound (>=)"
        assert all(spec.operator == ">=" for spec in req.specifier), f"{text}: lower bounds only"


def test_voila_is_included_for_app_mode() -> None:
    pins = _conda_pins(_environment())
    assert pins.get("voila"), "voila must be pinned so app mode works on Binder"


def test_package_itself_is_installed_with_pip() -> None:
    env = _environment()
    assert "pip" in _conda_pins(env), "list pip itself before the pip: section"
    assert _pip_section(env) in (["."], ["-e ."]), _pip_section(env)


def test_postbuild_is_executable_and_strict() -> None:
    post = ROOT / "postBuild"
    assert os.access(post, os.X_OK), "postBuild must be executable (chmod +x postBuild)"
    commands = [
        line.strip()
        for line in post.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[0] == "set -e"
    assert any("import matplotlib.pyplot" in line for line in commands)


def test_postbuild_is_committed_executable() -> None:
    """Binder builds from the git repository: the executable bit must be in git's index,
    not only on this disk (a checkout on another machine gets what git recorded)."""
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if inside.stdout.strip() != "true":
        pytest.skip("not a git checkout (an unpacked sdist): there is no index to check")
    result = subprocess.run(
        ["git", "ls-files", "-s", "postBuild"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"git ls-files failed: {result.stderr}"
    assert result.stdout.split()[:1] == ["100755"], (
        f"postBuild is not committed as executable ({result.stdout.strip() or 'not tracked'}); "
        "run: git update-index --chmod=+x postBuild"
    )


def test_postbuild_runs(tmp_path: Path) -> None:
    """Run postBuild with this interpreter first on PATH, as repo2docker would run it."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")  # the font cache is built here, not in $HOME
    result = subprocess.run(
        ["bash", str(ROOT / "postBuild")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert any((tmp_path / "mpl").glob("fontlist-*.json")), "the font cache was not built"


def _clean_copy(target: Path) -> Path:
    """Copy the files git would commit (tracked + new, not ignored) into ``target``."""
    listed = None
    if shutil.which("git") and (ROOT / ".git").exists():
        result = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        )
        if result.returncode == 0:
            listed = [name for name in result.stdout.decode().split("\0") if name]
    if listed is None:
        listed = [name for name in FALLBACK_FILES if (ROOT / name).exists()]
        for folder in FALLBACK_DIRS:
            listed += [str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*") if p.is_file()]
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_repo2docker_generates_a_dockerfile(tmp_path: Path) -> None:
    repo2docker = shutil.which("repo2docker") or str(Path(sys.executable).parent / "repo2docker")
    if not Path(repo2docker).exists():
        pytest.fail("repo2docker is not installed: pip install jupyter-repo2docker")
    repo = _clean_copy(tmp_path / "repo")
    assert (repo / "environment.yml").is_file() and (repo / "postBuild").is_file()
    result = subprocess.run(
        [repo2docker, "--no-build", "--debug", str(repo)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    dockerfile = result.stdout + result.stderr
    update = dockerfile.find('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    assert update != -1, "repo2docker did not pick up environment.yml"
    # the local pip entry (".") needs the whole repository copied before the env is solved
    copy = dockerfile.find("COPY --chown=")
    assert copy != -1 and copy < update, "the repository is not copied before the env update"
    assert "RUN ./postBuild" in dockerfile

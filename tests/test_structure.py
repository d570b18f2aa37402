"""The package's shape: no import cycles, every module in docs/architecture.md, short functions.

The import graph is read from the source (``ast``), counting every ``import`` and ``from ...
import`` of a kzlesson module, including the lazy ones inside functions: a lazy import hides a
cycle from Python, not from the reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kzlesson"
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """kzlesson modules that ``module`` imports (a package counts as its __init__)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            target = (
                _resolve(module, is_package, node.level, node.module)
                if node.level
                else node.module or ""
            )
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {name for name in found if name in known and name != module}


def import_graph() -> dict[str, set[str]]:
    """Module -> the kzlesson modules it imports."""
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle (as a path a -> ... -> a), ignoring a module importing its own
    parent package (Python runs the parent's __init__ first either way)."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if _is_ancestor(nxt, node):
                continue
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def test_the_graph_sees_lazy_imports() -> None:
    graph = import_graph()
    # kz.quiz imports the quiz view inside the function: still an edge.
    assert "kzlesson.quizzes.view" in graph["kzlesson"]
    assert "kzlesson.tables.load" in graph["kzlesson.lookup"]


def test_find_cycles_can_fail() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles() -> None:
    cycles = find_cycles(import_graph())
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_every_module_is_in_the_architecture_doc() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [
        str(path.relative_to(PACKAGE.parent))
        for path in _modules().values()
        if f"`{path.relative_to(PACKAGE.parent).as_posix()}`" not in text
    ]
    assert missing == [], f"docs/architecture.md does not list: {', '.join(missing)}"


def _long_functions(limit: int) -> list[str]:
    found = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    found.append(f"{name}.{node.name} ({length} lines)")
    return found


# Functions still longer than 60 lines (mostly matplotlib calls one keyword per line and
# argparse set-up). The list may only shrink: a new long function fails, and so does an entry
# that is no longer long (take it off the list).
KNOWN_LONG = {
    "kzlesson.figures.charts.claims_by_speaker",
    "kzlesson.figures.charts.lpg_prices",
    "kzlesson.quizzes.bank.make_question",
    "kzlesson.teacher.cli.build_parser",
}


def test_no_new_function_is_longer_than_60_lines() -> None:
    long = {entry.split(" (")[0] for entry in _long_functions(60)}
    assert long - KNOWN_LONG == set(), "split these functions: " + ", ".join(
        sorted(long - KNOWN_LONG)
    )
    assert KNOWN_LONG - long == set(), "no longer long, take off KNOWN_LONG: " + ", ".join(
        sorted(KNOWN_LONG - long)
    )


# Modules with no test file of their own, exempt for good: package __init__s that hold no code
# (or, for kzlesson/__init__.py, the public API, tested in tests/quizzes/test_quiz_api.py and
# every notebook) and __main__ (one line calling teacher.cli.main, tested in tests/teacher).
NO_OWN_TEST = {
    "kzlesson",
    "kzlesson.__main__",
    "kzlesson.exercises",
    "kzlesson.explore",
    "kzlesson.figures",
    "kzlesson.quizzes",
    "kzlesson.quizzes.types",
    "kzlesson.tables",
    "kzlesson.teacher",
}
TESTS = PACKAGE.parent / "tests"


def own_test_files(module: str) -> tuple[Path, Path]:
    """Where a module's tests may live: kzlesson/a/b.py -> tests/a/test_b.py, or
    tests/a/test_a_b.py where the plain name is another folder's (pytest's default import mode
    needs test file names unique across folders: tests/tables/test_tables_display.py)."""
    parts = module.split(".")[1:]
    folder = TESTS.joinpath(*parts[:-1])
    prefixed = f"test_{parts[-2]}_{parts[-1]}.py" if len(parts) > 1 else f"test_{parts[-1]}.py"
    return folder / f"test_{parts[-1]}.py", folder / prefixed


def _has_test_file(module: str) -> bool:
    return any(path.is_file() for path in own_test_files(module))


def test_every_module_has_its_own_test_file() -> None:
    modules = set(_modules()) - NO_OWN_TEST
    without = {m for m in modules if not _has_test_file(m)}
    assert without == set(), "add a test file for: " + ", ".join(
        f"{m} ({own_test_files(m)[0].relative_to(TESTS.parent)})" for m in sorted(without)
    )
    assert set(_modules()) >= NO_OWN_TEST, "NO_OWN_TEST names a module that does not exist"


def test_the_test_file_rule_can_fail() -> None:
    plain, prefixed = own_test_files("kzlesson.quizzes.types.choice")
    assert plain == TESTS / "quizzes/types/test_choice.py"
    assert prefixed == TESTS / "quizzes/types/test_types_choice.py"
    assert own_test_files("kzlesson.paths")[0] == TESTS / "test_paths.py"
    assert _has_test_file("kzlesson.tables.display")  # under its prefixed name
    assert not _has_test_file("kzlesson.quizzes.no_such_module")


def test_test_file_names_are_unique_across_folders() -> None:
    packages = ("browser", "hub")  # folders with an __init__.py import by package name
    names = [p.name for p in TESTS.rglob("test_*.py") if not set(packages) & set(p.parts)]
    assert sorted({n for n in names if names.count(n) > 1}) == []

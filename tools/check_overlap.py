#!/usr/bin/env python3
"""Find wording copied from the reference material into the project's own text.

Project rule: facts and figures carry over from the reference files, sentences do not. This
script normalises text (lowercase, words only) and prints every run of at least ``--min``
(default 8) consecutive words that a scanned file shares with any file in the reference
folder, naming the file and the row/field, YAML line or notebook cell.

The one exception is the ``quote`` field of ``claims.csv``: it may quote the article, but each
quote must actually be found in the article (pieces separated by an ellipsis or by square
brackets are checked one by one) and must be at most 30 words long. Web addresses, and the
``title`` and ``url`` of ``sources.csv`` and ``documents.csv`` (bibliographic citations of
other people's work, which must match the original), are not checked, and neither is the
article's title.

Standard library only. Usage (from the repository root)::

    python tools/check_overlap.py                       # defaults below
    python tools/check_overlap.py --reference ../shared/reference data/claims.csv

Defaults: reference folder ``../shared/reference`` relative to the repository; files
``data/*.csv data/quizzes/*.yaml data/exercises/*.yaml notebooks/*.ipynb docs/*.md README.md``.
Notebooks are scanned in their markdown and code cells only (outputs are ignored).

Exit status: 0 when nothing is found, 1 when anything is reported, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
DEFAULT_PATTERNS = (
    "data/*.csv",
    "data/quizzes/*.yaml",
    "data/exercises/*.yaml",
    "notebooks/*.ipynb",
    "docs/*.md",
    "README.md",
)
QUOTE_LIMIT = 30
# Bibliographic fields: a source's own title and address must match what it is called, so
# they are citations, not our prose, and are not checked, and neither is the article's title.
CITATION_FIELDS = {
    ("sources.csv", "title"),
    ("sources.csv", "url"),
    ("documents.csv", "title"),
    ("documents.csv", "url"),
}
# Names of works may be cited in full: the article's own title.
ALLOWED_PHRASES = ("Protests in Kazakhstan: A Color Revolution or a Working-Class Uprising?",)
URL = re.compile(r"https?://\S+|www\.\S+")
ARTICLE_NAME = "article.md"
WORD = re.compile(r"[^\W_]+")
# An ellipsis or a bracketed insertion inside a quote separates pieces quoted separately.
QUOTE_BREAK = re.compile(r"\.\.\.|\u2026|\[[^\]]*\]")

csv.field_size_limit(sys.maxsize)


def words(text: str) -> list[str]:
    """Lowercase words (letters and digits; apostrophes and hyphens split words); URLs dropped."""
    return WORD.findall(URL.sub(" ", text).lower())


def words_with_lines(text: str) -> Iterator[tuple[str, int]]:
    """Each normalised word with the 1-based line it starts on."""
    text = URL.sub(lambda m: " " * len(m.group()), text)
    line = 1
    pos = 0
    for match in WORD.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        yield match.group().lower(), line


class Reference:
    """Every n-gram of the reference files, with the files it occurs in."""

    def __init__(self, folder: Path, n: int) -> None:
        self.n = n
        self.grams: dict[tuple[str, ...], set[str]] = {}
        self.article_text = ""
        self.allowed = [" " + " ".join(words(p)) + " " for p in ALLOWED_PHRASES]
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        if not files:
            raise SystemExit(f"no reference files in {folder}")
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            toks = words(text)
            name = str(path.relative_to(folder))
            for i in range(len(toks) - n + 1):
                self.grams.setdefault(tuple(toks[i : i + n]), set()).add(name)
            if path.name == ARTICLE_NAME:
                self.article_text = " " + " ".join(toks) + " "

    def runs(self, toks: list[str]) -> Iterator[tuple[int, int, set[str]]]:
        """Maximal runs [start, end) shared with a reference file, minus allowed titles."""
        for start, end, found in self._runs(toks):
            text = " " + " ".join(toks[start:end]) + " "
            if not any(text in allowed for allowed in self.allowed):
                yield start, end, found

    def _runs(self, toks: list[str]) -> Iterator[tuple[int, int, set[str]]]:
        """Maximal runs [start, end) whose every n-gram is in a reference file."""
        n = self.n
        i = 0
        limit = len(toks) - n + 1
        while i < limit:
            hit = self.grams.get(tuple(toks[i : i + n]))
            if not hit:
                i += 1
                continue
            start, found = i, set(hit)
            while i + 1 < limit and (more := self.grams.get(tuple(toks[i + 1 : i + 1 + n]))):
                found |= more
                i += 1
            yield start, i + n, found
            i += 1

    def in_article(self, piece: list[str]) -> bool:
        return not piece or (" " + " ".join(piece) + " ") in self.article_text


class Report:
    def __init__(self) -> None:
        self.count = 0

    def add(self, where: str, message: str) -> None:
        self.count += 1
        print(f"{where}: {message}")


def show(toks: list[str], limit: int = 40) -> str:
    text = " ".join(toks)
    return text if len(toks) <= limit else " ".join(toks[:limit]) + " ..."


def _finding(length: int, found: set[str], toks: list[str]) -> str:
    """One line of the report: how long the shared run is, with which files, and its words."""
    return f'{length} words shared with {", ".join(sorted(found))}: "{show(toks)}"'


def check_tokens(ref: Reference, report: Report, where: str, toks: list[str]) -> None:
    for start, end, found in ref.runs(toks):
        report.add(
            where,
            _finding(end - start, found, toks[start:end]),
        )


def check_quote(ref: Reference, report: Report, where: str, quote: str) -> None:
    total = len(words(quote))
    if total > QUOTE_LIMIT:
        report.add(where, f"quote has {total} words (limit {QUOTE_LIMIT})")
    if not ref.article_text:
        return
    for piece in QUOTE_BREAK.split(quote):
        toks = words(piece)
        if toks and not ref.in_article(toks):
            report.add(where, f'quote not found in the article: "{show(toks)}"')


def scan_csv(ref: Reference, report: Report, path: Path, label: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        is_claims = path.name == "claims.csv"
        for number, row in enumerate(reader, start=2):
            row_id = row.get("id") or row.get("term") or ""
            for field, value in row.items():
                if not value or field is None or (path.name, field) in CITATION_FIELDS:
                    continue
                where = f"{label}:{number} [{row_id}] {field}"
                if is_claims and field == "quote":
                    check_quote(ref, report, where, value)
                else:
                    check_tokens(ref, report, where, words(value))


def check_text_with_lines(
    ref: Reference, report: Report, label: str, text: str, line_offset: int = 0
) -> None:
    pairs = list(words_with_lines(text))
    toks = [w for w, _ in pairs]
    for start, end, found in ref.runs(toks):
        first, last = pairs[start][1] + line_offset, pairs[end - 1][1] + line_offset
        lines = f"{first}" if first == last else f"{first}-{last}"
        report.add(
            f"{label}:{lines}",
            _finding(end - start, found, toks[start:end]),
        )


def scan_notebook(ref: Reference, report: Report, path: Path, label: str) -> None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        report.add(label, f"cannot read notebook: {exc}")
        return
    for index, cell in enumerate(doc.get("cells", [])):
        if cell.get("cell_type") not in ("markdown", "code"):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        check_text_with_lines(
            ref, report, f"{label} cell {index} ({cell['cell_type']}) line", source
        )


def scan(ref: Reference, report: Report, path: Path) -> None:
    try:
        label = str(path.resolve().relative_to(REPO))
    except ValueError:
        label = str(path)
    if path.suffix == ".csv":
        scan_csv(ref, report, path, label)
    elif path.suffix == ".ipynb":
        scan_notebook(ref, report, path, label)
    else:
        check_text_with_lines(ref, report, f"{label} line", path.read_text(encoding="utf-8"))


def default_files() -> Iterable[Path]:
    for pattern in DEFAULT_PATTERNS:
        yield from sorted(REPO.glob(pattern))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reference",
        "-r",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="folder of reference files (default: ../shared/reference relative to the repository)",
    )
    parser.add_argument(
        "--min", type=int, default=8, help="shortest run to report (default 8 words)"
    )
    parser.add_argument(
        "files", nargs="*", type=Path, help="files to scan (default: the project's text)"
    )
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        parser.error(f"reference folder not found: {args.reference}")
    if args.min < 2:
        parser.error("--min must be at least 2")
    ref = Reference(args.reference, args.min)
    report = Report()
    files = list(args.files) or list(default_files())
    for path in files:
        if not path.is_file():
            report.add(str(path), "file not found")
            continue
        scan(ref, report, path)
    print(f"{report.count} finding(s) in {len(files)} file(s)", file=sys.stderr)
    return 1 if report.count else 0


if __name__ == "__main__":
    sys.exit(main())

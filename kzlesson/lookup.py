"""Find a place, an actor or a glossary term by any of its names.

Names are compared after :func:`normalise_name`, so case, accents, hyphens, spaces,
apostrophes and quotes do not matter: "Alma-Ata", "alma ata" and "ALMATY" all find Almaty.
"""

from __future__ import annotations

import difflib
import functools
import html
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import StudentError, student_call
from .paths import resolve_dir
from .tables.load import data_version, load_table

# Lower number = stronger match: an id or canonical name beats an alias.
_ID, _NAME, _ALIAS = 0, 1, 2
_NAME_COLUMN = {"places": "name", "actors": "name", "glossary": "term"}


class NotFound(StudentError, KeyError):
    """A KeyError whose message reads well (KeyError normally shows it in quotes); in a
    notebook it shows as one line (see :class:`~kzlesson.errors.StudentError`)."""


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary term: its definition and the paragraphs of the article where it matters."""

    term: str
    definition: str
    paragraphs: tuple[str, ...] = ()

    def __str__(self) -> str:
        see = f" (see {', '.join(self.paragraphs)})" if self.paragraphs else ""
        return f"{self.term}: {self.definition}{see}"

    def _repr_html_(self) -> str:
        e = html.escape
        see = f" <em>(see {e(', '.join(self.paragraphs))})</em>" if self.paragraphs else ""
        return (
            f'<p class="kz-glossary"><strong>{e(self.term)}</strong>: {e(self.definition)}{see}</p>'
        )


def normalise_name(text: Any) -> str:
    """Fold a name for comparison: no accents, lower case, letters and digits only.

    >>> normalise_name("Jañaözen") == normalise_name("janaozen")
    True
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    kept = [ch for ch in decomposed if not unicodedata.combining(ch)]
    return "".join(ch for ch in "".join(kept).casefold() if ch.isalnum())


@dataclass(frozen=True)
class _Index:
    """Normalised name -> row positions per match strength, and the canonical name to suggest."""

    keys: dict[str, dict[int, list[int]]]
    display: dict[str, str]


def _build_index(frame: pd.DataFrame, id_column: str | None, name_column: str) -> _Index:
    """Index every id, name and alias of a table by its normalised form."""
    keys: dict[str, dict[int, list[int]]] = {}
    display: dict[str, str] = {}
    for position, row in enumerate(frame.itertuples(index=False)):
        record = row._asdict()
        canonical = str(record[name_column])
        names = [(_NAME, record[name_column])]
        if id_column is not None:
            names.append((_ID, record[id_column]))
        names += [(_ALIAS, alias) for alias in record["aliases"]]
        for strength, name in names:
            key = normalise_name(name)
            if not key:
                continue
            rows = keys.setdefault(key, {}).setdefault(strength, [])
            if position not in rows:
                rows.append(position)
            display.setdefault(key, canonical)
    return _Index(keys, display)


@functools.cache
def _index(table: str, directory: Path, version: tuple) -> tuple[pd.DataFrame, _Index]:
    """Load a table and build its alias index once per data folder and file version."""
    frame = load_table(table, directory)
    name_column = _NAME_COLUMN[table]
    return frame, _build_index(frame, None if table == "glossary" else "id", name_column)


def _lookup(table: str, kind: str, name: Any, directory: str | Path | None) -> pd.Series:
    """Return the one row of ``table`` that ``name`` refers to, or raise NotFound."""
    folder = resolve_dir(directory)
    frame, index = _index(table, folder, data_version(folder))
    key = normalise_name(name)
    matches = index.keys.get(key, {})
    if matches:
        rows = matches[min(matches)]
        if len(rows) == 1:
            return frame.iloc[rows[0]].copy()
        names = [str(frame.iloc[row][_NAME_COLUMN[table]]) for row in rows]
        options = " or ".join(repr(option) for option in names)
        raise NotFound(f"{name!r} could mean {options}: please use the full name.")
    suggestions = _suggestions(key, index)
    hint = f" Did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise NotFound(
        f"No {kind} called {name!r} in the data.{hint} (kz.load_{table}() lists them all.)"
    )


def _suggestions(key: str, index: Any, limit: int = 3) -> list[str]:
    """Up to ``limit`` distinct records whose names are close to ``key``.

    Names that contain the typed text (or are contained in it, e.g. "Almaty" in "Almaty
    region") come first, then the closest spellings; aliases of one record count once.
    """
    known = list(index.keys)
    inside = [k for k in known if len(k) >= 4 and len(key) >= 4 and (k in key or key in k)]
    close = difflib.get_close_matches(key, known, n=12, cutoff=0.6)
    names = dict.fromkeys(index.display[match] for match in [*inside, *close])
    return list(names)[:limit]


@student_call("kz.resolve_place", tip="Look up one place at a time.")
def resolve_place(name: str, *, directory: str | Path | None = None) -> pd.Series:
    """Return the row of the places table for any name or alias ("Alma-Ata" -> Almaty)."""
    return _lookup("places", "place", name, directory)


@student_call("kz.resolve_actor", tip="Look up one name at a time.")
def resolve_actor(name: str, *, directory: str | Path | None = None) -> pd.Series:
    """Return the row of the actors table for any name or alias ("Takayev" -> Tokayev)."""
    return _lookup("actors", "actor", name, directory)


@student_call("kz.glossary", tip="Look up one term at a time.")
def glossary(term: str, *, directory: str | Path | None = None) -> GlossaryEntry:
    """Return the :class:`GlossaryEntry` of a term or one of its aliases ("csto");
    ``str()`` of it reads "term: definition (see P..)"."""
    row = _lookup("glossary", "glossary term", term, directory)
    return GlossaryEntry(
        term=str(row["term"]),
        definition=str(row["definition"]),
        paragraphs=tuple(str(p) for p in row["paragraph_ids"]),
    )

"""Load the question bank (``data/quizzes/<notebook>.yaml``), check it and decode its answers.

Every file is checked against ``data/quizzes/schema.json`` (JSON Schema draft 2020-12); every
decoded answer against the key schema of its question type; then ids, options and citations are
cross-checked (paragraph ids P1-P24 and source ids from ``sources.csv``, ``data_refs`` against the
data tables, gazetteer ids for text answers). A bad bank raises :class:`BankError`, which lists
every problem with file, line, question id and JSON path.

Answers are stored as ``enc:v1:...`` (see :mod:`kzlesson.quizzes.codec`): that is obscuring, not
security. Maintainers use the small command line in :mod:`kzlesson.quizzes.maintain`::

    python -m kzlesson.quizzes.maintain check                 # check the packaged bank
    python -m kzlesson.quizzes.maintain unseal data/quizzes/timeline.yaml > timeline.plain.yaml
    python -m kzlesson.quizzes.maintain seal timeline.plain.yaml -o data/quizzes/timeline.yaml
    python -m kzlesson.quizzes.maintain encode '{"answer": "b", ...}'
    python -m kzlesson.quizzes.maintain decode 'enc:v1:...'
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import content
from ..paths import resolve_dir
from ..tables.load import ARTICLE_SOURCE, ARTICLE_URL, DataError, data_version, load_table
from . import codec, registry
from .core import Choice, Cite, Key, Question, Wrong
from .parsing import fold_text

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema import ValidationError

NOTEBOOKS = ("start", "context", "timeline", "grievances", "debate", "aftermath")
QUIZ_FOLDER = "quizzes"
SCHEMA_FILE = "schema.json"
_PLAIN_ANSWER_KEYS = {"correct", "solution", "answers", "right", "expected", "correct_answer"}
_DATA_REF_TABLES = {
    "claims": "claims",
    "figures": "figures",
    "events": "events",
    "interpretations": "interpretations",
    "places": "places",
    "actors": "actors",
}


class BankError(content.ContentProblems):
    """A question bank file is malformed; ``.problems`` lists every problem found.

    ``.unchecked`` maps each data table that did not load to the line saying so: references
    into it were not checked. ``.problems`` ends with those lines; ``.bank_problems`` leaves
    them out (the problems in the bank files themselves).
    """

    what = "the question bank"
    shown = 25

    def __init__(self, problems: list[str], unchecked: dict[str, str] | None = None) -> None:
        self.bank_problems = list(problems)
        self.unchecked = dict(unchecked or {})
        super().__init__(self.bank_problems + list(self.unchecked.values()))


class UnknownQuiz(KeyError):
    """No quiz or question with that name; the message suggests close matches."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Bank:
    """Every question, by notebook (in file order) and by id."""

    notebooks: dict[str, tuple[Question, ...]]
    titles: dict[str, str]

    def question(self, question_id: str) -> Question:
        """The question with this id; :class:`UnknownQuiz` (with suggestions) if none."""
        for questions in self.notebooks.values():
            for question in questions:
                if question.id == question_id:
                    return question
        ids = [q.id for qs in self.notebooks.values() for q in qs]
        raise UnknownQuiz(_unknown("question", question_id, ids))

    def questions(self, notebook: str) -> tuple[Question, ...]:
        """The questions of one notebook's quiz; :class:`UnknownQuiz` if there is no such quiz."""
        if notebook not in self.notebooks:
            raise UnknownQuiz(_unknown("quiz", notebook, list(self.notebooks)))
        return self.notebooks[notebook]

    def all(self) -> list[Question]:
        """Every question, notebook by notebook."""
        return [q for key in self.notebooks for q in self.notebooks[key]]


def _unknown(kind: str, name: Any, known: list[str]) -> str:
    """A friendly 'no such thing' message with close matches."""
    close = difflib.get_close_matches(str(name)[:100], known, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    listing = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"There is no {kind} called {str(name)[:100]!r}.{hint} Available: {listing}."


def quiz_dir(directory: str | Path | None = None) -> Path:
    """The folder holding the bank: ``directory`` or the packaged ``quizzes/`` folder."""
    if directory is not None:
        return Path(directory).expanduser().resolve()
    return resolve_dir(None) / QUIZ_FOLDER


@functools.cache
def _schema(path: Path) -> dict[str, Any]:
    """The bank's JSON Schema."""
    return json.loads(path.read_text(encoding="utf-8"))


def load_bank(
    directory: str | Path | None = None, data_directory: str | Path | None = None
) -> Bank:
    """Load and check every bank file in ``directory`` (default: the packaged bank).

    ``data_directory`` is the data folder used to check citations and resolve place and actor
    names (default: the packaged data). Raises :class:`BankError` listing every problem.
    """
    folder = quiz_dir(directory)
    data_folder = resolve_dir(data_directory)
    version = content.folder_version(folder, SCHEMA_FILE, "*.y*ml")
    return _load_cached(folder, data_folder, version, data_version(data_folder))


@functools.cache
def _load_cached(folder: Path, data_folder: Path, signature: tuple, data_sig: tuple) -> Bank:
    """Load the bank once per folder and version of its files and of the data it cites."""
    return _Loader(folder, data_folder).load()


def questions(notebook: str) -> tuple[Question, ...]:
    """The questions of one notebook's quiz from the packaged bank."""
    return load_bank().questions(notebook)


def question(question_id: str) -> Question:
    """One question of the packaged bank by id."""
    return load_bank().question(question_id)


# --- locating problems -----------------------------------------------------------------------


def _json_path(parts: Sequence[Any]) -> str:
    """``["questions", 2, "options"]`` -> ``questions[2].options``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_of(node: yaml.Node | None, parts: Sequence[Any]) -> int | None:
    """The 1-based line of the YAML node at ``parts`` (or of its nearest existing parent)."""
    line = None if node is None else node.start_mark.line + 1
    for part in parts:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


# --- the loader ------------------------------------------------------------------------------


def key_problems(raw: dict[str, Any], key: Any, defs: dict[str, Any]) -> list[str]:
    """A decoded answer checked against its question type's key schema (``defs``: the bank
    schema's ``$defs``, which the type's fragment may refer to); [] when it fits."""
    qtype = registry.get(raw["type"])
    if qtype is None:
        known = ", ".join(registry.TYPES)
        return [f"unknown question type {raw['type']!r} (known: {known})"]
    key_schema = {"$defs": defs, **qtype.key_schema}
    return [
        f"(decoded) at {_json_path(list(error.absolute_path))}: {error.message}"
        for error in content.errors(key_schema, key)
    ]


def structure_problems(raw: dict[str, Any], key: dict[str, Any]) -> list[tuple[list[str], str]]:
    """(where, problem) for duplicate choice ids and for the type's own checks of a decoded key
    against its question (answers among the choices, feedback for every choice): what the key
    schema cannot say."""
    found: list[tuple[list[str], str]] = []
    for field_name in ("options", "items", "left", "right"):
        ids = [c["id"] for c in raw.get(field_name, [])]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            found.append(([field_name], f"duplicate choice id(s): {', '.join(dupes)}"))
    qtype = registry.get(raw["type"])
    if qtype is not None:
        found += [(["answer"], f"(decoded) {message}") for message in qtype.structure(raw, key)]
    return found


class _Loader:
    """Reads, checks and builds the bank; collects every problem before raising."""

    def __init__(self, folder: Path, data_folder: Path) -> None:
        self.folder = folder
        self.data_folder = data_folder
        self.problems: list[str] = []
        self.unloaded: dict[str, str] = {}  # data table -> why references into it are unchecked
        self._tables: dict[str, Any] = {}

    def problem(
        self, file: str, node: Any, parts: Sequence[Any], qid: str | None, text: str
    ) -> None:
        """Record one problem with file, line, question id and JSON path."""
        line = _line_of(node, parts)
        where = f"{file}" + (f" line {line}" if line else "")
        who = f" question {qid}," if qid else ""
        self.problems.append(f"{where}:{who} at {_json_path(parts)}: {text}")

    def table_ids(self, table: str) -> set[str] | None:
        """The ids of one data table (None if the data cannot be loaded: reported once)."""
        if table not in self._tables:
            try:
                frame = load_table(table, self.data_folder)
                column = "term" if table == "glossary" else "id"
                self._tables[table] = {str(v) for v in frame[column]}
            except (DataError, OSError) as exc:
                self.unloaded[table] = (
                    f"cannot check the bank's references: the data table {table!r} in "
                    f"{self.data_folder} does not load ({str(exc).splitlines()[0]})"
                )
                self._tables[table] = None
        return self._tables[table]

    def table_columns(self, table: str) -> list[str] | None:
        """The columns of one data table (None if it does not load: reported by table_ids)."""
        if self.table_ids(table) is None:
            return None
        return list(load_table(table, self.data_folder).columns)

    def load(self) -> Bank:
        """Read every file, check it and build the questions; BankError if anything is wrong."""
        schema_path = self.folder / SCHEMA_FILE
        if not self.folder.is_dir():
            raise BankError([f"{self.folder}: the question bank folder does not exist"])
        try:
            schema = _schema(schema_path)
        except (OSError, json.JSONDecodeError) as exc:
            raise BankError([f"{schema_path}: cannot read the bank schema ({exc})"]) from None
        notebooks: dict[str, tuple[Question, ...]] = {}
        titles: dict[str, str] = {}
        seen: dict[str, str] = {}
        files = sorted(self.folder.glob("*.y*ml"), key=lambda p: _file_order(p.stem))
        if not files:
            raise BankError([f"{self.folder}: no question bank files (*.yaml) found"])
        for path in files:
            built = self.load_file(path, schema, seen)
            if built is not None:
                key, title, qs = built
                notebooks[key], titles[key] = qs, title
        if self.problems or self.unloaded:
            raise BankError(self.problems, self.unloaded)
        return Bank(notebooks, titles)

    def load_file(
        self, path: Path, schema: dict[str, Any], seen: dict[str, str]
    ) -> tuple[str, str, tuple[Question, ...]] | None:
        """Check one file and build its questions (None if it has problems)."""
        name = path.name
        before = len(self.problems)
        if path.stem not in NOTEBOOKS:
            self.problems.append(
                f"{name}: unknown notebook file; bank files are named {', '.join(NOTEBOOKS)} .yaml"
            )
            return None
        try:
            parsed = content.read_yaml(path, with_lines=True)
        except content.UnreadableFile as exc:
            if exc.kind == "read":
                self.problems.append(f"{name}: cannot read the file ({exc.reason})")
            else:
                where = f" line {exc.line}" if exc.line else ""
                self.problems.append(f"{name}{where}: not valid YAML ({exc.reason})")
            return None
        node, doc = parsed.node, parsed.data
        self.check_schema(name, node, doc, schema)
        if len(self.problems) > before:
            return None
        if doc["notebook"] != path.stem:
            self.problem(
                name,
                node,
                ["notebook"],
                None,
                f"is {doc['notebook']!r}; the file name says {path.stem!r}",
            )
        built = []
        for index, raw in enumerate(doc["questions"]):
            where = ["questions", index]
            qid = raw["id"]
            if qid in seen:
                self.problem(
                    name,
                    node,
                    [*where, "id"],
                    qid,
                    f"duplicate id: {qid} is also used in {seen[qid]}",
                )
                continue
            seen[qid] = name
            question = self.build(name, node, where, raw, schema, path.stem)
            if question is not None:
                built.append(question)
        if len(self.problems) > before:
            return None
        return path.stem, doc["title"], tuple(built)

    def check_schema(self, name: str, node: Any, doc: Any, schema: dict[str, Any]) -> None:
        """Report every JSON Schema error of one file, with friendlier words for answers."""
        for error in content.errors(schema, doc):
            parts = list(error.absolute_path)
            qid = _question_id(doc, parts)
            self.problem(name, node, parts, qid, _schema_message(error, parts))

    def build(
        self,
        name: str,
        node: Any,
        where: list[Any],
        raw: dict[str, Any],
        schema: dict[str, Any],
        notebook: str,
    ) -> Question | None:
        """Decode, check and build one question."""
        qid = raw["id"]
        before = len(self.problems)

        def bad(parts: list[Any], text: str) -> None:
            self.problem(name, node, [*where, *parts], qid, text)

        if raw["notebook"] != notebook:
            bad(["notebook"], f"is {raw['notebook']!r} but the file is {notebook}.yaml")
        if not qid.startswith(notebook + "-"):
            bad(["id"], f"must start with '{notebook}-' in {notebook}.yaml")
        try:
            key = codec.decode(raw["answer"])
        except codec.CodecError as exc:
            bad(
                ["answer"], f"{exc}; re-encode it with `python -m kzlesson.quizzes.maintain encode`"
            )
            return None
        for message in key_problems(raw, key, schema["$defs"]):
            bad(["answer"], message)
        if len(self.problems) > before:
            return None
        self.check_structure(raw, key, bad)
        self.check_references(raw, key, bad)
        if len(self.problems) > before or self.unloaded:
            return None  # with a data table missing, citations and names cannot be built
        return self.make_question(raw, key)

    def check_structure(self, raw: dict[str, Any], key: dict[str, Any], bad: Any) -> None:
        """Ids unique, answers among the choices, feedback for every option/pair/item."""
        for parts, message in structure_problems(raw, key):
            bad(parts, message)

    def check_references(self, raw: dict[str, Any], key: dict[str, Any], bad: Any) -> None:
        """Paragraph, source, data_refs, place and actor ids must exist in the data."""
        checks: list[tuple[list[Any], str, list[str]]] = [
            (["paragraphs"], "paragraphs", raw["paragraphs"]),
            (["sources"], "sources", raw["sources"]),
        ]
        for field_name, values in raw.get("data_refs", {}).items():
            checks.append((["data_refs", field_name], _DATA_REF_TABLES[field_name], values))
        if raw["type"] == "text":
            for entry in [key, *key["wrong"]]:
                for kind, table in (("place", "places"), ("actor", "actors")):
                    if entry.get(kind):
                        checks.append((["answer"], table, [entry[kind]]))
        checks += self.data_check_references(raw, bad)
        for parts, table, values in checks:
            known = self.table_ids(table)
            if known is None:
                continue
            unknown = [v for v in values if v not in known]
            if unknown:
                bad(parts, f"unknown {table} id(s): {', '.join(unknown)} (not in {table}.csv)")

    def data_check_references(
        self, raw: dict[str, Any], bad: Any
    ) -> list[tuple[list[Any], str, list[str]]]:
        """The ids a ``data_check`` names (to check like the others); its field must exist."""
        data_check = raw.get("data_check")
        if not data_check:
            return []
        table = data_check["table"]
        checks: list[tuple[list[Any], str, list[str]]] = []
        if "id" in data_check:
            checks.append((["data_check", "id"], table, [data_check["id"]]))
        refs = [
            c["ref"] for f in ("options", "items", "left") for c in raw.get(f, []) if "ref" in c
        ]
        checks.append((["data_check"], table, refs))
        columns = self.table_columns(table)
        if columns is not None and data_check["field"] not in columns:
            bad(["data_check", "field"], f"{table}.csv has no field {data_check['field']!r}")
        return checks

    def names_of(self, table: str, row_id: str) -> list[str]:
        """Id, canonical name and every alias of a place or actor."""
        frame = load_table(table, self.data_folder)
        row = frame[frame["id"] == row_id].iloc[0]
        return [str(row["name"]), *[str(a) for a in row["aliases"]], row_id]

    def surnames_of(self, actor_id: str) -> list[str]:
        """A person's surnames from each full name ("Mukhtar Abliazov" -> "Abliazov").

        Only for actors of kind ``person``, and only from names whose words are all
        capitalised (so "Leader of the Nation" gives none).
        """
        frame = load_table("actors", self.data_folder)
        row = frame[frame["id"] == actor_id].iloc[0]
        if str(row["kind"]) != "person":
            return []
        out = []
        for name in self.names_of("actors", actor_id):
            words = name.split()
            if len(words) >= 2 and all(w[:1].isupper() for w in words) and len(words[-1]) > 2:
                out.append(words[-1])
        return out

    def accepted(self, entry: dict[str, Any]) -> tuple[list[str], frozenset[str]]:
        """The shown and folded forms a text answer (or wrong answer) accepts.

        A person (``actor`` of kind person) is also accepted by surname alone; surnames are
        added to the folded forms only, so the answer key lists the names as written.
        """
        shown = list(entry.get("accept", []))
        extra: list[str] = []
        if entry.get("place"):
            shown += self.names_of("places", entry["place"])
        if entry.get("actor"):
            shown += self.names_of("actors", entry["actor"])
            extra = self.surnames_of(entry["actor"])
        shown = list(dict.fromkeys(shown))
        return shown, frozenset(f for f in map(fold_text, shown + extra) if f)

    def citations(self, raw: dict[str, Any]) -> tuple[Cite, ...]:
        """The article's paragraphs and each source as citations with addresses."""
        out = []
        paragraphs = raw["paragraphs"]
        sources = load_table("sources", self.data_folder).set_index("id")
        if paragraphs or "article" in raw["sources"]:
            where = f", {', '.join(paragraphs)}" if paragraphs else ""
            out.append(Cite(f"The article{where} ({ARTICLE_SOURCE})", ARTICLE_URL))
        for source_id in raw["sources"]:
            if source_id == "article":
                continue
            row = sources.loc[source_id]
            date = row["date"]
            when = (
                "" if date is None or str(date) in ("NaT", "<NA>") else f", {date.day} {date:%b %Y}"
            )
            out.append(Cite(f"{row['publisher']}: {row['title']}{when}", str(row["url"])))
        return tuple(out)

    def make_question(self, raw: dict[str, Any], key: dict[str, Any]) -> Question:
        """Build the Question dataclass from a checked file entry and its decoded key."""
        qtype = raw["type"]
        shown, folded = ((), frozenset())
        wrong: list[Wrong] = []
        if qtype == "text":
            shown, folded = self.accepted(key)
            for entry in key["wrong"]:
                wrong_shown, wrong_folded = self.accepted(entry)
                wrong.append(
                    Wrong(feedback=entry["feedback"], accept=wrong_folded, shown=tuple(wrong_shown))
                )
        elif qtype == "numeric":
            for entry in key["wrong"]:
                wrong.append(
                    Wrong(
                        entry["feedback"], float(entry["value"]), float(entry.get("tolerance", 0))
                    )
                )
        answer = key.get("answer")
        if qtype == "truefalse":
            feedback = {"true": key["feedback"]["true"], "false": key["feedback"]["false"]}
        else:
            feedback = dict(key.get("feedback", {}))
        decoded = Key(
            answer=tuple(answer) if isinstance(answer, list) else answer,
            explanation=key.get("explanation", ""),
            feedback=feedback,
            tolerance=float(key.get("tolerance", 0)),
            unit=key.get("unit", raw.get("unit", "")),
            accept=folded,
            accept_shown=tuple(shown),
            wrong=tuple(wrong),
            too_low=key.get("too_low", ""),
            too_high=key.get("too_high", ""),
            other=key.get("other", ""),
            model_answer=key.get("model_answer", ""),
            rubric=tuple(key.get("rubric", ())),
            perspectives=tuple(key.get("perspectives", ())),
        )

        def choices(field_name: str) -> tuple[Choice, ...]:
            return tuple(
                Choice(c["id"], c["text"], c.get("ref", "")) for c in raw.get(field_name, [])
            )

        return Question(
            id=raw["id"],
            notebook=raw["notebook"],
            type=qtype,
            prompt=raw["prompt"],
            key=decoded,
            hint=raw["hint"],
            skill=raw["skill"],
            paragraphs=tuple(raw["paragraphs"]),
            sources=tuple(raw["sources"]),
            citations=self.citations(raw),
            data_refs={k: tuple(v) for k, v in raw.get("data_refs", {}).items()},
            data_check=dict(raw.get("data_check", {})),
            options=choices("options"),
            items=choices("items"),
            left=choices("left"),
            right=choices("right"),
            labels=tuple(raw.get("labels", ())),
            unit=raw.get("unit", ""),
            placeholder=raw.get("placeholder", ""),
        )


def _file_order(stem: str) -> int:
    """Notebook order for bank files; unknown names last."""
    return NOTEBOOKS.index(stem) if stem in NOTEBOOKS else len(NOTEBOOKS)


def _question_id(doc: Any, parts: list[Any]) -> str | None:
    """The id of the question a JSON path points into, if it has one."""
    if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
        try:
            qid = doc["questions"][parts[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return str(qid) if qid is not None else f"#{parts[1] + 1} (no id)"
    return None


def _schema_message(error: ValidationError, parts: list[Any]) -> str:
    """A JSON Schema error in words a maintainer can act on."""
    if parts and parts[-1] == "answer" and not codec.is_encoded(error.instance):
        return (
            "the answer is in plain text, but answers must be encoded (enc:v1:...) so students "
            "do not see them: run `python -m kzlesson.quizzes.maintain seal FILE`"
        )
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        plain = [k for k in extra if k in _PLAIN_ANSWER_KEYS]
        if plain:
            return (
                f"field(s) {', '.join(plain)} would show the answer in plain text: put it in the "
                "encoded 'answer' field (`python -m kzlesson.quizzes.maintain encode`)"
            )
        return f"unknown field(s): {', '.join(extra)}"
    if error.validator == "pattern" and parts and parts[-2:-1] == ["paragraphs"]:
        return f"{error.instance!r} is not a paragraph id (P1-P24)"
    return error.message

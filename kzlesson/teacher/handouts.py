"""``kzlesson handouts``: printable HTML editions of the lesson for students and teachers.

Every notebook is executed in a temporary copy (fresh kernel, progress saved to a temporary
file) and exported to self-contained HTML that works offline: no script, style or font is
fetched from the network. Interactive widgets are printed as static text: kzlesson's quizzes and
explorers in their own printable form (questions and options, never answers), other widgets
from their saved state (options as empty boxes, an empty box for written answers).

- ``OUT/student/NAME.html``: the executed notebook, without answers;
- ``OUT/teacher/NAME.html``: the same, plus the exercises' model solutions and the quiz answer key;
- ``OUT/index.html``: links to both editions of every notebook.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..house import NOTE_METADATA

if TYPE_CHECKING:  # pragma: no cover
    from ..exercises.files import Exercise

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TEMPLATE_NAME = "kzlesson_handout.html.j2"
CELL_TIMEOUT = 300  # seconds per cell

# The stock "lab" template, minus everything it would fetch from a CDN (require.js, MathJax,
# Mermaid, the widget manager), plus print styles for the static widgets and the teacher key.
# Raw cells that kzlesson adds (built from escaped text) are copied as they are; the stock
# template would pass them through its HTML cleaner, which drops paragraphs and lists.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block rawcell scoped -%}
{%- if cell.metadata.get('kzlesson') == 'handout' -%}{{ cell.source }}
{%- else -%}{{ super() }}{%- endif -%}
{%- endblock rawcell -%}
{%- block extra_css -%}
<style type="text/css">
.kz-static { margin: 0.3em 0; }
.kz-static-box { border: 1px solid #888; border-radius: 4px; padding: 0.4em; margin: 0.4em 0; }
.kz-static-answer { border: 1px solid #444; min-height: 4em; margin: 0.3em 0; padding: 0.3em; }
.kz-static-options { list-style: none; padding-left: 0.5em; }
.kz-teacher { border: 3px double #0072B2; padding: 0.5em 1em; margin: 1em 0; }
.kz-solution { border-left: 4px solid #009E73; padding: 0.2em 0.8em; margin: 0.5em 0; }
.kz-edition { font-weight: bold; font-size: 1.15em; border: 2px solid #000; padding: 0.4em 0.8em;
  margin: 0 0 1em 0; }
.kz-edition-teacher { border-width: 4px; }
/* kzlesson's own blocks sit outside the rendered cells: give them the cells' font */
.kz-edition, .kz-teacher, .kz-answer-key {
  font-family: var(--jp-content-font-family, system-ui, sans-serif);
  font-size: var(--jp-content-font-size1, 14px); line-height: 1.5; }
/* break lines between words, never inside one (the stock styles break anywhere) */
.jp-RenderedText pre, .jp-OutputArea-output pre, .kz-quiz-text pre {
  white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { word-break: normal;
  overflow-wrap: break-word; }
/* paper: room to write a reflection */
.kz-quiz-text li.kz-q-reflection::after { content: ""; display: block; min-height: 8em;
  border: 1px solid #444; margin: 0.3em 0 0.8em 0; }
@media print {
  .jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow: visible !important; }
  .jp-RenderedHTMLCommon table { width: 100% !important; table-layout: fixed;
    font-size: 7.5pt; }
  .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { padding: 1px 3px; }
  img, .kz-figure, .kz-key-question, .kz-solution { break-inside: avoid; }
}
</style>
{%- endblock extra_css -%}
"""


class HandoutError(RuntimeError):
    """Raised when a notebook cannot be executed or exported (names the notebook and cell)."""


@dataclass
class HandoutReport:
    """What :func:`build_handouts` wrote."""

    out: Path
    student: list[Path] = field(default_factory=list)
    teacher: list[Path] = field(default_factory=list)
    index: Path | None = None


def notebook_key(stem: str) -> str:
    """Return the quiz key of a notebook file stem: the word after the number.

    ``00_start_here`` -> ``start``, ``02_timeline`` -> ``timeline`` (see docs/architecture.md).
    Used when a notebook's metadata has no ``kzlesson.key``.
    """
    parts = stem.split("_")
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1]:
        raise HandoutError(f"{stem}.ipynb: expected a name like 02_timeline (number_key).")
    return parts[1]


def select_notebooks(notebooks: list[Path], only: Iterable[str] | None) -> list[Path]:
    """Keep the notebooks named in ``only`` (file stem or quiz key); all when ``only`` is empty."""
    wanted = [name.strip().removesuffix(".ipynb") for name in (only or [])]
    if not wanted:
        return notebooks
    by_name = {}
    for path in notebooks:
        by_name[path.stem] = path
        by_name[notebook_key(path.stem)] = path
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        choices = ", ".join(path.stem for path in notebooks)
        raise HandoutError(f"No notebook called {', '.join(unknown)}. Notebooks: {choices}")
    chosen = {by_name[name] for name in wanted}
    return [path for path in notebooks if path in chosen]


def exercises_for(key: str) -> list[Exercise]:
    """The exercises of one notebook (by quiz key), in file order; schema errors are raised."""
    from ..exercises.files import ExerciseError, load_exercises

    try:
        found = load_exercises()
    except ExerciseError as exc:
        raise HandoutError(f"The exercises in data/exercises/ are not valid: {exc}") from exc
    return [item for item in found.values() if item.notebook == key]


# ---------------------------------------------------------------- widgets as static HTML


def _model(state: dict[str, Any], ref: Any) -> dict[str, Any] | None:
    """Return the state of the model referenced as ``IPY_MODEL_<id>`` (or a bare id)."""
    if not isinstance(ref, str):
        return None
    entry = state.get(ref.removeprefix("IPY_MODEL_"))
    return entry.get("state", {}) if isinstance(entry, dict) else None


def _hidden(state: dict[str, Any], model: dict[str, Any]) -> bool:
    """True when the widget's layout hides it (display none / visibility hidden)."""
    layout = _model(state, model.get("layout")) or {}
    return layout.get("display") == "none" or layout.get("visibility") == "hidden"


def _outputs_html(outputs: list[dict[str, Any]]) -> str:
    """Render the outputs captured by an ``Output`` widget."""
    parts = []
    for output in outputs:
        data = output.get("data", {})
        if "text/html" in data:
            parts.append("".join(data["text/html"]))
        elif "image/png" in data:
            alt = html.escape(str(data.get("text/plain", "figure")), quote=True)
            parts.append(f'<img src="data:image/png;base64,{data["image/png"]}" alt="{alt}">')
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(''.join(data['text/plain']))}</pre>")
        elif output.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>")
    return "".join(parts)


def widget_html(state: dict[str, Any], ref: Any) -> str:
    """Render one widget (and its children) as static, printable HTML."""
    model = _model(state, ref)
    if model is None or _hidden(state, model):
        return ""
    name = str(model.get("_model_name", "")).removesuffix("Model")
    classes = " ".join(["kz-static", *map(str, model.get("_dom_classes", []))])
    label = html.escape(str(model.get("description", "") or ""))
    label_html = f"<strong>{label}</strong> " if label else ""
    if "children" in model:
        inner = "".join(widget_html(state, child) for child in model["children"])
        return f'<div class="{classes}">{inner}</div>' if inner else ""
    if name in ("HTML", "HTMLMath"):
        value = str(model.get("value", ""))
        return f'<div class="{classes}">{label_html}{value}</div>' if value or label else ""
    if name == "Label":
        value = html.escape(str(model.get("value", "")))
        return f'<div class="{classes}">{label_html}{value}</div>' if value or label else ""
    if "_options_labels" in model:
        box = "&#9744;"  # an empty check box, to tick on paper
        items = "".join(f"<li>{box} {html.escape(str(o))}</li>" for o in model["_options_labels"])
        return (
            f'<div class="{classes}">{label_html}<ul class="kz-static-options">{items}</ul></div>'
        )
    if name in ("Textarea", "Text"):
        hint = html.escape(str(model.get("placeholder", "") or ""))
        return (
            f'<div class="{classes}">{label_html}'
            f'<div class="kz-static-answer" aria-label="space for your answer">{hint}</div></div>'
        )
    if name == "Checkbox":
        return f'<div class="{classes}">&#9744; {label}</div>'
    if name == "Output":
        inner = _outputs_html(model.get("outputs", []))
        return f'<div class="{classes}">{inner}</div>' if inner else ""
    if name == "Button":
        return ""  # nothing to press on paper
    if "value" in model and label:
        value = html.escape(str(model["value"]))
        return f'<div class="{classes}">{label_html}{value}</div>'
    return ""


def freeze_widgets(nb: Any) -> None:
    """Replace every widget output of ``nb`` with static HTML and drop the widget state."""
    metadata = nb.metadata.get("widgets", {})
    state = metadata.get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        # The "run this cell again" note of kzlesson.house (style and script) is for live pages.
        cell["outputs"] = [
            o
            for o in cell.get("outputs", [])
            if o.get("metadata", {}).get("kzlesson") != NOTE_METADATA
        ]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW not in data:
                continue
            # kzlesson's quizzes and explorers carry their own printable form (text/html);
            # other widgets are drawn from their saved state.
            own = data.get("text/html")
            rendered = (
                "".join(own) if own else widget_html(state, data[WIDGET_VIEW].get("model_id"))
            )
            if not rendered:
                rendered = (
                    '<p class="kz-static"><em>(An interactive part: open the notebook to use '
                    "it.)</em></p>"
                )
            output["data"] = {"text/html": f'<div class="kz-static-box">{rendered}</div>'}
    nb.metadata.pop("widgets", None)


# ---------------------------------------------------------------- execute and export


def execute(nb: Any, workdir: Path, progress_file: Path, name: str) -> Any:
    """Run every cell of ``nb`` in a fresh kernel inside ``workdir``; return the notebook."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # keep the inline backend
    env["KZLESSON_PROGRESS"] = str(progress_file)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
        store_widget_state=True,
    )
    try:
        # the kernel's own log lines (e.g. transport warnings) are not for teachers
        return client.execute(env=env, cwd=str(workdir), stderr=subprocess.DEVNULL)
    except (CellExecutionError, CellTimeoutError) as exc:
        first = str(exc).strip().splitlines()
        summary = first[-1] if first else type(exc).__name__
        raise HandoutError(f"{name}: a cell failed while executing: {summary}") from exc


def _exporter() -> Any:
    """An HTMLExporter using the offline template."""
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: OFFLINE_TEMPLATE})],
    )
    exporter.template_file = TEMPLATE_NAME
    exporter.embed_images = True
    return exporter


def _raw_html(source: str) -> Any:
    """A raw cell whose HTML is copied into the export as is."""
    import nbformat

    return nbformat.v4.new_raw_cell(
        source, metadata={"raw_mimetype": "text/html", "kzlesson": "handout"}
    )


def _inline_code(text: str) -> str:
    """Escaped text with `backticked` names shown as code, as the notebook shows them."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def solution_html(exercise: Exercise) -> str:
    """One exercise's model solution as an HTML block (teacher edition)."""
    return (
        f'<div class="kz-solution"><p><strong>Model solution, {html.escape(exercise.id)}</strong>'
        f" ({_inline_code(exercise.prompt)})</p>"
        f"<pre><code>{html.escape(exercise.solution.strip())}</code></pre></div>"
    )


def add_teacher_material(nb: Any, key: str, exercises: list[Exercise]) -> None:
    """Insert each exercise's solution after the cell that uses it and append the answer key."""
    from ..quizzes.answerkey import render_answer_key
    from ..quizzes.bank import BankError, load_bank

    for exercise in exercises:
        mention = re.compile(r"""exercise\(\s*["']""" + re.escape(exercise.id) + """["']""")
        for number in range(len(nb.cells) - 1, -1, -1):
            if nb.cells[number].cell_type == "code" and mention.search(nb.cells[number].source):
                nb.cells.insert(number + 1, _raw_html(solution_html(exercise)))
                break
    parts = ['<section class="kz-teacher" aria-labelledby="kz-teacher-key">']
    parts.append('<h2 id="kz-teacher-key">Teacher edition: answers</h2>')
    if exercises:
        parts.append("<h3>Exercise solutions</h3>")
        parts += [solution_html(exercise) for exercise in exercises]
    parts.append("<h3>Quiz answer key</h3>")
    try:
        quizzes = load_bank().notebooks
    except BankError as exc:
        raise HandoutError(f"The question bank in data/quizzes/ is not valid: {exc}") from exc
    if key in quizzes:
        parts.append(render_answer_key(fmt="html", notebook=key))
    else:
        parts.append("<p>This notebook has no quiz questions.</p>")
    parts.append("</section>")
    nb.cells.append(_raw_html("\n".join(parts)))


def edition_banner(edition: str, title: str) -> str:
    """A line at the top of each page saying which edition it is."""
    text = (
        "Teacher edition: contains the answers. Do not hand out."
        if edition == "teacher"
        else "Student edition."
    )
    return f'<p class="kz-edition kz-edition-{edition}">{html.escape(title)}: {text}</p>'


def notebook_title(nb: Any, fallback: str) -> str:
    """The first level-1 Markdown heading of the notebook, else ``fallback``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def index_html(entries: list[tuple[str, str]]) -> str:
    """The index page: one row per notebook (file stem, title) linking both editions."""
    rows = "\n".join(
        f"<tr><td>{html.escape(title)}</td>"
        f'<td><a href="student/{html.escape(stem)}.html">student edition</a></td>'
        f'<td><a href="teacher/{html.escape(stem)}.html">teacher edition</a></td></tr>'
        for stem, title in entries
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>kzlesson handouts</title>
<style>body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; }}
td, th {{ padding: 0.3em 1em; text-align: left; }}</style></head>
<body>
<h1>kzlesson handouts</h1>
<p>Printable editions of the lesson on the January 2022 protests in Kazakhstan. Open a page and
print it from the browser. The teacher editions contain the answers: do not hand them out.</p>
<table>
<thead><tr><th scope="col">Notebook</th><th scope="col">For students</th>
<th scope="col">For teachers</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def check_arguments(
    out: str | Path, only: Iterable[str] | None = None, source: str | Path | None = None
) -> tuple[Path, list[Path]]:
    """Check the arguments before any work: return the output folder and the notebooks to build.

    Raises :class:`HandoutError` (or :class:`~.start.StartError` for a notebooks folder
    that does not exist or holds no notebooks) with a message for the teacher.
    """
    from .start import lesson_notebooks

    out = Path(out).expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise HandoutError(f"{out} is a file, not a folder. Choose another output folder.")
    folder = Path(source).expanduser().resolve() if source is not None else None
    return out, select_notebooks(lesson_notebooks(folder), only)


def build_handouts(
    out: str | Path, only: Iterable[str] | None = None, source: str | Path | None = None
) -> HandoutReport:
    """Execute the lesson notebooks and write the student and teacher editions into ``out``.

    ``only`` keeps some notebooks (file stems or quiz keys); ``source`` is a folder of adapted
    notebooks to use instead of the packaged ones.
    """
    import nbformat

    out, notebooks = check_arguments(out, only, source)
    report = HandoutReport(out=out)
    exporter = _exporter()
    entries = []
    with tempfile.TemporaryDirectory(prefix="kzlesson-handouts-") as tmp:
        workdir = Path(tmp)
        for path in notebooks:
            shutil.copyfile(path, workdir / path.name)
            try:
                nb = nbformat.read(workdir / path.name, as_version=4)
            except Exception as exc:
                raise HandoutError(f"{path}: not a readable notebook: {exc}") from exc
            key = nb.metadata.get("kzlesson", {}).get("key") or notebook_key(path.stem)
            exercises = exercises_for(key)
            nb = execute(nb, workdir, workdir / "kzlesson-progress.json", path.name)
            freeze_widgets(nb)
            title = notebook_title(nb, path.stem)
            entries.append((path.stem, title))
            for edition in ("student", "teacher"):
                copy = nbformat.from_dict(nb)
                if edition == "teacher":
                    add_teacher_material(copy, key, exercises)
                copy.cells.insert(0, _raw_html(edition_banner(edition, title)))
                body, _ = exporter.from_notebook_node(copy, resources={"metadata": {"name": title}})
                target = out / edition / f"{path.stem}.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body, encoding="utf-8")
                getattr(report, edition).append(target)
    report.index = out / "index.html"
    report.index.write_text(index_html(entries), encoding="utf-8")
    return report

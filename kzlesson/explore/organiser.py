"""The graphic organiser: claim | evidence for | evidence against | how reliable | my verdict.

``kz.organiser("D3")`` (a document of the document set) or ``kz.organiser("C24")`` (a claim)
shows what is being judged (the document's headnote and excerpt, or the claim and its
paragraph), then five labelled fields and a Save button. Saving writes one entry to the
progress store (:func:`kzlesson.quizzes.progress.store`) under ``organiser-<id>`` with the
response ``{claim, evidence_for, evidence_against, reliability, verdict, kind, subject}``: the
shape :mod:`kzlesson.quizzes.handin` reads as an organiser row, so it goes into the hand-in and
the class report. Running the cell again (or reopening the notebook and running it) fills the
fields from the saved entry. Nothing the student typed is replaced by anything but their own
later save; an empty form is never saved over a filled one.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..errors import BadValue, student_call
from ..paths import resolve_dir
from ..quizzes.handin import ORGANISER_FIELDS
from ..tables.load import load_table

RELIABILITY = (
    "Reliable for this",
    "Partly reliable for this",
    "Not reliable for this",
    "Cannot tell yet",
)
LABELS = {
    "claim": "Claim",
    "evidence_for": "Evidence for",
    "evidence_against": "Evidence against",
    "reliability": "How reliable?",
    "verdict": "My verdict",
}
HINTS = {  # shown inside the empty box
    "claim": "What does it say happened, or what does it mean?",
    "evidence_for": "What else backs it up? Name the source (a document, event or paragraph).",
    "evidence_against": "What cuts against it? Name the source.",
    "verdict": "Does it hold up? One or two sentences, with your reason.",
}
_WIDE = widgets.Layout(width="100%")
_STYLE = {"description_width": "9em"}  # short labels, so the boxes line up


@dataclass(frozen=True)
class Subject:
    """What an organiser is about: a document or a claim, with the text shown above the form."""

    id: str
    kind: str  # "document" or "claim"
    heading: str
    body_html: str
    claim: str  # the claim's own words (a claim), else "" (a document: the student writes it)
    notebook: str


def _near(given: str, ids: list[str]) -> str:
    """' Did you mean 'X'?' for the id closest to ``given``, or ''."""
    import difflib

    close = difflib.get_close_matches(given, ids, n=1, cutoff=0.5)
    return f" Did you mean {close[0]!r}?" if close else ""


def _document(given: str, folder: Path) -> Subject:
    """The document whose id is ``given`` or starts with it followed by '-' ("D3")."""
    docs = load_table("documents", folder)
    ids = [str(i) for i in docs["id"]]
    wanted = given.strip()
    found = [i for i in ids if i.casefold() == wanted.casefold()]
    found = found or [i for i in ids if i.casefold().startswith(wanted.casefold() + "-")]
    if len(found) != 1:
        short = sorted({i.split("-", 1)[0] for i in ids})
        raise BadValue(
            f"There is no document {given!r}: the documents are {', '.join(short)}."
            + _near(wanted.upper(), short)
        )
    row = docs[docs["id"] == found[0]].iloc[0]
    e = html.escape
    body = (
        f"<p><strong>{e(str(row['title']))}</strong><br>{e(str(row['author']))}, "
        f"{e(str(row['date'])[:10])} ({e(str(row['kind']))}). For: {e(str(row['audience']))}."
        f"<br>Purpose: {e(str(row['purpose']))}</p>"
        f"<blockquote>{e(str(row['excerpt']))}</blockquote>"
        f"<p>{e(str(row['locator']))}. "
        f'<a href="{e(str(row["url"]), quote=True)}" target="_blank" rel="noopener">'
        "Open the full original on the publisher's site</a></p>"
    )
    return Subject(found[0], "document", f"Document {found[0]}", body, "", "debate")


def _claim(given: str, folder: Path) -> Subject:
    """The claim with id ``given`` ("C24", "c24")."""
    claims = load_table("claims", folder)
    ids = [str(i) for i in claims["id"]]
    wanted = given.strip().upper()
    if wanted not in ids:
        raise BadValue(
            f"There is no claim {given!r}: claim ids run {ids[0]}-{ids[-1]}." + _near(wanted, ids)
        )
    row = claims[claims["id"] == wanted].iloc[0]
    e = html.escape
    quote = "" if pd.isna(row["quote"]) else f"<br>The article: “{e(str(row['quote']))}”"
    body = (
        f"<p><strong>{e(wanted)}</strong> (paragraph {e(str(row['paragraph_id']))}): "
        f"{e(str(row['claim']))}{quote}</p>"
    )
    return Subject(wanted, "claim", f"Claim {wanted}", body, str(row["claim"]), "debate")


def find_subject(given: Any, directory: str | Path | None = None) -> Subject:
    """A document ("D3", "D3-hrw-almaty") or a claim ("C24") by id; BadValue naming the ids."""
    folder = resolve_dir(directory)
    text = str(given).strip() if isinstance(given, str) else ""
    if text[:1].upper() == "D":
        return _document(text, folder)
    if text[:1].upper() == "C":
        return _claim(text, folder)
    raise BadValue(f"Give a document id such as 'D3' or a claim id such as 'C24', not {given!r}.")


def entry_id(subject: Subject) -> str:
    """The progress-store id of an organiser: ``organiser-<document or claim id>``."""
    return f"organiser-{subject.id}"


class Organiser(widgets.VBox):
    """The organiser form for one subject, saved in the progress store by its Save button."""

    def __init__(self, subject: Subject, notebook: str | None = None) -> None:
        self.subject = subject
        self.notebook = notebook or subject.notebook
        self.fields: dict[str, widgets.ValueWidget] = {}
        for name in ORGANISER_FIELDS:
            self.fields[name] = self._field(name)
        self.save_button = widgets.Button(
            description="Save",
            tooltip="Save this organiser with your answers",
            layout=widgets.Layout(width="auto", min_width="8em", align_self="flex-start"),
        )
        self.save_button.add_class("kz-organiser-save")
        self.status = widgets.HTML(value=self._status(""), layout=_WIDE)
        self.status.add_class("kz-organiser-status")
        self.status.add_class("kz-feedback")  # the house script makes it a polite live region
        self.save_button.on_click(self._clicked)
        heading = widgets.HTML(
            f"<h4>Graphic organiser: {html.escape(subject.heading)}</h4>{subject.body_html}"
            "<p>Fill in each box (the grey text in a box says what to write), then press "
            "<strong>Save</strong>. Your entry goes into your "
            "hand-in; run this cell again later to see and change it.</p>",
            layout=_WIDE,
        )
        super().__init__([heading, *self.fields.values(), self.save_button, self.status])
        self.add_class("kz-organiser")
        self.restore()

    def _field(self, name: str) -> widgets.ValueWidget:
        """One labelled control: a dropdown for reliability, a text area for the others."""
        style = _STYLE
        if name == "reliability":
            control: widgets.ValueWidget = widgets.Dropdown(
                options=[("(choose one)", ""), *((r, r) for r in RELIABILITY)],
                value="",
                description=LABELS[name],
                style=style,
                layout=widgets.Layout(width="98%"),
            )
        else:
            control = widgets.Textarea(
                value=self.subject.claim if name == "claim" else "",
                description=LABELS[name],
                placeholder=HINTS[name],
                style=style,
                rows=3,
                layout=widgets.Layout(width="98%"),
                continuous_update=True,  # the kernel has the text before Save is clicked
            )
        control.add_class(f"kz-organiser-{name.replace('_', '-')}")
        return control

    @staticmethod
    def _status(text: str) -> str:
        """The status line (its widget is a ``kz-feedback`` live region, see kzlesson.house)."""
        return f"<p>{html.escape(text)}</p>"

    def values(self) -> dict[str, str]:
        """The five fields as the student has them now."""
        return {name: str(self.fields[name].value or "").strip() for name in ORGANISER_FIELDS}

    def restore(self) -> bool:
        """Fill the fields from the saved entry, if there is one; True if there was."""
        from ..quizzes.progress import store

        saved = store().get(entry_id(self.subject))
        response = saved.get("response") if saved else None
        if not isinstance(response, dict):
            return False
        for name in ORGANISER_FIELDS:
            value = str(response.get(name) or "")
            if name == "reliability" and value not in RELIABILITY:
                value = ""
            self.fields[name].value = value
        self.status.value = self._status(f"Your saved entry is back (saved {saved.get('time')}).")
        return True

    def save(self) -> str:
        """Save the fields; returns the message shown in the status line."""
        from ..quizzes.progress import store

        values = self.values()
        filled = [n for n in ORGANISER_FIELDS if values[n] and values[n] != self.subject.claim]
        if not filled:
            message = "Nothing saved yet: fill in at least one box first."
        else:
            response = {**values, "kind": self.subject.kind, "subject": self.subject.id}
            store().record(entry_id(self.subject), self.notebook, response, None)
            empty = [LABELS[n] for n in ORGANISER_FIELDS if not values[n]]
            left = f" Still empty: {', '.join(empty)}." if empty else ""
            message = f"✓ Saved at {datetime.now():%H:%M}; it will be in your hand-in.{left}"
        self.status.value = self._status(message)
        return message

    def _clicked(self, button: widgets.Button) -> None:
        """Widget callback: Save was pressed."""
        self.save()

    def text(self) -> str:
        """The organiser as plain text (where widgets do not run)."""
        rows = [f"{LABELS[n]}: {v or '(empty)'}" for n, v in self.values().items()]
        return "\n".join([f"Organiser: {self.subject.heading}", *rows])

    def _ipython_display_(self) -> None:
        """The house style's note and script (live regions, keys), then the widget."""
        from ..house import display_live

        display_live(self, "an organiser")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget view plus a text/plain rendering."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        return bundle


@student_call("kz.organiser", tip='For example kz.organiser("D3") or kz.organiser("C24").')
def organiser(
    about: str, *, notebook: str | None = None, directory: str | Path | None = None
) -> Organiser:
    """A graphic organiser for a document ("D3") or a claim ("C24"): claim, evidence for,
    evidence against, how reliable, my verdict. Save puts it in your hand-in; running the
    cell again brings your saved entry back.
    """
    return Organiser(find_subject(about, directory), notebook)

"""The judge-first claim checker, ``kz.explore.claim_checker``.

The student chooses a paragraph and one of its claims, then commits to a verdict (consistent /
differs / unverifiable / opinion) and types a reason. Only then does the checker show our
verdict, what the sources say and the note, beside the student's own judgement. The judgement
is saved in the progress store under ``check-<claim id>`` in the graphic organiser's shape
(``claim``, ``verdict`` and the other organiser fields, plus ``kind: "claim-check"``,
``choice`` and ``reason``), so it goes into the hand-in and the class report. A committed
judgement is kept: running the cell again shows it beside ours; it is never overwritten.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..cite import find_paragraph
from ..errors import student_call
from ..paths import resolve_dir
from ..tables.load import load_table
from .results import VERDICT_SYMBOLS, labeller, paragraph_sections
from .sections import Section, render_html, render_text

CHOICES = {
    "consistent": "consistent: other sources agree with it",
    "differs": "differs: other sources say something else",
    "unverifiable": "unverifiable: no source confirms or denies it",
    "opinion": "opinion: a judgement, not a fact that can be checked",
}
_WIDE = widgets.Layout(width="100%")


def check_id(claim_id: str) -> str:
    """The progress-store id of a student's judgement of one claim."""
    return f"check-{claim_id}"


def judgement_response(claim: pd.Series, choice: str, reason: str) -> dict[str, Any]:
    """The saved response: organiser-shaped (so the hand-in lists it) plus choice and reason."""
    return {
        "claim": f"{claim.name} ({claim['paragraph_id']}): {claim['claim']}",
        "evidence_for": "",
        "evidence_against": "",
        "reliability": "",
        "verdict": f"{choice}: {reason}",
        "kind": "claim-check",
        "subject": str(claim.name),
        "choice": choice,
        "reason": reason,
    }


def ours_sections(claim: pd.Series, folder: Path, mine: dict[str, Any]) -> list[Section]:
    """The student's judgement, then our verdict, what the sources say and the note."""
    label = labeller(folder)
    verdict = str(claim["verdict"])
    word = label("claims", "verdict", verdict).lower()
    choice = str(mine.get("choice", ""))
    same = "the same as ours" if choice == verdict else "not the same as ours: compare reasons"
    sections = [
        Section(
            title="Your verdict:",
            parts=[
                f"{VERDICT_SYMBOLS.get(choice, '•')} {choice} ({same}). "
                f"Your reason: {mine.get('reason', '')}"
            ],
        ),
        Section(title="Our verdict:", parts=[f"{VERDICT_SYMBOLS.get(verdict, '•')} {word}."]),
    ]
    for title, column in (("Sources say:", "sources_say"), ("Note:", "note")):
        if not pd.isna(claim[column]):
            sections.append(Section(title=title, parts=[str(claim[column])]))
    return sections


class ClaimChecker(widgets.VBox):
    """Paragraph and claim choosers, the student's verdict and reason, then ours."""

    def __init__(self, paragraph: Any, folder: Path, notebook: str) -> None:
        self._folder = folder
        self._notebook = notebook
        paragraphs = load_table("paragraphs", folder).sort_values("number")
        self._claims = load_table("claims", folder).set_index("id")
        label = labeller(folder)
        first = str(paragraphs["id"].iloc[0])
        self.control = widgets.Dropdown(
            options=[
                (f"{p.id} ({label('paragraphs', 'speaker', p.speaker)})", str(p.id))
                for p in paragraphs.itertuples(index=False)
            ],
            value=first if paragraph is None else find_paragraph(paragraph, folder),
            description="Paragraph",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),  # the whole label shows
        )
        self.claim = widgets.Dropdown(
            description="Claim",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.claim_text = widgets.HTML(layout=_WIDE)  # the whole claim: the dropdown cuts it
        self.claim_text.add_class("kz-checker-claim")
        self.paragraph = widgets.HTML(layout=_WIDE)
        self._build_inputs()
        intro = widgets.HTML(
            "<p>Choose a paragraph and a claim. Decide whether it holds up and say why, then "
            "press <strong>Commit my verdict</strong> to see ours beside yours.</p>"
        )
        super().__init__(
            [intro, self.control, self.paragraph, self.claim, self.claim_text, self.choice]
            + [self.reason]
            + [self.commit, self.status, self.output]
        )
        self.add_class("kz-claim-checker")
        self.control.observe(self._paragraph_changed, names="value")
        self.claim.observe(self._claim_changed, names="value")
        self.commit.on_click(self._clicked)
        self._paragraph_changed(None)

    def _build_inputs(self) -> None:
        """The student's verdict, reason, the commit button, the status and the comparison."""
        self.choice = widgets.RadioButtons(
            options=[(text, key) for key, text in CHOICES.items()],
            value=None,
            description="Your verdict",
            style={"description_width": "initial"},
            layout=_WIDE,
        )
        self.reason = widgets.Textarea(
            description="Your reason",
            placeholder="Why? Name what you checked (a document, an event, the wording).",
            style={"description_width": "initial"},
            rows=3,
            layout=widgets.Layout(width="98%"),
            continuous_update=True,
        )
        self.commit = widgets.Button(
            description="Commit my verdict",
            tooltip="Save your verdict, then see ours",
            layout=widgets.Layout(width="auto", align_self="flex-start", margin="12px 0 0 0"),
        )
        self.commit.add_class("kz-commit")
        self.status = widgets.HTML(layout=_WIDE)
        self.status.add_class("kz-checker-status")
        self.status.add_class("kz-feedback")  # the house script makes it a polite live region
        self.output = widgets.HTML(layout=_WIDE)
        self.output.add_class("kz-explorer-output")

    # ------------------------------------------------------------------ state

    def _own(self) -> pd.DataFrame:
        """The claims of the chosen paragraph."""
        return self._claims[self._claims["paragraph_id"] == self.control.value]

    def _paragraph_changed(self, change: Any) -> None:
        """A new paragraph: its header (no verdicts) and its claims in the claim chooser."""
        pid = str(self.control.value)
        head = paragraph_sections(pid, self._folder)
        self.paragraph.value = render_html([head[0], head[-1]])  # summary and read link
        own = self._own()
        self.claim.options = [
            (f"{cid}: {str(row['claim'])[:70]}", str(cid)) for cid, row in own.iterrows()
        ]
        self.claim.value = str(own.index[0]) if len(own) else None
        self._claim_changed(None)

    def _saved(self) -> dict[str, Any] | None:
        """The student's committed judgement of the chosen claim, if any."""
        from ..quizzes.progress import store

        if self.claim.value is None:
            return None
        entry = store().get(check_id(str(self.claim.value)))
        response = entry.get("response") if entry else None
        return response if isinstance(response, dict) and "choice" in response else None

    def _claim_changed(self, change: Any) -> None:
        """Show the chosen claim's state: open for a judgement, or judged (ours shown)."""
        mine = self._saved()
        none = self.claim.value is None
        self.claim_text.value = "" if none else self._claim_html(str(self.claim.value))
        for control in (self.choice, self.reason, self.commit):
            control.disabled = none or mine is not None
        self.claim.disabled = none
        if none:
            self._show("The data records no claim from this paragraph: choose another.", [])
        elif mine is None:
            self.choice.value = None
            self.reason.value = ""
            self._show("", [])
        else:
            self.choice.value = mine["choice"] if mine["choice"] in CHOICES else None
            self.reason.value = str(mine.get("reason", ""))
            claim = self._claims.loc[str(self.claim.value)]
            self._show("Your verdict was saved earlier.", ours_sections(claim, self._folder, mine))

    def _claim_html(self, claim_id: str) -> str:
        """The chosen claim in full, with the article's words when the data has them."""
        row = self._claims.loc[claim_id]
        quote = (
            "" if pd.isna(row["quote"]) else f"<br>The article: “{html.escape(str(row['quote']))}”"
        )
        text = html.escape(str(row["claim"]))
        return f"<p><strong>{html.escape(claim_id)}:</strong> {text}{quote}</p>"

    def _show(self, message: str, sections: list[Section]) -> None:
        """Status line (a polite live region) and the comparison."""
        self.status.value = f"<p>{html.escape(message)}</p>"
        self.output.value = render_html(sections)
        self._current = sections

    def judge(self) -> str:
        """Commit the chosen verdict and reason (what the button does); the status message."""
        from ..quizzes.progress import store

        reason = str(self.reason.value or "").strip()
        if self.claim.value is None or self._saved() is not None:
            return self._status_text()
        if self.choice.value is None or len(reason.split()) < 2:
            missing = "choose a verdict" if self.choice.value is None else "write your reason"
            self._show(f"First {missing}: ours appears once you have committed.", [])
            return self._status_text()
        claim = self._claims.loc[str(self.claim.value)]
        response = judgement_response(claim, str(self.choice.value), reason)
        store().record(check_id(str(claim.name)), self._notebook, response, None)
        self._claim_changed(None)
        self._show(
            "✓ Saved. Here is our verdict beside yours.",
            ours_sections(claim, self._folder, response),
        )
        return self._status_text()

    def _status_text(self) -> str:
        """The status line as text."""
        return html.unescape(self.status.value.split(">", 1)[-1].rsplit("<", 1)[0])

    def _clicked(self, button: widgets.Button) -> None:
        """Widget callback: Commit was pressed."""
        self.judge()

    def _static(self) -> list[Section]:
        """The paragraph, its claims (no verdicts) and, once committed, the comparison."""
        head = paragraph_sections(str(self.control.value), self._folder)
        claims = [[f"{cid}: {row['claim']}"] for cid, row in self._own().iterrows()]
        listing = Section(
            title=f"Claims to judge: {len(claims)}",
            items=claims or [["none in the data"]],
        )
        return [head[0], listing, *getattr(self, "_current", []), head[-1]]

    def text(self) -> str:
        """The checker as plain text (where widgets do not run): no verdict before a commit."""
        return (
            f"Claim checker (judge first). Paragraph: {self.control.value} "
            f"(choose from {self.control.options[0][1]}-{self.control.options[-1][1]}).\n"
            f"{render_text(self._static())}"
        )

    def html(self) -> str:
        """The checker as static HTML (for pages where widgets do not run)."""
        return f'<div class="kz-claim-checker">{render_html(self._static())}</div>'

    def _ipython_display_(self) -> None:
        """The house style's note and script (live regions, keys), then the widget."""
        from ..house import display_live

        display_live(self, "an explorer")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget view plus text/plain and text/html renderings."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self.html()
        return bundle


@student_call("kz.explore.claim_checker")
def claim_checker(
    paragraph: str | int | None = None,
    *,
    notebook: str = "",
    directory: str | Path | None = None,
) -> ClaimChecker:
    """Choose a paragraph (P1-P24) and a claim, commit to your verdict and a reason, then see
    ours, what the sources say and the note beside yours (saved for your hand-in).

    ``paragraph`` ("P4", "p4" or 4) is the one it opens on; the first by default.
    """
    return ClaimChecker(paragraph, resolve_dir(directory), notebook)

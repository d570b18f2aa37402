"""kz.explore.claim_checker, the judge-first claim checker, in the kernel (ipywidgets without a
browser): nothing of our verdict shows before the student commits a verdict and a reason; what
the commit saves in the progress store (and so the hand-in); ours beside theirs afterwards; a
committed judgement is never overwritten; what a bad commit says. Every test has a private
progress file; the expected claims, verdicts and texts are read from the loaders."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson.explore.checker import (
    CHOICES,
    ClaimChecker,
    check_id,
    claim_checker,
    judgement_response,
)
from kzlesson.explore.results import VERDICT_SYMBOLS, labeller
from kzlesson.paths import data_dir
from kzlesson.quizzes import handin, progress
from kzlesson.quizzes.export import export_answers

REASON = "Kazakh media reported the layoffs"


@pytest.fixture
def checker(progress_file: Path) -> ClaimChecker:
    """A checker on P11 (first claim C24, a figure the sources contradict), nothing saved."""
    return claim_checker("P11", notebook="start")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return kz.load_claims().set_index("id")


def commit(checker: ClaimChecker, choice: str | None, reason: str) -> str:
    """Choose, write and press Commit (the button's own handler); the status as text."""
    checker.choice.value = choice
    checker.reason.value = reason
    checker.commit.click()
    return checker._status_text()


def ours_word(claim_id: str, claims: pd.DataFrame) -> str:
    """Our verdict as the checker words it: the datapackage label, lower case."""
    verdict = str(claims.loc[claim_id, "verdict"])
    return labeller(data_dir())("claims", "verdict", verdict).lower()


# ----------------------------------------------------------------------------- before a commit


def test_claim_checker_shows_the_paragraphs_claims_without_verdicts(progress_file: Path) -> None:
    checker = claim_checker()
    paragraphs = kz.load_paragraphs()
    claims = kz.load_claims()
    assert checker.control.description == "Paragraph"
    assert "kz-claim-checker" in checker._dom_classes
    assert [v for _, v in checker.control.options] == [f"P{n}" for n in range(1, 25)]
    with_claims = 0
    for paragraph in paragraphs.itertuples(index=False):
        checker.control.value = paragraph.id
        assert html.escape(str(paragraph.summary)) in checker.paragraph.value
        own = claims[claims["paragraph_id"] == paragraph.id]
        assert [v for _, v in checker.claim.options] == list(own["id"])
        shown = checker.output.value + checker.paragraph.value + checker.html()
        for claim in own.itertuples(index=False):
            assert html.escape(str(claim.claim)) in checker.html()
            if not pd.isna(claim.sources_say):  # judge first: nothing of ours before a commit
                assert html.escape(str(claim.sources_say)) not in shown
        assert "Our verdict" not in shown and "Verdict:" not in shown
        if own.empty:
            assert "no claim" in checker.status.value and checker.commit.disabled
        else:
            with_claims += 1
    assert with_claims >= 10


def test_a_new_claim_is_open_for_a_judgement(checker: ClaimChecker, claims) -> None:
    assert checker.claim.value == "C24"
    assert checker.choice.value is None and checker.reason.value == ""
    assert not any(c.disabled for c in (checker.claim, checker.choice, checker.reason))
    assert not checker.commit.disabled and checker.commit.description == "Commit my verdict"
    assert [key for _, key in checker.choice.options] == list(CHOICES)
    assert set(claims["verdict"]) <= set(CHOICES)  # every verdict of ours can be chosen
    assert checker.output.value == "" and checker._status_text() == ""
    # the whole claim and the article's words show, although the dropdown label is cut
    row = claims.loc["C24"]
    assert html.escape(str(row["claim"])) in checker.claim_text.value
    assert f"The article: “{html.escape(str(row['quote']))}”" in checker.claim_text.value
    assert checker.claim.label == f"C24: {str(row['claim'])[:70]}"
    checker.claim.value = "C25"  # no quote in the data: no "The article:" line
    assert pd.isna(claims.loc["C25", "quote"])
    assert "The article:" not in checker.claim_text.value


def test_claim_checker_text_fallback_and_html(checker: ClaimChecker) -> None:
    checker.control.value = "P4"
    bundle = checker._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "Paragraph: P4" in text and "P24" in text
    for claim in kz.load_claims().query("paragraph_id == 'P4'").itertuples(index=False):
        assert claim.id in text and str(claim.claim) in text
    assert "kz-claim-checker" in bundle["text/html"]
    assert "Our verdict" not in bundle["text/html"]


def test_data_text_is_escaped(progress_file: Path, data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "claims.csv", 24, "claim", "<script>alert('x')</script> & more")
    checker = claim_checker("P11", directory=data_copy)
    assert checker.claim.value == "C24"
    for shown in (checker.claim_text.value, checker.html()):
        assert "<script>" not in shown and "&lt;script&gt;" in shown


# ----------------------------------------------------------------------------- committing


def test_claim_checker_hides_ours_until_the_student_commits(
    checker: ClaimChecker, tmp_path: Path, new_kernel: Callable[[], None]
) -> None:
    hidden = checker.output.value + checker.paragraph.value + str(checker.claim.options)
    assert "Our verdict" not in hidden and "Sources say" not in hidden and "Verdict:" not in hidden

    checker.choice.value = "consistent"
    assert "write your reason" in checker.judge()
    assert checker.output.value == "" and progress.store().get(check_id("C24")) is None

    checker.reason.value = REASON
    assert checker.judge().startswith("✓ Saved")
    shown = checker.output.value
    assert "Our verdict:" in shown and "differs" in shown and "Your reason" in shown
    assert "not the same as ours" in shown
    assert checker.choice.disabled and checker.commit.disabled

    new_kernel()
    again = kz.explore.claim_checker("P11")
    assert again.choice.value == "consistent" and again.choice.disabled
    assert "Our verdict:" in again.output.value
    again.control.value = "P24"  # another paragraph: open again, ours hidden
    assert not again.choice.disabled and "Our verdict" not in again.output.value

    out = tmp_path / "me.html"
    export_answers(out, name="Bolat", progress=progress.store())
    rows = {row["id"]: row for row in handin.read_block(out.read_text("utf-8"))["organiser"]}
    assert rows["check-C24"]["verdict"] == f"consistent: {REASON}"
    assert rows["check-C24"]["notebook"] == "start"


def test_the_commit_saves_an_organiser_shaped_judgement(
    checker: ClaimChecker, progress_file: Path, claims
) -> None:
    status = commit(checker, "differs", f"  {REASON}\n")
    assert status == "✓ Saved. Here is our verdict beside yours."
    entry = progress.store().get("check-C24")
    assert entry is not None and check_id("C24") == "check-C24"
    assert (entry["notebook"], entry["correct"], entry["attempts"]) == ("start", None, 1)
    response = entry["response"]
    assert response == judgement_response(claims.loc["C24"], "differs", REASON)  # reason trimmed
    assert response["kind"] == "claim-check" and response["subject"] == "C24"
    assert (response["choice"], response["reason"]) == ("differs", REASON)
    assert response["claim"] == f"C24 (P11): {claims.loc['C24', 'claim']}"
    assert response["verdict"] == f"differs: {REASON}"
    assert all(name in response for name in handin.ORGANISER_FIELDS)
    assert handin.is_organiser(entry)  # so the hand-in and the class report list it
    on_disk = json.loads(progress_file.read_text(encoding="utf-8"))
    assert "check-C24" in json.dumps(on_disk) and REASON in json.dumps(on_disk)


@pytest.mark.parametrize(
    ("choice", "reason", "missing"),
    [
        (None, "", "choose a verdict"),
        (None, REASON, "choose a verdict"),
        ("differs", "", "write your reason"),
        ("differs", "   \n ", "write your reason"),
        ("differs", "because", "write your reason"),  # one word is no reason
    ],
)
def test_a_commit_without_verdict_or_reason_says_what_is_missing(
    checker: ClaimChecker, choice: str | None, reason: str, missing: str
) -> None:
    status = commit(checker, choice, reason)
    assert status == f"First {missing}: ours appears once you have committed."
    assert "kz-feedback" in checker.status._dom_classes and missing in checker.status.value
    assert progress.store().get(check_id("C24")) is None
    assert checker.output.value == "" and "Our verdict" not in checker.text()
    assert not checker.commit.disabled and not checker.choice.disabled  # try again
    assert (checker.choice.value, checker.reason.value) == (choice, reason)  # nothing lost


def test_ours_is_shown_beside_the_students_verdict(checker: ClaimChecker, claims) -> None:
    row = claims.loc["C24"]
    ours = str(row["verdict"])
    commit(checker, ours, REASON)
    shown = checker.output.value
    assert f"{VERDICT_SYMBOLS[ours]} {ours} (the same as ours). Your reason: {REASON}" in (
        html.unescape(shown)
    )
    assert f"Our verdict:</strong> {VERDICT_SYMBOLS[ours]} {ours_word('C24', claims)}." in shown
    assert html.escape(str(row["sources_say"])) in shown
    assert html.escape(str(row["note"])) in shown
    text = checker.text()  # the text fallback shows the comparison too, once committed
    assert "Your verdict:" in text and "Our verdict:" in text and str(row["sources_say"]) in text
    assert "Our verdict:" in checker.html()

    checker.claim.value = "C26"  # a different verdict from ours: compare reasons
    other = "consistent" if claims.loc["C26", "verdict"] != "consistent" else "differs"
    commit(checker, other, "Two sources agree")
    shown = html.unescape(checker.output.value)
    assert f"{VERDICT_SYMBOLS[other]} {other} (not the same as ours: compare reasons)" in shown
    assert f"Our verdict:</strong> {VERDICT_SYMBOLS[claims.loc['C26', 'verdict']]} " in shown


def test_a_claim_without_sources_or_note_shows_just_the_verdicts(
    progress_file: Path, claims
) -> None:
    bare = claims[claims["sources_say"].isna()]
    claim_id = str(bare.index[0])
    checker = claim_checker(str(bare.iloc[0]["paragraph_id"]))
    checker.claim.value = claim_id
    commit(checker, "opinion", "It is his judgement")
    shown = checker.output.value
    assert "Our verdict:" in shown and "Sources say:" not in shown
    assert ("Note:" in shown) == (not pd.isna(claims.loc[claim_id, "note"]))


def test_a_committed_judgement_is_never_overwritten(
    checker: ClaimChecker, new_kernel: Callable[[], None]
) -> None:
    commit(checker, "consistent", REASON)
    saved = progress.store().get(check_id("C24"))
    commit(checker, "differs", "I changed my mind")  # the button is disabled; press anyway
    assert checker.judge().startswith("✓ Saved")  # the earlier status, no second save
    assert progress.store().get(check_id("C24")) == saved

    new_kernel()  # the cell run again in a restarted kernel
    again = claim_checker("P11", notebook="start")
    assert again._status_text() == "Your verdict was saved earlier."
    assert (again.choice.value, again.reason.value) == ("consistent", REASON)
    assert again.choice.disabled and again.reason.disabled and again.commit.disabled
    assert "Our verdict:" in again.output.value and f"Your reason: {REASON}" in (
        html.unescape(again.output.value)
    )
    commit(again, "opinion", "Another reason here")
    assert progress.store().get(check_id("C24"))["response"]["choice"] == "consistent"
    assert progress.store().get(check_id("C24"))["attempts"] == 1


def test_each_claim_keeps_its_own_state(checker: ClaimChecker) -> None:
    commit(checker, "differs", REASON)
    checker.claim.value = "C25"  # the next claim of P11: open, nothing of ours
    assert checker.choice.value is None and checker.reason.value == ""
    assert not checker.commit.disabled and checker.output.value == ""
    assert checker._status_text() == ""
    checker.claim.value = "C24"  # back: the judgement and ours again
    assert checker.choice.value == "differs" and checker.commit.disabled
    assert "Our verdict:" in checker.output.value
    assert progress.store().get(check_id("C25")) is None


def test_a_paragraph_without_claims_cannot_be_judged(
    progress_file: Path, data_copy: Path, edit_cell
) -> None:
    edit_cell(data_copy, "claims.csv", 1, "paragraph_id", "P2")  # P1's only claim, C01
    checker = claim_checker("P1", directory=data_copy)
    assert checker.claim.value is None and checker.claim.options == ()
    assert checker._status_text() == (
        "The data records no claim from this paragraph: choose another."
    )
    controls = (checker.claim, checker.choice, checker.reason, checker.commit)
    assert all(c.disabled for c in controls)
    assert checker.claim_text.value == ""
    commit(checker, "consistent", REASON)
    assert progress.store().entries() == {}
    assert "Claims to judge: 0" in checker.text() and "none in the data" in checker.text()
    checker.control.value = "P2"  # now with C01 too: open again
    assert "C01" in [v for _, v in checker.claim.options] and not checker.commit.disabled


# ----------------------------------------------------------------------------- starting choice


@pytest.mark.parametrize("paragraph", ["P4", "p4", " P4 ", "4", 4])
def test_claim_checker_opens_on_the_paragraph_given(paragraph, progress_file: Path) -> None:
    checker = claim_checker(paragraph)
    assert checker.control.value == "P4"
    assert [v for _, v in checker.claim.options][:1] == ["C05"]
    assert "Paragraph: P4" in checker.text()


@pytest.mark.parametrize(
    ("paragraph", "words"),
    [("P25", ["'P25'", "P1-P24", "'P24'"]), (True, ["True", "P1-P24"])],
)
def test_an_unknown_paragraph_lists_the_valid_ones(paragraph, words: list[str]) -> None:
    with pytest.raises(KeyError) as info:
        claim_checker(paragraph)
    (line,) = info.value._render_traceback_()
    assert line.startswith("✗ kz.explore.claim_checker")
    for word in words:
        assert word in line

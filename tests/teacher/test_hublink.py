"""``kzlesson hub-link``: nbgitpuller links that a JupyterHub understands."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from kzlesson.teacher.cli import main
from kzlesson.teacher.hublink import HubLinkError, default_repo, nbgitpuller_link, normalise_hub


def _decoded(link: str) -> tuple[str, dict[str, str]]:
    """Split a link into its address and its decoded query parameters."""
    parts = urlsplit(link)
    query = {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query


def test_default_link_opens_start_here_from_kzlesson_repo() -> None:
    link = nbgitpuller_link("https://hub.school.example")
    assert link == (
        "https://hub.school.example/hub/user-redirect/git-pull?"
        "repo=https%3A%2F%2Fgithub.com%2Fkzlesson%2Fkzlesson&branch=main&targetpath=kzlesson"
        "&urlpath=lab/tree/kzlesson/notebooks/00_start_here.ipynb"
    )
    assert default_repo() == "https://github.com/kzlesson/kzlesson"


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("hub.school.example", "https://hub.school.example"),
        ("hub.school.example/", "https://hub.school.example"),
        ("https://hub.school.example///", "https://hub.school.example"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("https://hub.school.example/hub/login?next=%2Fhub%2F", "https://hub.school.example"),
        ("https://hub.school.example/user/aigerim/lab/tree/x", "https://hub.school.example"),
        ("https://school.example/jupyter/hub/home", "https://school.example/jupyter"),
        ("https://school.example/jupyter/", "https://school.example/jupyter"),
        ("  HUB.School.example:8443  ", "https://HUB.School.example:8443"),
    ],
)
def test_hub_address_is_normalised(given: str, base: str) -> None:
    assert normalise_hub(given) == base
    address, _ = _decoded(nbgitpuller_link(given))
    assert address == base + "/hub/user-redirect/git-pull"


@pytest.mark.parametrize(
    ("hub", "message"),
    [
        ("", "empty"),
        ("ftp://hub.school.example", "starts with ftp://"),
        ("https://", "no valid host"),
        ("https://hub school.example", "contains spaces"),
        ("hubschool", "no valid host"),
        ("https://hub_school!.example", "no valid host"),
    ],
)
def test_bad_hub_addresses_are_refused(hub: str, message: str) -> None:
    with pytest.raises(HubLinkError, match=message):
        nbgitpuller_link(hub)


def test_special_characters_are_encoded_and_round_trip() -> None:
    repo = "https://gitlab.school.example/history/9b+klass/kz-lesson_2022.git"
    link = nbgitpuller_link(
        "hub.school.example", repo=repo, branch="class/9b&c#1", notebook="02_timeline"
    )
    _, query = _decoded(link)
    assert query == {
        "repo": repo,
        "branch": "class/9b&c#1",
        "targetpath": "kz-lesson_2022",
        "urlpath": "lab/tree/kz-lesson_2022/notebooks/02_timeline.ipynb",
    }
    raw = urlsplit(link).query
    assert "class%2F9b%26c%231" in raw
    assert "9b%2Bklass" in raw  # a literal + must not turn into a space
    assert "#" not in link and " " not in link


def _nbgitpuller_folder(query: dict[str, str]) -> str:
    """The folder nbgitpuller clones into, as its handler computes it:
    ``self.get_argument('targetpath', repo.split('/')[-1])``."""
    return query.get("targetpath", query["repo"].split("/")[-1])


@pytest.mark.parametrize(
    ("repo", "sent"),
    [
        ("https://github.com/me/my-lesson", "https://github.com/me/my-lesson"),
        ("https://github.com/me/my-lesson.git", "https://github.com/me/my-lesson.git"),
        ("https://github.com/me/my-lesson/", "https://github.com/me/my-lesson"),
        ("https://github.com/me/my-lesson.git//", "https://github.com/me/my-lesson.git"),
    ],
)
def test_clone_folder_is_the_folder_urlpath_opens(repo: str, sent: str) -> None:
    """nbgitpuller names the clone after ``repo.split('/')[-1]`` unless told ``targetpath``:
    the link sets it, so ``.git`` or a trailing slash can never leave urlpath pointing nowhere."""
    _, query = _decoded(nbgitpuller_link("hub.example.org", repo=repo))
    assert query["repo"] == sent  # trailing slashes stripped before encoding
    assert query["targetpath"] == "my-lesson"
    assert query["urlpath"] == "lab/tree/my-lesson/notebooks/00_start_here.ipynb"
    assert query["urlpath"].split("/")[2] == _nbgitpuller_folder(query)


@pytest.mark.parametrize(
    ("kwargs", "what"),
    [
        ({"hub": "https://user:pw@hub.x.org"}, "hub"),
        ({"hub": "teacher@hub.x.org/hub/login"}, "hub"),
        ({"hub": "hub.x.org", "repo": "https://ghp_token@github.com/me/lesson"}, "repository"),
    ],
)
def test_credentials_in_urls_are_refused(kwargs: dict, what: str) -> None:
    with pytest.raises(HubLinkError, match=f"The {what} URL contains a user name or password"):
        nbgitpuller_link(**kwargs)


def test_main_credentials_exit_1_without_echoing_them(capsys) -> None:
    assert main(["hub-link", "--hub", "https://user:s3cret@hub.x.org"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("kzlesson hub-link: error: The hub URL contains a user name")
    assert "s3cret" not in captured.err


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repo": "git@github.com:me/lesson.git"}, "needs an SSH key"),
        ({"repo": "https://github.com"}, "no repository name"),
        ({"repo": "https://github.com/me/lesson?tab=x"}, "must not contain"),
        ({"repo": "https://github.com/me/my lesson"}, "contains spaces"),
        ({"branch": "bad..branch"}, "not a valid git branch"),
        ({"branch": "with space"}, "not a valid git branch"),
        ({"branch": ""}, "not a valid git branch"),
        ({"notebook": "../etc/passwd"}, "not a notebook name"),
        ({"notebook": "02_timline"}, "Did you mean 02_timeline"),
    ],
)
def test_bad_parts_are_refused_with_a_reason(kwargs: dict, message: str) -> None:
    with pytest.raises(HubLinkError, match=message):
        nbgitpuller_link("https://hub.school.example", **kwargs)


def test_notebook_name_with_or_without_extension() -> None:
    a = nbgitpuller_link("hub.example.org", notebook="04_debate")
    b = nbgitpuller_link("hub.example.org", notebook="04_debate.ipynb")
    assert a == b and a.endswith("notebooks/04_debate.ipynb")


def test_other_repositories_may_have_other_notebooks() -> None:
    link = nbgitpuller_link("hub.example.org", repo="https://github.com/me/x", notebook="mine")
    assert link.endswith("targetpath=x&urlpath=lab/tree/x/notebooks/mine.ipynb")


def test_main_prints_the_link(capsys) -> None:
    code = main(["hub-link", "--hub", "hub.school.example", "--notebook", "03_grievances"])
    out = capsys.readouterr().out.strip()
    assert code == 0
    assert out == nbgitpuller_link("hub.school.example", notebook="03_grievances")


def test_main_bad_hub_exits_1_with_a_message(capsys) -> None:
    """A value that fails its check exits 1, like every subcommand; 2 is for usage errors."""
    assert main(["hub-link", "--hub", "ftp://x.example"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kzlesson hub-link: error: ") and "Traceback" not in err


def test_subprocess_missing_hub_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "hub-link"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--hub" in result.stderr and "required" in result.stderr


def test_subprocess_prints_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "hub-link", "--hub", "https://hub.example.org/"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [nbgitpuller_link("https://hub.example.org")]


@pytest.mark.parametrize("doc", ["README.md", "docs/running.md"])
def test_documented_example_link_is_what_the_command_prints(doc: str) -> None:
    """The README and docs/running.md show the real output of their example command."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / doc).read_text(encoding="utf-8")
    assert "kzlesson hub-link --hub https://hub.your-school.example" in text
    assert nbgitpuller_link("https://hub.your-school.example") in text

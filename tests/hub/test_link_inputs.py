"""``kzlesson hub-link`` inputs a school's hub really has: local and file:// repositories,
intranet host names, IPv6; and the inputs that make a link that cannot work, refused."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from kzlesson.teacher.cli import main
from kzlesson.teacher.hublink import HubLinkError, nbgitpuller_link, normalise_hub


def _query(link: str) -> dict[str, str]:
    """The decoded query parameters of a link."""
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query, strict_parsing=True).items()}


def test_file_url_repository_is_cloned_by_name(tmp_path: Path) -> None:
    link = nbgitpuller_link("http://jhub:8000", repo="file:///srv/lessons/kzlesson.git")
    query = _query(link)
    assert link.startswith("http://jhub:8000/hub/user-redirect/git-pull?")
    assert query["repo"] == "file:///srv/lessons/kzlesson.git"
    assert query["targetpath"] == "kzlesson"
    assert query["urlpath"] == "lab/tree/kzlesson/notebooks/00_start_here.ipynb"


def test_local_folder_becomes_a_file_url_git_can_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "lesson.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    monkeypatch.chdir(tmp_path)
    for given in (str(bare), "lesson.git", "./lesson.git/"):
        query = _query(nbgitpuller_link("https://hub.school.example", repo=given))
        assert query["repo"] == bare.as_uri()
        assert query["targetpath"] == "lesson"
    # what git itself does with the URL the link carries
    clone = subprocess.run(
        ["git", "clone", "-q", bare.as_uri(), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert clone.returncode == 0, clone.stderr


def test_missing_relative_folder_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(HubLinkError, match="does not exist here"):
        nbgitpuller_link("hub.example.org", repo="nowhere/lesson")
    with pytest.raises(HubLinkError, match="Did you mean https://github.com/me/lesson"):
        nbgitpuller_link("hub.example.org", repo="github.com/me/lesson")


@pytest.mark.parametrize(
    ("repo", "hint"),
    [
        ("https://github.com/me/lesson/tree/main", "--branch main"),
        ("https://github.com/me/lesson/tree/class-9b", "--branch class-9b"),
        ("https://github.com/me/lesson/blob/main/notebooks/00_start_here.ipynb", "me/lesson"),
        ("https://gitlab.com/me/lesson/-/tree/main", "me/lesson"),
        ("https://codeberg.org/me/lesson/src/branch/main", "me/lesson"),
    ],
)
def test_browser_urls_are_refused_with_the_clone_url(repo: str, hint: str) -> None:
    with pytest.raises(HubLinkError, match="web page of the repository") as caught:
        nbgitpuller_link("hub.example.org", repo=repo)
    assert hint in str(caught.value)


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("http://jupyter", "http://jupyter"),
        ("http://jhub:8000", "http://jhub:8000"),
        ("http://jhub:8000/hub/login", "http://jhub:8000"),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("https://[fd00::5]/hub/home", "https://[fd00::5]"),
        ('https://school.example/a<b"c/hub/', "https://school.example/a%3Cb%22c"),
    ],
)
def test_intranet_ipv6_and_odd_paths(given: str, base: str) -> None:
    assert normalise_hub(given) == base
    link = nbgitpuller_link(given)
    assert link.startswith(base + "/hub/user-redirect/git-pull?")
    assert "<" not in link and '"' not in link


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hub": "http://jhub:99999"}, "port that is not a number from 1 to 65535"),
        ({"hub": "http://jhub:0"}, "port 0"),
        ({"hub": "http://[::zz]:8000"}, "no valid IPv6"),
        ({"hub": "jupyter"}, r"needs its scheme: --hub http://jupyter"),
        ({"hub": "hub.example.org", "repo": "https://github.com/me/lesson/.."}, "ends in '..'"),
        ({"hub": "hub.example.org", "repo": "file:///srv/.."}, "ends in '..'"),
        ({"hub": "hub.example.org", "repo": "https://x.org/me/a%3Cb"}, "cannot be a folder"),
        ({"hub": "hub.example.org", "repo": "ssh://git@x.org/me/lesson"}, "needs an SSH key"),
    ],
)
def test_links_that_cannot_work_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(HubLinkError, match=message):
        nbgitpuller_link(**kwargs)


def test_cli_file_repo_and_intranet_hub(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["hub-link", "--hub", "http://jhub:8000", "--repo", "file:///srv/k.git"])
    out = capsys.readouterr().out.strip()
    assert code == 0
    assert out == nbgitpuller_link("http://jhub:8000", "file:///srv/k.git")


def test_cli_browser_url_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["hub-link", "--hub", "h.example.org", "--repo", "https://github.com/a/b/tree/x"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err

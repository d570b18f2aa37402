"""``kzlesson hub-link``: build an nbgitpuller link that opens the lesson on a JupyterHub.

The link has the form::

    https://HUB/hub/user-redirect/git-pull?repo=ENCODED&branch=B&targetpath=REPODIR&urlpath=lab/tree/REPODIR/notebooks/NAME.ipynb

When a student clicks it, nbgitpuller clones (or updates) the repository into ``REPODIR`` in
their home folder and opens the notebook in JupyterLab. ``targetpath`` is given explicitly:
left out, nbgitpuller would name the folder ``repo.split('/')[-1]`` as it is (``lesson.git``
for a URL ending in ``.git``), and ``urlpath`` would point at a folder that does not exist.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import ipaddress
import json
import re
from pathlib import Path
from urllib.parse import SplitResult, quote, unquote, urlsplit, urlunsplit

DEFAULT_BRANCH = "main"
DEFAULT_NOTEBOOK = "00_start_here"
FALLBACK_REPO = "https://github.com/kzlesson/kzlesson"

_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^{_LABEL}(\.{_LABEL})*$")  # one label (intranet) or more
_SCP_LIKE = re.compile(r"^[^/:]+@[^/:]+:")  # git@github.com:me/lesson.git
_FOLDER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*$")
_PATH_SAFE = "-._~!$&'()*+,;=:@"  # RFC 3986 path characters; '<', '"', '>' get encoded
# A repository's web pages (GitHub/Gitea "tree", "blob", "src"; GitLab "-/tree/..."): not clonable.
_BROWSER_PAGES = {"tree", "blob", "src", "-", "commits", "commit", "raw", "blame", "pulls"}
_NOTEBOOK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_BRANCH_BAD = re.compile(r"[\s~^:?*\[\\]|\.\.|@\{|//")


class HubLinkError(ValueError):
    """Raised for a hub URL, repository URL, branch or notebook name that cannot work."""


def refuse_credentials(url: str, what: str) -> None:
    """Raise :class:`HubLinkError` if ``url`` carries ``user:password@`` (or a token) before
    its host: a link handed to a whole class must not contain anyone's login."""
    netloc = urlsplit(url).netloc
    if "@" in netloc:
        raise HubLinkError(
            f"The {what} URL contains a user name or password before '@'. Remove it: the link "
            "is given to every student. Example: https://hub.school.example"
        )


def default_repo() -> str:
    """Return kzlesson's own source repository (the ``Source`` project URL in its metadata)."""
    try:
        urls = importlib.metadata.metadata("kzlesson").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "source" and url.strip():
            return url.strip()
    return FALLBACK_REPO


def _check_host(hub: str, parts: SplitResult, explicit_scheme: bool) -> None:
    """Refuse a hub address whose host or port cannot work; intranet names and IPv6 are fine."""
    try:
        hostname = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise HubLinkError(
            f"The hub URL {hub!r} has a port that is not a number from 1 to 65535."
        ) from None
    if port == 0:
        raise HubLinkError(f"The hub URL {hub!r} has port 0; a port is a number from 1 to 65535.")
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(hostname.split("%")[0])
        except ValueError:
            raise HubLinkError(f"The hub URL {hub!r} has no valid IPv6 address in [ ].") from None
        return
    if not _HOSTNAME.match(hostname):
        raise HubLinkError(
            f"The hub URL {hub!r} has no valid host name. Example: --hub https://hub.school.example"
        )
    if "." not in hostname and hostname != "localhost" and not explicit_scheme:
        raise HubLinkError(
            f"The hub URL {hub!r} has no valid host name. Example: --hub https://hub.school.example"
            f" (an intranet name needs its scheme: --hub http://{hostname})"
        )


def normalise_hub(hub: str) -> str:
    """Return the hub's base URL: scheme added (https) if missing, no trailing slash.

    A pasted address from inside the hub (``.../hub/login``, ``.../user/alice/lab``) is cut back
    to the hub's base, so teachers can copy whatever is in their address bar. Intranet names
    (``http://jupyter``, ``http://jhub:8000``, given with their scheme), IP addresses and IPv6
    (``http://[fd00::5]:8000``) are accepted; the path is percent-encoded.
    """
    text = hub.strip()
    if not text:
        raise HubLinkError("The hub URL is empty. Example: --hub https://hub.school.example")
    if any(ch.isspace() for ch in text):
        raise HubLinkError(f"The hub URL {hub!r} contains spaces.")
    explicit_scheme = "://" in text
    if not explicit_scheme:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:  # Python checks the address between [ ] itself
        raise HubLinkError(f"The hub URL {hub!r} has no valid IPv6 address in [ ].") from None
    refuse_credentials(text, "hub")
    if parts.scheme not in ("http", "https"):
        raise HubLinkError(
            f"The hub URL {hub!r} starts with {parts.scheme}://; a JupyterHub address starts "
            "with https:// (or http://)."
        )
    _check_host(hub, parts, explicit_scheme)
    segments = [s for s in parts.path.split("/") if s]
    for marker in ("hub", "user"):
        if marker in segments:
            segments = segments[: segments.index(marker)]
            break
    if any(s in (".", "..") for s in segments):
        raise HubLinkError(f"The hub URL {hub!r} contains '.' or '..' in its path.")
    path = "".join("/" + quote(unquote(s), safe=_PATH_SAFE) for s in segments)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def clean_repo(repo: str) -> str:
    """Return the repository as git will clone it: spaces and trailing slashes removed; a local
    folder (absolute, ``~`` or relative to here) becomes a ``file://`` URL."""
    text = repo.strip()
    if any(ch.isspace() for ch in text):
        raise HubLinkError(f"The repository URL {repo!r} contains spaces.")
    if "://" in text or _SCP_LIKE.match(text):
        return text.rstrip("/") if not text.endswith(":///") else text
    path = Path(text).expanduser()
    if not path.is_absolute():
        first = text.split("/")[0]
        if not path.exists() and "." in first.strip("."):
            raise HubLinkError(
                f"The repository {repo!r} is neither a URL nor a folder here. "
                f"Did you mean https://{text.rstrip('/')} ?"
            )
        if not path.exists():
            raise HubLinkError(
                f"The repository folder {repo!r} does not exist here. Give the absolute path of "
                "the repository on the hub's server, e.g. --repo /srv/lessons/kzlesson.git, or "
                "its URL."
            )
        path = path.resolve()
    return path.as_uri().rstrip("/")


def _refuse_browser_url(repo: str, segments: list[str]) -> None:
    """A web page of a repository (``.../tree/main``, ``.../blob/...``) is not a clone URL."""
    if len(segments) > 2 and segments[2] in _BROWSER_PAGES:
        base = "/".join(segments[:2])
        branch = segments[3] if segments[2] == "tree" and len(segments) > 3 else ""
        hint = f" --branch {branch}" if branch else ""
        raise HubLinkError(
            f"The repository URL {repo!r} is a web page of the repository, not its clone URL. "
            f"Give the repository itself: --repo https://<host>/{base}{hint}"
        )


def repo_dir(repo: str) -> str:
    """Return the folder the lesson is cloned into: the repository name without ``.git``.

    The link passes it to nbgitpuller as ``targetpath``, so it is the folder on the hub.
    ``repo`` is a URL as :func:`clean_repo` returns it: ``https://``, ``http://`` or
    ``file://`` (nbgitpuller runs ``git clone``, which clones all three).
    """
    if any(ch.isspace() for ch in repo.strip()):
        raise HubLinkError(f"The repository URL {repo!r} contains spaces.")
    if _SCP_LIKE.match(repo.strip()) or repo.startswith(("ssh://", "git://", "git+")):
        raise HubLinkError(
            f"The repository URL {repo!r} needs an SSH key or a git daemon the students' servers "
            "do not have. Give its https:// URL (or a file:// URL or folder on the hub server). "
            "Example: --repo https://github.com/kzlesson/kzlesson"
        )
    refuse_credentials(repo.strip(), "repository")
    parts = urlsplit(repo.strip())
    if parts.scheme not in ("http", "https", "file") or (
        parts.scheme != "file" and not parts.netloc
    ):
        raise HubLinkError(
            f"The repository URL {repo!r} must start with https:// (or be a file:// URL or a "
            "folder on the hub server). Example: --repo https://github.com/kzlesson/kzlesson"
        )
    if parts.query or parts.fragment:
        raise HubLinkError(f"The repository URL {repo!r} must not contain '?' or '#'.")
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme != "file":
        _refuse_browser_url(repo, segments)
    name = segments[-1].removesuffix(".git") if segments else ""
    if name in (".", ".."):
        raise HubLinkError(
            f"The repository URL {repo!r} ends in {name!r}: name the repository itself, "
            "e.g. https://github.com/kzlesson/kzlesson"
        )
    if not name:
        raise HubLinkError(
            f"The repository URL {repo!r} has no repository name in its path. "
            "Example: https://github.com/kzlesson/kzlesson"
        )
    if not _FOLDER.match(unquote(name)):
        raise HubLinkError(
            f"The repository URL {repo!r} ends in {unquote(name)!r}, which cannot be a folder "
            "name on the hub: use letters, digits, '-', '_' and '.'."
        )
    return unquote(name)


def check_branch(branch: str) -> str:
    """Return ``branch`` if it is a possible git branch name, else raise :class:`HubLinkError`."""
    if not branch or _BRANCH_BAD.search(branch) or branch.startswith(("-", "/")):
        raise HubLinkError(f"{branch!r} is not a valid git branch name.")
    if branch.endswith(("/", ".", ".lock")):
        raise HubLinkError(f"{branch!r} is not a valid git branch name.")
    return branch


def check_notebook(name: str, known: list[str] | None = None) -> str:
    """Return the notebook file name (``.ipynb`` added if missing); reject paths and odd names.

    With ``known`` (stems of the lesson's notebooks), a name that is not one of them is an error
    that suggests the closest match.
    """
    stem = name.strip().removesuffix(".ipynb")
    if not _NOTEBOOK.match(stem):
        raise HubLinkError(
            f"{name!r} is not a notebook name. Give a file name from notebooks/, "
            f"e.g. --notebook {DEFAULT_NOTEBOOK}"
        )
    if known and stem not in known:
        close = difflib.get_close_matches(stem, known, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise HubLinkError(
            f"There is no notebook {stem!r} in the lesson.{hint} Notebooks: {', '.join(known)}"
        )
    return stem + ".ipynb"


def lesson_notebook_names() -> list[str]:
    """Return the stems of the lesson notebooks shipped with kzlesson (empty if none found)."""
    from .start import StartError, lesson_notebooks

    try:
        return [path.stem for path in lesson_notebooks()]
    except StartError:
        return []


def nbgitpuller_link(
    hub: str,
    repo: str | None = None,
    branch: str = DEFAULT_BRANCH,
    notebook: str = DEFAULT_NOTEBOOK,
) -> str:
    """Return the nbgitpuller link that opens ``notebook`` from ``repo`` on ``hub``."""
    base = normalise_hub(hub)
    repo = clean_repo(repo or default_repo())
    folder = repo_dir(repo)
    branch = check_branch(branch.strip())
    # kzlesson's own repository holds the notebooks shipped here: check the name against them.
    known = lesson_notebook_names() if repo.removesuffix(".git") == default_repo() else []
    filename = check_notebook(notebook, known)
    urlpath = f"lab/tree/{folder}/notebooks/{filename}"
    query = (
        f"repo={quote(repo, safe='')}&branch={quote(branch, safe='')}"
        f"&targetpath={quote(folder, safe='')}&urlpath={quote(urlpath, safe='/')}"
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"


# What a student's home folder gets from the lesson branch: the notebooks and the data they
# read (kzlesson uses a checkout's data/ beside its notebooks/), and the licence.
LESSON_PATHS = ("notebooks", "data", "LICENSE")
LESSON_BRANCH = "lesson"


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    """Run git in ``repo``; a failure becomes a :class:`HubLinkError` naming the command."""
    import os
    import subprocess

    env = dict(os.environ)
    for key, value in (("NAME", "kzlesson"), ("EMAIL", "kzlesson@localhost")):
        env.setdefault(f"GIT_AUTHOR_{key}", value)
        env.setdefault(f"GIT_COMMITTER_{key}", value)
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    except FileNotFoundError:
        raise HubLinkError("git is not installed: the lesson branch needs git.") from None
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise HubLinkError(f"git {args[0]} failed in {repo}: {reason}")
    return result.stdout


def stamp_notebook(text: str, python: str) -> str:
    """The notebook ``text`` with ``metadata.language_info.version`` set to ``python``, written
    as nbformat writes it (so a notebook already stamped comes back byte for byte).

    JupyterLab copies the kernel's ``language_info`` (the Python version included) into the
    notebook when the kernel starts and marks the notebook modified unless it is already equal;
    the lesson's notebooks store the full ``language_info``, this sets the version the hub's
    Python reports.
    """
    notebook = json.loads(text)
    info = notebook.setdefault("metadata", {}).setdefault("language_info", {"name": "python"})
    info["version"] = python
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _stamped_notebooks(folder: Path, tree: str, python: str) -> str:
    """A copy of the ``notebooks`` tree ``tree`` whose notebooks carry ``python``."""
    lines = []
    for line in _git(folder, "ls-tree", tree).splitlines():
        meta, name = line.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob" and name.endswith(".ipynb"):
            text = stamp_notebook(_git(folder, "cat-file", "blob", sha), python)
            sha = _git(folder, "hash-object", "-w", "--stdin", stdin=text).strip()
        lines.append(f"{mode} {kind} {sha}\t{name}")
    return _git(folder, "mktree", stdin="\n".join(lines) + "\n").strip()


def _lesson_tree(folder: Path, commit: str, python: str | None) -> str:
    """The tree of the lesson branch: :data:`LESSON_PATHS` of ``commit``, notebooks stamped."""
    listing = _git(folder, "ls-tree", commit, "--", *LESSON_PATHS)
    if "\tnotebooks\n" not in listing and not listing.endswith("\tnotebooks"):
        raise HubLinkError(f"{commit[:12]} in {folder} has no notebooks/ folder: not a lesson.")
    if python:
        if not re.fullmatch(r"\d+\.\d+\.\d+\S*", python):
            raise HubLinkError(f"--python {python!r} is not a Python version like 3.11.7.")
        lines = []
        for line in listing.splitlines():
            meta, name = line.split("\t", 1)
            if name == "notebooks":
                mode, kind, sha = meta.split()
                meta = f"{mode} {kind} {_stamped_notebooks(folder, sha, python)}"
            lines.append(f"{meta}\t{name}")
        listing = "\n".join(lines) + "\n"
    return _git(folder, "mktree", stdin=listing).strip()


def lesson_branch(
    repo: str | Path,
    source: str = "HEAD",
    branch: str = LESSON_BRANCH,
    python: str | None = None,
) -> str:
    """Commit the lesson files of ``source`` (notebooks/, data/, LICENSE) to ``branch`` in
    ``repo`` (a checkout or a bare repository) and return the branch's commit.

    Nothing in the working tree changes. Each run adds one commit on top of the branch's
    previous one (or none when the lesson files did not change), so the branch has a linear
    history and nbgitpuller can merge each update into the students' copies. Point the hub
    link at it: ``kzlesson hub-link --branch lesson``. With ``python`` (the hub's
    ``python --version``, e.g. ``3.11.7``) the notebooks carry that version, so JupyterLab does
    not mark them modified when they open (see :func:`stamp_notebook`).
    """
    folder = Path(repo).expanduser()
    check_branch(branch)
    commit = _git(folder, "rev-parse", "--verify", f"{source}^{{commit}}").strip()
    tree = _lesson_tree(folder, commit, python)
    ref = f"refs/heads/{branch}"
    try:
        parent = _git(folder, "rev-parse", "--verify", "-q", ref).strip()
    except HubLinkError:
        parent = ""
    if parent and _git(folder, "rev-parse", f"{parent}^{{tree}}").strip() == tree:
        return parent
    message = f"Lesson files ({', '.join(LESSON_PATHS)}) of {commit[:12]}"
    args = ["commit-tree", tree, "-m", message] + (["-p", parent] if parent else [])
    new = _git(folder, *args).strip()
    _git(folder, "update-ref", ref, new, *([parent] if parent else []))
    return new

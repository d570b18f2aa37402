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
import re
from urllib.parse import quote, urlsplit, urlunsplit

DEFAULT_BRANCH = "main"
DEFAULT_NOTEBOOK = "00_start_here"
FALLBACK_REPO = "https://github.com/kzlesson/kzlesson"

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")
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


def normalise_hub(hub: str) -> str:
    """Return the hub's base URL: scheme added (https) if missing, no trailing slash.

    A pasted address from inside the hub (``.../hub/login``, ``.../user/alice/lab``) is cut back
    to the hub's base, so teachers can copy whatever is in their address bar.
    """
    text = hub.strip()
    if not text:
        raise HubLinkError("The hub URL is empty. Example: --hub https://hub.school.example")
    if any(ch.isspace() for ch in text):
        raise HubLinkError(f"The hub URL {hub!r} contains spaces.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    refuse_credentials(text, "hub")
    if parts.scheme not in ("http", "https"):
        raise HubLinkError(
            f"The hub URL {hub!r} starts with {parts.scheme}://; a JupyterHub address starts "
            "with https:// (or http://)."
        )
    host = parts.netloc
    hostname = host.rsplit(":", 1)[0] if _HOST.match(host) else ""
    if not hostname or ("." not in hostname and hostname != "localhost"):
        raise HubLinkError(
            f"The hub URL {hub!r} has no valid host name. Example: --hub https://hub.school.example"
        )
    segments = [s for s in parts.path.split("/") if s]
    for marker in ("hub", "user"):
        if marker in segments:
            segments = segments[: segments.index(marker)]
            break
    path = "/" + "/".join(segments) if segments else ""
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def clean_repo(repo: str) -> str:
    """Return ``repo`` without surrounding spaces and trailing slashes (git clones it the same)."""
    return repo.strip().rstrip("/")


def repo_dir(repo: str) -> str:
    """Return the folder the lesson is cloned into: the repository name without ``.git``.

    The link passes it to nbgitpuller as ``targetpath``, so it is the folder on the hub.
    """
    if any(ch.isspace() for ch in repo.strip()):
        raise HubLinkError(f"The repository URL {repo!r} contains spaces.")
    refuse_credentials(repo.strip(), "repository")
    parts = urlsplit(repo.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubLinkError(
            f"The repository URL {repo!r} must start with https:// (nbgitpuller clones over "
            "HTTPS). Example: --repo https://github.com/kzlesson/kzlesson"
        )
    if parts.query or parts.fragment:
        raise HubLinkError(f"The repository URL {repo!r} must not contain '?' or '#'.")
    name = parts.path.rstrip("/").rpartition("/")[2]
    name = name.removesuffix(".git")
    if not name:
        raise HubLinkError(
            f"The repository URL {repo!r} has no repository name in its path. "
            "Example: https://github.com/kzlesson/kzlesson"
        )
    return name


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

"""Which picture files an article may show: the one rule for the screen and for paper.

A picture is named by a relative path in the article's Markdown (``![alt](knee.png)``). It
is used only if that path, resolved (symlinks and ``..`` followed), is a regular file
inside the article's own folder and no bigger than ``MAX_PICTURE_BYTES``. Anything else
(a URL, an absolute path, a file elsewhere) is never read. ``picture_problem`` says why a
picture is not shown, for ``healthreader check``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

MAX_PICTURE_BYTES = 5 * 1024 * 1024
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:")


def has_url_scheme(src: str) -> bool:
    r"""Whether ``src`` starts with a URL scheme (``http:``, ``file:``, ``data:``, and a Windows
    drive ``C:`` too): such a picture is never read, on screen (render.py) or on paper.

    >>> [has_url_scheme(s) for s in ("knee.png", "https://x.test/k.png", "C:\\k.png", "a/b:c.png")]
    [False, True, True, False]
    """
    return _SCHEME.match(src) is not None


def refused_src(src: str) -> str | None:
    r"""Why a picture named ``src`` is never read, whatever files there are: what the renderer
    turns into "[Picture: …]" text. None for a plain relative path.

    >>> [refused_src(s) for s in ("knee.png", "pics/knee.png")]
    [None, None]
    >>> refused_src("../../etc/passwd"), refused_src("/etc/passwd"), refused_src("C:\\k.png")
    ("is outside the article's folder", "is outside the article's folder", "is outside the article's folder")
    >>> refused_src("https://x.test/k.png")
    "is a web address: only pictures in the article's folder are shown"
    >>> refused_src("pics/../knee.png")
    "goes through '..', which a picture's path may not"
    """
    if not src:
        return "has no file name"
    if _DRIVE.match(src) or src.startswith(("/", "\\")):
        return "is outside the article's folder"
    if has_url_scheme(src):
        return "is a web address: only pictures in the article's folder are shown"
    parts = re.split(r"[/\\]", src)
    if ".." in parts:
        depth = 0
        for part in parts:
            depth += -1 if part == ".." else 0 if part in ("", ".") else 1
            if depth < 0:
                return "is outside the article's folder"
        return "goes through '..', which a picture's path may not"
    return None


def _resolve(base_dir: Path | None, src: str) -> Path | str:
    """The file ``src`` names inside ``base_dir``, or why it may not be read."""
    src = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not src:
        return "has no file name"
    if has_url_scheme(src) or src.startswith(("/", "\\")):
        return refused_src(src) or "is outside the article's folder"
    if base_dir is None:
        return "has no article folder to come from"
    try:
        root = base_dir.resolve(strict=True)
        # Not strict: a missing file still resolves (links followed as far as they go), so
        # "outside" and "not found" can be told apart.
        target = (root / src).resolve()
        if not target.is_relative_to(root):
            return "is outside the article's folder"
        if not target.exists():
            return "not found"
        if not target.is_file():
            return "is not a file"
        if target.stat().st_size > MAX_PICTURE_BYTES:
            return f"is over {MAX_PICTURE_BYTES // (1024 * 1024)} MiB"
    except (OSError, ValueError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be read: {reason}"
    return target


def picture_file(base_dir: Path | None, src: str) -> Path | None:
    """The file ``src`` names inside ``base_dir``, or None if it may not be read."""
    found = _resolve(base_dir, src)
    return found if isinstance(found, Path) else None


def picture_problem(base_dir: Path | None, src: str) -> str | None:
    """Why the picture ``src`` of an article in ``base_dir`` is not shown (what ``check``
    says: "not found", "is outside the article's folder", ...), or None if it is.

    The renderer's rule first (``refused_src``), then the view's and the handout's
    (``picture_file``): a picture passes both, or readers see a placeholder.
    """
    refused = refused_src(src)
    if refused is not None:
        return refused
    found = _resolve(base_dir, src)
    return None if isinstance(found, Path) else found


def read_picture(base_dir: Path | None, src: str) -> bytes | None:
    """The bytes of the picture ``src`` names, if ``picture_file`` allows it; None otherwise.

    Reads at most the limit: a file that grew after the check is refused, not read whole.
    """
    path = picture_file(base_dir, src)
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PICTURE_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_PICTURE_BYTES else None

"""Which picture files an article may show: the one rule for the screen and for paper.

A picture is named by a relative path in the article's Markdown (``![alt](knee.png)``). It
is used only if that path, resolved (symlinks and ``..`` followed), is a regular file
inside the article's own folder and no bigger than ``MAX_PICTURE_BYTES``. Anything else
(a URL, an absolute path, a file elsewhere) is never read.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

MAX_PICTURE_BYTES = 5 * 1024 * 1024
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def has_url_scheme(src: str) -> bool:
    r"""Whether ``src`` starts with a URL scheme (``http:``, ``file:``, ``data:``, and a Windows
    drive ``C:`` too): such a picture is never read, on screen (render.py) or on paper.

    >>> [has_url_scheme(s) for s in ("knee.png", "https://x.test/k.png", "C:\\k.png", "a/b:c.png")]
    [False, True, True, False]
    """
    return _SCHEME.match(src) is not None


def picture_file(base_dir: Path | None, src: str) -> Path | None:
    """The file ``src`` names inside ``base_dir``, or None if it may not be read."""
    src = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if base_dir is None or not src or has_url_scheme(src) or src.startswith(("/", "\\")):
        return None
    try:
        root = base_dir.resolve(strict=True)
        target = (root / src).resolve(strict=True)
        if not target.is_relative_to(root) or not target.is_file():
            return None
        if target.stat().st_size > MAX_PICTURE_BYTES:
            return None
    except (OSError, ValueError, RuntimeError):
        return None
    return target


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

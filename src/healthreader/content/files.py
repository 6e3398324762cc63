"""Finding a content folder's article files, what identifies each one's version, and
reading a content or settings file's bytes as text.

This is all of the content layer a warm start needs besides the catalogue: parsing
(loader.py, frontmatter.py, render.py) is imported only when a file changed.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import NamedTuple

from healthreader.content.model import ContentProblem, Library
from healthreader.errors import ContentError


class FileStamp(NamedTuple):
    """What identifies a file's version for the catalogue (``path`` as text: a warm start
    makes no Path objects for files it does not parse). ``mtime_ns`` is ``changed_ns``."""

    path: str
    size: int
    mtime_ns: int


def changed_ns(st: os.stat_result) -> int:
    """When a file last changed, for the caches: the later of its modification time and its
    status-change time. A file edited with its size kept and its modification time put back
    (a copy tool that keeps times, a 2-second FAT clock) still reads as changed, since no
    program can set the status-change time: "5 mg" fixed to "8 mg" reaches readers."""
    return max(st.st_mtime_ns, st.st_ctime_ns)


def scan_folder(folder: Path) -> tuple[list[FileStamp], list[ContentProblem]]:
    """The ``*.md`` files of a content folder (and its subfolders), sorted by path.

    Hidden files and folders (a name starting with ".": Obsidian's ``.trash``, ``.git``, an
    editor's ``.#lupus.md``) are never read: a page deleted into ``.trash`` is not shown.
    Files that resolve outside the folder (symlinks, ``..``) are refused here.
    """
    problems: list[ContentProblem] = []
    stamps: list[FileStamp] = []
    try:
        root = folder.resolve(strict=True)
    except OSError as exc:
        return [], [ContentProblem(folder, f"cannot read the content folder: {exc.strerror or exc}")]
    if not root.is_dir():
        return [], [ContentProblem(folder, "not a folder")]
    # os.walk does not follow directory links, so a plain (non-link) file found below
    # root is inside it; only file links need resolving. This keeps a warm start at one
    # stat per file.
    def unreadable(exc: OSError) -> None:  # a folder that cannot be listed is not empty
        where = Path(exc.filename) if exc.filename else folder
        problems.append(ContentProblem(where, f"cannot read the folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".md") or name.startswith("."):
                if not name.startswith("."):
                    _named_like_an_article(Path(dirpath, name), problems)
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode):
                    real = Path(path).resolve(strict=True)
                    if not real.is_relative_to(root):
                        problems.append(
                            ContentProblem(Path(path), "the file resolves outside its content folder")
                        )
                        continue
                    st = real.stat()
                if not stat.S_ISREG(st.st_mode):
                    continue
            except (OSError, RuntimeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                problems.append(ContentProblem(Path(path), f"cannot read the file: {reason}"))
                continue
            stamps.append(FileStamp(path, st.st_size, changed_ns(st)))
    return stamps, problems


# Names an editor means as an article but the reader does not read: Notepad's "knee.md.txt",
# "knee.MD", "knee.markdown".
_ALMOST_MD = re.compile(r"(?i)(.+?)\.(?:md|markdown|mdown|mkdn?)(?:\.txt)?")


def _named_like_an_article(path: Path, problems: list[ContentProblem]) -> None:
    """A warning for a file named like an article that is not read: its name does not end
    in ``.md``, exactly."""
    found = _ALMOST_MD.fullmatch(path.name)
    if found is not None:
        problems.append(ContentProblem(
            path, f"not read: an article's file name must end in .md: rename it to {found.group(1)}.md",
            severity="warning"))  # fmt: skip


_ID_LINE = re.compile(rb"^id:[ \t]*[\"']?([a-z0-9-]+)[\"']?[ \t]*(?:#.*)?\r?$", re.MULTILINE)


def claimed_id(path: Path) -> str:
    """The id a file means to give its article, read even when the file cannot be loaded:
    its front matter's ``id:`` line when that is plain, else its name without ``.md``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     page = Path(d, "lupus-clinic.md")
    ...     _ = page.write_bytes(b"---\\nid: 'lupus'\\ntitle: [broken\\n---\\n")
    ...     claimed_id(page), claimed_id(Path(d, "gone.md"))
    ('lupus', 'gone')
    """
    return claimed_id_line(path)[0]


def claimed_id_line(path: Path) -> tuple[str, int | None]:
    """``claimed_id`` and the line of its ``id:`` (None: the id is the file's name)."""
    try:
        with path.open("rb") as f:
            head = f.read(8192)  # the front matter's limit
    except OSError:
        head = b""
    found = _ID_LINE.search(head)
    if found is not None:
        return found.group(1).decode("ascii"), head.count(b"\n", 0, found.start()) + 1
    return path.name.removesuffix(".md"), None


def broken_pages(library: Library, folders: Sequence[Path], wanted: Collection[str] | None = None) -> dict[str, Path]:
    """The ids (of ``wanted``, or all) whose page in a folder could not be loaded, while a
    page from an earlier folder (or none) is shown instead: id -> the broken file.

    A file that fails to load has no id; the one it means is ``claimed_id``. A broken file in
    the same folder as the page shown (a copy someone left beside it) changes nothing.
    """
    roots = [resolved(folder) for folder in folders]

    def place(path: Path) -> int:  # the last folder the file is inside, -1 for none
        real = resolved(path)
        return max((i for i, root in enumerate(roots) if real.is_relative_to(root)), default=-1)

    found: dict[str, Path] = {}
    for problem in library.problems:
        path = problem.path
        if problem.severity != "error" or path is None or path.suffix != ".md":
            continue
        article_id = claimed_id(path)
        if (wanted is not None and article_id not in wanted) or article_id in found:
            continue
        shown = library.file_of(article_id)
        if shown is None or place(path) > place(shown):
            found[article_id] = path
    return found


def resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def utf8_text(raw: bytes, path: Path | None = None) -> str:
    """A file's text, a byte-order mark dropped (Notepad's). One in another encoding is
    refused: ContentError (naming ``path``) with the line of its first foreign character
    and what an editor should do; its ``reason`` starts "not UTF-8 text" or "saved as"."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError('saved as UTF-16 (Notepad calls it "Unicode"): save it as UTF-8', path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}, perhaps an accented letter "
                           "or a curly quote from another encoding): save the file as UTF-8",
                           path, line) from None  # fmt: skip

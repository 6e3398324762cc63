"""Article files -> Article objects, with every limit of DESIGN.md's content format.

A broken file is reported as a ContentProblem (file, line where known, reason) and skipped;
the rest of the library loads. ``load_library`` goes through the catalogue so a warm start
reads SQLite only.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from healthreader.content.glossary import Glossary
from healthreader.content.model import Article, ContentProblem, Library, Source, is_article_id
from healthreader.errors import ContentError

MAX_FILE_BYTES = 1024 * 1024
ALLOWED_KEYS = frozenset(
    {"id", "title", "also_called", "summary", "categories", "related", "symptoms",
     "sources", "reviewed", "language"}
)  # fmt: skip
REQUIRED_KEYS = ("title", "summary", "sources", "reviewed")
SOURCE_KEYS = frozenset({"publisher", "title", "date", "url"})



@dataclass(frozen=True, slots=True)
class FileStamp:
    """What identifies a file's version for the catalogue (``path`` as text: a warm start
    makes no Path objects for files it does not parse)."""

    path: str
    size: int
    mtime_ns: int


def scan_folder(folder: Path) -> tuple[list[FileStamp], list[ContentProblem]]:
    """The ``*.md`` files of a content folder (and its subfolders), sorted by path.

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
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith(".md") or name.startswith("."):
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
            stamps.append(FileStamp(path, st.st_size, st.st_mtime_ns))
    return stamps, problems


def parse_article(path: Path, glossary: Glossary) -> tuple[Article, list[ContentProblem]]:
    """Read and validate one article file; raises ContentError naming the file."""
    from healthreader.content.frontmatter import load_strict_yaml, split_front_matter
    from healthreader.content.render import render_body

    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"cannot read the file: {exc.strerror or exc}", path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError("the file is over 1 MiB", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start})", path) from None
    if "\x00" in text:
        raise ContentError("the file contains NUL characters", path)
    yaml_text, body, body_line = split_front_matter(text, path)
    meta = load_strict_yaml(yaml_text, path, first_line=2)
    if not isinstance(meta, dict):
        raise ContentError("front matter must be a mapping of key: value", path, 2)
    warnings: list[ContentProblem] = []
    fields = _check_fields(meta, path)
    try:
        rendered = render_body(body, glossary)
    except ContentError as exc:
        line = body_line - 1 + exc.line if exc.line is not None else None
        raise ContentError(exc.reason, path, line) from None
    warnings.extend(ContentProblem(path, w, severity="warning") for w in rendered.warnings)
    article = Article(
        body=body,
        body_html=rendered.html,
        path=path,
        glossary_terms=tuple(rendered.glossary_terms),
        **fields,
    )
    return article, warnings


def internal_links(article: Article) -> list[str]:
    """Ids that the body links to, in order (from the rendered HTML)."""
    import re

    return re.findall(r'href="article:([a-z0-9-]+)"', article.body_html)


def _check_fields(meta: dict[Any, Any], path: Path) -> dict[str, Any]:
    unknown = sorted(str(k) for k in meta if k not in ALLOWED_KEYS)
    if unknown:
        import difflib

        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, ALLOWED_KEYS, n=1)
            hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise ContentError(f"unknown key {', '.join(hints)}", path)
    missing = [k for k in REQUIRED_KEYS if meta.get(k) in (None, "", [])]
    if missing:
        raise ContentError(f"missing required key {', '.join(repr(k) for k in missing)}", path)

    article_id = meta.get("id", path.stem)
    if not is_article_id(article_id):
        raise ContentError(
            f"id {article_id!r} must use only lowercase letters, digits and '-'", path
        )
    return {
        "id": article_id,
        "title": _text(meta, "title", path),
        "summary": " ".join(_text(meta, "summary", path).split()),
        "also_called": _text_list(meta, "also_called", path),
        "categories": _text_list(meta, "categories", path),
        "related": _id_list(meta, "related", path),
        "symptoms": _text_list(meta, "symptoms", path),
        "sources": _sources(meta["sources"], path),
        "reviewed": _date(meta["reviewed"], "reviewed", path),
        "language": _text(meta, "language", path) if "language" in meta else "en",
    }


def _text(meta: dict[Any, Any], key: str, path: Path) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{key!r} must be non-empty text", path)
    return value.strip()


def _text_list(meta: dict[Any, Any], key: str, path: Path) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(f"{key!r} must be a list of text", path)
    return tuple(v.strip() for v in value)


def _id_list(meta: dict[Any, Any], key: str, path: Path) -> tuple[str, ...]:
    ids = _text_list(meta, key, path)
    for value in ids:
        if not is_article_id(value):
            raise ContentError(f"{key!r}: {value!r} is not an article id", path)
    return ids


def _date(value: Any, key: str, path: Path) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ContentError(f"{key!r} must be a date like 2026-11-21, not {value!r}", path)


def _sources(value: Any, path: Path) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError("'sources' must be a list with at least one source", path)
    sources = []
    for n, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ContentError(f"source {n} must have 'publisher' and 'title'", path)
        unknown = sorted(str(k) for k in item if k not in SOURCE_KEYS)
        if unknown:
            raise ContentError(f"source {n}: unknown key {', '.join(map(repr, unknown))}", path)
        publisher, title = item.get("publisher"), item.get("title")
        if not isinstance(publisher, str) or not publisher.strip():
            raise ContentError(f"source {n}: 'publisher' is required", path)
        if not isinstance(title, str) or not title.strip():
            raise ContentError(f"source {n}: 'title' is required", path)
        date = _date(item["date"], f"source {n} date", path) if item.get("date") else None
        url = item.get("url")
        if url is not None and not isinstance(url, str):
            raise ContentError(f"source {n}: 'url' must be text", path)
        sources.append(Source(publisher.strip(), title.strip(), date, url.strip() if url else None))
    return tuple(sources)


def load_library(
    folders: Sequence[Path],
    glossary_path: Path | None,
    cache_path: Path | None,
) -> Library:
    """Load content folders in order (later ids replace earlier ones) through the catalogue.

    ``cache_path`` None keeps the catalogue in memory (a full parse, as ``check`` wants).
    """
    from healthreader.content.catalogue import Catalogue

    catalogue = Catalogue.open(cache_path)
    return catalogue.load(folders, glossary_path)


def load_articles(paths: Iterable[Path], glossary: Glossary) -> tuple[list[Article], list[ContentProblem]]:
    """Parse files directly, without a catalogue (for tools and tests)."""
    articles: list[Article] = []
    problems: list[ContentProblem] = []
    for path in paths:
        try:
            article, warnings = parse_article(path, glossary)
        except ContentError as exc:
            problems.append(ContentProblem(exc.path or path, exc.reason, exc.line))
            continue
        articles.append(article)
        problems.extend(warnings)
    return articles, problems

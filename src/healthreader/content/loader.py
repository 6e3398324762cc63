"""Article files -> Article objects, with every limit of DESIGN.md's content format.

A broken file is reported as a ContentProblem (file, line where known, reason) and skipped;
the rest of the library loads. ``load_library`` goes through the catalogue so a warm start
reads SQLite only (and never imports this module: it finds the files with files.py).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from healthreader.content.files import utf8_text
from healthreader.content.frontmatter import describe_character
from healthreader.content.glossary import Glossary
from healthreader.content.model import (
    NOT_IN_ONE_LINE,
    NOT_IN_TEXT,
    Article,
    ContentProblem,
    Library,
    Source,
    did_you_mean,
    is_article_id,
)
from healthreader.errors import ContentError

MAX_FILE_BYTES = 1024 * 1024
ALLOWED_KEYS = frozenset(
    {"id", "title", "also_called", "summary", "categories", "related", "symptoms",
     "sources", "reviewed", "language"}
)  # fmt: skip
REQUIRED_KEYS = ("title", "summary", "sources", "reviewed")
SOURCE_KEYS = frozenset({"publisher", "title", "date", "url"})



def parse_article(path: Path, glossary: Glossary) -> tuple[Article, list[ContentProblem]]:
    """Read and validate one article file; raises ContentError naming the file."""
    from healthreader.content.frontmatter import load_strict_yaml, split_front_matter
    from healthreader.content.render import drop_comments, render_body

    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"cannot read the file: {exc.strerror or exc}", path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError("the file is over 1 MiB", path)
    text = utf8_text(raw, path)
    if "\x00" in text:
        raise ContentError("the file contains NUL characters", path)
    yaml_text, body, body_line = split_front_matter(text, path)
    body = drop_comments(body)  # notes to editors: not shown, not searched, not graded
    lines: dict[tuple[Any, ...], int] = {}
    meta = load_strict_yaml(yaml_text, path, first_line=2, lines=lines)
    if not isinstance(meta, dict):
        raise ContentError("front matter must be a mapping of key: value", path, 2)
    warnings: list[ContentProblem] = []
    fields = _Fields(path, lines).check(meta)
    try:
        rendered = render_body(body, glossary, fields["language"])
    except ContentError as exc:
        line = body_line - 1 + exc.line if exc.line is not None else None
        raise ContentError(exc.reason, path, line) from None
    warnings.extend(ContentProblem(path, w, None if line is None else body_line - 1 + line, "warning")
                    for w, line in rendered.warnings)  # fmt: skip
    pictures = tuple((src, None if line is None else body_line - 1 + line)
                     for src, line in rendered.pictures)  # fmt: skip
    links = tuple((href, target, None if line is None else body_line - 1 + line)
                  for href, target, line in rendered.links)  # fmt: skip
    article = Article(
        body=body,
        body_html=rendered.html,
        path=path,
        glossary_terms=tuple(rendered.glossary_terms),
        pictures=pictures,
        links=links,
        lines=_key_lines(lines),
        **fields,
    )
    return article, warnings


def _key_lines(lines: dict[tuple[Any, ...], int]) -> tuple[tuple[str, int], ...]:
    """Article.lines: the line of each top-level key, and of each item of a list, as
    ``key[n]`` (from 0); the keys inside a source are not needed after loading."""
    found = []
    for where, line in lines.items():
        if len(where) == 1 and isinstance(where[0], str):
            found.append((where[0], line))
        elif len(where) == 2 and isinstance(where[0], str) and isinstance(where[1], int):
            found.append((f"{where[0]}[{where[1]}]", line))
    return tuple(found)


# One-line fields hold no control character at all (model.NOT_IN_ONE_LINE); a summary may be
# written over several lines (they are joined), so it may hold tabs and line breaks, but
# nothing else (model.NOT_IN_TEXT).


class _Fields:
    """Checks the front matter's values; each refusal names the file, the line and the field."""

    def __init__(self, path: Path, lines: dict[tuple[Any, ...], int]) -> None:
        self.path = path
        self.lines = lines

    def error(self, message: str, *where: Any) -> ContentError:
        """A ContentError at the line of ``where`` (a key, then list positions and keys)."""
        while where and where not in self.lines:
            where = where[:-1]
        return ContentError(message, self.path, self.lines.get(where) if where else None)

    def check(self, meta: dict[Any, Any]) -> dict[str, Any]:
        path = self.path
        unknown = [k for k in meta if k not in ALLOWED_KEYS]
        if unknown:
            hints = []
            for key in unknown:
                hint = did_you_mean(str(key), ALLOWED_KEYS)
                hints.append(f"{str(key)!r}" + (f" ({hint})" if hint else ""))
            raise self.error(f"unknown key {', '.join(hints)}", unknown[0])
        missing = [k for k in REQUIRED_KEYS if k not in meta]
        if missing:
            raise ContentError(f"missing required key {', '.join(repr(k) for k in missing)}", path)
        empty = [k for k in REQUIRED_KEYS if meta[k] in (None, "", [])]
        if empty:
            raise self.error(f"{empty[0]!r} is empty: it is required", empty[0])

        if "id" in meta:
            article_id = meta["id"]
            if not is_article_id(article_id):
                raise self.error(f"id {article_id!r} must use only lowercase letters, digits and '-'", "id")
        else:
            article_id = path.stem
            if not is_article_id(article_id):
                raise ContentError(f"the file name {article_id!r} is the article's id, and an id must use "
                                   "only lowercase letters, digits and '-': rename the file, or add an "
                                   "'id:' line", path)  # fmt: skip
        summary = self.text(meta, "summary", NOT_IN_TEXT)
        return {
            "id": article_id,
            "title": self.text(meta, "title"),
            "summary": " ".join(summary.split()),
            "also_called": self.text_list(meta, "also_called"),
            "categories": self.text_list(meta, "categories"),
            "related": self.id_list(meta, "related"),
            "symptoms": self.text_list(meta, "symptoms"),
            "sources": self.sources(meta["sources"]),
            "reviewed": self.date(meta["reviewed"], "'reviewed'", "reviewed"),
            "language": self.text(meta, "language") if "language" in meta else "en",
        }

    def plain(self, value: str, field: str, where: tuple[Any, ...],
              refused: re.Pattern[str] = NOT_IN_ONE_LINE) -> str:  # fmt: skip
        """``value`` stripped, if it holds no character ``refused`` finds."""
        value = value.strip()
        found = refused.search(value)
        if found is not None:
            kind = "one line of plain text" if refused is NOT_IN_ONE_LINE else "plain text"
            raise self.error(f"{field} contains {describe_character(found.group())}: it must be {kind}",
                             *where)  # fmt: skip
        return value

    def text(self, meta: dict[Any, Any], key: str, refused: re.Pattern[str] = NOT_IN_ONE_LINE) -> str:
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key!r} must be non-empty text", key)
        return self.plain(value, repr(key), (key,), refused)

    def text_list(self, meta: dict[Any, Any], key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        single = isinstance(value, str)  # one item may be written without brackets
        items = [value] if single else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
            raise self.error(f"{key!r} must be a list of text", key)
        if single:
            return (self.plain(value, repr(key), (key,)),)
        return tuple(self.plain(v, f"{key!r} item {n}", (key, n - 1)) for n, v in enumerate(items, start=1))

    def id_list(self, meta: dict[Any, Any], key: str) -> tuple[str, ...]:
        ids = self.text_list(meta, key)
        for n, value in enumerate(ids):
            if not is_article_id(value):
                raise self.error(f"{key!r}: {value!r} is not an article id", key, n)
        return ids

    def date(self, value: Any, field: str, *where: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(f"{field} must be a date like 2026-11-21, not {value!r}", *where)

    def sources(self, value: Any) -> tuple[Source, ...]:
        if not isinstance(value, list) or not value:
            raise self.error("'sources' must be a list with at least one source", "sources")
        sources = []
        for n, item in enumerate(value, start=1):
            at = ("sources", n - 1)
            if not isinstance(item, dict):
                raise self.error(f"source {n} must have 'publisher' and 'title'", *at)
            unknown = sorted(str(k) for k in item if k not in SOURCE_KEYS)
            if unknown:
                raise self.error(f"source {n}: unknown key {', '.join(map(repr, unknown))}", *at, unknown[0])
            publisher, title = item.get("publisher"), item.get("title")
            if not isinstance(publisher, str) or not publisher.strip():
                raise self.error(f"source {n}: 'publisher' is required", *at, "publisher")
            if not isinstance(title, str) or not title.strip():
                raise self.error(f"source {n}: 'title' is required", *at, "title")
            # No date is an empty `date:` or none at all; anything else must be a date.
            date = item.get("date")
            if date is not None:
                date = self.date(date, f"source {n}: 'date'", *at, "date")
            url = item.get("url")
            if url is not None and not isinstance(url, str):
                raise self.error(f"source {n}: 'url' must be text", *at, "url")
            url = self.plain(url, f"source {n}: 'url'", (*at, "url")) if url else None
            publisher = self.plain(publisher, f"source {n}: 'publisher'", (*at, "publisher"))
            title = self.plain(title, f"source {n}: 'title'", (*at, "title"))
            sources.append(Source(publisher, title, date, url or None))
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

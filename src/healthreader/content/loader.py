"""Article files -> Article objects, with every limit of DESIGN.md's content format.

A broken file is reported as a ContentProblem (file, line where known, reason) and skipped;
the rest of the library loads. ``load_library`` goes through the catalogue so a warm start
reads SQLite only (and never imports this module: it finds the files with files.py).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

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
from healthreader.errors import ContentError, ContentErrors

MAX_FILE_BYTES = 1024 * 1024
ALLOWED_KEYS = frozenset(
    {"id", "title", "also_called", "summary", "categories", "related", "symptoms",
     "sources", "reviewed", "language"}
)  # fmt: skip
REQUIRED_KEYS = ("title", "summary", "sources", "reviewed")
SOURCE_KEYS = frozenset({"publisher", "title", "date", "url"})
_T = TypeVar("_T")
_NONE: tuple[str, ...] = ()



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
    comments: dict[tuple[Any, ...], str] = {}
    meta = load_strict_yaml(yaml_text, path, first_line=2, lines=lines, comments=comments,
                            keep_invalid_dates=True)  # fmt: skip
    if not isinstance(meta, dict):
        raise ContentError("front matter must be a mapping of key: value", path, 2)
    check = _Fields(path, lines, yaml_text.splitlines(), comments, first_line=2, end_line=body_line - 1)
    fields = check.check(meta)
    warnings = check.warnings
    rendered = None
    try:
        rendered = render_body(body, glossary, fields["language"])
    except ContentError as exc:
        line = body_line - 1 + exc.line if exc.line is not None else None
        check.errors.append(ContentError(exc.reason, path, line))
    if check.errors:
        raise ContentErrors(sorted(check.errors, key=lambda e: e.line or 0))
    assert rendered is not None
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
    """Checks the front matter's values; each refusal names the file, the line and the field.

    Every field is checked, and every mistake kept (``errors``), so that ``check`` lists them
    all at once rather than one per run; doubtful values are ``warnings``.
    """

    def __init__(self, path: Path, lines: dict[tuple[Any, ...], int], typed: list[str],
                 comments: dict[tuple[Any, ...], str], first_line: int,
                 end_line: int | None = None) -> None:  # fmt: skip
        self.path = path
        self.end_line = end_line  # the closing '---'
        self.lines = lines
        self.typed = typed  # the front matter's lines, the first being the file's line first_line
        self.comments = comments
        self.first_line = first_line
        self.errors: list[ContentError] = []
        self.warnings: list[ContentProblem] = []

    def error(self, message: str, *where: Any) -> ContentError:
        """A ContentError at the line of ``where`` (a key, then list positions and keys)."""
        return ContentError(message, self.path, self.line(*where))

    def line(self, *where: Any) -> int | None:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where) if where else None

    def attempt(self, check: Callable[[], _T], default: _T) -> _T:
        """``check()``, or ``default`` with its ContentError kept in ``errors``."""
        try:
            return check()
        except ContentError as exc:
            self.errors.append(exc)
            return default

    def check(self, meta: dict[Any, Any]) -> dict[str, Any]:
        path = self.path
        unknown = [k for k in meta if k not in ALLOWED_KEYS]
        meant: set[str] = set()  # the keys the unknown ones are close to: not also "missing"
        if unknown:
            hints = []
            for key in unknown:
                hint = did_you_mean(str(key), ALLOWED_KEYS)
                hints.append(f"{str(key)!r}" + (f" ({hint})" if hint else ""))
                meant.update(difflib.get_close_matches(str(key), ALLOWED_KEYS, n=1, cutoff=0.6))  # as the hint
            self.errors.append(self.error(f"unknown key {', '.join(hints)}", unknown[0]))
        missing = [k for k in REQUIRED_KEYS if k not in meta and k not in meant]
        if missing:
            # At the closing '---', where the keys would go.
            keys = f"key{'s' if len(missing) > 1 else ''} {', '.join(repr(k) for k in missing)}"
            self.errors.append(ContentError(f"missing required {keys}", path, self.end_line))
        empty = [k for k in REQUIRED_KEYS if k in meta and meta[k] in (None, "", [])]
        for key in empty:
            self.errors.append(self.error(f"{key!r} is empty: it is required", key))
        given = {k for k in REQUIRED_KEYS if k in meta and k not in empty}

        summary = self.attempt(lambda: self.text(meta, "summary", NOT_IN_TEXT), "") if "summary" in given else ""
        self.markup(summary, "summary")
        fields = {
            "id": self.attempt(lambda: self.article_id(meta), path.stem),
            "title": self.attempt(lambda: self.text(meta, "title"), "") if "title" in given else "",
            "summary": " ".join(summary.split()),
            "also_called": self.attempt(lambda: self.text_list(meta, "also_called"), _NONE),
            "categories": self.attempt(lambda: self.text_list(meta, "categories"), _NONE),
            "related": self.attempt(lambda: self.id_list(meta, "related"), _NONE),
            "symptoms": self.attempt(lambda: self.text_list(meta, "symptoms"), _NONE),
            "sources": self.sources(meta["sources"]) if "sources" in given else (),
            "reviewed": (self.attempt(lambda: self.date(meta["reviewed"], "'reviewed'", "reviewed"), None)
                         if "reviewed" in given else None),
            "language": self.attempt(lambda: self.text(meta, "language"), "en") if "language" in meta else "en",
        }  # fmt: skip
        return fields

    def markup(self, text: str, key: str) -> None:
        """Warn about Markdown or HTML in a text that readers see as written (the summary)."""
        from healthreader.content.render import markup_in

        found = markup_in(text)
        if found:
            marks = ", ".join(repr(mark) for mark in found)
            self.warnings.append(ContentProblem(
                self.path, f"{key!r} is plain text, so readers see {marks} as it is written: remove the marks "
                "(Markdown and HTML work in the body only)", self.line(key), "warning"))  # fmt: skip

    def article_id(self, meta: dict[Any, Any]) -> str:
        if "id" in meta:
            article_id = meta["id"]
            if article_id is None:
                raise self.error("'id' is empty: give the article's id, or leave the line out (the id is "
                                 "then the file's name)", "id")  # fmt: skip
            if not isinstance(article_id, str):  # id: 2024, id: yes
                raise self.not_text(article_id, "id", "id")
            if not is_article_id(article_id):
                raise self.error(f"id {article_id!r} must use only lowercase letters, digits and '-'", "id")
            return article_id
        if not is_article_id(self.path.stem):
            raise ContentError(f"the file name {self.path.stem!r} is the article's id, and an id must use "
                               "only lowercase letters, digits and '-': rename the file, or add an "
                               "'id:' line", self.path)  # fmt: skip
        return self.path.stem

    def written(self, *where: Any) -> str | None:
        """The value at ``where`` as typed, when it is written on its key's line (``key: value``)."""
        line = self.lines.get(where)
        if line is None or not 0 <= line - self.first_line < len(self.typed):
            return None
        typed = self.typed[line - self.first_line]
        typed = typed.split(":", 1)[1] if ":" in typed and isinstance(where[-1], str) else typed.lstrip(" -")
        typed = typed.split(" #", 1)[0].strip()
        return typed or None

    def not_text(self, value: Any, field: str, *where: Any) -> ContentError:
        """The refusal of a value YAML read as something other than text (``title: No`` is a
        yes/no value, ``title: 1918`` a number), saying what to do."""
        if isinstance(value, (list, dict)):
            kind = "a list" if isinstance(value, list) else "a set of keys"
            return self.error(f"{field} must be text, not {kind}", *where)
        kind = ("a yes/no value" if isinstance(value, bool) else "a number" if isinstance(value, (int, float))
                else "a date" if isinstance(value, datetime.date) else "something other than text")  # fmt: skip
        typed = self.written(*where)
        if typed is not None and isinstance(where[-1], str):
            return self.error(f"{field} must be text, but YAML reads {typed} as {kind}: put it in quotes, "
                              f'like this: {where[-1]}: "{typed}"', *where)  # fmt: skip
        return self.error(f"{field} must be text, but YAML reads it as {kind}: put it in quotes", *where)

    def plain(self, value: str, field: str, where: tuple[Any, ...],
              refused: re.Pattern[str] = NOT_IN_ONE_LINE) -> str:  # fmt: skip
        """``value`` stripped, if it holds no character ``refused`` finds."""
        value = value.strip()
        found = refused.search(value)
        if found is not None:
            kind = "one line of plain text" if refused is NOT_IN_ONE_LINE else "plain text"
            raise self.error(f"{field} contains {describe_character(found.group())}: it must be {kind}",
                             *where)  # fmt: skip
        self.cut_by_a_comment(value, field, where)
        return value

    def cut_by_a_comment(self, value: str, field: str, where: tuple[Any, ...]) -> None:
        """Warn when YAML took the end of a value's line for a comment, and that looks like
        text rather than a comment: ``#`` right after one space, or with a word right after it
        (``title: C# and F# #1 clinic`` is the title "C# and F#"). A comment set apart, as in
        ``title: Lupus    # required``, is taken to be one."""
        rest = self.comments.get(where)
        if rest is None:
            return
        gap = len(rest) - len(rest.lstrip())
        comment = rest.lstrip()
        if gap > 1 and comment[1:2] in ("", " "):
            return
        written = f"{value}{rest}".strip()
        self.warnings.append(ContentProblem(
            self.path, f"{field} reads {value!r}: YAML takes {comment!r} for a comment (a note to editors); "
            f'if it is part of the text, put the whole text in quotes: "{written}"', self.line(*where), "warning"))  # fmt: skip

    def text(self, meta: dict[Any, Any], key: str, refused: re.Pattern[str] = NOT_IN_ONE_LINE) -> str:
        value = meta.get(key)
        if not isinstance(value, str):
            raise self.not_text(value, repr(key), key)
        if not value.strip():
            raise self.error(f"{key!r} must be non-empty text", key)
        return self.plain(value, repr(key), (key,), refused)

    def text_list(self, meta: dict[Any, Any], key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):  # one item may be written without brackets
            if not value.strip():
                raise self.error(f"{key!r} is empty: leave it out, or give it one text or more", key)
            return (self.plain(value, repr(key), (key,)),)
        if isinstance(value, dict):
            raise self.error(f"{key!r} must be a list of text, like [fever, rash], not a set of keys", key)
        if not isinstance(value, list):
            raise self.not_text(value, repr(key), key)
        items = []
        for n, item in enumerate(value, start=1):
            if not isinstance(item, str):
                raise self.not_text(item, f"{key!r} item {n}", key, n - 1)
            if not item.strip():
                raise self.error(f"{key!r} item {n} is empty", key, n - 1)
            items.append(self.plain(item, f"{key!r} item {n}", (key, n - 1)))
        return tuple(items)

    def id_list(self, meta: dict[Any, Any], key: str) -> tuple[str, ...]:
        ids = self.text_list(meta, key)
        for n, value in enumerate(ids):
            if not is_article_id(value):
                raise self.error(f"{key!r}: {value!r} is not an article id", key, n)
        return ids

    def date(self, value: Any, field: str, *where: Any) -> datetime.date:
        from healthreader.content.frontmatter import InvalidDate

        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, InvalidDate):
            raise self.error(f"{field} {str(value)!r} is not a valid date", *where)
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(f"{field} must be a date like 2026-11-21, not {value!r}", *where)

    def sources(self, value: Any) -> tuple[Source, ...]:
        if not isinstance(value, list) or not value:
            self.errors.append(self.error("'sources' must be a list with at least one source", "sources"))
            return ()
        sources = []
        for n, item in enumerate(value, start=1):
            source = self.attempt(lambda n=n, item=item: self.source(n, item), None)  # type: ignore[misc]
            if source is not None:
                sources.append(source)
        return tuple(sources)

    def source(self, n: int, item: Any) -> Source:
        at = ("sources", n - 1)
        if not isinstance(item, dict):
            raise self.error(f"source {n} must have 'publisher' and 'title'", *at)
        unknown = sorted(str(k) for k in item if k not in SOURCE_KEYS)
        if unknown:
            raise self.error(f"source {n}: unknown key {', '.join(map(repr, unknown))}", *at, unknown[0])
        named: dict[str, str] = {}
        for key in ("publisher", "title"):
            text = item.get(key)
            if text is not None and not isinstance(text, str):
                raise self.not_text(text, f"source {n}: {key!r}", *at, key)
            if not isinstance(text, str) or not text.strip():
                raise self.error(f"source {n}: {key!r} is required", *at, key)
            named[key] = text
        # No date is an empty `date:` or none at all; anything else must be a date.
        date = item.get("date")
        if date is not None:
            date = self.date(date, f"source {n}: 'date'", *at, "date")
        url = item.get("url")
        if url is not None and not isinstance(url, str):
            raise self.not_text(url, f"source {n}: 'url'", *at, "url")
        url = self.plain(url, f"source {n}: 'url'", (*at, "url")) if url else None
        publisher = self.plain(named["publisher"], f"source {n}: 'publisher'", (*at, "publisher"))
        title = self.plain(named["title"], f"source {n}: 'title'", (*at, "title"))
        return Source(publisher, title, date, url or None)


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

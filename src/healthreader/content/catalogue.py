"""The catalogue: a SQLite cache of parsed articles, keyed by each file's path, size and mtime.

A warm start stats the files, finds every row current, and builds the Library from the
rows' metadata alone, a column per field: neither ``yaml`` nor ``markdown`` is imported,
nor ``json``. A whole article (body and pre-rendered HTML) is read from its row when it is
opened. A changed glossary or renderer invalidates every row; a corrupt or unwritable cache
file is replaced by a fresh one, or by an in-memory catalogue, never an error. Damage a start
does not see (it reads one row of each table, and only the info of each file) is found when
a row is read: an article whose stored copy cannot be read is read from its file.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from healthreader import __version__, paths
from healthreader.content.files import FileStamp, changed_ns, claimed_id_line, scan_folder
from healthreader.content.glossary import Glossary
from healthreader.content.model import (
    Article,
    ArticleInfo,
    ContentProblem,
    Library,
    Override,
    Source,
)
from healthreader.content.stamps import RENDER_VERSION
from healthreader.errors import ArticleNotFound, ContentError, ContentErrors

# The layout of the file, kept in SQLite's user_version: another number means the file
# is dropped and built again.
FORMAT = 3

# What an article's info is stored as: a column per field, and a list field as its items
# joined by this (the unit separator: the loader refuses control characters in those
# fields). A warm start reads them with no JSON decoding, and imports no ``json``.
_LIST_SEP = "\x1f"
Info = tuple[Any, ...]  # a row of _INFO_COLUMNS
_INFO_COLUMNS = "id, title, summary, also_called, categories, related, symptoms, language"

# Whole articles (body and HTML) live in their own table, so that a warm start, which reads
# every row of ``files``, never pages through the bodies.
_SCHEMA = f"""
DROP TABLE IF EXISTS meta;
DROP TABLE IF EXISTS files;
DROP TABLE IF EXISTS articles;
DROP TABLE IF EXISTS glossary;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    problems TEXT NOT NULL,
    id TEXT,
    title TEXT,
    summary TEXT,
    also_called TEXT,
    categories TEXT,
    related TEXT,
    symptoms TEXT,
    language TEXT
);
CREATE TABLE articles (path TEXT PRIMARY KEY, article TEXT NOT NULL);
CREATE TABLE glossary (term TEXT PRIMARY KEY, definition TEXT NOT NULL);
PRAGMA user_version = {FORMAT};
"""


class Catalogue:
    """Parsed articles cached in SQLite; see the module docstring."""

    LOCK_TIMEOUT = 5.0  # seconds to wait for another Health Reader writing the same file

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self._path = path  # the cache file; None in memory
        self._paths: dict[str, str] = {}
        # fetch() is also called from the thread that builds the search index.
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | None) -> Catalogue:
        if path is None:
            return cls(cls._connect(":memory:"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(cls._connect(str(path)), path)
        except sqlite3.Error as exc:
            if not _damaged(exc):
                # Locked by another Health Reader, or read-only: not ours to delete. Work in
                # memory this time.
                return cls(cls._connect(":memory:"))
            # Corrupt or foreign file: it is only a cache, so start again.
            paths.remove_cache_file(path)
            try:
                return cls(cls._connect(str(path)), path)
            except sqlite3.Error:
                return cls(cls._connect(":memory:"))
        except OSError:
            return cls(cls._connect(":memory:"))

    @classmethod
    def _connect(cls, name: str) -> sqlite3.Connection:
        # Shared with the search index's thread, one call at a time (self._lock).
        # No write probe here: a warm start only reads, and reading goes on while another
        # Health Reader writes. A write that fails (read-only, locked past the timeout)
        # raises OperationalError where it happens, and load() finishes in memory.
        conn = sqlite3.connect(name, timeout=cls.LOCK_TIMEOUT, check_same_thread=False)
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version == FORMAT:
                try:
                    # Every column load() and fetch() read.
                    conn.execute(f"SELECT path, size, mtime_ns, problems, {_INFO_COLUMNS} FROM files LIMIT 1")
                    conn.execute("SELECT path, article FROM articles LIMIT 1")
                    conn.execute("SELECT key, value FROM meta LIMIT 1")
                    conn.execute("SELECT term, definition FROM glossary LIMIT 1")
                    return conn
                except sqlite3.OperationalError as exc:
                    if _damaged(exc):
                        raise
            # New, foreign or of another layout: it is only a cache, so start again.
            conn.executescript(_SCHEMA)
            return conn
        except BaseException:
            # Closed before the caller may remove the file: a connection left open on a
            # removed file could write its journal beside the new one.
            _close(conn)
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- loading ---------------------------------------------------------------------------

    def load(self, folders: Sequence[Path], glossary_path: Path | None) -> Library:
        with self._lock:
            try:
                return self._load(folders, glossary_path)
            except _DAMAGE as exc:
                # The opening probes read one row of each table: damage further in shows
                # here. A broken file is built again; one locked or made read-only under us
                # (or a second failure) means finishing in memory.
                path, self._path = self._path, None
                _close(self._conn)
                if path is not None and _damaged(exc):
                    paths.remove_cache_file(path)
                    try:
                        self._conn = self._connect(str(path))
                        self._path = path
                        return self._load(folders, glossary_path)
                    except sqlite3.Error:
                        _close(self._conn)
                        self._path = None
                self._conn = self._connect(":memory:")
                return self._load(folders, glossary_path)

    def _load(self, folders: Sequence[Path], glossary_path: Path | None) -> Library:
        problems: list[ContentProblem] = []
        glossary = self._sync_glossary(glossary_path, problems)
        per_folder: list[list[tuple[str, str | None, Info | None]]] = []
        # Which version of each file the rows describe (the stamp they were stored for).
        versions_of: dict[str, tuple[int, int]] = {}
        changed = False
        # Each file is read once, from the first folder that holds it: a folder given twice
        # (``--content DIR check DIR``) or inside another one is not a second copy of it.
        loaded: set[str] = set()
        for folder in folders:
            stamps, scan_problems = scan_folder(folder)
            problems.extend(scan_problems)
            rows = self._rows_below(folder)
            entries: list[tuple[str, str | None, Info | None]] = []
            for stamp in stamps:
                key = stamp.path
                row = rows.pop(key, None)
                if key in loaded:
                    continue
                loaded.add(key)
                if row is not None and row[1] == stamp.size and row[2] == stamp.mtime_ns:
                    problems_json, info = row[3], row[4:] if row[4] is not None else None
                else:
                    problems_json, info = self._parse_and_store(stamp, glossary)
                    changed = True
                problems.extend(_problems_from_json(problems_json))
                entries.append((key, info[0] if info else None, info))
                versions_of[key] = (stamp.size, stamp.mtime_ns)
            per_folder.append(entries)
            if rows and not any(p.severity == "error" for p in scan_problems):
                # Rows of this folder whose files are gone (the folder was read in full).
                gone = [(k,) for k in rows]
                self._conn.executemany("DELETE FROM files WHERE path = ?", gone)
                self._conn.executemany("DELETE FROM articles WHERE path = ?", gone)
                changed = True
        if changed:
            with contextlib.suppress(sqlite3.Error):
                self._conn.commit()

        infos: dict[str, ArticleInfo] = {}
        overrides: list[Override] = []
        shown_from: dict[str, Path] = {}  # article id -> the folder its file is in
        self._paths = {}
        for folder, entries in zip(folders, per_folder, strict=True):
            shown = _shown_files(entries)
            for key, article_id, info in entries:
                if article_id is None or info is None:
                    continue
                winner = shown[article_id]
                if winner != key:
                    by_name = _named_for(winner, article_id) and not _named_for(key, article_id)
                    why = "has it too, and is named for it" if by_name else "has it already"
                    problems.append(ContentProblem(
                        Path(key), f"duplicate id {article_id!r}: {winner} {why}; this file is skipped",
                        claimed_id_line(Path(key))[1]))
                    continue
                earlier = self._paths.get(article_id)
                if earlier is not None and earlier != key:  # not the same folder given twice
                    overrides.append(Override(article_id, folder, Path(key), shown_from[article_id],
                                              Path(earlier), info[7], infos[article_id].language))  # fmt: skip
                infos[article_id] = _info_from_row(info)
                self._paths[article_id] = key
                shown_from[article_id] = folder
        versions = {article_id: versions_of[key] for article_id, key in self._paths.items()}
        library = Library(infos=infos, fetch=self.fetch, problems=problems, overrides=overrides,
                          files=self._paths, versions=versions, folders=folders)  # fmt: skip
        self._glossary = glossary
        return library

    def _rows_below(self, folder: Path) -> dict[str, tuple[Any, ...]]:
        """Cached rows of the files below a folder, by path (a range scan of the key)."""
        try:
            root = str(folder.resolve()).rstrip(os.sep) + os.sep
        except (OSError, RuntimeError):
            return {}
        upper = root[:-1] + chr(ord(os.sep) + 1)
        query = (
            f"SELECT path, size, mtime_ns, problems, {_INFO_COLUMNS} FROM files "
            "WHERE path >= ? AND path < ?"
        )
        return {row[0]: row for row in self._conn.execute(query, (root, upper))}

    @property
    def glossary(self) -> Glossary:
        return self._glossary

    def fetch(self, article_id: str) -> Article:
        key = self._paths.get(article_id)
        if key is None:
            raise ArticleNotFound(article_id)
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT article FROM articles WHERE path = ?", (key,)
                ).fetchone()
            if row is not None and row[0] is not None:
                return _article_from_json(row[0], key)
            # Otherwise another Health Reader emptied the shared cache (a newer glossary or
            # version) after this one loaded.
        except _DAMAGE as exc:
            if _damaged(exc):
                self._forget(key)
        # Read the file itself, as its stored row cannot be used.
        article, _warnings = parse_article(Path(key), self._glossary)
        return article

    def _forget(self, key: str) -> None:
        """Drop a damaged row, so that the next start reads its file again. When even that
        fails, the file is damaged beyond the row: it is removed, to be built again on the
        next start, and this session reads its files themselves."""
        with self._lock:
            try:
                self._conn.execute("DELETE FROM articles WHERE path = ?", (key,))
                self._conn.execute("DELETE FROM files WHERE path = ?", (key,))
                self._conn.commit()
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.rollback()
                if self._path is not None and _damaged(exc):
                    _close(self._conn)
                    paths.remove_cache_file(self._path)
                    self._conn, self._path = self._connect(":memory:"), None

    def _parse_and_store(self, stamp: FileStamp, glossary: Glossary) -> tuple[str, Info | None]:
        """Parse a new or changed file and store it: (its problems as JSON, its info)."""
        import json

        try:
            article, warnings = parse_article(Path(stamp.path), glossary)
        except ContentError as exc:
            found = exc.errors if isinstance(exc, ContentErrors) else [exc]
            article = None
            warnings = [ContentProblem(e.path or Path(stamp.path), e.reason, e.line) for e in found]
        problems_json = json.dumps([_problem_to_dict(p) for p in warnings])
        info = article_json = None
        if article is not None:
            info = _info_to_row(article)
            article_json = json.dumps(_article_to_dict(article))
        self._conn.execute(
            f"INSERT OR REPLACE INTO files (path, size, mtime_ns, problems, {_INFO_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (stamp.path, stamp.size, stamp.mtime_ns, problems_json, *(info or (None,) * 8)),
        )
        if article_json is None:
            self._conn.execute("DELETE FROM articles WHERE path = ?", (stamp.path,))
        else:
            self._conn.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?)", (stamp.path, article_json)
            )
        return problems_json, info

    def _sync_glossary(self, path: Path | None, problems: list[ContentProblem]) -> Glossary:
        """The glossary, from the cache when its file is unchanged; a change empties the cache."""
        # A new release may read files differently (a stricter loader), not only render them.
        stamp = f"{__version__}:{RENDER_VERSION}:"
        if path is not None:
            try:
                st = path.stat()
                # The articles' rule (changed_ns): a definition fixed with its size kept and
                # its modification time put back (cp -p, rsync -t) still reads as changed.
                stamp += f"{path}|{st.st_size}|{changed_ns(st)}"
            except OSError:
                stamp += f"{path}|missing"
        meta = dict(self._conn.execute("SELECT key, value FROM meta"))
        if meta.get("stamp") == stamp and "glossary_problems" in meta:
            # A broken glossary is reported at every start, from here: not read again.
            problems.extend(_problems_from_json(meta["glossary_problems"]))
            return dict(self._conn.execute("SELECT term, definition FROM glossary"))
        import json

        glossary: Glossary = {}
        found: list[ContentProblem] = []
        if path is not None:
            from healthreader.content.glossary import load_glossary

            try:
                glossary = load_glossary(path)
            except ContentError as exc:
                found.append(ContentProblem(exc.path or path, exc.reason, exc.line))
        problems.extend(found)
        self._conn.execute("DELETE FROM files")
        self._conn.execute("DELETE FROM articles")
        self._conn.execute("DELETE FROM glossary")
        self._conn.executemany("INSERT INTO glossary VALUES (?, ?)", glossary.items())
        self._conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("stamp", stamp), ("glossary_problems", json.dumps([_problem_to_dict(p) for p in found]))],
        )
        return glossary


# What a damaged cache file raises: SQLite's own errors (a malformed page, text that is
# not UTF-8), and a stored value that is not what was written (JSON, a date, a field).
_DAMAGE = (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError, IndexError)


def _damaged(exc: BaseException) -> bool:
    """Whether an error from the cache means its file is broken, and may be built again.

    Any other SQLite error (locked by another Health Reader, read-only, a full disk, a
    table another Health Reader is making now) means the file cannot be used now: it is
    not ours to delete.
    """
    if not isinstance(exc, sqlite3.Error):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # raised by Python's sqlite3 itself: a column that is not UTF-8
        return isinstance(exc, sqlite3.OperationalError)
    return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _close(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.close()


def _shown_files(entries: Sequence[tuple[str, str | None, Info | None]]) -> dict[str, str]:
    """Article id -> the file of one folder whose article is shown, when several have the id.

    The file named for the id (``vasculitis.md`` for ``vasculitis``) wins: a copy an editor
    made of it (``vasculitis-copy.md``, its ``id:`` line unchanged) must not take its place
    because its name sorts first. Otherwise the first file by path wins. File names are
    looked at only when two files have one id, so a warm start does no more work.
    """
    shown: dict[str, str] = {}
    for key, article_id, info in entries:
        if article_id is None or info is None:
            continue
        held = shown.setdefault(article_id, key)
        if held != key and _named_for(key, article_id) and not _named_for(held, article_id):
            shown[article_id] = key
    return shown


def _named_for(key: str, article_id: str) -> bool:
    """Whether the file at ``key`` is named for the id: ``<id>.md``."""
    return os.path.basename(key) == f"{article_id}.md"


def parse_article(path: Path, glossary: Glossary) -> tuple[Article, list[ContentProblem]]:
    """loader.parse_article, imported when a file must be parsed: a warm start never is."""
    from healthreader.content.loader import parse_article as parse

    return parse(path, glossary)


def _info_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "summary": article.summary,
        "reviewed": article.reviewed.isoformat(),
        "also_called": list(article.also_called),
        "categories": list(article.categories),
        "related": list(article.related),
        "symptoms": list(article.symptoms),
        "language": article.language,
    }


def _info_to_row(article: Article) -> Info:
    """An article's info as the catalogue's columns (_INFO_COLUMNS)."""
    return (article.id, article.title, article.summary, _LIST_SEP.join(article.also_called),
            _LIST_SEP.join(article.categories), _LIST_SEP.join(article.related),
            _LIST_SEP.join(article.symptoms), article.language)  # fmt: skip


def language_replacements(library: Library) -> list[ContentProblem]:
    """A warning for each page that replaces one in another language (a Spanish import's
    "lupus" loaded after the English "lupus"): readers of that language lose their page.
    ``check`` lists them, and the reader says them at start."""
    from healthreader.content.files import claimed_id_line
    from healthreader.content.wording import english_name, language_code

    problems = []
    for override in library.overrides:
        new, old = language_code(override.language), language_code(override.replaced_language)
        if new == old:
            continue
        problems.append(ContentProblem(
            override.path, f"replaces {override.replaced} (id {override.article_id!r}), which is in "
            f"another language ({old!r}, this page {new!r}): readers of {english_name(old)} lose it; give "
            f"this page an id of its own, like 'id: {override.article_id}-{new}'",
            claimed_id_line(override.path)[1], "warning"))  # fmt: skip
    return problems


def _info_from_row(row: Info) -> ArticleInfo:
    article_id, title, summary, also_called, categories, related, symptoms, language = row
    return ArticleInfo(article_id, title, summary, _items(also_called), _items(categories),
                       _items(related), _items(symptoms), language)  # fmt: skip


def _items(joined: str) -> tuple[str, ...]:
    return tuple(joined.split(_LIST_SEP)) if joined else ()


def _article_to_dict(article: Article) -> dict[str, Any]:
    d = _info_to_dict(article)
    d.update(
        body=article.body,
        body_html=article.body_html,
        glossary_terms=list(article.glossary_terms),
        pictures=[list(picture) for picture in article.pictures],
        links=[list(link) for link in article.links],
        lines=[list(line) for line in article.lines],
        sources=[
            {
                "publisher": s.publisher,
                "title": s.title,
                "date": s.date.isoformat() if s.date else None,
                "url": s.url,
            }
            for s in article.sources
        ],
    )
    return d


def _article_from_json(text: str, path: str) -> Article:
    import json  # when an article is first opened: a warm start reads no JSON

    d = json.loads(text)
    return Article(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        reviewed=datetime.date.fromisoformat(d["reviewed"]),
        body=d["body"],
        body_html=d["body_html"],
        also_called=tuple(d["also_called"]),
        categories=tuple(d["categories"]),
        related=tuple(d["related"]),
        symptoms=tuple(d["symptoms"]),
        sources=tuple(
            Source(
                s["publisher"],
                s["title"],
                datetime.date.fromisoformat(s["date"]) if s["date"] else None,
                s["url"],
            )
            for s in d["sources"]
        ),
        language=d["language"],
        path=Path(path),
        glossary_terms=tuple(d["glossary_terms"]),
        pictures=tuple((src, line) for src, line in d["pictures"]),
        links=tuple((target, article_id, line) for target, article_id, line in d["links"]),
        lines=tuple((key, line) for key, line in d["lines"]),
    )


def _problem_to_dict(p: ContentProblem) -> dict[str, Any]:
    return {"path": str(p.path) if p.path else None, "message": p.message, "line": p.line,
            "severity": p.severity}  # fmt: skip


def _problems_from_json(text: str | None) -> list[ContentProblem]:
    if not text or text == "[]":
        return []
    import json  # only a file with problems has any

    return [
        ContentProblem(Path(d["path"]) if d["path"] else None, d["message"], d["line"], d["severity"])
        for d in json.loads(text)
    ]

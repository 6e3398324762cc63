"""The search index: SQLite FTS5 over folded text, cached in one file, updated per article.

Usage::

    index = SearchIndex.open(cache_dir / "search.sqlite", library)   # None: in memory
    results = index.search("swollen glands")
    results.hits[0].title, results.hits[0].reason  # 'Swollen lymph nodes', 'also called: ...'
    index.suggest("lou g")                         # titles and synonyms, per keystroke

How ``search`` ranks (each tier always above the next):

1. Names: an FTS5 table over title, also_called, symptoms and summary (short rows, so
   cheap even for common words), bm25 weights 10/8/5/3, re-ranked by where the words
   are: the title being the query ("hives"), a synonym being it ("ITP"), the title then
   a synonym starting with it ("Lou Gehrig's disease"), the title, a synonym, a symptom
   holding every word; bm25 orders articles within each of these.
2. If fewer than ``limit`` articles matched there, body text fills the list: first
   articles with the words near one another (FTS5 ``NEAR``, 10 words), then any article
   with all the words, ranked by bm25 over all five columns (body weight 1). When more
   than ``BODY_CANDIDATES`` articles hold all the words, only that many (in title
   order) are ranked: it bounds a keystroke on very common words to a few milliseconds.
3. A one- or two-letter query alone ("s", "it") looks up names that start with it
   (titles and synonyms): every body would match, and ranking them is the slowest
   thing FTS5 can be asked.

When nothing matched in a name, the typo fallback runs: each word of four letters or
more that no title, synonym or symptom has is replaced by the closest word that one has
(optimal string alignment distance 1 for 4-5 letters, 2 for 6-9, 3 beyond; ties go to
words found in the same names as the rest of the query, then to frequent ones). The
corrected query wins if it matches a name, or if the original matched nothing at all;
``SearchResults.corrected`` then holds it ("Showing results for ..."). Still nothing:
articles with some of the words (names first), then the whole text against every title,
synonym and symptom (rapidfuzz QRatio).

Snippet markup: ``SearchHit.snippet`` is one line of plain text (at most ~150 characters,
"…" where cut) with each matched word wrapped in ``[[`` and ``]]``:
``"Hives are raised, red bumps or [[welts]] on the skin…"``. ``snippet_html`` is the same
text HTML-escaped, with ``<b>…</b>`` instead of the brackets. The line comes from the
summary if a query word is in it, else from the body paragraph holding the most query
words, else it is the start of the summary, unmarked.

The cache: one SQLite file. Each article row carries a stamp (path, size, mtime and a
hash of its searchable front matter; a hash of the text for articles with no file).
``open`` re-indexes only articles whose stamp changed, adds new ones and removes gone
ones. A corrupt or foreign file, or one written with other folding rules, is deleted and
rebuilt; one that cannot be used now (locked, read-only) is replaced by an in-memory
index. Neither is ever fatal. ``open`` can be told to stop early (``stop``, checked
between batches of ``SYNC_BATCH`` articles): what it did so far is kept, and the next
``open`` goes on from there.

Calls are serialized by a lock, so the index may be opened in one thread and searched
from another.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from healthreader.content.model import Article, ArticleInfo, Library
from healthreader.content.plaintext import markdown_to_text
from healthreader.errors import HealthReaderError
from healthreader.search.query import (
    MAX_TERMS,
    STOP_WORDS,
    WORD_RE,
    Query,
    Term,
    clean,
    fold,
    fold_text,
    normalize_word,
    parse,
    split_terms,
    words,
)

SCHEMA = "healthreader-search-5"
# Folding is part of what is stored: a change to its rules changes this sample's hash,
# hence the schema key, so an old cache file is rebuilt instead of misread.
_FOLD_SAMPLE = "Rashes allergies hives lupus kidneys diseases glasses Barré naïve itchy arms"
TOKENIZE = "unicode61 remove_diacritics 2"
TITLE_W, ALSO_W, SYMPTOM_W, SUMMARY_W, BODY_W = 10.0, 8.0, 5.0, 3.0, 1.0
BODY_CANDIDATES = 2000
NEAR_WORDS = 10
SNIPPET_CHARS = 150
SYNC_BATCH = 100  # articles indexed per transaction while opening
MARK_OPEN, MARK_CLOSE = "[[", "]]"
_NAME_CANDIDATES = 40  # names-tier rows re-ranked in Python beyond the limit asked for
_FUZZY_LABEL_CUTOFF = 72.0
_WHOLE_WORD_FIRST = 100.0  # above every tier: "hepatitis c" -> the articles with "hepatitis C"
_RARE = 3  # a word in at most this many articles (1 in 100) may be a typo even if it matches

_NAMES_SQL = (
    f"SELECT rowid, bm25(names, {TITLE_W}, {ALSO_W}, {SYMPTOM_W}, {SUMMARY_W}) "
    "FROM names WHERE names MATCH ? ORDER BY 2 LIMIT ?"
)
_BODY_SQL = (
    f"SELECT rowid, bm25(fts, {TITLE_W}, {ALSO_W}, {SYMPTOM_W}, {SUMMARY_W}, {BODY_W}) "
    "FROM fts WHERE fts MATCH ? AND rowid <= ? ORDER BY 2 LIMIT ?"
)


def schema_key() -> str:
    digest = hashlib.sha1(fold_text(_FOLD_SAMPLE).encode()).hexdigest()[:10]
    return f"{SCHEMA}:{TOKENIZE}:{digest}"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found. ``snippet`` marks matched words with [[ ]]; see the module doc."""

    id: str
    title: str
    score: float  # higher is better; only the order means something
    snippet: str
    snippet_html: str
    reason: str | None  # "also called: hives", "symptom: itchy welts", or None


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What one search found; ``corrected`` is set when the typo fallback was used."""

    query: str
    hits: list[SearchHit]
    corrected: str | None = None


def _clean_text(text: str) -> str:
    """Stored text: no control characters (never in a snippet), no lone surrogates."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


# -- the schema ---------------------------------------------------------------------------

_SCHEMA_SQL = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stamp TEXT NOT NULL,
    title TEXT NOT NULL, also_called TEXT NOT NULL, symptoms TEXT NOT NULL,
    summary TEXT NOT NULL, body TEXT NOT NULL);
-- External content: the text is stored once, in docs; the indexes hold folded words.
CREATE VIRTUAL TABLE fts USING fts5(
    title, also_called, symptoms, summary, body,
    content='docs', content_rowid='rowid', tokenize='{TOKENIZE}', prefix='3');
CREATE VIRTUAL TABLE names USING fts5(
    title, also_called, symptoms, summary,
    content='docs', content_rowid='rowid', tokenize='{TOKENIZE}', prefix='2 3');
CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts, 'row');
CREATE VIRTUAL TABLE names_vocab USING fts5vocab(names, 'row');
-- Words of titles, synonyms and symptoms as written (not folded): typo corrections.
CREATE TABLE name_words(word TEXT NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY(word, doc)) WITHOUT ROWID;
CREATE INDEX name_words_doc ON name_words(doc);
-- Titles and synonyms for suggestions: b-tree prefix lookups, no ranking to compute.
CREATE TABLE labels(
    rowid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, kind INTEGER NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL);
CREATE INDEX labels_norm ON labels(norm);
CREATE INDEX labels_doc ON labels(doc);
CREATE TABLE label_words(key TEXT NOT NULL, label INTEGER NOT NULL,
    PRIMARY KEY(key, label)) WITHOUT ROWID;
CREATE INDEX label_words_label ON label_words(label);
"""

_KIND_TITLE, _KIND_ALSO = 0, 1
# SQLite error names meaning "this file cannot be used now", not "this file is broken".
_TRANSIENT = frozenset(
    {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_FULL",
     "SQLITE_IOERR", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_NOMEM"}
)  # fmt: skip
_ERRORS = (sqlite3.Error, UnicodeError, ValueError, OverflowError, RecursionError, MemoryError)


class _Rebuild(Exception):
    """The cache file must be deleted and built again."""


def _fetch(library: Library, article_id: str) -> Article | None:
    """The whole article, or None if the library cannot read it now (it never stops the
    index from opening: the article is indexed on a later start)."""
    try:
        return library.get(article_id)
    except (HealthReaderError, OSError, sqlite3.Error, UnicodeError, ValueError):
        return None


def _stamp(info: ArticleInfo, library: Library) -> str | None:
    """What identifies this version of an article, without reading its body if it has a file."""
    h = hashlib.sha1()
    for part in (info.title, info.summary, *info.also_called, "\x1f", *info.symptoms):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    path = library.file_of(info.id)
    if path is not None:
        try:
            st = path.stat()
        except OSError:
            pass
        else:
            return f"f:{path}:{st.st_size}:{st.st_mtime_ns}:{h.hexdigest()}"
    article = _fetch(library, info.id)
    if article is None:
        return None
    h.update(article.body.encode("utf-8", "surrogatepass"))
    return f"t:{h.hexdigest()}"


@dataclass(frozen=True, slots=True)
class _Names:
    """An article's names as folded words, computed once per article when first needed."""

    title: tuple[str, ...]
    also: tuple[tuple[str, tuple[str, ...]], ...]
    symptoms: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, info: ArticleInfo) -> _Names:
        def keys(text: str) -> tuple[str, ...]:
            return tuple(fold(w) for w in words(text))

        return cls(
            keys(info.title),
            tuple((a, keys(a)) for a in info.also_called),
            tuple((s, keys(s)) for s in info.symptoms),
        )


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    """Words of every title, synonym and symptom, by length, with how many articles
    have each in their names: read from name_words on the first typo."""

    by_length: dict[int, list[str]]
    count: dict[str, int]


class SearchIndex:
    """Full-text search and suggestions over a Library; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, library: Library) -> None:
        self._conn = conn
        self._library = library
        self._lock = threading.Lock()
        self._ids: dict[int, str] = {}
        self._names: dict[str, _Names] = {}
        self._vocab: _Vocabulary | None = None
        self._labels: list[tuple[str, int, int, str]] | None = None  # (norm, doc, kind, text)

    # -- opening and updating -----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None,
        library: Library,
        stop: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> SearchIndex:
        """Open the index, building or updating it; ``None`` keeps it in memory.

        Cache trouble is never fatal: a broken file is rebuilt, an unusable one (locked,
        read-only, full disk) is replaced by an index in memory. ``progress(done, total)``
        is called as changed articles are indexed; once ``stop`` is set, no more are.
        """
        if path is not None:
            for _attempt in range(2):
                conn: sqlite3.Connection | None = None
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    conn = _connect(str(path))
                    index = cls(conn, library)
                    index._prepare()
                    index._sync(stop, progress)
                    return index
                except (_Rebuild, sqlite3.DatabaseError) as exc:
                    _close(conn)
                    if getattr(exc, "sqlite_errorname", None) in _TRANSIENT:
                        break
                    _remove_cache(path)
                except (OSError, sqlite3.Error, UnicodeError):
                    _close(conn)
                    break
        index = cls(_connect(":memory:"), library)
        index._prepare()
        index._sync(stop, progress)
        return index

    def _prepare(self) -> None:
        conn = self._conn
        row = None
        with contextlib.suppress(sqlite3.OperationalError):
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise _Rebuild("not a search cache")
            with conn:
                conn.executescript(_SCHEMA_SQL)
                conn.execute("INSERT INTO meta VALUES ('schema', ?)", (schema_key(),))
        elif row[0] != schema_key():
            raise _Rebuild("a cache from another version")
        else:
            # A file damaged under its meta row: each table must answer (cheap probes).
            for probe in ("SELECT 1 FROM fts WHERE fts MATCH 'a*' LIMIT 1",
                          "SELECT 1 FROM names WHERE names MATCH 'a*' LIMIT 1",
                          "SELECT 1 FROM fts_vocab LIMIT 1", "SELECT 1 FROM names_vocab LIMIT 1",
                          "SELECT 1 FROM labels, label_words, name_words, docs LIMIT 1"):  # fmt: skip
                conn.execute(probe).fetchall()

    def _sync(
        self,
        stop: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Bring the index in line with the library: only changed articles are touched."""
        conn = self._conn
        library = self._library
        have = {i: (rowid, stamp) for rowid, i, stamp in conn.execute("SELECT rowid, id, stamp FROM docs")}
        stamps: dict[str, str] = {}
        for info in library:
            stamp = _stamp(info, library)
            if stamp is not None:  # an article unreadable now is left out, tried next time
                stamps[info.id] = stamp
        gone = [rowid for i, (rowid, _) in have.items() if i not in stamps]
        changed = [i for i, stamp in stamps.items() if i in have and have[i][1] != stamp]
        new = [i for i in stamps if i not in have]
        if gone or changed or new:
            # Title order: rowid order is the order body matches are capped in.
            todo = sorted(changed + new, key=lambda i: library.infos[i].title.casefold())
            # In batches: a stop (or a crash) keeps what was committed, and the next open
            # does the rest; one commit per article would be slow on a disk.
            stale = gone + [have[i][0] for i in changed]
            for start in range(0, len(stale), SYNC_BATCH):
                if stop is not None and stop.is_set():
                    break
                with conn:
                    for rowid in stale[start : start + SYNC_BATCH]:
                        self._delete(rowid)
            for start in range(0, len(todo), SYNC_BATCH):
                if stop is not None and stop.is_set():
                    break
                if progress is not None:
                    progress(start, len(todo))
                with conn:
                    for article_id in todo[start : start + SYNC_BATCH]:
                        self._insert(article_id, stamps[article_id])
            stopped = stop is not None and stop.is_set()
            if progress is not None and not stopped:
                progress(len(todo), len(todo))
            if stopped:
                pass  # no merge now: it would hold up the stop
            elif len(changed) + len(new) + len(gone) > max(50, len(have) // 10):
                # Many new segments: merge them, so a query reads one b-tree per term.
                with conn:
                    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
                    conn.execute("INSERT INTO names(names) VALUES ('optimize')")
        self._ids = dict(conn.execute("SELECT rowid, id FROM docs"))

    def _insert(self, article_id: str, stamp: str) -> None:
        conn = self._conn
        article = _fetch(self._library, article_id)
        if article is None:
            return
        text = [
            _clean_text(article.title), _clean_text("\n".join(article.also_called)),
            _clean_text("\n".join(article.symptoms)), _clean_text(article.summary),
            _clean_text(markdown_to_text(article.body)),
        ]  # fmt: skip
        rowid = conn.execute(
            "INSERT INTO docs(id, stamp, title, also_called, symptoms, summary, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article.id, stamp, *text),
        ).lastrowid
        folded = [fold_text(t) for t in text]
        conn.execute("INSERT INTO fts(rowid, title, also_called, symptoms, summary, body) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (rowid, *folded))  # fmt: skip
        conn.execute("INSERT INTO names(rowid, title, also_called, symptoms, summary) "
                     "VALUES (?, ?, ?, ?, ?)", (rowid, *folded[:4]))  # fmt: skip
        labels = [(_KIND_TITLE, article.title)] + [(_KIND_ALSO, a) for a in article.also_called]
        for kind, label in labels:
            label = _clean_text(label)
            label_words = words(label)
            if not label_words:
                continue
            label_id = conn.execute(
                "INSERT INTO labels(doc, kind, text, norm) VALUES (?, ?, ?, ?)",
                (rowid, kind, label, " ".join(label_words)),
            ).lastrowid
            conn.executemany("INSERT OR IGNORE INTO label_words(key, label) VALUES (?, ?)",
                             [(fold(w), label_id) for w in set(label_words)])  # fmt: skip
        name_words = {w for t in (article.title, *article.also_called, *article.symptoms)
                      for w in words(t) if len(w) >= 3 and w.isalpha()}  # fmt: skip
        conn.executemany("INSERT OR IGNORE INTO name_words(word, doc) VALUES (?, ?)",
                         [(w, rowid) for w in name_words])  # fmt: skip

    def _delete(self, rowid: int) -> None:
        conn = self._conn
        row = conn.execute(
            "SELECT title, also_called, symptoms, summary, body FROM docs WHERE rowid = ?", (rowid,)
        ).fetchone()
        if row is None:
            return
        # External content: FTS5's 'delete' needs exactly the values that were indexed,
        # which the schema key guarantees fold_text still produces.
        folded = [fold_text(t) for t in row]
        conn.execute("INSERT INTO fts(fts, rowid, title, also_called, symptoms, summary, body) "
                     "VALUES ('delete', ?, ?, ?, ?, ?, ?)", (rowid, *folded))  # fmt: skip
        conn.execute("INSERT INTO names(names, rowid, title, also_called, symptoms, summary) "
                     "VALUES ('delete', ?, ?, ?, ?, ?)", (rowid, *folded[:4]))  # fmt: skip
        conn.execute("DELETE FROM label_words WHERE label IN "
                     "(SELECT rowid FROM labels WHERE doc = ?)", (rowid,))  # fmt: skip
        conn.execute("DELETE FROM labels WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM name_words WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    # -- searching --------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """Ranked articles for what the user typed; never raises, whatever the input."""
        try:
            limit = max(1, min(int(limit), 200))
            with self._lock:
                return self._search_text(text, limit)
        except _ERRORS:
            # A cache file broken under us, or input no check foresaw: no results, no crash.
            return SearchResults(text if isinstance(text, str) else "", [])

    def _search_text(self, text: str, limit: int) -> SearchResults:
        query = parse(text)
        if not query:
            return SearchResults(text, [])
        results = self._search_query(text, query, limit)
        found = _short_word_typed_last(query)
        if found is None:
            return results
        whole, marked = found
        # "hepatitis c": the letter being typed is left out of the search (as a prefix it
        # matches too much to rank: "c" starts "cause", "care"...), but an article with it
        # as a word right after the one before ("hepatitis C") is most likely what is
        # meant: those come first.
        ranked, _ = self._rank(whole, limit)
        if not ranked:
            return results
        first = [replace(hit, score=round(_WHOLE_WORD_FIRST + hit.score, 6))
                 for hit in self._hits(marked, ranked)]  # fmt: skip
        shown = {hit.id for hit in first}
        rest = [hit for hit in results.hits if hit.id not in shown]
        return SearchResults(text, (first + rest)[:limit], results.corrected)

    def _search_query(self, text: str, query: Query, limit: int) -> SearchResults:
        if _is_fragment(query):
            return SearchResults(text, self._fragment_hits(query, limit))
        ranked, in_names = self._rank(query, limit)
        if in_names:
            return SearchResults(text, self._hits(query, ranked))
        # Body matches only: the query may be a typo of a name that happens to start a
        # rare word somewhere ("lupis"); common words ("near") are left as typed.
        fixed_text = self._correct(query, only_rare=bool(ranked))
        fixed = parse(fixed_text) if fixed_text is not None else None
        if fixed and fixed.fts != query.fts:
            fixed_ranked, fixed_in_names = self._rank(fixed, limit)
            if fixed_in_names or (fixed_ranked and not ranked):
                return SearchResults(text, self._hits(fixed, fixed_ranked), fixed.text.strip())
        else:
            fixed = None
        if ranked:
            return SearchResults(text, self._hits(query, ranked))
        # No article has every word: those with some of them, the most words first.
        base = fixed or query
        some = tuple(t for t in base.terms if len(t.text) >= 3)
        if len(base.terms) > 1 and some:
            relaxed = Query(base.text, some, base.dropped, any_term=True)
            ranked, _ = self._rank(relaxed, limit)
            if ranked:
                corrected = fixed.text.strip() if fixed else None
                return SearchResults(text, self._hits(relaxed, ranked), corrected)
        hits, corrected = self._fuzzy_labels(query, limit)
        return SearchResults(text, hits, corrected)

    def _rank(self, query: Query, limit: int) -> tuple[list[tuple[float, int]], int]:
        """(score, rowid) best first, and how many articles matched in their names."""
        conn = self._conn
        match = query.fts
        ranked: list[tuple[float, int]] = []
        for rowid, bm25 in conn.execute(_NAMES_SQL, (match, limit + _NAME_CANDIDATES)):
            info = self._info(rowid)
            if info is not None:
                level = _name_level(query, self._names_of(info))
                ranked.append((10.0 + level + _squash(-bm25), rowid))
        in_names = len(ranked)
        ranked.sort(key=lambda r: -r[0])
        del ranked[limit:]
        if len(ranked) < limit:
            seen = {rowid for _, rowid in ranked}
            # Which articles hold all the words, in rowid (title) order: cheap, as no
            # rank is computed; bm25 then runs on at most BODY_CANDIDATES of them.
            candidates = conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", (match, BODY_CANDIDATES)
            ).fetchall()
            tiers: list[tuple[str, int, float]] = []
            if len(candidates) > limit and len(query.terms) > 1 and not query.any_term:
                # Words near one another first; NEAR only checks what AND matched.
                tiers.append((query.near(NEAR_WORDS), 2**62, 2.0))
            if candidates:
                below = candidates[-1][0] if len(candidates) == BODY_CANDIDATES else 2**62
                tiers.append((match, below, 0.0))
            for expression, below, base in tiers:
                for rowid, bm25 in conn.execute(_BODY_SQL, (expression, below, limit + len(seen))):
                    if rowid not in seen and len(ranked) < limit:
                        seen.add(rowid)
                        ranked.append((base + self._title_bonus(query, rowid) + _squash(-bm25), rowid))
                if len(ranked) >= limit:
                    break
            ranked.sort(key=lambda r: -r[0])  # the name matches (10 and up) stay first
        return ranked, in_names

    def _title_bonus(self, query: Query, rowid: int) -> float:
        """1 if the article's title holds one of the words ("early signs of lupus": Lupus
        before an article that only mentions lupus), else 0; less than a tier's step."""
        info = self._info(rowid)
        if info is None:
            return 0.0
        title = self._names_of(info).title
        return 1.0 if any(t.matches_key(k) for t in query.terms for k in title) else 0.0

    def _hits(self, query: Query, ranked: Sequence[tuple[float, int]]) -> list[SearchHit]:
        # The two-letter word being typed was left out of the search ("swollen gl"), but
        # it still picks the synonym to show and the words to mark.
        typed = [t for t in query.dropped if t.prefix and len(t.text) == 2 and t.text not in STOP_WORDS]
        if typed:
            query = Query(query.text, query.terms + tuple(typed), (), query.any_term)
        hits: list[SearchHit] = []
        for score, rowid in ranked:
            info = self._info(rowid)
            if info is None:
                continue
            summary = " ".join(info.summary.split())
            snippet = _snippet(summary, query)
            if snippet is None:
                row = self._conn.execute("SELECT body FROM docs WHERE rowid = ?", (rowid,)).fetchone()
                snippet = _snippet(row[0], query) if row else None
            plain, rich = snippet or _window(summary, [])
            reason = _reason(query, self._names_of(info))
            hits.append(SearchHit(info.id, info.title, round(score, 6), plain, rich, reason))
        return hits

    def _fragment_hits(self, query: Query, limit: int) -> list[SearchHit]:
        """A lone one- or two-letter query: articles whose names start with it."""
        hits: list[SearchHit] = []
        for doc, kind, label in self._label_matches(list(query.terms), limit):
            info = self._info(doc)
            if info is not None:
                plain, rich = _window(" ".join(info.summary.split()), [])
                reason = f"also called: {label}" if kind == _KIND_ALSO else None
                hits.append(SearchHit(info.id, info.title, float(limit - len(hits)), plain, rich, reason))
        return hits

    def _info(self, rowid: int) -> ArticleInfo | None:
        article_id = self._ids.get(rowid)
        return self._library.infos.get(article_id) if article_id is not None else None

    def _names_of(self, info: ArticleInfo) -> _Names:
        names = self._names.get(info.id)
        if names is None:
            if len(self._names) > 50_000:
                self._names.clear()
            names = self._names[info.id] = _Names.of(info)
        return names

    # -- typo fallback ----------------------------------------------------------------

    def _vocabulary(self) -> _Vocabulary:
        if self._vocab is None:
            by_length: dict[int, list[str]] = {}
            count: dict[str, int] = {}
            for word, n in self._conn.execute("SELECT word, count(*) FROM name_words GROUP BY word"):
                by_length.setdefault(len(word), []).append(word)
                count[word] = n
            self._vocab = _Vocabulary(by_length, count)
        return self._vocab

    def _correct(self, query: Query, only_rare: bool) -> str | None:
        """The text with each word no name has replaced by the closest word a name has.

        ``only_rare``: leave alone words found in more than a few articles' text.
        """
        vocab = self._vocabulary()
        rare = max(1, min(_RARE, len(self._ids) // 100))
        # The words as typed, in their order ("what causes lupis" -> "what causes lupus");
        # only the words searched for are candidates, never a stop word.
        terms = split_terms(query.text)
        searched = {w for t in query.terms for w in t.words if w not in STOP_WORDS}
        nearest: dict[str, list[tuple[str, int]]] = {}  # typo -> [(word, distance)] nearest
        context: list[str] = []  # words the choice should share an article's names with
        for word in searched:
            key = fold(word)
            if self._in_names(key):
                context.append(word)
            elif len(word) >= 4 and word.isalpha() and not (only_rare and self._in_articles(key) > rare):
                most = 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3
                choices = [w for k in range(len(word) - most, len(word) + most + 1)
                           for w in vocab.by_length.get(k, ())]  # fmt: skip
                found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=most, limit=None)
                if found:
                    closest = min(f[1] for f in found)
                    nearest[word] = [(str(f[0]), int(f[1])) for f in found if f[1] == closest][:50]
                    if len(nearest[word]) == 1:
                        context.append(nearest[word][0][0])  # "guillian": surely guillain
        if not nearest:
            return None
        fixed: dict[str, str] = {}
        for word, options in nearest.items():
            # Words sharing an article's names with the rest of the query first
            # ("guillain bare" -> barre, not care), then words in more names.
            others = [c for c in context if c != word and c != options[0][0]]
            fixed[word] = min(options, key=lambda o: (
                -self._together(o[0], others), -vocab.count.get(o[0], 0), o[0],
            ))[0]  # fmt: skip
        out = [" ".join(fixed.get(w, w) for w in t.words) for t in terms]
        if terms[-1].words != tuple(out[-1].split()):
            out.append("")  # a corrected last word is a whole word, no longer being typed
        return " ".join(out)

    def _in_names(self, key: str) -> bool:
        """Whether a folded word is in some title, synonym, symptom or summary."""
        return self._conn.execute("SELECT 1 FROM names_vocab WHERE term = ?", (key,)).fetchone() is not None

    def _in_articles(self, key: str) -> int:
        """In how many articles a folded word occurs as a whole word (being a mere
        prefix of other words, as "lupis" may be, does not count)."""
        row = self._conn.execute("SELECT doc FROM fts_vocab WHERE term = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def _together(self, word: str, context: list[str]) -> int:
        """How many articles have ``word`` and one of the ``context`` words in their names."""
        if not context:
            return 0
        row = self._conn.execute(
            "SELECT count(DISTINCT a.doc) FROM name_words a JOIN name_words b ON b.doc = a.doc "
            f"WHERE a.word = ? AND b.word IN ({', '.join('?' * len(context))})",
            (word, *context),
        ).fetchone()
        return int(row[0])

    def _fuzzy_labels(self, query: Query, limit: int) -> tuple[list[SearchHit], str | None]:
        """Last resort: the whole text against every title and synonym."""
        if self._labels is None:
            self._labels = self._conn.execute("SELECT norm, doc, kind, text FROM labels").fetchall()
        labels = self._labels
        text = " ".join(w for t in query.all_terms for w in t.words)
        if len(text) < 4:
            return [], None
        found = process.extract(text, [label[0] for label in labels], scorer=fuzz.QRatio,
                                score_cutoff=_FUZZY_LABEL_CUTOFF, limit=limit * 3)  # fmt: skip
        hits: list[SearchHit] = []
        corrected: str | None = None
        for norm, score, i in found:
            _, doc, kind, label = labels[i]
            info = self._info(doc)
            if info is None or any(h.id == info.id for h in hits):
                continue
            corrected = corrected or norm
            summary = " ".join(info.summary.split())
            plain, rich = _snippet(summary, parse(norm + " ")) or _window(summary, [])
            reason = f"also called: {label}" if kind == _KIND_ALSO else None
            hits.append(SearchHit(info.id, info.title, round(float(score) / 100.0, 6), plain, rich,
                                  reason))  # fmt: skip
            if len(hits) >= limit:
                break
        return hits, corrected

    # -- suggestions ------------------------------------------------------------------

    def suggest(self, text: str, limit: int = 10) -> list[SearchHit]:
        """Titles and synonyms for the text being typed, best first, one per article.

        Names that start with the text come first (alphabetically), then names with
        every word, one starting with the word being typed. ``snippet`` is the matched
        name, marked; ``reason`` is "also called: ..." when it is a synonym.
        """
        try:
            limit = max(1, min(int(limit), 100))
            with self._lock:
                return self._suggest(text, limit)
        except _ERRORS:
            return []

    def _suggest(self, text: str, limit: int) -> list[SearchHit]:
        terms = split_terms(clean(text))[:MAX_TERMS]
        if not terms:
            return []
        query = Query(text, tuple(terms))
        hits: list[SearchHit] = []
        for doc, kind, label in self._label_matches(terms, limit):
            info = self._info(doc)
            if info is None:
                continue
            plain, rich = _snippet(label, query, whole=True) or _window(label, [])
            reason = f"also called: {label}" if kind == _KIND_ALSO else None
            hits.append(SearchHit(info.id, info.title, float(limit - len(hits)), plain, rich, reason))
        return hits

    def _label_matches(self, terms: list[Term], limit: int) -> list[tuple[int, int, str]]:
        """(doc rowid, kind, name) for names matching the terms, best first, one per doc."""
        query = Query("", tuple(terms))
        norm = " ".join(w for t in terms for w in t.words)
        typing = terms[-1].prefix
        picked: dict[int, tuple[int, str]] = {}
        for doc, kind, label, label_norm in self._conn.execute(
            "SELECT doc, kind, text, norm FROM labels WHERE norm >= ? AND norm < ? "
            "ORDER BY norm, kind LIMIT ?",
            (norm, norm + "\uffff", limit * 3),
        ):
            whole = typing or label_norm == norm or label_norm.startswith(norm + " ")
            # Keep the article's place (its first name) but show its title if it matches.
            if whole and (doc not in picked or kind == _KIND_TITLE):
                picked[doc] = (kind, label)
        if len(picked) < limit:
            # Names with every word anywhere: intersect per-word lookups in SQL, then
            # check phrases and the word being typed in Python.
            meaningful = [t for t in terms if t.text not in STOP_WORDS] or terms
            parts: list[str] = []
            args: list[str] = []
            for term in meaningful[:4]:
                key = term.keys[0]
                if term.prefix and len(term.words) == 1:
                    parts.append("SELECT label FROM label_words WHERE key >= ? AND key < ?")
                    args += [key, key + "\uffff"]
                else:
                    parts.append("SELECT label FROM label_words WHERE key = ?")
                    args.append(key)
            phrases = any(len(t.words) > 1 for t in terms)
            rows = self._conn.execute(
                "SELECT doc, kind, text FROM labels WHERE rowid IN "
                f"({' INTERSECT '.join(parts)}) ORDER BY kind, length(text), norm LIMIT ?",
                [*args, 300 if phrases else limit * 3],
            ).fetchall()
            for doc, kind, label in rows:
                # One word per term was checked in SQL; a phrase needs its other words too.
                if doc not in picked and (not phrases or query.matches_text(label)):
                    picked[doc] = (kind, label)
        return [(doc, kind, label) for doc, (kind, label) in list(picked.items())[:limit]]


# -- helpers ------------------------------------------------------------------------------


def _connect(name: str) -> sqlite3.Connection:
    conn = sqlite3.connect(name, timeout=0.5, check_same_thread=False)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def _remove_cache(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _short_word_typed_last(query: Query) -> tuple[Query, Query] | None:
    """The query with its dropped one- or two-letter last word joined to the word before
    it as a phrase ("hepatitis c" -> "hepatitis C"), to search, and with that word as a
    word of its own, to mark in the snippets; None when no such word was dropped.

    >>> [q.fts for q in _short_word_typed_last(parse("liver hepatitis c"))]
    ['"liver" AND "hepatitis c"', '"liver" AND "hepatitis" AND "c"']
    >>> [_short_word_typed_last(parse(t)) for t in ("hepatitis c ", "lupus", "pain in a")]
    [None, None, None]
    """
    last = query.dropped[-1] if query.dropped else None
    if last is None or not last.prefix or len(last.words) != 1 or last.text in STOP_WORDS:
        return None
    chunks = split_terms(query.text)
    before = chunks[-2] if len(chunks) > 1 else None
    if before is None or not query.terms or query.terms[-1] != before:
        return None  # "pain in a": the letter does not follow a word that is searched
    phrase = Term(before.words + last.words)
    rest = query.dropped[:-1]
    return (Query(query.text, (*query.terms[:-1], phrase), rest, query.any_term),
            Query(query.text, (*query.terms, Term(last.words)), rest, query.any_term))  # fmt: skip


def _is_fragment(query: Query) -> bool:
    term = query.terms[0]
    return len(query.terms) == 1 and term.prefix and len(term.words) == 1 and len(term.words[0]) <= 2


def _squash(relevance: float) -> float:
    """bm25 relevance (>= 0, unbounded) -> [0, 1), same order: keeps the tiers apart."""
    relevance = max(relevance, 0.0)
    return relevance / (1.0 + relevance)


def _name_level(query: Query, names: _Names) -> int:
    """Where and how well an article's names match: the field order of the ranking.

    7 the title is the query ("Hives" for "hives"; while typing, "Lupus" for "lupu"),
    6 a synonym is ("ITP"), 5 the title starts with the query, 4 a synonym does ("Lou
    Gehrig's disease" for "lou gehrig"), 3 the title holds every term, 2 a synonym does,
    1 a symptom does, 0 none of these (the words are in the summary, or spread out).
    """
    qkeys = [k for t in query.terms for k in t.keys]
    typing = query.terms[-1].prefix
    last = len(qkeys) - 1
    best = 0
    for n, nkeys in enumerate((names.title, *(keys for _, keys in names.also))):
        is_title = n == 0
        if len(nkeys) >= len(qkeys) and all(
            nkeys[i] == qkeys[i] or (typing and i == last and nkeys[i].startswith(qkeys[i]))
            for i in range(len(qkeys))
        ):
            level = (7 if is_title else 6) if len(nkeys) == len(qkeys) else (5 if is_title else 4)
        elif query.matches_keys(nkeys):
            level = 3 if is_title else 2
        else:
            continue
        best = max(best, level)
    if best == 0 and any(query.matches_keys(keys) for _, keys in names.symptoms):
        best = 1
    return best


def _reason(query: Query, names: _Names) -> str | None:
    """Why a hit matched when its title does not show it: the synonym or the symptom."""
    if query.matches_keys(names.title):
        return None
    groups = (("also called", names.also), ("symptom", names.symptoms))
    for label, items in groups:
        for text, keys in items:
            if query.matches_keys(keys):
                return f"{label}: {text}"
    if any(t.matches_key(k) for t in query.terms for k in names.title):
        return None
    for label, items in groups:
        for text, keys in items:
            if any(t.matches_key(k) for t in query.terms for k in keys):
                return f"{label}: {text}"
    return None


def _latin_to_ascii() -> dict[int, str]:
    """é -> e, ï -> i, ...: one character for one, so offsets in the copy stay valid."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii():
            table[code] = base.lower()
    return table


_LATIN_TO_ASCII = _latin_to_ascii()


def _find(text: str, query: Query) -> list[tuple[int, int, int]]:
    """Matched words in ``text``: (start, end, bit set of the terms matched), in order.

    Looks for each term's folded stem with ``str.find`` on a lowercased, accent-free copy
    (C speed on a long body) and confirms each candidate word with the index's own rule.
    """
    lowered = text.lower().translate(_LATIN_TO_ASCII)
    stems = {k[:4] for t in query.terms for k in t.keys if k}
    if len(lowered) != len(text) or not all(s.isascii() for s in stems):
        candidates = [m.span() for m in WORD_RE.finditer(text)]  # rare: scan every word
    else:
        starts: set[int] = set()
        for stem in stems:
            pos = lowered.find(stem)
            while pos >= 0:
                if pos == 0 or not WORD_RE.match(lowered, pos - 1):
                    starts.add(pos)
                pos = lowered.find(stem, pos + 1)
        candidates = []
        for pos in sorted(starts):
            m = WORD_RE.match(text, pos)
            if m is not None:
                candidates.append(m.span())
    found: list[tuple[int, int, int]] = []
    for start, end in candidates:
        key = fold(normalize_word(text[start:end]))
        bits = 0
        for i, term in enumerate(query.terms):
            if term.matches_key(key):
                bits |= 1 << i
        if bits:
            found.append((start, end, bits))
    return found


def _snippet(text: str, query: Query, whole: bool = False) -> tuple[str, str] | None:
    """The line of ``text`` holding the most distinct terms, marked; None if no match."""
    found = _find(text, query)
    if not found:
        return None
    best_line = (0, 0)
    best_terms = -1
    line_start = -1
    terms_here = 0
    for start, _end, bits in found:
        if line_start < 0 or text.rfind("\n", 0, start) + 1 != line_start:
            line_start = text.rfind("\n", 0, start) + 1
            terms_here = 0
        terms_here |= bits
        count = terms_here.bit_count()
        if count > best_terms:
            best_terms = count
            line_end = text.find("\n", line_start)
            best_line = (line_start, len(text) if line_end < 0 else line_end)
    lo, hi = best_line
    spans = [(s - lo, e - lo) for s, e, _ in found if lo <= s < hi]
    return _window(text[lo:hi], spans, whole=whole)


def _between_words(line: str, at: int) -> int:
    """``at``, or where the word it falls inside starts: a place to cut ``line`` that splits
    no word.

    >>> _between_words("rest/tiredness/more", 7), _between_words("rest/tiredness/more", 4)
    (5, 4)
    """
    while 0 < at < len(line) and line[at - 1].isalnum() and line[at].isalnum():
        at -= 1
    return at


def _window(line: str, spans: Sequence[tuple[int, int]], whole: bool = False) -> tuple[str, str]:
    """At most SNIPPET_CHARS of one line around its first span: (plain [[ ]], HTML <b>)."""
    start, end = 0, len(line)
    if not whole and end > SNIPPET_CHARS:
        first, first_end = spans[0] if spans else (0, 0)
        if first > SNIPPET_CHARS // 3:
            # Some words of context before the match, cut at a space; in a long run with no
            # space ("a/b/c/…"), between two words.
            start = line.rfind(" ", 0, first - SNIPPET_CHARS // 4) + 1
            if first_end - start > SNIPPET_CHARS:
                start = _between_words(line, first - SNIPPET_CHARS // 4)
        if end - start > SNIPPET_CHARS:
            # At a space after the first match; else between two words, never inside one
            # (least of all a matched one), and never before the end of the first match.
            cut = line.rfind(" ", max(start, first_end), start + SNIPPET_CHARS)
            if cut <= start or cut < first_end:
                cut = max(_between_words(line, start + SNIPPET_CHARS), first_end)
            # One unmatched word longer than the whole window: that word is cut.
            end = cut if cut > start else start + SNIPPET_CHARS
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(line) else ""
    plain: list[str] = [lead]
    rich: list[str] = [lead]
    pos = start
    for s, e in spans:
        if s < pos or e > end:
            continue
        plain += [line[pos:s], MARK_OPEN, line[s:e], MARK_CLOSE]
        rich += [html.escape(line[pos:s]), "<b>", html.escape(line[s:e]), "</b>"]
        pos = e
    plain += [line[pos:end], tail]
    rich += [html.escape(line[pos:end]), tail]
    return "".join(plain), "".join(rich)


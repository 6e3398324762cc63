"""The search index: SQLite FTS5 over folded text, cached in one file, updated per article.

Usage::

    index = SearchIndex.open(cache_dir / "search.sqlite", library)   # None: in memory
    results = index.search("swollen glands")
    results.hits[0].title, results.hits[0].reason    # 'Swollen lymph nodes', 'also called: ...'
    index.suggest("lou g")                           # titles and synonyms, per keystroke

How a search runs (``search``):

1. ``query.parse`` turns the text into quoted, folded FTS5 terms (never raises).
2. Names first: an FTS5 table over title, also_called, symptoms and summary (small rows,
   so cheap even for common words), bm25-weighted 10/8/5/3, then re-ranked so that an
   exact name ("hives", "ITP") beats a name that starts with the query, which beats a
   name containing every word, which beats the rest.
3. If fewer than ``limit`` articles matched there, the full text (the same columns plus
   the body, weight 1) fills up the list, ranked below every name match.
4. No hit at all: typo fallback. Each word that is no word of any title, synonym or
   symptom is replaced by the closest one (rapidfuzz ratio over words of similar
   length); if that finds nothing, the whole text is matched against every title,
   synonym and symptom (rapidfuzz QRatio). A corrected query is reported in
   ``SearchResults.corrected`` ("Showing results for ...").
5. Each hit gets a one-line snippet from the summary, else from the body line with the
   most query words, else the start of the summary.

Snippet markup: ``SearchHit.snippet`` is plain text with each matched word wrapped in
``[[`` and ``]]`` (``"... itchy [[welts]] on the ..."``); ``snippet_html`` is the same text
HTML-escaped with ``<b>...</b>`` instead. A hit with no matched word in its text (a
title-only match) gets the start of its summary, unmarked.

The cache: one SQLite file. Each article row carries a stamp (path, size, mtime and a
hash of its searchable front matter, or a hash of the text for articles without a file);
``open`` re-indexes only articles whose stamp changed, adds new ones, removes gone ones.
A file that is corrupt, foreign, or from another version of the folding rules is
deleted and rebuilt; one that cannot be written (locked, read-only) is replaced by an
in-memory index. Neither is ever fatal.

Not thread-safe beyond a lock: calls are serialized; use it from one thread.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import html
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from healthreader.content.model import ArticleInfo, Library
from healthreader.search.query import (
    STOP_WORDS,
    WORD_RE,
    Query,
    clean,
    fold,
    fold_text,
    normalize_word,
    parse,
    split_terms,
    words,
)

SCHEMA = "healthreader-search-3"
# Folding is part of what is stored: a change to the rules changes this sample's hash,
# which changes the schema key, which rebuilds old cache files instead of misreading them.
_FOLD_SAMPLE = "Rashes allergies hives lupus kidneys diseases glasses Barré naïve itchy arms"
TOKENIZE = "unicode61 remove_diacritics 2"
TITLE_W, ALSO_W, SYMPTOM_W, SUMMARY_W, BODY_W = 10.0, 8.0, 5.0, 3.0, 1.0
SNIPPET_CHARS = 150
MARK_OPEN, MARK_CLOSE = "[[", "]]"
_NAME_CANDIDATES = 40  # names-tier rows re-ranked in Python, beyond the limit asked for
_FUZZY_WORD_CUTOFF = 75.0
_FUZZY_LABEL_CUTOFF = 72.0

_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)")
_EMPHASIS = re.compile(r"(?<![^\W_])[*_~]+|[*_~]+(?![^\W_])|`+")
_SPACES = re.compile(r"[ \t\u00a0|]+")


def schema_key() -> str:
    digest = hashlib.sha1(fold_text(_FOLD_SAMPLE).encode()).hexdigest()[:10]
    return f"{SCHEMA}:{TOKENIZE}:{digest}"


def markdown_to_text(markdown: str) -> str:
    """Markdown body -> plain text, one paragraph, heading or list item per line.

    >>> markdown_to_text("## Causes\\n\\nHives are **often** a\\nsign of [allergy](allergy).\\n- Foods")
    'Causes\\nHives are often a sign of allergy.\\nFoods'
    """
    lines: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            lines.append(" ".join(para))
            para.clear()

    for raw in markdown.splitlines():
        if not raw.strip():
            flush()
            continue
        block = _BLOCK.match(raw)
        if block:
            # A heading, list item or quote starts a line of its own.
            flush()
            raw = raw[block.end() :]
        para.append(raw.strip())
    flush()
    text = "\n".join(lines)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n") if line.strip())


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


_SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stamp TEXT NOT NULL,
    title TEXT NOT NULL, also_called TEXT NOT NULL, symptoms TEXT NOT NULL,
    summary TEXT NOT NULL, body TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, also_called, symptoms, summary, body,
    content='docs', content_rowid='rowid', tokenize='{TOKENIZE}', prefix='2 3');
CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(
    title, also_called, symptoms, summary,
    content='docs', content_rowid='rowid', tokenize='{TOKENIZE}', prefix='2 3');
CREATE TABLE IF NOT EXISTS labels(
    rowid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, kind INTEGER NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS labels_norm ON labels(norm);
CREATE INDEX IF NOT EXISTS labels_doc ON labels(doc);
CREATE TABLE IF NOT EXISTS label_words(
    key TEXT NOT NULL, label INTEGER NOT NULL, PRIMARY KEY(key, label)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS label_words_label ON label_words(label);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');
"""

_KIND_TITLE, _KIND_ALSO = 0, 1
# sqlite error names meaning "cannot use this file now", not "this file is broken".
_TRANSIENT = frozenset(
    {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_FULL",
     "SQLITE_IOERR", "SQLITE_PERM", "SQLITE_AUTH"}
)  # fmt: skip


class _Rebuild(Exception):
    """The cache file must be deleted and built again."""


def _join(items: Sequence[str]) -> str:
    # One item per line: FTS5 sees a separator, the reason finder splits on it again.
    return "\n".join(items)


def _stamp(info: ArticleInfo, library: Library) -> str:
    h = hashlib.sha1()
    for part in (info.title, info.summary, *info.also_called, "\x1f", *info.symptoms):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    if info.path is not None:
        try:
            st = info.path.stat()
        except OSError:
            pass
        else:
            return f"f:{info.path}:{st.st_size}:{st.st_mtime_ns}:{h.hexdigest()}"
    h.update(library.get(info.id).body.encode("utf-8", "surrogatepass"))
    return f"t:{h.hexdigest()}"


class SearchIndex:
    """Full-text search and suggestions over a Library; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, library: Library) -> None:
        self._conn = conn
        self._library = library
        self._lock = threading.Lock()
        self._ids: dict[int, str] = {}
        self._vocab: dict[int, list[str]] | None = None  # names words by length, for typos
        self._vocab_keys: list[str] = []  # their folded forms, sorted
        self._labels: list[tuple[str, str, str]] | None = None  # (norm, id, "kind: text")

    # -- opening and updating -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None, library: Library) -> SearchIndex:
        """Open (building or updating) the index; ``None`` keeps it in memory. Never fatal
        for cache trouble: a broken file is rebuilt, an unusable one replaced by memory."""
        if path is not None:
            for _attempt in range(2):
                conn: sqlite3.Connection | None = None
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    conn = _connect(str(path))
                    index = cls(conn, library)
                    index._prepare()
                    index._sync()
                    return index
                except (_Rebuild, sqlite3.DatabaseError) as exc:
                    if conn is not None:
                        with contextlib.suppress(sqlite3.Error):
                            conn.close()
                    if getattr(exc, "sqlite_errorname", None) in _TRANSIENT:
                        break
                    _remove_cache(path)
                except (OSError, sqlite3.Error, UnicodeError):
                    if conn is not None:
                        with contextlib.suppress(sqlite3.Error):
                            conn.close()
                    break
        index = cls(_connect(":memory:"), library)
        index._prepare()
        index._sync()
        return index

    def _prepare(self) -> None:
        conn = self._conn
        row = None
        with contextlib.suppress(sqlite3.OperationalError):
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None:
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if has_tables:
                raise _Rebuild("not a search cache")
            conn.executescript(_SCHEMA_SQL)
            conn.execute("INSERT INTO meta VALUES ('schema', ?)", (schema_key(),))
            conn.commit()
        elif row[0] != schema_key():
            raise _Rebuild("cache from another version")

    def _sync(self) -> None:
        """Bring the index in line with the library: only changed articles are touched."""
        conn = self._conn
        library = self._library
        have = {id_: (rowid, stamp) for rowid, id_, stamp in conn.execute("SELECT rowid, id, stamp FROM docs")}
        stamps = {info.id: _stamp(info, library) for info in library}
        gone = [have[id_][0] for id_ in have.keys() - stamps.keys()]
        changed = [id_ for id_, stamp in stamps.items() if id_ in have and have[id_][1] != stamp]
        new = [id_ for id_ in stamps if id_ not in have]
        if gone or changed or new:
            with conn:
                for rowid in gone + [have[id_][0] for id_ in changed]:
                    self._delete(rowid)
                for id_ in sorted(changed + new, key=lambda i: library.infos[i].title.casefold()):
                    self._insert(id_, stamps[id_])
            if len(changed) + len(new) + len(gone) > max(50, len(have) // 10):
                # Many new segments: merge them so queries read one b-tree per term.
                with conn:
                    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
                    conn.execute("INSERT INTO names(names) VALUES ('optimize')")
        self._ids = {rowid: id_ for rowid, id_ in conn.execute("SELECT rowid, id FROM docs")}

    def _insert(self, article_id: str, stamp: str) -> None:
        article = self._library.get(article_id)
        row = (
            article.id, stamp, _clean_text(article.title), _clean_text(_join(article.also_called)),
            _clean_text(_join(article.symptoms)), _clean_text(article.summary),
            _clean_text(markdown_to_text(article.body)),
        )  # fmt: skip
        cur = self._conn.execute(
            "INSERT INTO docs(id, stamp, title, also_called, symptoms, summary, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        rowid = cur.lastrowid
        folded = [fold_text(v) for v in row[2:]]
        self._conn.execute(
            "INSERT INTO fts(rowid, title, also_called, symptoms, summary, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (rowid, *folded),
        )
        self._conn.execute(
            "INSERT INTO names(rowid, title, also_called, symptoms, summary) VALUES (?, ?, ?, ?, ?)",
            (rowid, *folded[:4]),
        )
        labels = [(_KIND_TITLE, article.title)] + [(_KIND_ALSO, a) for a in article.also_called]
        for kind, text in labels:
            text = _clean_text(text)
            label_words = words(text)
            if not label_words:
                continue
            cur = self._conn.execute(
                "INSERT INTO labels(doc, kind, text, norm) VALUES (?, ?, ?, ?)",
                (rowid, kind, text, " ".join(label_words)),
            )
            self._conn.executemany(
                "INSERT OR IGNORE INTO label_words(key, label) VALUES (?, ?)",
                [(fold(w), cur.lastrowid) for w in set(label_words)],
            )

    def _delete(self, rowid: int) -> None:
        conn = self._conn
        row = conn.execute(
            "SELECT title, also_called, symptoms, summary, body FROM docs WHERE rowid = ?", (rowid,)
        ).fetchone()
        if row is None:
            return
        # External-content FTS5: 'delete' needs exactly the values that were indexed.
        folded = [fold_text(v) for v in row]
        conn.execute(
            "INSERT INTO fts(fts, rowid, title, also_called, symptoms, summary, body) "
            "VALUES ('delete', ?, ?, ?, ?, ?, ?)",
            (rowid, *folded),
        )
        conn.execute(
            "INSERT INTO names(names, rowid, title, also_called, symptoms, summary) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            (rowid, *folded[:4]),
        )
        conn.execute(
            "DELETE FROM label_words WHERE label IN (SELECT rowid FROM labels WHERE doc = ?)", (rowid,)
        )
        conn.execute("DELETE FROM labels WHERE doc = ?", (rowid,))
        conn.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    # -- searching --------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """Ranked articles for what the user typed; never raises for any input."""
        limit = max(1, min(int(limit), 200))
        try:
            with self._lock:
                return self._search_text(text, limit)
        except (sqlite3.Error, UnicodeError, ValueError, RecursionError, MemoryError):
            # A cache file broken under us, or input no check foresaw: no results, no crash.
            return SearchResults(text, [])

    def _search_text(self, text: str, limit: int) -> SearchResults:
        query = parse(text)
        if not query:
            return SearchResults(text, [])
        hits = self._search(query, limit)
        if hits:
            return SearchResults(text, hits)
        # Typo fallback, cheapest and most faithful first: words unknown to the whole
        # index, then words no title, synonym or symptom has, then whole names.
        tried = {query.fts}
        for names_only in (False, True):
            fixed_text = self._correct(query, names_only)
            if fixed_text is None:
                continue
            fixed = parse(fixed_text)
            if fixed and fixed.fts not in tried:
                tried.add(fixed.fts)
                hits = self._search(fixed, limit)
                if hits:
                    return SearchResults(text, hits, fixed_text.strip())
        hits, corrected = self._fuzzy_labels(query, limit)
        return SearchResults(text, hits, corrected)

    def _search(self, query: Query, limit: int) -> list[SearchHit]:
        conn = self._conn
        match = query.fts
        ranked: list[tuple[float, int]] = []
        rows = conn.execute(
            f"SELECT rowid, bm25(names, {TITLE_W}, {ALSO_W}, {SYMPTOM_W}, {SUMMARY_W}) "
            "FROM names WHERE names MATCH ? ORDER BY 2 LIMIT ?",
            (match, limit + _NAME_CANDIDATES),
        ).fetchall()
        for rowid, bm25 in rows:
            info = self._info(rowid)
            if info is not None:
                ranked.append((10.0 + 2.0 * _name_level(query, info) + _squash(-bm25), rowid))
        ranked.sort(key=lambda r: -r[0])
        del ranked[limit:]
        if len(ranked) < limit:
            # Body text fills the list, always below every name match (scores < 1).
            seen = {rowid for _, rowid in ranked}
            rows = conn.execute(
                f"SELECT rowid, bm25(fts, {TITLE_W}, {ALSO_W}, {SYMPTOM_W}, {SUMMARY_W}, {BODY_W}) "
                "FROM fts WHERE fts MATCH ? ORDER BY 2 LIMIT ?",
                (match, limit + len(seen)),
            ).fetchall()
            for rowid, bm25 in rows:
                if rowid not in seen and len(ranked) < limit:
                    ranked.append((_squash(-bm25), rowid))
        pattern = _candidates_pattern(query)
        hits: list[SearchHit] = []
        for score, rowid in ranked:
            info = self._info(rowid)
            if info is None:
                continue
            snippet, snippet_html = self._snippet(query, pattern, info, rowid)
            hits.append(SearchHit(info.id, info.title, round(score, 6), snippet, snippet_html,
                                  _reason(query, info)))  # fmt: skip
        return hits

    def _info(self, rowid: int) -> ArticleInfo | None:
        article_id = self._ids.get(rowid)
        return self._library.infos.get(article_id) if article_id is not None else None

    def _snippet(
        self, query: Query, pattern: re.Pattern[str] | None, info: ArticleInfo, rowid: int
    ) -> tuple[str, str]:
        found = _best_line(info.summary, query, pattern)
        if found is None:
            row = self._conn.execute("SELECT body FROM docs WHERE rowid = ?", (rowid,)).fetchone()
            if row is not None:
                found = _best_line(row[0], query, pattern)
        if found is None:
            return _marked(" ".join(info.summary.split()), 0, None, None)
        line, pos = found
        return _marked(line, pos, query, pattern)

    # -- typo fallback ----------------------------------------------------------------

    def _load_vocab(self) -> tuple[dict[int, list[str]], list[str], list[tuple[str, str, str]]]:
        """Words and whole labels of every title, synonym and symptom (built on first typo)."""
        if self._vocab is None:
            by_len: dict[int, set[str]] = {}
            labels: list[tuple[str, str, str]] = []
            for info in self._library.infos.values():
                named = [(info.title, "")] + [(a, "also called: ") for a in info.also_called]
                named += [(s, "symptom: ") for s in info.symptoms]
                for text, why in named:
                    label_words = words(_clean_text(text))
                    for w in label_words:
                        if len(w) >= 3 and w.isalpha():
                            by_len.setdefault(len(w), set()).add(w)
                    if label_words:
                        labels.append((" ".join(label_words), info.id, why + text if why else ""))
            self._vocab = {n: sorted(ws) for n, ws in by_len.items()}
            self._vocab_keys = sorted({fold(w) for ws in by_len.values() for w in ws})
            self._labels = labels
        assert self._labels is not None
        return self._vocab, self._vocab_keys, self._labels

    def _correct(self, query: Query, names_only: bool) -> str | None:
        """The text with each unknown word replaced by the closest word of a name, or None.

        Unknown means: matching no word of the index (``names_only`` False), or of any
        title, synonym or symptom (True). Words under four letters are left alone.
        """
        from rapidfuzz import fuzz, process  # lazy: only typos pay for the import

        vocab, keys, _ = self._load_vocab()
        changed = False
        out: list[str] = []
        terms = query.all_terms
        for n, term in enumerate(terms):
            new_words: list[str] = []
            for i, word in enumerate(term.words):
                typing = term.prefix and i == len(term.words) - 1
                known = (
                    _known_key(keys, fold(word), typing) if names_only
                    else self._in_index(fold(word), typing)
                )  # fmt: skip
                best = None
                if len(word) >= 4 and word.isalpha() and not known:
                    choices = [w for k in range(len(word) - 2, len(word) + 3) for w in vocab.get(k, ())]
                    best = process.extractOne(word, choices, scorer=fuzz.ratio,
                                              score_cutoff=_FUZZY_WORD_CUTOFF)  # fmt: skip
                if best is None:
                    new_words.append(word)
                else:
                    new_words.append(str(best[0]))
                    changed = True
            out.append(" ".join(new_words))
            if n == len(terms) - 1 and new_words != list(term.words):
                out.append("")  # a corrected last word is whole, no longer being typed
        if not changed:
            return None
        return " ".join(out)

    def _in_index(self, key: str, typing: bool) -> bool:
        if typing:
            sql, args = "term >= ? AND term < ?", (key, key + "\uffff")
        else:
            sql, args = "term = ?", (key, key)
        row = self._conn.execute(
            f"SELECT 1 FROM fts_vocab WHERE {sql} LIMIT 1", args[: 2 if typing else 1]
        ).fetchone()
        return row is not None

    def _fuzzy_labels(self, query: Query, limit: int) -> tuple[list[SearchHit], str | None]:
        """Last resort: the whole text against every title, synonym and symptom."""
        from rapidfuzz import fuzz, process

        _, _, labels = self._load_vocab()
        text = " ".join(w for t in query.all_terms for w in t.words)
        if len(text) < 4:
            return [], None
        found = process.extract(text, [label[0] for label in labels], scorer=fuzz.QRatio,
                                score_cutoff=_FUZZY_LABEL_CUTOFF, limit=limit * 3)  # fmt: skip
        hits: list[SearchHit] = []
        corrected: str | None = None
        for norm, score, i in found:
            _, article_id, reason = labels[i]
            info = self._library.infos.get(article_id)
            if info is None or any(h.id == article_id for h in hits):
                continue
            corrected = corrected or norm
            plain, marked_html = _marked(" ".join(info.summary.split()), 0, None, None)
            hits.append(SearchHit(info.id, info.title, round(float(score) / 100.0, 6), plain,
                                  marked_html, reason or None))  # fmt: skip
            if len(hits) >= limit:
                break
        return hits, corrected

    # -- suggestions ------------------------------------------------------------------

    def suggest(self, text: str, limit: int = 10) -> list[SearchHit]:
        """Titles and synonyms for the text being typed, best first, one per article.

        Names that start with the text come first (alphabetically), then names with a
        word starting with the word being typed. ``snippet`` is the matched name, marked;
        ``reason`` is "also called: ..." when the name is a synonym.
        """
        limit = max(1, min(int(limit), 100))
        try:
            with self._lock:
                return self._suggest(text, limit)
        except (sqlite3.Error, UnicodeError, ValueError, RecursionError, MemoryError):
            return []

    def _suggest(self, text: str, limit: int) -> list[SearchHit]:
        terms = split_terms(clean(text))
        if not terms:
            return []
        query = Query(text, tuple(terms))
        typing = terms[-1].prefix
        norm = " ".join(w for t in terms for w in t.words)
        rows = self._conn.execute(
            "SELECT doc, kind, text, norm FROM labels WHERE norm >= ? AND norm < ? "
            "ORDER BY norm, kind LIMIT ?",
            (norm, norm + "\uffff", limit * 3),
        ).fetchall()
        picked: dict[int, tuple[int, str]] = {}
        for doc, kind, label, label_norm in rows:
            if typing or label_norm == norm or label_norm.startswith(norm + " "):
                picked.setdefault(doc, (kind, label))
        if len(picked) < limit:
            # Names with the words anywhere: look up the most selective term, filter by all.
            meaningful = [t for t in terms if t.text not in STOP_WORDS] or terms
            whole = [t for t in meaningful if not t.prefix]
            probe = max(whole, key=lambda t: len(t.text)) if whole else meaningful[-1]
            key = probe.keys[0]
            if probe.prefix and len(probe.words) == 1:
                more = self._conn.execute(
                    "SELECT l.doc, l.kind, l.text FROM label_words w JOIN labels l ON l.rowid = w.label"
                    " WHERE w.key >= ? AND w.key < ? LIMIT 400",
                    (key, key + "\uffff"),
                ).fetchall()
            else:
                more = self._conn.execute(
                    "SELECT l.doc, l.kind, l.text FROM label_words w JOIN labels l ON l.rowid = w.label"
                    " WHERE w.key = ? LIMIT 400",
                    (key,),
                ).fetchall()
            more = [r for r in more if r[0] not in picked and query.matches_text(r[2])]
            more.sort(key=lambda r: (r[1], len(r[2]), r[2].casefold()))
            for doc, kind, label in more:
                picked.setdefault(doc, (kind, label))
        pattern = _candidates_pattern(query)
        hits: list[SearchHit] = []
        for doc, (kind, label) in picked.items():
            info = self._info(doc)
            if info is None:
                continue
            plain, marked_html = _marked(label, 0, query, pattern)
            reason = f"also called: {label}" if kind == _KIND_ALSO else None
            hits.append(SearchHit(info.id, info.title, float(limit - len(hits)), plain,
                                  marked_html, reason))  # fmt: skip
            if len(hits) >= limit:
                break
        return hits


# -- helpers ------------------------------------------------------------------------------


def _connect(name: str) -> sqlite3.Connection:
    conn = sqlite3.connect(name, timeout=0.5, check_same_thread=False)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _remove_cache(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _clean_text(text: str) -> str:
    """Stored text: no control characters (they are snippet markers) and no lone surrogates."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(ch if ch >= " " or ch == "\n" else " " for ch in text)


def _squash(relevance: float) -> float:
    """bm25 relevance (>= 0, unbounded) -> [0, 1), same order: keeps tiers apart."""
    relevance = max(relevance, 0.0)
    return relevance / (1.0 + relevance)


def _known_key(keys: list[str], key: str, typing: bool) -> bool:
    i = bisect.bisect_left(keys, key)
    return i < len(keys) and (keys[i] == key or (typing and keys[i].startswith(key)))


def _name_level(query: Query, info: ArticleInfo) -> int:
    """How well the article's names match the query.

    4: the title is the query ("Hives" for "hives"; while typing, "Lupus" for "lupu"),
    3: a synonym is the query ("ITP"), 2: a name starts with the query ("Lou Gehrig's
    disease" for "lou gehrig"), 1: a name holds every term, 0: none of these.
    """
    qkeys = [k for t in query.terms for k in t.keys]
    typing = query.terms[-1].prefix
    last = len(qkeys) - 1

    def same(name_key: str, i: int) -> bool:
        return name_key == qkeys[i] or (typing and i == last and name_key.startswith(qkeys[i]))

    best = 0
    for n, name in enumerate((info.title, *info.also_called)):
        nkeys = [fold(w) for w in words(name)]
        if len(nkeys) >= len(qkeys) and all(same(nkeys[i], i) for i in range(len(qkeys))):
            best = max(best, (4 if n == 0 else 3) if len(nkeys) == len(qkeys) else 2)
        elif best < 1 and query.matches_text(name):
            best = 1
    return best


def _reason(query: Query, info: ArticleInfo) -> str | None:
    """Why a hit matched, when its title does not say it: the synonym or symptom."""
    if query.matches_text(info.title):
        return None
    for prefix, items in (("also called", info.also_called), ("symptom", info.symptoms)):
        for item in items:
            if query.matches_text(item):
                return f"{prefix}: {item}"
    title_words = words(info.title)
    if any(query.matches_word(w) for w in title_words):
        return None
    for prefix, items in (("also called", info.also_called), ("symptom", info.symptoms)):
        for item in items:
            if any(query.matches_word(w) for w in words(item)):
                return f"{prefix}: {item}"
    return None


def _candidates_pattern(query: Query) -> re.Pattern[str] | None:
    """A regex finding words that may match (to be confirmed with Term.matches_word)."""
    stems = {k[:4] for t in query.terms for k in t.keys if k}
    ascii_stems = sorted((s for s in stems if s.isascii()), key=len, reverse=True)
    if len(ascii_stems) != len(stems) or not stems:
        return None  # non-ASCII terms: scan every word instead
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, ascii_stems)) + r")[^\W_]*",
                      re.IGNORECASE)  # fmt: skip


def _matches_in(text: str, query: Query, pattern: re.Pattern[str] | None) -> Iterable[re.Match[str]]:
    it = pattern.finditer(text) if pattern is not None else WORD_RE.finditer(text)
    return (m for m in it if query.matches_word(normalize_word(m.group())))


def _best_line(text: str, query: Query, pattern: re.Pattern[str] | None) -> tuple[str, int] | None:
    """The line (paragraph, list item) holding the most distinct query terms, with
    whitespace collapsed, and the offset of its first matched word; None if no match."""
    best: tuple[int, str, int] | None = None  # (terms found, line, first match)
    for raw in text.split("\n"):
        if pattern is not None and pattern.search(raw) is None:
            continue  # the common case in a long body: nothing here at all
        line = " ".join(raw.split())
        found: set[int] = set()
        first = -1
        for m in _matches_in(line, query, pattern):
            word = normalize_word(m.group())
            found.update(i for i, t in enumerate(query.terms) if t.matches_word(word))
            if first < 0:
                first = m.start()
        if found and (best is None or len(found) > best[0]):
            best = (len(found), line, first)
            if len(found) == len(query.terms):
                break
    return (best[1], best[2]) if best else None


def _marked(
    line: str, pos: int, query: Query | None, pattern: re.Pattern[str] | None
) -> tuple[str, str]:
    """A window of one line around ``pos``: (plain with [[ ]], HTML with <b>)."""
    start = 0
    if len(line) > SNIPPET_CHARS and pos > SNIPPET_CHARS // 3:
        # Some words of context before the match, cut at a space.
        start = line.rfind(" ", 0, pos - SNIPPET_CHARS // 4) + 1
    end = len(line)
    if end - start > SNIPPET_CHARS:
        cut = line.rfind(" ", start, start + SNIPPET_CHARS)
        end = cut if cut > start else start + SNIPPET_CHARS
    window = line[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(line) else ""
    plain: list[str] = [lead]
    rich: list[str] = [lead]
    last = 0
    if query is not None:
        for m in _matches_in(window, query, pattern):
            plain += [window[last : m.start()], MARK_OPEN, m.group(), MARK_CLOSE]
            rich += [html.escape(window[last : m.start()]), "<b>", html.escape(m.group()), "</b>"]
            last = m.end()
    plain += [window[last:], tail]
    rich += [html.escape(window[last:]), tail]
    return "".join(plain), "".join(rich)

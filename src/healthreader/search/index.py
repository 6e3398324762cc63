"""The search index: SQLite FTS5 over folded text, cached in one file, updated per article.

Usage::

    index = SearchIndex.open(cache_dir / "search.sqlite", library)   # None: in memory
    results = index.search("swollen glands")
    results.hits[0].title, results.hits[0].reason  # 'Swollen lymph nodes', 'also called: ...'
    index.suggest("lou g")                         # titles and synonyms, per keystroke

How ``search`` ranks (each tier always above the next):

0. Everyday words first: a word or phrase of the lay-terms table (search/layterms.py)
   that no title, synonym or symptom uses is searched as the articles' words ("tummy
   pain" -> belly pain), shown as the correction, if that finds anything.
1. Names: an FTS5 table over title, also_called, symptoms and summary (short rows, so
   cheap even for common words), bm25 weights 10/8/5/3, re-ranked by where the words
   are: the title being the query ("hives"), a synonym being it ("ITP"), the title then
   a synonym starting with it ("Lou Gehrig's disease"), the title, a synonym, a symptom
   holding every word; bm25 orders articles within each of these. Within each, the
   words side by side as typed (a phrase: "short of breath", stop words included, in
   any column) come first. Articles with the phrase in their text only rank with the
   names, above those with the words spread over their names. A title or synonym made
   of some of the words ("Hives" for "my child has hives") ranks there too, even if
   the article lacks the other words, above articles with every word in their summary
   or text only ("lupus diet": Lupus before the kidney article's diet section).
2. If fewer than ``limit`` articles matched there, body text fills the list: first
   articles with the words near one another (FTS5 ``NEAR``, 10 words), then any article
   with all the words, ranked by bm25 over all five columns (body weight 1). When more
   than ``BODY_CANDIDATES`` articles hold all the words, only that many (in title
   order) are ranked: it bounds a keystroke on very common words to a few milliseconds.
3. A one- or two-letter query alone ("s", "it") looks up names that start with it
   (titles and synonyms): every body would match, and ranking them is the slowest
   thing FTS5 can be asked.

The word being typed is searched as a prefix, but below the articles with every word in
a title, synonym or symptom, the articles with it as a whole word come first ("flu":
the articles that say "flu" above one that says "fluids"; "broken arm": "arms" above
"armpit"), and only the whole word is marked in them. A word of up to three letters
being typed that is a whole title or synonym, and starts no other one ("ALS", "POI",
"RA"; not "AIH", which starts "AIHA"), is searched as that word only: no "also",
"point" or "nettle rash".

Other forms of a word (``query.family``: -ed, -ing, -ness) are searched with it: each
one-word term also matches the words of its family that the index's vocabulary holds
("numb": numbness; "cured": cure), and within a name level (and in the body tier) the
articles with the words as typed come before those found by other forms only; for one
word, those with the form most articles use come first among these ("confused": the
symptom "confusion" before the verb "confuse"). An article
found by other forms only, in its text only, is kept only if the words are within
``NEAR_WORDS`` of one another there ("shaky hands": not "Chills, shaking" in one place and
"wash your hands" in another).

When nothing matched in a name, or the word being typed matched a name only as the
start of another word once folded ("lupos" -> "lupo", the start of "lupoid"), the typo
fallback runs. Two typed words that make one word of a name are joined ("nose bleeds"
-> nosebleeds, "auto-immune" -> autoimmune). Each word of four letters or more that no
title, synonym, symptom or summary has is replaced by a word of a name within optimal
string alignment distance 1 (4-5 letters), 2 (6-9) or 3 (beyond), one more for a word
with the same consonants as heard ("limfoma" -> lymphoma), that starts with the
same sound ("peeling" is not "feeling"; ph = f, c = k, b = v: "bomitos" -> vómitos) and,
two letters or more away, has the same consonants as heard in the same order (z = s, and
c = s before e or i) or is of the same family ("loopus" -> lupus, "cavesa" -> cabeza,
"multipul" -> multiple, "blurred" -> blurry; "sweating" is not "swelling", nor "stones"
"sores"). A short word being typed (five letters or fewer) may be unfinished: it is only
replaced by a word of a title or synonym ("what causes lupis"; "kidney ston" is not
"kidney stop"), or, when no article has a word it starts, by a word with its last
letter in a name with another word of the query ("rash and fevr" -> fever). Among the candidates, words found in the same names as the rest of the query ("blurred vision" -> blurry, not the
closer slurred), then words of the same family (blurred, blurry), then the closest,
then one that sounds like it ("hart": heart, not hard), then the one most articles use
anywhere in their text. A word no article has may also become a word of the articles'
text, one letter away and sounding alike ("hart attack" -> heart attack). A word that articles use is replaced only by a word that makes a
name with the rest ("evens syndrome" -> evans; "flu shot" is left alone). The corrected
query wins if it matches a name better than the typed one did, or if the typed one
matched nothing and no changed word is a word of the articles (a word replaced by one two
letters or more away must then match a name: "kidney stones" is not "kidney sores");
``SearchResults.corrected`` then holds it ("Showing results for ..."), each word of a
name spelled as the names spell it ("corason" -> corazón), and only the words searched,
with the small words between them (``query.searched_text``: "mi hijo tiene fiebre" ->
fever, not "mi hijo tiene fever"). Still nothing:
articles with some of the words (two letters count: "ms diet"), an article whose title
or synonym is one of them first ("ms diet": Multiple sclerosis), then the most words first,
in names or in the text alike (a rare word counts more than a common one, bm25's idf, a
symptom more than a part of the body, however rare: "tingling hands and feet" lists the
articles with tingling before "cold hands and feet"; "heart attack" the ones with "heart" in their text
before the many whose summary says "attacks"), then names before text, then a name made of the words ("numb feet": the symptom "numbness" before "cold
hands and feet"); their hits
have ``all_words`` False and ``SearchResults`` names the words found (``mentioned``) and
those no article has (``missing``), for the window and the command to say so, each as the
names write it ("presion" -> presión), else as typed. Then the
whole text against every title, synonym and symptom (rapidfuzz QRatio).

Last, of two hits with one title in two languages ("Anemia" and "Anemia", as
``marked_titles`` decides), the one in the query's language comes first, the two swapping
places (``_her_language_first``): a query in Spanish ("la anemia") lists the Spanish one
first. A query with no sign of one language keeps the ranking's order.

A hit's ``reason`` names the synonym or symptom holding every word the article matched
("symptom: itchy welts"); none when the title holds them or no one name does.

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

import bisect
import contextlib
import hashlib
import html
import math
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from healthreader import paths
from healthreader.content.model import Article, ArticleInfo, Library
from healthreader.content.model import fold as title_key
from healthreader.content.plaintext import markdown_to_text
from healthreader.content.wording import language_code
from healthreader.errors import HealthReaderError
from healthreader.search.layterms import LayTerms, load_lay_terms, rewrite
from healthreader.search.query import (
    ENGLISH_STOP_WORDS,
    FAMILY_MIN,
    MAX_TERMS,
    SHORT_FRAGMENT,
    SPANISH_STOP_WORDS,
    STOP_WORDS,
    WORD_RE,
    Query,
    Term,
    clean,
    family,
    fold,
    fold_text,
    normalize_word,
    parse,
    searched_text,
    split_terms,
    strip_possessive,
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
_OPTIONS = 60  # typo corrections weighed per word, closest first
_ABBREVIATION = 3  # a word being typed this short that is a name is that name ("ALS", "RA")
_UNFINISHED = 5  # a word being typed this short may be unfinished ("kidney ston"), or a typo
_TEXT_WORD_MOST = 12  # a longer word is looked for among the names' words only
_FAMILY_MOST = 8  # other words of a word's family searched with it ("cure": cured, curing...)
# Scores of the names tier: 10 + 4 x the name level (0-7), plus 2 for the words side by
# side as typed, plus 1 for a title or synonym made of query words, plus bm25 squashed
# into [0, 1): each part stays below the step of the part before it.
_NAMES, _LEVEL_STEP, _PHRASE, _NAMED = 10.0, 4.0, 2.0, 1.0
_LEVELS = 8  # name levels 0-7 (``_name_level``)
# A relaxed query (no article has every word): each better set of words an article has
# is worth more than any name level, phrase and bm25 together, and than being found in a
# name rather than the text ("heart attack": "heart" in the text above "attacks" in a
# summary).
_HELD_STEP = _NAMES + _LEVEL_STEP * _LEVELS
_BODY_PART = 0.5  # a part of the body named with a symptom says where, not what
_STOP_KEYS = frozenset(fold(w) for w in STOP_WORDS)
# Letters of a query that say it is Spanish (not é or ü: English names have them, "Barré").
_SPANISH_LETTERS = frozenset("áíóúñÁÍÓÚÑ¿¡")
# A word says which language only from this many letters ("a" and "y" are in both), a
# word being typed too.
_EVIDENCE_LETTERS = 3

_NAMES_SQL = (
    f"SELECT rowid, bm25(names, {TITLE_W}, {ALSO_W}, {SYMPTOM_W}, {SUMMARY_W}) "
    "FROM names WHERE names MATCH ? ORDER BY 2 LIMIT ?"
)
_BODY_SQL = (
    f"SELECT rowid, bm25(fts, {TITLE_W}, {ALSO_W}, {SYMPTOM_W}, {SUMMARY_W}, {BODY_W}) "
    "FROM fts WHERE fts MATCH ? AND rowid <= ? ORDER BY 2 LIMIT ?"
)


# The lay terms bundled with the app (resources/lay_terms.yaml), the default table.
BUNDLED = Path("<bundled lay terms>")


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
    all_words: bool = True  # False: the article has only some of the words searched


# What to tell the user when no article has every word ("broken arm"); the query is quoted.
SOME_WORDS = "No article has all of '{query}'. Showing articles that mention {words}."


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What one search found; ``corrected`` is set when the typo fallback was used.

    When no article has every word, the hits are articles with some of them
    (``some_words``): ``mentioned`` holds the words they have, ``missing`` the words no
    article has at all ("broken" in "broken arm")."""

    query: str
    hits: list[SearchHit]
    corrected: str | None = None
    mentioned: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def some_words(self) -> bool:
        """Whether every hit has only some of the words searched."""
        return bool(self.hits) and not any(hit.all_words for hit in self.hits)

    def some_words_note(self, query: str) -> str | None:
        """The sentence saying so, for ``query`` as shown; None if every word was found.

        >>> hit = SearchHit("als", "ALS", 1.0, "", "", None, all_words=False)
        >>> SearchResults("broken arm", [hit], mentioned=("arm",), missing=("broken",)).some_words_note("broken arm")
        "No article has all of 'broken arm'. Showing articles that mention 'arm'."
        """
        if not self.some_words or not self.mentioned:
            return None
        words = " or ".join(f"'{word}'" for word in self.mentioned)
        return SOME_WORDS.format(query=query, words=words)


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
    """What identifies this version of an article, without reading its body if it has a file.

    The version is the one the library read (``Library.version_of``, the catalogue's stamp),
    not the file's now: the text indexed is the library's, and a file edited since it was
    read must still look changed on the next start, when the catalogue reads it again."""
    h = hashlib.sha1()
    for part in (info.title, info.summary, *info.also_called, "\x1f", *info.symptoms):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    path = library.file_of(info.id)
    version = library.version_of(info.id)
    if path is not None and version is not None:
        size, changed = version
        return f"f:{path}:{size}:{changed}:{h.hexdigest()}"
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
            return tuple(fold(w) for w in words(strip_possessive(text)))

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
    by_fold: dict[str, str]  # folded word -> the word (the one in most names)
    ordered: list[str]  # every word, sorted: prefix lookups


@dataclass(frozen=True, slots=True)
class _Ranking:
    """Articles found for a query, best first, and how they matched."""

    ranked: list[tuple[float, int]]  # (score, doc rowid), at most the limit asked for
    in_names: int  # articles with every word in their names (title, synonyms, symptoms, summary)
    level: int  # the best ``_name_level`` among those; -1 if none
    matched: int  # articles found with every word, in their names or their text
    partial: frozenset[int]  # articles found only for a title or synonym made of some words
    whole: frozenset[int] = frozenset()  # articles with the word being typed as a whole word


@dataclass(frozen=True, slots=True)
class _Fix:
    """A corrected query text; ``known``: it replaces a word that some article uses;
    ``far``: a word it replaces is two or more letters away from what was typed."""

    text: str
    known: bool
    far: bool = False


class SearchIndex:
    """Full-text search and suggestions over a Library; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, library: Library, lay_terms: Path | None = BUNDLED) -> None:
        self._conn = conn
        self._library = library
        self._lay_path = lay_terms
        # Rows looked up more than once in one search (the typo and "hepatitis c" passes).
        self._memo: dict[tuple[object, ...], list[Any]] = {}
        self._lay: LayTerms | None = None  # read when opened
        self._lock = threading.Lock()
        self._ids: dict[int, str] = {}
        self._names: dict[str, _Names] = {}
        self._vocab: _Vocabulary | None = None
        self._labels: list[tuple[str, int, int, str]] | None = None  # (norm, doc, kind, text)
        self._families: dict[str, tuple[str, ...]] = {}  # folded word -> its family's other words
        # SQLite's count of other connections' commits to the file, when the above were read.
        self._data_version = 0

    # -- opening and updating -----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None,
        library: Library,
        stop: threading.Event | None = None,
        progress: Callable[[int, int], None] | None = None,
        lay_terms: Path | None = BUNDLED,
    ) -> SearchIndex:
        """Open the index, building or updating it; ``None`` keeps it in memory.

        A library read from content folders (``Library.folders``) uses a file of its own
        beside ``path``, named for those folders (``paths.content_cache_file``): another
        Health Reader with other folders never shares it. The least recently used of these
        beyond ``paths.KEPT_CONTENT_CACHES`` are deleted.

        Cache trouble is never fatal: a broken file is rebuilt, an unusable one (locked,
        read-only, full disk) is replaced by an index in memory. ``progress(done, total)``
        is called as changed articles are indexed; once ``stop`` is set, no more are.
        ``lay_terms``: the table of everyday words (search/layterms.py); ``None``: none.
        """
        base = path
        if path is not None and library.folders:
            path = paths.content_cache_file(path, library.folders)
        if path is not None:
            for _attempt in range(2):
                conn: sqlite3.Connection | None = None
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    conn = _connect(str(path))
                    index = cls(conn, library, lay_terms)
                    index._prepare()
                    index._sync(stop, progress)
                    index._lay_terms()
                    if base is not None and path != base:
                        paths.prune_content_caches(path, base)
                    return index
                except (_Rebuild, sqlite3.DatabaseError) as exc:
                    _close(conn)
                    if getattr(exc, "sqlite_errorname", None) in _TRANSIENT:
                        break
                    paths.remove_cache_file(path)
                except (OSError, sqlite3.Error, UnicodeError):
                    _close(conn)
                    break
        index = cls(_connect(":memory:"), library, lay_terms)
        index._prepare()
        index._sync(stop, progress)
        index._lay_terms()
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
            todo = sorted(changed + new, key=lambda i: library.az_key(library.infos[i]))
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
        self._reread()

    def _reread(self) -> None:
        """Read again what is kept from the file between searches (which row is which
        article, the names' words, the labels), as of now."""
        conn = self._conn
        (self._data_version,) = conn.execute("PRAGMA data_version").fetchone()
        self._ids = dict(conn.execute("SELECT rowid, id FROM docs"))
        self._vocab = None
        self._labels = None
        self._families.clear()

    def _notice_others(self) -> None:
        """Another Health Reader with the same folders may have updated the file since
        (an article edited after this one started): then its rows are other rows, so what
        was read from them is read again."""
        (version,) = self._conn.execute("PRAGMA data_version").fetchone()
        if version != self._data_version:
            self._reread()

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

    @property
    def library(self) -> Library:
        """The library searched (for the titles as lists show them, ``Library.shown_title``)."""
        return self._library

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    # -- searching --------------------------------------------------------------------

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """Ranked articles for what the user typed; never raises, whatever the input."""
        try:
            limit = max(1, min(int(limit), 200))
            with self._lock:
                self._memo.clear()
                self._notice_others()
                return self._her_language_first(text, self._search_text(text, limit))
        except _ERRORS:
            # A cache file broken under us, or input no check foresaw: no results, no crash.
            return SearchResults(text if isinstance(text, str) else "", [])

    def _her_language_first(self, text: str, results: SearchResults) -> SearchResults:
        """The results with, of two articles of one title in two languages ("Anemia" and
        "Anemia", as ``marked_titles`` decides), the one in the query's language first
        (``_query_language``); each keeps the other's place otherwise, and every other
        hit its own. Nothing changes when the query says no one language."""
        hits = results.hits
        if len(hits) < 2:
            return results
        library = self._library
        shared: dict[str, list[int]] = {}  # a title shared by languages -> where its hits are
        for n, hit in enumerate(hits):
            if hit.id in library and library.shown_title(hit.id) != library.info(hit.id).title:
                shared.setdefault(title_key(library.info(hit.id).title), []).append(n)
        places = [found for found in shared.values() if len(found) > 1
                  and len({language_code(library.info(hits[n].id).language) for n in found}) > 1]  # fmt: skip
        if not places:
            return results
        language = self._query_language(text, results.corrected)
        if language is None:
            return results
        reordered = list(hits)
        for found in places:
            mine = sorted((hits[n] for n in found),
                          key=lambda hit: language_code(library.info(hit.id).language) != language)  # fmt: skip
            for n, hit in zip(found, mine, strict=True):
                reordered[n] = replace(hit, score=hits[n].score)  # the scores still go down the list
        return replace(results, hits=reordered)

    def _query_language(self, text: str, corrected: str | None) -> str | None:
        """The language code the query is in, if it gives evidence of one language only,
        else None. Evidence: a letter only Spanish writes (á í ó ú ñ ¿ ¡; not é or ü,
        which English names have: "Barré"); a small word of one language only ("de",
        "la"; "the", "what"); a word, typed or of the correction, that only articles of
        one language have ("sangre", "symptoms"; the word being typed counts whole if
        articles have it so: "lupus diet" is not "dieta"). "anemia", in both, says nothing."""
        found: set[str] = set()
        if any(ch in _SPANISH_LETTERS for ch in text):
            found.add("es")
        for typed in (text, corrected):
            if not typed:
                continue
            for term in parse(typed).all_terms:
                if len(term.words) == 1 and term.words[0] in SPANISH_STOP_WORDS:
                    found.add("es")
                elif len(term.words) == 1 and term.words[0] in ENGLISH_STOP_WORDS:
                    found.add("en")
                elif len(term.text) >= _EVIDENCE_LETTERS and (not term.prefix or len(term.words[-1]) >= _EVIDENCE_LETTERS):
                    languages = self._languages_with(Term(term.words)) if term.prefix else set()
                    languages = languages or self._languages_with(term)
                    if len(languages) == 1:
                        found |= languages
            if len(found) > 1:
                return None
        return found.pop() if len(found) == 1 else None

    def _languages_with(self, term: Term) -> set[str]:
        """The language codes of the articles that have the term (two at most: the rows
        are read until a second language turns up)."""
        codes: dict[str, str] = {}
        found: set[str] = set()
        for (rowid,) in self._conn.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (term.fts_phrase,)):
            info = self._info(rowid)
            if info is None:
                continue
            code = codes.get(info.language)
            if code is None:
                code = codes[info.language] = language_code(info.language)
            found.add(code)
            if len(found) > 1:
                break
        return found

    def _search_text(self, text: str, limit: int) -> SearchResults:
        query = self._abbreviation_whole(parse(text))
        if not query:
            return SearchResults(text, [])
        found = self._lay_rewrite(query)
        if found is not None:
            # "tummy pain": searched as "belly pain", the words the articles use.
            lay, phrases = found
            results = self._search_parsed(text, lay, limit)
            if results.hits:
                return replace(results, query=text, corrected=results.corrected or searched_text(lay.text, phrases))
        return self._search_parsed(text, query, limit)

    def _abbreviation_whole(self, query: Query) -> Query:
        """The query with a short word being typed that is a whole title or synonym ("ALS",
        "POI", "RA") searched as that word only: nobody typing "ALS" means "also", nor
        "RA" the "rash" of "nettle rash". Not while it starts another name ("AIH" and
        "AIHA"): that one may be on its way."""
        last = query.terms[-1] if query.terms else None
        if last is None or not last.prefix or len(last.words) != 1 or len(last.words[0]) > _ABBREVIATION:
            return query
        word = last.words[0]
        norms = [norm for (norm,) in self._conn.execute(
            "SELECT norm FROM labels WHERE norm >= ? AND norm < ? LIMIT 20", (word, word + "\uffff"))]  # fmt: skip
        if word not in norms or any(n != word and not n.startswith(word + " ") for n in norms):
            return query
        return Query(query.text, (*query.terms[:-1], Term(last.words)), query.dropped, query.any_term)

    def _lay_terms(self) -> LayTerms:
        """The table of everyday words, read once: by ``open`` (on the index's own thread,
        after the window is up, so a first keystroke does not wait for YAML)."""
        if self._lay is None:
            try:
                self._lay = load_lay_terms(paths.lay_terms_path() if self._lay_path is BUNDLED
                                           else self._lay_path) if self._lay_path else {}  # fmt: skip
            except HealthReaderError:
                self._lay = {}  # `healthreader check` names the trouble; search goes on without
        return self._lay

    def _lay_rewrite(self, query: Query) -> tuple[Query, tuple[str, ...]] | None:
        """The query with everyday words put in the articles' words, if it has any that no
        title, synonym or symptom uses, and the articles' words put in; else None."""
        table = self._lay_terms()
        new_text, used = rewrite(query.text, table)
        if not used:
            return None
        for keys in used:
            expression = '{title also_called symptoms} : "' + " ".join(keys) + '"'
            if self._conn.execute("SELECT 1 FROM names WHERE names MATCH ? LIMIT 1", (expression,)).fetchone():
                return None  # an article calls it that: what was typed is searched
        lay = parse(new_text)
        return (lay, tuple(table[keys] for keys in used)) if lay and lay.fts != query.fts else None

    def _search_parsed(self, text: str, query: Query, limit: int) -> SearchResults:
        results = self._search_query(text, query, limit)
        found = _short_word_typed_last(query)
        if found is None:
            return results
        whole, marked = found
        # "hepatitis c": the letter being typed is left out of the search (as a prefix it
        # matches too much to rank: "c" starts "cause", "care"...), but an article with it
        # as a word right after the one before ("hepatitis C") is most likely what is
        # meant: those come first.
        ranking = self._rank(whole, limit)
        ranked = [(score, rowid) for score, rowid in ranking.ranked if rowid not in ranking.partial]
        if not ranked:
            return results
        first = [replace(hit, score=round(_WHOLE_WORD_FIRST + hit.score, 6))
                 for hit in self._hits(marked, ranked)]  # fmt: skip
        shown = {hit.id for hit in first}
        rest = [hit for hit in results.hits if hit.id not in shown]
        return replace(results, hits=(first + rest)[:limit])

    def _search_query(self, text: str, query: Query, limit: int) -> SearchResults:
        if _is_fragment(query):
            return SearchResults(text, self._fragment_hits(query, limit))
        found = self._together_somewhere(query, self._rank(query, limit))
        if found.in_names and not self._doubtful(query, found):
            return SearchResults(text, self._hits(query, found))
        # No name has every word, or one word is in no article at all ("lupos", which
        # only starts "lupoid" once folded): it may be a typo, or two words of one.
        fix = self._correct(query, keep_typing=bool(found.in_names))
        fixed = parse(fix.text) if fix is not None else None
        trusted: Query | None = None
        if fix is not None and fixed and fixed.fts != query.fts:
            better = self._together_somewhere(fixed, self._rank(fixed, limit))
            # A corrected query wins if it matches a name better than what was typed,
            # or if what was typed matched nothing and the words it changes are words
            # of no article ("blurred"), never when they are ("flu shot" -> "flu hot").
            if better.in_names and better.level > found.level:
                return SearchResults(text, self._hits(fixed, better), searched_text(fixed.text))
            # A word two letters away that only turns up in articles' text, not in a name,
            # is a guess ("kidney stones" -> "kidney sores"): what was typed is searched.
            if not fix.known and (better.in_names or not fix.far):
                trusted = fixed
                if better.matched and not found.matched:
                    return SearchResults(text, self._hits(fixed, better), searched_text(fixed.text))
        if found.matched:
            return SearchResults(text, self._hits(query, found))
        # No article has every word: those with some of them, the most words first.
        base = trusted or query
        # Two letters count: "ms diet" is about MS. One letter or digit ("type 1") does not.
        some = tuple(t for t in base.terms if len(t.text) >= 2)
        if len(base.terms) > 1 and some:
            relaxed = Query(base.text, some, base.dropped, any_term=True)
            loose = self._rank(relaxed, limit)
            if loose.ranked:
                corrected = searched_text(trusted.text) if trusted else None
                return SearchResults(text, self._hits(relaxed, loose), corrected, *self._words_found(relaxed))
        if found.ranked:  # a name made of some of the words ("hives" in "hives zzzz")
            return SearchResults(text, self._hits(query, found), None, *self._words_found(query))
        hits, corrected = self._fuzzy_labels(query, limit)
        return SearchResults(text, hits, corrected)

    def _together_somewhere(self, query: Query, found: _Ranking) -> _Ranking:
        """``found``, or, for two words that no article has near one another
        (``_words_near``) nor in its names, the same with no article counted as having
        them both: "heart attack", with "heart" in one paragraph and the immune system
        that "attacks" in another, is no article about a heart attack. Two words typed
        together are one thing; three or more are often a topic and a question about it
        ("does lupus run in families": an article that says lupus, and elsewhere that
        these diseases run in families, answers it)."""
        if found.in_names or not found.matched or len(query.terms) != 2 or query.any_term:
            return found
        family = self._with_family(query)
        if any(rowid not in found.partial and self._words_near(family, rowid) for _score, rowid in found.ranked):
            return found
        return replace(found, matched=0)

    def _rank(self, query: Query, limit: int) -> _Ranking:
        """Articles for a query, best first, and how they matched (see ``_Ranking``).

        The word being typed is a prefix, but below the articles with every word in a
        title, synonym or symptom, those with it as a whole word come first: "flu" lists
        the article that says "flu" above one that says "fluids", "broken arm" one that
        says "arms" above one that says "armpit"; "dizzy" still lists the article with the
        symptom "dizziness" above one that says "dizzy" in its text."""
        whole = _last_word_whole(query)
        if whole is None:
            return self._rank_once(query, limit)
        first = self._rank_once(whole, limit)
        if len(first.partial) == len(first.ranked):  # nothing has every word as typed
            return self._rank_once(query, limit)
        rest = self._rank_once(query, limit)
        named = _NAMES + _LEVEL_STEP  # level 1 and above: a name holds every word
        scores = {rowid: score + (_WHOLE_WORD_FIRST if score >= named else 0.0) for score, rowid in rest.ranked}
        for score, rowid in first.ranked:
            best = max(score, scores.get(rowid, score) - _WHOLE_WORD_FIRST)
            scores[rowid] = _WHOLE_WORD_FIRST + best if best >= named else _WHOLE_WORD_FIRST / 2 + score
        seen = {rowid for _score, rowid in first.ranked}
        ranked = sorted(((score, rowid) for rowid, score in scores.items()), key=lambda r: -r[0])
        partial = first.partial | (rest.partial - seen)
        return _Ranking(ranked[:limit], rest.in_names, rest.level, rest.matched, partial, frozenset(seen))

    def _rank_once(self, query: Query, limit: int) -> _Ranking:
        query = self._with_family(query)
        conn = self._conn
        match = query.fts
        scores: dict[int, float] = {}
        best_level = -1
        # Other forms of a word ("numbness" for "numb") find more articles, but within a
        # level those with the words as typed come first, in their own bm25 order.
        as_typed = Query(query.text, tuple(replace(t, alts=()) for t in query.terms), query.dropped,
                         query.any_term) if any(t.alts for t in query.terms) else None  # fmt: skip
        exact: dict[int, float] = {}
        by_form: dict[int, float] = {}  # found by other forms only: their bm25 relevance
        if as_typed is not None:
            exact = dict(conn.execute(_NAMES_SQL, (as_typed.fts, limit + _NAME_CANDIDATES)).fetchall())
        for rowid, bm25 in conn.execute(_NAMES_SQL, (match, limit + _NAME_CANDIDATES)):
            info = self._info(rowid)
            if info is not None:
                level = _name_level(query, self._names_of(info))
                best_level = max(best_level, level)
                typed = None if as_typed is None else rowid in exact
                relevance = _squash(-exact.get(rowid, bm25))
                scores[rowid] = _NAMES + _LEVEL_STEP * level + _as_typed_first(relevance, typed)
                if typed is False:
                    by_form[rowid] = relevance
        in_names = len(scores)
        # Relaxed: the articles with more of the words come first, whatever their names,
        # found in names or in the text alike (``_most_words_first``).
        relaxed = query.any_term and len(query.terms) > 1
        # The words side by side as typed ("short of breath") come before the same words
        # scattered ("short time ... breath"): checked on the rows found, not ranked anew.
        phrase = _phrase(query)
        if phrase is not None and scores:
            for rowid in self._phrase_rows(phrase).intersection(scores):
                scores[rowid] += _PHRASE
        partial: set[int] = set()
        # With only some of the words asked for (the relaxed query), the named article is
        # above every level: it is the one thing known to be meant ("ms diet").
        named = _NAMED + (_HELD_STEP * 2**MAX_TERMS if query.any_term else 0.0)
        for rowid, kind in self._named_by_some(query):
            # A title or synonym made of some of the words ("hives" in "my child has
            # hives"): that article is what was asked for, even without the other words,
            # and it ranks above articles that only mention them all in their text or
            # summary ("lupus diet": Lupus before the kidney article with a diet section).
            if rowid in scores:
                scores[rowid] += named
            elif self._info(rowid) is not None:
                scores[rowid] = _NAMES + _PHRASE + named + (0.5 if kind == _KIND_TITLE else 0.25)
                partial.add(rowid)
        ranked = sorted(((score, rowid) for rowid, score in scores.items()), key=lambda r: -r[0])
        if not relaxed:
            del ranked[limit:]
        matched = len(scores) - len(partial)
        # Relaxed, the text is read even when the names filled the list: an article with a
        # rarer word in its text outranks one with a common word in its summary.
        if len(ranked) < limit or relaxed:
            seen = set(scores)
            # Which articles hold all the words, in rowid (title) order: cheap, as no
            # rank is computed; bm25 then runs on at most BODY_CANDIDATES of them.
            candidates = conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", (match, BODY_CANDIDATES)
            ).fetchall()
            below = candidates[-1][0] if len(candidates) == BODY_CANDIDATES else 2**62
            tiers: list[tuple[str, int, float]] = []  # (expression, rowid cap, base score)
            filled = len(ranked) >= limit
            if filled and candidates:
                # Relaxed, with the names filling the list: only the text's rows that bm25
                # (its idf) ranks first, for ``_most_words_first`` to weigh; one query.
                tiers.append((match, below, 0.0))
            elif candidates and phrase is not None and self._phrase_rows(phrase) - seen:
                # The phrase in the text ranks with the names, above words spread in them.
                tiers.append((phrase, below, _NAMES + _PHRASE))
            if len(candidates) > limit and len(query.terms) > 1 and not query.any_term:
                # Words near one another first; NEAR only checks what AND matched.
                tiers.append((query.near(NEAR_WORDS), 2**62, 2.0))
            if candidates and as_typed is not None and not filled:
                tiers.append((as_typed.fts, below, 0.0))  # the words as typed before other forms
            if candidates and not filled:
                tiers.append((match, below, 0.0))
            # Found by another form of a word only, in the text only ("shaky hands": "Chills,
            # shaking" in one paragraph, "wash your hands" in another): the article is kept
            # only if the words are near one another there, else it is a coincidence.
            scattered = as_typed is not None and len(query.terms) > 1 and not query.any_term
            for expression, cap, base in tiers:
                typed = None if as_typed is None or filled else expression != match
                room = limit if base >= _NAMES or relaxed else limit - len(ranked)
                for rowid, bm25 in conn.execute(_BODY_SQL, (expression, cap, room + len(seen))):
                    if rowid in partial:
                        # Named by some of the words, and its text has every word ("can ms
                        # be cured": MS says "no cure for MS"): an article with them all.
                        partial.discard(rowid)
                        matched += 1
                    elif rowid not in seen and room > 0:
                        seen.add(rowid)
                        if scattered and expression == match and not self._words_near(query, rowid):
                            continue
                        matched += 1
                        room -= 1
                        bonus = self._title_bonus(query, rowid) if base < _NAMES else 0.0
                        ranked.append((base + bonus + _as_typed_first(_squash(-bm25), typed), rowid))
                        if typed is False:
                            by_form[rowid] = _squash(-bm25)
                ranked.sort(key=lambda r: -r[0])  # the name matches (10 and up) stay first
                if not relaxed:
                    del ranked[limit:]
                    if len(ranked) >= limit:
                        break
        if relaxed and ranked:
            ranked = self._most_words_first(query, ranked)[:limit]
        if by_form and len(query.terms) == 1 and len(query.terms[0].alts) > 1:
            ranked = self._common_form_first(query.terms[0], ranked, by_form)
        return _Ranking(ranked, in_names, best_level, matched, frozenset(partial))

    def _common_form_first(self, term: Term, ranked: list[tuple[float, int]],
                           by_form: dict[int, float]) -> list[tuple[float, int]]:
        """Among the articles found for one word by its other forms only, those with the
        form most articles use first: it is the library's word for the thing, a rarer
        form is often another sense ("confused": "confusion", a symptom in five articles,
        before "people sometimes confuse MS with ALS")."""
        forms = sorted(term.alts, key=lambda alt: -self._articles_with(Term((alt,))))
        rows = [rowid for _score, rowid in ranked if rowid in by_form]
        best = dict.fromkeys(rows, len(forms) - 1)
        marks = ", ".join("?" * len(rows))
        for n, form in reversed(list(enumerate(forms))):
            for (rowid,) in self._conn.execute(f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                                               (_quote_word(form), *rows)):  # fmt: skip
                best[rowid] = n
        adjusted = [(score - _as_typed_first(by_form[rowid], False) + _by_form(by_form[rowid], best[rowid], len(forms))
                     if rowid in best else score, rowid) for score, rowid in ranked]  # fmt: skip
        adjusted.sort(key=lambda r: -r[0])
        return adjusted

    def _words_near(self, query: Query, rowid: int) -> bool:
        """Whether an article's text has the query's words within ``NEAR_WORDS`` of one
        another; a word in its title, a synonym or a symptom counts as near them all."""
        info = self._info(rowid)
        if info is None:
            return False
        names = self._names_of(info)
        need = (1 << len(query.terms)) - 1
        for keys in (names.title, *(k for _, k in names.also), *(k for _, k in names.symptoms)):
            for i, term in enumerate(query.terms):
                if any(term.matches_key(k) for k in keys):
                    need &= ~(1 << i)
        if not need:
            return True
        text = " ".join(info.summary.split()) + "\n" + self._body(rowid)
        found = _find(text, query)
        starts = [m.start() for m in WORD_RE.finditer(text)]
        at = [(bisect.bisect_left(starts, start), bits & need) for start, _end, bits in found if bits & need]
        span = NEAR_WORDS + need.bit_count()
        for j, (first, _bits) in enumerate(at):
            have = 0
            for position, bits in at[j:]:
                if position - first > span:
                    break
                have |= bits
                if have == need:
                    return True
        return False

    def _most_words_first(self, query: Query, ranked: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """A relaxed query's articles, those with more of the words first, wherever they
        have them, rare words and symptoms counting more than common words and body parts
        ("tingling hands and feet": tingling above "cold hands and feet"; "heart attack":
        the articles with "heart", in four, above those with "attacks", in eighteen);
        within a set of words, in the order found."""
        held = self._terms_held(query, [rowid for _score, rowid in ranked])
        # One step per better set of words: an article with the words the others have
        # gets nothing more ("broken arm": arms, then armpit, as for any query).
        steps = {weight: step for step, weight in enumerate(sorted(set(held.values())))}
        return sorted(((score + _HELD_STEP * steps[held[rowid]], rowid) for score, rowid in ranked),
                      key=lambda r: -r[0])  # fmt: skip

    def _terms_held(self, query: Query, rowids: list[int]) -> dict[int, float]:
        """How much of the query each of these articles has, anywhere in it: the sum of
        the weights (``_weight``) of the terms it has."""
        held = dict.fromkeys(rowids, 0.0)
        marks = ", ".join("?" * len(rowids))
        for term, weight in zip(query.terms, self._weights(query), strict=True):
            for (rowid,) in self._conn.execute(f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                                               (term.fts, *rowids)):  # fmt: skip
                held[rowid] += weight
        return {rowid: round(weight, 9) for rowid, weight in held.items()}  # the same words, the same sum

    def _weights(self, query: Query) -> list[float]:
        """What each term of a relaxed query is worth (``_weight``), in order; a part of the
        body at most half what the least of the other words is worth, however rare it is:
        it says where, not what ("sore tongue": the articles with mouth sores before the
        one that says "tongue", the only one, of a swelling; "swollen knees": the swelling
        before "the knee jerk")."""
        articles = self._conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        weights = [_weight(term, articles, self._articles_with(term)) for term in query.terms]
        what = [weight for term, weight in zip(query.terms, weights, strict=True) if not term.body_part]
        if not what:
            return weights
        most = min(what) * _BODY_PART
        return [min(weight, most) if term.body_part else weight
                for term, weight in zip(query.terms, weights, strict=True)]  # fmt: skip

    def _articles_with(self, term: Term) -> int:
        """About how many articles have the term: those with its rarest word (or the
        commonest form of that word; for the word being typed, of the words it starts)."""
        least = None
        for i, key in enumerate(term.keys):
            if term.prefix and i == len(term.keys) - 1:
                rows = self._conn.execute("SELECT doc FROM fts_vocab WHERE term >= ? AND term < ? LIMIT 50",
                                          (key, key + "\uffff"))  # fmt: skip
            else:
                forms = (key, *term.alts) if len(term.keys) == 1 else (key,)
                marks = ", ".join("?" * len(forms))
                rows = self._conn.execute(f"SELECT doc FROM fts_vocab WHERE term IN ({marks})", forms)
            count = max((int(doc) for (doc,) in rows), default=0)
            least = count if least is None else min(least, count)
        return least or 0

    def _with_family(self, query: Query) -> Query:
        """The query with the other words of each word's family that articles use
        (``Term.alts``): "numb" finds "numbness", "cured" "cure", "yellowing" "yellow"."""
        forms: dict[str, tuple[str, ...]] = {}
        for term in query.terms:
            if len(term.words) != 1 or term.alts or term.words[0] in STOP_WORDS:
                continue
            key = term.keys[0]
            alts = self._family_words(key)
            if term.prefix:  # the prefix finds those it starts already
                alts = tuple(a for a in alts if not a.startswith(key))
            if alts:
                forms[key] = alts
        return query.with_alts(forms) if forms else query

    def _family_words(self, key: str) -> tuple[str, ...]:
        """The other words of a folded word's family (``query.family``) in the articles.

        They start as the family key does, but for its last letter ("cure": "curing"), so
        a b-tree range of the index's vocabulary holds them all."""
        if len(key) < FAMILY_MIN or not key.isalpha():
            return ()
        found = self._families.get(key)
        if found is None:
            stem = family(key)
            start = stem[: max(3, len(stem) - 1)]
            rows = self._conn.execute("SELECT term FROM fts_vocab WHERE term >= ? AND term < ? LIMIT 500",
                                      (start, start + "\uffff"))  # fmt: skip
            found = tuple(t for (t,) in rows if t != key and len(t) >= FAMILY_MIN and t.isalpha()
                          and family(t) == stem)[:_FAMILY_MOST]  # fmt: skip
            if len(self._families) > 10_000:
                self._families.clear()
            self._families[key] = found
        return found

    def _words_found(self, query: Query) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The query's words that some article has, and those no article has, each shown
        as the article names spell it ("presion" -> presión), else as typed ("riñones"),
        lowercase: a Spanish reader is not told the search looked for "presion"."""
        typed = {normalize_word(m.group()): m.group().lower() for m in WORD_RE.finditer(query.text)}
        found: list[str] = []
        missing: list[str] = []
        for term in self._with_family(query).terms:
            row = self._conn.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (term.fts,)).fetchone()
            shown = " ".join(self._shown_word(w, typed.get(w, w)) for w in term.words)
            (found if row else missing).append(shown)
        return tuple(found), tuple(missing)

    def _shown_word(self, word: str, typed: str) -> str:
        """A normalized query word as the names write it, else as it was typed."""
        written = self._as_written(word)
        if written != word or normalize_word(typed) != word:
            return written
        return typed

    def _phrase_rows(self, phrase: str) -> set[int]:
        """The articles with the phrase (no rank computed; remembered for the search)."""
        memo = ("phrase", phrase)
        if memo not in self._memo:
            self._memo[memo] = self._conn.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", (phrase, BODY_CANDIDATES)
            ).fetchall()
        return {rowid for (rowid,) in self._memo[memo]}

    def _named_by_some(self, query: Query) -> list[tuple[int, int]]:
        """(doc rowid, kind) of titles and synonyms whose every word is one of the query's
        words (stop words aside), for a query of two words or more.

        Such a name starts with one of the words: a b-tree range on each word, folded
        ("hive" finds "Hives"), then the whole name checked here.
        """
        if len(query.terms) < 2:
            return []
        keys = {k for t in query.terms if not t.prefix for k in t.keys}
        last = query.terms[-1]
        if last.prefix:
            keys.update(last.keys[:-1])
            if len(last.keys[-1]) >= 4:  # a whole word, as far as can be told
                keys.add(last.keys[-1])
        keys -= _STOP_KEYS
        memo = ("named", *sorted(keys))
        if memo in self._memo:
            return self._memo[memo]
        found: dict[int, int] = {}
        for key in keys:
            for doc, kind, norm in self._conn.execute(
                "SELECT doc, kind, norm FROM labels WHERE norm >= ? AND norm < ? LIMIT 300", (key, key + "\uffff")
            ):
                label_keys = {fold(w) for w in norm.split()} - _STOP_KEYS
                if label_keys and label_keys <= keys:
                    found[doc] = min(kind, found.get(doc, kind))
        self._memo[memo] = result = list(found.items())
        return result

    def _title_bonus(self, query: Query, rowid: int) -> float:
        """1 if the article's title holds one of the words ("early signs of lupus": Lupus
        before an article that only mentions lupus), else 0; less than a tier's step."""
        info = self._info(rowid)
        if info is None:
            return 0.0
        title = self._names_of(info).title
        return 1.0 if any(t.matches_key(k) for t in query.terms for k in title) else 0.0

    def _hits(self, query: Query, ranking: _Ranking | Sequence[tuple[float, int]]) -> list[SearchHit]:
        query = self._with_family(query)
        ranked: Sequence[tuple[float, int]] = ranking.ranked if isinstance(ranking, _Ranking) else ranking
        partial = ranking.partial if isinstance(ranking, _Ranking) else frozenset()
        whole_rows = ranking.whole if isinstance(ranking, _Ranking) else frozenset()
        # Where the word being typed is there whole ("flu"), longer words it starts
        # ("fluids") are not what matched: not marked.
        whole = _last_word_whole(query) if whole_rows else None
        if whole is not None:
            whole = self._with_family(whole)
        # The two-letter word being typed was left out of the search ("swollen gl"), but
        # it still picks the synonym to show and the words to mark.
        typed = [t for t in query.dropped if t.prefix and len(t.text) == 2 and t.text not in STOP_WORDS]
        if typed:
            query = Query(query.text, query.terms + tuple(typed), (), query.any_term)
        hits: list[SearchHit] = []
        typed_query = query
        weights = self._weights(query) if query.any_term and len(query.terms) > 1 else None
        for score, rowid in ranked:
            info = self._info(rowid)
            if info is None:
                continue
            query = whole if whole is not None and rowid in whole_rows else typed_query
            summary = " ".join(info.summary.split())
            body: str | None = None
            if weights is not None:
                # Only some of the words: the line with the most of them, a rare word
                # counting more, from the summary or the text ("heart attack": the line
                # about the heart, not the summary's "the immune system attacks").
                body = self._body(rowid)
                lines = [found for found in (_weighted_snippet(summary, query, weights),
                                             _weighted_snippet(body, query, weights)) if found is not None]  # fmt: skip
                snippet = max(lines, key=lambda line: line[0])[1] if lines else None
            else:
                snippet = _snippet(summary, query)
            if snippet is None:
                body = self._body(rowid) if body is None else body
                snippet = _snippet(body, query) if body else None
            plain, rich = snippet or _window(summary, [])
            names = self._names_of(info)
            if query.any_term or rowid in partial:
                # Only some of the words are in this article: the reason explains those.
                if body is None:
                    body = self._body(rowid)
                have = _terms_in(query, names, summary, body)
                reason = _reason(Query(query.text, tuple(t for i, t in enumerate(query.terms) if have >> i & 1)),
                                 names)  # fmt: skip
            else:
                reason = _reason(query, names)
            some = bool(query.any_term or rowid in partial)
            hits.append(SearchHit(info.id, info.title, round(score, 6), plain, rich, reason, all_words=not some))
        return hits

    def _body(self, rowid: int) -> str:
        row = self._conn.execute("SELECT body FROM docs WHERE rowid = ?", (rowid,)).fetchone()
        return str(row[0]) if row else ""

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
            by_fold: dict[str, str] = {}
            for word, n in self._conn.execute("SELECT word, count(*) FROM name_words GROUP BY word"):
                by_length.setdefault(len(word), []).append(word)
                count[word] = n
                key = fold(word)
                if count.get(by_fold.get(key, ""), 0) < n:
                    by_fold[key] = word
            self._vocab = _Vocabulary(by_length, count, by_fold, sorted(count))
        return self._vocab

    def _doubtful(self, query: Query, found: _Ranking) -> bool:
        """Whether a query whose words are in some articles' names may still hold a typo or
        a split word: the word being typed found only as the start of other words once
        folded ("lupos", folded "lupo", starts "lupoid"), or two words that are one word
        of a name ("nose bleeds").

        Every other word matched a name's word exactly. The one being typed is looked for
        in the names found: a word there equal to it folded, or starting with it as typed.
        """
        last = query.terms[-1]
        word = last.words[-1]
        if last.prefix and len(word) >= 4 and word.isalpha() and word not in STOP_WORDS:
            key = fold(word)
            for _score, rowid in found.ranked:
                info = self._info(rowid)
                if info is not None and any(
                    w.startswith(word) or fold(w) == key
                    for text in (info.title, *info.also_called, *info.symptoms, info.summary)
                    for w in words(text)
                ):
                    break
            else:
                return True
        for term in self._with_family(query).terms:
            # Found in names only by another form of it ("blurred": "blur" in a summary): a
            # word of a name may fit better ("blurry vision", a symptom).
            if term.alts and not term.prefix and not self._in_names(term.keys[0]):
                return True
        typed = [w for t in split_terms(query.text) for w in t.words]
        if len(typed) < 2:
            return False
        vocab = self._vocabulary()
        return any(_joinable(a, b, vocab) for a, b in pairwise(typed))

    def _correct(self, query: Query, keep_typing: bool = False) -> _Fix | None:
        """The text with split words joined and each word no name has replaced by the
        closest word a name has; None when nothing changes.

        Two typed words that make one word of a name are joined ("nose bleeds" ->
        nosebleeds, "auto-immune" -> autoimmune). A word of four letters or more that no
        title, synonym, symptom or summary has is replaced by the word of a name at the
        smallest edit distance, preferring, in this order: words found in the same
        names as the rest of the query ("blurred vision" -> blurry, not slurred), words
        of the same family ("blurred" and "blurry"), closer words, words that sound like
        it ("hart": heart, not hard), words more articles use. A word no article has may
        also become a word of the articles' text one letter away that sounds like it.
        A word that articles use (more than a few of them) is only replaced by a word
        that makes a name with the rest ("evens syndrome" -> evans; "flu shot" stays).
        A short word being typed is replaced only by a word of a title or synonym, or, when
        it starts no word of the articles, by one ending as it does that shares a name with
        another word typed ("rash and fevr" -> fever; "ston" may be stone cut short).
        ``keep_typing``: leave the word being typed alone while it starts a word of a name.
        """
        vocab = self._vocabulary()
        rare = max(1, min(_RARE, len(self._ids) // 100))
        # The words as typed, in their order ("what causes lupis" -> "what causes lupus");
        # only the words searched for are candidates, never a stop word.
        terms = split_terms(query.text)
        typed = [w for t in terms for w in t.words]
        typing = bool(terms) and terms[-1].prefix
        searched = {w for t in query.terms for w in t.words if w not in STOP_WORDS}
        out: list[str] = []
        joined: set[int] = set()  # positions in ``out`` of joined words
        i = 0
        while i < len(typed):
            a = typed[i]
            b = typed[i + 1] if i + 1 < len(typed) else ""
            whole = a + b
            last = i + 1 == len(typed) - 1
            ahead = (self._name_words_starting(whole) if last and typing and len(a) >= 2 and len(b) >= 3
                     and not (a in STOP_WORDS and b in STOP_WORDS) else [])  # fmt: skip
            if _joinable(a, b, vocab) or ahead:
                if len({fold(w) for w in ahead}) == 1:
                    whole = min(ahead, key=len)  # "nose ble": only nosebleeds starts so
                joined.add(len(out))
                out.append(whole)
                i += 2
            else:
                out.append(a)
                i += 1
        nearest: dict[int, list[tuple[str, int]]] = {}  # position -> [(word, distance)], closest first
        context: list[str] = [out[p] for p in joined]  # words the choice should share a name with
        real: set[int] = set()
        for p, word in enumerate(out):
            if p in joined or word not in searched:
                continue
            key = fold(word)
            if key in vocab.by_fold or self._in_names(key):
                context.append(word)
                continue
            if len(word) < 4 or not word.isalpha():
                continue
            if keep_typing and typing and p == len(out) - 1 and self._name_words_starting(word):
                continue  # still being typed: "syndro" is on its way to "syndrome"
            most = 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3
            # One letter more for a word spelled as it sounds, same consonants in the same
            # order ("limfoma", three letters from "lymphoma": f for ph, i for y).
            far = most + 1 if most >= 2 else most
            choices = [w for k in range(len(word) - far, len(word) + far + 1)
                       for w in vocab.by_length.get(k, ())]  # fmt: skip
            found = [f for f in process.extract(word, choices, scorer=OSA.distance, score_cutoff=far, limit=None)
                     if _may_mean(word, str(f[0]), int(f[1]))
                     and (f[1] <= most or _sounds_alike(word, str(f[0])))]  # fmt: skip
            if not self._in_articles(key):
                # A word no article has: the articles' text may have what was meant
                # ("hart" -> heart, in no name), one letter away and sounding alike.
                named = {str(f[0]) for f in found}
                found += [(w, 1, -1) for w in self._text_words_like(word) if w not in named]
            if typing and p == len(out) - 1 and len(word) <= _UNFINISHED:
                # Maybe not a typo but a word not finished yet ("kidney ston"): only the
                # word of a title or other name is likely enough ("what causes lupis").
                # A word that starts no word of any article is not one of theirs on its way
                # but a typo, or a word they lack cut short: it may also be a word of a
                # name that another word typed is in ("rash and fevr": fever), which keeps
                # its end (cut short, "ston" differs there: stone, not stop). Alone, a
                # short word has too many neighbours ("trem": not term, it may be tremor).
                ending = [str(f[0]) for f in found if str(f[0])[-1] == word[-1]] if context else []
                shared: dict[str, int] = {}
                if ending and not self._starts_a_word(key):
                    shared = self._together([(o, 0) for o in ending], context)
                found = [f for f in found if self._is_label_word(str(f[0])) or shared.get(str(f[0]))]
            if found:
                options = sorted(((str(f[0]), int(f[1])) for f in found), key=lambda o: o[1])[:_OPTIONS]
                nearest[p] = options
                if self._in_articles(key, rare + 1) > rare:
                    real.add(p)
                elif len(options) == 1:
                    context.append(options[0][0])  # "guillian": surely guillain
        fixed: dict[int, str] = {}
        distance: dict[int, int] = {}
        for p, options in nearest.items():
            word = out[p]
            others = [c for c in context if c != word and all(c != o for o, _ in options)]
            together = self._together(options, others)
            if p in real:
                # A word articles use is kept unless a word of a name fits the rest better:
                # one title or synonym holds it and another word typed ("evans syndrome").
                options = self._named_with(options, others)
                if not options:
                    continue
            stem = _stem(word)

            def fit(o: tuple[str, int], stem: str = stem, word: str = word,
                    together: dict[str, int] = together) -> tuple[int, bool, int, bool]:
                return -together.get(o[0], 0), _stem(o[0]) != stem, o[1], not _sounds_alike(word, o[0])

            best = min(fit(o) for o in options)
            # Of the words that fit as well, the one most articles use, in any of their
            # text ("hart": heart, as heard, before hard; then the library's usual word).
            tied = [o for o in options if fit(o) == best]
            used = self._articles_using([o for o, _ in tied]) if len(tied) > 1 else {}
            fixed[p], distance[p] = min(tied, key=lambda o: (-used.get(fold(o[0]), 0), o[0]))
        if not fixed and not joined:
            return None
        # Shown as "Showing results for ...": each word as the library spells it
        # ("corazon" -> corazón, "barre" -> Barré); searching it is the same.
        text = " ".join(self._as_written(fixed.get(p, w)) for p, w in enumerate(out))
        last_p = len(out) - 1
        if not typing or (last_p in fixed and last_p not in joined) or (
            last_p in joined and fold(out[last_p]) in vocab.by_fold
        ):
            text += " "  # a corrected last word is a whole word, no longer being typed
        known = any(self._in_articles(fold(out[p])) for p in fixed)
        return _Fix(text, known, far=any(d >= 2 for d in distance.values()))

    def _text_words_like(self, word: str) -> list[str]:
        """Words of the articles' text one letter from ``word`` that sound like it (the
        same first sound and consonants, as heard: "hart" -> heart), as the index holds
        them: only words that folding leaves whole, so the word shown is a real one."""
        if len(word) > _TEXT_WORD_MOST:
            return []
        # Only these letters keep the consonants as heard: vowels, h, a doubled letter,
        # another spelling of one sound (c k q s z, b v).
        letters = "".join(sorted(set("aeiouyhckqszbv" + word)))
        variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
        variants |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters}
        variants |= {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in letters}
        variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        alike = sorted(v for v in variants if v != word and len(v) >= 4 and fold(v) == v and _sounds_alike(word, v))
        if not alike:
            return []
        marks = ", ".join("?" * len(alike))
        return [str(t) for (t,) in self._conn.execute(f"SELECT term FROM fts_vocab WHERE term IN ({marks})", alike)]

    def _articles_using(self, options: list[str]) -> dict[str, int]:
        """For each word, folded, how many articles have it anywhere in their text."""
        keys = sorted({fold(o) for o in options})
        marks = ", ".join("?" * len(keys))
        return {str(t): int(n) for t, n in self._conn.execute(
            f"SELECT term, doc FROM fts_vocab WHERE term IN ({marks})", keys)}  # fmt: skip

    def _as_written(self, word: str) -> str:
        """A word of a name as the names spell it, accents and all ("corazon" ->
        "corazón"), lowercase; the spelling most of them use. Any other word as it is.
        Only a word that loses nothing but marks once normalized: "ß" stays "ss"."""
        if not word.isascii():
            return word
        forms: dict[str, int] = {}
        for row in self._conn.execute(
            "SELECT d.title, d.also_called, d.symptoms FROM name_words n JOIN docs d ON d.rowid = n.doc "
            "WHERE n.word = ? LIMIT 20", (word,)):  # fmt: skip
            for text in row:
                for m in WORD_RE.finditer(text):
                    form = m.group().lower()
                    if form != word and len(form) == len(word) and normalize_word(form) == word:
                        forms[form] = forms.get(form, 0) + 1
                    elif form == word:
                        forms[word] = forms.get(word, 0) + 1
        if not forms:
            return word
        return max(sorted(forms), key=lambda f: (forms[f], not f.isascii()))

    def _name_words_starting(self, word: str, most: int = 3) -> list[str]:
        """A few words of titles, synonyms and symptoms that start with ``word``."""
        ordered = self._vocabulary().ordered
        at = bisect.bisect_left(ordered, word)
        return [w for w in ordered[at : at + most] if w.startswith(word)]

    def _starts_a_word(self, key: str) -> bool:
        """Whether some article has a word, folded, that starts with ``key``."""
        row = self._conn.execute("SELECT 1 FROM fts_vocab WHERE term >= ? AND term < ? LIMIT 1",
                                 (key, key + "\uffff")).fetchone()  # fmt: skip
        return row is not None

    def _is_label_word(self, word: str) -> bool:
        """Whether a word is a word of some title or synonym."""
        row = self._conn.execute("SELECT 1 FROM label_words WHERE key = ? LIMIT 1", (fold(word),)).fetchone()
        return row is not None

    def _in_names(self, key: str) -> bool:
        """Whether a folded word is in some title, synonym, symptom or summary."""
        match = '"' + key + '"'
        return self._conn.execute("SELECT 1 FROM names WHERE names MATCH ? LIMIT 1", (match,)).fetchone() is not None

    def _in_articles(self, key: str, most: int = 1) -> int:
        """In how many articles (up to ``most``) a folded word occurs as a whole word
        (being a mere prefix of other words, as "lupis" may be, does not count). Counted
        by a MATCH that stops at ``most``: fts_vocab would read the word's every entry."""
        row = self._conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)",
                                 ('"' + key + '"', most)).fetchone()  # fmt: skip
        return int(row[0])

    def _named_with(self, options: list[tuple[str, int]], context: list[str]) -> list[tuple[str, int]]:
        """The options that one title or synonym holds with one of the ``context`` words."""
        if not context:
            return []
        keys = [fold(c) for c in context]
        return [o for o in options if self._conn.execute(
            "SELECT 1 FROM label_words a JOIN label_words b ON b.label = a.label "
            f"WHERE a.key = ? AND b.key IN ({', '.join('?' * len(keys))}) LIMIT 1",
            (fold(o[0]), *keys),
        ).fetchone()]  # fmt: skip

    def _together(self, options: Sequence[tuple[str, int]], context: list[str]) -> dict[str, int]:
        """For each option, how many articles have it and one of the ``context`` words in
        their names."""
        if not context or not options:
            return {}
        words_ = [o for o, _ in options]
        rows = self._conn.execute(
            "SELECT a.word, count(DISTINCT a.doc) FROM name_words a JOIN name_words b ON b.doc = a.doc "
            f"WHERE a.word IN ({', '.join('?' * len(words_))}) "
            f"AND b.word IN ({', '.join('?' * len(context))}) GROUP BY a.word",
            (*words_, *context),
        ).fetchall()
        return {str(w): int(n) for w, n in rows}

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
            corrected = corrected or _written(label, norm)
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
                self._notice_others()
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


def _short_word_typed_last(query: Query) -> tuple[Query, Query] | None:
    """The query with its dropped one- or two-letter last word joined to the word before
    it as a phrase ("hepatitis c" -> "hepatitis C"), to search, and with that word as a
    word of its own, to mark in the snippets; None when no such word was dropped.

    >>> [q.fts for q in _short_word_typed_last(parse("liver hepatitis c"))]
    ['"liver" AND "hepatitis c"', '"liver" AND "hepatitis" AND "c"']
    >>> [_short_word_typed_last(parse(t)) for t in ("hepatitis c ", "lupus", "pain in a", "fever child")]
    [None, None, None, None]
    """
    last = query.dropped[-1] if query.dropped else None
    if (last is None or not last.prefix or len(last.words) != 1 or last.text in STOP_WORDS
            or len(last.text) > SHORT_FRAGMENT):  # "fever child": a people word, left out
        return None
    chunks = split_terms(query.text)
    before = chunks[-2] if len(chunks) > 1 else None
    if before is None or not query.terms or query.terms[-1] != before:
        return None  # "pain in a": the letter does not follow a word that is searched
    phrase = Term(before.words + last.words)
    rest = query.dropped[:-1]
    return (Query(query.text, (*query.terms[:-1], phrase), rest, query.any_term),
            Query(query.text, (*query.terms, Term(last.words)), rest, query.any_term))  # fmt: skip


def _last_word_whole(query: Query) -> Query | None:
    """The query with the word being typed as a whole word, or None if there is none (or it
    is shorter than three letters: as a whole word it is not worth a second search).

    >>> _last_word_whole(parse("broken arm")).fts, _last_word_whole(parse("broken arm "))
    ('"broken" AND "arm"', None)
    """
    last = query.terms[-1] if query.terms else None
    if last is None or not last.prefix or len(last.words[-1]) < 3:
        return None
    terms = (*query.terms[:-1], Term(last.words))
    return Query(query.text, terms, query.dropped, query.any_term)


def _is_fragment(query: Query) -> bool:
    term = query.terms[0]
    return len(query.terms) == 1 and term.prefix and len(term.words) == 1 and len(term.words[0]) <= 2


def _squash(relevance: float) -> float:
    """bm25 relevance (>= 0, unbounded) -> [0, 1), same order: keeps the tiers apart."""
    relevance = max(relevance, 0.0)
    return relevance / (1.0 + relevance)


def _as_typed_first(relevance: float, as_typed: bool | None) -> float:
    """A squashed bm25 relevance (in [0, 1), still in [0, 1)), for a query with other forms
    of its words: articles with the words as typed (``as_typed``) above those found only
    by the other forms, each in their own order. ``None``: the query has no other forms.

    >>> _as_typed_first(0.2, True) > _as_typed_first(0.9, False), _as_typed_first(0.2, None)
    (True, 0.2)
    """
    if as_typed is None:
        return relevance
    return (0.5 if as_typed else 0.0) + relevance / 2.0


def _by_form(relevance: float, form: int, forms: int) -> float:
    """``_as_typed_first`` for an article found by another form only, the ``form``-th of
    ``forms`` (the most used first): still below the words as typed, the forms in turn.

    >>> _by_form(0.1, 0, 2) > _by_form(0.9, 1, 2), _by_form(0.9, 0, 2) < _as_typed_first(0.0, True)
    (True, True)
    """
    return (forms - 1 - form + relevance) / (2.0 * forms)


def _quote_word(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _name_level(query: Query, names: _Names) -> int:
    """Where and how well an article's names match: the field order of the ranking.

    7 the title is the query ("Hives" for "hives"; while typing, "Lupus" for "lupu"),
    6 a synonym is ("ITP"), 5 the title starts with the query, 4 a synonym does ("Lou
    Gehrig's disease" for "lou gehrig"), 3 the title holds every term, 2 a synonym does,
    1 a symptom does, 0 none of these (the words are in the summary, or spread out).

    For a relaxed query (``any_term``: no article has every word), a name "holds" the
    query when it is made of query words, stop words aside: "numbness", a symptom of
    MS, for "numb feet", but not "cold hands and feet", a symptom about cold hands.
    """
    holds = _made_of if query.any_term else Query.matches_keys
    qkeys = [k for t in query.terms for k in t.keys]
    qalts = [t.alts for t in query.terms for _k in t.keys]  # a family: one-word terms only
    typing = query.terms[-1].prefix
    last = len(qkeys) - 1
    best = 0
    for n, nkeys in enumerate((names.title, *(keys for _, keys in names.also))):
        is_title = n == 0
        if len(nkeys) >= len(qkeys) and all(
            nkeys[i] == qkeys[i] or nkeys[i] in qalts[i]
            or (typing and i == last and nkeys[i].startswith(qkeys[i]))
            for i in range(len(qkeys))
        ):
            level = (7 if is_title else 6) if len(nkeys) == len(qkeys) else (5 if is_title else 4)
        elif holds(query, nkeys):
            level = 3 if is_title else 2
        else:
            continue
        best = max(best, level)
    if best == 0 and any(holds(query, keys) for _, keys in names.symptoms):
        best = 1
    return best


def _weight(term: Term, articles: int, having: int) -> float:
    """What a term an article has is worth in a relaxed query, in (0, 1]: more for a rare
    word than for a common one (bm25's idf, over its value for a word in one article), and
    half for a part of the body, which says where, not what ("hands" in "tingling hands").

    >>> [round(_weight(Term((w,)), 1000, n), 2) for w, n in [("tingling", 10), ("hands", 10), ("pain", 500)]]
    [0.7, 0.35, 0.11]
    """
    def idf(n: int) -> float:
        return math.log(1.0 + (articles - n + 0.5) / (n + 0.5))

    rarity = idf(max(1, min(having, articles))) / idf(1) if articles > 1 else 1.0
    return rarity * (_BODY_PART if term.body_part else 1.0)


def _made_of(query: Query, keys: Sequence[str]) -> bool:
    """Whether every word of a name (folded; stop words aside) is one of the query's.

    >>> _made_of(parse("numb feet"), ("numb",)), _made_of(parse("numb feet"), ("cold", "hand", "and", "feet"))
    (True, False)
    """
    meaningful = [k for k in keys if k not in _STOP_KEYS]
    return bool(meaningful) and all(any(t.matches_key(k) for t in query.terms) for k in meaningful)


def _reason(query: Query, names: _Names) -> str | None:
    """Why a hit matched when its title does not show it: the synonym or the symptom that
    holds every word of the query; None if the title holds them, or no one name does (a
    name with only some of the words would not explain the match: "trouble walking" for
    "trouble breathing")."""
    if not query.terms or query.matches_keys(names.title):
        return None
    for label, items in (("also called", names.also), ("symptom", names.symptoms)):
        for text, keys in items:
            if query.matches_keys(keys):
                return f"{label}: {text}"
    return None


def _terms_in(query: Query, names: _Names, summary: str, body: str) -> int:
    """Bit set of the query's terms that an article has, in its names or its text."""
    have = 0
    for keys in (names.title, *(k for _, k in names.also), *(k for _, k in names.symptoms)):
        for i, term in enumerate(query.terms):
            if any(term.matches_key(k) for k in keys):
                have |= 1 << i
    for text in (summary, body):
        if have.bit_count() == len(query.terms):
            break
        for _start, _end, bits in _find(text, query):
            have |= bits
    return have


def _phrase(query: Query) -> str | None:
    """The typed words side by side, stop words between them included, as an FTS5 phrase
    ("short of breath"); None for one word or a relaxed query.

    >>> _phrase(parse("what is short of breath")), _phrase(parse("lupus")), _phrase(parse("lou g"))
    ('"short of breath"*', None, None)
    """
    if len(query.terms) < 2 or query.any_term:
        return None
    terms = split_terms(query.text)
    if terms and terms[-1].prefix and len(terms[-1].words[-1]) <= SHORT_FRAGMENT:
        terms.pop()  # a one- or two-letter fragment being typed: as a prefix, slow and vague
    while terms and terms[0].text in STOP_WORDS:
        terms.pop(0)
    while terms and terms[-1].text in STOP_WORDS:
        terms.pop()
    keys = [k for t in terms for k in t.keys][: MAX_TERMS * 2]
    if len(keys) < 2:
        return None
    return '"' + " ".join(keys) + '"' + ("*" if terms[-1].prefix else "")


def _written(label: str, norm: str) -> str:
    """A title or synonym's normalized words (``norm``) with its accents back, lowercase.

    >>> _written("Guillain-Barré syndrome", "guillain barre syndrome")
    'guillain barré syndrome'
    >>> _written("Straße", "strasse")  # not one letter for one: as normalized
    'strasse'
    """
    written = [m.group().lower() for m in WORD_RE.finditer(label)]
    normalized = norm.split()
    if len(written) != len(normalized) or any(
        len(w) != len(n) or normalize_word(w) != n for w, n in zip(written, normalized, strict=True)
    ):
        return norm
    return " ".join(written)


def _joinable(a: str, b: str, vocab: _Vocabulary) -> bool:
    """Whether two typed words are one word of a name ("nose" "bleeds": nosebleeds), the
    second bringing letters of its own to it ("sore eye" is not "sore", which it folds to)."""
    if len(a) < 2 or len(b) < 2 or (a in STOP_WORDS and b in STOP_WORDS):
        return False
    key = fold(a + b)
    return len(key) >= len(a) + 2 and key in vocab.by_fold


# Spellings of one sound. b and v sound the same in Spanish, and are mixed up in any
# language's spelling ("bómitos" for vómitos); a c before e or i is an s ("precion").
_SAME_SOUND = (("ph", "f"), ("ck", "k"), ("ce", "se"), ("ci", "si"), ("c", "k"), ("q", "k"), ("z", "s"),
               ("v", "b"), ("h", ""))  # fmt: skip


def _skeleton(word: str) -> str:
    """A word's consonants in order, as they sound: no vowels, ph = f, c = k (s before e
    or i), z = s, v = b, no h, each doubled letter once.

    >>> [_skeleton(w) for w in ("lymphoma", "limfoma", "rheumatoid", "rumatoid", "stones", "sores")]
    ['lmfm', 'lmfm', 'rmtd', 'rmtd', 'stns', 'srs']
    >>> [_skeleton(w) for w in ("cabeza", "cavesa", "vomitos", "bomitos", "cirrosis", "sirosis")]
    ['kbs', 'kbs', 'bmts', 'bmts', 'srs', 'srs']
    """
    out = ""
    for ch in _as_heard(word):
        if ch not in "aeiouy" and not out.endswith(ch):
            out += ch
    return out


def _as_heard(word: str) -> str:
    """A word with each sound spelled one way (``_SAME_SOUND``).

    >>> _as_heard("vomito"), _as_heard("bomito"), _as_heard("precion"), _as_heard("phever")
    ('bomito', 'bomito', 'presion', 'feber')
    """
    for spelled, sound in _SAME_SOUND:
        word = word.replace(spelled, sound)
    return word


def _first_sounds(word: str) -> set[str]:
    """The sound a word may start with, as letters: "phever" and "fever" start with f;
    a silent first letter is not heard ("pneumonia", "numonia"); a c before e, i or y may
    be an s or a k ("cirrhosis" and "sirosis", "cidney" and "kidney"); b and v are one
    sound ("bomitos" and "vómitos").

    >>> [sorted(_first_sounds(w)) for w in ("phever", "cidney", "pneumonia", "psoriasis", "rheumatoid")]
    [['f'], ['k', 's'], ['n'], ['s'], ['r']]
    >>> [sorted(_first_sounds(w)) for w in ("bomitos", "vomitos", "zangre", "hart", "heart")]
    [['b'], ['b'], ['s'], ['a', 'h'], ['e', 'h']]
    """
    if word[:2] in ("pn", "ps", "pt", "kn", "gn", "wr"):
        word = word[1:]
    if word[:1] == "h" and len(word) > 1:
        # An h is heard in English ("hart", "heart"), silent in Spanish ("inchazón",
        # "hinchazón"): either may be the first sound.
        return {"h"} | _first_sounds(word[1:])
    head = word[:2]
    for spelled, sound in _SAME_SOUND:
        head = head.replace(spelled, sound)
    if word[:1] == "c" and word[1:2] in ("e", "i", "y"):
        return {"k", "s"}
    return {head[:1]}


def _may_mean(typed: str, word: str, distance: int) -> bool:
    """Whether a typed word may be a misspelling of ``word``, ``distance`` edits away.

    It starts with the same sound (patients know how a word begins: "peeing" is not
    "feeling"); two edits or more away, it has the same consonants in the same order
    (``_skeleton``), as a misspelling keeps them ("loopus", "multipul", "nefritis") and
    another real word does not ("sweating" is not "swelling", "stones" not "sores"), or
    it is a form of the same word, as heard ("blurred", "blurry"; "bomito", "vómitos").

    >>> [_may_mean(t, w, 2) for t, w in [("loopus", "lupus"), ("sweating", "swelling"),
    ...                                  ("stones", "sores"), ("blurred", "blurry"), ("bomito", "vomitos")]]
    [True, False, False, True, True]
    >>> _may_mean("peeling", "feeling", 1), _may_mean("phever", "fever", 2), _may_mean("bleeds", "blood", 2)
    (False, True, False)
    """
    if not _first_sounds(typed) & _first_sounds(word):
        return False
    return (distance < 2 or _skeleton(typed) == _skeleton(word)
            or _as_heard(_stem(typed)) == _as_heard(_stem(word)))  # fmt: skip


def _sounds_alike(typed: str, word: str) -> bool:
    """Whether a word spelled as it sounds may be ``word``: the same first sound and the
    same consonants, as heard, in the same order.

    >>> _sounds_alike("limfoma", "lymphoma"), _sounds_alike("sweating", "swelling")
    (True, False)
    """
    return bool(_first_sounds(typed) & _first_sounds(word)) and _skeleton(typed) == _skeleton(word)


def _stem(word: str) -> str:
    """A rough stem that puts a word's family together: blurred, blurry -> blur; itched,
    itching, itchy -> itch; bruised, bruising -> bruis.

    >>> [_stem(w) for w in ("blurred", "blurry", "itching", "itchy", "bruised", "bruising", "bleeds")]
    ['blur', 'blur', 'itch', 'itch', 'bruis', 'bruis', 'bleed']
    """
    for ending in ("ing", "ies", "ed", "es", "s", "y"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeious":
        word = word[:-1]
    if len(word) > 3 and word[-1] == "e":
        word = word[:-1]
    return word


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
    stems = {k[:4] for t in query.terms for k in (*t.keys, *t.alts) if k}
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
    scored = _weighted_snippet(text, query, None, whole)
    return scored[1] if scored is not None else None


def _weighted_snippet(text: str, query: Query, weights: Sequence[float] | None,
                      whole: bool = False) -> tuple[float, tuple[str, str]] | None:
    """The line of ``text`` holding the most of the query, marked, and how much: the
    number of distinct terms, or with ``weights`` (one per term) the sum of theirs, so
    that a rare word outweighs a common one ("heart" over "attacks" in "heart attack");
    None if no match."""
    found = _find(text, query)
    if not found:
        return None
    best_line = (0, 0)
    best_terms = -1.0
    line_start = -1
    terms_here = 0
    for start, _end, bits in found:
        if line_start < 0 or text.rfind("\n", 0, start) + 1 != line_start:
            line_start = text.rfind("\n", 0, start) + 1
            terms_here = 0
        terms_here |= bits
        count = (float(terms_here.bit_count()) if weights is None
                 else sum(w for i, w in enumerate(weights) if terms_here >> i & 1))  # fmt: skip
        if count > best_terms:
            best_terms = count
            line_end = text.find("\n", line_start)
            best_line = (line_start, len(text) if line_end < 0 else line_end)
    lo, hi = best_line
    spans = [(s - lo, e - lo) for s, e, _ in found if lo <= s < hi]
    return best_terms, _window(text[lo:hi], spans, whole=whole)


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


"""Fuzzing the search: 20,000 generated inputs, not one exception, not one invalid FTS5 query.

The index's public calls swallow errors by design (a patient never sees a traceback), so
the fuzz test calls the unguarded internals and runs every query form the index can build
against a real FTS5 table: an error anywhere fails the test instead of hiding.
"""

from __future__ import annotations

import datetime
import html
import re
import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthreader.content.model import Article, Library
from healthreader.search.index import TOKENIZE, SearchIndex
from healthreader.search.query import Query, fold_text, parse

ARTICLES = [
    Article("hives", "Hives", "Raised, itchy welts on the skin.", datetime.date(2026, 1, 1),
            "## Causes\n\nAn allergy to foods, don't panic. COVID-19 and C++ & <b>tags</b>.", "",
            also_called=("urticaria", "welts"), symptoms=("itchy welts",)),
    Article("lupus", "Lupus", "The immune system attacks the body.", datetime.date(2026, 1, 1),
            "A butterfly rash near the nose. Guillain-Barré is another disease.", "",
            also_called=("SLE",), symptoms=("joint pain", "rash")),
    Article("itp", "Immune thrombocytopenia (ITP)", "Too few platelets.", datetime.date(2026, 1, 1),
            "Bruises and nosebleeds; NEAR the gums, AND OR NOT words.", "", also_called=("ITP",)),
]  # fmt: skip

SYNTAX = ['"', "'", "(", ")", "*", "^", ":", "-", "+", "{", "}", "NEAR(", "NEAR", "AND", "OR",
          "NOT", ",", "\\", "%", "_", "\x00", "\ud800", "\udfff", "\u200b", "\u202e", "\ufeff",
          "\n", "\t", "\x1b", "title:", "body:", "{title}:", "rowid", "fts", "''", '""',
          "covid-19", "C++", "don't", "lupus", "hives", "lupis", "rash", "guillain", "barré",
          "ﬁ", "½", "İ", "ß", "🙂", "a", "it", "the", "ee", "ies", "s"]  # fmt: skip

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and control characters included
TOKENS = st.lists(st.sampled_from(SYNTAX) | st.text(ANY_CHAR, max_size=6), max_size=12)
SEPARATORS = st.sampled_from(["", " ", "  ", "-", "\n"])
INPUTS = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.builds(lambda parts, sep: sep.join(parts), TOKENS, SEPARATORS),
    st.builds(lambda text, n: text * n, st.text(ANY_CHAR, min_size=1, max_size=4) | st.sampled_from(SYNTAX),
              st.integers(1, 3000)),
)  # fmt: skip


@pytest.fixture(scope="module")
def index() -> Iterator[SearchIndex]:
    idx = SearchIndex.open(None, Library.from_articles(ARTICLES))
    yield idx
    idx.close()


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='{TOKENIZE}', prefix='2 3')")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(fold_text(a.title), fold_text(a.body)) for a in ARTICLES])
    yield conn
    conn.close()


_TAG = re.compile(r"</?b>")


@pytest.mark.slow
@settings(max_examples=20_000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])  # fmt: skip
@given(text=INPUTS)
def test_any_input_is_safe(index: SearchIndex, fts: sqlite3.Connection, text: str) -> None:
    query = parse(text)
    if query:
        relaxed = Query(query.text, query.terms, query.dropped, any_term=True)
        for expression in (query.fts, query.near(10), relaxed.fts):
            fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
    results = index._search_text(text, 20)  # unguarded: any error surfaces here
    for hit in results.hits:
        assert hit.id in {"hives", "lupus", "itp"}
        assert "\n" not in hit.snippet
        assert html.unescape(_TAG.sub("", hit.snippet_html)) == hit.snippet.replace("[[", "").replace("]]", "")
    assert all(h.id in {"hives", "lupus", "itp"} for h in index._suggest(text, 10))

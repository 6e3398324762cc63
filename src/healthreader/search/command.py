"""``healthreader search QUERY [--limit N] [--json]``: one query, or a batch from stdin.

Text output: first, for a query that names an emergency ("chest pain", "can't breathe"),
the advice to call for help now (``search.emergency``; after a crisis line, only articles
with all the words are listed); then "Showing results for …" when the query was
corrected, then "No article has all of …" when the articles listed have only some of the
words, then one line per hit, ``title (reason) — snippet``, the title as lists show it
(``Library.shown_title``: "Anemia (español)" when an article in another language has the
same title); or the no-match message. ``--json`` (no notice, every result): a JSON list,
best first, of ``{"id", "title", "score", "snippet", "all_words", "shown_title",
"language"}`` (``title`` is the article's own
title, ``shown_title`` the one lists show, ``language`` its ``language`` as written; the snippet
marks matched words with ``[[ ]]``; ``all_words`` is false for an article with only some
of the words). QUERY ``-`` is batch mode: one query per stdin line, one JSON list per
output line, in order. Always exit code 0: finding nothing is not an error.

    >>> import io
    >>> from healthreader.content.model import Article, Library
    >>> from healthreader.search.index import SearchIndex
    >>> import datetime
    >>> hives = Article("hives", "Hives", "Raised itchy welts on the skin.",
    ...                 datetime.date(2026, 1, 1), "## What is it?\\nWelts.", "", ("urticaria",))
    >>> index = SearchIndex.open(None, Library.from_articles([hives]))
    >>> out = io.StringIO()
    >>> run(index, "urticaria", 10, False, io.StringIO(), out)
    0
    >>> print(out.getvalue(), end="")
    Hives (also called: urticaria) — Raised itchy welts on the skin.
    >>> out = io.StringIO()
    >>> _ = run(index, "-", 10, True, io.StringIO("welts\\nzzzz\\n"), out)
    >>> print(out.getvalue(), end="")
    [{"id": "hives", "title": "Hives", "score": 60.0, "snippet": "Raised itchy [[welts]] on the skin.", "all_words": true, "shown_title": "Hives", "language": "en"}]
    []
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from healthreader.content.model import Library
from healthreader.search import NO_MATCH
from healthreader.search.emergency import emergency_notice, shown_hits
from healthreader.search.index import MARK_CLOSE, MARK_OPEN, SearchHit, SearchIndex, SearchResults

NOTHING_TYPED = "Nothing to search for: type a condition's name, another name for it, or a symptom."


def run(index: SearchIndex, query: str, limit: int, as_json: bool, stdin: TextIO, stdout: TextIO) -> int:
    """Print the results of ``query`` (or of each stdin line for ``-``); return 0."""
    if query == "-":
        for line in stdin:
            results = index.search(line.rstrip("\r\n"), limit)
            _write(stdout, json.dumps(_as_json(index.library, results), ensure_ascii=False))
        return 0
    results = index.search(query, limit)
    if as_json:
        _write(stdout, json.dumps(_as_json(index.library, results), ensure_ascii=False))
        return 0
    shown = " ".join(query.split())
    notice = emergency_notice(query)
    if notice is not None:
        _write(stdout, notice)
    hits = shown_hits(notice, results.hits)  # after a crisis line, only all the words
    if not hits:
        _write(stdout, NO_MATCH.format(query=shown) if shown else NOTHING_TYPED)
        return 0
    if results.corrected:
        _write(stdout, f"Showing results for {results.corrected}")
    note = results.some_words_note(results.corrected or shown)
    if note:
        _write(stdout, note)
    for hit in hits:
        snippet = hit.snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
        reason = f" ({hit.reason})" if hit.reason else ""
        _write(stdout, f"{_shown_title(index.library, hit)}{reason} — {snippet}")
    return 0


def _shown_title(library: Library, hit: SearchHit) -> str:
    """The title as the window's lists show it: "Anemia (español)" beside "Anemia (English)"."""
    return library.shown_title(hit.id) if hit.id in library else hit.title


def _as_json(library: Library, results: SearchResults) -> list[dict[str, Any]]:
    # Fields are only ever added: scripts read "title" as the article's own title.
    return [{"id": h.id, "title": h.title, "score": round(h.score, 4), "snippet": h.snippet,
             "all_words": h.all_words, "shown_title": _shown_title(library, h),
             "language": library.info(h.id).language if h.id in library else None}
            for h in results.hits]  # fmt: skip


def _write(stdout: TextIO, line: str) -> None:
    # Characters the console cannot show are replaced by cli.main, for every command.
    stdout.write(line + "\n")

"""The condition filters of the sidebar and the handout dialog: what a row matches, what it
says while it matches, and which row Enter takes.

A row is shown when the typed text, folded (``model.fold``: case, accents and curly marks
ignored), is part of its folded title or one of its other names (``matches``); text of up to
SHORT letters only where a word starts: "ra" is Rheumatoid arthritis (RA) and nettle rash,
not "lateral" or "purpura", and "als" is not "wheals". Enter takes the row the
text best names (``best_match``): a title or other name that is the text itself ("RA" is
Rheumatoid arthritis' other name), then a title, then another name, that has the text at
the start of a word ("rheu", "lupus n", "gehrig"), and only then one that has it inside a
word ("arthrITIS", "lupOID h"; four letters or more); rows of one kind A–Z, as shown. Both filters use these
functions, so the same keys pick the same article in both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from healthreader.content.model import ArticleInfo, fold

# How well the typed text names an article (``match_kind``), best first.
EXACT = 0  # the whole title or another name: "ra", "poi", "aih", "anemia"
TITLE_WORD = 1  # the start of a word of the title: "rheu", "immune t", "itp" in "(ITP)"
NAME_WORD = 2  # the start of a word of another name: "gehrig" (Lou Gehrig's disease)
TITLE_INSIDE = 3  # inside a word of the title: "ra" in "lateral"
NAME_INSIDE = 4  # inside a word of another name: "poi" in "lupoid hepatitis"


# Typed text this short matches only at the start of a word: inside words, two or three
# letters are in half the library ("ra" in "lateral", "als" in "wheals"), and a row shown
# for them would say a name that has nothing to do with what was typed.
SHORT = 3


def matches(key: str, needle: str) -> bool:
    """Whether a row whose ``filter_key`` is ``key`` is shown for ``needle`` (folded).

    >>> key = filter_key(ArticleInfo("h", "Hives", "", ("nettle rash", "wheals")))
    >>> matches(key, "ra"), matches(key, "als"), matches(key, "eals"), matches(key, "")
    (True, False, True, True)
    """
    if len(needle) > SHORT:
        return needle in key
    return not needle or _at_word_start(needle, key)


def narrows(previous: str, needle: str) -> bool:
    """Whether every row shown for ``needle`` is shown for ``previous`` too (both folded),
    so that only those rows need testing: text typed on to the end of what was there, unless
    it reaches four letters, from where it matches inside words too ("iti" only starts
    words, "itis" ends "arthritis").

    >>> narrows("lu", "lup"), narrows("lupu", "lupus"), narrows("", "lupus"), narrows("lu", "lu")
    (True, True, True, True)
    >>> narrows("iti", "itis"), narrows("lupus", "lupu"), narrows("lu", "ra")
    (False, False, False)
    """
    return needle.startswith(previous) and not 0 < len(previous) <= SHORT < len(needle)


def filter_key(info: ArticleInfo, title: str | None = None) -> str:
    """What a filter box matches an article by: its title and other names, folded. ``title``:
    its row's text, if not the title: "Anemia (español)" is found by what its row says."""
    return fold(" | ".join((info.title if title is None else title, *info.also_called)))


def filtered_row(info: ArticleInfo, needle: str, title: str | None = None) -> str:
    """A row's text while a filter holds ``needle`` (folded): the title, and the other name
    that matched when the title does not, so the reader sees why the row is there. Not for
    a single letter, which most rows match somewhere: they would all change at the first key.
    ``title``: the row's text without a filter, if not the title (``Library.shown_title``:
    "Anemia (español)").

    >>> als = ArticleInfo("als", "Amyotrophic lateral sclerosis", "", ("ALS", "Lou Gehrig's disease"))
    >>> filtered_row(als, "gehrig")
    "Amyotrophic lateral sclerosis, also called Lou Gehrig's disease"
    >>> filtered_row(ArticleInfo("q", "Is ALS autoimmune?", "", ("ALS and the immune system",)), "immune s")
    'Is ALS autoimmune? Also called ALS and the immune system'
    >>> filtered_row(als, "sclerosis"), filtered_row(als, "g"), filtered_row(als, "")
    ('Amyotrophic lateral sclerosis', 'Amyotrophic lateral sclerosis', 'Amyotrophic lateral sclerosis')
    """
    shown = info.title if title is None else title
    if len(needle) < 2:
        return shown
    folded_title, *names = _folded_names(info)
    if matches(folded_title, needle):
        return shown
    # The name that has the text where a word starts, before one that has it inside a word.
    found = [name for name, folded in zip(info.also_called, names, strict=True) if _at_word_start(needle, folded)]
    if not found and len(needle) > SHORT:
        found = [name for name, folded in zip(info.also_called, names, strict=True) if needle in folded]
    if not found:
        return shown
    # "Is ALS an autoimmune disease? Also called …", not "disease?, also called".
    joint = " Also" if shown.endswith(("?", "!", ".")) else ", also"
    return f"{shown}{joint} called {found[0]}"


@functools.cache
def _folded_names(info: ArticleInfo) -> tuple[str, ...]:
    """The title and other names, folded: once per article, not at every key typed."""
    return tuple(fold(name) for name in (info.title, *info.also_called))


@functools.lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    return fold(text)


def _at_word_start(needle: str, text: str) -> bool:
    """Whether ``needle`` is in ``text`` where a word starts (not after a letter or digit)."""
    start = text.find(needle)
    while start >= 0:
        if start == 0 or not text[start - 1].isalnum():
            return True
        start = text.find(needle, start + 1)
    return False


def match_kind(info: ArticleInfo, needle: str, title: str | None = None) -> int | None:
    """How well ``needle`` (folded) names an article: ``EXACT`` to ``NAME_INSIDE``, or None
    when its row does not match. ``title``: the row's text, if not the title ("Anemia
    (español)"); the plain title counts too. Nothing typed: every row, alike.

    >>> ra = ArticleInfo("ra", "Rheumatoid arthritis", "", ("RA", "rheumatoid disease"))
    >>> als = ArticleInfo("als", "Amyotrophic lateral sclerosis (ALS)", "", ("Lou Gehrig's disease",))
    >>> [match_kind(ra, "ra"), match_kind(ra, "rheu"), match_kind(ra, "disea"), match_kind(ra, "thri")]
    [0, 1, 2, 3]
    >>> match_kind(als, "tera"), match_kind(als, "ehrig"), match_kind(als, "lupus")
    (3, 4, None)
    >>> match_kind(als, "ra") is None  # short: only at the start of a word (``matches``)
    True
    >>> match_kind(ArticleInfo("a", "Anemia", "", language="es"), "anemia", "Anemia (español)")
    0
    """
    if not needle:
        return TITLE_WORD
    folded_title, *names = _folded_names(info)
    titles = (folded_title,) if title is None or title == info.title else (folded_title, _folded(title))
    if needle in titles or needle in names:
        return EXACT
    if any(_at_word_start(needle, text) for text in titles):
        return TITLE_WORD
    if any(_at_word_start(needle, text) for text in names):
        return NAME_WORD
    if len(needle) <= SHORT:
        return None  # not shown: ``matches``
    if any(needle in text for text in titles):
        return TITLE_INSIDE
    if any(needle in text for text in names):
        return NAME_INSIDE
    return None


def best_match(rows: Iterable[tuple[ArticleInfo, str]], needle: str) -> int | None:
    """Which of the rows shown (article, row text without a filter; in the list's A–Z order)
    Enter takes for ``needle`` (folded): the first of the best ``match_kind``; None when no
    row matches.

    >>> rows = [(ArticleInfo("als", "Amyotrophic lateral sclerosis (ALS)", ""), "Amyotrophic lateral sclerosis (ALS)"),
    ...         (ArticleInfo("hep", "Autoimmune hepatitis", "", ("AIH", "lupoid hepatitis")), "Autoimmune hepatitis"),
    ...         (ArticleInfo("poi", "Primary ovarian insufficiency", "", ("POI",)), "Primary ovarian insufficiency"),
    ...         (ArticleInfo("ra", "Rheumatoid arthritis", "", ("RA",)), "Rheumatoid arthritis")]
    >>> [rows[i][0].id for i in (best_match(rows, "ra"), best_match(rows, "poi"), best_match(rows, "a"))]
    ['ra', 'poi', 'als']
    >>> best_match(rows, "zz") is None
    True
    """
    best: tuple[int, int] | None = None  # (kind, index)
    for index, (info, title) in enumerate(rows):
        kind = match_kind(info, needle, title)
        if kind is not None and (best is None or kind < best[0]):
            best = (kind, index)
            if kind == EXACT:
                break
    return None if best is None else best[1]

"""Where a word too wide for a line is broken, and with what (ui/headingfit.py, ui/bodyfit.py).

Qt's rich text has no CSS ``overflow-wrap`` and one wrap mode for the whole page (see
``ArticleView.show_page``), so a line may break only where Qt finds an opportunity. A word
wider than the line gets one put into it, where a reader expects it:

- a word gets soft hyphens (U+00AD): invisible unless Qt breaks the line there, where a
  hyphen shows, as in print ("lymphopro- / liferative"), between syllables where a cheap
  guess finds them;
- an address (``https://…``, ``www.…``, an e-mail) gets zero-width spaces (U+200B): a
  hyphen there would read as part of it. Its breaks go after a slash or before a dot.

Either goes into the fewest places that make every part fit, never into a word that fits.
They are helpers of the screen only: a copy of the text leaves them out (``BREAKS``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QTextBoundaryFinder

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"
BREAKS = SOFT_HYPHEN + ZERO_WIDTH_SPACE  # never part of what the reader copies
# A broken word keeps at least this many characters before a break and after it (TeX's
# \lefthyphenmin and \righthyphenmin for English).
MIN_BEFORE, MIN_AFTER = 2, 3
# Consonant pairs that are one sound or start a syllable together: not broken between.
_TOGETHER = {"ch", "ck", "gh", "ph", "sh", "th", "wh", "qu",
             *(c + "r" for c in "bcdfgkpt"), *(c + "l" for c in "bcfgps")}  # fmt: skip
_DIGRAPHS = {"ch", "ph", "sh", "th"}  # one sound, and may start "chl", "phr", "thr", "shr"
# Word beginnings ending in a vowel that are a part of their own before another vowel
# ("auto-immune", "neuro-endocrine"), where two vowels are otherwise kept together.
_PREFIXES = ("anti", "auto", "cardio", "gastro", "hemo", "immuno", "intra", "macro", "micro",
             "multi", "neuro", "poly", "radio", "semi", "ultra")  # fmt: skip
# What is left after a break must be a syllable: not consonants and a silent "e" ("Enlar-ged",
# "disea-ses"), unless an "l" makes it one ("sam-ples", "ta-ble").
_SILENT_E_END = re.compile(r"[^aeiouy]*[^aeiouyl]e[ds]?|[^aeiouy]e[ds]?")

# The width of word[start:end] on a line of its own: with the hyphen shown at its end when a
# soft hyphen breaks it there (the caller knows which mark it puts in).
Measure = Callable[[int, int], float]


def utf16(text: str, index: int) -> int:
    """The UTF-16 offset (what Qt counts in) of ``text[index]``."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def utf16_indexes(text: str) -> dict[int, int]:
    """Each UTF-16 offset (what Qt counts in) that starts a character of ``text``, and its
    end, to the index into the Python string.

    >>> utf16_indexes("a\U0001F600b")
    {0: 0, 1: 1, 3: 2, 4: 3}
    """
    to_index = {}
    offset = 0
    for index, ch in enumerate(text):
        to_index[offset] = index
        offset += 2 if ord(ch) > 0xFFFF else 1
    to_index[offset] = len(text)
    return to_index


def boundaries(kind: QTextBoundaryFinder.BoundaryType, text: str) -> list[int]:
    """Qt's boundaries of ``kind`` in ``text``, as indexes into the Python string."""
    to_index = utf16_indexes(text)
    finder = QTextBoundaryFinder(kind, text)
    found = []
    position = finder.toNextBoundary()
    while position != -1:
        if position in to_index:
            found.append(to_index[position])
        position = finder.toNextBoundary()
    return found


def pieces(text: str) -> list[tuple[int, int]]:
    """The spans between Qt's line-break opportunities, without the spaces that end them."""
    found = []
    start = 0
    for end in boundaries(QTextBoundaryFinder.BoundaryType.Line, text):
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            found.append((start, stop))
        start = end
    return found


def inner_points(word: str) -> list[int]:
    """Where ``word`` may be broken at all: between two graphemes, and not too near an end."""
    return [g for g in boundaries(QTextBoundaryFinder.BoundaryType.Grapheme, word)
            if MIN_BEFORE <= g <= len(word) - MIN_AFTER]  # fmt: skip


def split(word: str, allowed: list[int], measure: Measure, line_width: float,
          address: bool = False) -> list[int]:  # fmt: skip
    """Cut points, from ``allowed``, that split ``word`` into the fewest parts that fit
    ``line_width`` (as ``measure`` finds them), the widest of them as narrow as can be, and
    where a reader expects a break if that is enough (between syllables of a word, after a
    slash or before a dot in an ``address``); every allowed point if no split fits (Qt then
    breaks at the last one that does).

    >>> word = "lymphoproliferative"
    >>> letters = lambda a, b: b - a + (b < len(word))  # a pixel a character, and the hyphen
    >>> [word[:c] for c in split(word, list(range(2, 17)), letters, 11)]
    ['lymphopro']
    >>> [word[:c] for c in split(word, list(range(2, 17)), letters, 9)]
    ['lympho', 'lymphoproli']
    >>> split("Treatment", list(range(2, 7)), lambda a, b: b - a + (b < 9), 7)  # Treat- / ment
    [5]
    >>> url = "www.example.test/longname"  # no hyphen shown at a break
    >>> [url[:c] for c in split(url, list(range(2, 23)), lambda a, b: b - a, 17, address=True)]
    ['www.example']
    """
    expected = _between_parts if address else _between_syllables
    preferred = [a for a in allowed if expected(word, a)]
    for candidates in (preferred, allowed):
        cuts = _fewest_parts(word, candidates, measure, line_width)
        if cuts is not None:
            return cuts
    return allowed


def _fewest_parts(word: str, candidates: list[int], measure: Measure,
                  line_width: float) -> list[int] | None:  # fmt: skip
    """The split at ``candidates`` into the fewest parts that fit, then the one whose widest
    part is the narrowest; None if there is none."""
    points = [0, *candidates, len(word)]
    # best[j]: (parts, widest part, previous point) of the best split of word[:points[j]].
    best: list[tuple[int, float, int] | None] = [(0, 0.0, -1)] + [None] * (len(points) - 1)
    for j in range(1, len(points)):
        for i in range(j):
            before = best[i]
            if before is None:
                continue
            width = measure(points[i], points[j])
            if width > line_width:
                continue
            option = (before[0] + 1, max(before[1], width), i)
            current = best[j]
            if current is None or option[:2] < current[:2]:
                best[j] = option
    if best[-1] is None:
        return None
    cuts = []
    j = best[-1][2]
    while j > 0:
        cuts.append(points[j])
        found = best[j]
        assert found is not None
        j = found[2]
    return cuts[::-1]


def _vowel(ch: str) -> bool:
    return unicodedata.normalize("NFD", ch)[:1].lower() in ("a", "e", "i", "o", "u", "y")


def _between_syllables(word: str, at: int) -> bool:
    """A guess, good enough for English, that ``at`` is between two syllables of ``word``:
    between two consonants that do not go together ("Treat-ment", "Autoim-mune"), or after a
    vowel before what can start a syllable: a consonant, a pair that goes together, or
    "ch", "ph", "sh", "th" before an l or r, then a vowel ("lymphopro-liferative",
    "lympho-proliferative", "Hydroxy-chloroquine"; not "Hydroxych-loroquine"); two vowels
    only after a word beginning of their own ("Auto-immune"); never before consonants and
    a silent "e" ("Enlar-ged", "disea-ses").

    >>> [p for p in range(2, 16) if _between_syllables("Hydroxychloroquine", p)]
    [2, 5, 7, 11, 13]
    >>> [p for p in range(2, 7) if _between_syllables("Enlarged", p)], _between_syllables("samples", 3)
    ([2], True)
    >>> [p for p in range(2, 7) if _between_syllables("Autoimmune", p)]
    [2, 4, 6]
    """
    before, after = word[at - 1], word[at]
    if not (before.isalpha() and after.isalpha()):
        return False
    if _SILENT_E_END.fullmatch(word[at:].lower()):
        return False
    if _vowel(before):
        if _vowel(after):
            return word[:at].lower() in _PREFIXES
        onset = 1
        if word[at : at + 2].lower() in _TOGETHER:
            onset = 2
            then = word[at + 2 : at + 3].lower()
            if word[at : at + 2].lower() in _DIGRAPHS and then in ("l", "r"):
                onset = 3
        return at + onset < len(word) and _vowel(word[at + onset])
    if _vowel(after) or (before + after).lower() in _TOGETHER:
        return False
    return not (word[at - 2 : at].lower() in _DIGRAPHS and after.lower() in ("l", "r"))


def _between_parts(address: str, at: int) -> bool:
    """Where a style guide breaks an address: after a slash (or ``-_?&=#@``), before a dot."""
    return address[at - 1] in "/-_?&=#@" or address[at] == "."

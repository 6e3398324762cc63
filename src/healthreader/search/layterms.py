"""Everyday words and other spellings patients type -> the words the articles use.

The table is ``resources/lay_terms.yaml``, a flat mapping that editors can change::

    tummy: belly
    high temperature: fever
    leukaemia: leukemia

The search index reads it as it opens, on its own thread once the window is up (never on
the way to the first paint), and searches the right side when no article name has the
left side, saying so ("Showing results for
belly pain"). Words are compared as the index compares them (case, accents and plurals
aside), whole words only:

    >>> table = {("tumm",): "belly", ("high", "temperatur"): "fever"}   # keys folded
    >>> rewrite("My tummy hurts", table)
    ('my belly hurts', [('tumm',)])
    >>> rewrite("high temperatures at night ", table)
    ('fever at night ', [('high', 'temperatur')])
    >>> rewrite("tum", table)                  # a word being typed is not a whole word yet
    ('tum', [])
"""

from __future__ import annotations

from pathlib import Path

from healthreader.errors import ContentError
from healthreader.search.query import fold, split_terms, words

# The folded words of a left side -> the text searched in its place.
LayTerms = dict[tuple[str, ...], str]
MAX_WORDS = 4  # a left side is a word or a short phrase


def load_lay_terms(path: Path) -> LayTerms:
    """Read the table; raises ContentError naming the file (and the line) of a bad entry."""
    # Here, not at the top: YAML is read as the search index opens, after the first paint.
    from healthreader.content.frontmatter import load_yaml_mapping

    lines: dict[tuple[object, ...], int] = {}
    data = load_yaml_mapping(path, "the lay terms", "'what patients type: what articles say'", lines)
    table: LayTerms = {}
    for lay, plain in data.items():
        line = lines.get((lay,))
        if not isinstance(lay, str) or not isinstance(plain, str) or not words(plain):
            raise ContentError(f"lay term {lay!r} must be text mapped to text (the words articles use)",
                               path, line)  # fmt: skip
        keys = tuple(fold(w) for w in words(lay))
        if not keys or len(keys) > MAX_WORDS:
            raise ContentError(f"lay term {lay!r} must be one to {MAX_WORDS} words", path, line)
        if keys == tuple(fold(w) for w in words(plain)):
            raise ContentError(f"lay term {lay!r} is mapped to itself", path, line)
        if keys in table:
            raise ContentError(f"lay term {lay!r} is listed twice (once in another spelling)", path, line)
        table[keys] = " ".join(plain.split())
    return table


def rewrite(text: str, table: LayTerms) -> tuple[str, list[tuple[str, ...]]]:
    """The text with each lay word or phrase replaced (the longest first), and the folded
    left sides replaced, in order; the text as it was when none is found. A word still
    being typed (the text does not end with a space) counts only once it is a whole
    entry."""
    if not table:
        return text, []
    terms = split_terms(text)
    typed = [w for t in terms for w in t.words]
    keys = [fold(w) for w in typed]
    longest = max(len(k) for k in table)
    out: list[str] = []
    used: list[tuple[str, ...]] = []
    last_replaced = False
    i = 0
    while i < len(typed):
        for n in range(min(longest, len(typed) - i), 0, -1):
            phrase = tuple(keys[i : i + n])
            if phrase in table:
                out.append(table[phrase])
                used.append(phrase)
                i += n
                last_replaced = i == len(typed)
                break
        else:
            out.append(typed[i])
            i += 1
    if not used:
        return text, []
    # A replaced last word is whole; one left as typed is still a prefix if it was.
    ending = "" if terms[-1].prefix and not last_replaced else " "
    return " ".join(out) + ending, used

"""Where a search result's line is in its article, and which words to mark there.

A result shows one line of its article with the matched words in ``[[ ]]``
(search/index.py). Opening it shows the article at that line with those words marked, as a
help viewer's or a web browser's find does: a patient who searched "pregnancy" lands on
the part of the lupus article about it, not at its top. Words of the article's title are
not marked (the lupus article is all "lupus"), nor looked for when the line is not found.

Plain text only: positions are in the page's text as the view holds it
(ui/articleview.py), less the ``unseen`` characters it put in to fit its width (soft
hyphens, zero-width spaces), which may stand inside any word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKED = re.compile(r"\[\[(.+?)\]\]")
_ELLIPSIS = "…"
# At most this many words are marked: a word on every line of a long article marks enough.
MOST_MARKS = 200


@dataclass(frozen=True)
class Passage:
    """``start``: where the result's line (or its first marked word) begins in the text;
    ``marks``: (start, end) of each word to mark, in the text's positions."""

    start: int
    marks: tuple[tuple[int, int], ...]


def find_passage(text: str, marked: str, title: str = "", unseen: str = "") -> Passage | None:
    """The result's line ``marked`` (``[[word]]`` marks) in ``text``; None when neither the
    line nor any marked word outside the title is there."""
    kept = [i for i, char in enumerate(text) if char not in unseen] if unseen else None
    clean = "".join(text[i] for i in kept) if kept is not None else text

    def at(index: int) -> int:  # a position in ``clean`` as one in ``text``
        if kept is None:
            return index
        return kept[index] if index < len(kept) else len(text)

    in_title = {word.casefold() for word in re.findall(r"\w+", title)}
    words = []
    for word in _MARKED.findall(marked):
        folded = word.casefold()
        if folded not in words and not set(re.findall(r"\w+", folded)) <= in_title:
            words.append(folded)
    marks: list[tuple[int, int]] = []
    for word in words:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        for found in pattern.finditer(clean):
            if len(marks) == MOST_MARKS:
                break
            marks.append((at(found.start()), at(found.end() - 1) + 1))
    marks.sort()

    start = _line_start(clean, marked)
    if start is None:
        if not marks:
            return None
        return Passage(marks[0][0], tuple(marks))
    return Passage(at(start), tuple(marks))


def _line_start(clean: str, marked: str) -> int | None:
    """Where the longest piece of the result's line, between its "…", is in ``clean``: a
    space in it may be any space there, or the end of a paragraph or a list item."""
    line = marked.replace("[[", "").replace("]]", "")
    pieces = sorted((p.split() for p in line.split(_ELLIPSIS)), key=lambda words: len(" ".join(words)), reverse=True)
    for words in pieces:
        if len(" ".join(words)) < 3:
            break
        pattern = r"\s+".join(re.escape(word) for word in words)
        found = re.search(pattern, clean) or re.search(pattern, clean, re.IGNORECASE)
        if found:
            return found.start()
    return None

"""Reading level of an article body: Markdown -> plain sentences -> Flesch–Kincaid grade.

textstat is pinned to 0.7.8: later versions download NLTK data at run time (DESIGN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def plain_text(body: str) -> str:
    """Markdown body -> sentences a reader would read; list items and headings end with '.'.

    >>> plain_text("## What is it?\\n- Tired **a lot**\\n- [Lupus](lupus) flares\\n")
    'What is it? Tired a lot. Lupus flares.'
    """
    from healthreader.content.plaintext import markdown_to_text

    sentences = []
    for line in markdown_to_text(body).splitlines():
        if set(line) <= set("-: "):  # a table's separator row
            continue
        sentences.append(line if line[-1] in ".?!:" else line + ".")
    return " ".join(sentences)


def grade(body: str, names: Iterable[str] = ()) -> float:
    """Flesch–Kincaid grade of the body, with the given medical names set aside.

    Names (the title, "also called" terms) are replaced by a one-syllable word, because a
    patient reads "amyotrophic lateral sclerosis" as a name, not as hard prose.
    """
    import textstat

    text = plain_text(body)
    for name in sorted(names, key=len, reverse=True):
        if len(name) > 2:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "it", text, flags=re.IGNORECASE)
    return float(textstat.flesch_kincaid_grade(text))

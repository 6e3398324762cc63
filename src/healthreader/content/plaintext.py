"""Markdown body -> plain text, for the search index and the reading-level check."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)")
_EMPHASIS = re.compile(r"(?<![^\W_])[*_~]+|[*_~]+(?![^\W_])|`+")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:?")  # a mark[^1], and its note's "[^1]:"
_SPACES = re.compile(r"[ \t\u00a0|]+")
# A backslash-escaped punctuation character is that character (CommonMark): set aside while
# the marks are removed, so 2\*3 reads 2*3, not 23 or 2\3.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_SET_ASIDE = 0xE000  # private use: no article has these
_RESTORE = {_SET_ASIDE + c: chr(c) for c in range(0x21, 0x7F)}


def markdown_to_text(markdown: str) -> str:
    """Markdown body -> plain text, one paragraph, heading or list item per line.

    >>> markdown_to_text("## Causes\\n\\nHives are **often** a\\nsign of [an allergy](allergy).")
    'Causes\\nHives are often a sign of an allergy.'
    >>> markdown_to_text(r"Take 2\\*3 tablets of snake\\_oil \\[sic\\].")
    'Take 2*3 tablets of snake_oil [sic].'
    >>> markdown_to_text("Rest a lot.[^1] ~~Run~~ Walk.\\n\\n[^1]: Ask your nurse.")
    'Rest a lot. Run Walk.\\nAsk your nurse.'
    """
    markdown = _ESCAPED.sub(lambda m: chr(_SET_ASIDE + ord(m.group(1))), markdown)
    lines: list[str] = []
    para: list[str] = []
    for raw in markdown.splitlines():
        block = _BLOCK.match(raw)
        if block or not raw.strip():
            # A heading, list item or quote starts a line of its own; a blank line ends one.
            if para:
                lines.append(" ".join(para))
                para.clear()
            raw = raw[block.end() :] if block else ""
        if raw.strip():
            para.append(raw.strip())
    if para:
        lines.append(" ".join(para))
    text = _EMPHASIS.sub("", _LINK.sub(r"\1", _FOOTNOTE.sub("", "\n".join(lines))))
    text = "\n".join(s for s in (_SPACES.sub(" ", line).strip() for line in text.split("\n")) if s)
    return text.translate(_RESTORE)

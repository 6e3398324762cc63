"""Markdown body -> plain text, for the search index and the reading-level check."""

from __future__ import annotations

import re

_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_BLOCK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)")
_EMPHASIS = re.compile(r"(?<![^\W_])[*_~]+|[*_~]+(?![^\W_])|`+")
_SPACES = re.compile(r"[ \t\u00a0|]+")


def markdown_to_text(markdown: str) -> str:
    """Markdown body -> plain text, one paragraph, heading or list item per line.

    >>> markdown_to_text("## Causes\\n\\nHives are **often** a\\nsign of [an allergy](allergy).")
    'Causes\\nHives are often a sign of an allergy.'
    """
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
    text = _EMPHASIS.sub("", _LINK.sub(r"\1", "\n".join(lines)))
    return "\n".join(s for s in (_SPACES.sub(" ", line).strip() for line in text.split("\n")) if s)

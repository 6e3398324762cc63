"""The glossary: a term -> one plain-sentence definition, from resources/glossary.yaml."""

from __future__ import annotations

import re
from pathlib import Path

from healthreader.content.frontmatter import load_strict_yaml
from healthreader.errors import ContentError

Glossary = dict[str, str]


def load_glossary(path: Path) -> Glossary:
    """Read a flat YAML mapping of term to definition; raises ContentError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise ContentError(f"cannot read the glossary: {exc}", path) from None
    data = load_strict_yaml(text, path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ContentError("the glossary must be a mapping of term: definition", path)
    glossary: Glossary = {}
    for term, definition in data.items():
        if not isinstance(term, str) or not isinstance(definition, str) or not definition.strip():
            raise ContentError(f"glossary entry {term!r} must be text: one plain sentence", path)
        glossary[term.strip()] = " ".join(definition.split())
    return glossary


def term_pattern(term: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive match of the term or its simple plural.

    >>> bool(term_pattern("T cell").search("many T cells here"))
    True
    >>> bool(term_pattern("cell").search("cellular"))
    False
    """
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-])({words}(?:e?s)?)(?![\w-])", re.IGNORECASE)

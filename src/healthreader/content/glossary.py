"""The glossary: a term -> one plain-sentence definition, from resources/glossary.yaml."""

from __future__ import annotations

from pathlib import Path

from healthreader.errors import ContentError

Glossary = dict[str, str]

#: The language of resources/glossary.yaml's terms and definitions. Its terms are marked only
#: in articles in this language: a Spanish article's "anemia" with an English definition,
#: and a Spanish handout's "Palabras que debe conocer" full of English sentences, help nobody.
GLOSSARY_LANGUAGE = "en"


def load_glossary(path: Path) -> Glossary:
    """Read a flat YAML mapping of term to definition; raises ContentError naming the file."""
    # Here, not at the top: a warm start uses the cached glossary and reads no YAML.
    from healthreader.content.files import utf8_text
    from healthreader.content.frontmatter import load_strict_yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read the glossary: {exc.strerror or exc}", path) from None
    text = utf8_text(raw, path)
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

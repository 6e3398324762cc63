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
    from healthreader.content.frontmatter import load_yaml_mapping

    data = load_yaml_mapping(path, "the glossary", "term: definition")
    glossary: Glossary = {}
    for term, definition in data.items():
        if not isinstance(term, str) or not isinstance(definition, str) or not definition.strip():
            raise ContentError(f"glossary entry {term!r} must be text: one plain sentence", path)
        glossary[term.strip()] = " ".join(definition.split())
    return glossary

"""The bundled texts are written in our own words, not copied from the source material.

Facts may come from the seed documents and the NIH reference texts in ``../shared/``;
sentences may not. A run of 12 or more consecutive words that also appears in any file
under ``../shared/seeds/`` or ``../shared/reference/`` fails the test, for the article
bodies (and summaries), the glossary definitions and the disclaimer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

RUN = 12

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
SHARED = REPO.parent / "shared"
REFERENCE_DIRS = (SHARED / "seeds", SHARED / "reference")

# Apostrophe look-alikes, including the seeds' mojibake: a Mac Roman right quote read as
# Central European ("donŐt") and a UTF-8 right quote read as Windows-1252 ("donâ€™t").
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u00b4`\u0150\u0151", "'"))
_MOJIBAKE = ("\u00e2\u20ac\u2122", "\u00e2\u20ac\u02dc")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")  # letters and digits, apostrophes inside
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [text](target): only the text is read


def words(text: str) -> list[str]:
    """Lowercase words: split on anything that is not a letter, digit or apostrophe.

    >>> words("Don\u2019t copy \u2014 the B-cell's 2 jobs!")
    ["don't", 'copy', 'the', 'b', "cell's", '2', 'jobs']
    """
    for bad in _MOJIBAKE:
        text = text.replace(bad, "'")
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def runs(text: str, n: int = RUN) -> Iterable[tuple[str, ...]]:
    w = words(text)
    return (tuple(w[i : i + n]) for i in range(len(w) - n + 1))


def reference_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in {".xml", ".html", ".htm"}:
        # Entities first (&apos; &quot;), then tags, twice: MedlinePlus XML escapes its HTML.
        for _ in range(2):
            text = _TAG.sub(" ", html.unescape(text))
    return text


def body_of(text: str) -> str:
    """The text after the front matter (split on the first two lines that are exactly ---),
    with link targets dropped, as a reader sees it.

    >>> body_of("---\\ntitle: X\\n---\\nSee [Evans syndrome](evans-syndrome).\\n")
    'See Evans syndrome.\\n'
    """
    _, body = _split(text)
    return _LINK.sub(r"\1", body)


def front_matter_of(text: str) -> dict:
    front, _ = _split(text)
    try:
        data = yaml.safe_load(front) if front else None
    except yaml.YAMLError:  # reported by the content checks, not here
        return {}
    return data if isinstance(data, dict) else {}


def _split(text: str) -> tuple[str, str]:
    """(front matter, body), split on the first two lines that are exactly ---."""
    lines = text.splitlines(keepends=True)
    fences = [i for i, line in enumerate(lines) if line.rstrip("\r\n") == "---"][:2]
    if len(fences) < 2:
        return "", text
    return "".join(lines[fences[0] + 1 : fences[1]]), "".join(lines[fences[1] + 1 :])


def copied_runs(text: str, known: set[tuple[str, ...]]) -> list[str]:
    """Each maximal stretch of the text made of RUN-word runs found in ``known``."""
    w = words(text)
    hits = [i for i in range(len(w) - RUN + 1) if tuple(w[i : i + RUN]) in known]
    found: list[str] = []
    start = end = None
    for i in hits:
        if end is not None and i <= end:  # overlaps or touches the current stretch
            end = i + RUN
            continue
        if start is not None:
            found.append(" ".join(w[start:end]))
        start, end = i, i + RUN
    if start is not None:
        found.append(" ".join(w[start:end]))
    return found


@pytest.fixture(scope="module")
def known_runs() -> set[tuple[str, ...]]:
    if not SHARED.is_dir():
        pytest.skip(f"no shared source material at {SHARED}")
    known: set[tuple[str, ...]] = set()
    for folder in REFERENCE_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                known.update(runs(reference_text(path)))
    return known


def report(offences: dict[str, list[str]]) -> str:
    lines = [f"text copied from ../shared (runs of {RUN}+ words):"]
    for name, found in sorted(offences.items()):
        lines.extend(f"  {name}: {run!r}" for run in found)
    return "\n".join(lines)


def test_words_normalise_apostrophes_and_case() -> None:
    assert words("DON\u2019T don't don\u0150t don\u00e2\u20ac\u2122t") == ["don't"] * 4
    assert words("lymph-node (LN) 12") == ["lymph", "node", "ln", "12"]


def test_copied_runs_finds_the_whole_stretch() -> None:
    source = " ".join(f"w{i}" for i in range(30))
    known = set(runs(source))
    text = "mine " + " ".join(f"w{i}" for i in range(5, 20)) + " mine again"
    assert copied_runs(text, known) == [" ".join(f"w{i}" for i in range(5, 20))]
    assert copied_runs(" ".join(f"w{i}" for i in range(5, 16)), known) == []  # 11 words


def test_article_bodies_are_original(known_runs: set[tuple[str, ...]]) -> None:
    paths = sorted((RESOURCES / "articles").glob("*.md"))
    assert paths, "no bundled articles found"
    offences: dict[str, list[str]] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        found = copied_runs(body_of(text), known_runs)
        summary = front_matter_of(text).get("summary")
        if isinstance(summary, str):
            found += [f"(summary) {r}" for r in copied_runs(summary, known_runs)]
        if found:
            offences[f"articles/{path.name}"] = found
    assert not offences, report(offences)


def test_glossary_definitions_are_original(known_runs: set[tuple[str, ...]]) -> None:
    path = RESOURCES / "glossary.yaml"
    glossary = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(glossary, dict) and glossary, "glossary.yaml is not a non-empty mapping"
    offences: dict[str, list[str]] = {}
    for term, definition in glossary.items():
        found = copied_runs(f"{definition}", known_runs)
        if found:
            offences[f"glossary.yaml [{term}]"] = found
    assert not offences, report(offences)


def test_disclaimer_is_original(known_runs: set[tuple[str, ...]]) -> None:
    text = (RESOURCES / "disclaimer.md").read_text(encoding="utf-8")
    found = copied_runs(text, known_runs)
    assert not found, report({"disclaimer.md": found})

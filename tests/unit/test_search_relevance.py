"""Search over the bundled articles: lay terms, synonyms, symptoms and typos find the right one.

The six queries of the issue's bar come first; the rest guard the same behaviours with
other words. Each names the article that must come first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from healthreader import paths
from healthreader.content.loader import load_library
from healthreader.content.model import Library
from healthreader.search.index import SearchIndex
from healthreader.search.query import words

BAR = [
    ("lou gehrig", "amyotrophic-lateral-sclerosis"),
    ("hives", "hives"),
    ("itp", "immune-thrombocytopenia"),
    ("swollen glands", "swollen-lymph-nodes"),
    ("lupis", "lupus"),
    ("guillain bare", "guillain-barre-syndrome"),
]

MORE = [
    # synonyms and lay terms
    ("Lou Gehrig's disease", "amyotrophic-lateral-sclerosis"),
    ("urticaria", "hives"),
    ("low platelets", "immune-thrombocytopenia"),
    ("SLE", "lupus"),
    ("splenomegaly", "enlarged-spleen"),
    ("GBS", "guillain-barre-syndrome"),
    ("Guillain-Barré", "guillain-barre-syndrome"),
    # symptoms
    ("itchy welts", "hives"),
    ("butterfly rash", "lupus"),
    # typos
    ("guillian bare", "guillain-barre-syndrome"),
    ("rheumatiod", "rheumatoid-arthritis"),
    ("rheumatiod arthritis", "rheumatoid-arthritis"),
    ("luppus", "lupus"),
    ("swolen glands", "swollen-lymph-nodes"),
    ("thrombocytopinia", "immune-thrombocytopenia"),
    # while typing
    ("lou g", "amyotrophic-lateral-sclerosis"),
    ("lupu", "lupus"),
    ("swollen gla", "swollen-lymph-nodes"),
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([paths.bundled_articles_dir()], paths.glossary_path(), None)


@pytest.fixture(scope="module")
def index(library: Library) -> Iterator[SearchIndex]:
    idx = SearchIndex.open(None, library)
    yield idx
    idx.close()


def first(index: SearchIndex, library: Library, text: str, expected: str) -> str | None:
    assert expected in library, f"the bundled article {expected!r} is missing"
    hits = index.search(text).hits
    return hits[0].id if hits else None


@pytest.mark.parametrize(("text", "expected"), BAR)
def test_the_bar(index: SearchIndex, library: Library, text: str, expected: str) -> None:
    assert first(index, library, text, expected) == expected


@pytest.mark.parametrize(("text", "expected"), MORE)
def test_lay_terms_symptoms_and_typos(index: SearchIndex, library: Library, text: str, expected: str) -> None:
    assert first(index, library, text, expected) == expected


@pytest.mark.parametrize(("text", "corrected"), [("lupis", "lupus"), ("guillain bare", "guillain barre"),
                                                 ("rheumatiod", "rheumatoid"),
                                                 # a question keeps its words and their order
                                                 ("what causes lupis", "what causes lupus"),
                                                 ("can lupis kill you", "can lupus kill you")])  # fmt: skip
def test_corrections_are_shown(index: SearchIndex, text: str, corrected: str) -> None:
    assert index.search(text).corrected == corrected


@pytest.mark.parametrize(("text", "expected"), [
    ("what are the early signs and symptoms of lupus", "lupus"),
    ("is it normal for my child to have hives", "hives"),
])  # fmt: skip
def test_a_long_question_keeps_its_main_word(index: SearchIndex, library: Library, text: str, expected: str) -> None:
    assert first(index, library, text, expected) == expected


def test_why_it_matched(index: SearchIndex, library: Library) -> None:
    assert index.search("swollen glands").hits[0].reason == "also called: swollen glands"
    assert index.search("itchy welts").hits[0].reason == "symptom: itchy welts"
    assert index.search("hives").hits[0].reason is None


def test_every_title_and_synonym_is_found_at_every_keystroke(index: SearchIndex, library: Library) -> None:
    """No dead zone: each prefix of each word of each name, typed after the words before it,
    keeps that article among the results."""
    misses = []
    for info in library:
        for name in (info.title, *info.also_called):
            typed_words = words(name)
            for n, word in enumerate(typed_words):
                for end in range(1, len(word) + 1):
                    text = " ".join([*typed_words[:n], word[:end]])
                    if info.id not in {h.id for h in index.search(text, 200).hits}:
                        misses.append(f"{info.id}: {text!r}")
    assert not misses, misses[:20]


def test_fatigue_finds_the_articles_that_say_tiredness(index: SearchIndex, library: Library) -> None:
    """Patients type "fatigue" as often as "tired": every article listing tiredness as a
    symptom lists fatigue too, so "fatigue" finds each of them, and says why."""
    tired = {info.id for info in library if "tiredness" in info.symptoms}
    assert len(tired) > 10
    assert all("fatigue" in library.info(i).symptoms for i in tired)
    hits = {hit.id: hit.reason for hit in index.search("fatigue", limit=50).hits}
    assert set(hits) >= tired
    assert {hits[i] for i in tired} == {"symptom: fatigue"}

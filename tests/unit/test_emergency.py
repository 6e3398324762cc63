"""The advice to call for help now, above a search that names an emergency: which words
bring it (as people type them: any case, accents or apostrophes) and which do not."""

from __future__ import annotations

import io
import json

import pytest

from healthreader.cli import main
from healthreader.search.emergency import CRISIS, CRISIS_ES, NOW, NOW_ES, emergency_notice


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("query", "notice"), [
    ("heart attack", NOW),
    ("hart attack", NOW),  # as a family typed it
    ("I cant breath", NOW),  # misspelt as people do while it happens
    ("chest pian", NOW),
    ("unconcious", NOW),
    ("suiside", CRISIS),
    ("CHEST PAIN", NOW),
    ("sharp pain in my chest when I breathe", NOW),
    ("I can\u2019t breathe", NOW),
    ("my husband passed out and won't wake up", NOW),
    ("signs of a stroke", NOW),
    ("my throat is closing hives", NOW),
    ("child swallowed poison", NOW),
    ("I want to kill myself", CRISIS),
    ("suicidal thoughts", CRISIS),
    ("dolor de pecho", NOW_ES),
    ("¿Qué hago? ¡No puedo respirar!", NOW_ES),
    ("creo que es un INFARTO", NOW_ES),
    ("quiero morir", CRISIS_ES),
])  # fmt: skip
def test_emergency_words_bring_the_advice_in_their_language(query: str, notice: str) -> None:
    assert emergency_notice(query) == notice


@pytest.mark.parametrize("query", [
    "lupus", "chest", "pain", "joint pain", "short of breath when I climb stairs", "heart",
    "bleeding gums", "rash and fever", "attack", "strokeless", "dolor de cabeza", "",
    "short of breath", "cooking", "rain", "deep breath",
])  # fmt: skip
def test_everyday_searches_bring_none(query: str) -> None:
    """A notice on every search would soon go unread: only words of something happening now."""
    assert emergency_notice(query) is None


@pytest.mark.parametrize(("query", "notice"), [
    # misspelt in Spanish as people do while it happens, with or without accents
    ("dolor de pexo", NOW_ES), ("DOLOR EN EL PESHO", NOW_ES), ("no puedo respirrar", NOW_ES),
    ("nopuedo respirar", NOW_ES), ("no respirra", NOW_ES), ("creo que es un imfarto", NOW_ES),
    ("infarcto", NOW_ES), ("ataque al corason", NOW_ES), ("derame serebral", NOW_ES),
    ("esta inconciente", NOW_ES), ("sobredosi", NOW_ES), ("me aogo", NOW_ES),
    ("bomitando sangre", NOW_ES), ("embenenado", NOW_ES),
    # and the words of a crisis, typed as they come
    ("me quiero matar", CRISIS_ES), ("ME KIERO MATAR", CRISIS_ES), ("me qiero matar", CRISIS_ES),
    ("me voy a matar", CRISIS_ES), ("me quiero suicidar", CRISIS_ES), ("pensé en suisidarme", CRISIS_ES),
    ("suisidio", CRISIS_ES), ("kiero morirme", CRISIS_ES), ("hacerme danio", CRISIS_ES),
])  # fmt: skip
def test_spanish_misspellings_bring_the_spanish_advice(query: str, notice: str) -> None:
    assert emergency_notice(query) == notice


@pytest.mark.parametrize("query", [
    # everyday Spanish words a letter or two from those misspellings
    "dolor de peso", "pelo", "me quiero mudar", "no puedo dormir", "respiro", "respirador",
    "ataque de tos", "corazon", "quiero saber", "me mato de risa", "dolor de cabeza", "infantil",
])  # fmt: skip
def test_everyday_spanish_near_those_misspellings_brings_none(query: str) -> None:
    assert emergency_notice(query) is None


def test_the_advice_is_the_first_line_of_a_search_and_json_is_unchanged() -> None:
    code, out, err = run("search", "chest pain")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == NOW
    assert len(out.splitlines()) > 1  # the results (or the no-match message) follow

    code, out, err = run("search", "chest pain", "--json")
    assert (code, err) == (0, "")
    assert NOW not in out and isinstance(json.loads(out), list)  # scripts read a list, as before

    assert NOW not in run("search", "lupus")[1]


def test_after_a_crisis_line_only_articles_with_all_the_words_are_listed() -> None:
    """Lupus "attacks" the body, Lymphoma's medicine "kills" cancer cells: neither answers
    someone in crisis. A chest pain search keeps its articles that mention only "pain"."""
    code, out, _err = run("search", "I want to kill myself")
    assert code == 0
    assert out.splitlines() == [CRISIS, "No article about 'I want to kill myself' in this library. "
                                        "Try a symptom, another name, or ask your care team."]  # fmt: skip
    assert run("search", "suicide attacks")[1].splitlines()[1:] == [
        "No article about 'suicide attacks' in this library. Try a symptom, another name, or ask your care team."]
    assert any(line.startswith("Rheumatoid arthritis") for line in run("search", "chest pain")[1].splitlines())


def test_a_long_paste_is_read_as_far_as_a_description_goes() -> None:
    """A description pasted whole still brings the advice when it names the emergency well
    past what search reads; a pasted book is read only so far (each key would re-read it)."""
    from healthreader.search.emergency import MOST_CHARS

    story = "My father is 70 and has lupus. " * 20 + "Now he has chest pain."
    assert 200 < len(story) < MOST_CHARS and emergency_notice(story) == NOW
    book = "lupus rash joint pain " * 50_000 + "chest pain"
    assert emergency_notice(book) is None

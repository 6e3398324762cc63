"""search/: Spanish articles beside English ones (MedlinePlus imports in both languages):
Spanish function words, b/v spelling and accented corrections."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterator

import pytest

from healthreader.content.model import Article, Library
from healthreader.search import command
from healthreader.search.index import SearchIndex
from healthreader.search.query import STOP_WORDS, parse

DAY = datetime.date(2024, 8, 10)


def article(article_id: str, title: str, summary: str, body: str, also: tuple[str, ...] = (),
            symptoms: tuple[str, ...] = (), language: str = "es") -> Article:  # fmt: skip
    return Article(article_id, title, summary, DAY, body, "", also_called=also, symptoms=symptoms,
                   language=language)  # fmt: skip


# A bilingual clinic library, as the MedlinePlus importer writes it.
LIBRARY = [
    article("enfermedades-del-corazon", "Enfermedades del corazón",
            "Las enfermedades del corazón son la principal causa de muerte en los Estados Unidos.",
            "Hay un grupo de problemas del corazón. La presión arterial alta aumenta el riesgo. "
            "Si tiene dolor en el pecho, llame al 911.", also=("Enfermedades cardíacas",)),
    article("presion-arterial-alta", "Presión arterial alta", "La presión arterial alta suele no tener síntomas.",
            "Es común. Puede causar enfermedades del corazón. Se mide en cada visita.",
            also=("Hipertensión", "HTA")),
    article("anemia-es", "Anemia",
            "La anemia es una afección en la que no tiene suficientes glóbulos rojos sanos.",
            "Si tiene anemia, su sangre no transporta suficiente oxígeno al resto del cuerpo.",
            also=("Sangre débil",)),
    article("diabetes-es", "Diabetes",
            "La diabetes es una enfermedad en la que el nivel de azúcar en la sangre es muy alto.",
            "Con el tiempo, el azúcar alta daña los ojos, los riñones y los nervios.",
            also=("Azúcar alta en la sangre",)),
    article("dolor-de-cabeza", "Dolor de cabeza", "Casi todas las personas han tenido dolor de cabeza.",
            "La mayoría no son graves. Busque ayuda si el dolor es el peor de su vida.",
            also=("Cefalea", "Jaqueca")),
    article("dolor-abdominal", "Dolor abdominal", "El dolor abdominal es un dolor en el vientre.",
            "El dolor puede provenir de cualquiera de los órganos del abdomen.", also=("Dolor de barriga",)),
    article("nauseas-y-vomitos", "Náuseas y vómitos", "Las náuseas son las ganas de vomitar.",
            "El vómito es expulsar por la boca lo que hay en el estómago.", also=("Ganas de vomitar",)),
    article("heart-diseases", "Heart diseases", "Heart disease is the leading cause of death in the United States.",
            "High blood pressure raises the risk. Call 911 for chest pain.", language="en"),
    article("hepatitis", "Autoimmune hepatitis", "A long-lasting liver disease.",
            "Some people feel tired or have nausea.", symptoms=("nausea", "tiredness"), language="en"),
    article("gbs", "Guillain-Barré syndrome", "A rare nerve problem causing weakness.",
            "Tingling in the feet often comes first.", also=("GBS",), language="en"),
    article("mi", "Heart attack", "A heart attack happens when blood flow to the heart stops.",
            "Chest pain is the most common sign.", also=("MI", "myocardial infarction"), language="en"),
]  # fmt: skip


@pytest.fixture(scope="module")
def idx() -> Iterator[SearchIndex]:
    index = SearchIndex.open(None, Library.from_articles(LIBRARY))
    yield index
    index.close()


def titles(index: SearchIndex, text: str) -> list[str]:
    return [hit.title for hit in index.search(text).hits]


# -- Spanish function words ------------------------------------------------------------------


def test_spanish_function_words_are_not_searched_for(idx: SearchIndex) -> None:
    results = idx.search("presion de la sangre")

    assert results.hits[0].title == "Presión arterial alta"
    # The note names only the words that mean something.
    assert results.some_words_note("presion de la sangre") == (
        "No article has all of 'presion de la sangre'. Showing articles that mention 'presión' or 'sangre'.")


def test_a_spanish_article_word_does_not_find_articles_by_al(idx: SearchIndex) -> None:
    found = titles(idx, "ataque al corazon")

    assert found[0] == "Enfermedades del corazón"
    assert "Anemia" not in found  # its text has "al resto del cuerpo", nothing about the heart


def test_spanish_verbs_and_pronouns_of_a_question_are_left_out(idx: SearchIndex) -> None:
    assert titles(idx, "me duele la cabeza") == ["Dolor de cabeza"]
    assert titles(idx, "tengo la presión alta")[0] == "Presión arterial alta"


def test_words_that_are_also_medical_abbreviations_are_searched() -> None:
    # MI is a heart attack, LES lupus in Spanish, E a vitamin and a hepatitis.
    assert {"mi", "les", "e", "hay", "son"}.isdisjoint(STOP_WORDS)
    assert parse("mi ").fts == '"mi"'
    assert parse("dolor de cabeza ").fts == '"dolor" AND "cabeza"'


def test_mi_still_finds_a_heart_attack(idx: SearchIndex) -> None:
    assert titles(idx, "MI")[0] == "Heart attack"


# -- b and v, s and z: one sound each ----------------------------------------------------------


def test_b_for_v_is_forgiven(idx: SearchIndex) -> None:
    for typed in ("bomitos", "bomito"):
        results = idx.search(typed)
        assert results.hits[0].title == "Náuseas y vómitos", typed
        assert results.corrected is not None


def test_a_spanish_symptom_spelled_with_b_finds_the_spanish_title_first(idx: SearchIndex) -> None:
    # Before: "bomitos" was in no name, so only "nauseas" was searched, and the English
    # article with the symptom "nausea" came first.
    assert titles(idx, "nauseas y bomitos")[0] == "Náuseas y vómitos"


def test_two_letters_spelled_as_heard_are_forgiven(idx: SearchIndex) -> None:
    # v for b and s for z: two letters away, the same consonants as heard.
    assert titles(idx, "cavesa")[0] == "Dolor de cabeza"
    assert titles(idx, "dolor de cavesa")[0] == "Dolor de cabeza"



# -- corrections shown as the library spells them --------------------------------------------


@pytest.mark.parametrize(("typed", "shown"), [
    ("corason", "corazón"),
    ("hipertencion", "hipertensión"),
    ("prezion alta", "presión alta"),
    ("enfermedades del corason", "enfermedades del corazón"),
    ("nauseas y bomitos", "náuseas y vómitos"),
    ("guillan bare", "guillain barré"),
])  # fmt: skip
def test_a_correction_has_the_accents_of_the_library_word(idx: SearchIndex, typed: str, shown: str) -> None:
    assert idx.search(typed).corrected == shown


def test_the_search_command_says_the_accented_word(idx: SearchIndex) -> None:
    out = io.StringIO()

    assert command.run(idx, "corason", 5, False, io.StringIO(), out) == 0
    assert out.getvalue().splitlines()[0] == "Showing results for corazón"


def test_a_whole_title_found_by_its_likeness_is_shown_with_its_accents(idx: SearchIndex) -> None:
    # Written as one word, nothing matches word by word: the last resort compares the
    # whole text with every title and synonym.
    assert idx.search("guillainbarre").corrected == "guillain barré syndrome"
    assert idx.search("nauseasyvomitos").corrected == "náuseas y vómitos"


# -- the words named by "No article has all of …" ----------------------------------------------


@pytest.mark.parametrize(("typed", "mentioned"), [
    ("presion zzzz", ("presión",)),  # as the title writes it
    ("Presión zzzz", ("presión",)),
    ("corazòn zzzz", ("corazón",)),  # a wrong accent: the library's
    ("riñones zzzz", ("riñones",)),  # in no name: as typed, not "rinones"
    ("sangre debil zzzz", ("sangre", "débil")),
])  # fmt: skip
def test_the_words_mentioned_are_shown_with_their_accents(idx: SearchIndex, typed: str,
                                                          mentioned: tuple[str, ...]) -> None:  # fmt: skip
    results = idx.search(typed)

    assert results.some_words and results.mentioned == mentioned
    assert results.missing == ("zzzz",)


def test_the_search_command_names_the_accented_words_mentioned(idx: SearchIndex) -> None:
    out = io.StringIO()

    assert command.run(idx, "presión zzzz", 5, False, io.StringIO(), out) == 0
    assert out.getvalue().splitlines()[0] == (
        "No article has all of 'presión zzzz'. Showing articles that mention 'presión'.")


# -- the search command in a bilingual library: which "Anemia" is which ----------------------


BOTH = [
    article("anemia", "Anemia", "Anemia is a condition in which you lack healthy red blood cells.",
            "You may feel tired.", language="en"),
    article("anemia-es", "Anemia", "La anemia es una afección en la que no tiene suficientes glóbulos rojos.",
            "Puede sentirse cansado."),
    article("asma", "Asma", "El asma es una enfermedad de los pulmones.", "Puede causar tos."),
    article("hemolytic-anemia", "Hemolytic anemia", "Red blood cells break down too early.",
            "It is a kind of anemia.", language="en"),
    article("lupus", "Lupus", "Lupus is an autoimmune disease.", "A healthy diet helps.", language="en"),
    article("lupus-es", "Lupus", "El lupus es una enfermedad autoinmune.",
            "Una dieta sana ayuda. Puede causar anemia.", also=("Lupus eritematoso sistémico",)),
]  # fmt: skip


@pytest.fixture(scope="module")
def both() -> Iterator[SearchIndex]:
    index = SearchIndex.open(None, Library.from_articles(BOTH))
    yield index
    index.close()


def test_the_search_command_marks_titles_shared_by_two_languages(both: SearchIndex) -> None:
    out = io.StringIO()

    assert command.run(both, "anemia", 5, False, io.StringIO(), out) == 0
    lines = out.getvalue().splitlines()
    assert sorted(line.split(" — ")[0] for line in lines[:2]) == ["Anemia (English)", "Anemia (español)"]
    assert lines[2].startswith("Hemolytic anemia — ")
    # A title no other language shares is left alone.
    out = io.StringIO()
    command.run(both, "asma", 5, False, io.StringIO(), out)
    assert out.getvalue().startswith("Asma — ")


def test_the_search_command_json_adds_the_shown_title_and_language(both: SearchIndex) -> None:
    for argv in (("anemia", False), ("-", True)):
        out = io.StringIO()
        command.run(both, argv[0], 5, True, io.StringIO("anemia\n"), out)
        found = {hit["id"]: hit for hit in json.loads(out.getvalue().splitlines()[0])}
        # "title" stays the article's own title, as documented; the mark is in fields of its own.
        assert found["anemia-es"]["title"] == "Anemia"
        assert found["anemia-es"]["shown_title"] == "Anemia (español)"
        assert found["anemia-es"]["language"] == "es"
        assert found["anemia"]["shown_title"] == "Anemia (English)"
        assert set(found["anemia"]) == {"id", "title", "score", "snippet", "all_words", "shown_title", "language"}


# -- her language first: of two articles of one title, the one in the query's language ---------


def ids(index: SearchIndex, text: str) -> list[str]:
    return [hit.id for hit in index.search(text).hits]


def test_with_no_sign_of_a_language_the_order_is_the_ranking(both: SearchIndex) -> None:
    # "anemia" and "lupus" are words of both languages: nothing to go by.
    assert ids(both, "anemia") == ["anemia", "anemia-es", "hemolytic-anemia", "lupus-es"]
    assert ids(both, "lupus") == ["lupus-es", "lupus"]
    # Signs of both languages: none.
    assert ids(both, "what is la anemia") == ids(both, "anemia")


@pytest.mark.parametrize("typed", ["la anemia", "¿anemia?", "anemia de la", "qué anemia"])
def test_a_spanish_query_puts_the_spanish_article_of_a_shared_title_first(both: SearchIndex, typed: str) -> None:
    results = both.search(typed)

    # Only the pair swaps places: the other articles keep theirs.
    assert [hit.id for hit in results.hits] == ["anemia-es", "anemia", "hemolytic-anemia", "lupus-es"]
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("typed", ["what is lupus", "the lupus", "lupus diet"])
def test_an_english_query_puts_the_english_article_of_a_shared_title_first(both: SearchIndex, typed: str) -> None:
    # "diet", being typed, also starts the Spanish "dieta": as a whole word only English has it.
    assert ids(both, typed) == ["lupus", "lupus-es"]


def test_a_short_word_of_both_languages_says_nothing(both: SearchIndex) -> None:
    # "a" is English and Spanish; only English articles here happen to have it.
    assert ids(both, "a lupus") == ids(both, "lupus")


def test_the_search_command_lists_her_language_first(both: SearchIndex) -> None:
    out = io.StringIO()

    command.run(both, "la anemia", 5, False, io.StringIO(), out)
    assert out.getvalue().splitlines()[:2] == [
        "Anemia (español) — La anemia es una afección en la que no tiene suficientes glóbulos rojos.",
        "Anemia (English) — Anemia is a condition in which you lack healthy red blood cells."]

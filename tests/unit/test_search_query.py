"""search/query.py: user text -> a safe FTS5 query that means what the user typed."""

from __future__ import annotations

import sqlite3
import string
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthreader.search import index
from healthreader.search.query import MAX_QUERY_CHARS, clean, family, fold, fold_text, parse

HOSTILE = [
    '"', '""', "'", 'covid-19 "C++', "C++", "don't", "NEAR(", "NEAR(lupus hives, 2)", "AND",
    "OR", "NOT", "lupus AND", "AND OR NOT", "lupus OR hives", "NOT lupus", "-lupus", "lupus*",
    "*", "^lupus", "title:lupus", "{title body}: lupus", "(lupus", "lupus)", "+", ":", "\\",
    "\x00", "\ud800", "lupus\ud800rash", "\x1b[31mred", "\u200b\u200e\u202e", "\n\t\r",
    "🙂 rash", "Ωμέγα", "x" * 10_000, "lupus " * 2_000, "a b c d e f g h i j k l",
]  # fmt: skip


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    """A tiny FTS5 table, tokenized like the real index, over folded text."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{index.TOKENIZE}', prefix='2 3')")
    docs = ["Lupus can cause a rash.", "Hives are itchy welts.", "Lupus and hives together.",
            "C is a letter; don't panic.", "COVID-19 symptoms include fever.",
            "Near the lymph nodes.", "The title of this text."]  # fmt: skip
    conn.executemany("INSERT INTO t(rowid, body) VALUES (?, ?)",
                     [(i, fold_text(d)) for i, d in enumerate(docs, 1)])  # fmt: skip
    yield conn
    conn.close()


def matches(conn: sqlite3.Connection, text: str) -> set[int]:
    expression = parse(text).fts
    if not expression:
        return set()
    return {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,))}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_gives_a_valid_query(fts: sqlite3.Connection, text: str) -> None:
    """Every input becomes a query SQLite accepts (or nothing at all), never an error."""
    parsed = parse(text)
    for expression in (parsed.fts, parsed.near(10)):
        if parsed:
            fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
    assert len(parsed.text) <= MAX_QUERY_CHARS


def test_operators_are_plain_words(fts: sqlite3.Connection) -> None:
    """AND/OR/NOT, NEAR, column filters and quotes mean nothing special."""
    assert matches(fts, "lupus OR hives") == {3}  # both words, not either
    assert matches(fts, "NOT lupus") == {1, 3}  # "not" is a stop word, lupus is still wanted
    assert matches(fts, "NEAR( lymph") == {6}
    assert matches(fts, "NEAR(lymph") == {6}  # "(" separates two words, as a space does
    assert matches(fts, "title: text") == {7}  # "title" is a word to find, not a column
    assert matches(fts, "body: lupus") == set()  # raw FTS5 would filter the body column
    assert matches(fts, 'covid-19 "symptoms') == {5}
    assert matches(fts, "don't") == {4}
    assert matches(fts, "C++ letter") == {4}


@pytest.mark.parametrize("text", ["C++", "C#", "c.", "(c)", "A+", " a+ ", "#1", "C ++", "é?", '"c"'])
def test_one_letter_with_symbols_is_not_searched_as_that_letter(fts: sqlite3.Connection, text: str) -> None:
    """"C++" is not the C of "C is a letter" (nor the C of "hepatitis C"): the index holds
    letters and digits only, so there is nothing it could find."""
    assert not parse(text)
    assert matches(fts, text) == set()


@pytest.mark.parametrize(("text", "fts_text"), [("c", '"c"*'), ("c ", '"c"'), ("c letter", '"c" AND "letter"*'),
                                                ("C++ letter", '"c" AND "letter"*'), ("e\u0301", '"e"'),
                                                ("hepatitis c ", '"hepatitis" AND "c"'),
                                                ("vitamin b12", '"vitamin" AND "b12"*')])  # fmt: skip
def test_a_letter_alone_or_among_other_words_is_still_searched(text: str, fts_text: str) -> None:
    assert parse(text).fts == fts_text


def test_examples_from_the_issue() -> None:
    assert parse('covid-19 "C++').fts == '"covid 19" AND "c"'
    assert parse("lupus AND hives").fts == '"lupus" AND "hive"*'
    assert parse("don't").fts == '"don t"*'


def test_control_and_surrogate_characters_are_dropped() -> None:
    assert clean("lu\x00pus\ud800") == "lupus"
    assert clean("rash\x1b[0m") == "rash[0m"
    assert parse("swollen\tglands\n").fts == '"swollen" AND "gland"'


def test_length_is_capped() -> None:
    long = parse("lupus " * 5_000)
    assert len(long.text) <= MAX_QUERY_CHARS
    assert long.fts == '"lupus"'  # the same word repeated is searched once


def test_last_word_is_a_prefix_only_while_typed() -> None:
    assert parse("hypothy").fts == '"hypoth"*'
    assert parse("lupus ").fts == '"lupus"'
    assert parse("lupus.").fts == '"lupus"'


def test_stop_words_and_short_fragments_drop_only_when_others_remain() -> None:
    assert parse("what is lupus").fts == '"lupus"*'
    assert parse("the").fts == '"the"*'
    assert parse("lou g").fts == '"lou"'
    assert parse("it").fts == '"it"*'
    assert [t.text for t in parse("pain in my ch").dropped] == ["in", "my", "ch"]


@pytest.mark.parametrize(
    ("one", "many"),
    [("rash", "rashes"), ("allergy", "allergies"), ("hive", "hives"), ("disease", "diseases"),
     ("headache", "headaches"), ("gland", "glands"), ("kidney", "kidneys"), ("arm", "arms"),
     ("virus", "viruses"), ("glass", "glasses"), ("symptom", "symptoms"), ("knee", "knees")],
)  # fmt: skip
def test_plurals_fold_together(one: str, many: str) -> None:
    assert fold(one) == fold(many)


@pytest.mark.parametrize("word", ["lupus", "illness", "arthritis", "diagnosis", "itp", "hiv"])
def test_words_that_only_look_plural_are_kept(word: str) -> None:
    assert fold(word) == word


def test_hives_never_folds_to_hiv() -> None:
    assert fold("hives") != "hiv"


@given(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=16),
       st.sampled_from(["", "s", "es", "ies", "e", "y", "ys", "ees", "ie", "is", "us", "ss"]))  # fmt: skip
def test_no_mid_word_dead_zone(stem: str, ending: str) -> None:
    """Every prefix of a word, folded, is a prefix of the word folded: the prefix query
    typed so far always still finds the word (porter's "hypothy" -> 0 hits cannot happen)."""
    word = stem + ending
    folded = fold(word)
    assert word.startswith(folded)
    for end in range(1, len(word) + 1):
        assert folded.startswith(fold(word[:end])), word[:end]


@pytest.mark.parametrize(("text", "fts_text"), [
    ("lupus/SLE", '"lupus" AND "sle"*'), ("lupus,SLE", '"lupus" AND "sle"*'), ("hives;itching", '"hive" AND "itching"*'),
    ("MS/ALS ", '"ms" AND "als"'), ("rash(itchy)", '"rash" AND "itch"'),
])  # fmt: skip
def test_words_joined_by_other_symbols_are_separate_words(text: str, fts_text: str) -> None:
    assert parse(text).fts == fts_text


@pytest.mark.parametrize(("text", "fts_text"), [("Hodgkin's", '"hodgkin"*'), ("Hodgkin\u2019s lymphoma", '"hodgkin" AND "lymphoma"*'),
                                                ("Lou Gehrig's disease ", '"lou" AND "gehrig" AND "diseas"')])  # fmt: skip
def test_a_possessive_s_is_not_a_word_to_find(text: str, fts_text: str) -> None:
    """Articles write "Hodgkin lymphoma" and "Hodgkin's": "hodgkin's" must find both."""
    assert parse(text).fts == fts_text


@pytest.mark.parametrize(("one", "other"), [
    ("numb", "numbness"), ("weak", "weakness"), ("cure", "cured"), ("cure", "curing"),
    ("yellow", "yellowing"), ("tired", "tiredness"), ("bleed", "bleeding"), ("stop", "stopping"),
    ("ache", "aching"), ("tingle", "tingling"), ("dizzy", "dizziness"), ("hope", "hoping"),
])  # fmt: skip
def test_a_word_and_its_inflections_are_one_family(one: str, other: str) -> None:
    assert family(fold(one)) == family(fold(other))


@pytest.mark.parametrize(("one", "other"), [
    ("severe", "several"), ("care", "careful"), ("hop", "hope"), ("hopped", "hoped"), ("pain", "painful"),
])  # fmt: skip
def test_other_words_are_not_one_family(one: str, other: str) -> None:
    """Inflections only: no derived words ("several", "careful"), and Porter's rules keep
    a short word's forms apart ("hopped" is hop, "hoped" hope)."""
    assert family(fold(one)) != family(fold(other))


def test_a_dotted_abbreviation_is_one_word_and_a_star_a_prefix() -> None:
    assert parse("m.s.").fts == '"ms"'
    assert parse("R.A").fts == '"ra"*'
    assert parse("lup*").fts == '"lup"*'
    assert parse("covid-19.").fts == '"covid 19"'


@pytest.mark.parametrize(("text", "same_as"), [
    ("my child has a rash and fever", "rash and fever"),
    ("my baby has a fever ", "fever "),
    ("my husband has trouble breathing", "trouble breathing"),
    ("she has hives and her son too", "hives "),
    ("mi hijo tiene fiebre", "fiebre"),       # the "mi" of "mi hijo" is "my", not MI
    ("mi bebé tiene vómitos ", "vómitos "),
])  # fmt: skip
def test_who_the_question_is_about_is_context_not_a_word_to_find(text: str, same_as: str) -> None:
    assert parse(text).fts == parse(same_as).fts


@pytest.mark.parametrize(("text", "fts_text"), [
    ("child", '"child"*'), ("my baby ", '"baby"'), ("mi hija", '"hija"*'), ("son", '"son"*'),
    ("mi dolor", '"mi" AND "dolor"*'),         # MI (a heart attack) with no one after it
    ("shaken baby syndrome ", '"shaken" AND "syndrom"'),
    ("fever kid", '"fever" AND "kid"*'),        # on its way to "kidney"; "fever my kid" is not
    ("fever my kid", '"fever"'),
])  # fmt: skip
def test_people_words_alone_are_searched(text: str, fts_text: str) -> None:
    assert parse(text).fts == fts_text

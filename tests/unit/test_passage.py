"""search/passage.py: a result's line in its article's text, and the words to mark."""

from __future__ import annotations

from healthreader.search.passage import MOST_MARKS, Passage, find_passage

TEXT = "Lupus\nLupus is a long-term disease.\nSymptoms\nFever with no clear cause\nA fever can come back."


def test_the_line_is_found_and_every_word_searched_is_marked() -> None:
    passage = find_passage(TEXT, "[[Fever]] with no clear cause", "Lupus")

    assert passage is not None
    assert TEXT[passage.start:].startswith("Fever with no clear cause")
    assert [TEXT[start:end] for start, end in passage.marks] == ["Fever", "fever"]


def test_the_longest_piece_between_ellipses_places_the_line() -> None:
    """A space of the line may be a paragraph's end on the page."""
    passage = find_passage(TEXT, "…is a [[disease]]… a long-term [[disease]]. Symptoms…", "Lupus")

    assert passage is not None
    assert TEXT[passage.start:].startswith("a long-term disease.\nSymptoms")


def test_words_of_the_title_are_not_marked() -> None:
    passage = find_passage(TEXT, "[[Lupus]] is a long-term [[disease]].", "Lupus")

    assert passage == Passage(TEXT.index("Lupus is"), ((TEXT.index("disease"), TEXT.index("disease") + 7),))


def test_breaks_put_in_to_fit_the_view_are_looked_through() -> None:
    """A soft hyphen inside "clear" and a zero-width space inside "Fever" (ui/wordbreak.py)."""
    shown = TEXT.replace("clear", "cle\u00adar").replace("Fever with", "Fe\u200bver with")

    passage = find_passage(shown, "[[Fever]] with no clear cause", "Lupus", "\u00ad\u200b")

    assert passage is not None
    assert shown[passage.start:].startswith("Fe\u200bver with no cle\u00adar")
    assert [shown[start:end] for start, end in passage.marks] == ["Fe\u200bver", "fever"]


def test_without_the_line_the_first_word_searched_places_it() -> None:
    passage = find_passage(TEXT, "[[fever]] that was reworded since", "Lupus")

    assert passage is not None
    assert passage.start == TEXT.index("Fever")


def test_nothing_when_neither_the_line_nor_a_word_is_there() -> None:
    assert find_passage(TEXT, "[[Lupus]] of the kidneys", "Lupus") is None
    assert find_passage(TEXT, "", "Lupus") is None


def test_a_word_in_every_line_marks_a_bounded_number() -> None:
    long = "rash. " * (MOST_MARKS * 3)

    passage = find_passage(long, "[[rash]].", "Hives")

    assert passage is not None and len(passage.marks) == MOST_MARKS


def test_whole_words_only() -> None:
    passage = find_passage("A rash. Rashes. Thrash.", "A [[rash]].", "")

    assert passage is not None and passage.marks == ((2, 6),)

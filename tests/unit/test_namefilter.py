"""Which condition Enter in a filter (the sidebar's, the handout dialog's) takes, on the
bundled library: the one the typed text names best, not the first A–Z that has it."""

from __future__ import annotations

import pytest

from healthreader import paths
from healthreader.content.model import Library, fold
from healthreader.content.namefilter import best_match, filter_key, filtered_row, matches
from healthreader.content.validate import check_content


@pytest.fixture(scope="module")
def library() -> Library:
    return check_content([paths.bundled_articles_dir()], paths.glossary_path()).library


def enter_takes(library: Library, typed: str) -> str:
    """The id Enter takes after ``typed``, among the rows the filter shows, A–Z."""
    needle = fold(typed.strip())
    shown = [info for info in library if matches(filter_key(info, library.shown_title(info.id)), needle)]
    index = best_match(((info, library.shown_title(info.id)) for info in shown), needle)
    assert index is not None
    return shown[index].id


@pytest.mark.parametrize(("typed", "wanted"), [
    ("RA", "rheumatoid-arthritis"),  # not Amyotrophic "lateral" sclerosis, first A–Z
    ("ra", "rheumatoid-arthritis"),
    ("POI", "primary-ovarian-insufficiency"),  # not Autoimmune hepatitis ("lupoid hepatitis")
    ("AIH", "autoimmune-hepatitis"),  # not Autoimmune hemolytic anemia ("AIHA")
    ("itp", "immune-thrombocytopenia"),  # not Evans syndrome ("AIHA and ITP together")
    ("gehrig", "amyotrophic-lateral-sclerosis"),  # before "Lou Gehrig's disease and the immune system"
    ("rheu", "rheumatoid-arthritis"),
    ("MS", "multiple-sclerosis"),
    ("ALS", "amyotrophic-lateral-sclerosis"),
    ("hives", "hives"),
    ("  Lupus ", "lupus"),
])  # fmt: skip
def test_enter_takes_the_condition_the_text_names(library: Library, typed: str, wanted: str) -> None:
    assert enter_takes(library, typed) == wanted


def rows_for(library: Library, typed: str) -> list[str]:
    """The rows a filter shows for ``typed``, as they read."""
    needle = fold(typed)
    return [filtered_row(info, needle, library.shown_title(info.id)) for info in library
            if matches(filter_key(info, library.shown_title(info.id)), needle)]  # fmt: skip


def test_two_or_three_letters_show_rows_that_have_them_where_a_word_starts(library: Library) -> None:
    ra = rows_for(library, "ra")
    assert "Rheumatoid arthritis, also called RA" in ra and "Hives, also called nettle rash" in ra
    # Not for "lateRAl", "overactive immune system", "purpuRA" or "nonsuppuRAtive".
    assert not [row for row in ra if row.startswith(("Amyotrophic", "Autoimmune diseases", "Immune thromb",
                                                     "Panniculitis"))]  # fmt: skip
    assert not [row for row in rows_for(library, "als") if row.startswith("Hives")]  # not "wheALS"
    # From four letters, inside a word too: "itis" is in every kind of -itis.
    assert {"Vasculitis", "Uveitis", "Panniculitis"} <= set(rows_for(library, "itis"))

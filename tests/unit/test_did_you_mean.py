"""content/model.py's did_you_mean: the one closest-match hint behind every "did you mean"
(unknown article ids, unknown front-matter keys, unknown kiosk keys)."""

from __future__ import annotations

import datetime

from healthreader.content.loader import ALLOWED_KEYS
from healthreader.content.model import Article, Library, did_you_mean
from healthreader.kiosk.policy import KEYS
from helpers import run_python


def test_names_the_closest_choice() -> None:
    assert did_you_mean("prnter", KEYS) == "did you mean 'printer'?"
    assert did_you_mean("relatd", ALLOWED_KEYS) == "did you mean 'related'?"
    assert did_you_mean("idle_warning", KEYS) == "did you mean 'idle_warning_seconds'?"


def test_nothing_close_is_no_hint() -> None:
    assert did_you_mean("colour", ALLOWED_KEYS) == ""
    assert did_you_mean("zzz", KEYS) == ""
    assert did_you_mean("lupus", []) == ""
    assert did_you_mean("lupus", {}) == ""


def test_one_choice_unless_more_are_asked_for_closest_first() -> None:
    choices = ["lupus", "lupus-flare", "lupus-fare", "lumps"]

    assert did_you_mean("lupus-fl", choices) == "did you mean 'lupus-flare'?"
    assert did_you_mean("lupus-fl", choices, most=2) == (
        "did you mean 'lupus-flare' or 'lupus-fare'?")
    assert did_you_mean("lupus-fl", choices, most=3) == (
        "did you mean 'lupus-flare' or 'lupus-fare' or 'lupus'?")


def test_a_mapping_suggests_what_each_text_stands_for_once() -> None:
    # An article found by its id and by its title is named once, by its id.
    names = {"hives": "hives", "hives (urticaria)": "hives", "hiv": "hiv",
             "itchy welts": "hives"}  # fmt: skip

    assert did_you_mean("hivse", names, most=3) == "did you mean 'hives' or 'hiv'?"
    assert did_you_mean("itchy welt", names) == "did you mean 'hives'?"


def test_the_library_message_uses_it_for_ids_and_titles() -> None:
    day = datetime.date(2026, 1, 1)
    library = Library.from_articles([
        Article("lupus", "Lupus", "", day, "", ""),
        Article("sle-nephritis", "Lupus nephritis", "", day, "", ""),
    ])  # fmt: skip

    # The title is the closest, the id close too: the article is named once, by its id.
    assert library.unknown_id("Lupus Nephritis") == (
        "no article with id 'Lupus Nephritis' (did you mean 'sle-nephritis'?)")
    assert library.unknown_id("lupsu") == "no article with id 'lupsu' (did you mean 'lupus'?)"
    assert library.unknown_id("zzzz") == "no article with id 'zzzz'"


def test_importing_the_model_does_not_import_difflib() -> None:
    # model.py is imported before the first window is painted: difflib only for a message.
    done = run_python("import sys, healthreader.content.model, healthreader.kiosk.policy\n"
                      "print('difflib' in sys.modules)")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"

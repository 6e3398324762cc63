"""A text field's placeholder is the longest of its wordings that Qt draws whole."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from healthreader.ui.fittedfield import FittedPlaceholderEdit
from helpers import placeholder_cut_off

WORDINGS = ("Search conditions or symptoms", "Search conditions", "Search")


def field_in_window(qtbot: QtBot, style_sheet: str = "") -> tuple[QWidget, FittedPlaceholderEdit]:
    window = QWidget()
    window.setStyleSheet(style_sheet)
    field = FittedPlaceholderEdit(WORDINGS, window)
    QVBoxLayout(window).addWidget(field)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, field


def width_for(field: FittedPlaceholderEdit, wording: str) -> int:
    """A window width at which ``wording`` is the longest wording that reads whole."""
    window = field.parentWidget()
    for width in range(60, 2000, 4):
        window.resize(width, window.height())
        fits = [w for w in field.wordings if not placeholder_cut_off(field, w)]
        if fits and fits[0] == wording:
            return width
    raise AssertionError(f"no width shows {wording!r} as the longest whole wording")


@pytest.mark.parametrize("style_sheet", ["", "QLineEdit { padding: 0px 30px; border: 6px solid gray; }"])
def test_the_longest_wording_that_fits_is_shown_as_the_width_changes(qtbot: QtBot, style_sheet: str) -> None:
    window, field = field_in_window(qtbot, style_sheet)
    for wording in ("Search conditions", "Search", "Search conditions or symptoms", "Search conditions"):
        window.resize(width_for(field, wording), window.height())
        assert field.placeholderText() == wording
        assert not placeholder_cut_off(field)


def test_a_larger_font_shortens_the_placeholder_and_a_smaller_one_gives_it_back(qtbot: QtBot) -> None:
    window, field = field_in_window(qtbot)
    window.resize(width_for(field, "Search conditions or symptoms"), window.height())
    font = field.font()
    size = font.pointSizeF()
    font.setPointSizeF(size * 2.5)
    field.setFont(font)
    QApplication.processEvents()  # the layout gives the field the new text's height
    assert field.placeholderText() != "Search conditions or symptoms"
    assert not placeholder_cut_off(field)
    font.setPointSizeF(size)
    field.setFont(font)
    assert field.placeholderText() == "Search conditions or symptoms"


def test_when_no_wording_fits_the_shortest_is_shown(qtbot: QtBot) -> None:
    window, field = field_in_window(qtbot)
    window.setMinimumWidth(0)
    field.setMinimumWidth(0)
    window.resize(40, window.height())
    assert placeholder_cut_off(field, "Search")
    assert field.placeholderText() == "Search"


def test_typed_text_and_the_accessible_name_are_left_alone(qtbot: QtBot) -> None:
    window, field = field_in_window(qtbot)
    field.setAccessibleName("Search")
    qtbot.keyClicks(field, "lupus")
    window.resize(width_for(field, "Search"), window.height())
    assert field.text() == "lupus"
    assert field.accessibleName() == "Search"


def test_a_field_needs_a_wording() -> None:
    with pytest.raises(ValueError, match="at least one wording"):
        FittedPlaceholderEdit(())

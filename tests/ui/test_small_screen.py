"""A small screen, or a high-DPI one (a 1366x768 screen at 150% is 911x512, at 200% 683x384),
with large text: the emergency notice is shown whole."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from healthreader.search.emergency import NOW
from healthreader.settings import ZOOM_MAX
from healthreader.ui.mainwindow import MainWindow
from healthreader.ui.wordbreak import SOFT_HYPHEN


def lines_fit(label: QLabel) -> bool:
    """Whether every word of ``label`` (or part of one, between its soft hyphens, with the
    hyphen shown) fits its width: no word runs off its right edge."""
    metrics = QFontMetricsF(label.font())
    room = label.contentsRect().width()
    for word in label.text().split():
        parts = word.split(SOFT_HYPHEN)
        for number, part in enumerate(parts):
            hyphen = "-" if number < len(parts) - 1 else ""
            if metrics.horizontalAdvance(part + hyphen) > room:
                return False
    return True


def notice_whole(label: QLabel) -> bool:
    """As high as its text needs at its width, every word within its width."""
    return label.height() >= label.heightForWidth(label.width()) and lines_fit(label)


def search(qtbot: QtBot, window: MainWindow, text: str) -> QLabel:
    panel = window.search_panel
    assert panel is not None
    panel.focus_search()
    qtbot.keyClicks(panel.field, text)
    notice = panel.emergency
    qtbot.waitUntil(notice.isVisible)
    return notice


@pytest.mark.parametrize("zoom", [1, 2, 4, 6, ZOOM_MAX])
def test_the_emergency_notice_is_whole_at_large_text_in_a_narrow_pane(
    qtbot: QtBot, searching_window: MainWindow, zoom: int
) -> None:
    """A window filling a 683x384 screen (1366x768 at 200%): the notice was squeezed below
    the height its text needs (the first line sliced, "right away / 911" cut off), and at the
    largest text "happening" ran off its right edge. The pane scrolls instead, the notice
    scrolled into sight."""
    window = searching_window
    window.resize(683, 364)
    window.set_zoom(zoom)
    notice = search(qtbot, window, "chest pain")

    qtbot.waitUntil(lambda: notice_whole(notice))
    assert notice.text().replace(SOFT_HYPHEN, "") == NOW
    # Its top in sight, and all of it when the pane has the room (the pane scrolls only
    # when it must).
    area = notice.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    qtbot.waitUntil(lambda: notice.visibleRegion().boundingRect().top() == 0)
    if area is None or notice.height() <= area.viewport().height():
        assert notice.visibleRegion().boundingRect() == notice.rect()


def test_a_word_wider_than_the_notice_is_broken_with_a_hyphen(
    qtbot: QtBot, searching_window: MainWindow
) -> None:
    window = searching_window
    window.resize(683, 364)
    window.set_zoom(ZOOM_MAX)
    window.set_pane_width(150)
    notice = search(qtbot, window, "chest pain")

    qtbot.waitUntil(lambda: SOFT_HYPHEN in notice.text())
    assert notice_whole(notice)
    # A screen reader gets the words, not the breaks.
    from helpers import spoken

    assert spoken(notice) == NOW


def test_the_notice_shows_whole_in_a_short_window_before_the_results(
    qtbot: QtBot, searching_window: MainWindow
) -> None:
    """Whole and in sight, at the text size where it used to be cut (zoom 4 at 200%)."""
    window = searching_window
    window.resize(683, 364)
    window.set_zoom(4)
    notice = search(qtbot, window, "chest pain")

    qtbot.waitUntil(lambda: notice_whole(notice) and notice.visibleRegion().boundingRect() == notice.rect())
    # The typing goes on in the search box (the pane was put in a scroll area meanwhile).
    assert QApplication.focusWidget() is window.search_panel.field

"""A search result opens its article at the result's line, with the words searched marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from healthreader.search.index import SearchIndex
from healthreader.settings import Settings
from healthreader.ui import theme
from healthreader.ui.mainwindow import MainWindow
from healthreader.ui.searchpanel import SearchPanel
from helpers import load, write_article

FILLER = "".join(
    f"## Part {n}\n\nA plain paragraph about heron itch and the reeds, number {n}.\n\n" for n in range(30)
)
HERON_BODY = (
    "## What is it?\n\nHeron itch is a rash from marsh water.\n\n" + FILLER
    + "## Treatment\n\nA cool bath helps.\n\n- A zinc ointment on the rash twice a day\n"
    "- Rest\n\nAsk before you use zinc on a baby.\n\n" + FILLER.replace("Part", "More")
)  # fmt: skip


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    folder = tmp_path / "articles"
    write_article(folder, "heron-itch", title="Heron itch", body=HERON_BODY)
    write_article(folder, "willow-cough", title="Willow cough",
                  body="## What is it?\n\nA cough after marsh walks. Zinc does not help.\n")  # fmt: skip
    library = load([folder])
    index = SearchIndex.open(None, library)
    panel = SearchPanel(index, library)
    shown = MainWindow(library, Settings(tmp_path / "s.ini"), {}, show_disclaimer=lambda: None,
                       search_panel=panel)
    qtbot.addWidget(shown)
    shown.resize(1000, 700)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    index.close()


def search_and_open(qtbot: QtBot, window: MainWindow, query: str, article_id: str) -> None:
    """Type ``query`` in the search box, then Enter on ``article_id``'s result."""
    panel = window.search_panel
    assert isinstance(panel, SearchPanel)
    panel.focus_search()
    qtbot.keyClicks(panel.field, query)
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    ids = [row[0] for row in panel.result_rows()]
    panel.results.setCurrentRow(ids.index(article_id))
    panel.results.setFocus()
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.current == article_id


def marked_words(window: MainWindow) -> list[str]:
    return [mark.cursor.selectedText() for mark in window.view.extraSelections()]


def in_sight(window: MainWindow, text: str) -> bool:
    """Whether ``text``'s first line on the page is inside the view."""
    cursor = window.view.document().find(text)
    assert not cursor.isNull(), text
    rect = window.view.cursorRect(cursor)
    return 0 <= rect.top() and rect.bottom() <= window.view.viewport().height()


def test_a_result_deep_in_an_article_opens_at_its_section_with_the_words_marked(
    qtbot: QtBot, window: MainWindow, screen_reader: list[str]
) -> None:
    search_and_open(qtbot, window, "zinc ointment", "heron-itch")

    view = window.view
    assert view.verticalScrollBar().value() > 0
    assert in_sight(window, "A zinc ointment on the rash") and in_sight(window, "Treatment")
    assert not in_sight(window, "Heron itch is a rash")
    # Every "zinc" and the "ointment" on the page, in the yellow of a browser's find.
    assert marked_words(window) == ["zinc", "ointment", "zinc"]
    assert {mark.format.background().color().name() for mark in view.extraSelections()} == {theme.FOUND}
    # The keyboard reads on from the line, and a screen reader hears where it is.
    assert view.hasFocus()
    assert view.textCursor().block().text().startswith("A zinc ointment")
    assert screen_reader[-1] == "Heron itch, at Treatment"


def test_the_marks_are_not_the_pages_text_and_go_with_the_next_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    search_and_open(qtbot, window, "zinc ointment", "heron-itch")
    assert marked_words(window) == ["zinc", "ointment", "zinc"]
    view = window.view
    view.selectAll()
    copied = view.createMimeDataFromSelection()
    assert "zinc ointment" in copied.text() and theme.FOUND not in copied.html()

    window.open_article("willow-cough")
    assert marked_words(window) == []
    window.go_back()  # the page as it was left, without the marks
    assert marked_words(window) == []


def test_a_result_in_the_first_screen_keeps_the_article_at_its_top(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The title's words are not marked: the heron itch page is all "heron itch"."""
    search_and_open(qtbot, window, "heron marsh", "heron-itch")

    assert window.view.verticalScrollBar().value() == 0
    assert marked_words(window) == ["marsh"]


def test_a_second_search_on_the_article_shown_moves_to_its_line(
    qtbot: QtBot, window: MainWindow
) -> None:
    search_and_open(qtbot, window, "heron marsh", "heron-itch")
    window.search_panel.field.clear()  # type: ignore[union-attr]

    search_and_open(qtbot, window, "zinc ointment", "heron-itch")

    assert in_sight(window, "A zinc ointment on the rash")
    assert marked_words(window) == ["zinc", "ointment", "zinc"]


def test_opening_from_the_conditions_list_marks_nothing(qtbot: QtBot, window: MainWindow) -> None:
    search_and_open(qtbot, window, "zinc ointment", "heron-itch")
    assert marked_words(window)
    window.open_article("willow-cough")

    window.sidebar.article_requested.emit("heron-itch")

    assert window.current == "heron-itch"
    assert window.view.verticalScrollBar().value() == 0
    assert marked_words(window) == []


def test_the_marks_and_the_place_stay_when_the_desktop_turns_dark_and_back(
    qtbot: QtBot, window: MainWindow, desktop  # type: ignore[no-untyped-def]
) -> None:
    """The page is shown again in the other colours (ArticleView._follow_palette): the words
    searched stay marked, the reader stays at the line, and the keyboard reads on from it."""
    search_and_open(qtbot, window, "zinc ointment", "heron-itch")
    view = window.view
    where = view.verticalScrollBar().value()
    assert where > 0

    for dark, base in ((True, "#1e1e1e"), (False, "#ffffff")):
        desktop(dark)
        qtbot.waitUntil(lambda base=base: view.palette().base().color().name() == base)
        assert view._dark is dark  # the page was shown again in the new colours
        assert marked_words(window) == ["zinc", "ointment", "zinc"]
        assert {mark.format.background().color().name() for mark in view.extraSelections()} == {theme.FOUND}
        assert view.verticalScrollBar().value() == where
        assert in_sight(window, "A zinc ointment on the rash")
        assert view.textCursor().block().text().startswith("A zinc ointment")


def test_marks_gone_with_the_page_do_not_come_back_when_the_desktop_turns_dark(
    qtbot: QtBot, window: MainWindow, desktop  # type: ignore[no-untyped-def]
) -> None:
    search_and_open(qtbot, window, "zinc ointment", "heron-itch")
    window.open_article("willow-cough")
    window.go_back()
    assert marked_words(window) == []

    desktop(True)
    qtbot.waitUntil(lambda: window.view.palette().base().color().name() == "#1e1e1e")

    assert window.view._dark
    assert marked_words(window) == []

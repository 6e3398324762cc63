"""The main window as a reader uses it: articles, related links both ways, history, text
size, what is remembered, the accessible names of DESIGN.md, help and the glossary."""

from __future__ import annotations

import datetime
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QWidget,
)

from healthreader.app import Reader
from healthreader.content.catalogue import Catalogue
from healthreader.settings import ZOOM_MAX, ZOOM_MIN, Settings, disclaimer_version
from healthreader.ui import theme
from healthreader.ui.disclaimer import DisclaimerDialog
from healthreader.ui.mainwindow import PANE_PX, MainWindow
from helpers import (
    DISCLAIMER,
    FIXTURE_LIBRARY,
    UI_GLOSSARY,
    SaveDialog,
    broken_words_in_tables,
    click_text,
    contrast,
    drag_splitter_handle,
    find_named,
    saved_on_status_bar,
    text_point,
    write_article,
)


def page(window: MainWindow) -> str:
    return window.view.toPlainText()


def tool_button(window: MainWindow, name: str) -> QToolButton:
    [found] = find_named(window, name, QToolButton)
    return found


def press_standard_key(qtbot, widget, key: QKeySequence.StandardKey) -> None:  # type: ignore[no-untyped-def]
    """Press the platform's first binding of a standard key (Back is Alt+Left on Linux)."""
    combination = QKeySequence.keyBindings(key)[0][0]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def open_by_click(qtbot, window: MainWindow, title: str) -> None:  # type: ignore[no-untyped-def]
    """Click a condition in the sidebar's A–Z list."""
    tree = window.sidebar.tree
    group = tree.topLevelItem(tree.topLevelItemCount() - 1)
    [item] = [group.child(i) for i in range(group.childCount()) if group.child(i).text(0) == title]
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- articles and related conditions ---------------------------------------------------------


def test_the_home_page_lists_the_conditions_by_category(main_window: MainWindow) -> None:
    text = page(main_window)

    assert text.startswith("Health Reader")
    for line in ("Fevers", "Marsh fever", "Lungs", "Stone cough", "Skin", "Reed rash"):
        assert line in text
    assert main_window.current == "index"


def test_an_article_shows_title_summary_body_sources_and_review_date(main_window: MainWindow, qtbot) -> None:
    open_by_click(qtbot, main_window, "Marsh fever")

    text = page(main_window)
    assert text.startswith("Marsh fever\nAlso called: Bog ague, Fièvre des marais\n")
    assert "A fever with chills that comes and goes after time near wetlands." in text
    assert "Marsh fever makes you hot, shaky and tired." in text
    assert "Test Institute. A test source" in text
    assert "Last reviewed: 15 January 2025" in text  # as on the printed handout
    # The external link is plain words on the page, not a link.
    assert "an outside page" in text
    assert "https://example.test/marsh" not in main_window.view.toHtml()


def test_related_conditions_are_shown_both_ways_and_clicking_navigates(main_window: MainWindow, qtbot) -> None:
    # marsh-fever lists reed-rash; reed-rash lists nothing, yet shows Marsh fever.
    assert main_window.open_article("reed-rash")
    text = page(main_window)
    assert "Related conditions\nMarsh fever" in text

    with qtbot.waitSignal(main_window.article_shown) as shown:
        click_text(qtbot, main_window.view, "Marsh fever", occurrence=1)

    assert shown.args == ["marsh-fever"]
    assert page(main_window).startswith("Marsh fever")
    assert "Related conditions\nReed rash" in page(main_window)


def test_an_internal_link_in_the_body_navigates(main_window: MainWindow, qtbot) -> None:
    main_window.open_article("marsh-fever")

    with qtbot.waitSignal(main_window.article_shown):
        click_text(qtbot, main_window.view, "Reed rash")  # first on the page: "See Reed rash"

    assert main_window.current == "reed-rash"


def test_a_link_to_an_unknown_article_tells_the_reader(main_window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    main_window.open_article("reed-rash")
    before = page(main_window)

    main_window.view.anchorClicked.emit(QUrl("article:gone-away"))

    assert message_boxes == [("information", "Health Reader", "There is no article 'gone-away'.")]
    assert page(main_window) == before
    assert main_window.current == "reed-rash"


def test_a_link_to_an_article_not_in_the_library_is_plain_text(  # type: ignore[no-untyped-def]
    make_reader, ui_library: Path, settings_path: Path, message_boxes, qtbot
) -> None:
    write_article(ui_library, "dead-end", title="Dead end",
                  body="## What is it?\n\nSee [no such page](no-such-id) or [Reed rash](reed-rash).\n")  # fmt: skip
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start("dead-end")
    qtbot.waitExposed(window)
    assert page(window).startswith("Dead end")

    html = window.view.toHtml()
    assert "no-such-id" not in html
    assert "article:reed-rash" in html
    assert window.view.anchorAt(text_point(window.view, "no such page")) == ""
    click_text(qtbot, window.view, "no such page")

    assert message_boxes == []
    assert window.current == "dead-end"


def test_a_spanish_article_is_labelled_in_spanish_and_the_menus_stay_english(  # type: ignore[no-untyped-def]
    make_reader, ui_library: Path, settings_path: Path, qtbot
) -> None:
    from healthreader.ui.articleview import IMAGE_RESOURCE, _placeholder_image

    write_article(ui_library, "fiebre", title="Fiebre del pantano", language="es",
                  also_called=["Fiebre palúdica"], related=["marsh-fever"],
                  reviewed=datetime.date(2026, 11, 21),
                  sources=[{"publisher": "MedlinePlus en español", "title": "Fiebre",
                            "date": datetime.date(2024, 3, 1)}],
                  body="## ¿Qué es?\n\nUna fiebre.\n\n![Un termómetro](no-esta.png)\n")  # fmt: skip
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start("fiebre")
    qtbot.waitExposed(window)

    text = page(window)
    assert text.startswith("Fiebre del pantano\nTambién se llama: Fiebre palúdica\n")
    assert "Temas relacionados\nMarsh fever" in text
    assert "Fuentes\nMedlinePlus en español. Fiebre. 1 de marzo de 2024\n" in text
    assert "Última revisión: 21 de noviembre de 2026" in text
    for english in ("Also called", "Related conditions", "Sources", "Last reviewed"):
        assert english not in text
    missing = window.view.loadResource(IMAGE_RESOURCE, QUrl("no-esta.png"))
    assert missing == _placeholder_image("Imagen no disponible")
    # The app's own words stay English.
    assert [a.text() for a in window.menuBar().actions()][:2] == ["&File", "&Go"]
    assert window.actions_by_name["Back"].text() == "Back"

    window.open_article("marsh-fever")
    assert "Also called: Bog ague" in page(window) and "Related conditions" in page(window)
    assert window.view.loadResource(IMAGE_RESOURCE, QUrl("gone.png")) == _placeholder_image(
        "Picture not available")


# -- history ---------------------------------------------------------------------------------


def test_back_forward_and_home_by_the_toolbar(main_window: MainWindow, qtbot) -> None:
    back, forward, home = (tool_button(main_window, n) for n in ("Back", "Forward", "Home"))
    assert not back.isEnabled() and not forward.isEnabled()
    open_by_click(qtbot, main_window, "Marsh fever")
    open_by_click(qtbot, main_window, "Stone cough")

    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert page(main_window).startswith("Marsh fever")
    assert forward.isEnabled()

    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert page(main_window).startswith("Health Reader")
    assert not back.isEnabled()

    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert page(main_window).startswith("Stone cough")
    assert not forward.isEnabled()

    qtbot.mouseClick(home, Qt.MouseButton.LeftButton)
    assert page(main_window).startswith("Health Reader")
    assert main_window.history == ["index", "marsh-fever", "stone-cough", "index"]


def test_back_and_forward_return_to_where_the_reader_was(main_window: MainWindow) -> None:
    main_window.resize(700, 400)  # short enough that the articles scroll
    bar = main_window.view.verticalScrollBar()
    main_window.open_article("marsh-fever")
    assert bar.maximum() > 40
    bar.setValue(bar.maximum() // 2)
    middle = bar.value()
    main_window.open_article("reed-rash")
    assert bar.value() == 0  # a new page starts at its top
    bar.setValue(bar.maximum())
    end_of_reed = bar.value()

    main_window.go_back()
    assert main_window.current == "marsh-fever" and bar.value() == middle
    main_window.go_forward()
    assert main_window.current == "reed-rash" and bar.value() == end_of_reed


def test_opening_a_page_after_going_back_drops_the_forward_pages(main_window: MainWindow) -> None:
    for article_id in ("marsh-fever", "stone-cough"):
        main_window.open_article(article_id)
    main_window.go_back()

    main_window.open_article("reed-rash")

    assert main_window.history == ["index", "marsh-fever", "reed-rash"]
    assert not main_window.actions_by_name["Forward"].isEnabled()


@pytest.mark.parametrize("focus", ["window", "article"])
def test_back_and_forward_by_the_standard_shortcuts(main_window: MainWindow, qtbot, focus: str) -> None:
    if sys.platform.startswith("linux"):
        assert QKeySequence.keyBindings(QKeySequence.StandardKey.Back)[0] == QKeySequence("Alt+Left")
    main_window.open_article("marsh-fever")
    main_window.open_article("stone-cough")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    target = main_window.view if focus == "article" else main_window
    if focus == "article":
        main_window.view.setFocus()
        qtbot.waitUntil(main_window.view.hasFocus)

    press_standard_key(qtbot, target, QKeySequence.StandardKey.Back)
    assert main_window.current == "marsh-fever"
    assert page(main_window).startswith("Marsh fever")

    press_standard_key(qtbot, target, QKeySequence.StandardKey.Forward)
    assert main_window.current == "stone-cough"
    assert page(main_window).startswith("Stone cough")


# -- text size -------------------------------------------------------------------------------


def font_size(window: MainWindow) -> float:
    return window.view.document().defaultFont().pointSizeF()


def test_larger_and_smaller_text_change_the_article_font(main_window: MainWindow, qtbot) -> None:
    main_window.open_article("marsh-fever")
    start = font_size(main_window)
    assert start == theme.point_size(0)

    qtbot.mouseClick(tool_button(main_window, "Larger text"), Qt.MouseButton.LeftButton)
    larger = font_size(main_window)
    qtbot.mouseClick(tool_button(main_window, "Smaller text"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tool_button(main_window, "Smaller text"), Qt.MouseButton.LeftButton)
    smaller = font_size(main_window)

    assert smaller < start < larger
    assert smaller == theme.point_size(-1) and larger == theme.point_size(1)


def test_larger_text_makes_the_laid_out_page_taller(main_window: MainWindow, qtbot) -> None:
    main_window.open_article("marsh-fever")
    before = main_window.view.document().size().height()

    for _ in range(3):
        qtbot.mouseClick(tool_button(main_window, "Larger text"), Qt.MouseButton.LeftButton)

    assert main_window.view.document().size().height() > before * 1.2


def test_text_size_has_limits_and_the_buttons_say_so(main_window: MainWindow, qtbot) -> None:
    larger = tool_button(main_window, "Larger text")
    sizes = []
    while larger.isEnabled():
        qtbot.mouseClick(larger, Qt.MouseButton.LeftButton)
        sizes.append(font_size(main_window))
        assert len(sizes) < 20

    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)
    assert tool_button(main_window, "Smaller text").isEnabled()


def test_zoom_shortcuts_change_the_text_size(main_window: MainWindow, qtbot) -> None:
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    start = font_size(main_window)

    press_standard_key(qtbot, main_window, QKeySequence.StandardKey.ZoomIn)
    assert font_size(main_window) > start
    press_standard_key(qtbot, main_window, QKeySequence.StandardKey.ZoomOut)
    assert font_size(main_window) == start


@pytest.mark.parametrize("focus", ["article", "filter box"])
def test_ctrl_equals_is_larger_text_too_beside_the_standard_keys(main_window: MainWindow, qtbot,
                                                                 focus: str) -> None:  # fmt: skip
    """Ctrl+= as in web browsers (Ctrl++ needs Shift on a US keyboard), and the standard
    keys still: Ctrl++ and Ctrl with the keypad's +."""
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    target = main_window.view if focus == "article" else main_window.sidebar.filter_edit
    target.setFocus()
    qtbot.waitUntil(target.hasFocus)
    ctrl = Qt.KeyboardModifier.ControlModifier

    qtbot.keyClick(target, Qt.Key.Key_Equal, ctrl)
    assert main_window.zoom_steps == 1 and font_size(main_window) == theme.point_size(1)
    press_standard_key(qtbot, target, QKeySequence.StandardKey.ZoomIn)  # Ctrl++
    assert main_window.zoom_steps == 2
    qtbot.keyClick(target, Qt.Key.Key_Plus, ctrl | Qt.KeyboardModifier.KeypadModifier)
    assert main_window.zoom_steps == 3
    qtbot.keyClick(target, Qt.Key.Key_Minus, ctrl)
    assert main_window.zoom_steps == 2
    # The menu names the standard key first.
    assert main_window.actions_by_name["Larger text"].shortcut() == QKeySequence("Ctrl++")


def wheel(window: MainWindow, notches: int, ctrl: bool, over: QWidget | None = None) -> None:
    """Turn the mouse wheel over ``over`` (a scrolled widget; default: the article)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    viewport = (over or window.view).viewport()  # type: ignore[attr-defined]
    at = QPointF(viewport.rect().center())
    modifiers = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    for _ in range(abs(notches)):
        event = QWheelEvent(at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(),
                            QPoint(0, 120 if notches > 0 else -120), Qt.MouseButton.NoButton,
                            modifiers, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
        QApplication.sendEvent(viewport, event)


def test_ctrl_wheel_zooms_within_the_limits_and_is_saved(main_window: MainWindow, settings_path: Path) -> None:
    main_window.open_article("marsh-fever")
    wheel(main_window, 40, ctrl=True)
    assert font_size(main_window) == theme.point_size(ZOOM_MAX)
    assert not main_window.actions_by_name["Larger text"].isEnabled()
    main_window.settings.sync()
    assert Settings(settings_path).zoom_steps == ZOOM_MAX

    wheel(main_window, -40, ctrl=True)
    assert font_size(main_window) == theme.point_size(ZOOM_MIN)

    wheel(main_window, 5, ctrl=False)  # a plain wheel scrolls and leaves the size alone
    assert font_size(main_window) == theme.point_size(ZOOM_MIN)


def test_ctrl_wheel_over_the_conditions_or_the_results_zooms_too(searching_window: MainWindow) -> None:
    """As in a web browser: wherever the pointer is, Ctrl + wheel is the text size."""
    tree = searching_window.sidebar.tree
    wheel(searching_window, 2, ctrl=True, over=tree)
    assert searching_window.zoom_steps == 2
    listed = searching_window.search_panel.results  # type: ignore[union-attr]
    wheel(searching_window, -1, ctrl=True, over=listed)
    assert searching_window.zoom_steps == 1
    wheel(searching_window, 3, ctrl=False, over=tree)  # a plain wheel scrolls the list
    assert searching_window.zoom_steps == 1


def test_the_text_size_is_saved_and_a_new_window_uses_it(main_window: MainWindow, make_reader, qtbot,
                                                         settings_path: Path) -> None:  # fmt: skip
    for _ in range(2):
        qtbot.mouseClick(tool_button(main_window, "Larger text"), Qt.MouseButton.LeftButton)
    chosen = font_size(main_window)

    qtbot.waitUntil(lambda: "zoom_steps=2" in settings_path.read_text(encoding="utf-8"))
    main_window.close()

    again = make_reader().start()
    qtbot.waitExposed(again)
    assert font_size(again) == chosen == theme.point_size(2)
    again.open_article("stone-cough")
    assert font_size(again) == chosen


# -- text size beside the article: sidebar, search, definition --------------------------------

# By accessible name; the two messages, which have none (ui/announce.py), by object name.
BESIDE_THE_ARTICLE = ("Filter conditions", "Conditions", "Search", "search-status", "Search results",
                      "definition")  # fmt: skip


def sizes_beside_the_article(window: MainWindow) -> dict[str, float]:
    """The point size of each text a reader reads or types in beside the article."""
    found = {name: find_named(window, name) or window.findChildren(QWidget, name)
             for name in BESIDE_THE_ARTICLE}  # fmt: skip
    return {name: widgets[0].font().pointSizeF() for name, widgets in found.items() if widgets}


def search_for(qtbot, window: MainWindow, text: str) -> QListWidget:  # type: ignore[no-untyped-def]
    [field] = find_named(window, "Search", QLineEdit)
    [results] = find_named(window, "Search results", QListWidget)
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: results.isVisible() and results.count() > 0)
    return results


def click_repeatedly(qtbot, window: MainWindow, name: str, times: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.mouseClick(tool_button(window, name), Qt.MouseButton.LeftButton)


def assert_rows_not_clipped(results: QListWidget) -> None:
    """Each result row on screen has ink (title, snippet) and none on its last pixel lines,
    where text cut off by the row's edge would show."""
    image = results.viewport().grab().toImage()
    scale = image.devicePixelRatio()
    shown = [results.item(i) for i in range(results.count())]
    rows = [results.visualItemRect(item) for item in shown]
    rows = [r for r in rows if r.bottom() < results.viewport().height()]
    assert rows
    for row in rows:
        left, right = round((row.left() + 2) * scale), round((row.right() - 2) * scale)
        top, bottom = round(row.top() * scale), round((row.bottom() + 1) * scale) - 1
        background = image.pixelColor(left, top + 1).lightness()

        def ink(y: int, background: int = background, left: int = left, right: int = right) -> int:
            return sum(abs(image.pixelColor(x, y).lightness() - background) > 80
                       for x in range(left, right))  # fmt: skip

        assert sum(ink(y) for y in range(top, bottom)) > 100, f"row {row} is blank"
        assert [ink(y) for y in range(bottom - 2, bottom + 1)] == [0, 0, 0], f"row {row} is cut off"


def test_larger_text_enlarges_the_sidebar_the_search_and_the_definition(searching_window: MainWindow,
                                                                        qtbot) -> None:  # fmt: skip
    window = searching_window
    system = QApplication.font().pointSizeF()
    window.open_article("marsh-fever")
    click_text(qtbot, window.view, "anemia")
    results = search_for(qtbot, window, "marsh fevr")  # a typo: "Showing results for …"
    [status] = window.findChildren(QLabel, "search-status")
    [definition] = window.findChildren(QLabel, "definition")
    qtbot.waitUntil(lambda: status.isVisible() and definition.isVisible())
    assert "Showing results for" in status.text()
    tree = window.sidebar.tree
    result_row = results.visualItemRect(results.item(0)).height()
    tree_row = tree.visualItemRect(tree.topLevelItem(0)).height()
    assert sizes_beside_the_article(window) == dict.fromkeys(BESIDE_THE_ARTICLE, system)

    click_repeatedly(qtbot, window, "Larger text", 3)

    larger = round(system * theme.ZOOM_FACTOR**3, 1)
    assert sizes_beside_the_article(window) == dict.fromkeys(BESIDE_THE_ARTICLE, larger)
    qtbot.waitUntil(lambda: results.visualItemRect(results.item(0)).height() > result_row)
    assert tree.visualItemRect(tree.topLevelItem(0)).height() > tree_row
    # The list grows with its row (laid out at the next turn of the event loop).
    qtbot.waitUntil(lambda: results.visualItemRect(results.item(0)).bottom() < results.viewport().height())
    assert_rows_not_clipped(results)

    click_repeatedly(qtbot, window, "Smaller text", 3)
    assert sizes_beside_the_article(window) == dict.fromkeys(BESIDE_THE_ARTICLE, system)
    qtbot.waitUntil(lambda: results.visualItemRect(results.item(0)).height() == result_row)

    # Smaller text is for the article: the rest never goes below the system's size.
    click_repeatedly(qtbot, window, "Smaller text", -ZOOM_MIN)
    assert font_size(window) == theme.point_size(ZOOM_MIN)
    assert sizes_beside_the_article(window) == dict.fromkeys(BESIDE_THE_ARTICLE, system)
    assert_rows_not_clipped(results)


def test_a_new_window_shows_the_sidebar_at_the_saved_text_size(settings_path: Path, make_reader,
                                                               qtbot) -> None:  # fmt: skip
    settings = Settings(settings_path)
    settings.accept_disclaimer(disclaimer_version(DISCLAIMER))
    settings.zoom_steps = 2
    settings.sync()

    window = make_reader().start()
    qtbot.waitExposed(window)

    larger = round(QApplication.font().pointSizeF() * theme.ZOOM_FACTOR**2, 1)
    assert window.sidebar.filter_edit.font().pointSizeF() == larger
    assert window.sidebar.tree.font().pointSizeF() == larger


def pane_widths(window: MainWindow) -> tuple[int, int]:
    """(sidebar pane, article pane) as laid out on screen."""
    splitter = window.centralWidget()
    return splitter.widget(0).width(), splitter.widget(1).width()


def resize_window(qtbot, window: MainWindow, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    QApplication.processEvents()  # the splitter's layout


def test_large_text_widens_the_sidebar_up_to_a_third_of_the_window(main_window: MainWindow,
                                                                   qtbot) -> None:  # fmt: skip
    # As large as at a first start on a desktop screen (the first size fits the test's
    # 800x800 screen: tests/ui/test_small_screen.py).
    resize_window(qtbot, main_window, 1100, 760)
    start = main_window.sidebar.width()

    while tool_button(main_window, "Larger text").isEnabled():
        click_repeatedly(qtbot, main_window, "Larger text", 1)

    widest = main_window.sidebar.width()
    assert start < widest <= main_window.width() / 3
    # Back to the usual size, the sidebar gives the room back: it has the width it had.
    click_repeatedly(qtbot, main_window, "Smaller text", ZOOM_MAX)
    assert main_window.sidebar.width() == start
    click_repeatedly(qtbot, main_window, "Smaller text", -ZOOM_MIN)
    assert main_window.sidebar.width() == start


@pytest.mark.parametrize("zoom", [0, ZOOM_MAX], ids=["usual text", "largest text"])
def test_a_narrower_window_narrows_the_sidebar_not_just_the_article(main_window: MainWindow,
                                                                    qtbot, zoom: int) -> None:  # fmt: skip
    resize_window(qtbot, main_window, 1100, 760)
    main_window.open_article("marsh-fever")
    click_repeatedly(qtbot, main_window, "Larger text", zoom)
    wide = pane_widths(main_window)

    resize_window(qtbot, main_window, 480, 420)

    sidebar, article = pane_widths(main_window)
    assert 0 < sidebar <= round(480 / 3)
    handle = main_window.centralWidget().handleWidth()
    assert sidebar + handle + article == 480  # the article keeps the rest
    # Wide again, the sidebar has its width back.
    resize_window(qtbot, main_window, 1100, 760)
    assert pane_widths(main_window) == wide


def test_a_width_the_reader_drags_the_sidebar_to_is_kept(main_window: MainWindow, qtbot) -> None:
    resize_window(qtbot, main_window, 1100, 760)
    drag_splitter_handle(qtbot, main_window, 240)
    chosen = pane_widths(main_window)[0]
    assert abs(chosen - 240) <= 2

    # Larger text widens it, and gives the room back when the text is smaller again.
    click_repeatedly(qtbot, main_window, "Larger text", ZOOM_MAX)
    assert pane_widths(main_window)[0] > chosen
    click_repeatedly(qtbot, main_window, "Smaller text", ZOOM_MAX)
    assert pane_widths(main_window)[0] == chosen

    # A narrow window caps it at a third; wide again, the reader's width is back.
    resize_window(qtbot, main_window, 600, 500)
    assert pane_widths(main_window)[0] == 200
    resize_window(qtbot, main_window, 1100, 760)
    assert pane_widths(main_window)[0] == chosen

    # A width chosen at a large text size is the reader's too: larger text does not undo it.
    click_repeatedly(qtbot, main_window, "Larger text", ZOOM_MAX)
    drag_splitter_handle(qtbot, main_window, 320)
    narrower = pane_widths(main_window)[0]
    resize_window(qtbot, main_window, 1000, 700)
    resize_window(qtbot, main_window, 1100, 760)
    assert pane_widths(main_window)[0] == narrower

    # Dragging never takes more than a third of the window.
    drag_splitter_handle(qtbot, main_window, 900)
    assert pane_widths(main_window)[0] <= round(1100 / 3)


def test_the_width_the_reader_drags_the_sidebar_to_is_there_at_the_next_start(
        main_window: MainWindow, make_reader, qtbot, settings_path: Path) -> None:  # fmt: skip
    # A window that fits the test screen (800 px), so that the next start gets its size back.
    resize_window(qtbot, main_window, 780, 600)
    default = pane_widths(main_window)[0]
    drag_splitter_handle(qtbot, main_window, 180)
    chosen = pane_widths(main_window)[0]
    assert abs(chosen - 180) <= 2 and chosen != default
    # Written when the window closes, not on every step of a drag.
    assert "sidebar_width" not in settings_path.read_text(encoding="utf-8")

    main_window.close()
    assert f"sidebar_width={chosen}" in settings_path.read_text(encoding="utf-8")

    again = make_reader().start()
    qtbot.waitExposed(again)
    assert again.width() == 780
    assert pane_widths(again)[0] == chosen
    # Closed again without a drag, it keeps what was saved.
    again.close()
    assert f"sidebar_width={chosen}" in settings_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("900", round(1100 / 3)),  # a saved width is still at most a third of the window
     ("250", 250), ("0", PANE_PX), ("-40", PANE_PX), ("wide", PANE_PX), ("1e3", PANE_PX),
     ("250px", PANE_PX), ("@Invalid()", PANE_PX), ("123456789", PANE_PX), ("", PANE_PX)],
)  # fmt: skip
def test_a_saved_sidebar_width_is_capped_and_junk_is_ignored(settings_path: Path, make_reader, qtbot,
                                                             stored: str, expected: int,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # A desktop screen, with room for the first size (the test's is 800x800: the window is
    # made to fit it, tests/ui/test_small_screen.py).
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1920, 1050))
    settings_path.write_text(f"[window]\nsidebar_width={stored}\n", encoding="utf-8")
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))

    window = make_reader().start()
    qtbot.waitExposed(window)

    assert window.width() == 1100  # the default size: no geometry saved
    assert pane_widths(window)[0] == expected


def test_a_sidebar_dragged_shut_opens_at_its_usual_width_next_time(
        main_window: MainWindow, make_reader, qtbot, settings_path: Path) -> None:  # fmt: skip
    """The search field is in the sidebar's pane: a run never starts with it out of sight."""
    resize_window(qtbot, main_window, 780, 600)
    default = pane_widths(main_window)[0]
    drag_splitter_handle(qtbot, main_window, 150)
    main_window.close()
    assert "sidebar_width=" in settings_path.read_text(encoding="utf-8")

    again = make_reader().start()
    qtbot.waitExposed(again)
    drag_splitter_handle(qtbot, again, -400)
    assert pane_widths(again)[0] == 0
    again.close()
    assert "sidebar_width" not in settings_path.read_text(encoding="utf-8")

    third = make_reader().start()
    qtbot.waitExposed(third)
    assert pane_widths(third)[0] == default


def test_the_last_article_and_the_window_size_are_remembered(main_window: MainWindow, make_reader, qtbot,
                                                             settings_path: Path) -> None:  # fmt: skip
    open_by_click(qtbot, main_window, "Stone cough")
    screen = main_window.screen().availableGeometry()
    # Smaller than the screen (restoreGeometry fits a window to it), and not the default.
    chosen = QSize(screen.width() * 3 // 4, screen.height() * 2 // 3)
    main_window.resize(chosen)
    qtbot.waitUntil(lambda: main_window.size() == chosen)

    main_window.close()
    stored = settings_path.read_text(encoding="utf-8")
    assert "last_article=stone-cough" in stored
    assert "geometry=" in stored

    again = make_reader().start()
    qtbot.waitExposed(again)
    assert page(again).startswith("Stone cough")
    assert again.size() == chosen


def test_the_last_article_is_saved_once_the_reader_stays_on_it(main_window: MainWindow, qtbot,
                                                             settings_path: Path) -> None:  # fmt: skip
    """Not written on every page (that write slowed each page down), but soon after the
    reader stops moving on, so a crash or a power cut still keeps it."""
    from healthreader.ui.mainwindow import SAVE_DELAY_MS

    for article_id in ("marsh-fever", "stone-cough", "marsh-fever", "stone-cough"):
        main_window.open_article(article_id)
        qtbot.wait(10)
    assert "last_article" not in settings_path.read_text(encoding="utf-8")

    qtbot.waitUntil(lambda: "last_article=stone-cough" in settings_path.read_text(encoding="utf-8"),
                    timeout=SAVE_DELAY_MS + 3000)  # fmt: skip


def test_a_deep_link_wins_over_the_last_article(main_window: MainWindow, make_reader, qtbot) -> None:
    main_window.open_article("stone-cough")
    main_window.close()

    again = make_reader().start("reed-rash")

    assert page(again).startswith("Reed rash")


def test_a_remembered_article_that_no_longer_exists_opens_home(settings_path: Path, make_reader, qtbot) -> None:
    settings = Settings(settings_path)
    settings.accept_disclaimer(disclaimer_version(DISCLAIMER))
    settings.last_article = "was-deleted"
    settings.sync()

    window = make_reader().start()

    assert page(window).startswith("Health Reader")


# -- accessible names, help, glossary --------------------------------------------------------


def test_the_accessible_names_of_the_design_are_findable(main_window: MainWindow) -> None:
    [tree] = find_named(main_window, "Conditions")
    assert isinstance(tree, QTreeWidget) and tree.isVisible()
    [view] = find_named(main_window, "Article")
    assert isinstance(view, QTextBrowser) and view is main_window.view and view.isVisible()
    for name in ("Back", "Forward", "Home", "Print…", "Export PDF…", "Larger text", "Smaller text"):
        [button] = find_named(main_window, name, QToolButton)
        assert button.isVisible(), name
        assert button.text() == name.rstrip("…")  # the toolbar drops a trailing ellipsis
    names = {a.text() for menu in main_window.menuBar().actions() for a in menu.menu().actions()}
    assert {"Back", "Forward", "Home", "Print…", "Export PDF…", "Larger text", "Smaller text",
            "Medical disclaimer…"} <= names  # fmt: skip


def test_print_and_export_are_only_offered_on_an_article(main_window: MainWindow) -> None:
    assert not tool_button(main_window, "Print…").isEnabled()
    assert not tool_button(main_window, "Export PDF…").isEnabled()

    main_window.open_article("reed-rash")

    assert tool_button(main_window, "Print…").isEnabled()
    assert tool_button(main_window, "Export PDF…").isEnabled()


def test_help_shows_the_disclaimer_again(main_window: MainWindow, qtbot) -> None:
    [help_menu] = [a.menu() for a in main_window.menuBar().actions() if a.text() == "&Help"]
    [action] = [a for a in help_menu.actions() if a.text() == "Medical disclaimer…"]

    action.trigger()

    def shown() -> list[DisclaimerDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, DisclaimerDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1)
    [dialog] = shown()
    assert dialog.accessibleName() == "Medical disclaimer"
    assert "In an emergency, call your local emergency number." in dialog.text.toPlainText()
    assert main_window.isVisible()
    dialog.accept()
    assert main_window.isVisible()
    # Closed means gone: viewing it again and again leaves no dialogs behind.
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert not main_window.findChildren(DisclaimerDialog)


def test_clicking_a_glossary_term_shows_its_definition(main_window: MainWindow, qtbot) -> None:
    main_window.open_article("marsh-fever")
    [label] = main_window.findChildren(QLabel, "definition")
    assert not label.isVisible()

    click_text(qtbot, main_window.view, "anemia")

    qtbot.waitUntil(label.isVisible)
    assert label.text() == f"anemia: {UI_GLOSSARY['anemia']}"
    assert page(main_window).startswith("Marsh fever")  # the page stays

    main_window.open_article("reed-rash")
    assert not label.isVisible()


def show_definition(qtbot, window: MainWindow) -> QLabel:  # type: ignore[no-untyped-def]
    """Open Marsh fever and click "anemia": the definition bar under the article."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_article("marsh-fever")
    [label] = window.findChildren(QLabel, "definition")
    click_text(qtbot, window.view, "anemia")
    qtbot.waitUntil(label.isVisible)
    return label


def tab_to(qtbot, view, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tab through the article's links and terms until ``text`` is the one reached."""
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    for _ in range(30):
        if view.textCursor().selectedText() == text:
            return
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.textCursor().selectedText() == text


def open_definition_with_the_keyboard(qtbot, window: MainWindow) -> QLabel:  # type: ignore[no-untyped-def]
    """Tab to "anemia" on Marsh fever and press Enter: the definition shown."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_article("marsh-fever")
    tab_to(qtbot, window.view, "anemia")
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    [label] = window.findChildren(QLabel, "definition")
    qtbot.waitUntil(label.isVisible)
    return label


def test_a_screen_reader_hears_a_definition_opened_with_the_keyboard(
    main_window: MainWindow, qtbot, screen_reader: list[str]
) -> None:
    from helpers import spoken

    label = open_definition_with_the_keyboard(qtbot, main_window)

    said = f"anemia: {UI_GLOSSARY['anemia']}"
    assert spoken(label) == said
    assert screen_reader == ["Marsh fever", said]  # the page, then (the focus stays on the term) the definition
    assert main_window.view.hasFocus()


def test_escape_in_the_article_closes_the_definition(main_window: MainWindow, qtbot) -> None:
    label = show_definition(qtbot, main_window)
    main_window.view.setFocus()
    qtbot.waitUntil(main_window.view.hasFocus)

    qtbot.keyClick(main_window.view, Qt.Key.Key_Escape)

    assert not label.isVisible()
    assert page(main_window).startswith("Marsh fever")  # the page stays
    qtbot.keyClick(main_window.view, Qt.Key.Key_Escape)  # with no definition: nothing
    assert not label.isVisible() and main_window.current == "marsh-fever"


def test_the_close_button_closes_the_definition(main_window: MainWindow, qtbot) -> None:
    label = show_definition(qtbot, main_window)
    [close] = find_named(main_window, "Close definition", QToolButton)
    assert close.isVisible()
    # In the bar's top right corner, beside the text, not over it.
    assert label.rect().contains(close.geometry())
    assert close.geometry().left() >= label.contentsRect().right()

    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    assert not label.isVisible()
    assert page(main_window).startswith("Marsh fever")
    click_text(qtbot, main_window.view, "anemia")  # shown again, with its button
    qtbot.waitUntil(label.isVisible)
    assert find_named(main_window, "Close definition", QToolButton) == [close]
    assert close.isVisible()


def test_the_close_button_is_reached_with_tab_from_the_article(main_window: MainWindow, qtbot) -> None:
    label = show_definition(qtbot, main_window)
    [close] = find_named(main_window, "Close definition", QToolButton)
    main_window.view.setFocus()
    qtbot.waitUntil(main_window.view.hasFocus)

    for _ in range(30):  # past the page's links
        if close.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert close.hasFocus()
    qtbot.keyClick(close, Qt.Key.Key_Space)

    assert not label.isVisible()
    assert main_window.view.hasFocus()  # back to the article, not lost


def framed_panes(window: MainWindow) -> list[str]:
    """The panes that show the keyboard's focus frame: the focus colour all along the edges
    of what they show (their viewport), as drawn."""
    from healthreader.ui import theme

    framed = []
    for name in ("Search results", "Conditions", "Article"):
        [pane] = find_named(window, name)
        if not pane.isVisible():
            continue
        image = pane.viewport().grab().toImage()
        scale = image.devicePixelRatio()
        width, height = round(pane.viewport().width() * scale), round(pane.viewport().height() * scale)
        focus = QColor(theme.focus_colour(pane.palette())).rgb()
        edges = [(x, y) for x in range(0, width, 7) for y in (0, 1, height - 2, height - 1)]
        edges += [(x, y) for y in range(0, height, 7) for x in (0, 1, width - 2, width - 1)]
        if all(image.pixel(x, y) == focus for x, y in edges):
            framed.append(name)
    return framed


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_pane_the_keyboard_is_in_shows_a_frame(searching_window: MainWindow, qtbot, desktop,
                                                    dark: bool) -> None:  # fmt: skip
    """Fusion draws no frame round a focused list or text: with the open article
    highlighted in both the results and the conditions, nobody could tell where the arrow
    keys would go."""
    window = searching_window
    desktop(dark)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.open_article("marsh-fever")
    results = search_for(qtbot, window, "marsh")
    [field] = find_named(window, "Search", QLineEdit)

    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert results.hasFocus() and framed_panes(window) == ["Search results"]
    qtbot.keyClick(results, Qt.Key.Key_Tab)  # the filter box: no pane framed
    assert framed_panes(window) == []
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.sidebar.tree.hasFocus() and framed_panes(window) == ["Conditions"]
    qtbot.keyClick(window.sidebar.tree, Qt.Key.Key_Tab)
    assert window.view.hasFocus() and framed_panes(window) == ["Article"]

    # At least 3:1 against the page inside it and the window round it (WCAG 1.4.11).
    image = window.view.viewport().grab().toImage()
    frame, page_colour = image.pixelColor(0, 40), image.pixelColor(6, 40)
    assert contrast(frame, page_colour) >= 3
    assert contrast(frame, window.palette().color(QPalette.ColorRole.Window)) >= 3

    # A click is the mouse's: no frame, until the next key.
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert window.view.hasFocus() and framed_panes(window) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert framed_panes(window) == ["Article"]


def test_the_frame_leaves_no_lines_on_the_page_as_it_scrolls(main_window: MainWindow, qtbot) -> None:
    """Qt scrolls by moving what was drawn, frame edges and all: what the screen shows
    (not a fresh drawing, which grab() would make) has the frame at the edges only."""
    from healthreader.ui import theme

    window = main_window
    window.resize(700, 300)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    write_long = "\n\n".join(f"Paragraph {n} about marsh fever." for n in range(60))
    window.view.show_page(f"<p>{write_long}</p>", None)
    view = window.view
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    focus = QColor(theme.focus_colour(view.palette())).rgb()
    viewport = view.viewport()

    for _ in range(12):  # each step drawn on the screen before the next one
        qtbot.keyClick(view, Qt.Key.Key_Down)
        QApplication.processEvents()
    assert view.verticalScrollBar().value() > 0

    shown = window.screen().grabWindow(window.winId()).toImage()
    corner = viewport.mapTo(window, viewport.rect().topLeft())
    width, height = viewport.width(), viewport.height()

    def in_focus_colour(y: int) -> bool:
        return all(shown.pixel(corner.x() + x, y) == focus for x in range(4, width - 4, 5))

    assert in_focus_colour(corner.y()) and in_focus_colour(corner.y() + height - 1)
    inside = [y for y in range(corner.y() + 4, corner.y() + height - 4) if in_focus_colour(y)]
    assert inside == []


def test_the_conditions_show_the_current_row_when_the_keyboard_goes_in(main_window: MainWindow,
                                                                         qtbot) -> None:  # fmt: skip
    """After a filter opened every group and was emptied, the open article (last of A–Z)
    was far below: Tab into the list showed no row highlighted at all."""
    window = main_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.resize(700, 200)
    window.open_article("stone-cough")
    box = window.sidebar.filter_edit
    box.setFocus()
    qtbot.keyClicks(box, "o")
    box.setText("")
    tree = window.sidebar.tree
    tree.scrollToTop()
    row = tree.visualItemRect(tree.currentItem())
    assert not tree.viewport().rect().contains(row)  # the test's premise: out of sight

    qtbot.keyClick(box, Qt.Key.Key_Tab)

    assert tree.hasFocus() and tree.currentItem().text(0) == "Stone cough"
    assert tree.viewport().rect().contains(tree.visualItemRect(tree.currentItem()))


def test_enter_on_a_result_takes_the_keyboard_to_the_article(searching_window: MainWindow, qtbot) -> None:
    """The reader who chose with the keyboard reads on with it: the arrows scroll the
    article, Tab reaches its links, a screen reader reads it. A click leaves it be."""
    window = searching_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    results = search_for(qtbot, window, "reed")
    [field] = find_named(window, "Search", QLineEdit)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert results.hasFocus()

    qtbot.keyClick(results, Qt.Key.Key_Return)

    assert window.current == "reed-rash"
    assert QApplication.focusWidget() is window.view
    assert framed_panes(window) == ["Article"]
    # The window's keys still work from there: Find, then Back.
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is field
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current == "index"

    # A click on a result opens it and leaves the keyboard in the list.
    rect = results.visualItemRect(results.item(0))
    results.setFocus()
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current == "reed-rash" and results.hasFocus()


def test_enter_on_a_condition_takes_the_keyboard_to_the_article(main_window: MainWindow, qtbot) -> None:
    window = main_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tree = window.sidebar.tree
    [leaf] = [tree.topLevelItem(tree.topLevelItemCount() - 1).child(i) for i in range(3)
              if tree.topLevelItem(tree.topLevelItemCount() - 1).child(i).text(0) == "Stone cough"]  # fmt: skip
    tree.setFocus()
    tree.setCurrentItem(leaf)

    qtbot.keyClick(tree, Qt.Key.Key_Return)

    assert window.current == "stone-cough"
    assert QApplication.focusWidget() is window.view
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current == "index"

    # Opened with the mouse (a click): the keyboard stays in the list.
    tree.setFocus()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(leaf).center())
    assert window.current == "stone-cough" and tree.hasFocus()


def tab_to_close_button(qtbot, window: MainWindow) -> QToolButton:  # type: ignore[no-untyped-def]
    [close] = find_named(window, "Close definition", QToolButton)
    for _ in range(30):  # past the page's links
        if close.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert close.hasFocus()
    return close


def test_the_close_button_gives_the_keyboard_back_to_the_term(main_window: MainWindow, qtbot) -> None:
    """As Esc does: the next Tab goes on from the term, not from the top of the page."""
    window = main_window
    label = open_definition_with_the_keyboard(qtbot, window)
    close = tab_to_close_button(qtbot, window)

    qtbot.keyClick(close, Qt.Key.Key_Space)

    assert not label.isVisible()
    assert window.view.hasFocus() and window.view.textCursor().selectedText() == "anemia"
    assert window.view.focused_link_rects()  # with the mark a link reached with Tab has
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.view.textCursor().selectedText() == "Reed rash"  # the next link after it


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_close_button_reached_with_tab_has_a_frame_that_can_be_seen(main_window: MainWindow, qtbot,
                                                                         desktop, dark: bool) -> None:  # fmt: skip
    """Fusion's was a 1 px line at 1.7:1 (light) and 1.45:1 (dark) on the bar's colours."""
    desktop(dark)
    show_definition(qtbot, main_window)
    main_window.view.setFocus()
    close = tab_to_close_button(qtbot, main_window)

    image = close.grab().toImage()
    scale = image.devicePixelRatio()
    width, height = round(close.width() * scale), round(close.height() * scale)
    focus = QColor(theme.colours(dark)["focus"])
    edges = [(x, y) for x in range(width) for y in (0, 1, height - 1)]
    edges += [(x, y) for y in range(height) for x in (0, 1, width - 1)]
    assert all(image.pixelColor(x, y) == focus for x, y in edges)
    bar = QColor(theme.colours(dark)["term_back"])
    assert contrast(focus, bar) >= 3


def test_f10_opens_the_menus(main_window: MainWindow, qtbot) -> None:
    """As on GNOME and Windows; Alt and Alt+letter open them too."""
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.sidebar.tree.setFocus()
    qtbot.waitUntil(main_window.sidebar.tree.hasFocus)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F10)

    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    popup = QApplication.activePopupWidget()
    assert [a.text() for a in popup.actions()][:2] == ["Print…", "Export PDF…"]  # File
    qtbot.keyClick(popup, Qt.Key.Key_Escape)


def _frame_pixels(view, start: int, end: int) -> int:  # type: ignore[no-untyped-def]
    """How many pixels in the selection's colour are just left and right of the text from
    ``start`` to ``end`` (on one line) in the view's viewport: where a frame round it is,
    and the selection's own colour, which ends with the text, is not."""
    from PySide6.QtGui import QPalette, QTextCursor

    first, last = QTextCursor(view.document()), QTextCursor(view.document())
    first.setPosition(start)
    last.setPosition(end)
    word = view.cursorRect(first).united(view.cursorRect(last))
    image = view.viewport().grab().toImage()
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    count = 0
    for x in [*range(word.left() - 5, word.left() - 1), *range(word.right() + 2, word.right() + 6)]:
        for y in range(word.top() - 4, word.bottom() + 5):
            c = image.pixelColor(x, y)
            if abs(c.red() - highlight.red()) + abs(c.green() - highlight.green()) + abs(c.blue() - highlight.blue()) < 60:
                count += 1
    return count


def test_a_link_reached_with_tab_has_a_frame_that_can_be_seen(main_window: MainWindow, qtbot) -> None:
    """Qt outlines it with a faint dotted line: a keyboard user could hardly find it."""
    main_window.open_article("marsh-fever")
    main_window.show()
    qtbot.waitExposed(main_window)
    view = main_window.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    for _ in range(30):
        if view.textCursor().selectedText() == "anemia":
            break
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    cursor = view.textCursor()
    assert cursor.selectedText() == "anemia"
    start, end = cursor.selectionStart(), cursor.selectionEnd()

    # A solid frame round the word: both its sides, the full height (one side at a
    # fraction of a pixel is partly blended with the page).
    word = view.cursorRect(cursor)
    assert _frame_pixels(view, start, end) >= 2 * word.height()

    main_window.sidebar.tree.setFocus()  # the focus moves on: the frame goes
    qtbot.waitUntil(lambda: not view.hasFocus())
    qtbot.waitUntil(lambda: _frame_pixels(view, start, end) < 10)
    # Text selected with the mouse is shown as selected, with no frame round it.
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setTextCursor(view.document().find("anemia"))
    qtbot.wait(50)
    assert view.textCursor().selectedText() == "anemia"
    assert _frame_pixels(view, start, end) < 10


def test_hovering_a_glossary_term_shows_its_definition_as_a_tooltip(main_window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    main_window.open_article("marsh-fever")
    main_window.show()
    qtbot.waitExposed(main_window)
    viewport = main_window.view.viewport()
    point = text_point(main_window.view, "anemia")
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )

    qtbot.waitUntil(QToolTip.isVisible)
    assert UI_GLOSSARY["anemia"] in QToolTip.text()
    QToolTip.hideText()


def test_an_article_whose_stored_text_is_damaged_is_shown_from_its_file(
    tmp_path: Path, ui_library: Path, ui_glossary: Path, qtbot
) -> None:
    cache = tmp_path / "catalogue.sqlite"
    first = Catalogue.open(cache)
    first.load([ui_library], ui_glossary)
    first.close()
    with closing(sqlite3.connect(cache)) as conn, conn:  # what a bad sector leaves in a row
        conn.execute("UPDATE articles SET article = CAST(x'ff7b' AS TEXT) WHERE path LIKE '%reed-rash.md'")
    catalogue = Catalogue.open(cache)
    library = catalogue.load([ui_library], ui_glossary)
    window = MainWindow(library, Settings(tmp_path / "s.ini"), {}, lambda: None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    open_by_click(qtbot, window, "Reed rash")

    assert page(window).startswith("Reed rash\n")
    assert "Reed rash is an itchy patch of skin after wading." in page(window)
    assert window.current == "reed-rash"
    open_by_click(qtbot, window, "Stone cough")  # the others as before
    assert page(window).startswith("Stone cough\n")
    catalogue.close()


def test_a_library_with_broken_files_says_so_in_the_status_bar(tmp_path: Path, make_reader, qtbot) -> None:
    folder = tmp_path / "mixed"
    write_article(folder, "fine", title="Fine")
    write_article(folder, "broken", title="Broken", colour="red")
    catalogue = Catalogue.open(None)
    library = catalogue.load([folder], None)
    settings = Settings(tmp_path / "mixed.ini")
    settings.accept_disclaimer(disclaimer_version(DISCLAIMER))
    reader = Reader(library, {}, settings, DISCLAIMER)

    window = reader.start()
    qtbot.addWidget(window)

    assert window.statusBar().currentMessage() == (
        "1 content file(s) could not be loaded; run 'healthreader check' for details."
    )
    assert "Fine" in page(window)
    catalogue.close()


SURVIVAL_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from healthreader.app import Reader
from healthreader.content.catalogue import Catalogue
from healthreader.settings import Settings, disclaimer_version

app = QApplication(sys.argv[:1])
library_dir, settings_path, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
catalogue = Catalogue.open(None)
library = catalogue.load([library_dir], None)
settings = Settings(settings_path)
settings.accept_disclaimer(disclaimer_version("text"))
reader = Reader(library, {}, settings, "text")
window = reader.start()
titles = [info.title for info in library]
for n in range(rounds):
    title = titles[n % len(titles)]
    window.sidebar.filter_edit.setText(title)
    QTest.keyClick(window.sidebar.filter_edit, Qt.Key.Key_Return)
    assert window.view.toPlainText().startswith(title), n
    for related in library.related(window.current)[:1]:
        window.view.anchorClicked.emit(QUrl("article:" + related.id))  # a related link
        assert window.current == related.id, n
print("viewed", rounds)
"""


def test_the_reader_survives_thousands_of_article_views(tmp_path: Path) -> None:
    # PySide6 6.12.0 on Python 3.11 lost a reference to None or True on every void call and
    # every emit: the reader aborted after some hundreds of article views (ui/__init__.py).
    # A subprocess, so that an abort is a failed test rather than the end of the session.
    rounds = 3000

    done = subprocess.run(
        [sys.executable, "-c", SURVIVAL_SCRIPT, str(FIXTURE_LIBRARY), str(tmp_path / "s.ini"), str(rounds)],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )  # fmt: skip

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"viewed {rounds}"


def test_export_pdf_says_where_it_saved_the_handout(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:  # fmt: skip
    from PySide6.QtWidgets import QFileDialog

    chosen = tmp_path / "marsh.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), "PDF files (*.pdf)"))
    main_window.open_article("marsh-fever")

    main_window.actions_by_name["Export PDF…"].trigger()

    assert chosen.read_bytes().startswith(b"%PDF-")
    assert saved_on_status_bar(main_window, chosen)


def test_in_a_narrow_window_the_saved_message_keeps_the_file_name(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """It read "Saved the handout to /home/patient/Documents/Autoimmune ly", cut mid-word."""
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "Documents" / "Handouts for the clinic" / "Autoimmune conditions" / "2026"
    folder.mkdir(parents=True)
    chosen = folder / "Autoimmune lymphoproliferative syndrome - Health Reader.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen), "PDF files (*.pdf)"))
    main_window.resize(800, 600)
    main_window.open_article("marsh-fever")

    main_window.actions_by_name["Export PDF…"].trigger()

    bar = main_window.statusBar()
    shown = bar.currentMessage()
    assert shown.startswith(f"Saved \u201c{chosen.name}\u201d in ")  # the name, whole
    assert "\u2026" in shown and shown.endswith("2026")  # the folder, shortened in the middle
    qtbot.waitUntil(lambda: bar.width() == main_window.width())  # the new bar laid out
    assert bar.fontMetrics().horizontalAdvance(shown) < bar.contentsRect().width()
    assert bar.toolTip() == str(chosen)
    bar.clearMessage()
    assert bar.toolTip() == ""  # the tooltip goes with the message


def test_print_with_no_printer_saved_as_pdf_says_where(main_window: MainWindow, tmp_path: Path,
                                                       no_printer: None, save_dialog: SaveDialog) -> None:  # fmt: skip
    from helpers import answer_message_box

    main_window.open_article("marsh-fever")
    answer_message_box("Export PDF…", [])

    main_window.actions_by_name["Print…"].trigger()

    assert (tmp_path / "chosen.pdf").read_bytes().startswith(b"%PDF-")
    assert saved_on_status_bar(main_window, tmp_path / "chosen.pdf")


def test_with_larger_text_the_handout_is_in_large_print(main_window: MainWindow, tmp_path: Path,
                                                        save_dialog: SaveDialog) -> None:  # fmt: skip
    from helpers import text_size

    main_window.open_article("marsh-fever")
    main_window.set_zoom(2)

    main_window.actions_by_name["Export PDF…"].trigger()

    assert text_size(save_dialog.answer, 0, "Marsh fever makes you") == pytest.approx(16, abs=0.5)  # type: ignore[arg-type]


def test_an_article_that_cannot_be_read_says_so_as_text(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from healthreader.errors import ContentError

    def broken(article_id: str) -> object:
        raise ContentError("cannot read the file: <b>Permission denied</b>", Path("/srv/a&b/marsh-fever.md"))

    main_window.library._cache.clear()
    monkeypatch.setattr(main_window.library, "fetch", broken)
    main_window.open_article("marsh-fever")

    text = main_window.view.toPlainText()
    assert text.startswith("Not available\nThis article could not be opened:")
    assert "<b>Permission denied</b>" in text and "/srv/a&b/marsh-fever.md" in text
    # Nothing to print: Print… and Export PDF… are off (they used to raise on it).
    assert not main_window.actions_by_name["Print…"].isEnabled()
    assert not main_window.actions_by_name["Export PDF…"].isEnabled()
    assert main_window.current_articles() == []


# -- tables on screen ------------------------------------------------------------------------

SCHEDULE = """## What is it?

| Medicine | Dose | Morning | Noon | Evening | Bedtime | With food | Notes |
|---|---|---|---|---|---|---|---|
| Prednisolone | 5 mg | Yes | No | No | No | Yes | Do not stop suddenly |
| Hydroxychloroquine | 200 mg | Yes | No | Yes | No | Yes | Eye checks every year |
"""


@pytest.mark.parametrize("zoom", [0, 4], ids=["default size", "larger text"])
def test_a_table_keeps_its_words_whole_on_screen(tmp_path: Path, qtbot, zoom: int) -> None:  # type: ignore[no-untyped-def]
    write_article(tmp_path / "lib", "schedule", title="Medicine schedule", body=SCHEDULE)
    catalogue = Catalogue.open(None)
    library = catalogue.load([tmp_path / "lib"], None)
    settings = Settings(tmp_path / "settings.ini")
    settings.zoom_steps = zoom
    window = MainWindow(library, settings, {}, lambda: None)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    window.show()
    qtbot.waitExposed(window)
    window.open_article("schedule")

    assert "Hydroxychloroquine" in window.view.toPlainText()
    assert broken_words_in_tables(window.view) == []
    if zoom:  # wider than the view at this size: it scrolls sideways, nothing is cut off
        assert window.view.horizontalScrollBar().maximum() > 0
    catalogue.close()


def reading_marsh_fever(settings_path: Path, make_reader, qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """The reader's window, the disclaimer accepted before, on the "Marsh fever" article."""
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start("marsh-fever")
    qtbot.waitExposed(window)
    assert isinstance(window, MainWindow)
    return window


def test_with_an_18_pt_desktop_font_the_article_is_never_smaller_than_the_desktop_text(
    desktop_font_18pt, settings_path: Path, make_reader, qtbot
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """The article started at 12 pt beside 18 pt menus and lists: the smallest text there."""
    window = reading_marsh_fever(settings_path, make_reader, qtbot)

    assert font_size(window) >= 18 and font_size(window) == theme.point_size(0, base=21.6)
    sidebar = window.sidebar.tree.font().pointSizeF()
    assert sidebar == 18 < font_size(window)

    click_repeatedly(qtbot, window, "Larger text", 3)

    # Both grow by the same steps, from their own sizes: the article stays the larger.
    assert window.sidebar.tree.font().pointSizeF() == round(18 * theme.ZOOM_FACTOR**3, 1)
    assert font_size(window) == round(21.6 * theme.ZOOM_FACTOR**3, 1)


# -- a large desktop font --------------------------------------------------------------------

def resize(window: MainWindow, width: int, height: int) -> None:
    """Resize the window as the desktop does, and let Qt lay it out."""
    window.resize(width, height)
    QApplication.processEvents()


TOOLBAR_NAMES = ("Back", "Forward", "Home", "Larger text", "Smaller text", "Print…", "Export PDF…")


def buttons_out_of_reach(window: MainWindow) -> list[str]:
    """The toolbar buttons a user cannot see and click: hidden (behind the toolbar's "»"
    menu) or not wholly inside a toolbar shown in the window."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QToolBar

    lost = []
    for name in TOOLBAR_NAMES:
        [button] = [b for b in find_named(window, name, QToolButton) if b.isVisible()] or [None]
        bar = button.parentWidget() if button is not None else None
        if (button is None or not isinstance(bar, QToolBar) or not bar.isVisible()
                or not bar.rect().contains(QRect(button.mapTo(bar, QPoint(0, 0)), button.size()))
                or not window.rect().contains(QRect(bar.mapTo(window, QPoint(0, 0)), bar.size()))):  # fmt: skip
            lost.append(name)
    return lost


@pytest.mark.parametrize("size", [(1024, 768), (800, 600), (560, 600)])
def test_at_a_20_pt_desktop_font_every_toolbar_button_is_in_reach(
    desktop_font_20pt, settings_path: Path, make_reader, qtbot, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """At 800 px Print and Export PDF went behind the toolbar's "»" button."""
    window = reading_marsh_fever(settings_path, make_reader, qtbot)

    resize(window, *size)

    assert buttons_out_of_reach(window) == []
    # Each still does what it did, by its shortcut too; the menus keep the full names.
    qtbot.mouseClick(tool_button(window, "Larger text"), Qt.MouseButton.LeftButton)
    assert window.zoom_steps == 1
    press_standard_key(qtbot, window.view, QKeySequence.StandardKey.ZoomOut)
    assert window.zoom_steps == 0
    names = {a.text() for menu in window.menuBar().actions() for a in menu.menu().actions()}
    assert set(TOOLBAR_NAMES) <= names


def test_a_narrow_window_shortens_the_labels_and_a_wide_one_gets_them_back(
    desktop_font_20pt, settings_path: Path, make_reader, qtbot
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = reading_marsh_fever(settings_path, make_reader, qtbot)
    resize(window, 1366, 768)
    assert tool_button(window, "Larger text").text() == "Larger text"

    resize(window, 800, 600)
    assert tool_button(window, "Larger text").text() == "Larger"
    assert tool_button(window, "Export PDF…").toolTip() == "Save this article as a PDF handout"

    resize(window, 560, 600)  # two rows: the buttons keep their place in each
    rows = {tool_button(window, name).parentWidget() for name in TOOLBAR_NAMES}
    assert len(rows) == 2

    resize(window, 1366, 768)
    assert [tool_button(window, name).text() for name in TOOLBAR_NAMES] == [
        name.rstrip("…") for name in TOOLBAR_NAMES]  # fmt: skip
    assert {tool_button(window, name).parentWidget() for name in TOOLBAR_NAMES} == {window.toolbar}
    assert buttons_out_of_reach(window) == []


def test_a_desktop_font_changed_while_reading_applies_to_the_article_at_once(
    main_window: MainWindow, qapp, qtbot
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """It applied only at the next Larger / Smaller text."""
    from PySide6.QtGui import QFont

    main_window.open_article("marsh-fever")
    assert font_size(main_window) == theme.point_size(0)
    usual = QFont(qapp.font())
    large = QFont(usual)
    large.setPointSizeF(20)
    try:
        qapp.setFont(large)
        qtbot.waitUntil(lambda: main_window.font().pointSizeF() == 20)  # Qt tells the windows

        # 1.2 times the desktop's size (in whole pixels: 20.25 pt), as at start-up.
        assert font_size(main_window) == main_window.reading_base() >= 24
        assert "Marsh fever" in page(main_window)
        resize(main_window, 800, 600)
        assert buttons_out_of_reach(main_window) == []
    finally:
        qapp.setFont(usual)
    qtbot.waitUntil(lambda: main_window.font() == usual)
    assert font_size(main_window) == theme.point_size(0)


def test_back_puts_the_keyboard_on_the_link_that_was_followed(main_window: MainWindow, qtbot) -> None:
    """Tab to a link, Enter, Alt+Left: the next Tab goes to the link after the one followed
    (as in a web browser), not to the first link of the page."""
    view = main_window.view
    main_window.activateWindow()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    links = []
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        cursor = view.textCursor()
        links.append((cursor.selectedText(), cursor.charFormat().anchorHref()))
    assert len(set(links)) == 3 and all(href for _, href in links), links
    qtbot.keyClick(view, Qt.Key.Key_Backtab)  # on the second link
    assert view.textCursor().selectedText() == links[1][0]

    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert main_window.current != "index"
    press_standard_key(qtbot, view, QKeySequence.StandardKey.Back)

    assert main_window.current == "index" and view.hasFocus()
    assert view.textCursor().selectedText() == links[1][0]  # where the keyboard was
    assert view.focused_link_rects()  # with its mark
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    cursor = view.textCursor()
    assert (cursor.selectedText(), cursor.charFormat().anchorHref()) == links[2]


def test_a_screen_reader_hears_which_page_opened(main_window: MainWindow, qtbot, screen_reader: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The page changed with nothing said, and the window's title stays "Health Reader"."""
    main_window.open_article("marsh-fever")
    press_standard_key(qtbot, main_window.view, QKeySequence.StandardKey.Back)

    assert screen_reader == ["Marsh fever", "Health Reader home page"]
    assert main_window.windowTitle() == "Health Reader"

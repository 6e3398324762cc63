"""Kiosk mode (ui/kioskmode.py) as a patient, the next patient and the staff meet it.

Every way out is tried and must stay closed; every session starts with the disclaimer; the
idle clock warns, counts down and wipes the session; the staff PIN is the only way out.
"""

from __future__ import annotations

import io
import json
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRect,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QClipboard,
    QCloseEvent,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QInputDevice,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from healthreader import paths
from healthreader.app import Reader
from healthreader.cli import main
from healthreader.content.catalogue import Catalogue
from healthreader.errors import ExportError
from healthreader.kiosk.policy import IdleClock, KioskConfig
from healthreader.settings import ZOOM_MAX, Settings, disclaimer_version
from healthreader.ui import kioskmode, theme
from healthreader.ui.disclaimer import DisclaimerDialog
from healthreader.ui.kioskdialogs import IdleWarningDialog, StaffExitDialog
from healthreader.ui.kioskmode import FRONT_DESK_TEXT, PRINTING_TEXT, KioskController
from healthreader.ui.mainwindow import MainWindow
from helpers import (
    DISCLAIMER,
    all_text,
    drag_splitter_handle,
    find_named,
    line_width,
    page_headings,
    placeholder_cut_off,
    rows_cut_off,
    run_healthreader,
    run_python,
    text_contrast,
    text_point,
    top_level_text,
    write_article,
)
from helpers import STAFF_PIN as PIN
from helpers import WRONG_PIN as WRONG

CLINIC = "Riverside Family Clinic"
# Words only article text contains: none may be on screen before "I understand".
ARTICLE_WORDS = ("Heron itch", "Willow cough", "Lantern eye", "marshland", "lamplight")
BODY_WORDS = ("marshland", "lamplight")
LONG_BODY = "## What is it?\n\nHeron itch is a rash from marshland water.\n\n" + "".join(
    f"## Part {n}\n\nA plain paragraph about heron itch, number {n}.\n\n" for n in range(40)
)

Key = Qt.Key
Mod = Qt.KeyboardModifier


# -- fixtures --------------------------------------------------------------------------------



@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    write_article(folder, "heron-itch", title="Heron itch", body=LONG_BODY,
                  categories=["Skin"], related=["willow-cough"])  # fmt: skip
    write_article(folder, "willow-cough", title="Willow cough", categories=["Lungs"],
                  body="## What is it?\n\nA cough after marshland walks.\n")  # fmt: skip
    write_article(folder, "lantern-eye", title="Lantern eye", categories=["Eyes"],
                  body="## What is it?\n\nSore eyes from reading by lamplight.\n")  # fmt: skip
    return folder


@pytest.fixture
def quits(monkeypatch: pytest.MonkeyPatch, quit_calls: list[bool]) -> list[bool]:
    """Every QApplication.quit() asked for, by the Reader or the kiosk (recorded only)."""
    monkeypatch.setattr(QApplication, "quit", lambda: quit_calls.append(True))
    return quit_calls


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "s.ini"


@pytest.fixture
def kiosk_factory(
    qtbot: QtBot, tmp_path: Path, articles: Path, exit_pin: str, settings_file: Path,
    quits: list[bool],
) -> Iterator[Callable[..., Reader]]:  # fmt: skip
    """``make(**config_changes)``: a started kiosk Reader; its gate is up (``disclaimer``:
    its text, else a short one)."""
    catalogues: list[Any] = []
    readers: list[Reader] = []
    indexes: list[Any] = []
    base = KioskConfig(
        home="index", idle_warning_seconds=600, idle_countdown_seconds=30, exit_pin=exit_pin,
        allow_print=False, printer=None, clinic_name=CLINIC, text_scale=1.25,
    )  # fmt: skip

    def make(search: bool = False, disclaimer: str = DISCLAIMER, **changes: Any) -> Reader:
        catalogue = Catalogue.open(None)
        catalogues.append(catalogue)
        library = catalogue.load([articles], None)
        assert not library.problems, library.problems
        index = None
        if search:
            from healthreader.search.lazy import LazySearchIndex

            index = LazySearchIndex(None, library)
            indexes.append(index)
        reader = Reader(library, {}, Settings(settings_file), disclaimer, search_index=index,
                        kiosk_config=replace(base, **changes), kiosk_state_dir=tmp_path / "state")  # fmt: skip
        readers.append(reader)
        reader.start()
        return reader

    yield make

    for reader in readers:
        if reader.kiosk is not None:
            reader.kiosk.shutdown()
    for widget in QApplication.topLevelWidgets():
        widget.hide()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    for index in indexes:
        index.close()
    for catalogue in catalogues:
        catalogue.close()


def kiosk_of(reader: Reader) -> KioskController:
    assert isinstance(reader.kiosk, KioskController)
    return reader.kiosk


def window_of(reader: Reader) -> MainWindow:
    assert reader.window is not None
    return reader.window


def gate_of(reader: Reader) -> DisclaimerDialog:
    gate = kiosk_of(reader).gate
    assert isinstance(gate, DisclaimerDialog)
    return gate


def accept_gate(qtbot: QtBot, reader: Reader) -> MainWindow:
    """Tap "I understand" and wait for the kiosk window."""
    gate = gate_of(reader)
    [button] = find_named(gate, "I understand", QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = window_of(reader)
    qtbot.waitUntil(lambda: window.isVisible() and window.isFullScreen())
    wait_active(qtbot, window)
    return window


def wait_active(qtbot: QtBot, widget: QWidget) -> None:
    """Until ``widget`` is the active window (shortcuts only reach the active window)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


@pytest.fixture
def kiosk(qtbot: QtBot, kiosk_factory: Callable[..., Reader]) -> Reader:
    """A kiosk in a patient session, on its home page."""
    reader = kiosk_factory()
    accept_gate(qtbot, reader)
    return reader


def visible(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def page(window: MainWindow) -> str:
    return window.view.toPlainText()


def tool_button(window: MainWindow, name: str) -> QToolButton:
    [button] = find_named(window, name, QToolButton)
    return button


def assert_still_locked(reader: Reader, quits: list[bool]) -> None:
    window = window_of(reader)
    assert window.isVisible() and window.isFullScreen()
    assert quits == []
    assert visible(QMenu) == []


# -- every session starts with the disclaimer --------------------------------------------------


def test_the_kiosk_starts_with_the_disclaimer_and_no_article_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    reader = kiosk_factory(home="heron-itch")
    gate = gate_of(reader)
    window = window_of(reader)

    assert gate.isVisible() and gate.isFullScreen()
    assert not window.isVisible()
    assert page(window) == ""
    on_screen = all_text(w for w in QApplication.topLevelWidgets() if w.isVisible()).casefold()
    assert [w for w in ARTICLE_WORDS if w.casefold() in on_screen] == []
    anywhere = top_level_text().casefold()  # hidden widgets too: no body text rendered at all
    assert [w for w in BODY_WORDS if w in anywhere] == []
    # No way to quit from the gate: its Quit button is gone.
    assert [b for b in find_named(gate, "Quit", QPushButton) if b.isVisible()] == []

    accept_gate(qtbot, reader)
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert page(window).startswith("Heron itch")
    assert kiosk_of(reader).gate is None and visible(DisclaimerDialog) == []


def test_the_gate_cannot_be_escaped_or_closed(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], quits: list[bool]
) -> None:
    reader = kiosk_factory()
    gate = gate_of(reader)
    wait_active(qtbot, gate)

    qtbot.keyClick(gate, Key.Key_Escape)
    assert not gate.close()
    qtbot.keyClick(gate, Key.Key_F4, Mod.AltModifier)
    qtbot.keyClick(gate, Key.Key_Q, Mod.ControlModifier)

    assert gate.isVisible() and kiosk_of(reader).gate is gate
    assert quits == []
    assert page(window_of(reader)) == ""


EMERGENCY = "In an emergency, call your local emergency number right away"
# The disclaimer every kiosk shows: four paragraphs, the emergency line the first.
BUNDLED_DISCLAIMER = paths.disclaimer_path().read_text(encoding="utf-8")


def in_view(text_view: Any, text: str) -> bool:
    """Whether ``text`` is wholly inside the text view's visible part (not scrolling to it)."""
    cursor = text_view.document().find(text)
    assert not cursor.isNull(), f"{text!r} is not in the text"
    start, end = QTextCursor(cursor), QTextCursor(cursor)
    start.setPosition(cursor.selectionStart())
    end.setPosition(cursor.selectionEnd())
    seen = text_view.viewport().rect()
    return seen.contains(text_view.cursorRect(start)) and seen.contains(text_view.cursorRect(end))


def touch_drag_up(qtbot: QtBot, widget: QWidget, start: QPoint, distance: int) -> None:
    """A finger on ``widget`` at ``start`` (widget coordinates), moved up and lifted."""
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    window = widget.window().windowHandle()
    at = widget.mapTo(widget.window(), start)
    QTest.touchEvent(window, device).press(0, at)
    for step in range(1, 11):
        QTest.touchEvent(window, device).move(0, at - QPoint(0, distance * step // 10))
        qtbot.wait(10)  # a finger moves over time: QScroller measures the speed
    QTest.touchEvent(window, device).release(0, at - QPoint(0, distance))


def test_the_gate_scrolls_by_touch_without_selecting_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    gate = gate_of(kiosk_factory(text_scale=3.0, disclaimer=BUNDLED_DISCLAIMER))
    qtbot.waitExposed(gate)
    text = gate.text
    bar = text.verticalScrollBar()
    assert bar.maximum() > 0  # at the largest text the disclaimer is longer than the screen
    assert bar.isVisible() and bar.width() >= kioskmode.SCROLLBAR_PX  # for a finger

    middle = text.viewport().rect().center()
    touch_drag_up(qtbot, text.viewport(), middle, text.viewport().height() // 3)

    qtbot.waitUntil(lambda: bar.value() > 0)
    assert not text.textCursor().hasSelection()


def test_at_the_largest_text_a_hint_asks_to_scroll_until_the_end_was_shown(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    reader = kiosk_factory(text_scale=3.0, disclaimer=BUNDLED_DISCLAIMER)
    gate = gate_of(reader)
    qtbot.waitExposed(gate)
    [accept] = find_named(gate, "I understand", QPushButton)
    [hint] = [label for label in gate.findChildren(QLabel) if label.isVisible()]
    assert not in_view(gate.text, "asking them first.")
    assert "Scroll down" in hint.text()
    assert accept.isEnabled()  # never held back

    bar = gate.text.verticalScrollBar()
    qtbot.keyClick(gate.text, Key.Key_PageDown)  # not yet at the end
    assert 0 < bar.value() < bar.maximum() - 4
    assert hint.isVisible()
    qtbot.keyClick(gate.text, Key.Key_End)

    assert in_view(gate.text, "asking them first.")  # the end of the text
    assert not hint.isVisible()
    qtbot.keyClick(gate.text, Key.Key_Home)  # reading it again brings no hint back
    assert bar.value() == 0 and not hint.isVisible() and accept.isEnabled()
    accept_gate(qtbot, reader)


def test_a_disclaimer_left_scrolled_is_back_at_its_start_with_its_hint_after_the_idle_time(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    reader = kiosk_factory(text_scale=3.0, disclaimer=BUNDLED_DISCLAIMER,
                           idle_warning_seconds=0.3, idle_countdown_seconds=0.3)  # fmt: skip
    gate = gate_of(reader)
    qtbot.waitExposed(gate)
    [hint] = [label for label in gate.findChildren(QLabel) if label.isVisible()]
    bar = gate.text.verticalScrollBar()
    qtbot.keyClick(gate.text, Key.Key_End)  # read to the end, then walked away
    assert bar.value() == bar.maximum() > 0 and not hint.isVisible()

    qtbot.waitUntil(lambda: bar.value() == 0, timeout=5000)
    assert hint.isVisible() and "Scroll down" in hint.text()
    assert kiosk_of(reader).gate is gate
    accept_gate(qtbot, reader)  # and it is still the way in


def test_on_a_wide_screen_the_disclaimer_is_a_centred_column_with_its_button_under_it(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    # The smallest text makes the test screen (800 px) a wide one for it.
    gate = gate_of(kiosk_factory(text_scale=0.5, disclaimer=BUNDLED_DISCLAIMER))
    qtbot.waitExposed(gate)
    text = gate.text
    lines = []
    block = text.document().begin()
    while block.isValid():
        layout = block.layout()
        lines += [block.text()[line.textStart():line.textStart() + line.textLength()]
                  for line in (layout.lineAt(n) for n in range(layout.lineCount()))]  # fmt: skip
        block = block.next()
    assert len(lines) > 6
    assert max(len(line.strip()) for line in lines) <= 80  # not the screen's whole width
    left = text.mapTo(gate, QPoint(0, 0)).x()
    right = gate.width() - (left + text.width())
    assert left > 100 and abs(left - right) <= 2  # centred
    [accept] = find_named(gate, "I understand", QPushButton)

    def gap() -> int:
        return accept.mapTo(gate, QPoint(0, 0)).y() - (text.mapTo(gate, QPoint(0, 0)).y() + text.height())

    # Right under the text, not at the screen's bottom (once laid out at the screen's size).
    qtbot.waitUntil(lambda: 0 < gap() < kioskmode.BIG_BUTTON_PX)
    assert text.verticalScrollBar().maximum() == 0  # as high as its text
    assert text.mapTo(gate, QPoint(0, 0)).y() > 100  # with the room above it, as below


def test_the_emergency_line_is_first_in_sight_even_at_the_largest_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    # "I understand" is never held back, so a patient may accept without scrolling: what
    # to do in an emergency is the first thing the gate shows, before the rest.
    gate = gate_of(kiosk_factory(text_scale=3.0, disclaimer=BUNDLED_DISCLAIMER))
    qtbot.waitExposed(gate)
    assert gate.text.verticalScrollBar().maximum() > 0  # the rest needs scrolling
    assert gate.text.verticalScrollBar().value() == 0
    assert in_view(gate.text, "In an emergency, call your local")  # its start, at 3x


@pytest.mark.parametrize("scale", [0.5, 1.25])
def test_a_disclaimer_that_fits_can_be_accepted_at_once(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], scale: float
) -> None:
    gate = gate_of(kiosk_factory(text_scale=scale, disclaimer=BUNDLED_DISCLAIMER))
    qtbot.waitExposed(gate)
    assert gate.text.verticalScrollBar().maximum() == 0
    assert in_view(gate.text, EMERGENCY)
    [accept] = find_named(gate, "I understand", QPushButton)
    assert accept.isEnabled()
    assert [label for label in gate.findChildren(QLabel) if label.isVisible()] == []


def test_accepting_is_not_remembered_and_comes_back_next_session(
    qtbot: QtBot, kiosk: Reader, settings_file: Path
) -> None:
    kiosk_of(kiosk).reset_session()

    assert isinstance(kiosk_of(kiosk).gate, DisclaimerDialog)
    assert kiosk_of(kiosk).gate.isVisible()  # type: ignore[union-attr]
    assert not window_of(kiosk).isVisible()
    assert not Settings(settings_file).disclaimer_accepted(disclaimer_version(DISCLAIMER))


# -- ways out: all closed ----------------------------------------------------------------------


def test_closing_the_window_is_refused(kiosk: Reader, quits: list[bool]) -> None:
    window = window_of(kiosk)

    assert not window.close()
    event = QCloseEvent()
    QApplication.sendEvent(window, event)
    assert not event.isAccepted()
    handle = window.windowHandle()
    assert handle is not None and not handle.close()

    assert_still_locked(kiosk, quits)


ESCAPE_KEYS = [
    pytest.param(Key.Key_Q, Mod.ControlModifier, id="Ctrl+Q"),
    pytest.param(Key.Key_W, Mod.ControlModifier, id="Ctrl+W"),
    pytest.param(Key.Key_F4, Mod.AltModifier, id="Alt+F4"),
    pytest.param(Key.Key_F11, Mod.NoModifier, id="F11"),
    pytest.param(Key.Key_O, Mod.ControlModifier, id="Ctrl+O"),
    pytest.param(Key.Key_S, Mod.ControlModifier, id="Ctrl+S"),
    pytest.param(Key.Key_N, Mod.ControlModifier, id="Ctrl+N"),
    pytest.param(Key.Key_P, Mod.ControlModifier, id="Ctrl+P"),
]


@pytest.mark.parametrize(("key", "modifier"), ESCAPE_KEYS)
def test_escape_shortcuts_do_nothing(
    qtbot: QtBot, kiosk: Reader, quits: list[bool], key: Key, modifier: Mod
) -> None:
    window = window_of(kiosk)
    window.open_article("heron-itch")  # Print… is enabled on an article
    # Even an action someone binds to the key later never sees it.
    planted = QAction("planted", window)
    planted.setShortcut(QKeySequence(modifier.value | key.value))
    window.addAction(planted)
    fired: list[bool] = []
    planted.triggered.connect(lambda: fired.append(True))

    for target in (window.view, window.sidebar.filter_edit):
        target.setFocus()
        qtbot.keyClick(target, key, modifier)

    assert fired == []
    assert visible(QMessageBox) == []
    assert page(window).startswith("Heron itch")
    assert_still_locked(kiosk, quits)


def test_allowed_shortcuts_still_work(qtbot: QtBot, kiosk: Reader) -> None:
    """The control for the test above: the same keyboard path does reach actions."""
    window = window_of(kiosk)
    planted = QAction("planted", window)
    planted.setShortcut(QKeySequence("Ctrl+J"))
    window.addAction(planted)
    fired: list[bool] = []
    planted.triggered.connect(lambda: fired.append(True))

    qtbot.keyClick(window.view, Key.Key_J, Mod.ControlModifier)
    zoom_in = QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)[0][0]
    qtbot.keyClick(window.view, zoom_in.key(), zoom_in.keyboardModifiers())
    find = QKeySequence.keyBindings(QKeySequence.StandardKey.Find)[0][0]
    qtbot.keyClick(window.view, find.key(), find.keyboardModifiers())

    assert fired == [True]
    assert window.zoom_steps == 1
    assert window.sidebar.filter_edit.hasFocus()


def test_ctrl_equals_is_larger_text_in_a_kiosk_too(qtbot: QtBot, kiosk: Reader) -> None:
    window = window_of(kiosk)
    window.sidebar.filter_edit.setFocus()

    for target in (window.view, window.sidebar.filter_edit):
        qtbot.keyClick(target, Key.Key_Equal, Mod.ControlModifier)

    assert window.zoom_steps == 2
    assert window.view.document().defaultFont().pointSizeF() == theme.point_size(2, 1.25)


def test_no_menus_and_only_the_kiosk_actions(kiosk: Reader) -> None:
    window = window_of(kiosk)

    assert not window.menuBar().isVisible()
    assert window.menuBar().actions() == []
    assert not window.statusBar().isVisible()
    for name in ("Quit", "Export PDF…", "Medical disclaimer…", "About Health Reader"):
        action = window.actions_by_name[name]
        assert action not in window.actions()
        assert not action.isVisible()
        assert action.shortcuts() == []
        assert find_named(window, name, QToolButton) == []
    for name in ("Back", "Forward", "Home", "Larger text", "Smaller text", "Print…"):
        assert tool_button(window, name).isVisible(), name
    assert window.actions_by_name["Print…"].shortcuts() == []  # allow_print = false


def test_export_pdf_cannot_run_even_when_triggered(
    kiosk: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    fake = types.SimpleNamespace(export_pdf_dialog=lambda *a, **k: calls.append(a),
                                 print_articles=lambda *a, **k: calls.append(a))  # fmt: skip
    monkeypatch.setitem(sys.modules, "healthreader.ui.printing", fake)
    window = window_of(kiosk)
    window.open_article("heron-itch")

    window.actions_by_name["Export PDF…"].trigger()
    window.actions_by_name["Quit"].trigger()

    assert calls == []
    assert window.isVisible()


@pytest.mark.parametrize("allow_print", [False, True], ids=["no printing", "front-desk printing"])
def test_the_clinicians_handout_dialog_is_not_offered(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    allow_print: bool,
) -> None:
    printers(monkeypatch, ["Front Desk"])
    reader = kiosk_factory(allow_print=allow_print, printer="Front Desk" if allow_print else None)
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    action = window.actions_by_name["Handout of several articles…"]
    assert action not in window.actions()
    assert not action.isVisible() and not action.isEnabled()
    assert action.shortcuts() == []
    assert window.menuBar().actions() == []

    for target in (window.view, window.sidebar.filter_edit):
        target.setFocus()
        qtbot.keyClick(target, Key.Key_P, Mod.ControlModifier | Mod.ShiftModifier)
    action.trigger()  # even from code: the lockdown disconnected it

    assert [w for w in QApplication.topLevelWidgets() + window.findChildren(QWidget)
            if w.accessibleName() == "Handout"] == []  # fmt: skip
    assert visible(QMessageBox) == []
    assert page(window).startswith("Heron itch")


def test_context_menus_are_swallowed(qtbot: QtBot, kiosk: Reader) -> None:
    window = window_of(kiosk)
    shown: list[QWidget] = []

    def close_menus() -> None:  # so a failure fails, and never hangs on an open menu
        for menu in visible(QMenu):
            shown.append(menu)
            menu.close()

    targets = [window.view.viewport(), window.view, window.sidebar.filter_edit,
               window.sidebar.tree.viewport(), window.toolbar, kiosk_of(kiosk).clinic_label]  # fmt: skip
    for target in targets:
        QTimer.singleShot(200, close_menus)
        pos = QPoint(10, 10)
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, target.mapToGlobal(pos))
        QApplication.sendEvent(target, event)
        QApplication.processEvents()
        assert visible(QMenu) == [], target
    qtbot.waitUntil(lambda: not visible(QMenu))
    assert shown == []


def test_drag_and_drop_is_refused(kiosk: Reader) -> None:
    window = window_of(kiosk)
    page_before = page(window)
    data = QMimeData()
    data.setText("dropped text")
    data.setUrls([QUrl("file:///etc/passwd")])

    for target in (window.sidebar.filter_edit, window.view.viewport(), window):
        enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                                Qt.MouseButton.LeftButton, Mod.NoModifier)  # fmt: skip
        QApplication.sendEvent(target, enter)
        assert not enter.isAccepted(), target
        drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                          Qt.MouseButton.LeftButton, Mod.NoModifier)  # fmt: skip
        QApplication.sendEvent(target, drop)
        assert not target.acceptDrops()

    assert window.sidebar.filter_edit.text() == ""
    assert page(window) == page_before


def drags_from_selected_text(qtbot: QtBot, text: Any, words: str) -> list[list[str]]:
    """Select all of ``text``, press on ``words`` and move as to drag them away: the data
    of every drag that starts (none should)."""
    started: list[list[str]] = []

    def look() -> None:  # runs inside a drag's own event loop, if one starts
        for drag in text.window().findChildren(QDrag):
            data = drag.mimeData()
            started.append(data.formats() if data is not None else [])
            QDrag.cancel()

    watch = QTimer(interval=10, timeout=look)
    watch.start()
    start = text_point(text, words)
    text.selectAll()  # text_point moved the cursor
    qtbot.mousePress(text.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        QTest.mouseMove(text.viewport(), start + QPoint(20 * step, 10 * step))
    qtbot.mouseRelease(text.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(100, 50))
    look()
    watch.stop()
    return started


def test_no_drag_starts_from_the_disclaimer(qtbot: QtBot, kiosk_factory: Callable[..., Reader]) -> None:
    """A drag could carry the text to another program on the kiosk's desktop."""
    gate = gate_of(kiosk_factory())
    qtbot.waitExposed(gate)
    assert drags_from_selected_text(qtbot, gate.text, "Before you read") == []


def test_no_drag_starts_from_the_article_but_text_can_still_be_selected(
    qtbot: QtBot, kiosk: Reader
) -> None:
    window = window_of(kiosk)
    window.open_article("heron-itch")
    view = window.view
    assert drags_from_selected_text(qtbot, view, "marshland water") == []
    # The same gesture selected anew, from where it was pressed.
    assert view.textCursor().hasSelection()
    assert view.textCursor().selectedText() != view.toPlainText()


def test_a_field_added_after_the_lockdown_is_guarded_too(qtbot: QtBot, kiosk: Reader) -> None:
    """The app-wide filter, not only each widget's policy: a later widget (a search panel
    built on first use, say) with Qt's defaults gets no context menu and takes no drop."""
    window = window_of(kiosk)
    late = QLineEdit(window.sidebar)
    late.show()
    assert late.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
    assert late.acceptDrops()
    QTimer.singleShot(200, lambda: [menu.close() for menu in visible(QMenu)])

    pos = QPoint(5, 5)
    QApplication.sendEvent(late, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                   late.mapToGlobal(pos)))  # fmt: skip
    QApplication.processEvents()
    assert visible(QMenu) == []
    data = QMimeData()
    data.setText("dropped text")
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Mod.NoModifier)  # fmt: skip
    QApplication.sendEvent(late, enter)
    QApplication.sendEvent(late, QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, data,
                                            Qt.MouseButton.LeftButton, Mod.NoModifier))  # fmt: skip
    assert not enter.isAccepted()
    assert late.text() == ""


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://example.test/", "javascript:alert(1)", "mailto:a@b.test"]
)
def test_hostile_links_leave_the_page_unchanged(
    kiosk: Reader, os_handlers: tuple[list[str], list[str]], url: str
) -> None:
    window = window_of(kiosk)
    window.open_article("heron-itch")
    before, history = page(window), window.history

    window.view.anchorClicked.emit(QUrl(url))
    window.view.setSource(QUrl(url))

    assert page(window) == before
    assert window.history == history
    assert os_handlers == ([], [])
    assert window.isVisible() and window.isFullScreen()


# -- idle: warning, countdown, reset ---------------------------------------------------------


def test_idle_warning_then_reset_then_disclaimer_again(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    # A countdown of one second shows "1 second" all the way through.
    reader = kiosk_factory(idle_warning_seconds=0.3, idle_countdown_seconds=1.0)
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    controller = kiosk_of(reader)

    qtbot.waitUntil(lambda: bool(visible(IdleWarningDialog)))
    [warning] = visible(IdleWarningDialog)
    assert isinstance(warning, IdleWarningDialog)
    assert warning.countdown_label() == "This page will reset in 1 second…"
    assert warning.parent() is window

    with qtbot.waitSignal(controller.session_reset, timeout=5000):
        pass
    assert visible(IdleWarningDialog) == []
    assert not window.isVisible()
    gate = gate_of(reader)
    assert gate.isVisible()
    assert page(window) == ""

    accept_gate(qtbot, reader)
    assert window.current == "index"


def test_keep_reading_extends_the_session(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    reader = kiosk_factory(idle_warning_seconds=0.3, idle_countdown_seconds=5)
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    controller = kiosk_of(reader)
    resets: list[bool] = []
    controller.session_reset.connect(lambda: resets.append(True))

    qtbot.waitUntil(lambda: bool(visible(IdleWarningDialog)))
    [warning] = visible(IdleWarningDialog)
    [keep] = find_named(warning, "Keep reading", QPushButton)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)

    assert not warning.isVisible()
    assert controller.clock.tick().phase.name == "ACTIVE"
    assert window.isVisible() and page(window).startswith("Heron itch")

    # Any key counts as well, the second time round.
    qtbot.waitUntil(lambda: bool(visible(IdleWarningDialog)))
    qtbot.keyClick(warning, Key.Key_Space)
    assert not warning.isVisible()
    assert resets == []
    assert page(window).startswith("Heron itch")


def test_input_in_the_window_keeps_the_clock_young(qtbot: QtBot, kiosk: Reader) -> None:
    controller = kiosk_of(kiosk)
    times = [100.0]
    clock = controller.clock = IdleClock(600, 30, now=lambda: times[0])  # no waiting
    times[0] = 100.0 + 590
    qtbot.keyClick(window_of(kiosk).view, Key.Key_Down)
    times[0] = 100.0 + 590 + 20
    assert clock.tick().phase.name == "ACTIVE"


@pytest.mark.parametrize("scale", [1.25, 3.0])
def test_every_session_starts_with_the_list_scrolled_alike_to_the_home_row(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], articles: Path, scale: float
) -> None:
    """The first session's list ended a row off every later one's, and at text_scale 3 its
    home row was out of sight: it was scrolled before its pane and rows took their size."""
    for n in range(40):
        write_article(articles, f"pond-fever-{n:02}",
                      title=f"Pond fever of the northern marshes, type {n:02}")  # fmt: skip
    write_article(articles, "welcome", title="Welcome to the Riverside Family Clinic waiting room")
    reader = kiosk_factory(home="welcome", text_scale=scale)

    def seen() -> tuple[int, bool]:
        tree = window_of(reader).sidebar.tree
        current = tree.currentItem()
        assert current is not None and current.text(0).startswith("Welcome")
        in_sight = tree.viewport().rect().contains(tree.visualItemRect(current))
        return tree.verticalScrollBar().value(), in_sight

    accept_gate(qtbot, reader)
    first = seen()
    kiosk_of(reader).reset_session()
    accept_gate(qtbot, reader)

    assert first[1], "the home row is in sight"
    assert seen() == first


# -- privacy: nothing of the last patient is left ---------------------------------------------


def test_a_reset_leaves_nothing_of_the_last_patient(
    qtbot: QtBot, kiosk: Reader, settings_file: Path
) -> None:
    window = window_of(kiosk)
    controller = kiosk_of(kiosk)
    filter_edit = window.sidebar.filter_edit
    filter_edit.setFocus()
    qtbot.keyClicks(filter_edit, "heron")
    window.open_article("heron-itch")
    window.open_article("willow-cough")
    window.go_back()
    qtbot.mouseClick(tool_button(window, "Larger text"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tool_button(window, "Larger text"), Qt.MouseButton.LeftButton)
    window.view.glossary_requested.emit("rash", "A patch of red, itchy skin.")
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("heron itch notes")
    if clipboard.supportsSelection():
        clipboard.setText("heron itch notes", QClipboard.Mode.Selection)
    assert window.zoom_steps == 2 and window.view.verticalScrollBar().value() > 0
    tree = window.sidebar.tree
    assert tree.topLevelItem(0).isExpanded()  # the filter opened the groups

    controller.reset_session()

    assert page(window) == ""
    assert window.history == []
    assert window.zoom_steps == 0
    assert clipboard.text() == ""
    if clipboard.supportsSelection():
        assert clipboard.text(QClipboard.Mode.Selection) == ""
    assert not window.definition.isVisible()
    assert filter_edit.text() == ""
    assert not filter_edit.isUndoAvailable() and not filter_edit.isRedoAvailable()

    accept_gate(qtbot, kiosk)
    assert window.current == "index" and window.history == ["index"]
    assert not window.actions_by_name["Back"].isEnabled()
    assert window.view.verticalScrollBar().value() == 0
    assert "Heron itch" in window.sidebar.visible_titles()
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [g.isExpanded() for g in groups if g is not None] == [False, False, False, True]
    assert tree.selectedItems() == []
    assert window.view.document().defaultFont().pointSizeF() == theme.point_size(0, 1.25)
    # Ctrl+Z in the filter brings back nothing of the last patient's typing.
    filter_edit.setFocus()
    qtbot.keyClick(filter_edit, Key.Key_Z, Mod.ControlModifier)
    assert filter_edit.text() == ""
    for edit in window.findChildren(QLineEdit):
        assert edit.text() == "" and not edit.isUndoAvailable()
    # Nothing of the session went into the settings file.
    settings = Settings(settings_file)
    assert settings.zoom_steps == 0
    assert settings.last_article is None


def test_a_reset_empties_the_search_panel_too(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    reader = kiosk_factory(search=True)
    window = accept_gate(qtbot, reader)
    [field] = find_named(window, "Search", QLineEdit)
    [results] = find_named(window, "Search results")
    field.setFocus()
    qtbot.keyClicks(field, "heron")
    qtbot.waitUntil(lambda: results.model().rowCount() > 0)
    assert results.visualRect(results.model().index(0, 0)).height() >= 44
    QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                                                    field.mapToGlobal(QPoint(5, 5))))  # fmt: skip
    assert visible(QMenu) == []

    kiosk_of(reader).reset_session()
    accept_gate(qtbot, reader)

    assert field.text() == "" and not field.isUndoAvailable()
    field.setFocus()
    qtbot.keyClick(field, Key.Key_Z, Mod.ControlModifier)
    assert field.text() == ""
    assert results.model().rowCount() == 0


def test_after_a_reset_the_empty_search_box_shows_no_clear_button(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    """The "⊗" of an empty box hints that someone searched just before."""
    reader = kiosk_factory(search=True)
    window = accept_gate(qtbot, reader)
    [field] = find_named(window, "Search", QLineEdit)
    clear_buttons = field.findChildren(QToolButton)
    assert clear_buttons and not any(b.isVisible() for b in clear_buttons)  # as at start
    qtbot.keyClicks(field, "heron")
    qtbot.waitUntil(lambda: any(b.isVisible() for b in clear_buttons))

    kiosk_of(reader).reset_session()
    accept_gate(qtbot, reader)

    assert field.text() == ""
    qtbot.waitUntil(lambda: not any(b.isVisible() for b in clear_buttons))  # it fades out


def test_a_reset_after_clearing_with_the_clear_button_leaves_no_undo(
    qtbot: QtBot, kiosk: Reader
) -> None:
    """clear() (the field's own clear button) is undoable; the reset must not be."""
    filter_edit = window_of(kiosk).sidebar.filter_edit
    qtbot.keyClicks(filter_edit, "willow")
    filter_edit.clear()
    assert filter_edit.isUndoAvailable()

    kiosk_of(kiosk).reset_session()

    assert not filter_edit.isUndoAvailable()
    filter_edit.undo()
    assert filter_edit.text() == ""


def test_a_reset_closes_dialogs_and_menus(qtbot: QtBot, kiosk: Reader) -> None:
    window = window_of(kiosk)
    box = QMessageBox(window)
    box.setText("left open")
    box.open()
    menu = QMenu(window)
    menu.addAction("left open")
    menu.popup(window.mapToGlobal(QPoint(50, 50)))
    kiosk_of(kiosk).open_staff_exit()
    qtbot.waitUntil(lambda: bool(visible(StaffExitDialog)))

    kiosk_of(kiosk).reset_session()

    assert not box.isVisible() and not menu.isVisible()
    assert visible(StaffExitDialog) == []
    assert gate_of(kiosk).isVisible()


def test_the_users_own_settings_are_neither_used_nor_changed(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], settings_file: Path
) -> None:
    settings = Settings(settings_file)
    settings.zoom_steps = 3
    settings.last_article = "lantern-eye"
    settings.sync()

    reader = kiosk_factory(home="heron-itch")
    window = accept_gate(qtbot, reader)

    assert window.zoom_steps == 0
    assert window.current == "heron-itch"  # the kiosk's home, not the last article read
    window.open_article("willow-cough")
    window.zoom_in()
    assert Settings(settings_file).zoom_steps == 3
    assert Settings(settings_file).last_article == "lantern-eye"


def test_the_users_sidebar_width_is_neither_used_nor_changed(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], settings_file: Path
) -> None:
    settings = Settings(settings_file)
    settings.sidebar_width = 250
    settings.sync()

    reader = kiosk_factory()
    window = accept_gate(qtbot, reader)
    sidebar = window.centralWidget().widget(0)
    split = max(kioskmode.SIDEBAR_MIN_PX, window.width() // 3)
    qtbot.waitUntil(lambda: sidebar.width() == split)  # the kiosk's split, not the 250

    drag_splitter_handle(qtbot, window, split - 40)
    dragged = sidebar.width()
    assert dragged < split
    kiosk_of(reader).reset_session()
    accept_gate(qtbot, reader)
    assert sidebar.width() == split  # the next patient gets the kiosk's split again
    drag_splitter_handle(qtbot, window, split - 40)
    kiosk_of(reader).shutdown()  # the staff exit: the window closes with the app
    window.close()

    assert Settings(settings_file).sidebar_width == 250


# -- staff exit ------------------------------------------------------------------------------


def staff_dialog(qtbot: QtBot) -> StaffExitDialog:
    qtbot.waitUntil(lambda: bool(visible(StaffExitDialog)))
    [dialog] = visible(StaffExitDialog)
    assert isinstance(dialog, StaffExitDialog)
    return dialog


def enter_pin(qtbot: QtBot, dialog: StaffExitDialog, pin: str) -> None:
    [field] = find_named(dialog, "PIN", QLineEdit)
    field.setFocus()
    qtbot.keyClicks(field, pin)
    qtbot.keyClick(field, Key.Key_Return)


def test_the_staff_gesture_and_pin_are_the_way_out(
    qtbot: QtBot, kiosk: Reader, quits: list[bool]
) -> None:
    window = window_of(kiosk)
    qtbot.keyClick(window.view, Key.Key_Q,
                   Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)  # fmt: skip
    dialog = staff_dialog(qtbot)
    assert dialog.accessibleName() == "Staff exit"

    enter_pin(qtbot, dialog, WRONG)
    assert dialog.status_text() == "Wrong PIN. 4 tries left."
    enter_pin(qtbot, dialog, WRONG)
    assert dialog.status_text() == "Wrong PIN. 3 tries left."
    assert quits == [] and window.isVisible()

    enter_pin(qtbot, dialog, PIN)
    assert quits == [True]
    assert window.close()  # a staff exit in progress may close the window


def test_cancel_at_the_staff_exit_stays_in_the_kiosk(
    qtbot: QtBot, kiosk: Reader, quits: list[bool]
) -> None:
    kiosk_of(kiosk).open_staff_exit()
    dialog = staff_dialog(qtbot)
    qtbot.keyClick(dialog, Key.Key_Escape)
    assert not dialog.isVisible()
    assert_still_locked(kiosk, quits)


def test_the_clinic_name_can_be_read_on_a_dark_desktop(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], desktop: Callable[[bool], None]
) -> None:
    desktop(True)  # a waiting-room PC left in dark mode
    window = accept_gate(qtbot, kiosk_factory())
    [label] = find_named(window, "Clinic name")

    def seen() -> tuple[float, int]:  # as on screen: the label is drawn on the header
        image = window.grab(QRect(label.mapTo(window, QPoint(0, 0)), label.size())).toImage()
        best, background = text_contrast(image, image.rect())
        return round(best, 1), background.lightness()

    dark = seen()
    qtbot.mouseClick(tool_button(window, "Larger text"), Qt.MouseButton.LeftButton)
    size = window.view.document().defaultFont().pointSizeF()
    desktop(False)
    qtbot.waitUntil(lambda: seen()[1] > 128)  # and back, on the same kiosk

    assert dark[1] < 128 and dark[0] >= 4.5, dark
    assert seen()[0] >= 4.5, seen()
    # Under the kiosk's style sheet the rest follows too, at the patient's text size.
    assert window.view.palette().base().color().lightness() > 128
    assert window.sidebar.tree.palette().base().color().lightness() > 128
    assert window.view.document().defaultFont().pointSizeF() == size > theme.point_size(0, 1.25)


def test_a_long_press_on_the_clinic_name_opens_the_staff_exit(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kioskmode.LONG_PRESS_MS >= 3000
    monkeypatch.setattr(kioskmode, "LONG_PRESS_MS", 300)  # the same gesture, shorter
    reader = kiosk_factory()
    window = accept_gate(qtbot, reader)
    [label] = find_named(window, "Clinic name")
    assert label.text() == CLINIC and label.isVisible()

    qtbot.mousePress(label, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(label, Qt.MouseButton.LeftButton)  # a tap is not the gesture
    assert not kiosk_of(reader)._long_press.isActive()
    assert visible(StaffExitDialog) == []

    qtbot.mousePress(label, Qt.MouseButton.LeftButton)
    staff_dialog(qtbot)
    qtbot.mouseRelease(label, Qt.MouseButton.LeftButton)


LONG_CLINIC = "Saint Bartholomew's Community Health Centre – Paediatrics and Family Medicine 2F"


@pytest.mark.parametrize("scale", [1.25, 3.0])
def test_a_long_clinic_name_is_cut_to_fit_and_the_window_is_the_screen(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], scale: float
) -> None:
    assert len(LONG_CLINIC) == 80  # the config allows 200
    window = accept_gate(qtbot, kiosk_factory(clinic_name=LONG_CLINIC, text_scale=scale))
    screen = window.screen().geometry()
    [label] = find_named(window, "Clinic name")

    # (Offscreen, Qt keeps a window at the size it is given; a real X server makes it
    # at least its minimum size: test_kiosk_xvfb.py checks that one.)
    assert window.geometry() == screen
    assert window.minimumSizeHint().width() <= screen.width()
    # The view's right edge and its scrollbar are on the screen.
    assert window.view.mapTo(window, QPoint(window.view.width(), 0)).x() <= screen.width()
    shown = label.text()
    assert shown.endswith("…") and LONG_CLINIC.startswith(shown[:-1])
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    # The whole name is still there for whoever asks.
    assert label.toolTip() == LONG_CLINIC
    assert label.accessibleDescription() == LONG_CLINIC


def test_a_short_clinic_name_is_shown_whole_with_no_tooltip(kiosk: Reader) -> None:
    [label] = find_named(window_of(kiosk), "Clinic name")
    assert label.text() == CLINIC
    assert label.toolTip() == ""


def test_the_staff_exit_works_from_the_disclaimer_too(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], quits: list[bool]
) -> None:
    reader = kiosk_factory()
    gate = gate_of(reader)
    wait_active(qtbot, gate)
    qtbot.keyClick(gate, Key.Key_Q, Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)
    dialog = staff_dialog(qtbot)
    enter_pin(qtbot, dialog, PIN)
    assert quits == [True]


def test_a_staff_exit_left_open_on_the_disclaimer_goes_with_its_digits_after_the_idle_time(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], quits: list[bool]
) -> None:
    # Staff called away while typing the PIN: the next patient must not find the prompt
    # with half the PIN typed in it.
    reader = kiosk_factory(idle_warning_seconds=0.3, idle_countdown_seconds=0.3)
    gate = gate_of(reader)
    wait_active(qtbot, gate)
    qtbot.keyClick(gate, Key.Key_Q, Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)
    dialog = staff_dialog(qtbot)
    [field] = find_named(dialog, "PIN", QLineEdit)
    field.setFocus()
    qtbot.keyClicks(field, PIN[:4])
    assert len(field.text()) == 4

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert field.text() == ""
    assert kiosk_of(reader).gate is gate and gate.isVisible()  # still the disclaimer
    assert quits == [] and visible(IdleWarningDialog) == []  # nothing to warn about there

    kiosk_of(reader).open_staff_exit()  # staff back: a fresh, empty prompt
    [field] = find_named(staff_dialog(qtbot), "PIN", QLineEdit)
    assert field.text() == ""


def test_the_pin_typed_with_enter_during_a_lockout_stays_in_the_staff_exit(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], quits: list[bool]
) -> None:
    """As the tester typed it, keys to the window: Enter closed the locked dialog, and the PIN
    typed next went into the search box, on screen until the next reset."""
    reader = kiosk_factory(search=True)
    window = accept_gate(qtbot, reader)
    [search] = find_named(window, "Search", QLineEdit)
    search.setFocus()
    qtbot.keyClick(window.windowHandle(), Key.Key_Q,
                   Mod.ControlModifier | Mod.AltModifier | Mod.ShiftModifier)  # fmt: skip
    dialog = staff_dialog(qtbot)
    wait_active(qtbot, dialog)
    keys = dialog.windowHandle()
    for pin in [WRONG] * 5 + [PIN]:
        for digit in pin:
            qtbot.keyClick(keys, digit)
        qtbot.keyClick(keys, Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.status_text() == "Locked. Try again in 30 seconds."
    for digit in PIN:
        qtbot.keyClick(keys, digit)
    assert search.text() == ""
    assert quits == []


def test_the_lockout_outlives_the_kiosk(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], tmp_path: Path
) -> None:
    reader = kiosk_factory()
    kiosk_of(reader).open_staff_exit()
    dialog = staff_dialog(qtbot)
    for _ in range(5):
        enter_pin(qtbot, dialog, WRONG)
    assert dialog.status_text().startswith("Locked. Try again in")
    assert (tmp_path / "state" / kioskmode.PIN_STATE_FILE).is_file()
    kiosk_of(reader).shutdown()
    dialog.close()

    again = kiosk_factory()  # a restarted kiosk, same state folder
    kiosk_of(again).open_staff_exit()
    dialog = staff_dialog(qtbot)
    assert dialog.status_text().startswith("Locked. Try again in")
    [field] = find_named(dialog, "PIN", QLineEdit)
    assert not field.isEnabled()


def test_a_counter_file_that_cannot_be_saved_is_reported_on_stderr(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The clinic's IT sees it in journalctl: the kiosk shows nothing of it to patients."""
    (tmp_path / "state").write_text("")  # the state folder cannot be made
    kiosk_factory()
    err = capsys.readouterr().err.splitlines()
    file = tmp_path / "state" / kioskmode.PIN_STATE_FILE
    assert len(err) == 1, err
    assert err[0].startswith("healthreader: ") and str(file) in err[0]
    assert "lockouts will not survive a restart" in err[0]


# -- printing --------------------------------------------------------------------------------


FAILING_PRINTER = "Back Office"  # installed, but print_direct() cannot use it


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every print_direct() call (the real one would need a printer)."""
    calls: list[dict[str, Any]] = []

    def print_direct(printer_name: str, articles: list[Any], library: Any, glossary: Any,
                     clinic: str | None, large_print: bool) -> list[str]:  # fmt: skip
        if printer_name == FAILING_PRINTER:
            raise ExportError(f"The printer {printer_name!r} cannot be used.")
        calls.append({"printer": printer_name, "ids": [a.id for a in articles],
                      "clinic": clinic, "large_print": large_print})  # fmt: skip
        # The pictures it could not show (as PictureProblem prints): an article says.
        return [f"{a.id}.md:9: picture 'map.png' not found" for a in articles if "![" in a.body]

    fake = types.ModuleType("healthreader.ui.printing")
    fake.print_direct = print_direct  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "healthreader.ui.printing", fake)
    return calls


class FakePrinter:
    """What the kiosk reads of a QPrinterInfo: the queue's name and its description."""

    def __init__(self, name: str, description: str = "") -> None:
        self._name, self._description = name, description

    def printerName(self) -> str:
        return self._name

    def description(self) -> str:
        return self._description


def printers(monkeypatch: pytest.MonkeyPatch, installed: list[str | tuple[str, str]]) -> None:
    """The printers the system lists: a name, or a (name, description) pair."""
    fakes = [FakePrinter(*((p,) if isinstance(p, str) else p)) for p in installed]
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: list(fakes)))


def message_text() -> str:
    [box] = visible(QMessageBox)
    assert isinstance(box, QMessageBox)
    return box.text()


@pytest.mark.parametrize(
    ("allow", "installed"),
    [(False, ["Front Desk"]), (True, []), (True, ["Office Laser"])],
    ids=["print not allowed", "no printer at all", "another printer only"],
)
def test_print_is_refused_with_the_front_desk_message(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]], allow: bool, installed: list[str],
) -> None:  # fmt: skip
    printers(monkeypatch, installed)
    reader = kiosk_factory(allow_print=allow, printer="Front Desk" if allow else None)
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    button = tool_button(window, "Print…")
    assert button.isVisible() and button.isEnabled()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert message_text() == FRONT_DESK_TEXT
    assert printed == []


def test_the_print_messages_ok_is_at_kiosk_size(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]],
) -> None:  # fmt: skip
    printers(monkeypatch, [])
    window = accept_gate(qtbot, kiosk_factory())
    window.open_article("heron-itch")
    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)
    [box] = visible(QMessageBox)
    [message] = [label for label in box.findChildren(QLabel) if label.text() == FRONT_DESK_TEXT]
    [ok] = box.findChildren(QPushButton)

    assert ok.text().replace("&", "") == "OK" and ok.height() >= 44
    assert ok.font().pointSizeF() == message.font().pointSizeF() > theme.point_size(0, 1.25)
    assert ok.fontInfo().pointSizeF() == message.fontInfo().pointSizeF()  # as drawn


def test_print_goes_straight_to_the_front_desk_printer(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]],
) -> None:  # fmt: skip
    printers(monkeypatch, ["Office Laser", "Front Desk"])
    reader = kiosk_factory(allow_print=True, printer="Front Desk")
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")

    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)

    assert printed == [{"printer": "Front Desk", "ids": ["heron-itch"], "clinic": CLINIC,
                        "large_print": False}]  # fmt: skip
    assert message_text() == PRINTING_TEXT
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()
            and w.metaObject().className() in ("QPrintDialog", "QFileDialog")] == []  # fmt: skip
    # Ctrl+P prints too when printing is allowed.
    visible(QMessageBox)[0].close()
    window.open_article("willow-cough")
    wait_active(qtbot, window)
    qtbot.keyClick(window.view, Key.Key_P, Mod.ControlModifier)
    assert [call["ids"] for call in printed] == [["heron-itch"], ["willow-cough"]]


def press_print(qtbot: QtBot, window: MainWindow) -> str:
    """Press Print… as a patient does, read the message, and tap its OK."""
    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)
    [box] = visible(QMessageBox)
    said = box.text()
    [ok] = box.findChildren(QPushButton)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    return said


def test_a_patient_gets_one_copy_of_an_article_and_a_few_articles_per_session(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]], articles: Path,
) -> None:  # fmt: skip
    """Each press sent another full handout to the front desk (6 presses, 36 pages)."""
    extra = [f"extra-{n}" for n in range(1, 5)]
    for article_id in extra:
        write_article(articles, article_id, title=article_id.replace("-", " ").capitalize())
    printers(monkeypatch, ["Front Desk"])
    reader = kiosk_factory(allow_print=True, printer="Front Desk")
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")

    assert press_print(qtbot, window) == PRINTING_TEXT
    # Pressed again, or again after Larger text: the copy is on its way already.
    assert press_print(qtbot, window) == kioskmode.ALREADY_PRINTING_TEXT
    qtbot.mouseClick(tool_button(window, "Larger text"), Qt.MouseButton.LeftButton)
    assert press_print(qtbot, window) == kioskmode.ALREADY_PRINTING_TEXT
    assert len(printed) == 1
    # Other articles print, up to five in a session.
    for article_id in ["willow-cough", "lantern-eye", "extra-1", "extra-2"]:
        window.open_article(article_id)
        assert press_print(qtbot, window) == PRINTING_TEXT
    window.open_article("extra-3")
    assert press_print(qtbot, window) == "Ask at the front desk for more copies."
    assert len(printed) == 5

    kiosk_of(reader).reset_session()  # the next patient prints their own
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    assert press_print(qtbot, window) == PRINTING_TEXT
    assert [call["ids"] for call in printed] == [
        ["heron-itch"], ["willow-cough"], ["lantern-eye"], ["extra-1"], ["extra-2"], ["heron-itch"]
    ]


def test_a_print_that_failed_does_not_count_as_the_patients_copy(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]],
) -> None:  # fmt: skip
    printers(monkeypatch, [])  # the printer is off
    window = accept_gate(qtbot, kiosk_factory(allow_print=True, printer="Front Desk"))
    window.open_article("heron-itch")
    assert press_print(qtbot, window) == FRONT_DESK_TEXT

    printers(monkeypatch, ["Front Desk"])  # turned on: the patient tries again
    assert press_print(qtbot, window) == PRINTING_TEXT
    assert len(printed) == 1


def test_the_printer_named_as_the_settings_show_it_is_the_cups_queue_it_describes(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """README's ``printer = "Front Desk"`` on Linux: CUPS cannot name a queue with a space,
    so the queue is Front_Desk, described "Front Desk" (as the printer settings show it)."""
    printers(monkeypatch, [("Office_Laser", "Office Laser"), ("Front_Desk", "Front Desk")])
    reader = kiosk_factory(allow_print=True, printer="Front Desk")
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")

    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)

    assert [call["printer"] for call in printed] == ["Front_Desk"]
    assert message_text() == PRINTING_TEXT
    assert capsys.readouterr().err == ""  # nothing for the journal: it works


def test_a_printer_that_is_not_installed_is_said_in_the_journal_at_start_and_at_each_print(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:  # fmt: skip
    config = tmp_path / "kiosk.toml"
    printers(monkeypatch, [("Front_Desk_2", "Front Desk 2"), ("PDF", "")])
    reader = kiosk_factory(allow_print=True, printer="Front Desk", path=config)
    line = (f"healthreader: {config}: printer 'Front Desk' is not installed (installed: "
            "Front_Desk_2, PDF); patients are told to ask the front desk")  # fmt: skip
    said: list[str] = []
    # Before any patient: once the gate is up (asking for the printers may take a while).
    qtbot.waitUntil(lambda: bool(said.extend(capsys.readouterr().err.splitlines())) or said == [line])

    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)

    assert message_text() == FRONT_DESK_TEXT
    assert printed == []
    assert capsys.readouterr().err.splitlines() == [line]  # and again for this refusal


def test_a_handout_printed_without_a_picture_is_noted_in_the_journal_not_to_the_patient(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    printers(monkeypatch, ["Front Desk"])
    reader = kiosk_factory(allow_print=True, printer="Front Desk")
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    article = window.current_articles()[0]
    monkeypatch.setattr(window, "current_articles", lambda: [article._replace(body=article.body + "\n![Map](map.png)\n")])
    capsys.readouterr()

    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)

    assert message_text() == PRINTING_TEXT  # the patient hears only that it is printing
    assert capsys.readouterr().err == "healthreader: printed a handout without a picture: heron-itch.md:9: picture 'map.png' not found\n"


def test_a_printer_that_fails_gets_the_front_desk_message(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], monkeypatch: pytest.MonkeyPatch,
    printed: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    printers(monkeypatch, [FAILING_PRINTER])
    reader = kiosk_factory(allow_print=True, printer=FAILING_PRINTER)  # print_direct raises
    window = accept_gate(qtbot, reader)
    window.open_article("heron-itch")
    capsys.readouterr()
    qtbot.mouseClick(tool_button(window, "Print…"), Qt.MouseButton.LeftButton)
    assert message_text() == FRONT_DESK_TEXT
    assert capsys.readouterr().err == (f"healthreader: could not print to {FAILING_PRINTER!r}: The "
                                       f"printer {FAILING_PRINTER!r} cannot be used; the patient "
                                       "was told to ask the front desk\n")  # fmt: skip


# -- touch and text size ---------------------------------------------------------------------


def test_touch_targets_and_text_size(kiosk: Reader) -> None:
    window = window_of(kiosk)
    for name in ("Back", "Forward", "Home", "Larger text", "Smaller text", "Print…"):
        assert tool_button(window, name).height() >= 44, name
    assert window.sidebar.filter_edit.height() >= 44
    tree = window.sidebar.tree
    group = tree.topLevelItem(tree.topLevelItemCount() - 1)
    assert group is not None and group.childCount() == 3
    for i in range(group.childCount()):
        assert tree.visualItemRect(group.child(i)).height() >= 44
    [label] = find_named(window, "Clinic name")
    assert label.height() >= 44

    view_size = window.view.document().defaultFont().pointSizeF()
    assert view_size == theme.point_size(0, 1.25) > theme.point_size(0, 1.0)
    assert window.sidebar.font().pointSizeF() > QApplication.font().pointSizeF()


def test_a_large_desktop_font_does_not_change_the_kiosks_text_sizes(
    qtbot: QtBot, desktop_font_20pt: Any, kiosk_factory: Callable[..., Reader]
) -> None:
    # text_scale sets every size of a kiosk: the article was 1.2 x the machine's desktop
    # font (24 pt) while the panels and the disclaimer kept text_scale's 15 pt.
    window = accept_gate(qtbot, kiosk_factory())
    window.open_article("heron-itch")
    article = window.view.document().defaultFont().pointSizeF()
    assert article == theme.point_size(0, 1.25) == window.sidebar.font().pointSizeF()
    qtbot.keyClick(window.view, Key.Key_Plus, Mod.ControlModifier)  # zoom scales from there
    assert window.view.document().defaultFont().pointSizeF() == theme.point_size(1, 1.25)


def test_the_definitions_close_button_is_touch_sized_and_closes_it(qtbot: QtBot,
                                                                    kiosk: Reader) -> None:  # fmt: skip
    window = window_of(kiosk)
    window.view.glossary_requested.emit("rash", "A rash is a patch of red, itchy skin.")
    [bar] = window.findChildren(QLabel, "definition")
    qtbot.waitUntil(bar.isVisible)
    [close] = find_named(window, "Close definition", QToolButton)

    assert close.width() >= 44 and close.height() >= 44
    assert close.font().pointSizeF() == bar.font().pointSizeF()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def test_larger_text_in_a_kiosk_scales_the_sidebar_and_search_from_text_scale(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    reader = kiosk_factory(search=True)
    window = accept_gate(qtbot, reader)
    names = ("Filter conditions", "Conditions", "Search", "Search results", "definition")

    def sizes() -> dict[str, float]:
        return {name: (find_named(window, name) or window.findChildren(QLabel, name))[0].font().pointSizeF()
                for name in names}  # fmt: skip

    # text_scale 1.25: the text beside the article starts at the article's size.
    assert sizes() == dict.fromkeys(names, theme.point_size(0, 1.25))

    for _ in range(2):
        qtbot.mouseClick(tool_button(window, "Larger text"), Qt.MouseButton.LeftButton)

    assert sizes() == pytest.approx(dict.fromkeys(names, theme.point_size(2, 1.25)), abs=0.1)
    assert tool_button(window, "Back").font().pointSizeF() == theme.point_size(0, 1.25)

    kiosk_of(reader).reset_session()
    accept_gate(qtbot, reader)
    assert sizes() == dict.fromkeys(names, theme.point_size(0, 1.25))


def test_the_kiosk_split_outlasts_larger_and_smaller_text(qtbot: QtBot, kiosk: Reader) -> None:
    """A third of the screen, but never under SIDEBAR_MIN_PX (the offscreen screen is
    small); Smaller text gives back what Larger text took, to the kiosk's split."""
    window = window_of(kiosk)
    sidebar = window.centralWidget().widget(0)
    split = sidebar.width()
    assert split >= max(kioskmode.SIDEBAR_MIN_PX, window.width() // 3)

    for name in ("Larger text", "Smaller text"):
        for _ in range(ZOOM_MAX):
            qtbot.mouseClick(tool_button(window, name), Qt.MouseButton.LeftButton)
            assert split <= sidebar.width() <= max(kioskmode.SIDEBAR_MIN_PX, round(window.width() / 3))

    assert sidebar.width() == split


def click_until_disabled(qtbot: QtBot, button: QWidget) -> None:
    """Click a toolbar button as a user would until it turns grey (Larger text at its largest)."""
    while button.isEnabled():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_in_a_kiosk_every_heading_fits_the_view_at_the_largest_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], articles: Path
) -> None:
    title = "Autoimmune lymphoproliferative syndrome"
    write_article(articles, "alps", title=title, categories=["Blood"],
                  body="## Symptoms\n\nSwollen glands.\n\n## Treatment\n\nMedicines.\n")  # fmt: skip
    reader = kiosk_factory(text_scale=2.0)
    window = accept_gate(qtbot, reader)
    window.open_article("alps")
    click_until_disabled(qtbot, tool_button(window, "Larger text"))

    body = window.view.document().defaultFont().pointSizeF()
    assert body == theme.point_size(ZOOM_MAX, 2.0)
    headings = page_headings(window.view)
    assert [text for _, text, _, _ in headings] == [title, "Symptoms", "Treatment", "Sources"]
    room = line_width(window.view)
    assert [text for _, text, _, lines in headings if not lines or max(lines) > room] == []
    assert all(size >= body for _, _, size, _ in headings)  # never below the chosen size


def test_in_a_kiosk_every_title_in_the_list_reads_whole_at_the_largest_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], articles: Path
) -> None:
    """Cut with "…", these would be three rows of "Autoim…": a touch screen has no hover
    to show the rest. "Autoimmune" alone is wider than the list here: it is broken too."""
    titles = ["Autoimmune hemolytic anemia", "Autoimmune hepatitis", "Autoimmune lymphoproliferative syndrome"]
    for n, title in enumerate(titles):
        write_article(articles, f"auto-{n}", title=title, categories=["Immune system"])
    reader = kiosk_factory(text_scale=1.25)
    window = accept_gate(qtbot, reader)
    click_until_disabled(qtbot, tool_button(window, "Larger text"))

    tree = window.sidebar.tree
    qtbot.waitUntil(lambda: tree.wordWrap())
    for g in range(tree.topLevelItemCount()):  # every group's rows shown as well
        tree.topLevelItem(g).setExpanded(True)
    QApplication.processEvents()
    assert tree.fontMetrics().horizontalAdvance("Autoimmune") > tree.viewport().width()
    assert rows_cut_off(tree) == []
    # The rows keep the titles as written (a screen reader, the filter): the breaks are
    # only in what is drawn.
    assert [t for t in window.sidebar.visible_titles() if t.startswith("Auto")] == titles

    # Smaller again: fewer lines, still nothing cut off.
    tall = tree.visualItemRect(window.sidebar._az_items["auto-2"]).height()
    click_until_disabled(qtbot, tool_button(window, "Smaller text"))
    qtbot.waitUntil(lambda: tree.visualItemRect(window.sidebar._az_items["auto-2"]).height() < tall)
    assert rows_cut_off(tree) == []


def test_in_a_kiosk_every_search_result_reads_whole_at_the_largest_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], articles: Path
) -> None:
    """The results said "Autoimmu…" three times over in a list one row high."""
    from helpers import drawn_result, result_rows_cut_off

    titles = ["Autoimmune hemolytic anemia", "Autoimmune hepatitis", "Autoimmune lymphoproliferative syndrome"]
    for n, title in enumerate(titles):
        write_article(articles, f"auto-{n}", title=title, categories=["Immune system"],
                      summary="The immune system attacks the body.")  # fmt: skip
    reader = kiosk_factory(search=True)
    window = accept_gate(qtbot, reader)
    click_until_disabled(qtbot, tool_button(window, "Larger text"))
    [field] = find_named(window, "Search", QLineEdit)
    [results] = find_named(window, "Search results")
    field.setFocus()
    qtbot.keyClicks(field, "autoimmune")
    qtbot.waitUntil(lambda: results.model().rowCount() == 3)
    QApplication.processEvents()

    assert result_rows_cut_off(results) == []
    first = drawn_result(results, 0)
    assert len({box.top() for box, _text, bold in first if bold}) >= 2  # wrapped, not cut
    # The list has room: half the pane at least (it was one row high).
    pane = results.parentWidget().parentWidget()
    assert results.height() >= pane.height() // 2
    # The fields keep their height: the list of conditions gives way, not its filter box.
    for edit in (field, window.sidebar.filter_edit):
        assert edit.height() >= edit.sizeHint().height()
    assert window.sidebar.tree.height() > 0
    assert window.height() <= window.screen().size().height()


def longest_whole_wording(edit: Any) -> str:
    """Of a field's wordings for its placeholder, the longest that Qt draws whole in it."""
    return next((w for w in edit.wordings if not placeholder_cut_off(edit, w)), edit.wordings[-1])


def test_in_a_kiosk_the_text_fields_say_what_they_are_for_whole_at_any_text_size(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    """At the largest text they read "Search cond…" and "Filter conditi…"."""
    reader = kiosk_factory(search=True)
    window = accept_gate(qtbot, reader)
    [field] = find_named(window, "Search", QLineEdit)
    fields = (field, window.sidebar.filter_edit)
    assert [f.wordings[0] for f in fields] == ["Search conditions or symptoms", "Filter conditions"]
    assert [f.placeholderText() for f in fields] == [longest_whole_wording(f) for f in fields]

    click_until_disabled(qtbot, tool_button(window, "Larger text"))
    QApplication.processEvents()
    for edit in fields:
        assert placeholder_cut_off(edit, edit.wordings[0])  # the whole wording no longer fits
        assert edit.placeholderText() == longest_whole_wording(edit) != edit.wordings[0]
        assert not placeholder_cut_off(edit)
    assert [f.accessibleName() for f in fields] == ["Search", "Filter conditions"]

    click_until_disabled(qtbot, tool_button(window, "Smaller text"))
    QApplication.processEvents()
    assert [f.placeholderText() for f in fields] == [f.wordings[0] for f in fields]
    assert not any(placeholder_cut_off(f) for f in fields)


def test_in_a_kiosk_a_body_word_wider_than_the_view_is_broken_not_scrolled_to(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], articles: Path
) -> None:
    write_article(articles, "kidneys", title="Kidney filters", categories=["Kidneys"],
                  summary="Lupus can cause glomerulonephritis.",
                  body="## What is it?\n\nLupus can cause glomerulonephritis.\n\n"
                       "| Medicine | Dose |\n|---|---|\n| Hydroxychloroquine | 200 mg |\n")  # fmt: skip
    reader = kiosk_factory(text_scale=1.25)
    window = accept_gate(qtbot, reader)
    window.open_article("kidneys")
    click_until_disabled(qtbot, tool_button(window, "Larger text"))

    view = window.view
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().idealWidth() <= view.document().textWidth()
    shown = view.toPlainText()
    assert "glomerulo\u00adnephritis" in shown or "glomeru\u00adlonephritis" in shown
    assert shown.replace("\u00ad", "").count("glomerulonephritis") == 2  # summary, paragraph
    assert "\nDose\n" in shown and "\n200 mg\n" in shown  # the other column's words are whole


# -- the command line ------------------------------------------------------------------------


def kiosk_toml(tmp_path: Path, pin_line: str, **changes: object) -> Path:
    values: dict[str, object] = {
        "home": "index", "idle_warning_seconds": 120, "idle_countdown_seconds": 30,
        "exit_pin": pin_line, "allow_print": False, "clinic_name": CLINIC, "text_scale": 1.25,
    }  # fmt: skip
    values.update(changes)
    lines = [f"{k} = {json.dumps(v)}" for k, v in values.items() if v is not None]
    path = tmp_path / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_kiosk_without_a_config_is_a_usage_error(articles: Path) -> None:
    done = run_healthreader(
        ["--no-bundled", "--content", str(articles), "--kiosk", "--quit-when-ready"]
    )
    assert done.returncode == 2
    assert "--kiosk-config" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("changes", "named"),
    [({"idle_warning_seconds": -5}, "idle_warning_seconds"),
     ({"prnter": "Front Desk"}, "prnter"),
     ({"exit_pin": None}, "exit_pin"),
     ({"home": "no-such-article"}, "home")],
    ids=["negative idle", "typo", "missing pin", "unknown home"],
)  # fmt: skip
def test_a_bad_kiosk_config_exits_naming_the_key(
    tmp_path: Path, articles: Path, exit_pin: str, changes: dict[str, object], named: str
) -> None:
    config = kiosk_toml(tmp_path, exit_pin, **changes)
    done = run_healthreader(["--no-bundled", "--content", str(articles), "--kiosk",
                             "--kiosk-config", str(config), "--quit-when-ready"])  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert named in done.stderr
    assert done.stdout == ""


def test_an_unknown_home_is_reported_with_every_other_problem_of_the_config(
    tmp_path: Path, articles: Path, exit_pin: str
) -> None:
    """One run tells the administrator everything to fix: each line names the file and the
    key, and an id no article has comes with the closest ones."""
    config = kiosk_toml(tmp_path, exit_pin, home="heron-ich", idle_warning_seconds=-5,
                        prnter="Front Desk", text_scale=9)  # fmt: skip
    out, err = io.StringIO(), io.StringIO()

    code = main(["--no-bundled", "--content", str(articles), "--kiosk", "--kiosk-config",
                 str(config)], stdout=out, stderr=err)  # fmt: skip

    assert code == 1
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        f"healthreader: {config}: unknown key 'prnter' (did you mean 'printer'?)",
        f"healthreader: {config}: home: no article with id 'heron-ich' (did you mean "
        "'heron-itch'?); use an article id from the library, or \"index\"",
        f"healthreader: {config}: idle_warning_seconds: must be more than 0 seconds (got -5)",
        f"healthreader: {config}: text_scale: must be between 0.5 and 3.0 (got 9)",
    ]


def test_an_unknown_home_alone_is_refused_before_any_window(
    tmp_path: Path, articles: Path, exit_pin: str
) -> None:
    config = kiosk_toml(tmp_path, exit_pin, home="willow-coff")
    err = io.StringIO()

    code = main(["--no-bundled", "--content", str(articles), "--kiosk", "--kiosk-config",
                 str(config), "--quit-when-ready"], stdout=io.StringIO(), stderr=err)  # fmt: skip

    assert code == 1
    assert err.getvalue() == (f"healthreader: {config}: home: no article with id 'willow-coff' "
                              "(did you mean 'willow-cough'?); use an article id from the "
                              'library, or "index"\n')  # fmt: skip
    assert QApplication.topLevelWidgets() == []


@pytest.mark.skipif(sys.platform == "win32", reason="Windows ends a program without a signal")
def test_systemctl_stop_ends_a_kiosk_with_nothing_of_the_patient_saved(
    tmp_path: Path, articles: Path, exit_pin: str
) -> None:
    """``systemctl stop`` (SIGTERM) in the middle of a patient's session: the kiosk ends at
    once and cleanly, although it refuses to close its window, and writes nothing of the
    session (the article, the window) to the settings."""
    config = kiosk_toml(tmp_path, exit_pin)
    settings = tmp_path / "s.ini"
    script = f"""
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from healthreader.cli import main

def poll():
    app = QApplication.instance()
    shown = [w for w in app.topLevelWidgets() if w.isVisible()]
    window = [w for w in shown if isinstance(w, QMainWindow)]
    if window:  # the patient's session: an article open, then the service is stopped
        window[0].open_article("willow-cough")
        os.kill(os.getpid(), signal.SIGTERM)
    elif shown and hasattr(shown[0], "accept_button"):
        shown[0].accept_button.click()
        QTimer.singleShot(10, poll)
    else:
        QTimer.singleShot(10, poll)

QTimer.singleShot(0, poll)
sys.exit(main(["--no-bundled", "--content", {str(articles)!r}, "--settings", {str(settings)!r},
               "--kiosk", "--kiosk-config", {str(config)!r}]))
"""
    done = run_python(script, env={"QT_QPA_PLATFORM": "offscreen"}, timeout=30)

    assert done.returncode == 0, done.stderr
    saved = settings.read_text(encoding="utf-8") if settings.exists() else ""
    assert "willow-cough" not in saved and "geometry" not in saved


def test_a_good_kiosk_config_starts_at_the_disclaimer(
    tmp_path: Path, articles: Path, exit_pin: str
) -> None:
    config = kiosk_toml(tmp_path, exit_pin)
    done = run_healthreader(["--no-bundled", "--content", str(articles), "--settings",
                             str(tmp_path / "s.ini"), "--kiosk", "--kiosk-config", str(config),
                             "--quit-when-ready"])  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["ready"] == "disclaimer"
    assert "note:" not in done.stderr


def test_an_idle_time_of_a_few_seconds_starts_but_is_noted_for_the_administrator(
    tmp_path: Path, articles: Path, exit_pin: str
) -> None:
    """"2" meant as minutes would reset patients' screens every few seconds: the kiosk still
    starts (a short time is how the reset is tried out), and the journal says why."""
    config = kiosk_toml(tmp_path, exit_pin, idle_warning_seconds=2, idle_countdown_seconds=2.5)
    done = run_healthreader(["--no-bundled", "--content", str(articles), "--settings",
                             str(tmp_path / "s.ini"), "--kiosk", "--kiosk-config", str(config),
                             "--quit-when-ready"])  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["ready"] == "disclaimer"
    notes = [line for line in done.stderr.splitlines() if "note:" in line]
    assert notes == [
        f'healthreader: {config}: note: idle_warning_seconds = 2: patients are asked "Are you '
        "still reading?\" after only 2 seconds without a touch; the value is in seconds "
        "(2 minutes is 120)",
        f"healthreader: {config}: note: idle_countdown_seconds = 2.5: patients get only 2.5 "
        'seconds to answer "Are you still reading?" before the reset',
    ]


@pytest.mark.parametrize("how", ["minimised", "made a normal window"])
def test_the_window_manager_cannot_take_the_kiosk_out_of_full_screen(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader], how: str
) -> None:
    reader = kiosk_factory()
    gate = gate_of(reader)
    (gate.showMinimized if how == "minimised" else gate.showNormal)()
    qtbot.waitUntil(lambda: gate.isFullScreen() and not gate.isMinimized())

    window = accept_gate(qtbot, reader)
    (window.showMinimized if how == "minimised" else window.showNormal)()
    qtbot.waitUntil(lambda: window.isFullScreen() and not window.isMinimized())


def test_a_kiosks_sidebar_pane_scrolls_by_finger_and_its_scroll_bar_has_no_menu(
    qtbot: QtBot, kiosk_factory: Callable[..., Reader]
) -> None:
    """The kiosk's pane is in its scroll area from the start (the window's least height is
    never the pane's), dragged by a finger like the lists, and its scroll bar offers no
    "Scroll here" menu (a kiosk has no context menus)."""
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu, QScroller

    from healthreader.ui.panescroll import PaneScroll

    window = accept_gate(qtbot, kiosk_factory(search=True))

    [pane] = window.findChildren(PaneScroll)
    assert QScroller.hasScroller(pane.viewport())
    bar = pane.verticalScrollBar()
    menus: list[QMenu] = []

    def close_menus() -> None:  # a failure fails, and never hangs on an open menu
        for menu in QApplication.topLevelWidgets():
            if isinstance(menu, QMenu) and menu.isVisible():
                menus.append(menu)
                menu.close()

    QTimer.singleShot(200, close_menus)
    point = QPoint(2, 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, bar.mapToGlobal(point))
    QApplication.sendEvent(bar, event)
    QApplication.processEvents()
    close_menus()
    assert menus == []

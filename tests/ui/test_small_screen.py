"""A small screen, or a high-DPI one (a 1366x768 screen at 150% is 911x512, at 200% 683x384),
with large text: the emergency notice is shown whole, a kiosk never outgrows its screen, and
the first window fits the screen."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetricsF, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from healthreader.search.emergency import NOW
from healthreader.settings import ZOOM_MAX, Settings
from healthreader.ui.kioskdialogs import MIN_TOUCH_PX
from healthreader.ui.mainwindow import MainWindow
from healthreader.ui.wordbreak import SOFT_HYPHEN
from helpers import run_python


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


KIOSK = """
import json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from healthreader.cli import main

def report(window):
    notice = window.search_panel.emergency
    screen = window.screen().geometry()
    seen = notice.visibleRegion().boundingRect()
    top_left = notice.mapTo(window, notice.rect().topLeft())
    print(json.dumps({"window": window.geometry().getRect(), "screen": screen.getRect(),
                      "shown": notice.isVisible(), "notice": [notice.width(), notice.height()],
                      "needs": notice.heightForWidth(notice.width()),
                      "seen": seen.getRect(), "at": [top_left.x(), top_left.y()]}))
    sys.stdout.flush()
    os._exit(0)

def poll():
    app = QApplication.instance()
    shown = [w for w in app.topLevelWidgets() if w.isVisible()]
    window = [w for w in shown if isinstance(w, QMainWindow)]
    poll.count = getattr(poll, "count", 0) + 1
    if window and poll.count > 250:  # 5 s: what it is, whatever it is
        report(window[0])
    if window and window[0].isVisible():
        window = window[0]
        panel = window.search_panel
        if not panel.field.text():
            panel.focus_search()
            panel.field.setText("chest pain")
        notice = panel.emergency
        if notice.isVisible() and not getattr(poll, "waited", 0):
            poll.waited = 1
            QTimer.singleShot(500, poll)  # the layout and the scroll settle
            return
        if notice.isVisible():
            report(window)
    elif shown and hasattr(shown[0], "accept_button"):
        shown[0].accept_button.click()
    QTimer.singleShot(20, poll)

QTimer.singleShot(0, poll)
sys.exit(main(sys.argv[1:]))
"""


def _kiosk_on_a_laptop(tmp_path: Path, exit_pin: str, scale: str, script: str) -> subprocess.CompletedProcess[str]:
    """The README's kiosk (text_scale 1.25) on a 1366x768 screen at ``scale``, in a process
    of its own running ``script`` (its ``sys.argv[1:]`` are the kiosk's arguments)."""
    from test_kioskmode import kiosk_toml

    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")  # fmt: skip
    config = kiosk_toml(tmp_path, exit_pin)
    env = {"QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "QT_SCALE_FACTOR": scale,
           "HEALTHREADER_STATE_DIR": str(tmp_path / "state"),
           "HEALTHREADER_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    args = ["--settings", str(tmp_path / "s.ini"), "--kiosk", "--kiosk-config", str(config)]
    return run_python(script.replace("sys.argv[1:]", repr(args)), env=env, timeout=60)


GATE = """
import json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from healthreader.cli import main

def poll():
    gates = [w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "accept_button")]
    if gates:
        QTimer.singleShot(300, lambda: report(gates[0]))  # laid out
    else:
        QTimer.singleShot(20, poll)

def in_sight(text_view, words):
    found = text_view.document().find(words)
    start, end = QTextCursor(found), QTextCursor(found)
    start.setPosition(found.selectionStart())
    end.setPosition(found.selectionEnd())
    seen = text_view.viewport().rect()
    return seen.contains(text_view.cursorRect(start)) and seen.contains(text_view.cursorRect(end))

def report(gate):
    print(json.dumps({"screen": gate.screen().geometry().height(), "text": gate.text.viewport().height(),
                      "button": gate.accept_button.height(),
                      "emergency": in_sight(gate.text, "In an emergency, call your local emergency number right away"),
                      "number": in_sight(gate.text, "911 in the")}))
    sys.stdout.flush()
    os._exit(0)

QTimer.singleShot(0, poll)
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_the_kiosk_disclaimer_gets_most_of_a_short_screen(tmp_path: Path, exit_pin: str, scale: str) -> None:
    """At 200% on a 1366x768 screen (683x384) the gate's fixed margins, gaps and button
    left the disclaimer a third of the screen, four lines, and Enter accepts at once (at
    150%, 40%). On a usual screen they are as they were (``_gate_spacing``'s doctest)."""
    done = _kiosk_on_a_laptop(tmp_path, exit_pin, scale, GATE)

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["text"] >= seen["screen"] / 2
    assert seen["button"] >= MIN_TOUCH_PX  # still a finger's height
    # "I understand" is never held back: what to do in an emergency is in sight at once.
    assert seen["emergency"] and seen["number"]


@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_a_kiosk_on_a_small_high_dpi_screen_fits_it_and_shows_the_notice_whole(
    tmp_path: Path, exit_pin: str, scale: str
) -> None:
    """The README's kiosk (text_scale 1.25) on a 1366x768 screen at 150% and 200%: the
    fullscreen window grew taller than the screen (911x525 on 911x512, 683x590 on 683x384),
    the left pane's least heights adding up to more, and the notice was cut after "911"."""
    done = _kiosk_on_a_laptop(tmp_path, exit_pin, scale, KIOSK)

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    _x, _y, width, height = seen["window"]
    _sx, _sy, screen_width, screen_height = seen["screen"]
    assert (width, height) == (screen_width, screen_height)  # not larger
    assert seen["shown"]
    notice_width, notice_height = seen["notice"]
    assert notice_height >= seen["needs"]
    # All of it on the screen.
    assert seen["seen"] == [0, 0, notice_width, notice_height]
    assert seen["at"][1] + notice_height <= screen_height


@pytest.mark.parametrize("restored", [False, True], ids=["first launch", "restored geometry"])
def test_the_first_window_fits_a_small_screen(
    qtbot: QtBot, make_reader, settings_path: Path, monkeypatch: pytest.MonkeyPatch, restored: bool
) -> None:  # type: ignore[no-untyped-def]
    """1366x768 at 200% is 683x384: the window was 1100x760 whatever the screen, its right
    side and status bar off-screen; a geometry saved on a larger screen came back as large."""
    from healthreader.settings import disclaimer_version
    from helpers import DISCLAIMER

    settings = Settings(settings_path)
    settings.accept_disclaimer(disclaimer_version(DISCLAIMER))
    if restored:
        big = make_reader().start()
        big.setGeometry(50, 60, 1300, 740)
        settings.window_geometry = big.saveGeometry()
        big.close()
    room = QRect(0, 0, 683, 384)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(room))

    window = make_reader().start()
    qtbot.waitExposed(window)

    assert window.width() <= room.width() and window.height() <= room.height()
    assert room.contains(window.frameGeometry())

"""The kiosk in a real X window under Xvfb: the disclaimer, the kiosk home, the idle warning.

Starts its own ``Xvfb -screen 0 1280x800x24`` (no window manager, as on many kiosks, so
the kiosk must size itself to the screen), runs the kiosk in a subprocess with
``QT_QPA_PLATFORM=xcb`` and checks the screenshots it saved. The same script made
``docs/kiosk-home.png`` and ``docs/kiosk-idle.png``::

    Xvfb :7 -screen 0 1280x800x24 &
    DISPLAY=:7 QT_QPA_PLATFORM=xcb python -c "$(python -c 'import sys; sys.path[:0] = ["tests",
        "tests/ui"]; import test_kiosk_xvfb as t; print(t.SCRIPT)')" resources/articles OUT index
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from helpers import FIXTURE_LIBRARY, REPO, distinct_colours

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="the Xvfb binary is not installed"),
]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLabel
    from PySide6.QtTest import QTest

    from healthreader import paths
    from healthreader.app import Reader
    from healthreader.content.catalogue import Catalogue
    from healthreader.kiosk.pin import hash_pin
    from healthreader.kiosk.policy import KioskConfig
    from healthreader.search.lazy import LazySearchIndex
    from healthreader.settings import Settings

    library_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    home = sys.argv[3]
    clinic = sys.argv[4] if len(sys.argv) > 4 else "Riverside Family Clinic"
    scale = float(sys.argv[5]) if len(sys.argv) > 5 else 1.25
    app = QApplication(sys.argv[:1])
    screen = app.primaryScreen()
    catalogue = Catalogue.open(None)
    library = catalogue.load([library_dir], paths.glossary_path())
    config = KioskConfig(
        home=home, idle_warning_seconds=1.5, idle_countdown_seconds=30,
        exit_pin=hash_pin("270419"), allow_print=False, printer=None,
        clinic_name=clinic, text_scale=scale,
    )
    disclaimer = paths.disclaimer_path().read_text(encoding="utf-8")
    reader = Reader(library, catalogue.glossary, Settings(out / "s.ini"), disclaimer,
                    search_index=LazySearchIndex(None, library), kiosk_config=config,
                    kiosk_state_dir=out / "state")

    def settle(widget):
        assert QTest.qWaitForWindowExposed(widget, 10000), f"{widget} was never exposed"
        widget.repaint()
        app.processEvents()
        app.sync()

    gate = reader.start()
    settle(gate)
    screen.grabWindow(0).save(str(out / "kiosk-gate.png"))
    bar = gate.text.verticalScrollBar()
    gate_info = {"gate": [gate.width(), gate.height()], "gate_scrollbar": bar.width(),
                 "gate_accept_at_first": gate.accept_button.isEnabled()}
    bar.setValue(bar.maximum())  # read to the end
    settle(gate)
    screen.grabWindow(0).save(str(out / "kiosk-gate-end.png"))
    gate.accept_button.click()

    window = reader.window
    settle(window)
    window.grab().save(str(out / "kiosk-home.png"))
    info = gate_info | {"platform": app.platformName(), "screen": [screen.size().width(), screen.size().height()],
            "window": [window.width(), window.height()], "fullscreen": window.isFullScreen(),
            "page": window.view.toPlainText()[:40],
            "view_right": window.view.mapTo(window, window.view.rect().topRight()).x() + 1,
            "header": reader.kiosk.clinic_label.text()}

    kiosk = reader.kiosk
    with_warning = QEventLoop()
    QTimer.singleShot(10000, with_warning.quit)  # a bound, not a wait: the warning ends it
    def check():
        if kiosk.warning_dialog is not None and kiosk.warning_dialog.isVisible():
            with_warning.quit()
    poll = QTimer(interval=20, timeout=check)
    poll.start()
    with_warning.exec()
    poll.stop()
    assert kiosk.warning_dialog is not None and kiosk.warning_dialog.isVisible(), "no warning"
    warning = kiosk.warning_dialog
    settle(warning)
    screen.grabWindow(0).save(str(out / "kiosk-idle.png"))
    info["countdown"] = warning.countdown_label()
    info["warning"] = [warning.width(), warning.height()]
    def whole(label):  # the label's text fits its box as drawn, wrapped or not
        box = label.contentsRect()
        if not label.wordWrap():
            return label.fontMetrics().horizontalAdvance(label.text()) <= box.width()
        needed = label.fontMetrics().boundingRect(box, Qt.TextFlag.TextWordWrap | label.alignment(),
                                                  label.text())
        return needed.width() <= box.width() and needed.height() <= box.height()
    info["warning_cut"] = [label.text() for label in warning.findChildren(QLabel)
                           if not (whole(label) and warning.rect().contains(label.geometry()))]
    info["warning_in_window"] = window.geometry().contains(warning.geometry())
    print(json.dumps(info))
    kiosk.shutdown()
    """
)


def test_the_kiosk_paints_its_home_and_idle_warning_full_screen(
    xvfb_display: str, tmp_path: Path
) -> None:
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(FIXTURE_LIBRARY), str(tmp_path), "index"],
        capture_output=True, text=True, env=env, timeout=90, cwd=REPO,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout.strip().splitlines()[-1])
    assert info["platform"] == "xcb"
    assert info["fullscreen"]
    assert info["window"] == info["screen"] == [1280, 800]  # covers the screen, no WM needed
    assert info["countdown"] == "This page will reset in 30 seconds…"
    assert info["warning_in_window"]
    assert info["warning"] == [1280, 800] and info["warning_cut"] == []
    # The disclaimer fits at 1.25: "I understand" is ready at once; its scrollbar is for a finger.
    assert info["gate"] == [1280, 800] and info["gate_accept_at_first"]
    assert info["gate_scrollbar"] >= 28
    assert "Sun rash" in info["page"] or info["page"]

    for name in ("kiosk-gate.png", "kiosk-home.png", "kiosk-idle.png"):
        image = QImage(str(tmp_path / name))
        assert not image.isNull(), name
        assert (image.width(), image.height()) == (1280, 800), name
        assert distinct_colours(image) > 8, f"{name} looks blank"


LONG_CLINIC = "Saint Bartholomew's Community Health Centre – Paediatrics and Family Medicine 2F"


@pytest.mark.parametrize("scale", ["1.25", "3"])
def test_a_long_clinic_name_leaves_the_kiosk_the_size_of_the_screen(
    xvfb_display: str, tmp_path: Path, scale: str
) -> None:
    """A real X server makes a window at least its minimum size, whatever it is asked for:
    the clinic name's width used to push the kiosk past the screen's right edge."""
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(FIXTURE_LIBRARY), str(tmp_path), "index",
         LONG_CLINIC, scale],
        capture_output=True, text=True, env=env, timeout=90, cwd=REPO,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout.strip().splitlines()[-1])
    assert info["window"] == info["screen"] == [1280, 800]
    assert info["view_right"] <= 1280  # the article's right side and its scrollbar show
    assert info["header"].endswith("…") and LONG_CLINIC.startswith(info["header"][:-1])
    # "Are you still reading?" wraps rather than widening the screen past its edge.
    assert info["warning"] == [1280, 800]
    assert info["countdown"] == "This page will reset in 30 seconds…"
    assert info["warning_cut"] == []
    assert info["gate"] == [1280, 800] and info["gate_scrollbar"] >= 28
    assert info["gate_accept_at_first"]  # never held back, however long the text

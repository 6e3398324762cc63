"""Fixtures shared by the UI tests: URLs handed to the OS, a real X server, a dark desktop."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()  # written once the server accepts connections
        if not number:
            _, err = server.communicate(timeout=10)
            pytest.fail(f"Xvfb did not start: {err.decode(errors='replace')}")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def os_handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[str], list[str]]]:
    """Every URL handed to the OS: (from Python via openUrl, from C++ via URL handlers)."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Recorder(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def handle(self, url: QUrl) -> None:
            self.urls.append(url.toString())

    calls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: calls.append(QUrl(url).toString()))
    )
    recorder = Recorder()
    schemes = ["file", "http", "https", "mailto", "ftp", "javascript", "data", "x-unknown-scheme"]
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, recorder, "handle")
    yield calls, recorder.urls
    for scheme in schemes:
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture(autouse=True)
def _user_settings_follow_the_test(_isolated_user_folders: None) -> None:
    """The user settings' folder is the test's own XDG_CONFIG_HOME (tests/conftest.py). Qt
    keeps the folder it found first for the whole process: after a test that opened Qt's own
    file dialog (which keeps its history in QtProject.conf), ``Settings()`` read that
    test's folder, not the next one's."""
    from PySide6.QtCore import QSettings

    for kind in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, os.environ["XDG_CONFIG_HOME"])


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp):  # type: ignore[no-untyped-def]
    """Every top-level widget a test made (windows, dialogs, popups) is closed and deleted
    when it ends, so that no later test finds it among the top-level widgets (pytest-qt's
    addWidget only closes them, and a window's connections to its own methods keep its
    Python side alive until a GC)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QCoreApplication.processEvents()


@pytest.fixture
def desktop(qapp):  # type: ignore[no-untyped-def]
    """``desktop(dark)``: the palette the desktop hands the application, dark (its dark
    mode) or light; the light one again after the test."""
    from PySide6.QtGui import QPalette

    from helpers import dark_palette

    light = QPalette(qapp.palette())

    def turn(dark: bool) -> None:
        qapp.setPalette(dark_palette() if dark else light)

    yield turn
    qapp.setPalette(light)


@pytest.fixture
def screen_reader(qapp, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Assistive technology running (``QAccessible`` active, as when a screen reader is),
    and what the application asks it to announce: a list of the messages, in order."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    heard: list[str] = []
    real = QAccessible.updateAccessibility

    def update(event):  # type: ignore[no-untyped-def]
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append(event.message())
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(update))
    # What waits for typing to pause (ui/announce.py) waits a minute here, so that a slow
    # machine never "pauses" between two keys of a test; helpers.end_pause ends it.
    from healthreader.ui import announce

    monkeypatch.setattr(announce, "PAUSE_MS", 60_000)
    QAccessible.setActive(True)
    yield heard
    QAccessible.setActive(False)


def _desktop_font(qapp, points: float):  # type: ignore[no-untyped-def]
    """A desktop font of ``points``, set before any window is built, as the desktop gives it
    to the application; the usual one again afterwards."""
    from PySide6.QtGui import QFont

    usual = QFont(qapp.font())
    large = QFont(usual)
    large.setPointSizeF(points)
    qapp.setFont(large)
    yield large
    qapp.setFont(usual)


@pytest.fixture
def desktop_font_18pt(qapp):  # type: ignore[no-untyped-def]
    """An 18 pt desktop font (a partially sighted user's): see _desktop_font."""
    yield from _desktop_font(qapp, 18)


@pytest.fixture
def desktop_font_20pt(qapp):  # type: ignore[no-untyped-def]
    """A 20 pt desktop font: see _desktop_font."""
    yield from _desktop_font(qapp, 20)

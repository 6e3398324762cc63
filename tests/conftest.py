"""Shared fixtures: every test runs offscreen with its own cache, state and config folders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

# Set before pytest-qt's session QApplication exists (a function fixture would be too late).
# The Xvfb tests start their own subprocess with QT_QPA_PLATFORM=xcb.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalogue, search index, kiosk state and any stray QSettings go to tmp folders."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("HEALTHREADER_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("HEALTHREADER_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "xdg-state"))


# -- the reader's UI (pytest-qt). Qt is imported inside the fixtures: tests/unit never asks
# for these, and must run without PySide6. ---------------------------------------------------


@pytest.fixture
def ui_library(tmp_path: Path) -> Path:
    from helpers import write_ui_library

    return write_ui_library(tmp_path / "articles")


@pytest.fixture
def ui_glossary(tmp_path: Path) -> Path:
    from helpers import UI_GLOSSARY, write_glossary

    return write_glossary(tmp_path / "glossary.yaml", UI_GLOSSARY)


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def quit_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each QApplication.quit() the reader asks for (recorded, so the test session lives on)."""
    import types

    calls: list[bool] = []
    monkeypatch.setattr(
        "healthreader.app.QApplication", types.SimpleNamespace(quit=lambda: calls.append(True))
    )
    return calls


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Each QMessageBox the app pops up: (kind, title, text). Recorded instead of shown, so a
    modal box can never hang a test; a test asserts on the list."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str, str]] = []
    for kind in ("information", "warning", "critical", "question", "about"):

        def record(parent, title, text, *args, _kind=kind, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((_kind, title, text))
            return QMessageBox.StandardButton.Ok

        monkeypatch.setattr(QMessageBox, kind, staticmethod(record))
    return shown


@pytest.fixture
def make_reader(qtbot, ui_library: Path, ui_glossary: Path, settings_path: Path, quit_calls: list[bool],
                message_boxes: list[tuple[str, str, str]]):  # type: ignore[no-untyped-def]  # fmt: skip
    """Build a ``healthreader.app.Reader`` on the UI library, as app.py does (no search index).

    ``make_reader(disclaimer=..., settings=...)``; call ``.start(article)`` in the test.
    Every window is closed and deleted afterwards (tests/ui/conftest.py), so no test sees
    another's widgets.
    """

    from healthreader.app import Reader
    from healthreader.content.catalogue import Catalogue
    from healthreader.settings import Settings
    from helpers import DISCLAIMER

    catalogues = []
    readers = []

    def make(disclaimer: str = DISCLAIMER, settings: Path | None = None) -> Reader:
        catalogue = Catalogue.open(None)
        catalogues.append(catalogue)
        library = catalogue.load([ui_library], ui_glossary)
        assert not library.problems, library.problems
        reader = Reader(library, catalogue.glossary, Settings(settings or settings_path), disclaimer,
                        search_index=None)  # fmt: skip
        readers.append(reader)  # alive for the whole test, as run_reader() keeps its reader
        return reader

    yield make

    # Its windows are deleted by tests/ui/conftest.py's _no_window_outlives_its_test.
    for catalogue in catalogues:
        catalogue.close()


@pytest.fixture
def main_window(make_reader, settings_path: Path, qtbot):  # type: ignore[no-untyped-def]
    """The main window after the disclaimer was accepted, on the home page, exposed."""
    from healthreader.settings import Settings, disclaimer_version
    from helpers import DISCLAIMER

    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    reader = make_reader()
    window = reader.start()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def searching_window(make_reader, settings_path: Path, qtbot):  # type: ignore[no-untyped-def]
    """The main window with a search panel (an in-memory index), on the home page."""
    from healthreader.search.lazy import LazySearchIndex
    from healthreader.settings import Settings, disclaimer_version
    from helpers import DISCLAIMER

    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    reader = make_reader()
    index = LazySearchIndex(None, reader.library)
    reader.search_index = index
    window = reader.start()
    qtbot.waitExposed(window)
    yield window
    index.close()


@pytest.fixture
def no_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No printer is installed."""
    from PySide6.QtPrintSupport import QPrinterInfo

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: []))


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The save dialog is stood in: it answers ``tmp_path/chosen.pdf`` (set ``.answer`` to
    another path, or None for Cancel) and records the names it was offered."""
    from PySide6.QtWidgets import QFileDialog

    from helpers import SaveDialog

    dialog = SaveDialog(tmp_path / "chosen.pdf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return dialog


@pytest.fixture
def printed_preview(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A printer is installed, and the print preview is stood in: the user presses Print in
    it, and its paint request goes to a PDF, so the pages can be read back."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
    from PySide6.QtWidgets import QDialog, QWidget

    from healthreader.ui import printing
    from helpers import StandInPreview

    seen = StandInPreview(tmp_path / "preview.pdf")

    class Preview:
        def __init__(self, printer: QPrinter, parent: QWidget) -> None:
            seen.doc_names.append(printer.docName())
            self.slots: list[Any] = []
            self.paintRequested = self

        def connect(self, slot: Any) -> None:
            self.slots.append(slot)

        def setWindowTitle(self, title: str) -> None:
            seen.window_titles.append(title)

        def exec(self) -> int:
            target = QPrinter(QPrinter.PrinterMode.HighResolution)
            target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            target.setOutputFileName(str(seen.out))
            for slot in self.slots:
                slot(target)
            return QDialog.DialogCode.Accepted.value

        def deleteLater(self) -> None:
            pass

    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))
    monkeypatch.setattr(printing, "_prints_on_paper", lambda printer: True)
    monkeypatch.setattr(printing, "QPrintPreviewDialog", Preview)
    monkeypatch.setattr(printing, "fit_preview", lambda preview: None)  # Qt's, not this one
    return seen


@pytest.fixture(scope="session")
def exit_pin() -> str:
    """The scrypt hash of helpers.STAFF_PIN, as a kiosk config's ``exit_pin`` holds it
    (made once: scrypt is slow on purpose)."""
    from healthreader.kiosk.pin import hash_pin
    from helpers import STAFF_PIN

    return hash_pin(STAFF_PIN)

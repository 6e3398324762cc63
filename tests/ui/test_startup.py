"""run_reader in-process: what waits until the first window is on screen."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from healthreader import paths
from healthreader.app import run_reader
from healthreader.cli import Options
from helpers import FIXTURE_LIBRARY, write_accepted_settings


def test_the_icon_and_the_search_index_follow_the_first_paint(qapp: QApplication, tmp_path: Path) -> None:
    settings = write_accepted_settings(
        tmp_path / "accepted.ini", paths.disclaimer_path().read_text(encoding="utf-8")
    )
    search_cache = Path(os.environ["HEALTHREADER_CACHE_DIR"]) / "search.sqlite"
    qapp.setWindowIcon(QIcon())
    seen: list[str] = []

    def poll() -> None:
        shown = [w for w in qapp.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Health Reader"]
        if shown and not qapp.windowIcon().isNull() and search_cache.is_file():
            seen.append(shown[0].windowTitle())
            shown[0].close()
            qapp.quit()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    QTimer.singleShot(15_000, qapp.quit)  # a failing run still ends
    options = Options(content=[FIXTURE_LIBRARY], bundled=False, settings=settings)

    code = run_reader(options, io.StringIO(), io.StringIO())

    assert code == 0
    assert seen == ["Health Reader"]

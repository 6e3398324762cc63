"""In a real X window under Xvfb: the reader opens an article and paints it.

Starts its own ``Xvfb -screen 0 1280x800x24`` (on a free display number that Xvfb picks
itself, ``-displayfd``), runs the reader in a subprocess with ``QT_QPA_PLATFORM=xcb``, and
looks at the PNG the subprocess saved from ``widget.grab()`` and from the X server itself.
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

from helpers import DISCLAIMER, FIXTURE_GLOSSARY, FIXTURE_LIBRARY, REPO, distinct_colours

pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="the Xvfb binary is not installed (CI installs it)"),
]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest

    from healthreader.app import Reader
    from healthreader.content.catalogue import Catalogue
    from healthreader.settings import Settings, disclaimer_version

    library_dir, glossary, settings_path, disclaimer, out = map(Path, sys.argv[1:6])
    app = QApplication(sys.argv[:1])
    text = disclaimer.read_text(encoding="utf-8")
    settings = Settings(settings_path)
    settings.accept_disclaimer(disclaimer_version(text))
    catalogue = Catalogue.open(None)
    library = catalogue.load([library_dir], glossary)
    reader = Reader(library, catalogue.glossary, settings, text, search_index=None)
    window = reader.start("sun-rash")
    window.resize(1000, 700)
    assert QTest.qWaitForWindowExposed(window, 10000), "the window was never exposed"
    window.repaint()  # paints and flushes to the X server now; no fixed wait
    app.processEvents()
    window.grab().save(str(out / "window.png"))
    screen = window.screen().grabWindow(window.winId())
    screen.save(str(out / "screen.png"))
    print(json.dumps({
        "platform": app.platformName(),
        "width": window.width(), "height": window.height(),
        "dpr": window.devicePixelRatioF(),
        "title": window.windowTitle(),
        "page": window.view.toPlainText()[:40],
    }))
    window.close()
    """
)


def test_the_main_window_paints_an_article_in_a_real_x_window(xvfb_display: str, tmp_path: Path) -> None:
    disclaimer = tmp_path / "disclaimer.md"
    disclaimer.write_text(DISCLAIMER, encoding="utf-8")
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(FIXTURE_LIBRARY), str(FIXTURE_GLOSSARY),
         str(tmp_path / "s.ini"), str(disclaimer), str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=60, cwd=REPO,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout.strip().splitlines()[-1])
    assert info["platform"] == "xcb"
    assert info["title"] == "Health Reader"
    assert info["page"].startswith("Sun rash")

    for name in ("window.png", "screen.png"):
        path = tmp_path / name
        assert path.is_file(), name
        image = QImage(str(path))
        assert not image.isNull(), name
        assert (image.width(), image.height()) == (
            round(info["width"] * info["dpr"]), round(info["height"] * info["dpr"])
        ), name
        assert distinct_colours(image) > 10, f"{name} is (nearly) a single colour"

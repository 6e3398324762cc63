"""run_reader in-process: what waits until the first window is on screen."""

from __future__ import annotations

import io
import os
import subprocess
import textwrap
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow

from healthreader import app, paths
from healthreader.app import run_reader
from healthreader.cli import Options
from healthreader.search.index import SearchIndex
from healthreader.search.lazy import LazySearchIndex
from helpers import FIXTURE_LIBRARY, run_python, write_accepted_settings


class _PaintSeen(QObject):
    """Notes when the main window gets its first paint event."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            self.painted = True
        return False


def test_the_icon_and_the_search_index_come_after_the_first_paint(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = write_accepted_settings(
        tmp_path / "accepted.ini", paths.disclaimer_path().read_text(encoding="utf-8")
    )
    cache_dir = Path(os.environ["HEALTHREADER_CACHE_DIR"])
    # The search cache is named for the content folders (paths.content_cache_file).
    search_cache = paths.content_cache_file(cache_dir / "search.sqlite", [FIXTURE_LIBRARY])
    qapp.setWindowIcon(QIcon())
    paint = _PaintSeen()
    qapp.installEventFilter(paint)
    order: list[tuple[str, bool]] = []  # (what ran, whether the window had been painted)
    set_icon, start = app._set_window_icon, LazySearchIndex.start
    monkeypatch.setattr(app, "_set_window_icon",
                        lambda a: (order.append(("icon", paint.painted)), set_icon(a))[1])  # fmt: skip
    monkeypatch.setattr(LazySearchIndex, "start",
                        lambda self: (order.append(("search index", paint.painted)), start(self))[1])  # fmt: skip
    opened_on: list[threading.Thread] = []
    open_index = SearchIndex.open.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(SearchIndex, "open", classmethod(
        lambda cls, *a: (opened_on.append(threading.current_thread()), open_index(cls, *a))[1]))  # fmt: skip

    def poll() -> None:
        shown = [w for w in qapp.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if shown and not qapp.windowIcon().isNull() and search_cache.is_file():
            shown[0].setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # no window left over
            # Closing the last window ends run_reader. (A quit() as well would leave a second
            # quit queued, and the tests after this one would get no posted events: their
            # settings would never be written.)
            shown[0].close()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    QTimer.singleShot(15_000, qapp.quit)  # a failing run still ends
    options = Options(content=[FIXTURE_LIBRARY], bundled=False, settings=settings)
    try:
        code = run_reader(options, io.StringIO(), io.StringIO())
    finally:
        qapp.removeEventFilter(paint)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    assert code == 0
    assert order == [("icon", True), ("search index", True)]
    # Off the window's thread: indexing many changed articles takes seconds.
    assert len(opened_on) == 1 and opened_on[0] is not threading.main_thread()
    assert not any(isinstance(w, QMainWindow) for w in qapp.topLevelWidgets())


def test_the_last_article_is_kept_when_the_app_ends_with_its_window_open(tmp_path: Path) -> None:
    """The app asked to quit (a session logout, the Quit action) well before the window's
    own 2 s save: Qt closes the window first, and the close saves it. (In a process of its
    own: a quit() in this one would upset the tests after it.)"""
    settings = write_accepted_settings(
        tmp_path / "s.ini", paths.disclaimer_path().read_text(encoding="utf-8")
    )
    done = _run_until_shown(settings, "sun-rash")  # and quits
    assert done.returncode == 0, done.stderr
    assert "last_article=sun-rash" in settings.read_text(encoding="utf-8")


_SIGNAL_WHEN_SHOWN = """
import os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from healthreader.cli import main

def poll():
    app = QApplication.instance()
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if not shown:
        QTimer.singleShot(10, poll)
        return
    if ARTICLE:
        shown[0].open_article(ARTICLE)
    if SIZE:
        shown[0].resize(*SIZE)
    if SIGNAL:
        os.kill(os.getpid(), getattr(signal, SIGNAL))
    else:
        print("size", shown[0].width(), shown[0].height(), flush=True)
        app.quit()

QTimer.singleShot(0, poll)
sys.exit(main(["--no-bundled", "--content", LIBRARY, "--settings", SETTINGS]))
"""


def _run_until_shown(settings: Path, article: str = "", size: tuple[int, int] | None = None,
                     signal: str = "") -> subprocess.CompletedProcess[str]:  # fmt: skip
    """The reader in a process of its own: once its window is up, open ``article``, resize
    the window, and send the process ``signal`` (or print the window's size and quit)."""
    values = {"ARTICLE": article, "SIZE": size, "SIGNAL": signal,
              "LIBRARY": str(FIXTURE_LIBRARY), "SETTINGS": str(settings)}  # fmt: skip
    preamble = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return run_python(preamble + _SIGNAL_WHEN_SHOWN)


@pytest.mark.skipif(os.name != "posix", reason="Windows ends a program without a signal")
@pytest.mark.parametrize("signal", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_to_quit_saves_the_window_size_and_the_article_just_opened(
    tmp_path: Path, signal: str
) -> None:
    """A logout or ``systemctl stop`` (SIGTERM), a closed terminal (SIGHUP), Ctrl+C in it
    (SIGINT): the reader ends as its window's close does. Before, SIGTERM ended it with the
    window's size unsaved, and with the article opened less than 2 s before lost."""
    settings = write_accepted_settings(
        tmp_path / "s.ini", paths.disclaimer_path().read_text(encoding="utf-8")
    )

    done = _run_until_shown(settings, "sun-rash", (720, 520), signal)

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "last_article=sun-rash" in settings.read_text(encoding="utf-8")
    again = _run_until_shown(settings)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == ["size", "720", "520"]


@pytest.mark.parametrize("start", ["main window", "last article", "disclaimer"])
def test_the_first_paint_builds_no_qt_namespace(tmp_path: Path, start: str) -> None:
    """ui/roles.py: PySide6's ``Qt`` namespace costs 12 ms to build; nothing before the
    first paint may touch it (a call as plain as ``QSplitter(parent)`` does). Dialogs made on
    request (the handout) are not even imported by then. No scroll area is asked for its
    viewport either: PySide6 would set up every widget class (QTabWidget among them, which
    the reader never shows) to find out what it is, about 9 ms. Nor are the page's headings
    measured (ui/headingfit.py), nor its body's words (ui/bodyfit.py): at the default size
    they all fit, even the bundled article with the longest unbreakable piece (an address)
    that the reader had open when the app was last closed."""
    settings = tmp_path / "s.ini"
    accepted = start != "disclaimer"
    if accepted:
        write_accepted_settings(settings, paths.disclaimer_path().read_text(encoding="utf-8"))
    if start == "last article":
        with settings.open("a", encoding="utf-8") as ini:
            ini.write("\n[view]\nlast_article=amyotrophic-lateral-sclerosis\n")
    code = textwrap.dedent(
        f"""
        import sys
        import PySide6.QtCore as core
        import PySide6.QtWidgets as widgets
        from healthreader import app

        class Watch(app._FirstPaint):
            def __init__(self, callback):
                def check():
                    print("Qt built:", isinstance(core.__dict__.get("Qt"), type), flush=True)
                    # Built when asked for (File → Handout…), never on the way up.
                    print("handout dialog loaded:", "healthreader.ui.handoutdialog" in sys.modules,
                          flush=True)
                    # content/page.py escapes without it: its entity table costs 2 ms, 0.7 MiB.
                    print("html loaded:", "html" in sys.modules, flush=True)
                    # Headings are fitted to the view only when one may not fit: not at the
                    # default size in the default window.
                    print("heading fit loaded:", "healthreader.ui.headingfit" in sys.modules,
                          flush=True)
                    # Nor the body's words (ui/bodyfit.py), nor how a word is broken.
                    print("body fit loaded:", "healthreader.ui.bodyfit" in sys.modules,
                          "healthreader.ui.wordbreak" in sys.modules, flush=True)
                    print("every widget class set up:", "QTabWidget" in widgets.__dict__, flush=True)
                    # The model is NamedTuples (making a dataclass costs 0.5 ms), and the
                    # catalogue's list is read column by column: the json module (a
                    # millisecond) loads with the first article, read from its JSON row.
                    print("dataclasses loaded:", "dataclasses" in sys.modules, flush=True)
                    print("json loaded:", "json" in sys.modules, flush=True)
                    callback()
                super().__init__(check)

        app._FirstPaint = Watch
        from healthreader.cli import main
        sys.exit(main(["--settings", {str(settings)!r}, "--quit-when-ready"]))
        """
    )
    # A desktop screen with room for the first size (1100x760): on a smaller one the window
    # is made to fit it (tests/ui/test_small_screen.py), and narrower, the article's
    # headings may need fitting.
    screens = tmp_path / "screens.json"
    screens.write_text('{"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1920, '
                       '"height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}',
                       encoding="utf-8")  # fmt: skip
    env = {"QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    first = run_python(code, env=env)  # may build the catalogue; the second start is a warm one
    assert first.returncode == 0 and "Qt built: False" in first.stdout, first.stderr
    done = run_python(code, env=env)
    assert done.returncode == 0, done.stderr
    assert "Qt built: False" in done.stdout
    assert "handout dialog loaded: False" in done.stdout
    assert "html loaded: False" in done.stdout
    assert "heading fit loaded: False" in done.stdout
    assert "body fit loaded: False False" in done.stdout
    assert "every widget class set up: False" in done.stdout
    assert "dataclasses loaded: False" in done.stdout
    assert f"json loaded: {start == 'last article'}" in done.stdout
    assert ('"ready": "main"' if accepted else '"ready": "disclaimer"') in done.stdout

"""The composition root: builds Library, Settings, search and the windows, and wires them.

The flow: load the catalogue; if the disclaimer's current text is not accepted, show only
the "Medical disclaimer" dialog; "I understand" stores its SHA-256 and opens the main
window (and a deep-linked article), "Quit" ends the program with no article text ever
rendered. In kiosk mode the disclaimer comes back at the start of every patient session.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from healthreader import paths
from healthreader.cli import Options, Prepared, prepare_reader
from healthreader.content.model import Library
from healthreader.settings import Settings, disclaimer_version
from healthreader.ui.mainwindow import HOME, MainWindow

if TYPE_CHECKING:
    from healthreader.ui.disclaimer import DisclaimerDialog


class _FirstPaint(QObject):
    """Calls back once, right after the watched window's first paint."""

    def __init__(self, callback: Any) -> None:
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


class Reader:
    """Owns the windows of one run of the reader and the disclaimer gate."""

    def __init__(
        self,
        library: Library,
        glossary: dict[str, str],
        settings: Settings,
        disclaimer_text: str,
        search_index: Any = None,
        kiosk_config: Any = None,
        kiosk_state_dir: Path | None = None,
    ) -> None:
        self.library = library
        self.glossary = glossary
        self.settings = settings
        self.disclaimer_text = disclaimer_text
        self.version = disclaimer_version(disclaimer_text)
        self.search_index = search_index
        self.kiosk_config = kiosk_config
        self.kiosk_state_dir = kiosk_state_dir
        self.window: MainWindow | None = None
        self.gate: DisclaimerDialog | None = None
        self.kiosk: Any = None
        self._pending_article: str | None = None
        self.quit_requested = False

    @property
    def accepted(self) -> bool:
        return self.settings.disclaimer_accepted(self.version)

    def start(self, article: str | None = None) -> QWidget:
        """Show the first window: the disclaimer gate, or the main window."""
        self._pending_article = article
        if self.kiosk_config is not None:
            self._build_window()
            return self._start_kiosk()
        if self.accepted:
            return self._open_main()
        return self.show_gate()

    def show_gate(self) -> DisclaimerDialog:
        from healthreader.ui.disclaimer import DisclaimerDialog

        # A kiosk gives the gate its own touch-sized fonts, full screen (ui/kioskmode.py).
        size = self._reading_size() if self.kiosk_config is None else None
        gate = DisclaimerDialog(self.disclaimer_text, point_size=size)
        gate.accepted.connect(self._on_gate_accepted)
        gate.rejected.connect(self._on_gate_rejected)
        self.gate = gate
        gate.show()
        return gate

    def _on_gate_accepted(self) -> None:
        if self.kiosk_config is None:
            self.settings.accept_disclaimer(self.version)
        self.gate = None
        self._open_main()

    def _on_gate_rejected(self) -> None:
        self.gate = None
        self.quit_requested = True
        if self.window is not None:
            self.window.hide()
        QApplication.quit()

    def quit_when_asked(self) -> None:
        """The system asks the reader to end (see _QuitOnSignals): as the window's close."""
        if self.window is not None:
            self.window.save_on_quit()  # nothing in a kiosk: persist_state is off there
        # exit, not quit: quit() first asks every window to close, which a kiosk refuses.
        QApplication.exit(0)

    def _build_window(self) -> MainWindow:
        if self.window is not None:
            return self.window
        panel = None
        if self.search_index is not None:
            from healthreader.ui.searchpanel import SearchPanel

            panel = SearchPanel(self.search_index, self.library)
        config = self.kiosk_config
        self.window = MainWindow(
            self.library,
            self.settings,
            self.glossary,
            show_disclaimer=self._review_disclaimer,
            search_panel=panel,
            home=getattr(config, "home", HOME),
            text_scale=getattr(config, "text_scale", 1.0),
            clinic_name=getattr(config, "clinic_name", None) or self.settings.clinic_name,
        )
        return self.window

    def _open_main(self) -> MainWindow:
        window = self._build_window()
        # A kiosk starts every patient session at its home page (or the deep link), never
        # at the article someone read last.
        remembered = None if self.kiosk_config is not None else self.settings.last_article
        if self.kiosk_config is None:
            # The width the reader dragged the sidebar to last time (the kiosk sets its own
            # at every session start). Within a third of the window, as any width is.
            width = self.settings.sidebar_width
            if width is not None:
                window.set_pane_width(width)
        article = self._pending_article or remembered
        self._pending_article = None
        if article is None or not window.open_article(article if article in self.library else HOME):
            window.go_home()
        if self.kiosk is not None:
            self.kiosk.session_started()
        else:
            window.show()
            window.focus_search()
            problem = self.settings.save_problem(self.version)
            if problem is not None:
                window.statusBar().showMessage(problem[0].upper() + problem[1:] + ".")
        return window

    def _start_kiosk(self) -> QWidget:
        from healthreader.ui.kioskmode import KioskController

        assert self.window is not None
        self.kiosk = KioskController(self, self.window, self.kiosk_config, self.kiosk_state_dir)
        first: QWidget = self.kiosk.start()
        return first

    def _reading_size(self) -> float:
        """The article's text size, at the saved Larger / Smaller text: the disclaimer's."""
        from PySide6.QtGui import QFont, QFontInfo

        from healthreader.ui import theme

        if self.window is not None:
            return self.window.view.document().defaultFont().pointSizeF()
        # QFont(): the application's font, as the window's will be (MainWindow.reading_base).
        base = theme.reading_base(QFontInfo(QFont()).pointSizeF())
        return theme.point_size(self.settings.zoom_steps, 1.0, base)

    def _review_disclaimer(self) -> None:
        from PySide6.QtCore import Qt  # after the first paint: see ui/roles.py

        from healthreader.ui.disclaimer import DisclaimerDialog

        dialog = DisclaimerDialog(self.disclaimer_text, review=True, parent=self.window,
                                  point_size=self._reading_size())  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per Help → view
        dialog.open()


def open_search_index(library: Library) -> Any:
    """The search index, opened on first use so that start-up does not wait for it."""
    from healthreader.search.lazy import LazySearchIndex

    return LazySearchIndex(paths.cache_dir() / "search.sqlite", library)


def _set_window_icon(app: QApplication) -> None:
    icon = paths.resources_dir() / "icons" / "healthreader.svg"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))


class _QuitOnSignals:
    """SIGTERM (a logout, ``systemctl stop``, ``kill``), SIGHUP (its terminal closed) and
    SIGINT (Ctrl+C in it) end the reader as closing its window does, saving what the next
    run starts from (the window's size, an article opened a moment ago). Python's own
    handling ends it at once with nothing saved (SIGTERM, SIGHUP), or not until some Python
    code runs and then with a traceback (Ctrl+C).

    Python runs a signal's handler only between its own instructions, which Qt's event loop
    may not reach for a long time; so the signal's number is also written to a pipe that Qt
    watches (qutebrowser's way). POSIX only: Windows ends a program without a signal.
    ``restore`` puts back what was there before (tests run the reader in their process).
    """

    def __init__(self, app: QApplication, on_signal: Any) -> None:
        import signal

        from PySide6.QtCore import QSocketNotifier

        self._signals = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        # A handler that does nothing: the pipe's byte does the work.
        self._before = {number: signal.signal(number, lambda *_: None) for number in self._signals}
        self._wakeup_before = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        self._on_signal = on_signal
        self._notifier = QSocketNotifier(self._read, QSocketNotifier.Type.Read, app)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            numbers = os.read(self._read, 512)
        except BlockingIOError:
            return
        if any(number in self._signals for number in numbers):
            self._on_signal()

    def restore(self) -> None:
        import signal

        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._wakeup_before)
        for number, handler in self._before.items():
            signal.signal(number, handler)
        os.close(self._read)
        os.close(self._write)


def run_reader(options: Options, stdout: TextIO, stderr: TextIO, prepared: Prepared | None = None) -> int:
    """The reader, from ``prepare_reader``'s content (read here when not given)."""
    if prepared is None:
        ready = prepare_reader(options, stderr)
        if isinstance(ready, int):
            return ready
        prepared = ready
    catalogue, library, kiosk_config, disclaimer_text = prepared

    if options.quit_when_ready and "QT_QPA_PLATFORM" not in os.environ and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Health Reader")
    app.setOrganizationName("HealthReader")
    # Matches packaging/healthreader.desktop, so Wayland shells show the right icon and name.
    app.setDesktopFileName("io.github.healthreader.HealthReader")

    settings = Settings(options.settings)
    problem = settings.save_problem(disclaimer_version(disclaimer_text)) if kiosk_config is None else None
    if problem is not None:
        print(f"healthreader: {problem}", file=stderr)
    for note in settings.notes:
        print(f"healthreader: {note}", file=stderr)
    reader = Reader(
        library,
        catalogue.glossary,
        settings,
        disclaimer_text,
        search_index=open_search_index(library),
        kiosk_config=kiosk_config,
        kiosk_state_dir=paths.state_dir(),
    )
    first = reader.start(options.article)

    def after_first_paint() -> None:
        if options.quit_when_ready:
            startup_ms = round((time.perf_counter() - options.started) * 1000)
            ready = "main" if first is reader.window else "disclaimer"
            # JSON, written out: the json module would add a millisecond to every start.
            print(f'{{"ready": "{ready}", "startup_ms": {startup_ms}, "articles": {len(library)}}}',
                  file=stdout, flush=True)  # fmt: skip
            app.exit(0)
            return
        # What the first picture does not need waits until it is on screen: the window
        # icon (the SVG loader), and checking the search index against the files, which
        # runs on a thread of its own (seconds after a large import).
        _set_window_icon(app)
        if reader.search_index is not None:
            reader.search_index.start()

    watcher = _FirstPaint(after_first_paint)
    first.installEventFilter(watcher)
    first.update()
    quit_on_signals = _QuitOnSignals(app, reader.quit_when_asked) if os.name == "posix" else None
    try:
        code = app.exec()
    finally:
        if quit_on_signals is not None:
            quit_on_signals.restore()
    if reader.search_index is not None:
        reader.search_index.close()
    catalogue.close()
    return 0 if reader.quit_requested else code

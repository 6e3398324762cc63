"""Where Export PDF's save dialog starts: the folder the user last chose, in this run only.

Plain Python (no Qt), so the main window can own one from its start without importing
``ui/printing.py`` (and with it QtPrintSupport) before the first paint. Never written to the
settings: the next run starts in Documents again.
"""

from __future__ import annotations

from pathlib import Path


class SaveFolder:
    """The folder of the file last chosen in a save dialog during this run of the program.

    The main window owns one and hands it to its handout dialog, so Export PDF… from
    either starts where the user saved last. A choice counts even when the file then could
    not be written there (the message says why; the user can try again in that folder).
    """

    def __init__(self) -> None:
        self._last: Path | None = None

    def chose(self, path: Path) -> None:
        """The user chose to save as ``path``."""
        self._last = path.parent

    def folder(self) -> Path | None:
        """The folder last chosen; None if none was chosen yet, or it no longer exists."""
        if self._last is not None and self._last.is_dir():
            return self._last
        return None

"""A label coloured by a style sheet, in the light or the dark colours of ui/theme.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from healthreader.ui import theme


class ThemedLabel(QLabel):
    """A label whose style sheet names colours: ``css`` makes it from the colours for the
    palette around the label (its parent's), light or dark, and again when the desktop
    turns dark or light, or the label moves to another parent."""

    def __init__(self, css: Callable[[dict[str, str]], str], text: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(text, parent)
        self._css = css
        self._watch_parent()
        self._dark = self._around_is_dark()
        self.restyle()

    def _around_is_dark(self) -> bool:
        # The parent's palette, not the label's own: its style sheet set that one.
        parent = self.parentWidget()
        return theme.is_dark(parent.palette() if parent is not None else QApplication.palette())

    def _watch_parent(self) -> None:
        # A widget with a style sheet has a palette of its own: a new palette for the
        # application (the desktop turned dark) never reaches it, but reaches its parent.
        # The last parent is not told to stop: it may be half destroyed (a toolbar that
        # lets go of its widgets as it goes), and touching it then crashed the program.
        # Its events are ignored instead, and Qt forgets the filter when either goes.
        parent = self.parentWidget()
        if parent is not None:
            parent.installEventFilter(self)

    def restyle(self) -> None:
        """The style sheet again (after what ``css`` reads has changed)."""
        self.setStyleSheet(self._css(theme.colours(self._dark)))

    def _follow_palette(self) -> None:
        dark = self._around_is_dark()
        if dark != self._dark:
            self._dark = dark
            self.restyle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and watched is self.parentWidget():
            self._follow_palette()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ParentChange:
            self._watch_parent()
            self._follow_palette()

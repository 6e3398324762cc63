"""Where the keyboard is: a frame round the pane that has it (the article, the conditions,
the search results).

Qt's Fusion style draws none round a scroll area, so a keyboard user could not tell which
pane the arrow keys would move: the list of conditions and the search results both show
the open article highlighted. The pane the keyboard is in gets a 2 px frame inside its edge
in the theme's focus colour (ui/theme.py: at least 3:1 against a light or a dark page).
The keyboard's, not the mouse's: focus that comes with a click shows no frame (the reader
sees where they clicked), and the next key shows it.

A mixin, as ui/wheelzoom.py's are: put it in the bases of a QAbstractScrollArea subclass,
before the Qt class. Nothing of it runs before a pane first gets the focus (the start-up
path asks no scroll area for its viewport: see ui/wheelzoom.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent
    from PySide6.QtWidgets import QWidget

FRAME_PX = 2


class FocusFrame:
    """A frame inside the viewport's edge while the keyboard is in the scroll area."""

    _frame_shown = False

    def has_focus_frame(self) -> bool:
        """Whether the frame is drawn now (the pane has the keyboard's focus)."""
        return self._frame_shown and self.hasFocus()  # type: ignore[attr-defined, no-any-return]

    def _show_frame(self, shown: bool) -> None:
        if shown != self._frame_shown:
            self._frame_shown = shown
            self.viewport().update()  # type: ignore[attr-defined]

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # type: ignore[misc]
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        self._show_frame(event.reason() != Qt.FocusReason.MouseFocusReason)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # type: ignore[misc]
        self._show_frame(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._show_frame(True)  # the keyboard again, after a click
        super().keyPressEvent(event)  # type: ignore[misc]

    def viewportEvent(self, event: QEvent) -> bool:
        if self._frame_shown and event.type() == QEvent.Type.MouseButtonPress:
            self._show_frame(False)
        return super().viewportEvent(event)  # type: ignore[misc, no-any-return]

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)  # type: ignore[misc]
        if self._frame_shown:
            # Qt moves what was drawn, frame and all, and paints only the strip scrolled
            # into view: the edges are painted again where they belong, and the page where
            # they were moved to (else a line of the frame stays on the page at each step).
            viewport: QWidget = self.viewport()  # type: ignore[attr-defined]
            width, height, edge = viewport.width(), viewport.height(), FRAME_PX + 1
            for x, y in ((0, 0), (dx, dy)):
                viewport.update(x, y, width, edge)
                viewport.update(x, y + height - edge, width, edge)
                viewport.update(x, y, edge, height)
                viewport.update(x + width - edge, y, edge, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # type: ignore[misc]
        if self.has_focus_frame():
            paint_focus_frame(self.viewport())  # type: ignore[attr-defined]


def paint_focus_frame(widget: QWidget) -> None:
    """A FRAME_PX frame inside ``widget``'s edge, in the focus colour for its palette."""
    from PySide6.QtGui import QColor, QPainter

    from healthreader.ui import theme

    colour = QColor(theme.focus_colour(widget.palette()))
    width, height, px = widget.width(), widget.height(), FRAME_PX
    painter = QPainter(widget)
    # Four bands, square at the corners and crisp at any scale (a drawn rectangle's pen
    # bevels them).
    for x, y, w, h in ((0, 0, width, px), (0, height - px, width, px),
                       (0, 0, px, height), (width - px, 0, px, height)):  # fmt: skip
        painter.fillRect(x, y, w, h, colour)
    painter.end()

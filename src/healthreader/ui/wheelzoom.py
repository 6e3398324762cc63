"""Ctrl + mouse wheel over what a reader reads is Larger or Smaller text.

Over the article, the list of conditions and the search results, as in a web browser; the
plain wheel scrolls. (Qt's own Ctrl + wheel zooms a text view past the reader's limits,
unsaved, and pages a list.) The window sets ``zoom_by`` on each of them.

Beside it, for the list of conditions: a row cut off with "…" shows its whole text on hover
(``ElidedTextTips``; the work is in ui/elidedtips.py, loaded at the first hover).

Mixins that override the scroll area's ``viewportEvent``, rather than an event filter on
its viewport: asking a scroll area for its viewport (a QWidget that Python did not create)
makes PySide6 set up every widget class it knows to find out which one it is, about 9 ms
and 1 MiB before the first paint. Each passes on the events it does not take, so a view
can have both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent


class CtrlWheelZoom:
    """Put first in the bases of a QAbstractScrollArea subclass."""

    zoom_by: Callable[[int], None] | None = None  # +1 larger, -1 smaller

    def viewportEvent(self, event: QEvent) -> bool:
        if self.zoom_by is not None and event.type() == QEvent.Type.Wheel:
            from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py
            from PySide6.QtGui import QWheelEvent

            if isinstance(event, QWheelEvent) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                steps = event.angleDelta().y()
                if steps:
                    self.zoom_by(1 if steps > 0 else -1)
                return True
        return super().viewportEvent(event)  # type: ignore[misc, no-any-return]


class ElidedTextTips:
    """Put in the bases of a QAbstractItemView subclass, before the Qt class."""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            from healthreader.ui.elidedtips import show_whole_text  # not at start-up

            if show_whole_text(self, event):  # type: ignore[arg-type]
                return True
        return super().viewportEvent(event)  # type: ignore[misc, no-any-return]

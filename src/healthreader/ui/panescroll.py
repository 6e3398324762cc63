"""The sidebar's pane scrolls when what it must show is higher than the window gives it.

The pane stacks the search field, an emergency notice as high as its text (ui/searchpanel.py),
the results, the filter and the list of conditions, and their least heights add up. At large
text on a small screen (a kiosk at 200% on a 1366x768 screen is 683x384) they add up to more
than the screen: Qt then squeezed each below its least height, cutting the notice after
"911", or made a fullscreen window taller than its screen. In this scroll area the pane is as
high as the window gives it, or as its least heights add up to if that is more, and then
scrolls (the notice, near its top, shows whole); the window's least height no longer depends
on the pane's. The Tab key scrolls to what it reaches (QScrollArea), a kiosk's finger drags.

The scroll area is put in only when needed (``scroll_when_needed``): at the first overflow, or
from the start in a kiosk. At the usual sizes the pane is as it always was, and the window's
first paint asks no scroll area for its viewport and builds no ``Qt`` namespace (both cost
milliseconds at every start: ui/roles.py, tests/ui/test_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class _Overflow(QObject):
    """Calls ``wrap`` once, soon after ``pane``'s least height has become more than it has."""

    def __init__(self, pane: QWidget, wrap: Callable[[], None]) -> None:
        super().__init__(pane)
        self._pane = pane
        self._wrap = wrap
        pane.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            return False
        pane = self._pane
        if pane.isVisible() and pane.minimumSizeHint().height() > pane.height():
            pane.removeEventFilter(self)
            QTimer.singleShot(0, self, self._wrap)  # not inside the pane's own event
        return False


def scroll_when_needed(pane: QWidget, wrap: Callable[[], None]) -> None:
    """Have ``wrap`` put ``pane`` in a PaneScroll once its least height is more than it has."""
    _Overflow(pane, wrap)


class PaneScroll(QScrollArea):
    """Holds a pane (``hold``): as wide as the scroll area, as high as it or as the pane
    must be."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the Tab order is the pane's own
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(False)  # sized here: Qt's would give the pane its preferred height
        self.viewport().installEventFilter(self)

    def hold(self, pane: QWidget) -> None:
        self.setWidget(pane)
        pane.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.LayoutRequest and watched is self.widget()) or (
            kind == QEvent.Type.Resize and watched is self.viewport()
        ):
            self._fit()
        return False

    def _fit(self) -> None:
        pane = self.widget()
        if pane is None:
            return
        view = self.viewport()
        need = pane.minimumSizeHint().height()
        pane.resize(view.width(), max(view.height(), need))
        self.updateGeometry()  # the pane's least width may have changed

    def _bar(self) -> int:
        bar = self.verticalScrollBar()
        return bar.sizeHint().width() if bar.isVisible() else 0

    def minimumSizeHint(self) -> QSize:
        pane = self.widget()
        own = super().minimumSizeHint()
        if pane is None:
            return own
        least = pane.minimumSizeHint()
        frame = 2 * self.frameWidth()
        # As narrow as the pane may be; as low as a scroll area may be, not the pane's sum.
        return QSize(least.width() + self._bar() + frame, min(least.height(), own.height()) + frame)

    def sizeHint(self) -> QSize:
        pane = self.widget()
        if pane is None:
            return super().sizeHint()
        hint = pane.sizeHint()
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + self._bar() + frame, hint.height() + frame)

"""A text field whose placeholder is the longest of its wordings that shows whole.

Qt cuts a placeholder that does not fit with "…": at a kiosk's largest text the search box
read "Search cond…" and the filter box "Filter conditi…", and a touch screen has no hover
to show the rest. Such a field says less instead ("Search conditions", then "Search"). It
checks when its width, its font or its style changes; the usual case, where the first
wording fits by far, asks nothing of the style.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLineEdit, QWidget

# Qt draws a placeholder in the style's contents rectangle less the text margins and 2 px
# on each side (QLineEditPrivate::horizontalMargin).
_QT_MARGIN_PX = 2
# More than a frame, a style sheet's padding and those margins take together: a wording
# that fits within the field's width less this fits its text area.
_SPARE_PX = 64


class FittedPlaceholderEdit(QLineEdit):
    """A QLineEdit given its placeholder's wordings, longest first."""

    def __init__(self, wordings: Sequence[str], parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(text, parent)
        if not wordings:
            raise ValueError("a placeholder needs at least one wording")
        self._wordings = tuple(wordings)
        self.setPlaceholderText(self._wordings[0])

    @property
    def wordings(self) -> tuple[str, ...]:
        return self._wordings

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_placeholder()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_placeholder()

    def fit_placeholder(self) -> None:
        metrics = self.fontMetrics()
        first = self._wordings[0]
        if metrics.horizontalAdvance(first) <= self.width() - _SPARE_PX:
            chosen = first  # the usual case: nothing to ask the style
        else:
            room = placeholder_room(self)
            fitting = (w for w in self._wordings if metrics.horizontalAdvance(w) <= room)
            chosen = next(fitting, self._wordings[-1])  # none fits: Qt cuts the shortest
        if chosen != self.placeholderText():
            self.setPlaceholderText(chosen)


def placeholder_room(field: QLineEdit) -> int:
    """The width, in pixels, that Qt draws a placeholder in before cutting it with "…"."""
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame

    option = QStyleOptionFrame()
    field.initStyleOption(option)
    rect = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
    margins = field.textMargins()
    return rect.width() - margins.left() - margins.right() - 2 * _QT_MARGIN_PX

"""A row cut off with "…" (a long title in a narrow sidebar) shows its whole text on hover.

Only such a row: one that fits shows no tooltip, or its own (a result's snippet), which
otherwise follows the whole text. Nothing is stored on the items, so the 1,000 titles of
the sidebar cost nothing at start-up: whether a row is cut off is worked out when the
pointer rests on it, at the width and text size it has then. The items keep their whole
text, so a screen reader still reads all of it.

Loaded at the first hover by the ``ElidedTextTips`` mixin of ui/wheelzoom.py. A delegate
that draws rows its own way says whether it cut one off with ``elides(option, index)``
(ui/resultdelegate.py); others are asked for their size hint.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem, QToolTip

from healthreader.content.page import escape


def show_whole_text(view: QAbstractItemView, event: QEvent) -> bool:
    """Show the tooltip of a cut-off row under the pointer; False leaves the event to Qt,
    which shows the row's own tooltip, if any, or hides the last one."""
    if not isinstance(event, QHelpEvent):
        return False
    index = view.indexAt(event.pos())
    if not index.isValid() or not text_elided(view, index):
        return False
    QToolTip.showText(event.globalPos(), whole_text_tip(index), view.viewport(),
                      view.visualRect(index))  # fmt: skip
    return True


def text_elided(view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> bool:
    """Whether the row shows its text cut off: it needs more width than it has."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    elides = getattr(delegate, "elides", None)
    if callable(elides):
        return bool(elides(option, index))
    # What the text needs, with the margins it is drawn within.
    return delegate.sizeHint(option, index).width() > option.rect.width()


def whole_text_tip(index: QModelIndex | QPersistentModelIndex) -> str:
    """The row's whole text, then its own tooltip if it has one. Escaped and marked as rich
    text, so that a title with a tag in it shows as written (Qt guesses that such text is
    HTML)."""
    text = escape(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
    own = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
    if not own:
        return f"<p>{text}</p>"
    # As Qt would have shown it: rich text if it looks like it, else plain.
    rich = own if QtGui.Qt.mightBeRichText(own) else f"<p>{escape(own)}</p>"
    return f"<p><b>{text}</b></p>{rich}"

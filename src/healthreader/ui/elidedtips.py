"""A row cut off with "…" (a long title in a narrow sidebar) shows its whole text on hover.

Only such a row: one that fits shows no tooltip. Nothing is stored on the items, so the
1,000 titles of the sidebar cost nothing at start-up: whether a row is cut off is worked
out when the pointer rests on it, at the width and text size it has then (the sidebar
wraps a title that does not fit, ui/titlewrap.py, so this is for the moment before it
does). The items keep their whole text, so a screen reader still reads all of it.

Loaded at the first hover by the ``ElidedTextTips`` mixin of ui/wheelzoom.py.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem, QToolTip

from healthreader.content.page import escape


def show_whole_text(view: QAbstractItemView, event: QEvent) -> bool:
    """Show the whole text of a cut-off row under the pointer; False leaves the event to
    Qt, which hides the last tooltip."""
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
    # What the text needs, with the margins it is drawn within.
    return delegate.sizeHint(option, index).width() > option.rect.width()


def whole_text_tip(index: QModelIndex | QPersistentModelIndex) -> str:
    """The row's whole text, escaped and marked as rich text, so that a title with a tag in
    it shows as written (Qt guesses that such text is HTML)."""
    return f"<p>{escape(str(index.data(Qt.ItemDataRole.DisplayRole) or ''))}</p>"

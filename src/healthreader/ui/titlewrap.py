"""Lists of titles wrap a title onto more lines when it would not fit on one.

At a kiosk's large text, or in a narrow pane, "Autoimmune hemolytic anemia", "Autoimmune
hepatitis" and "Autoimmune neutropenia" would all read "Autoimmune …". A tooltip shows the
whole title on hover, but a touch screen has no hover: the rows must say it themselves.

Qt's item views lay out rows of one height and measure a row's text without its width, so
a title they were told to wrap is still cut with "…". When a title does not fit, the view
gets rows of their own heights and a delegate that measures each row at its column's width.
At sizes where every title fits nothing changes: rows stay one line high and quick to lay
out. The condition sidebar's tree and the handout dialog's two lists use it.

Loaded only when a title may not fit: after the first paint the sidebar's tree
(ui/sidebar.py) checks the longest titles against its width with room to spare, which
settles the usual case without QStyledItemDelegate, the style's metrics or the viewport.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)

from healthreader.ui.wordbreak import SOFT_HYPHEN, inner_points, pieces, split


class WrappingDelegate(QStyledItemDelegate):
    """Measures a row at the width its text has in the view, so a wrapped title gets the
    lines it needs (without a width Qt measures it as one line)."""

    def __init__(self, view: QTreeView | QListView) -> None:
        super().__init__(view)
        self._view = view
        # (text, font, room) -> the text with its breaks: rows are drawn and measured often.
        self._broken: dict[tuple[str, str, float], str] = {}
        # A row's size by what it depends on: after a filter shows rows again, the tree
        # measures every row from the top one shown down to its current row, at each key.
        self._sizes: dict[tuple[str, str, int, int, int, int, int, int], QSize] = {}
        view.installEventFilter(self)  # a new style sheet (the kiosk's) pads rows anew

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self._sizes.clear()
        return False

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:  # fmt: skip
        super().initStyleOption(option, index)
        if not self._view.wordWrap():
            return  # every title fits (the text was made smaller again): nothing to do
        # A word wider than the row ("Autoimmune" at a kiosk's largest text) would be cut
        # with "…": it gets soft hyphens where it must break, as the article's headings do.
        room = text_room(self._view, option, text_width(self._view, _depth(index)))
        key = (option.text, option.font.key(), room)
        broken = self._broken.get(key)
        if broken is None:
            if len(self._broken) > 10_000:
                self._broken.clear()
            broken = self._broken[key] = with_breaks(option.text, QFontMetricsF(option.font), room)
        option.text = broken

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:  # fmt: skip
        view = self._view
        if not view.wordWrap():
            return super().sizeHint(option, index)
        depth = _depth(index)
        # Plain values only: the option and what it holds are gone once this returns.
        decoration = option.decorationSize
        key = (index.data(), option.font.key(), option.features.value, decoration.width(),
               decoration.height(), view.viewport().width(), depth, id(view.style()))  # fmt: skip
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 10_000:
                self._sizes.clear()
            size = self._sizes[key] = self._measure(option, index, depth)
        return QSize(size)

    def _measure(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                 depth: int) -> QSize:  # fmt: skip
        measured = QStyleOptionViewItem(option)
        # Measured in the rectangle the text is drawn in (Qt measures the row's whole width,
        # without the padding a style sheet gives it, or one line when the rect is not
        # valid), and on a copy (``option.rect`` hands out a copy: changed, it changes nothing).
        width, _margin = text_rect_width(self._view, option, text_width(self._view, depth))
        measured.rect = QRect(0, 0, width, 1)
        size = super().sizeHint(measured, index)
        if size.height() <= super().sizeHint(option, index).height():
            return size  # one line, as high as ever
        # Some room around a title of more lines, so that where it ends shows.
        return QSize(size.width(), size.height() + option.fontMetrics.height() // 3)


def with_breaks(text: str, metrics: QFontMetricsF, room: float) -> str:
    """``text`` with soft hyphens in each word wider than ``room``, the fewest that make
    every part fit, between syllables where they can be (ui/wordbreak.py).

    Qt shows a soft hyphen only where it breaks the line: the row reads as the title."""
    hyphen = metrics.horizontalAdvance("-")
    for start, end in reversed(pieces(text)):
        word = text[start:end]
        if metrics.horizontalAdvance(word) <= room:
            continue

        def measure(a: int, b: int, word: str = word) -> float:
            return metrics.horizontalAdvance(word[a:b]) + (hyphen if b < len(word) else 0.0)

        cuts = split(word, inner_points(word), measure, room)
        for cut in reversed(cuts):
            word = word[:cut] + SOFT_HYPHEN + word[cut:]
        text = text[:start] + word + text[end:]
    return text


def _depth(index: QModelIndex | QPersistentModelIndex) -> int:
    depth = 0
    parent = index.parent()
    while parent.isValid():
        depth += 1
        parent = parent.parent()
    return depth


def text_width(view: QAbstractItemView, depth: int) -> int:
    """The width a row has at ``depth`` (in a tree, 0: a group, 1: a title in it; a list
    has only 0), less the tree's indentation."""
    indent = view.indentation() * (depth + 1) if isinstance(view, QTreeView) else 0
    return max(1, view.viewport().width() - indent)


def text_rect_width(view: QAbstractItemView, option: QStyleOptionViewItem, width: int) -> tuple[int, int]:
    """(the width of a row's text rectangle, the margin Qt keeps inside it on each side) in a
    row ``width`` px wide, as the style finds them (the kiosk's style sheet pads rows)."""
    probe = QStyleOptionViewItem(option)
    probe.rect = QRect(0, 0, width, 1)
    probe.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
    style = view.style()
    text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, probe, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, probe, view) + 1
    return text.width(), margin


def text_room(view: QAbstractItemView, option: QStyleOptionViewItem, width: int) -> float:
    """The width a row's text is laid out in, in a row ``width`` px wide."""
    rect, margin = text_rect_width(view, option, width)
    return float(rect - 2 * margin)


def titles_fit(view: QAbstractItemView, longest: Sequence[Sequence[str]], checkable: bool = False) -> bool:
    """Whether every text in ``longest`` (the texts at depth 0, then 1, …) fits its row on
    one line; ``checkable``: beside a check box."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    if checkable:
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    metrics = QFontMetricsF(option.font)
    for depth, texts in enumerate(longest):
        room = text_room(view, option, text_width(view, depth))
        if any(metrics.horizontalAdvance(text) > room for text in texts):
            return False
    return True


def fit_rows(view: QTreeView | QListView, longest: Sequence[Sequence[str]], checkable: bool = False) -> None:
    """Rows of one line when every title fits, else rows that wrap (see the module doc).
    ``longest``: the longest texts (by characters) at each depth: in the sidebar's tree its
    group names, then its titles; in a list, its titles. ``checkable``: rows with a check box."""
    wrap = not titles_fit(view, longest, checkable)
    if wrap and not isinstance(view.itemDelegate(), WrappingDelegate):
        view.setItemDelegate(WrappingDelegate(view))
    if wrap != view.wordWrap():
        if isinstance(view, QTreeView):
            view.setUniformRowHeights(not wrap)
        elif isinstance(view, QListView):
            view.setUniformItemSizes(not wrap)
        view.setWordWrap(wrap)
    if wrap:
        view.scheduleDelayedItemsLayout()  # the rows' heights depend on the width

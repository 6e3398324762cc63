"""How a search result is drawn: imported with the first results, not at start-up (QStyle
and friends cost milliseconds to load; see ui/roles.py)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from healthreader.ui.roles import REASON_ROLE, SNIPPET_MARKED_ROLE

_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_MARKED = re.compile(r"\[\[(.+?)\]\]")


class ResultDelegate(QStyledItemDelegate):
    """Paints a result as up to three lines: the title in bold, the reason in italics (if
    any), the snippet with its matched words in bold. Colours come from the palette
    (selected or not), sizes from the list's font."""

    def _lines(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.lineSpacing()

    @staticmethod
    def _text_rect(option: QStyleOptionViewItem) -> QRect:
        return option.rect.adjusted(6, 5, -6, -5)

    @staticmethod
    def _title_font(option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setBold(True)
        return font

    def elides(self, option: QStyleOptionViewItem,
               index: QModelIndex | QPersistentModelIndex) -> bool:  # fmt: skip
        """Whether ``paint`` cuts the title off with "…" in a row laid out as ``option``
        (asked by ui/elidedtips.py)."""
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        width = self._text_rect(option).width()
        return QFontMetrics(self._title_font(option)).horizontalAdvance(title) > width

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        rows = 3 if index.data(REASON_ROLE) else 2
        return QSize(option.rect.width(), rows * self._lines(option) + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:  # fmt: skip
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(group)
        line = self._lines(opt)
        rect = self._text_rect(opt)
        painter.save()
        painter.setClipRect(opt.rect)
        title_font = self._title_font(opt)
        painter.setFont(title_font)
        painter.setPen(color)
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), _ALIGN,
                         QFontMetrics(title_font).elidedText(title, Qt.TextElideMode.ElideRight,
                                                             rect.width()))  # fmt: skip
        top = rect.top() + line
        reason = index.data(REASON_ROLE)
        if reason:
            italic = QFont(opt.font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.drawText(QRect(rect.left(), top, rect.width(), line), _ALIGN,
                             QFontMetrics(italic).elidedText(str(reason), Qt.TextElideMode.ElideRight,
                                                             rect.width()))  # fmt: skip
            top += line
        # The snippet, its matched words in bold, cut with "…" where the row ends.
        x = rect.left()
        for text, bold in snippet_line(str(index.data(SNIPPET_MARKED_ROLE) or ""), opt.font,
                                       rect.width()):  # fmt: skip
            font = title_font if bold else opt.font
            painter.setFont(font)
            width = QFontMetrics(font).horizontalAdvance(text)
            painter.drawText(QRect(x, top, width, line), _ALIGN, text)
            x += width
        painter.restore()


def snippet_line(marked: str, font: QFont, width: int) -> list[tuple[str, bool]]:
    """The pieces of a marked snippet that fit in ``width`` pixels, as (text, bold); a cut
    line ends with "…", also when the cut falls right before a piece.

    A cut never falls inside a matched (bold) word: "…can make you ti…" would read as
    another word. It goes before the word instead ("…can make you…"), unless the word is
    the first thing on the line and wider than all of it: then nothing else could be shown.
    """
    bold_font = QFont(font)
    bold_font.setBold(True)
    metrics = {False: QFontMetrics(font), True: QFontMetrics(bold_font)}
    pieces: list[tuple[str, bool]] = []
    x = 0
    for text, bold in _segments(marked):
        advance = metrics[bold].horizontalAdvance(text)
        if x + advance <= width:
            pieces.append((text, bold))
            x += advance
            continue
        # The cut: a plain piece shortened to what fits with "…"; a bold one left out.
        if not bold or not pieces:
            elided = metrics[bold].elidedText(text, Qt.TextElideMode.ElideRight, width - x)
            if elided:
                pieces.append((elided, bold))
                break
        ellipsis = metrics[False].horizontalAdvance("…")
        # "…" after the pieces before it ("can make you…", no space before it); where it
        # does not fit, the last of them is shortened to make room (a plain one), or left
        # out too (a bold one).
        while pieces:
            text, bold = pieces.pop()
            advance = metrics[bold].horizontalAdvance(text)
            x -= advance
            kept = text if bold else text.rstrip()
            if x + metrics[bold].horizontalAdvance(kept) + ellipsis <= width:
                if kept:
                    pieces.append((kept, bold))
                pieces.append(("…", False))
                return pieces
            if not bold:  # shorter than it is, so that Qt puts "…" at its end
                elided = metrics[bold].elidedText(text, Qt.TextElideMode.ElideRight,
                                                  min(advance - 1, width - x))  # fmt: skip
                if elided:
                    pieces.append((elided, bold))
                    return pieces
        if ellipsis <= width:
            pieces.append(("…", False))
        break
    return pieces


def _segments(marked: str) -> list[tuple[str, bool]]:
    """ "a [[b]] c" -> [("a ", False), ("b", True), (" c", False)]."""
    parts = _MARKED.split(marked)
    return [(part, n % 2 == 1) for n, part in enumerate(parts) if part]

"""How a search result is drawn: imported with the first results, not at start-up (QStyle
and friends cost milliseconds to load; see ui/roles.py).

A row reads whole at any text size: at a kiosk's largest text in a narrow pane,
"Autoimmune hepatitis" and "Autoimmune neutropenia" would both read "Autoimmu…", and a
touch screen has no hover to show the rest. So the title wraps onto as many lines as it
needs (a word wider than the row is broken with a hyphen, as in the sidebar), and so does
the reason; the snippet, a sample of the text, gets one line, or two when a line holds
few words, and ends with "…" where it is cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from healthreader.ui.roles import REASON_ROLE, SNIPPET_MARKED_ROLE
from healthreader.ui.titlewrap import with_breaks
from healthreader.ui.wordbreak import BREAKS, SOFT_HYPHEN, utf16, utf16_indexes

_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_MARKED = re.compile(r"\[\[(.+?)\]\]")
PAD_X, PAD_Y = 6, 5  # between the row's edge and its text
# A snippet gets a second line when one line holds fewer characters than this (large text,
# or a narrow pane): a line of two or three words says nothing of the article.
SNIPPET_SECOND_LINE_BELOW = 40

Pieces = tuple[tuple[str, bool], ...]  # (text, bold), drawn left to right


class RowLine(NamedTuple):
    """One line of a result as drawn: ``kind`` is "title" (bold), "reason" (italic) or
    "snippet" (bold where a piece is a matched word)."""

    kind: str
    pieces: Pieces


class ResultDelegate(QStyledItemDelegate):
    """Paints a result as its title in bold, the reason in italics (if any), and the snippet
    with its matched words in bold. Colours come from the palette (selected or not), sizes
    from the list's font, widths from the list's viewport."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        # (title, reason, snippet, font, width) -> the row's lines: rows are measured and
        # drawn often, and each line is laid out with QTextLayout.
        self._lines: dict[tuple[str, str, str, str, int], list[RowLine]] = {}

    def text_width(self) -> int:
        """The width a row's text is laid out in."""
        return max(1, self._view.viewport().width() - 2 * PAD_X)

    def row_lines(self, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> list[RowLine]:  # fmt: skip
        """The lines a row shows, in order, as ``paint`` draws them."""
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        reason = str(index.data(REASON_ROLE) or "")
        marked = str(index.data(SNIPPET_MARKED_ROLE) or "")
        width = self.text_width()
        key = (title, reason, marked, option.font.key(), width)
        lines = self._lines.get(key)
        if lines is None:
            if len(self._lines) > 1_000:
                self._lines.clear()
            lines = self._lines[key] = layout_row(title, reason, marked, option.font, width)
        return lines

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:  # fmt: skip
        height = len(self.row_lines(option, index)) * line_height(option.font) + 2 * PAD_Y
        return QSize(self._view.viewport().width(), height)

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
        fonts = _fonts(option.font)
        line = line_height(option.font)
        left, top = opt.rect.left() + PAD_X, opt.rect.top() + PAD_Y
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setPen(opt.palette.color(group))
        for row_line in self.row_lines(option, index):
            x = left
            for text, bold in row_line.pieces:
                font = fonts["title" if bold else row_line.kind]
                painter.setFont(font)
                width = QFontMetrics(font).horizontalAdvance(text)
                painter.drawText(QRect(x, top, width, line), _ALIGN, text)
                x += width
            top += line
        painter.restore()


def _fonts(font: QFont) -> dict[str, QFont]:
    """The font of each kind of line: the title bold, the reason italic."""
    bold, italic = QFont(font), QFont(font)
    bold.setBold(True)
    italic.setItalic(True)
    return {"title": bold, "reason": italic, "snippet": font}


def line_height(font: QFont) -> int:
    """The height of every line of a row, whichever of its fonts the line is in."""
    return max(QFontMetrics(f).lineSpacing() for f in _fonts(font).values())


def layout_row(title: str, reason: str, marked: str, font: QFont, width: int) -> list[RowLine]:
    """The lines of a result ``width`` px wide: the title and the reason whole, then the
    snippet (see the module doc)."""
    fonts = _fonts(font)
    lines = [RowLine("title", ((text, True),)) for text in wrap(title, fonts["title"], width)]
    for text in wrap(reason, fonts["reason"], width):
        lines.append(RowLine("reason", ((text, False),)))
    few = width < SNIPPET_SECOND_LINE_BELOW * QFontMetrics(font).averageCharWidth()
    for pieces in snippet_lines(marked, font, width, 2 if few else 1):
        lines.append(RowLine("snippet", pieces))
    return lines


def wrap(text: str, font: QFont, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` px, where Qt breaks a line of text,
    and with a hyphen inside a word wider than the line (titlewrap.with_breaks)."""
    if not text:
        return []
    broken = with_breaks(text, QFontMetricsF(font), float(width))
    lines = []
    for start, end in _laid_out(broken, font, width, ()):
        part = broken[start:end].rstrip()
        hyphen = "-" if part.endswith(SOFT_HYPHEN) else ""
        lines.append(part.translate({ord(c): None for c in BREAKS}) + hyphen)
    return lines


def snippet_lines(marked: str, font: QFont, width: int, most: int) -> list[Pieces]:
    """A marked snippet on at most ``most`` lines of ``width`` px; the last ends with "…"
    where the snippet goes on (cut as ``snippet_line`` cuts a line).

    The first matched word is always in sight: where it would fall past the lines shown
    (the index gives a sample of about 160 characters, a line holds 50 or so), the words
    before it are left out from the start, "…" in their place, as few as it takes.
    """
    segments = _segments(marked)
    plain = "".join(text for text, _bold in segments)
    if not plain:
        return []
    spans = _bold_spans(segments)
    lines = _laid_out(plain, font, width, spans)
    if spans and len(lines) > most and not _in_sight(plain, spans, lines, most):
        start = _first_start_in_sight(plain, spans, font, width, most)
        if start > 0:
            segments = _segments("…" + _marked_from(segments, start))
            plain = "".join(text for text, _bold in segments)
            spans = _bold_spans(segments)
            lines = _laid_out(plain, font, width, spans)
    shown = [_pieces(segments, start, end) for start, end in lines[:most]]
    if len(lines) > most:
        rest = _marked_from(segments, lines[most - 1][0])
        shown[-1] = tuple(snippet_line(rest, font, width))
    return shown


def _bold_spans(segments: list[tuple[str, bool]]) -> list[tuple[int, int]]:
    """(start, end) in the plain text of each bold segment."""
    spans, start = [], 0
    for text, bold in segments:
        if bold:
            spans.append((start, start + len(text)))
        start += len(text)
    return spans


# Characters after the first matched word that must be in sight with it: the "…" that ends
# a cut line, and a word to read it in.
_AFTER_MATCH = 12


def _in_sight(plain: str, spans: Sequence[tuple[int, int]], lines: Sequence[tuple[int, int]],
              most: int) -> bool:  # fmt: skip
    """Whether the first matched word, and a little after it, is on the lines shown."""
    end = spans[0][1]
    return end + min(_AFTER_MATCH, len(plain) - end) <= lines[min(most, len(lines)) - 1][1]


def _first_start_in_sight(plain: str, spans: Sequence[tuple[int, int]], font: QFont, width: int,
                          most: int) -> int:  # fmt: skip
    """The first word start before the first matched word from which, after "…", that word
    is in sight: the most context before it that leaves it on the lines shown."""
    first = spans[0][0]
    starts = [i + 1 for i in range(first) if plain[i] == " "]
    if not starts or starts[-1] != first:
        starts.append(first)

    def fits(start: int) -> bool:
        text = "…" + plain[start:]
        shifted = [(s - start + 1, e - start + 1) for s, e in spans if s >= start]
        return _in_sight(text, shifted, _laid_out(text, font, width, shifted), most)

    lo, hi = 0, len(starts) - 1  # the earliest that fits; the last is used if none does
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(starts[mid]):
            hi = mid
        else:
            lo = mid + 1
    return starts[lo]


def _laid_out(text: str, font: QFont, width: int,
              bold: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:  # fmt: skip
    """Where Qt breaks ``text`` into lines ``width`` px wide: (start, end) of each line, as
    indexes into ``text``; ``bold``: (start, end) of the parts set in bold."""
    to_index = utf16_indexes(text)
    layout = QTextLayout(text, font)
    if bold:
        ranges = []
        for start, end in bold:
            span = QTextLayout.FormatRange()
            span.start, span.length = utf16(text, start), utf16(text, end) - utf16(text, start)
            span.format = QTextCharFormat()
            span.format.setFontWeight(QFont.Weight.Bold)
            ranges.append(span)
        layout.setFormats(ranges)
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        start = line.textStart()
        lines.append((to_index[start], to_index[start + line.textLength()]))
    layout.endLayout()
    return lines


def _pieces(segments: list[tuple[str, bool]], start: int, end: int) -> Pieces:
    """The pieces of the plain text's [start, end), without the space a line ends with."""
    pieces, at = [], 0
    for text, bold in segments:
        part = text[max(start - at, 0) : max(end - at, 0)]
        at += len(text)
        if part:
            pieces.append((part, bold))
    if pieces:
        last, bold = pieces[-1]
        pieces[-1] = (last.rstrip(), bold)
        if not pieces[-1][0]:
            pieces.pop()
    return tuple(pieces)


def _marked_from(segments: list[tuple[str, bool]], start: int) -> str:
    """The marked snippet from the plain text's ``start`` on."""
    out, at = [], 0
    for text, bold in segments:
        part = text[max(start - at, 0) :]
        at += len(text)
        if part:
            out.append(f"[[{part}]]" if bold else part)
    return "".join(out)


def snippet_line(marked: str, font: QFont, width: int) -> list[tuple[str, bool]]:
    """The pieces of a marked snippet that fit in ``width`` pixels, as (text, bold); a cut
    line ends with "…", also when the cut falls right before a piece.

    A cut never falls inside a matched (bold) word: "…can make you ti…" would read as
    another word. It goes before the word instead ("…can make you…"), unless the word is
    the first thing on the line and it does not fit with "…" after it: then nothing else
    could be shown, and a line of "…" alone says nothing.
    """
    bold_font = QFont(font)
    bold_font.setBold(True)
    metrics = {False: QFontMetrics(font), True: QFontMetrics(bold_font)}
    pieces: list[tuple[str, bool]] = []
    x = 0
    segments = _segments(marked)
    for text, bold in segments:
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
        first, bold = segments[0]
        # Shorter than it is, so that it ends with "…" even where it fits the line alone.
        room = min(width, metrics[bold].horizontalAdvance(first) - 1)
        elided = metrics[bold].elidedText(first, Qt.TextElideMode.ElideRight, room)
        if elided not in ("", "…"):  # the first word itself, cut ("autoimm…")
            return [(elided, bold)]
        if ellipsis <= width:
            pieces.append(("…", False))
        break
    return pieces


def _segments(marked: str) -> list[tuple[str, bool]]:
    """ "a [[b]] c" -> [("a ", False), ("b", True), (" c", False)]."""
    parts = _MARKED.split(marked)
    return [(part, n % 2 == 1) for n, part in enumerate(parts) if part]

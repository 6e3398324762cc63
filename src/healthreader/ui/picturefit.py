"""Pictures that fit the article view's width.

Qt shows a picture at its own size, however wide the view: a clinic's 1,200 px photo in
the usual window scrolled sideways 434 px, and every line beside it with it. Now a picture
wider than the room it has is shown smaller, its shape kept (Qt's ``max-width`` for an
image, set here in px); one that fits is shown at its own size, never larger.

- A picture in a paragraph or a list item has the view's line less the block's margins and
  list indent.
- A picture in a table's cell has its cell's share of the table: the view's line less what
  the table's borders, padding and spacing take, split evenly between its columns (times
  the columns the cell spans), less the cell's block margins. Evenly, so that its words
  keep at least as much room as the picture; in a table in a table, of the outer cell's.

Recomputed when the page, the text size or the view's width changes (a table's padding and
a list's indent follow the text size); imported only for a page with a picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import (
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextLength,
    QTextTable,
)

from healthreader.ui.bodyfit import block_overhead, table_overhead

_MAX_WIDTH = QTextFormat.Property.ImageMaxWidth
# Never narrower than this: a picture in a cell of a table too wide for the view anyway.
_LEAST_PX = 24.0


@dataclass
class _Picture:
    position: int  # in the document
    block: int  # the number of its block


class PictureFitter:
    """Keeps the pictures of one loaded page within a line width (see the module's doc)."""

    def __init__(self, document: QTextDocument, indent_scale: float = 1.0) -> None:
        """``indent_scale``: the view's logical DPI over 96, by which Qt scales list indents."""
        self._doc = document
        self._indent_scale = indent_scale
        self._pictures: list[_Picture] = []
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().isImageFormat():
                    for offset in range(fragment.length()):  # one U+FFFC per picture
                        position = fragment.position() + offset
                        self._pictures.append(_Picture(position, block.blockNumber()))
                it += 1
            block = block.next()

    def _cells(self, position: int) -> list[tuple[QTextTable, int]]:
        """(table, columns its cell spans) of each table the position is in, outermost
        first. Looked up each time, never kept: a QTextTable held from Python after the
        page is replaced crashed the program (PySide6 6.11, tested)."""
        cursor = QTextCursor(self._doc)
        cursor.setPosition(position)
        cells = []
        frame = cursor.currentFrame()
        root = self._doc.rootFrame()
        while frame is not None and frame != root:
            if isinstance(frame, QTextTable):
                cells.append((frame, frame.cellAt(position).columnSpan()))
            position = frame.firstPosition() - 1  # where the frame is, in its parent
            frame = frame.parentFrame()
        cells.reverse()
        return cells

    def _widths(self, line_width: float) -> list[float]:
        """The most each picture may be as wide as, in order, at ``line_width``."""
        self._doc.documentLayout().documentSize()  # laid out: the tables' overheads are read
        found = []
        for picture in self._pictures:
            room = line_width
            for table, span in self._cells(picture.position):
                columns = max(1, table.columns())
                overhead = table_overhead(self._doc, table, self._indent_scale)
                if overhead is None:  # not measurable: from its format
                    style = table.format()
                    overhead = (2 * (style.margin() + style.border()) + (columns + 1) * style.cellSpacing()
                                + columns * 2 * (style.cellPadding() + style.border()))  # fmt: skip
                room = (room - overhead) * span / columns
            block = self._doc.findBlockByNumber(picture.block)
            room -= block_overhead(self._doc, block, self._indent_scale)
            found.append(max(_LEAST_PX, room))
        return found

    def fit(self, line_width: float) -> None:
        """Cap every picture at the room it has at ``line_width``."""
        if line_width <= 0 or not self._pictures:
            return
        changes = []
        for picture, width in zip(self._pictures, self._widths(line_width), strict=True):
            style = _image_format(self._doc, picture.position)
            if style is None:
                continue  # the document was changed by other means
            wanted = float(int(width))  # whole px: no re-layout for a fraction
            current = style.maximumWidth()
            if current.type() == QTextLength.Type.FixedLength and current.rawValue() == wanted:
                continue
            style.setMaximumWidth(QTextLength(QTextLength.Type.FixedLength, wanted))
            changes.append((picture.position, style))
        if not changes:
            return
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()  # one layout for all of it
        for position, style in changes:
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(style)
        cursor.endEditBlock()


def _image_format(document: QTextDocument, position: int) -> QTextImageFormat | None:
    block: QTextBlock = document.findBlock(position)
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        if fragment.position() <= position < fragment.position() + fragment.length():
            style = fragment.charFormat()
            return style.toImageFormat() if style.isImageFormat() else None
        it += 1
    return None

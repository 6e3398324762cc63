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

A picture shown smaller is shown from a copy made that size, smoothly, at the screen's pixel
ratio: Qt draws an image into a smaller box pixel by pixel (no smoothing), and the thin
lines of a diagram vanished ("Paralhyroid glands"). The copy is one of the document's
resources (``fitted:<n>``); the picture's own name is kept on its format, for a wider view.

Recomputed when the page, the text size or the view's width changes, each picture found
anew (the marks ui/bodyfit.py puts into long words move what follows them); imported only
for a page with a picture.

A camera photo is far wider than any screen shows it: ``decode`` unpacks it at a half, a
quarter or an eighth of its pixels where its format does that as it unpacks (JPEG), still
wider than the widest screen. A 4,000 × 3,000 photo: 76 → 37 ms, 48 → 12 MB.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QImageIOHandler,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextLength,
    QTextTable,
)

from healthreader.export.picturecheck import picture_reader
from healthreader.ui.bodyfit import block_overhead, table_overhead

# Never narrower than this: a picture in a cell of a table too wide for the view anyway.
_LEAST_PX = 24.0
# A photo keeps at least this many pixels across, or the widest screen's if more.
_SHARP_PX = 1920.0
# On a picture's format while a smaller copy of it is shown: the picture's own name.
_OWN_NAME = QTextFormat.Property.UserProperty + 1
_IMAGE_RESOURCE = QTextDocument.ResourceType.ImageResource.value


def decode(data: bytes) -> QImage | None:
    """The picture in ``data``, upright (export/picturecheck.py's ``picture_reader``), or
    None if it cannot be read.

    A picture at least twice as wide as the widest screen (in its pixels, at least
    ``_SHARP_PX``) is unpacked at a half, a quarter or an eighth of its pixels, as long as
    that is still wider, if its format can (JPEG can; PNG cannot, so it is not shrunk after
    the work of unpacking it whole). Its size on the page stays its own: the image says it
    has that many more pixels to a px, so the page is laid out, and fitted, as before.
    """
    with picture_reader(data) as reader:
        size = reader.size()  # as stored: before it is turned upright
        step = 1
        if size.isValid() and reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
            screens = QGuiApplication.screens()
            sharp = max([_SHARP_PX, *(s.geometry().width() * s.devicePixelRatio() for s in screens)])
            turned = reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90
            across = size.height() if turned else size.width()  # as shown: upright
            while step < 8 and across / (2 * step) >= sharp:
                step *= 2
        scaled = QSize(-(-size.width() // step), -(-size.height() // step))  # rounded up, as JPEG
        if step > 1:
            reader.setScaledSize(scaled)
        image = reader.read()
    if image.isNull():
        return None
    if step > 1:
        image.setDevicePixelRatio(scaled.width() / size.width())
    return image


def on_white(image: QImage) -> QImage:
    """A see-through picture on white, as on paper: a diagram drawn in black on nothing
    vanished on a dark desktop's page."""
    from PySide6.QtGui import QPainter

    backed = QImage(image.size(), QImage.Format.Format_RGB32)
    backed.fill(0xFFFFFFFF)
    backed.setDevicePixelRatio(image.devicePixelRatio())
    painter = QPainter(backed)
    painter.drawImage(0, 0, image)
    painter.end()
    return backed


class PictureFitter:
    """Keeps the pictures of a page within a line width (see the module's doc)."""

    def __init__(self, document: QTextDocument, indent_scale: float = 1.0, pixel_ratio: float = 1.0) -> None:
        """``indent_scale``: the view's logical DPI over 96, by which Qt scales list indents
        and pictures; ``pixel_ratio``: the screen's device pixels to a px."""
        self._doc = document
        self._indent_scale = indent_scale
        self._pixel_ratio = pixel_ratio
        self._copies: dict[int, tuple[str, int]] = {}  # n of fitted:<n>: (own name, its pixels across)

    def fit(self, line_width: float) -> None:
        """Cap every picture at the room it has at ``line_width``."""
        if line_width <= 0:
            return
        self._doc.documentLayout().documentSize()  # laid out: the tables' overheads are read
        changes = []
        for number, (position, style, overhead) in enumerate(self._pictures()):
            # Whole px: no new layout for a fraction of one.
            wanted = float(int(max(_LEAST_PX, self._room(position, line_width) - overhead)))
            own = style.stringProperty(_OWN_NAME) or style.name()
            name = self._shown_name(number, own, wanted)
            current = style.maximumWidth()
            if (current.type() == QTextLength.Type.FixedLength and current.rawValue() == wanted
                    and style.name() == name):  # fmt: skip
                continue
            style.setMaximumWidth(QTextLength(QTextLength.Type.FixedLength, wanted))
            style.setName(name)
            if name != own:
                style.setProperty(_OWN_NAME, own)
            else:
                style.clearProperty(_OWN_NAME)
            changes.append((position, style))
        if not changes:
            return
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()  # one layout for all of it
        for position, style in changes:
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(style)
        cursor.endEditBlock()

    def _shown_name(self, number: int, own: str, wanted: float) -> str:
        """The name of what the document shows for picture ``number`` (called ``own``) at
        ``wanted`` px at most: its own, or a copy made that size smoothly if it is wider."""
        image = self._doc.resource(_IMAGE_RESOURCE, QUrl(own))
        if not isinstance(image, QImage) or image.isNull():
            return own
        shown = image.deviceIndependentSize().width() * self._indent_scale  # as Qt lays it out
        if shown <= wanted:
            return own
        pixels = max(1, round(wanted * self._pixel_ratio))
        name = f"fitted:{number}"
        if self._copies.get(number) != (own, pixels):
            copy = image.scaledToWidth(pixels, Qt.TransformationMode.SmoothTransformation)
            # So that Qt lays the copy out at ``wanted`` px, one device pixel to each pixel.
            copy.setDevicePixelRatio(pixels * self._indent_scale / wanted)
            self._doc.addResource(_IMAGE_RESOURCE, QUrl(name), copy)
            self._copies[number] = (own, pixels)
        return name

    def _pictures(self) -> list[tuple[int, QTextImageFormat, float]]:
        """(position, format, its block's margins and indent) of each picture, in order."""
        found = []
        block = self._doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                style = fragment.charFormat()
                if style.isImageFormat():
                    overhead = block_overhead(self._doc, block, self._indent_scale)
                    for offset in range(fragment.length()):  # one U+FFFC per picture
                        found.append((fragment.position() + offset, style.toImageFormat(), overhead))
                it += 1
            block = block.next()
        return found

    def _room(self, position: int, line_width: float) -> float:
        """The width the cell a picture is in has (the line's, outside any table)."""
        room = line_width
        for table, span in self._cells(position):
            columns = max(1, table.columns())
            overhead = table_overhead(self._doc, table, self._indent_scale)
            if overhead is None:  # not measurable: from its format
                style = table.format()
                overhead = (2 * (style.margin() + style.border()) + (columns + 1) * style.cellSpacing()
                            + columns * 2 * (style.cellPadding() + style.border()))  # fmt: skip
            room = (room - overhead) * span / columns
        return room

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

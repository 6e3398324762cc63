"""Whether a picture file can be shown: ``healthreader check`` asks the decoder that the
article view and the PDF handout use (Qt's QImage), so a file that passes the check is
one readers see, on screen and on paper.

Two kinds of file pass every rule of content/pictures.py and still show as "Picture not
available": a file that is not a picture at all (a document saved as ``knee.png``, a
damaged download), and a picture with so many pixels that Qt refuses to unpack it (its
allocation limit, 256 MB by default: a 10,000 × 10,000 PNG of 300 KB is one). Both are
errors. A picture far wider than any screen shows it is a warning: it is shown, but a
4,000 × 3,000 PNG takes a tenth of a second or more, and 48 MB, to open each time (the
article view unpacks a JPEG at fewer pixels, ui/picturefit.py, but not a PNG).

An SVG drawing with text in it (most labelled diagrams) needs Qt's fonts to be drawn, and
Qt's fonts need a QGuiApplication: without one, Qt aborts the whole process. ``check`` runs
with no window (a server, a cron job), so ``PictureCheck`` makes one, offscreen, for the
first drawing it opens, and keeps it for the rest of the run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMessageLogContext,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QImage, QImageIOHandler, QImageReader

from healthreader.content.pictures import MAX_PICTURE_BYTES

# What check suggests instead: wider than any screen's article column and sharp on paper.
SUGGESTED_WIDTH_PX = 2000
# Wider than this is a warning: twice a wide screen (a 12-megapixel camera's 4,000 is over).
WIDEST_USEFUL_PX = 3840


@contextmanager
def picture_reader(data: bytes) -> Iterator[QImageReader]:
    """Qt's reader of the picture in ``data``, as the view, the handout and ``check`` read
    every picture: its format told by its content, not by its name, and turned upright as
    its camera says (a phone's photo is often stored on its side, with a note to turn it:
    without it, the reader showed it on its side, where a browser shows it upright)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)
    try:
        yield reader
    finally:
        buffer.close()


class PictureCheck:
    """``picture_trouble`` for a whole ``check`` run, which may have no window system: the
    QGuiApplication a drawing's text needs is made (offscreen) for the first drawing, and
    held until this object goes."""

    def __init__(self) -> None:
        self._app: QGuiApplication | None = None

    def __call__(self, path: Path) -> tuple[str, str] | None:
        return picture_trouble(path, self._fonts)

    def _fonts(self) -> None:
        if self._app is None:
            from healthreader.export.pdf import ensure_gui_application  # pdf.py imports this module

            self._app = ensure_gui_application()


def picture_trouble(path: Path, fonts: Callable[[], None] | None = None) -> tuple[str, str] | None:
    """What is wrong with the picture file at ``path``, as (what is said after "picture
    'knee.png' ...", "error" or "warning"), or None if nothing is. An error: the reader
    cannot show it. Decodes it as the reader does: from its bytes, its format told by its
    content, not by its name.

    ``fonts`` is called before a drawing (SVG) is drawn, to make sure Qt's fonts can be used
    (``PictureCheck``); without it, a QGuiApplication must be running already."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PICTURE_BYTES + 1)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}", "error"
    with picture_reader(data) as reader, qt_messages() as said:
        trouble = _trouble(reader, fonts)
    if trouble is not None and trouble[1] == "error" and said:
        # What the decoder said ("libpng error: Not enough image data") goes with the
        # problem, not loose on stderr between check's own lines.
        reason, severity = trouble
        return f"{reason} ({said[0]})", severity
    return trouble


@contextmanager
def qt_messages() -> Iterator[list[str]]:
    """What the decoders say while a picture is decoded, collected rather than printed:
    ``check``'s report names each picture's trouble itself. Qt's warnings (qt.svg's) come
    through its message handler; libpng writes its errors to stderr itself, so the
    process's stderr is set aside meanwhile too."""
    said: list[str] = []

    def keep(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        said.append(message.strip())

    previous = qInstallMessageHandler(keep)
    try:
        with tempfile.TemporaryFile() as aside:
            sys.stderr.flush()
            saved = os.dup(2)
            os.dup2(aside.fileno(), 2)
            try:
                yield said
            finally:
                os.dup2(saved, 2)
                os.close(saved)
            aside.seek(0)
            said.extend(line.strip() for line in aside.read(4096).decode("utf-8", "replace").splitlines()
                        if line.strip())  # fmt: skip
    finally:
        qInstallMessageHandler(previous)


def _trouble(reader: QImageReader, fonts: Callable[[], None] | None) -> tuple[str, str] | None:
    if not reader.canRead():
        return "is not a picture file the reader can open (PNG, JPEG, GIF, WebP or SVG), or it is damaged", "error"
    size = reader.size()
    drawn = bytes(reader.format().data()) in (b"svg", b"svgz")  # lines: drawn at any size
    if drawn and fonts is not None:
        fonts()  # its text is drawn with Qt's fonts
    limit_bytes = QImageReader.allocationLimit() * 1024 * 1024
    # A grey or black-and-white PNG (8 or 1 bits a pixel in its file) is unpacked to 32
    # bits, as a colour one: a 9,000 × 8,000 grey scan is refused as one is.
    bits = max(QImage.toPixelFormat(reader.imageFormat()).bitsPerPixel(), 32)
    if size.isValid() and limit_bytes > 0 and size.width() * size.height() * bits // 8 > limit_bytes:
        # Asked before decoding: Qt would refuse it with a warning of its own on stderr.
        most = limit_bytes * 8 // bits // 1_000_000
        return (f"is {size.width()} × {size.height()} pixels, more than the reader can open "
                f"(about {most} million at most): make it smaller; {SUGGESTED_WIDTH_PX:,} pixels "
                "across is plenty on screen and on paper", "error")  # fmt: skip
    if reader.read().isNull():
        return f"cannot be opened as a picture ({reader.errorString()}): it may be damaged", "error"
    turned = reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90
    across = size.height() if turned else size.width()  # as shown: upright
    if across > WIDEST_USEFUL_PX and not drawn:
        return (f"is {across:,} pixels across, twice what the widest screens show: "
                f"{SUGGESTED_WIDTH_PX:,} is plenty on screen and on paper, and opens faster",
                "warning")  # fmt: skip
    return None

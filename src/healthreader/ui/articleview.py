"""The article view: a locked-down QTextBrowser.

DESIGN.md's safety findings, applied: links are never opened by Qt (``openLinks`` off) and
never handed to the OS; a click is routed through an allow-list (``article:`` and
``glossary:`` only); ``loadResource`` serves only images from inside the article's own
folder and a placeholder otherwise, and never returns None (which would let Qt read the
file itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QPoint, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from healthreader.content.page import escape
from healthreader.content.pictures import read_picture
from healthreader.ui import theme
from healthreader.ui.wheelzoom import CtrlWheelZoom

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QTextDocument

IMAGE_RESOURCE = 2  # QTextDocument.ResourceType.ImageResource


def _placeholder_image() -> QImage:
    # Imported here, not at start-up: see ui/roles.py.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(160, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("#eeeeee"))
    painter = QPainter(image)
    painter.setPen(QColor("#777777"))
    painter.drawRect(0, 0, 159, 89)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "Picture not available")
    painter.end()
    return image


class ArticleView(CtrlWheelZoom, QTextBrowser):
    """Shows one page of HTML; emits events for the links it allows."""

    article_requested = Signal(str)
    glossary_requested = Signal(str, str)  # term, definition

    def __init__(self, glossary: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._glossary = glossary
        self._base_dir: Path | None = None
        self.setAccessibleName("Article")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self._whole_words = False  # see show_page
        self.document().setDefaultStyleSheet(theme.ARTICLE_CSS)
        self.anchorClicked.connect(self._on_anchor_clicked)

    def show_page(self, html: str, base_dir: Path | None) -> None:
        """Show HTML; relative images resolve inside ``base_dir`` only."""
        self._base_dir = base_dir.resolve() if base_dir is not None else None
        if not self._whole_words and "<table" in html:
            # Lines break between words only, never inside one, as in a web browser: Qt's
            # default breaks "Hydroxychloroquine" in a table column ("Hydroxych / loroquine")
            # rather than giving the column the room. What is wider than the view scrolls.
            # Set with the first page that has a table (every article: its summary box),
            # not at start-up: the home page has none, and QTextOption costs 0.5 ms to load.
            from PySide6.QtGui import QTextOption

            self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
            self._whole_words = True
        self.setHtml(html)
        self.verticalScrollBar().setValue(0)

    def set_point_size(self, size: float) -> None:
        font = self.document().defaultFont()
        font.setPointSizeF(size)
        self.document().setDefaultFont(font)

    def glossary_at(self, pos: QPoint) -> tuple[str, str] | None:
        href = self.anchorAt(pos)
        if href.startswith("glossary:"):
            term = href.removeprefix("glossary:")
            definition = self._glossary.get(term)
            if definition is not None:
                return term, definition
        return None

    # -- Qt overrides ------------------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        if kind != IMAGE_RESOURCE:
            return QByteArray()
        image = self._load_image(QUrl(url))
        return image if image is not None else _placeholder_image()

    def setSource(self, url: QUrl | str, kind: QTextDocument.ResourceType | None = None) -> None:
        # WORKAROUND: QTextBrowser navigates by itself on setSource (and on backward() and
        # forward()); every navigation here goes through the allow-list instead.
        self._on_anchor_clicked(QUrl(url))

    def viewportEvent(self, ev: QEvent) -> bool:
        # Tooltip events reach the viewport, in viewport coordinates (what anchorAt wants).
        if ev.type() == QEvent.Type.ToolTip:
            from PySide6.QtGui import QHelpEvent
            from PySide6.QtWidgets import QToolTip

            if not isinstance(ev, QHelpEvent):
                return super().viewportEvent(ev)
            found = self.glossary_at(ev.pos())
            if found is not None:
                term, definition = found
                tip = f"<b>{escape(term)}</b>: {escape(definition)}"
                QToolTip.showText(ev.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(ev)

    # -- slots -------------------------------------------------------------------------------

    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "article":
            target = url.path()
            if target:
                self.article_requested.emit(target)
        elif scheme == "glossary":
            term = url.path()
            definition = self._glossary.get(term)
            if definition is not None:
                self.glossary_requested.emit(term, definition)
        # Anything else (file:, http:, javascript:, mailto:, relative paths) is ignored.

    def _load_image(self, url: QUrl) -> QImage | None:
        if url.scheme() or url.isEmpty():
            return None
        data = read_picture(self._base_dir, url.toString())
        if data is None:
            return None
        from PySide6.QtGui import QImage

        image = QImage()
        return image if image.loadFromData(QByteArray(data)) else None

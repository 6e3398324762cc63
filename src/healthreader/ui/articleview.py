"""The article view: a locked-down QTextBrowser.

DESIGN.md's safety findings, applied: links are never opened by Qt (``openLinks`` off) and
never handed to the OS; a click is routed through an allow-list (``article:`` and
``glossary:`` only); ``loadResource`` serves only images from inside the article's own
folder and a placeholder otherwise, and never returns None (which would let Qt read the
file itself).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QPoint, QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from healthreader.content.page import escape
from healthreader.content.pictures import read_picture
from healthreader.ui import theme
from healthreader.ui.focusframe import FocusFrame
from healthreader.ui.wheelzoom import CtrlWheelZoom

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData, QRectF
    from PySide6.QtGui import (
        QFocusEvent,
        QImage,
        QKeyEvent,
        QPaintEvent,
        QResizeEvent,
        QShowEvent,
        QTextCursor,
        QTextDocument,
    )

    from healthreader.search.passage import Passage
    from healthreader.ui.bodyfit import BodyFitter
    from healthreader.ui.headingfit import HeadingFitter
    from healthreader.ui.picturefit import PictureFitter

IMAGE_RESOURCE = 2  # QTextDocument.ResourceType.ImageResource

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Qt's sizes of h1..h6 against the body text (ui/headingfit.py), and an advance no glyph of
# a heading's font comes near ("W" in a bold sans is about 1 em): for the quick check only.
_HEADING_SCALES = {1: 2.0, 2: 1.5, 3: 1.2}
_WIDEST_EM = 1.5
# The body's quick check (on HTML as content/page.py writes it: tags in lower case): tags
# that may be inside a word ("<b>Hydroxy</b>chloroquine"); where a line may break besides a
# space (after a hyphen or a slash before a letter: an address breaks there); what takes
# room from a word's line, in px at 96 dpi: a list's indent or a quote's margins (at most 80
# a level), a table's borders and padding (under 40 a column).
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|big|code|em|i|s|small|span|strong|sub|sup|u)\b[^>]*>")
_BREAK_AFTER = re.compile(r"[/-](?<=[\w/][/-])(?=[A-Za-z])")
_NESTING_TAG = re.compile(r"<(/?)(ul|ol|blockquote|tr|td|th)\b")
_NESTING_PX, _COLUMN_PX = 80, 40
_INDENT_PX = 40.0  # Qt's list indent a level (QTextDocument.indentWidth), at the default size
_WIDEST_MARKER = "99. "  # a list's number and the space Qt leaves after it
# The page's column: a margin of about an em each side (but no more than a fortieth of the
# view, and shrinking to the page's 4 px as a line nears _NARROW_EMS em: at a kiosk's
# largest text every px of a narrow view goes to the words), and no wider than about this many characters of
# body text (readability guidance keeps 60-80: a long line makes the next one hard to
# find); a wider view centres it, with even margins. A sentence of plain English to measure
# the average character by. Qt may lay a wrapped line out a fraction of a px past its width
# (a glyph's rounding): the page is this many px narrower than the view, so it never scrolls.
_MEASURE_CHARS = 72
_NARROW_EMS = 20
_MEASURE_SAMPLE = "Lupus is a disease of the immune system. It can cause pain, swelling and tiredness."
_WRAP_SLACK_PX = 2
# A quote's bar, and the tinted room between it and the text (see _paint_quote_bars).
_QUOTE_BAR_PX, _QUOTE_PAD_PX = 4, 12
# A body word this long or longer is measured in the page's font (bold, or a fixed-pitch
# one for <code>, and this much wider again: a fallback font) before the view loads
# ui/bodyfit.py for it: at the default size an address as long as
# "amyotrophiclateralsclerosis.html" fits by far.
_LONG_WORD, _MEASURED_SLACK = 16, 1.25


def heading_words(html: str) -> list[tuple[int, int]]:
    """(level, characters in its longest word) of each heading in a page.

    >>> heading_words("<h1>Autoimmune lymphoproliferative syndrome</h1><p>x</p><h2>A <i>b</i></h2>")
    [(1, 19), (2, 1)]
    """
    found = []
    for match in _HEADING.finditer(html):
        words = _TAG.sub("", match.group(2)).split()
        if words:
            found.append((int(match.group(1)), max(map(len, words))))
    return found


def body_words(html: str) -> tuple[int, tuple[str, ...], int]:
    """Of a page's words outside headings: (characters in the longest shorter than
    _LONG_WORD, the words that long or longer, px at 96 dpi their line may lose to list
    indents, quote margins and table borders), for a bound, so generous.

    >>> body_words("<h1>Lymphoproliferative</h1><p>A <b>hydroxy</b>chloroquine dose</p>")
    (4, ('hydroxychloroquine',), 0)
    >>> body_words("<p>See https://www.example.test/autoimmune-lymphoproliferative</p>")
    (11, ('lymphoproliferative', 'www.example.test/'), 0)
    >>> body_words("<ul><li>a<ul><li>b</li></ul></li></ul>"
    ...            "<table><tr><td>x</td><td>y</td></tr></table>")
    (1, (), 280)
    """
    text = _TAG.sub(" ", _INLINE_TAG.sub("", _HEADING.sub(" ", html)))
    text = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
    text = _BREAK_AFTER.sub(r"\g<0> ", text)
    words = set(text.split(" "))
    long_words = tuple(sorted(w for w in words if len(w) >= _LONG_WORD))
    shorter = max((len(w) for w in words if len(w) < _LONG_WORD), default=0)
    depth = deepest = columns = row = 0
    nested = "<ul" in html or "<ol" in html or "<table" in html or "<blockquote" in html
    for match in _NESTING_TAG.finditer(html) if nested else ():
        closing, tag = match.groups()
        if tag in ("ul", "ol", "blockquote"):
            depth += -1 if closing else 1
            deepest = max(deepest, depth)
        elif not closing:
            row = 0 if tag == "tr" else row + 1
            columns = max(columns, row)
    return shorter, long_words, deepest * _NESTING_PX + (columns + 1 if columns else 0) * _COLUMN_PX


def _x(found: object) -> float:
    """The x of ``QTextLine.cursorToX``, which PySide6 returns with the position: (x, pos)."""
    return float(found[0] if isinstance(found, tuple) else found)  # type: ignore[arg-type]


def _placeholder_image(text: str) -> QImage:
    # Imported here, not at start-up: see ui/roles.py.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(160, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("#eeeeee"))
    painter = QPainter(image)
    painter.setPen(QColor("#777777"))
    painter.drawRect(0, 0, 159, 89)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


class ArticleView(CtrlWheelZoom, FocusFrame, QTextBrowser):
    """Shows one page of HTML; emits events for the links it allows."""

    article_requested = Signal(str)
    glossary_requested = Signal(str, str)  # term, definition
    escape_pressed = Signal()  # the window closes the definition; the view does nothing with it

    def __init__(self, glossary: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._glossary = glossary
        self._base_dir: Path | None = None
        self._missing_picture = "Picture not available"
        self.setAccessibleName("Article")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        # The page is laid out at the width the view has with its scroll bar shown (see
        # _page_width), and its column set in it by the root frame's margins (_set_column).
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.setLineWrapColumnOrWidth(self._page_width())
        self._whole_words = False  # see show_page
        # The page's headings (level, longest word) and body words (see body_words), and
        # what keeps them within the view's width once one may not fit: None until then,
        # and again with each new page.
        self._headings: list[tuple[int, int]] = []
        self._body: tuple[int, tuple[str, ...], int] = (0, (), 0)
        self._heading_fitter: HeadingFitter | None = None
        self._body_fitter: BodyFitter | None = None
        self._has_pictures = False
        self._picture_fitter: PictureFitter | None = None
        # Whether the page has a table besides the summary box, and what its widest needs
        # (see _set_column): by the font it was measured in, None until then.
        self._has_tables = False
        self._tables_need: tuple[str, float] | None = None
        self._quotes: list[int] | None = None  # see _quote_blocks
        # The page shown (to show it again in the other colours when the desktop turns dark
        # or light), and whether its colours are for a dark palette.
        self._page: tuple[str, Path | None, str] | None = None
        # The search whose words are marked on the page (show_passage's line and title), to
        # mark them again when the page is shown in the other colours; None when none are.
        self._found: tuple[str, str] | None = None
        self._dark = theme.is_dark(self.palette())
        self.document().setDefaultStyleSheet(theme.article_css(self._dark))
        self.anchorClicked.connect(self._on_anchor_clicked)
        # A link reached with Tab has a mark of its own (_mark_focused_link): where it is in
        # the page, and whether it is marked.
        self._link_span: tuple[int, int] | None = None
        self._link_marked = False
        self.selectionChanged.connect(self._mark_focused_link)  # a click elsewhere, a new link

    def show_page(self, html: str, base_dir: Path | None,
                  missing_picture: str = "Picture not available") -> None:  # fmt: skip
        """Show HTML; relative images resolve inside ``base_dir`` only, and one that does
        not is a box saying ``missing_picture`` (in the article's language)."""
        replacing = self._page is not None
        self._page = (html, base_dir, missing_picture)
        self._base_dir = base_dir.resolve() if base_dir is not None else None
        self._missing_picture = missing_picture
        if not self._whole_words and "<table" in html:
            # Lines break between words only, never inside one, as in a web browser: Qt's
            # default breaks "Hydroxychloroquine" in a table column ("Hydroxych / loroquine")
            # rather than giving the column the room. What is wider than the view scrolls.
            # Set with the first page that has a table (every article: its summary box),
            # not at start-up: the home page has none, and QTextOption costs 0.5 ms to load.
            from PySide6.QtGui import QTextOption

            self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
            self._whole_words = True
        # The fitters go before the page they fitted: one that held a table of it while
        # setHtml deleted that table crashed the program (a picture in a table, tested).
        # And none is made while the page loads (setHtml may resize the view: _fit_page).
        self._heading_fitter = self._body_fitter = self._picture_fitter = None
        self._headings, self._body, self._has_pictures = [], (0, (), 0), False
        self._has_tables, self._tables_need = False, None
        self._quotes = None
        self._link_span, self._link_marked = None, False  # a link's mark belongs to its page
        if replacing:
            # setHtml empties the page first, which hid the scroll bar, and the new page
            # showed it again: two resizes of the view, each laying the whole page out again
            # at another width (a third of the time it took to open an article). The bar
            # stays while the page is replaced; a page too short to need it loses it after.
            # (Not for the first page: the Qt namespace waits until after the first paint,
            # see ui/roles.py, and a new view has no page to empty.)
            from PySide6.QtCore import Qt

            policy = self.verticalScrollBarPolicy()
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            self.setHtml(html)
            self.setVerticalScrollBarPolicy(policy)
        else:
            self.setHtml(html)
        self._headings = heading_words(html)
        self._body = body_words(html)
        self._has_pictures = "<img" in html
        # (Not the summary box: one column, as wide as its longest word at most.)
        tables = html.count("<table") - html.count('<table class="summary"')
        self._has_tables, self._tables_need = tables > 0, None
        self._fit_page()
        self.verticalScrollBar().setValue(0)
        if self._found is not None:
            self._found = None
            self.setExtraSelections([])

    def show_passage(self, marked: str, title: str) -> str | None:
        """After show_page, for a search result: its line ``marked`` (matched words in
        ``[[ ]]``) in sight, a quarter of the way down, with the words searched marked on the
        whole page, and the keyboard's reading place at the line's start (search/passage.py).
        Not scrolled when the line is in the first screen already; nothing when it is not on
        the page. The marks are not the page's text: they are not copied or printed, and go
        with the next page. Returns the heading of the section scrolled to (for a screen
        reader), or None."""
        from healthreader.ui.wordbreak import BREAKS

        passage = self._mark_found(marked, title)
        if passage is None:
            return None
        from PySide6.QtGui import QTextCursor

        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.setPosition(passage.start)
        self.setTextCursor(cursor)
        doc.size()  # laid out, so the line's place is known
        bar = self.verticalScrollBar()
        line, height = bar.value() + self.cursorRect(cursor).top(), self.viewport().height()
        if line <= height * 2 // 3:
            return None
        # With its section's heading above it, when that leaves the line in the top half.
        block = cursor.block()
        while block.isValid() and block.blockFormat().headingLevel() == 0:
            block = block.previous()
        heading = doc.documentLayout().blockBoundingRect(block).top() if block.isValid() else -height
        bar.setValue(int(heading) - 8 if line - heading < height // 2 else line - height // 4)
        if not block.isValid():
            return None
        return block.text().translate(str.maketrans("", "", BREAKS)).strip() or None

    def _mark_found(self, marked: str, title: str) -> Passage | None:
        """The words searched marked on the page shown (see show_passage); the passage, or
        None when its line is not on the page."""
        from healthreader.search.passage import find_passage
        from healthreader.ui.wordbreak import BREAKS

        doc = self.document()
        passage = find_passage(doc.toRawText(), marked, title, BREAKS)
        if passage is None:
            return None
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QTextEdit

        marks = []
        for start, end in passage.marks:
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            mark = QTextEdit.ExtraSelection()
            mark.cursor = cursor  # kept where it is as the fitters put breaks in words
            mark.format = theme.found_format()
            marks.append(mark)
        self.setExtraSelections(marks)
        self._found = (marked, title) if marks else None
        return passage

    def set_point_size(self, size: float) -> None:
        doc = self.document()
        font = doc.defaultFont()
        font.setPointSizeF(size)
        # A list's numbers stand in its indent, right-aligned a space before the text, and
        # Qt keeps the indent at 40 px a level at any text size: at a kiosk's largest text
        # "12." stood left of the view, cut off. The indent grows to hold "99. " once the
        # text is that large (not at the default size, nor below).
        from PySide6.QtGui import QFontMetricsF

        marker = QFontMetricsF(font, self).horizontalAdvance(_WIDEST_MARKER) / (self.logicalDpiY() / 96)
        doc.setIndentWidth(max(_INDENT_PX, float(math.ceil(marker))))
        doc.setDefaultFont(font)  # after: the fitters measure lists' lines by the indent
        self._fit_page()

    def _page_width(self) -> int:
        """The width the page is laid out at: the view's with the vertical scroll bar shown,
        whether it is or not (a heading sized to the width without the bar could make the
        page short enough to lose the bar, or long enough to get it back, and never settle;
        and the lines do not move when it comes or goes), less _WRAP_SLACK_PX."""
        bar = self.verticalScrollBar().sizeHint().width()
        return max(1, self.contentsRect().width() - bar - _WRAP_SLACK_PX)

    def _set_column(self) -> None:
        """The page at the view's width, and its column in it: about an em of margin each
        side, and on a wide view no wider than _MEASURE_CHARS of body text, centred. (Set
        again with each page: setHtml resets the root frame's margins.)"""
        page = self._page_width()
        if self.lineWrapColumnOrWidth() != page:
            self.setLineWrapColumnOrWidth(page)
        from PySide6.QtGui import QFontMetricsF

        doc = self.document()
        font = doc.defaultFont()
        em = font.pointSizeF() * self.logicalDpiY() / 72
        margin = float(round(max(doc.documentMargin(), min(em, page / 40, (page - _NARROW_EMS * em) / 2))))
        measure = QFontMetricsF(font, self).horizontalAdvance(_MEASURE_SAMPLE) / len(_MEASURE_SAMPLE)
        column = float(math.ceil(measure * _MEASURE_CHARS))
        if page - 2 * margin > column and self._has_tables:
            # A table whose words need more room than the column widens it, up to the
            # view's width: a medicine table keeps "Hydroxychloroquine" whole on a wide
            # screen, as it did before the column was capped.
            key = font.key()
            if self._tables_need is None or self._tables_need[0] != key:
                from healthreader.ui.bodyfit import widest_table

                self._tables_need = (key, widest_table(doc, self.logicalDpiY() / 96))
            column = max(column, float(math.ceil(self._tables_need[1])))
        extra = max(0.0, page - 2 * margin - column)
        side = margin + float(int(extra / 2))
        root = doc.rootFrame()
        style = root.frameFormat()
        if (style.leftMargin(), style.rightMargin()) != (side, side):
            style.setLeftMargin(side)
            style.setRightMargin(side)
            root.setFrameFormat(style)

    def _line_width(self) -> float:
        """The width of a line of the page's column (see _page_width and _set_column)."""
        style = self.document().rootFrame().frameFormat()
        return self.lineWrapColumnOrWidth() - style.leftMargin() - style.rightMargin()

    def _may_overflow(self, line_width: float) -> tuple[bool, bool]:
        """Whether a heading's longest word, and a body word, could be wider than its line:
        bounds with no font work (but for a few long body words, measured in a font at
        least as wide as theirs), so the default size in a usual window costs nothing."""
        px_per_em = self.document().defaultFont().pointSizeF() * self.logicalDpiY() / 72
        headings = any(chars * _WIDEST_EM * _HEADING_SCALES.get(level, 1.0) * px_per_em > line_width
                       for level, chars in self._headings)  # fmt: skip
        shorter, long_words, room_lost = self._body
        # (Table borders do not grow with the indent: more than they take, so still a bound.)
        room = line_width - room_lost * self.logicalDpiY() / 96 * self.document().indentWidth() / _INDENT_PX
        body = shorter * _WIDEST_EM * px_per_em > room
        wide = [w for w in long_words if len(w) * _WIDEST_EM * px_per_em > room]
        if wide and not body:
            from PySide6.QtGui import QFont, QFontMetricsF

            bold = QFont(self.document().defaultFont())
            bold.setBold(True)
            fixed = QFont(bold)
            fixed.setFamilies(["monospace"])
            fixed.setStyleHint(QFont.StyleHint.TypeWriter)
            measured = max(QFontMetricsF(font).horizontalAdvance(word)
                           for font in (bold, fixed) for word in wide)  # fmt: skip
            body = measured * _MEASURED_SLACK > room
        return headings, body

    def _fit_page(self) -> None:
        """Titles, headings and body text within the view's width, at the text size and width
        it has now: a heading smaller or, at the body's size, broken (see ui/headingfit.py);
        a body word broken where it must (see ui/bodyfit.py)."""
        if not self.isVisible():  # not before its width is known
            return
        self._set_column()
        width = self._line_width()
        if self._has_pictures:  # first: a picture's width is part of its table's
            if self._picture_fitter is None:
                from healthreader.ui.picturefit import PictureFitter

                self._picture_fitter = PictureFitter(self.document(), self.logicalDpiY() / 96,
                                                     self.devicePixelRatioF())
            self._picture_fitter.fit(width)
        if self._heading_fitter is None or self._body_fitter is None:
            headings, body = self._may_overflow(width)
            if headings and self._heading_fitter is None:
                from healthreader.ui.headingfit import HeadingFitter

                self._heading_fitter = HeadingFitter(self.document())
            if body and self._body_fitter is None:
                from healthreader.ui.bodyfit import BodyFitter

                self._body_fitter = BodyFitter(self.document(), self.logicalDpiY() / 96)
        if self._heading_fitter is not None:
            self._heading_fitter.fit(width)
        if self._body_fitter is not None:
            self._body_fitter.fit(width)

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
        return image if image is not None else _placeholder_image(self._missing_picture)

    def setSource(self, url: QUrl | str, kind: QTextDocument.ResourceType | None = None) -> None:
        # WORKAROUND: QTextBrowser navigates by itself on setSource (and on backward() and
        # forward()); every navigation here goes through the allow-list instead.
        self._on_anchor_clicked(QUrl(url))

    def createMimeDataFromSelection(self) -> QMimeData:
        # What Ctrl+C, the menu's Copy, the selection (X11's middle click) and a drag all
        # take. The soft hyphens and zero-width spaces put in to fit the view are the
        # screen's, not the text's (ui/wordbreak.py): out of the plain text, HTML and
        # Markdown; Qt's OpenDocument copy, a zip, is not offered (it would keep them).
        # Qt's own object is cleaned and returned, never a new QMimeData made here: the
        # clipboard takes ownership of what this returns, but PySide6 would still delete a
        # Python-made one, and the program then crashed when it quit (tested).
        from healthreader.ui.wordbreak import BREAKS

        made = super().createMimeDataFromSelection()
        unseen = str.maketrans("", "", BREAKS)
        text = made.text().translate(unseen) if made.hasText() else None
        html = made.html().translate(unseen).replace("&shy;", "") if made.hasHtml() else None
        markdown = None
        if made.hasFormat("text/markdown"):
            markdown = bytes(made.data("text/markdown").data()).decode("utf-8").translate(unseen)
        made.clear()
        if text is not None:
            made.setText(text)
        if html is not None:
            made.setHtml(html)
        if markdown is not None:
            made.setData("text/markdown", markdown.encode("utf-8"))
        return made

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_page()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.setLineWrapColumnOrWidth(self._page_width())  # shown or not
            self._fit_page()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.escape_pressed.emit()
        super().keyPressEvent(event)  # which ignores it: the window sees it as before

    def focus_on(self, cursor: QTextCursor | None) -> None:
        """The keyboard into the view, on ``cursor``'s link or term (selected, with the mark
        Tab gives it) if there is one."""
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if cursor is not None and cursor.hasSelection() and cursor.document() is self.document():
            self._link_span = (cursor.selectionStart(), cursor.selectionEnd())
            self.setTextCursor(cursor)
            self._mark_focused_link()

    def focusNextPrevChild(self, next: bool) -> bool:
        moved = super().focusNextPrevChild(next)
        cursor = self.textCursor()  # Qt selects the link it moved to
        self._link_span = (cursor.selectionStart(), cursor.selectionEnd()) if cursor.hasSelection() else None
        self._mark_focused_link()
        return moved

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._mark_focused_link()

    def _mark_focused_link(self) -> None:
        """Whether the link reached with Tab gets its mark: Qt outlines it with a thin dotted
        line only, which a keyboard user could hardly find on the page; ``paintEvent`` draws
        a solid frame in the selection's colour around it. Text selected with the mouse is
        not a link reached with Tab: it has no frame."""
        cursor = self.textCursor()
        marked = (self._link_span is not None and self.hasFocus() and cursor.hasSelection()
                  and (cursor.selectionStart(), cursor.selectionEnd()) == self._link_span)  # fmt: skip
        if not marked:
            self._link_span = None  # until Tab reaches a link again
        if marked or self._link_marked:
            self._link_marked = marked
            self.viewport().update()

    def focused_link_rects(self) -> list[QRectF]:
        """Where the link reached with Tab is, in the document's coordinates: one rectangle
        a line it takes; none when no link has the focus."""
        from PySide6.QtCore import QRectF

        cursor = self.textCursor()
        if not (self._link_marked and cursor.hasSelection()):
            return []
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        doc = self.document()
        layout = doc.documentLayout()
        rects = []
        block = doc.findBlock(start)
        while block.isValid() and block.position() < end:
            origin = layout.blockBoundingRect(block).topLeft()
            lines = block.layout()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                first = max(start - block.position(), line.textStart())
                last = min(end - block.position(), line.textStart() + line.textLength())
                if first < last:
                    x1, x2 = _x(line.cursorToX(first)), _x(line.cursorToX(last))
                    rects.append(QRectF(origin.x() + min(x1, x2), origin.y() + line.y(),
                                        abs(x2 - x1), line.height()))  # fmt: skip
            block = block.next()
        return rects

    def _quote_blocks(self) -> list[int]:
        """The numbers of the page's blocks in a quote (``>`` in Markdown): Qt gives such a
        block its margins, 40 px a side a level, and no list."""
        if self._quotes is None:
            self._quotes = []
            if self._page is not None and "<blockquote" in self._page[0]:
                block = self.document().begin()
                while block.isValid():
                    style = block.blockFormat()
                    if (style.leftMargin() > 0 and style.leftMargin() == style.rightMargin()
                            and block.textList() is None):  # fmt: skip
                        self._quotes.append(block.blockNumber())
                    block = block.next()
        return self._quotes

    def _paint_quote_bars(self, event: QPaintEvent) -> None:
        """A quote set apart as in an e-book: its tint (the style sheet's) reaches a little
        left of its text, to a bar in the summary box's border colour. Qt's rich text draws
        no border or padding of a block, so the view draws them."""
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QColor, QPainter

        quotes = self._quote_blocks()
        if not quotes:
            return
        named = theme.colours(self._dark)
        tint, bar = QColor(named["quote"]), QColor(named["quote_bar"])
        doc = self.document()
        layout = doc.documentLayout()
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        exposed = QRectF(event.rect())
        painter: QPainter | None = None
        for number in quotes:
            block = doc.findBlockByNumber(number)
            lines = block.layout()
            if not block.isValid() or lines is None or lines.lineCount() == 0:
                continue
            box = layout.blockBoundingRect(block).translated(-dx, -dy)
            left = box.left() + lines.lineAt(0).x()
            strip = QRectF(left - _QUOTE_PAD_PX, box.top(), _QUOTE_PAD_PX, box.height())
            if not strip.intersects(exposed):
                continue
            if painter is None:
                painter = QPainter(self.viewport())
            painter.fillRect(strip, tint)
            painter.fillRect(QRectF(strip.left(), strip.top(), _QUOTE_BAR_PX, strip.height()), bar)
        if painter is not None:
            painter.end()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._paint_quote_bars(event)
        if not self._link_marked:
            return
        from PySide6.QtGui import QPainter, QPalette, QPen

        painter = QPainter(self.viewport())
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        for rect in self.focused_link_rects():
            painter.drawRect(rect.translated(-dx, -dy).adjusted(-2, -1, 2, 1))
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Qt has reset the page's default font
            self._fit_page()
        elif event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        """The page in colours for the palette: the desktop turned to its dark mode or back
        while the reader was open (dark blue headings on black could not be read)."""
        dark = theme.is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        self.document().setDefaultStyleSheet(theme.article_css(dark))
        if self._page is not None:  # its colours were set when it was parsed: again
            # As the reader left it: where it is scrolled to, the keyboard's reading place
            # (and the link reached with Tab), and the words of the search that opened it
            # marked (the same text, fitted to the same width: the same places).
            position = self.verticalScrollBar().value()
            cursor = self.textCursor()
            anchor, place, link = cursor.anchor(), cursor.position(), self._link_span
            found = self._found
            self.show_page(*self._page)
            if found is not None:
                self._mark_found(*found)
            end = self.document().characterCount() - 1
            if max(anchor, place) <= end:
                from PySide6.QtGui import QTextCursor

                cursor = QTextCursor(self.document())
                cursor.setPosition(anchor)
                cursor.setPosition(place, QTextCursor.MoveMode.KeepAnchor)
                self.setTextCursor(cursor)
                if link is not None:
                    self._link_span = link
                    self._mark_focused_link()
            self.verticalScrollBar().setValue(position)

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
        from healthreader.ui.picturefit import decode, on_white

        image = decode(data)
        if image is not None and self._dark and image.hasAlphaChannel():
            return on_white(image)
        return image

"""Handout layout and painting with QtGui: PDF bytes in memory, or any paged device.

``render_pdf()`` lays the handout HTML (``handout.py``) out with a QTextDocument and paints it
page by page onto a QPdfWriter writing into memory; ``write_pdf()`` then commits the bytes
with a QSaveFile, because QPdfWriter reports no error of its own (a full disk gives a
truncated file and no complaint). ``paint_handout()`` is the same painting for a QPrinter or
a print preview, so paper and PDF have the same pages.

Layout happens at a fixed 96 dots per inch, whatever the target device, and the painter is
scaled to the device: page breaks then do not depend on the printer's resolution, and the
CSS pixel sizes in ``handout.py`` are 1/96 inch on paper. Every table is fitted to the text
width before the pages are counted (see "tables" below): no cell is cut off at the edge.

Usage::

    app = ensure_gui_application()          # the CLI has no window system
    data = render_pdf([article], library, glossary, clinic="Riverside Family Clinic")
    write_pdf(data, Path("Lupus - Health Reader.pdf"))
"""

from __future__ import annotations

import datetime
import errno
import math
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    QSaveFile,
    QSize,
    QSizeF,
    Qt,
    QTextBoundaryFinder,
    QUrl,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QImageIOHandler,
    QImageReader,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLayout,
    QTextLength,
    QTextList,
    QTextOption,
    QTextTable,
)

from healthreader.content.glossary import Glossary
from healthreader.content.model import Article, Library
from healthreader.content.pictures import picture_file, picture_problem, read_picture
from healthreader.content.wording import ENGLISH, SPANISH, Wording, wording_for
from healthreader.errors import ExportError
from healthreader.export.handout import (
    APP_NAME,
    CONTENTS_CELL_PADDING,
    PrintStyle,
    article_html,
    contents_html,
    document_title,
    handout_wording,
    header_texts,
    html_document,
    listed_title,
    page_label,
    picture_name,
    picture_sources,
    related_articles,
)
from healthreader.export.picturecheck import picture_reader, picture_trouble, qt_messages

#: The most pixels per inch a printed picture keeps (more only makes the PDF bigger).
PICTURE_DPI = 300

#: A photo is unpacked at a half, a quarter or an eighth of its pixels (where its format can
#: do that as it unpacks: JPEG) as long as this many per inch are left at the largest size it
#: can be printed at; photo printing looks sharp from about 240.
SHARP_PRINT_DPI = 240

#: The resolution the handout is laid out at; 1 CSS pixel is 1/96 inch.
LAYOUT_DPI = 96

#: The footer's disclaimer, in points: in normal print, and in large print (in proportion).
DISCLAIMER_PT = 9.0
LARGE_DISCLAIMER_PT = 12.0

#: Page margins: generous enough for a home printer's unprintable edge and for a hole punch.
MARGINS_MM = QMarginsF(18, 13, 18, 13)

# Territories whose paper is US Letter (CLDR's paperSize data); everywhere else uses A4.
_LETTER_TERRITORIES = frozenset({
    QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
    QLocale.Country.Belize, QLocale.Country.Chile, QLocale.Country.Colombia,
    QLocale.Country.CostaRica, QLocale.Country.ElSalvador, QLocale.Country.Guatemala,
    QLocale.Country.Nicaragua, QLocale.Country.Panama, QLocale.Country.Philippines,
    QLocale.Country.PuertoRico, QLocale.Country.Venezuela,
})

# How far below a table's first row the next page must start for the table to be laid out
# alike wherever it is on its page (_first_row_clear), in layout pixels: more than its cells'
# padding and borders.
_ROW_CLEARANCE = 32

# A table shorter than this share of a page (a "Words to know" box, a small data table) is
# moved whole to the next page rather than split across two.
_KEEP_TABLE_FRACTION = 0.4

# The "When to get help right away" section moves whole to the next page only when that
# leaves less than this share of the page empty above it; else it is split, two of its
# entries at least on each page, and its part on the next page headed "(continued)".
_GET_HELP_BLANK_FRACTION = 0.4

_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)

_FONT_FAMILIES = ["Noto Sans", "Segoe UI", "Helvetica Neue", "Arial", "DejaVu Sans"]


def page_size_for_locale(locale: QLocale | None = None) -> QPageSize:
    """Letter in the US, Canada and the other Letter countries; A4 everywhere else.

    Measured by territory, not ``measurementSystem()``: Canada is metric but uses Letter.
    The locale is the paper's (``paper_locale()``) unless one is given.
    """
    where = (locale or paper_locale()).territory()
    if where in _LETTER_TERRITORIES:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def paper_locale(environ: Mapping[str, str] | None = None) -> QLocale:
    """The locale that says which paper to use: the first of ``LC_ALL``, ``LC_PAPER`` and
    ``LANG`` that is set (POSIX's order; Qt's own system locale ignores ``LC_PAPER``), else
    the system's (Windows, and macOS outside a terminal, do not use these variables).

    >>> paper_locale({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}).territory().name
    'Germany'
    >>> paper_locale({"LC_ALL": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}).territory().name
    'UnitedStates'
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(name, "")
        if value:
            return QLocale(value)  # "de_DE.UTF-8", "sr_RS@latin"; "C" or junk: no country
    return QLocale()


def page_size_named(name: str) -> QPageSize:
    """``export --paper``: "letter" or "a4" (any case)."""
    sizes = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
    try:
        return QPageSize(sizes[name.lower()])
    except KeyError:
        raise ExportError(f"unknown paper size {name!r}: use letter or a4") from None


def handout_page_layout(page_size: QPageSize | None = None) -> QPageLayout:
    """Portrait pages of the given size (default: from the locale) with the handout margins."""
    return QPageLayout(page_size or page_size_for_locale(), QPageLayout.Orientation.Portrait,
                       MARGINS_MM, QPageLayout.Unit.Millimeter)


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one on the offscreen platform.

    Fonts and layout need a QGuiApplication; the ``export`` command must work with no
    display at all (a server, a cron job, a container), so it always asks for "offscreen"
    on the command line, which wins over any QT_QPA_PLATFORM in the environment. The caller
    keeps the returned object alive while it exports.
    """
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise ExportError("a PDF needs a QGuiApplication, but a QCoreApplication is running")
    return QGuiApplication(["healthreader", "-platform", "offscreen"])


class _HandoutDocument(QTextDocument):
    """A QTextDocument that loads no resources by itself.

    Its only pictures are the ones ``_load_pictures`` read and checked, added under names of
    ours before the HTML is set; QTextDocument would otherwise read any file a ``src`` names
    (DESIGN.md: ``file:///dev/zero`` aborts).
    """

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return QByteArray()


@dataclass(frozen=True, slots=True)
class _Metrics:
    """Where things go on a page, in the device's pixels (``scale`` = device px per layout px)."""

    width: float
    height: float
    scale_x: float
    scale_y: float
    header_height: float
    footer_height: float
    rule_width: float
    # The room for the disclaimer's lines (two where one is not wide enough): the most any
    # page's language takes, so every page has the same body area.
    disclaimer_height: float
    # Each footer language's disclaimer line, with its height (a packet of English and
    # Spanish articles has both).
    disclaimers: Mapping[str, float]
    header_font: QFont
    header_bold_font: QFont
    disclaimer_font: QFont
    footer_font: QFont
    footer_bold_font: QFont
    header: _Header  # the header's lines, as they fit this page's width

    @property
    def body_top(self) -> float:
        return self.header_height

    @property
    def body_size(self) -> QSizeF:
        """The body area of each page, in layout pixels."""
        return QSizeF(self.width / self.scale_x,
                      (self.height - self.header_height - self.footer_height) / self.scale_y)


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(_FONT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    # Paper wants the font's designed shapes and advances, not ones snapped to screen pixels.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No "ﬀ"/"ﬁ" ligature glyphs: the PDF's text must copy, search and read aloud as "off".
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


@dataclass(frozen=True, slots=True)
class _Header:
    """The running header's text: the clinic's line(s) on the left (or the app's name),
    the app's name on the right of the first line (or nothing), and whether the clinic's
    name had to be cut with "…"."""

    left: tuple[str, ...]
    right: str
    cut: bool


#: The most lines a clinic's name takes in the header before it is cut with "…".
HEADER_LINES = 2


def _header(clinic: str | None, width: float, bold: QFont, plain: QFont,
            device: QPagedPaintDevice) -> _Header:  # fmt: skip
    """The clinic's name beside "Health Reader", wrapped onto a second line if it needs
    one; if two lines beside it are not enough, the name takes the whole width and the app's
    name is left out; only a name longer than two whole lines is cut, at the end of the
    second (clinics put their phone number in the name: it is kept wherever it fits)."""
    left, right = header_texts(clinic)
    if not right:
        return _Header((left,), "", False)
    gap = QFontMetricsF(bold, device).height()
    beside = width - QFontMetricsF(plain, device).horizontalAdvance(right) - gap
    lines = _wrapped(left, bold, device, beside)
    if len(lines) <= HEADER_LINES:
        return _Header(tuple(text for text, _ in lines), right, False)
    lines = _wrapped(left, bold, device, width)
    if len(lines) <= HEADER_LINES:
        return _Header(tuple(text for text, _ in lines), "", False)
    kept = [text for text, _ in lines[:HEADER_LINES - 1]]
    rest = left[lines[HEADER_LINES - 1][1]:]
    kept.append(QFontMetricsF(bold, device).elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return _Header(tuple(kept), "", True)


def _wrapped(text: str, font: QFont, device: QPagedPaintDevice,
             width: float) -> list[tuple[str, int]]:  # fmt: skip
    """``text`` (one space between words) broken into lines ``width`` wide between words,
    and within a word only where the word alone is wider: each line's text and where it
    starts in ``text``. Not at a hyphen: "Fernández-García" is a name, and text copied from
    the PDF keeps it whole."""
    fm = QFontMetricsF(font, device)
    lines: list[tuple[str, int]] = []
    start = 0
    while start < len(text):
        end = start
        # The most whole words that fit.
        while end < len(text):
            space = text.find(" ", end + 1)
            stop = len(text) if space < 0 else space
            if fm.horizontalAdvance(text[start:stop]) > width:
                break
            end = stop
        if end == start:  # one word wider than the line: as many characters as fit
            end = start + 1
            while end < len(text) and fm.horizontalAdvance(text[start:end + 1]) <= width:
                end += 1
        lines.append((text[start:end], start))
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    return lines


def clinic_name_cut(clinic: str | None, *, large_print: bool = False,
                    page_size: QPageSize | None = None) -> bool:  # fmt: skip
    """True if ``clinic`` is too long for the header's two lines on a PDF page of that size,
    and would be printed cut short with "…" (the ``export`` command and the handout dialog
    say so). Needs a QGuiApplication."""
    if not header_texts(clinic)[1]:
        return False
    buffer = QBuffer()
    writer = QPdfWriter(buffer)
    writer.setPageLayout(handout_page_layout(page_size))
    style = PrintStyle.for_size(large_print)
    return _metrics(writer, style, [handout_wording([])], clinic).header.cut


def unprintable_characters(text: str | None) -> str:
    """The characters of ``text`` (a clinic's name) that no font installed here can print,
    each once, in order: they would print as empty boxes. "" when every one can. Needs a
    QGuiApplication.

    Qt already takes each character from another installed font when the header's has none
    (Arabic from DejaVu Sans); these are the ones no installed font has (Chinese, Japanese
    or Korean with no CJK font installed, an emoji).
    """
    font = _font(9, bold=True)  # the header's clinic name (its size changes no font)
    missing = []
    for char in dict.fromkeys(text or ""):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue  # a space, a control, a joiner: nothing is printed for it anyway
        layout = QTextLayout(char, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        # Glyph 0 is a font's "no such character" box, in the best font Qt could find.
        if any(0 in run.glyphIndexes() for run in layout.glyphRuns()):
            missing.append(char)
    return "".join(missing)


def _metrics(device: QPagedPaintDevice, style: PrintStyle, footers: Sequence[Wording],
             clinic: str | None = None) -> _Metrics:  # fmt: skip
    """``footers``: the languages of the pages' footers (``_Page.words``)."""
    dpi_x, dpi_y = device.logicalDpiX(), device.logicalDpiY()
    width, height = float(device.width()), float(device.height())
    if width <= 0 or height <= 0 or dpi_x <= 0 or dpi_y <= 0:
        raise ExportError("the page has no printable area")
    mm = dpi_y / 25.4
    large = style.body_pt > 12
    header_font = _font(11 if large else 9)
    header_bold_font = _font(11 if large else 9, bold=True)
    footer_font = _font(10 if large else 8.5)
    footer_bold_font = _font(10 if large else 8.5, bold=True)
    # The disclaimer is read by people who need it most: never smaller than 9 pt (12 pt in
    # large print, in proportion to the body's 16 pt), on a second line where it needs one.
    disclaimer_font = _font(LARGE_DISCLAIMER_PT if large else DISCLAIMER_PT)
    disclaimers = {
        words.disclaimer_line: QFontMetricsF(disclaimer_font, device).boundingRect(
            QRectF(0, 0, width, height), _WRAP, words.disclaimer_line).height()
        for words in footers
    }
    disclaimer_height = max(disclaimers.values())
    header = _header(clinic, width, header_bold_font, header_font, device)
    header_line = QFontMetricsF(header_bold_font, device).height() * len(header.left)
    footer_lines = disclaimer_height + QFontMetricsF(footer_bold_font, device).height()
    return _Metrics(
        width=width, height=height,
        scale_x=dpi_x / LAYOUT_DPI, scale_y=dpi_y / LAYOUT_DPI,
        header_height=header_line + 2.5 * mm + 5 * mm,   # text, rule gap, space before body
        footer_height=5 * mm + 1.5 * mm + footer_lines,  # space after body, rule gap, text
        rule_width=max(1.0, 0.5 / 72 * dpi_y),           # a half-point hairline
        disclaimer_height=disclaimer_height, disclaimers=disclaimers,
        header_font=header_font, header_bold_font=header_bold_font,
        disclaimer_font=disclaimer_font, footer_font=footer_font,
        footer_bold_font=footer_bold_font, header=header,
    )


def _layout_device() -> QImage:
    """A stand-in paint device whose only job is to say "96 dots per inch" to the layout."""
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(LAYOUT_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


@dataclass(frozen=True, slots=True)
class PictureProblem:
    """A picture of an article that the handout could not show (its description is printed
    in its place), in ``healthreader check``'s words:
    "lupus.md:12: picture 'knee.png' not found"."""

    path: Path | None  # the article's file
    line: int | None  # where the picture is written in it
    src: str
    reason: str

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "the article"
        if self.path is not None and self.line is not None:
            where += f":{self.line}"
        return f"{where}: picture {self.src!r} {self.reason}"


def _picture_problem(article: Article, src: str, base: Path | None) -> PictureProblem:
    """Why the picture ``src`` could not be read or opened, as ``check`` says it."""
    reason = picture_problem(base, src)
    if reason is None:
        found = picture_file(base, src)
        trouble = picture_trouble(found) if found is not None else None
        reason = trouble[0] if trouble is not None else "could not be opened"
    line = next((at for written, at in article.pictures if written == src), None)
    return PictureProblem(article.path, line, src, reason)


def _load_pictures(article: Article, body: QSizeF, problems: list[PictureProblem] | None = None,
                   ) -> dict[str, tuple[QImage, tuple[int, int]]]:  # fmt: skip
    """The article's printable pictures by ``src``: the image and its size on paper (CSS px).

    The same files the reader shows (content/pictures.py). A picture keeps its own size
    (by its dots per inch, else 96), shrunk to the text width and to 60% of the page height;
    its pixels are then cut to at most ``PICTURE_DPI`` at that size, so a camera photo does
    not put 20 MB into a one-page handout. A camera's JPEG is unpacked at fewer pixels to
    begin with (``_unpack_step``): a 4,000 × 3,000 photo at half, in a quarter of the time
    and the memory.

    A picture that cannot be read or opened is added to ``problems`` (the handout prints its
    description instead); what the decoder says (libpng's "bad header") is kept off stderr.
    """
    base = article.path.parent if article.path is not None else None
    found: dict[str, tuple[QImage, tuple[int, int]]] = {}
    for src in dict.fromkeys(picture_sources(article.body_html)):
        data = read_picture(base, src)
        if data is None:
            if problems is not None:
                problems.append(_picture_problem(article, src, base))
            continue
        with picture_reader(data) as reader, qt_messages():  # upright, as on screen
            step, upright = _unpack_step(reader, body)
            if step > 1:
                stored = reader.size()
                reader.setScaledSize(QSize(-(-stored.width() // step), -(-stored.height() // step)))
            image = reader.read()
        if image.isNull():
            if problems is not None:
                problems.append(_picture_problem(article, src, base))
            continue
        pixels = upright if step > 1 else image.size()  # its size on paper is its whole size's
        dpm_x, dpm_y = image.dotsPerMeterX(), image.dotsPerMeterY()
        width = pixels.width() * (LAYOUT_DPI / (dpm_x * 0.0254) if dpm_x > 0 else 1)
        height = pixels.height() * (LAYOUT_DPI / (dpm_y * 0.0254) if dpm_y > 0 else 1)
        scale = min(1.0, body.width() / width, 0.6 * body.height() / height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        most = QSize(round(size[0] * PICTURE_DPI / LAYOUT_DPI), round(size[1] * PICTURE_DPI / LAYOUT_DPI))
        if image.width() > most.width() or image.height() > most.height():
            image = image.scaled(most, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        found[src] = (image, size)
    return found


def _unpack_step(reader: QImageReader, body: QSizeF) -> tuple[int, QSize]:
    """1, 2, 4 or 8: unpack the picture at that fraction of its pixels across (JPEG can),
    keeping ``SHARP_PRINT_DPI`` at the largest size it can be printed at (the text width,
    or 60% of the page height); and its size upright, in its own pixels."""
    size = reader.size()  # as stored: before it is turned upright
    if not size.isValid() or size.isEmpty():
        return 1, size
    turned = reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90
    upright = size.transposed() if turned else size
    if not reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
        return 1, upright
    widest = min(body.width(), 0.6 * body.height() * upright.width() / upright.height())
    sharp = widest * SHARP_PRINT_DPI / LAYOUT_DPI  # pixels across
    step = 1
    while step < 8 and upright.width() / (2 * step) >= sharp:
        step *= 2
    return step, upright


def _build_document(html: str, page: QSizeF, style: PrintStyle, device: QImage,
                    pictures: dict[str, QImage] | None = None) -> QTextDocument:  # fmt: skip
    doc = _HandoutDocument()
    for name, image in (pictures or {}).items():
        doc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name), image)
    doc.documentLayout().setPaintDevice(device)
    doc.setUseDesignMetrics(True)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(_font(style.body_pt))
    option = doc.defaultTextOption()
    # Long words (a URL, a drug name in a narrow table cell) break rather than overflow.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    # Qt places the pages at multiples of the page height rounded to 1/64 pixel (its fixed
    # point), which drifts from ours by up to a pixel every hundred pages: a height that is
    # a whole number of 1/64 pixels is the same number to both, so every page starts where
    # Qt put it.
    doc.setPageSize(QSizeF(page.width(), math.floor(page.height() * 64) / 64))
    doc.setHtml(html)
    return doc


# --- tables: every table within the text width -----------------------------------------------
#
# QTextDocument (Qt 6) sizes the columns of a table without regard to its words: each column
# gets an even share of the width (or less, if its text is shorter), so a long word in a
# narrow share is broken anywhere ("Hydroxyc / hloroquin / e"). And a table with more
# columns than even single letters allow runs past the right edge, where the page cuts it
# off. So each table is fitted, in this order:
#
# 1. left as it is when none of its words is broken and it is within the page (most
#    tables: nothing changes);
# 2. else its pictures are shrunk to one column's share of the width, and its columns are
#    given widths the way web browsers do: each at least its widest word, and what is left
#    shared in proportion to how much wider its text would be unwrapped. If the widest
#    words do not fit side by side, the table's type is made smaller, one layout pixel at
#    a time, down to the handout's small print (the size of the sources): a 5-8 column
#    medicine schedule in normal print;
# 3. else a table of three columns or more is printed row by row, at full size: each row a
#    small two-column table of headings and cells (handout.py). That never runs off the
#    page, keeps the type as large as the reader asked for (large print), and reads down
#    the page rather than across (a schedule in large print, a dozen columns);
# 4. else (one or two columns, with a word too long to fit whole even in small print: a web
#    address without slashes) it stays as Qt laid it out, as before: full size, and the
#    long word broken where its line ends.
#
# Scaling a whole table down until it fits was the alternative: it keeps the grid, but a
# table of 30 columns then prints at 6 pt or less, unreadable to those who need print most.

# A table with fewer columns gains nothing from being printed row by row.
_STACK_FROM_COLUMNS = 3
# One layout pixel: smaller steps give the same type (font sizes snap to whole pixels).
_TYPE_STEP_PT = 72 / LAYOUT_DPI


def _fit_tables(doc: QTextDocument, style: PrintStyle) -> list[int]:
    """Fit each table of ``doc`` to the page width as above (steps 1, 2 and 4); returns the
    tables, by their order in the document, to print row by row instead (step 3)."""
    tables = [frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    doc.documentLayout().documentSize()  # all of it laid out (see _paginate)
    unfit = [i for i, table in enumerate(tables) if not _fits(doc, table)]
    if not unfit:
        return []
    with _one_edit(doc):
        for i in unfit:
            _fit_pictures(doc, tables[i])
    _set_column_widths(doc, [tables[i] for i in unfit])
    unfit = [i for i in unfit if not _fits(doc, tables[i])]
    if unfit and style.body_pt > style.small_pt:
        # The smallest type first: a table that does not fit even then is printed row by
        # row at once, without trying each size on the way (every try lays the whole
        # document out again, which takes seconds with a table of hundreds of rows).
        _try_size(doc, [tables[i] for i in unfit], style.small_pt)
        hopeless = [i for i in unfit if not _fits(doc, tables[i])]
        # The others take the largest size, one layout pixel at a time, that fits.
        shrinking = [i for i in unfit if i not in hopeless]
        size = style.body_pt - _TYPE_STEP_PT
        while shrinking and size > style.small_pt:
            _try_size(doc, [tables[i] for i in shrinking], size)
            shrinking = [i for i in shrinking if not _fits(doc, tables[i])]
            size -= _TYPE_STEP_PT
        if shrinking:  # none of the sizes between: the smallest, which fits
            _try_size(doc, [tables[i] for i in shrinking], style.small_pt)
        unfit = hopeless
    if unfit:
        # Smaller type did not keep the words whole: the table goes back to how it was
        # (the stylesheet gives table cells no size of their own: they had the body's).
        with _one_edit(doc):
            for i in unfit:
                table_format = tables[i].format()
                table_format.clearColumnWidthConstraints()
                tables[i].setFormat(table_format)
                _set_point_size(tables[i], style.body_pt)
        _relayout(doc)
    return [i for i in unfit if tables[i].columns() >= _STACK_FROM_COLUMNS]


def _try_size(doc: QTextDocument, tables: Sequence[QTextTable], size: float) -> None:
    """Set the type of ``tables`` to ``size`` and their columns to fit; lays ``doc`` out."""
    with _one_edit(doc):
        for table in tables:
            _set_point_size(table, size)
    _set_column_widths(doc, tables)


def _fits(doc: QTextDocument, table: QTextTable) -> bool:
    """True if ``table`` is within the page width and, if it has several columns, breaks no
    line inside a word. (A word broken in a table of one column, the sources' web address,
    is longer than the line: nothing would keep it whole.)

    Qt gives no sign of a word it broke, so the lines are checked against the places a line
    may break (Unicode's rules: at a space, after a hyphen or a slash...).
    """
    # Qt rounds a table's width to whole layout pixels: within one pixel it fits.
    if doc.documentLayout().frameBoundingRect(table).width() > doc.pageSize().width() + 1:
        return False
    if table.columns() < 2:
        return True
    block = doc.findBlock(table.firstPosition())
    while block.isValid() and block.position() < table.lastPosition():
        layout = block.layout()
        if layout is not None and layout.lineCount() > 1:
            breaks = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, block.text())
            for index in range(1, layout.lineCount()):
                breaks.setPosition(layout.lineAt(index).textStart())
                if not breaks.isAtBoundary():
                    return False
        block = block.next()
    return True


def _set_column_widths(doc: QTextDocument, tables: Sequence[QTextTable]) -> None:
    """Give each table's columns widths that keep its words whole, if its widest words fit
    side by side at the type's present size (step 2 above); then lay the document out."""
    option = doc.defaultTextOption()
    whole_words = QTextOption(option)
    # No breaking inside words: each cell's lines then measure its widest word.
    whole_words.setWrapMode(QTextOption.WrapMode.WordWrap)
    # A new text option lays the whole document out again (as the changes before it need).
    doc.setDefaultTextOption(whole_words)
    try:
        doc.documentLayout().documentSize()
        with _one_edit(doc):
            for table in tables:
                columns = _column_widths(doc, table)
                if not columns:
                    continue
                table_format = table.format()
                # Percentages of the width Qt has for the columns, which is a little more
                # than ours: each column gets at least what it asked for.
                total = sum(columns)
                table_format.setColumnWidthConstraints(
                    [QTextLength(QTextLength.Type.PercentageLength, 100 * width / total)
                     for width in columns])  # fmt: skip
                table.setFormat(table_format)
    finally:
        doc.setDefaultTextOption(option)
    doc.documentLayout().documentSize()


def _column_widths(doc: QTextDocument, table: QTextTable) -> list[float]:
    """Widths for the columns of ``table`` that add up to the page width, each at least its
    widest word, the rest shared in proportion to what more its text would take; or [] if
    the widest words do not fit. The document must be laid out with whole words."""
    columns = table.columns()
    table_format = table.format()
    # Qt rounds each column to whole layout pixels, carrying the error to the next column:
    # a column can come out a pixel and a bit short.
    padding = 2 * table_format.cellPadding() + 2
    least = [padding] * columns  # its widest word (or picture)
    most = [padding] * columns  # its longest line, unwrapped
    for row in range(table.rows()):
        for column in range(columns):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column or cell.columnSpan() > 1:
                continue
            block = doc.findBlock(cell.firstPosition())
            while block.isValid() and block.position() <= cell.lastPosition():
                layout = block.layout()
                if layout is not None:
                    least[column] = max(least[column], layout.minimumWidth() + padding)
                    most[column] = max(most[column], layout.maximumWidth() + padding)
                block = block.next()
    # Less the rules: Qt gives each rule between columns a layout pixel and 2.5 to each
    # outer one (measured on Qt 6.11), and a pixel short, so Qt's total is not less than ours.
    room = doc.pageSize().width() - (columns + 4) * table_format.border() - 1
    spare = room - sum(least)
    if spare < 0:
        return []
    more = [max(0.0, high - low) for low, high in zip(least, most, strict=True)]
    if sum(more) <= 0:
        return [low + spare / columns for low in least]
    return [low + spare * extra / sum(more) for low, extra in zip(least, more, strict=True)]


def _relayout(doc: QTextDocument) -> None:
    # A format change re-lays out only part of a paginated document (see _break_before);
    # asking for the size lays it all out now.
    doc.markContentsDirty(0, doc.characterCount())
    doc.documentLayout().documentSize()


@contextmanager
def _one_edit(doc: QTextDocument) -> Iterator[None]:
    """The changes made inside are laid out once, at the end (else each change to a cell
    sets off a layout of its own: a second for a table of 50 cells)."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    try:
        yield
    finally:
        cursor.endEditBlock()


def _set_point_size(table: QTextTable, size: float) -> None:
    char_format = QTextCharFormat()
    char_format.setFontPointSize(size)
    cursor = table.firstCursorPosition()
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            cursor.setPosition(cell.firstPosition())
            cursor.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(char_format)
            cursor.mergeBlockCharFormat(char_format)  # the height of an empty cell's line


def _fit_pictures(doc: QTextDocument, table: QTextTable) -> None:
    """Shrink the pictures in ``table`` to one column's share of the page width (a picture
    is printed as wide as the text, which in a table leaves no room for the other columns)."""
    table_format = table.format()
    columns = table.columns()
    edges = (columns + 1) * table_format.border() + columns * 2 * table_format.cellPadding()
    most = max(1.0, (doc.pageSize().width() - edges) / columns)
    found = []
    block = doc.findBlock(table.firstPosition())
    while block.isValid() and block.position() < table.lastPosition():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            image = fragment.charFormat().toImageFormat()
            if image.isValid() and image.width() > most:
                found.append((fragment.position(), image))
            fragments += 1
        block = block.next()
    cursor = QTextCursor(doc)
    for position, image in found:
        image.setHeight(image.height() * most / image.width())
        image.setWidth(most)
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)


# --- pagination: what QTextDocument does not do by itself -----------------------------------


def _page_of(y: float, page_height: float) -> int:
    # A hair of tolerance: a line ending exactly on a page boundary belongs to that page.
    return int((y + 0.01) // page_height)


def _line_pages(doc: QTextDocument, block: QTextBlock, count: int) -> list[tuple[int, int]]:
    """(page of top, page of bottom) of the first ``count`` lines of a block (-1 for all)."""
    # First: on a document laid out lazily (see _paginate) this lays it out up to the block.
    origin = _block_origin(doc, block)
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return []
    page_height = doc.pageSize().height()
    n = layout.lineCount() if count < 0 else min(count, layout.lineCount())
    pages = []
    for index in range(n):
        line = layout.lineAt(index)
        top = origin.y() + line.y()
        pages.append((_page_of(top, page_height),
                      _page_of(top + line.height() - 0.02, page_height)))
    return pages


def _block_origin(doc: QTextDocument, block: QTextBlock) -> QPointF:
    """Where a block's lines are measured from, in the document (``QTextLine.y()`` is below
    it): Qt's rect for the block has its top-left there, and its size from the lines. That
    is not the first line's top when Qt moved the first line to the next page: the block
    then starts on the page before, and its lines sit lower in it."""
    return doc.documentLayout().blockBoundingRect(block).topLeft()


def _starts_new_page(fmt: QTextBlockFormat | QTextFrameFormat) -> bool:
    return bool(fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)


def _break_before(doc: QTextDocument, target: QTextBlock | QTextTable) -> int:
    """Start a new page at ``target``; 1 if that moved anything, 0 if it already did."""
    if _starts_new_page(target.format() if isinstance(target, QTextTable)
                        else target.blockFormat()):
        return 0
    # One edit: Qt lays the change out once, not once for the format and again for the rest.
    with _one_edit(doc):
        if isinstance(target, QTextTable):
            table_format = target.format()
            table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            target.setFormat(table_format)
            start = target.firstPosition() - 1
        else:
            block_format = QTextBlockFormat()
            block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(target).mergeBlockFormat(block_format)
            start = target.position()
        # WORKAROUND: Qt's incremental relayout after a format change re-lays out only the
        # changed block and leaves the blocks after it stale (zero height, old positions) in
        # a paginated document laid out only part of the way (as _paginate's pass reads it).
        # Everything after the break moved, so mark it all dirty: Qt then lays it out again
        # as far as it had got (a page or two further), no further.
        start = max(0, start)
        doc.markContentsDirty(start, doc.characterCount() - start)
    return 1


def _heading_left_behind(doc: QTextDocument, heading: QTextBlock) -> bool:
    """True if the text after a heading starts on a later page than the heading ends."""
    following = heading.next()
    while following.isValid() and not following.text().strip():
        following = following.next()
    if not following.isValid() or _starts_new_page(following.blockFormat()):
        return False
    mine = _line_pages(doc, heading, -1)
    theirs = _line_pages(doc, following, 2)
    return bool(mine and theirs) and theirs[-1][1] != mine[-1][1]


def _introduced(block: QTextBlock) -> bool:
    """True for what a lead-in ending with ":" introduces, besides a table: a picture on a
    line of its own, or the first item of a list."""
    if _is_picture(block):
        return True
    items = block.textList()
    return items is not None and items.itemNumber(block) == 0


def _is_picture(block: QTextBlock) -> bool:
    """True for a picture on a line of its own."""
    if block.text().strip() == "\ufffc":  # an image is one object character in its block
        return block.begin().fragment().charFormat().isImageFormat()
    return False


# A paragraph right above a picture, of at most this many lines, introduces it ("This
# picture shows the parts of the knee."), with or without a ":" at its end; a longer one
# is text of its own, and the picture may start the next page without it.
_PICTURE_LEAD_LINES = 3


def _introduces_picture(block: QTextBlock) -> bool:
    """True for a short paragraph (not a list item) right above a picture."""
    layout = block.layout()
    if block.textList() is not None or layout is None or not 0 < layout.lineCount() <= _PICTURE_LEAD_LINES:
        return False
    following = block.next()
    while following.isValid() and not following.text().strip():
        following = following.next()
    return following.isValid() and _is_picture(following)


def _lead_left_behind(doc: QTextDocument, lead: QTextBlock, block: QTextBlock,
                      keep: QTextBlock) -> bool:  # fmt: skip
    """True if ``block`` (what the lead-in introduces) starts on a later page than the lead-in
    ends, and moving ``keep`` (the lead-in, or the headings above it) would take it along:
    something else is above ``keep`` on its page."""
    mine = _line_pages(doc, lead, -1)
    theirs = _line_pages(doc, block, 1)
    if not mine or not theirs or theirs[0][0] <= mine[-1][1]:
        return False
    return _room_above(doc, keep)


def _room_above(doc: QTextDocument, block: QTextBlock) -> bool:
    """True if something is above ``block`` on the page it starts on: a break before it
    would move it (a block already at a page's top would leave that page empty)."""
    above = block.previous()
    while above.isValid() and not above.text().strip():
        above = above.previous()
    if not above.isValid():
        return False
    before = _line_pages(doc, above, -1)
    at = _line_pages(doc, block, 1)
    return bool(before and at) and before[-1][1] == at[0][0]


# The headings of the section that says when to call for help, in English and Spanish; and
# the handout's own headings after an article's body, where that section ends at the latest.
_GET_HELP = frozenset(words.get_help.casefold() for words in (ENGLISH, SPANISH))
_AFTER_BODY = frozenset(text.casefold() for words in (ENGLISH, SPANISH)
                        for text in (words.related, words.sources))


def _get_help_split(doc: QTextDocument, heading: QTextBlock) -> bool:
    """True for a "When to get help right away" section ("Cuándo buscar ayuda de
    inmediato") split over two pages that would fit on one: it moves whole.

    The section is its heading and what follows it, up to the next heading as high (or the
    handout's "Related conditions" or "Sources"), a table (the "Words to know" box) or the
    end. A section taller than a page is split as any text is.
    """
    if heading.text().strip().casefold() not in _GET_HELP:
        return False
    section = _get_help_section(doc, heading)
    last = section[-1] if section else heading
    first = heading.layout()
    final = last.layout()
    if first is None or first.lineCount() == 0 or final is None or final.lineCount() == 0:
        return False
    top = _block_origin(doc, heading).y() + first.lineAt(0).y()
    end = final.lineAt(final.lineCount() - 1)
    bottom = _block_origin(doc, last).y() + end.y() + end.height()
    page_height = doc.pageSize().height()
    return (_page_of(top, page_height) != _page_of(bottom - 0.02, page_height)
            and bottom - top <= page_height)


def _get_help_section(doc: QTextDocument, heading: QTextBlock) -> list[QTextBlock]:
    """The blocks with text of the section a "When to get help right away" heading starts,
    after the heading: up to the next heading as high (or "Related conditions" or
    "Sources"), a table or the end."""
    level = heading.blockFormat().headingLevel()
    found = []
    block = heading.next()
    while block.isValid() and doc.frameAt(block.position()) is doc.rootFrame():
        at = block.blockFormat().headingLevel()
        if 0 < at <= level or (at and block.text().strip().casefold() in _AFTER_BODY):
            break
        if block.text().strip():
            found.append(block)
        block = block.next()
    return found


def _little_left_blank(doc: QTextDocument, block: QTextBlock) -> bool:
    """True if a break before ``block`` would leave less than ``_GET_HELP_BLANK_FRACTION``
    of its page empty (from its first line's top to the page's foot)."""
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return True
    page_height = doc.pageSize().height()
    top = _block_origin(doc, block).y() + layout.lineAt(0).y()
    blank = (_page_of(top, page_height) + 1) * page_height - top
    return blank < page_height * _GET_HELP_BLANK_FRACTION


def _is_lead_in(block: QTextBlock) -> bool:
    return block.text().rstrip().endswith(":") and block.textList() is None


def _get_help_break(doc: QTextDocument, heading: QTextBlock,
                    section: list[QTextBlock]) -> int | None:  # fmt: skip
    """Where to split a "When to get help right away" section that goes on to another page:
    the index in ``section`` of the first entry to start the next page, or None to move
    the whole section instead. Each page keeps two entries at least (a lead-in ending with
    ":" is not one), a list does not leave its first item alone at the foot nor its last
    alone at the head, and a paragraph split by the page starts the next page whole."""
    heading_pages = _line_pages(doc, heading, -1)
    if not heading_pages:
        return None
    page = heading_pages[-1][1]
    at = next((index for index, block in enumerate(section)
               if (_line_pages(doc, block, -1) or [(page, page)])[-1][1] > page), None)
    if at is None:
        return None

    def entries(blocks: list[QTextBlock]) -> int:
        return sum(1 for block in blocks if not _is_lead_in(block))

    def first_alone(index: int) -> bool:  # the item before ``index`` is a list's first
        items = section[index - 1].textList() if index > 0 else None
        return items is not None and items.count() > 1 and items.itemNumber(section[index - 1]) == 0

    def last_alone(index: int) -> bool:  # the item at ``index`` is its list's last, not first
        items = section[index].textList() if index < len(section) else None
        return (items is not None and items.itemNumber(section[index]) == items.count() - 1
                and items.itemNumber(section[index]) > 0)

    def fits(index: int) -> bool:
        return not (last_alone(index) or first_alone(index) or _is_lead_in(section[index - 1]))

    while at > 0 and not fits(at):
        at -= 1
    return at if at > 0 and entries(section[:at]) >= 2 else None


def _continue_get_help(doc: QTextDocument, words: Wording) -> int:
    """Where the "When to get help right away" section goes on to another page (the pass
    left it split: moving it whole would leave much of a page empty, or it is longer than
    a page), start that page's part with "When to get help right away (continued)" (the
    heading's type), so a patient does not take the first part for all of it; or move the
    whole section when a page would get fewer than two of its entries (``_get_help_break``).
    Returns how many changes: after any, the page breaks after the section's heading are
    undone (``_unbreak_after``) for the pass to set again."""
    heading = doc.begin()
    while heading.isValid() and not (
            heading.blockFormat().headingLevel() > 0
            and doc.frameAt(heading.position()) is doc.rootFrame()
            and heading.text().strip().casefold() in _GET_HELP):  # fmt: skip
        heading = heading.next()
    if not heading.isValid():
        return 0
    changed = 0
    for _ in range(100):  # a heading per page the section reaches: never near this many
        doc.documentLayout().documentSize()
        section = _get_help_section(doc, heading)
        heading_pages = _line_pages(doc, heading, -1)
        last_pages = _line_pages(doc, section[-1], -1) if section else []
        if not heading_pages or not last_pages or last_pages[-1][1] <= heading_pages[-1][1]:
            break  # on one page
        at = _get_help_break(doc, heading, section)
        if at is None:
            # No good place to split it: it moves whole, if that moves it at all.
            if _room_above(doc, heading) and _break_before(doc, heading):
                changed += 1
                _unbreak_after(doc, heading.position() + heading.length() - 1)
                continue
            break
        title = heading.text().strip()
        cursor = QTextCursor(doc)
        cursor.setPosition(heading.position() + 1)
        char_format = cursor.charFormat()  # the heading's type
        block_format = heading.blockFormat()
        block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        before = section[at].previous()
        cursor.setPosition(before.position() + before.length() - 1)
        cursor.insertBlock(block_format, char_format)
        cursor.insertText(words.continued.format(heading=title), char_format)
        heading = cursor.block()
        _relayout(doc)
        changed += 1
    if changed:
        _unbreak_after(doc, heading.position() + heading.length() - 1)
    return changed


def _item_left_alone(doc: QTextDocument, items: QTextList, number: int, split: bool,
                     first_move: QTextBlock | None) -> QTextBlock | None:  # fmt: skip
    """What to move to the next page so that item ``number`` (not the first) of a list
    does not start a page with all the items before it on an earlier one, leaving one item
    alone, or None: the first item alone at a page's foot moves on with ``first_move`` (its
    lead-in and the headings above it, else itself); the last item alone at a page's head
    takes the item before it along (the whole list, with its lead-in, when that would leave
    the first item alone). Items in the middle of a long list may start a page.

    ``split``: the item is split badly (``_split_badly``), so it would move whole to the
    page its last line is on; moving the item before it instead keeps it whole too.
    """
    last = number == items.count() - 1
    if number != 1 and not last:
        return None
    block, previous = items.item(number), items.item(number - 1)
    mine = _line_pages(doc, block, -1)
    theirs = _line_pages(doc, previous, -1)
    if not mine or not theirs:
        return None
    if (mine[-1][1] if split else mine[0][0]) <= theirs[-1][1]:
        return None  # the two items are on one page, or the item before goes on into this one
    # The item before the last moves along, unless that leaves the first alone: then all do.
    target = (first_move or items.item(0)) if number <= 2 else previous
    return target if _room_above(doc, target) else None


def _split_badly(doc: QTextDocument, block: QTextBlock) -> bool:
    """True for a paragraph split with one line alone at a page's foot or head.

    An orphan (first line alone at the foot) always moves the paragraph; a widow (last
    line alone at the head) only in a short paragraph, where moving it costs little space.
    """
    pages = _line_pages(doc, block, -1)
    if len(pages) < 2 or pages[0][0] == pages[-1][1]:
        return False
    on_first = sum(1 for top, _ in pages if top == pages[0][0])
    rest = len(pages) - on_first
    return on_first == 1 or (rest == 1 and len(pages) <= 4)


def _paginate(doc: QTextDocument) -> int:
    """Keep headings with their text and short things whole; returns how many moves.

    QTextDocument ignores ``page-break-after: avoid`` and ``page-break-inside``, and has no
    keep-with-next, widow or orphan control; it does honour a block's (or a table's)
    PageBreak_AlwaysBefore. So one pass in document order sets that break before: a heading
    whose text starts on the next page; a paragraph that leaves one line alone (see
    ``_split_badly``); a short table ("Words to know", a small data table) split over two
    pages; a lead-in paragraph ending with ":" left on a page before the picture, table or
    list it introduces, or a short paragraph before a picture (``_introduces_picture``)
    (``_lead_left_behind``); a list item that would be alone on its page
    (``_item_left_alone``: the last at a page's head, the first at its foot); the "When to get
    help right away" section split over two pages (``_get_help_split``), unless that leaves 40% of a
    page empty (``_little_left_blank``: ``_continue_get_help`` then heads its part on the
    next page "(continued)", after the pass); a table row split over two pages
    (``_keep_rows``: the row moves whole, and
    ``_row_gaps`` closes the row left above it). When the thing moved has headings straight above it, the break goes before the
    first of them, so they move together. A break only pushes later content down, so nothing
    already checked changes, and one pass is enough.

    The pass reads a layout that Qt makes lazily, only as far as the pass has got: a break
    then lays out again only the next page or two, not the whole rest of the document (which
    made a 360-page article take seconds: every break re-laid out everything after it). A
    table's place is worked out from the blocks around it (``_table_marks``), because Qt's
    own frameBoundingRect lays the whole document out first; each place so worked out is
    checked against Qt's once the pass is over, and if one ever differed the pass is made
    again the slow way, asking Qt every time.
    """
    layout = doc.documentLayout()
    tables = [frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    # The model of a table's place, tried on the whole layout first: where it does not give
    # Qt's answer (some layout this code does not know), Qt is asked in the pass too.
    layout.documentSize()
    foot: dict[int, float] = {}  # by table: from the end of the block after it to its foot
    for table in tables:
        marks = _table_marks(doc, table)
        top, height = _qt_table_place(doc, table)
        if marks is not None and marks[0] == top:
            foot[table.firstPosition()] = top + height - marks[1]
    doc.setPageSize(doc.pageSize())  # laid out again from the top, lazily, as it is read
    moves, breaks, worked_out = _keep_together(doc, tables, foot)
    layout.documentSize()
    # Every table the pass did not move is where the pass saw it (breaks after it do not move
    # it): its place must be Qt's.
    if all(_qt_table_place(doc, table) == place for table, place in worked_out):
        return moves
    for target in reversed(breaks):  # a safety net: never seen to happen but in a test
        _unbreak(doc, target)
    _relayout(doc)
    moves, _, _ = _keep_together(doc, tables, {})
    return moves


def _keep_together(
    doc: QTextDocument, tables: Sequence[QTextTable], foot: dict[int, float]
) -> tuple[int, list[QTextBlock | QTextTable], list[tuple[QTextTable, tuple[float, float]]]]:
    """The pass of ``_paginate``: the moves, the breaks set (in order), and each table not
    moved whose place was worked out (``_table_marks``, and ``foot``: by a table's first
    position, how far below the end of the block after it Qt puts its foot), with that
    place."""
    page_height = doc.pageSize().height()
    by_position = {table.firstPosition(): table for table in tables}
    breaks: list[QTextBlock | QTextTable] = []
    worked_out: list[tuple[QTextTable, tuple[float, float]]] = []
    whole = False  # Qt was asked for a table's place, which laid all the document out

    def lazily() -> None:
        """Before a break: lay the document out lazily again, else this break and every
        later one lays out all the rest. (Reading needs no such thing: a layout of all the
        document puts everything where a lazy one would.)"""
        nonlocal whole
        if whole:
            doc.setPageSize(doc.pageSize())
            whole = False

    def move(target: QTextBlock | QTextTable) -> None:
        lazily()
        if _break_before(doc, target):
            breaks.append(target)

    run: list[QTextBlock] = []  # the headings directly above the current block
    # A paragraph ending with ":" just before this block (a lead-in: "Put the ice pack here:"),
    # and what moves with it: the headings above it, or itself.
    lead: QTextBlock | None = None
    lead_move: QTextBlock | None = None
    colon = False  # the lead-in ends with ":" (else it is a short paragraph above a picture)
    # By the position of a list's first item: what moves with that item (see keep below).
    first_moves: dict[int, QTextBlock] = {}
    table_end = -1
    block = doc.begin()
    while block.isValid():
        table = by_position.get(block.position())
        # What a lead-in just above this block would be kept with: a table, a picture or a list.
        # (A lead-in not ending with ":" is kept with the picture below it only.)
        introduced = _is_picture(block) or (colon and (table is not None or _introduced(block)))
        keep = lead_move if lead is not None and introduced else None
        if keep is not None and lead is not None and _lead_left_behind(doc, lead, block, keep):
            move(keep)
        if table is not None:
            table_end = table.lastPosition()
            marks = _table_marks(doc, table) if block.position() in foot else None
            if marks is not None and _first_row_clear(doc, table):
                place = marks[0], marks[1] + foot[block.position()] - marks[0]
                worked_out.append((table, place))
            else:
                place = _qt_table_place(doc, table)
                whole = True
            top, height = place
            split = _page_of(top, page_height) != _page_of(top + height - 0.02, page_height)
            if split and height < page_height * _KEEP_TABLE_FRACTION:
                if worked_out and worked_out[-1][0] is table:
                    worked_out.pop()  # moved: its place before the move is gone
                move(keep or (run[0] if run else table))
            elif split:
                # Its rows are read as they are (most tables need no row moved), and the
                # document made lazy again only before a row is moved: made lazy first, it
                # was laid out again from the top to read them, and all of it again for the
                # next table whose place Qt is asked (a 200-row table, printed row by row
                # as 200 small tables, took 6.6 s instead of 2.9 s).
                kept = _keep_rows(doc, table, lazily)
                if kept:
                    if worked_out and worked_out[-1][0] is table:
                        worked_out.pop()  # its rows moved: it is taller now
                    breaks.extend(kept)
            run = []
            lead = lead_move = None
        if block.blockFormat().headingLevel() > 0:
            run.append(block)
            if _heading_left_behind(doc, block) or (
                    _get_help_split(doc, block) and _room_above(doc, run[0])
                    and _little_left_blank(doc, run[0])):  # fmt: skip
                move(run[0])
            lead = lead_move = None
        elif block.text().strip():
            # Cells are left alone: a break inside a table cell means nothing to Qt.
            if block.position() > table_end:
                split = _split_badly(doc, block)
                items = block.textList()
                number = items.itemNumber(block) if items is not None else -1
                alone = None
                if items is not None and number > 0:
                    alone = _item_left_alone(doc, items, number, split,
                                             first_moves.get(items.item(0).position()))
                if alone is not None:
                    move(alone)
                elif split:
                    move(keep or (run[0] if run else block))
                if number == 0:
                    first_moves[block.position()] = keep or (run[0] if run else block)
                colon = _is_lead_in(block)
                if colon or _introduces_picture(block):
                    lead, lead_move = block, run[0] if run else block
                else:
                    lead = lead_move = None
            run = []
        block = block.next()
    return len(breaks), breaks, worked_out


def _words_box(doc: QTextDocument, words: Wording) -> QTextTable | None:
    """The "Words to know" box (handout.py: a table of one cell, its title first), or None."""
    for frame in reversed(doc.rootFrame().childFrames()):
        if (isinstance(frame, QTextTable) and frame.rows() == 1 and frame.columns() == 1
                and doc.findBlock(frame.firstPosition()).text() == words.words_to_know):
            return frame
    return None


def _continue_box(doc: QTextDocument, words: Wording) -> int:
    """Where the "Words to know" box goes on to another page, start that page's part with
    "Words to know (continued)" (in the box title's type), so it does not read as a list of
    its own; a term split by the page moves whole, after it. Returns how many were added.

    A box split straight after its title moves whole to the next page instead (counted as
    one: what comes after it moved too). Each title added starts a page (a page break in a
    table cell is honoured), and pushes the rest of the box down: the box is read again
    from the top until no term starts a page untitled. Once anything is added, the page
    breaks after the box are undone (``_unbreak_after``), for the pass to set again.
    """
    box = _words_box(doc, words)
    if box is None:
        return 0
    added = 0
    for _ in range(1000):  # a title per page the box reaches: never near this many
        doc.documentLayout().documentSize()
        title = doc.findBlock(box.firstPosition())
        title_pages = _line_pages(doc, title, -1)
        if not title_pages:
            break
        page = title_pages[-1][1]
        block = title.next()
        split: QTextBlock | None = None
        while block.isValid() and block.position() <= box.lastPosition():
            pages = _line_pages(doc, block, -1)
            # It starts a later page, or goes on to one: it is the first of that part.
            if pages and pages[-1][1] > page and block.text() != words.words_to_know_continued:
                split = block
                break
            if pages:
                page = pages[-1][1]
            block = block.next()
        if split is None:
            break
        # Nothing but the title on this page: the whole box moves (once).
        if split.previous() == title and _break_before(doc, box):
            _relayout(doc)
            # Counted: the headings after the box moved with it, and are checked again
            # ("Related conditions" was left alone at a page's foot).
            added += 1
            continue
        cursor = QTextCursor(doc)
        cursor.setPosition(title.position() + 1)
        char_format = cursor.charFormat()  # the title's type
        block_format = title.blockFormat()
        block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        cursor.setPosition(split.previous().position() + split.previous().length() - 1)
        cursor.insertBlock(block_format, char_format)
        cursor.insertText(words.words_to_know_continued, char_format)
        _relayout(doc)
        added += 1
    if added:
        _unbreak_after(doc, box.lastPosition())
    return added


def _unbreak_after(doc: QTextDocument, position: int) -> None:
    """Undo the page breaks of the blocks and tables after ``position`` (the "Words to know"
    box's end, or the emergency section's "(continued)" heading), and the breaks after a
    table row's cells (``_keep_rows``), and lay the document out again. The pass
    (``_paginate``) set them where things were before "(continued)" titles moved them down:
    kept, a heading moved to the next page because it was at a page's foot then started a
    page after a nearly empty one ("Sources" after the last line of "Related conditions").
    The pass is made again, and sets the ones still needed. (The article's HTML asks for
    no page break of its own.)"""
    block = doc.findBlock(position + 1)
    while block.isValid():
        if _starts_new_page(block.blockFormat()) or (
                block.blockFormat().pageBreakPolicy()
                & QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter):  # fmt: skip
            _unbreak(doc, block)
        block = block.next()
    for frame in doc.rootFrame().childFrames():
        if (isinstance(frame, QTextTable) and frame.firstPosition() > position
                and _starts_new_page(frame.format())):
            _unbreak(doc, frame)
    _relayout(doc)


def _row_lines(doc: QTextDocument, table: QTextTable, row: int) -> tuple[set[int], float, float]:
    """The pages the lines of a table row's cells are on, and the top of its first line and
    the foot of its last (document y)."""
    page_height = doc.pageSize().height()
    pages: set[int] = set()
    top, bottom = math.inf, -math.inf
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() != row or cell.column() != column:
            continue  # the rest of a cell spanning rows or columns
        block = doc.findBlock(cell.firstPosition())
        while block.isValid() and block.position() <= cell.lastPosition():
            layout = block.layout()
            origin = _block_origin(doc, block)
            for index in range(layout.lineCount() if layout is not None else 0):
                line = layout.lineAt(index)
                line_top = origin.y() + line.y()
                line_bottom = line_top + line.height()
                pages.add(_page_of(line_top, page_height))
                pages.add(_page_of(line_bottom - 0.02, page_height))
                top, bottom = min(top, line_top), max(bottom, line_bottom)
            block = block.next()
    return pages, top, bottom


def _keep_rows(doc: QTextDocument, table: QTextTable,
               before_break: Callable[[], None] = lambda: None) -> list[QTextBlock]:
    """Move each row of ``table`` that Qt split across two pages whole to the next page (its
    heading row is repeated there); returns the blocks given a break after them.

    Qt moves a row to the next page only when none of its cells' first lines fits on the
    page; otherwise it splits every cell at the page's foot, so a medicine's instruction
    was cut in two, its second half under empty cells. A page break after the last block
    of each cell of the row above ends that row's cells at this page (Qt honours a break
    in a cell, where it lays the cells out page by page), and the split row starts the
    next. A row taller than a page, less its heading rows, is left to split: it cannot fit
    anywhere. A split first row is the table's own move (``_keep_together``).
    ``before_break`` is called before each break is set.
    """
    page_height = doc.pageSize().height()
    headings = table.format().headerRowCount()
    heading_height = 0.0
    if headings > 0:
        _, top, bottom = _row_lines(doc, table, 0)
        _, _, bottom = _row_lines(doc, table, headings - 1)
        heading_height = bottom - top
    kept: list[QTextBlock] = []
    for row in range(headings + 1, table.rows()):
        pages, top, bottom = _row_lines(doc, table, row)
        if len(pages) < 2 or bottom - top > page_height - heading_height - 2 * _ROW_CLEARANCE:
            continue
        before_break()
        with _one_edit(doc):
            for column in range(table.columns()):
                cell = table.cellAt(row - 1, column)
                if cell.row() + cell.rowSpan() != row or cell.column() != column:
                    continue  # a cell that goes on into the split row, or spans columns
                last = doc.findBlock(cell.lastPosition())
                block_format = QTextBlockFormat()
                block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter)
                QTextCursor(last).mergeBlockFormat(block_format)
                kept.append(last)
            start = table.firstPosition()
            doc.markContentsDirty(start, doc.characterCount() - start)
    return kept


def _qt_table_place(doc: QTextDocument, table: QTextTable) -> tuple[float, float]:
    """The top and height of ``table`` by Qt (which first lays out all the document)."""
    rect = doc.documentLayout().frameBoundingRect(table)
    return rect.top(), rect.height()


def _table_marks(doc: QTextDocument, table: QTextTable) -> tuple[float, float] | None:
    """Two edges of ``table`` read from blocks (which Qt lays out only as far as they are
    read), or None: the top of Qt's rect for it (its first cell's first block's top less
    that block's own offset in the cell: Qt 6 moves a table's rect by its first cell's
    offset), and the end of the empty block after it (Qt hides that block at the table's
    foot; between two tables, at the top of the next). Whole 1/64 pixels: the sums are exact.
    """
    layout = doc.documentLayout()
    first = doc.findBlock(table.firstPosition())
    after = doc.findBlock(table.lastPosition() + 1)
    if (doc.frameAt(first.position()) is not table or not after.isValid()
            or after.length() != 1 or after.position() != table.lastPosition() + 1):
        return None
    top = layout.blockBoundingRect(first).top() - first.layout().position().y()
    layout.blockBoundingRect(after)  # laid out up to the block after the table
    end = after.layout().position().y()
    if not isinstance(doc.frameAt(after.position() + 1), QTextTable):
        end += after.layout().boundingRect().height()
    return top, end


def _first_row_clear(doc: QTextDocument, table: QTextTable) -> bool:
    """True if the table's first row, and the room above it from where the block before it
    starts its last line, are on one page, well clear of its top and its foot: Qt then lays
    the table out the same wherever on the page it is (it neither moves the first row nor the
    table to the next page, nor moves the first row down to the page's top)."""
    layout = doc.documentLayout()
    before = doc.findBlock(table.firstPosition() - 1)
    lines = before.layout().lineCount() if before.isValid() else 0
    if lines == 0:
        return False
    above = layout.blockBoundingRect(before).top() + before.layout().lineAt(lines - 1).y()
    below = above
    block = doc.findBlock(table.firstPosition())
    while block.isValid() and block.position() < table.lastPosition() \
            and table.cellAt(block.position()).row() == 0:
        below = max(below, layout.blockBoundingRect(block).bottom())
        block = block.next()
    page_height = doc.pageSize().height()
    return int((above - _ROW_CLEARANCE) // page_height) == int((below + _ROW_CLEARANCE) // page_height)


def _unbreak(doc: QTextDocument, target: QTextBlock | QTextTable) -> None:
    """Undo ``_break_before``."""
    if isinstance(target, QTextTable):
        table_format = target.format()
        table_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        target.setFormat(table_format)
    else:
        block_format = QTextBlockFormat()
        block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
        QTextCursor(target).mergeBlockFormat(block_format)


def _article_document(
    article: Article,
    library: Library | None,
    glossary: Glossary,
    printed_on: datetime.date,
    body: QSizeF,
    large_print: bool,
    device: QImage,
    packet_pages: Mapping[str, int] | None = None,
    problems: list[PictureProblem] | None = None,
) -> QTextDocument:
    """One article laid out on pages of size ``body``, its tables fitted to the width;
    ``packet_pages``: where the packet's articles start, for its related conditions; a
    picture it could not show is added to ``problems``."""
    style = PrintStyle.for_size(large_print)
    pictures = _load_pictures(article, body, problems)
    sizes = {src: size for src, (_, size) in pictures.items()}
    images = {picture_name(src): image for src, (image, _) in pictures.items()}

    def build(stacked: Sequence[int]) -> QTextDocument:
        html = html_document(article_html(article, library, glossary, printed_on,
                                          pictures=sizes, stacked_tables=stacked,
                                          packet_pages=packet_pages),
                             large_print=large_print)  # fmt: skip
        return _build_document(html, body, style, device, images)

    doc = build(())
    # No table comes before the body's (article_html): the numbers are the body's own.
    stacked = _fit_tables(doc, style)
    if stacked:
        doc = build(stacked)
        _fit_tables(doc, style)
    return doc


@dataclass(frozen=True, slots=True)
class _Page:
    doc: QTextDocument
    index: int  # the page within ``doc``
    # What the footer names: the article on the page (as ``listed_title``), or "Contents".
    title: str
    # The footer's language: the article's, or the packet's on its contents pages.
    words: Wording
    # What goes on from the page before (``_carried_over``); None when nothing does.
    carried: _Carryover | None = None
    # Where a table row left room below it for a row moved whole to the next page
    # (``_row_gaps``): painted over with paper, and the row's closing rule drawn.
    gaps: tuple[_RowGap, ...] = ()
    # The marks of the quotes on this page (``_quote_marks``), in document coordinates.
    quotes: tuple[_QuoteMark, ...] = ()


@dataclass(frozen=True, slots=True)
class _Carried:
    """A block that began on an earlier page: where its lines are measured from, and which
    of them are on this page."""

    block: QTextBlock
    origin: QPointF
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Carryover:
    """The blocks a page carries on from the page before, and the document's y below which
    no block of them, nor any block beside them (in another table cell), goes on."""

    blocks: tuple[_Carried, ...]
    below: float


def _carried_over(doc: QTextDocument) -> dict[int, _Carryover]:
    """By page: the blocks with lines on that page that began on an earlier one.

    Qt paints a block whose rect meets the page with every line from the last one above the
    page on (QTextLayout::draw starts a line early), so the last line of the page before
    is painted again above this page's first, and a list item's number with it. The clip
    hides it on paper, but a PDF keeps clipped text: copied, searched and read aloud twice.
    ``_paint_body`` hides these blocks from Qt and paints their lines for this page itself.
    """
    page_height = doc.pageSize().height()
    carried: dict[int, list[_Carried]] = {}
    spans: dict[int, list[tuple[float, float]]] = {}  # by page: the other blocks' lines
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            origin = _block_origin(doc, block)
            by_page: dict[int, list[int]] = {}
            for index in range(layout.lineCount()):
                # One line is on one page (Qt moves a line that does not fit to the next).
                page = _page_of(origin.y() + layout.lineAt(index).y(), page_height)
                by_page.setdefault(page, []).append(index)
            first = min(by_page)
            for page, lines in by_page.items():
                if page != first:
                    carried.setdefault(page, []).append(_Carried(block, origin, tuple(lines)))
                else:
                    first_line, last_line = layout.lineAt(lines[0]), layout.lineAt(lines[-1])
                    spans.setdefault(page, []).append(
                        (origin.y() + first_line.y(),
                         origin.y() + last_line.y() + last_line.height()))
        block = block.next()
    found = {}
    for page, blocks in carried.items():
        below = max(_lines_bottom(item) for item in blocks)
        # A block that starts above that line and ends below it (in a table cell beside a
        # carried one) must be painted whole on one side of it.
        for top, bottom in sorted(spans.get(page, [])):
            if top + 0.5 >= below:
                break
            below = max(below, bottom)
        found[page] = _Carryover(tuple(blocks), below)
    return found


@dataclass(frozen=True, slots=True)
class _RowGap:
    """Room in a table, on one page, that no row fills (document coordinates): Qt stretches
    the last row above a row it moved to the next page down to the page's foot, where it
    looked like an extra empty row with no rule to close it. ``rule``: the y of the rule
    that closes the table on this page, or None (the room above a moved row, on its page).
    ``sides``: the x and colour of each rule between and beside the columns that goes on
    through the room (above a moved row: it is the top of that row)."""

    rect: QRectF
    rule: float | None
    sides: tuple[tuple[float, str], ...] = ()


def _row_gaps(doc: QTextDocument) -> dict[int, tuple[_RowGap, ...]]:
    """By page: the room each table leaves between a row and the next row, moved whole to
    the next page (``_keep_rows``, or Qt itself)."""
    page_height = doc.pageSize().height()
    found: dict[int, list[_RowGap]] = {}
    for frame in doc.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        table_format = frame.format()
        padding, border = table_format.cellPadding(), table_format.border()
        headings = table_format.headerRowCount()
        heading_height = 0.0
        if headings > 0:
            _, top, _ = _row_lines(doc, frame, 0)
            _, _, bottom = _row_lines(doc, frame, headings - 1)
            heading_height = bottom - top + 2 * padding + 2 * border
        rows = [_row_lines(doc, frame, row) for row in range(headings, frame.rows())]
        for row, ((pages, _, bottom), (next_pages, next_top, _)) in enumerate(
                pairwise(rows), start=headings + 1):
            if len(pages) != 1 or len(next_pages) != 1 or min(next_pages) <= min(pages):
                continue
            page, next_page = min(pages), min(next_pages)
            # Not Qt's rect of the table: it is as wide as the page, past the table's right
            # rule, and the rule closing the row ran on to the page's edge.
            rect = _table_edges(doc, frame, row - 1)
            rule = bottom + padding + border / 2
            found.setdefault(page, []).append(_RowGap(
                QRectF(rect.left(), rule + border / 2, rect.width(),
                       (page + 1) * page_height - rule - border / 2), rule))
            # On the next page, between its repeated heading row and the moved row, Qt draws
            # the rest of the row above (its cells' padding, as a thin empty row): painted
            # over, with the moved row's column rules drawn on up to the heading row, so the
            # moved row starts under it, with no gap.
            above = next_page * page_height + heading_height + border
            below = next_top - padding  # the moved row's top rule too: the heading's is above it
            if below - above > border:  # (none where Qt moved the row by itself)
                found.setdefault(next_page, []).append(_RowGap(
                    QRectF(rect.left(), above, rect.width(), below - above), None,
                    _column_rules(doc, frame, row)))
    return {page: tuple(gaps) for page, gaps in found.items()}


def _column_rules(doc: QTextDocument, table: QTextTable, row: int) -> tuple[tuple[float, str], ...]:
    """The x and colour of the rules beside the cells of a table row (document coordinates),
    as Qt draws them, by its cells' text and padding (measured on Qt 6.11): a table's rules
    are "outset" to Qt, so all but the one on the right are a lighter grey."""
    layout = doc.documentLayout()
    table_format = table.format()
    padding, border = table_format.cellPadding(), table_format.border()
    light = QColor(_TABLE_RULE).lighter(150).name()
    rules = []
    right = None
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.column() != column:
            continue  # the rest of a cell spanning columns
        text = layout.blockBoundingRect(doc.findBlock(cell.firstPosition()))
        rules.append((text.left() - padding - border, light))
        right = text.right() + padding
    if right is not None:
        rules.append((right, _TABLE_RULE))
    return tuple(rules)


def _table_edges(doc: QTextDocument, table: QTextTable, row: int) -> QRectF:
    """The left and right of a table, to the outer edges of its rules beside the cells of
    ``row`` (``_column_rules``); as wide as that, no height."""
    rules = _column_rules(doc, table, row)
    half = table.format().border() / 2
    return QRectF(rules[0][0] - half, 0, rules[-1][0] - rules[0][0] + 2 * half, 0)


def _box_gaps(doc: QTextDocument, words: Wording) -> dict[int, tuple[_RowGap, ...]]:
    """By page: the empty foot of each part of the "Words to know" box that goes on to the
    next page (``_continue_box``), and the rule that closes that part under its last term.

    The box is one table cell, and Qt fills the cell's background, and draws its side rules,
    down to the foot of every page it goes on from: below the last term that fitted was an
    empty grey band as tall as the term moved to the next page, with no rule under it. The
    box's own end is left as Qt draws it: the room below its last term there is the same.
    """
    box = _words_box(doc, words)
    if box is None:
        return {}
    page_height = doc.pageSize().height()
    table_format = box.format()
    padding, border = table_format.cellPadding(), table_format.border()
    # Its side rules, from the cell's text: Qt's rect of the table is moved right by the
    # cell's padding, and is as wide as the page, so its right edge is past the box's.
    title = doc.findBlock(box.firstPosition())
    rect = _table_edges(doc, box, 0)
    found: dict[int, list[_RowGap]] = {}
    block = title.next()
    while block.isValid() and block.position() <= box.lastPosition():
        if block.text() == words.words_to_know_continued:
            last = block.previous()
            lines = last.layout()
            if lines is not None and lines.lineCount() > 0:
                line = lines.lineAt(lines.lineCount() - 1)
                bottom = _block_origin(doc, last).y() + line.y() + line.height()
                # Where Qt draws the box's own end below its last term: past its margin and
                # the cell's padding, less the rule (measured on Qt 6.11).
                rule = bottom + last.blockFormat().bottomMargin() + padding - border
                page = _page_of(bottom - 0.02, page_height)
                foot = (page + 1) * page_height
                if rule < foot:
                    found.setdefault(page, []).append(_RowGap(
                        QRectF(rect.left(), rule + border / 2, rect.width(),
                               foot - rule - border / 2), rule))
        block = block.next()
    return {page: tuple(gaps) for page, gaps in found.items()}


# A quote's bar, and the tinted room between it and the text, in layout pixels: as on screen
# (ui/articleview.py). The bar is dark enough to print on a greyscale or laser printer,
# where the quote's light tint vanishes: #555555 is 7.5:1 against white.
_QUOTE_BAR_PX, _QUOTE_PAD_PX = 4, 12
QUOTE_BAR_COLOUR = "#555555"
_QUOTE_TINT = "#f2f2f2"  # handout.py's blockquote background


@dataclass(frozen=True, slots=True)
class _QuoteMark:
    """The bar at the left of a quote (a run of quote blocks), and the tint beside each
    block's text, in document coordinates; painted on every page the quote reaches."""

    bar: QRectF
    tints: tuple[QRectF, ...]


def _is_quote(doc: QTextDocument, block: QTextBlock) -> bool:
    """A block of a quote (``>`` in Markdown): Qt gives it the same margin on both sides and
    no list (as ui/articleview.py tells them); never a table cell's (the "Words to know" box)."""
    style = block.blockFormat()
    return (style.leftMargin() > 0 and style.leftMargin() == style.rightMargin()
            and block.textList() is None and doc.frameAt(block.position()) is doc.rootFrame())


def _quote_marks(doc: QTextDocument) -> dict[int, tuple[_QuoteMark, ...]]:
    """By page: the quotes that reach onto it, each one bar from its first line's block to
    its last (a quote of several paragraphs has one bar), split by no page: the clip keeps
    each page's part."""
    page_height = doc.pageSize().height()
    layout = doc.documentLayout()
    runs: list[list[QRectF]] = []
    previous = False
    block = doc.begin()
    while block.isValid():
        quote = _is_quote(doc, block)
        lines = block.layout()
        if quote and lines is not None and lines.lineCount() > 0:
            box = layout.blockBoundingRect(block)
            left = box.left() + lines.lineAt(0).x()
            strip = QRectF(left - _QUOTE_PAD_PX, box.top(), _QUOTE_PAD_PX, box.height())
            if previous:
                runs[-1].append(strip)
            else:
                runs.append([strip])
        previous = quote
        block = block.next()
    found: dict[int, list[_QuoteMark]] = {}
    for strips in runs:
        top, bottom = strips[0].top(), strips[-1].bottom()
        left = min(strip.left() for strip in strips)
        mark = _QuoteMark(QRectF(left, top, _QUOTE_BAR_PX, bottom - top), tuple(strips))
        for page in range(_page_of(top, page_height), _page_of(bottom - 0.02, page_height) + 1):
            found.setdefault(page, []).append(mark)
    return {page: tuple(marks) for page, marks in found.items()}


def _lines_bottom(item: _Carried) -> float:
    """The document's y at the foot of the carried block's last line on its page."""
    last = item.block.layout().lineAt(item.lines[-1])
    return item.origin.y() + last.y() + last.height()


@dataclass(frozen=True, slots=True)
class _Handout:
    pages: list[_Page]
    device: QImage  # the layout device, kept alive as long as the documents


def _lay_out(
    articles: Sequence[Article],
    library: Library | None,
    glossary: Glossary,
    body: QSizeF,
    large_print: bool,
    printed_on: datetime.date,
    problems: list[PictureProblem] | None = None,
) -> _Handout:
    """One document per article (each starts a page anyway, and a re-layout after a page
    break then only touches one article), plus a contents document for a packet."""
    style = PrintStyle.for_size(large_print)
    device = _layout_device()
    ids = {article.id for article in articles} if len(articles) > 1 else set()
    # The articles whose related conditions name another article of the packet: those print
    # its page ("Vasculitis (page 9)"), which is known only once the packet is laid out.
    pointing = [any(rid in ids and rid != article.id
                    for rid, _ in related_articles(article, library))
                for article in articles]  # fmt: skip

    def laid_out(article: Article, packet_pages: Mapping[str, int] | None,
                 found: list[PictureProblem] | None = None) -> QTextDocument:  # fmt: skip
        doc = _article_document(article, library, glossary, printed_on, body, large_print,
                                device, packet_pages, found)  # fmt: skip
        _paginate(doc)
        words = wording_for(article.language)
        if _continue_get_help(doc, words):
            _paginate(doc)  # what comes after the "(continued)" heading moved down
        if _continue_box(doc, words):
            _paginate(doc)  # what comes after the box moved down
        return doc

    # Pictures that could not be shown are told of once: from the first layout only.
    docs = [laid_out(article, None, problems) for article in articles]
    # The contents entries headed again on a page of their own: found once, they stay right
    # whatever the page numbers (see _continue_contents).
    continued: list[int] = []
    pages, starts = _packet(articles, docs, body, style, large_print, printed_on, device,
                            library, continued)
    if any(pointing):
        # A page number may make its article a line, or a page, longer, and move the ones
        # after it: lay out again until the numbers printed are the pages the articles are
        # on. If they never settle, the packet is printed without them (still true).
        plain = pages
        for _ in range(4):
            printed = starts
            docs = [laid_out(article, printed) if points else doc
                    for article, doc, points in zip(articles, docs, pointing, strict=True)]
            pages, starts = _packet(articles, docs, body, style, large_print, printed_on,
                                    device, library, continued)
            if starts == printed:
                break
        else:
            pages = plain
    return _Handout(pages=pages, device=device)


def _packet(
    articles: Sequence[Article],
    docs: Sequence[QTextDocument],
    body: QSizeF,
    style: PrintStyle,
    large_print: bool,
    printed_on: datetime.date,
    device: QImage,
    library: Library | None,
    continued: list[int],
) -> tuple[list[_Page], dict[str, int]]:
    """The pages of the articles' documents (paginated), after a contents for a packet; and
    the page each article starts on, by id (counted from the first page, contents and all).
    ``continued``: the contents entries that start a page of their own, as far as known;
    the ones found are added (``_continue_contents``)."""
    pages: list[_Page] = []
    for article, doc in zip(articles, docs, strict=True):
        carried = _carried_over(doc)
        gaps = _row_gaps(doc)
        for page, more in _box_gaps(doc, wording_for(article.language)).items():
            gaps[page] = gaps.get(page, ()) + more
        quotes = _quote_marks(doc)
        title, words = listed_title(article, library), wording_for(article.language)
        pages.extend(_Page(doc, i, title, words, carried.get(i), gaps.get(i, ()),
                           quotes.get(i, ()))
                     for i in range(max(1, doc.pageCount())))
    first_pages = [i for i, page in enumerate(pages) if page.index == 0]
    contents_pages = 0
    if len(articles) > 1:
        contents_pages = 1
        # The page numbers depend on how long the contents is, which (in its fixed page
        # column) does not depend on the numbers: at most one more round settles it.
        number_width = _number_column_width(len(articles), style, device)

        def contents_document(labels: Sequence[str]) -> QTextDocument:
            doc = _build_document(
                html_document(contents_html(articles, printed_on, labels,
                                            number_width=number_width, library=library,
                                            continued_at=continued),
                              large_print=large_print), body, style, device)
            _paginate(doc)
            return doc

        for _ in range(3):
            labels = [str(contents_pages + start + 1) for start in first_pages]
            contents = _continue_contents(partial(contents_document, labels), continued)
            counted = max(1, contents.pageCount())
            if counted == contents_pages:
                break
            contents_pages = counted
        carried = _carried_over(contents)
        words = handout_wording(articles)
        pages[:0] = [_Page(contents, i, words.contents, words, carried.get(i))
                     for i in range(max(1, contents.pageCount()))]
    starts: dict[str, int] = {}
    for article, start in zip(articles, first_pages, strict=True):
        starts.setdefault(article.id, contents_pages + start + 1)
    return pages, starts


def _continue_contents(build: Callable[[], QTextDocument], continued: list[int]) -> QTextDocument:
    """The contents, laid out by ``build``, with each page after its first headed again
    ("Your handouts (continued)", as the "Words to know" box is): ``continued`` gets the
    entries that start such a page, and ``build`` puts the heading before each of them.

    One page at a time, from the top: a heading pushes the entries after it down, and may
    move the start of every page after it, but not of one before it. (Where the entries
    break does not depend on the page numbers, in their fixed column: ``continued`` stays
    right for the next numbers, and only needs checking again.)
    """
    doc = build()
    for _ in range(len(_contents_entries(doc))):  # at most a heading before each entry
        starts = _page_starting_entries(doc)
        new = [entry for entry in starts if entry not in continued]
        if not new:
            break
        continued.append(new[0])
        doc = build()
    return doc


def _contents_entries(doc: QTextDocument) -> list[QTextTable]:
    return [frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable)]


def _page_starting_entries(doc: QTextDocument) -> list[int]:
    """The contents entries (0 for the first) that are the first on a page after the first,
    in order. Each is a small table (handout.contents_html) that _paginate keeps whole."""
    doc.documentLayout().documentSize()
    starts = []
    page = 0
    for index, table in enumerate(_contents_entries(doc)):
        lines = _line_pages(doc, doc.findBlock(table.firstPosition()), 1)
        if lines and lines[0][0] > page:
            page = lines[0][0]
            starts.append(index)
    return starts


def _number_column_width(count: int, style: PrintStyle, device: QImage) -> int:
    """The width, in layout pixels, of the contents' column of numbers: the widest of "1."
    to "``count``." in the bold body type, and the cell's padding."""
    metrics = QFontMetricsF(_font(style.body_pt, bold=True), device)
    widest = max(metrics.horizontalAdvance(f"{number}.") for number in range(1, count + 1))
    return math.ceil(widest) + 2 * CONTENTS_CELL_PADDING + 2


def _paint_header(painter: QPainter, m: _Metrics) -> None:
    fm = QFontMetricsF(m.header_bold_font, painter.device())
    painter.setPen(QColor("#222222"))
    painter.setFont(m.header_bold_font)
    for index, text in enumerate(m.header.left):
        line = QRectF(0, index * fm.height(), m.width, fm.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    if m.header.right:
        painter.setFont(m.header_font)
        painter.drawText(QRectF(0, 0, m.width, fm.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, m.header.right)
    lines = fm.height() * len(m.header.left)
    rule_y = lines + 0.4 * (m.header_height - lines) / 3
    painter.setPen(QPen(QColor("#888888"), m.rule_width))
    painter.drawLine(QPointF(0, rule_y), QPointF(m.width, rule_y))


def _paint_footer(painter: QPainter, m: _Metrics, page: _Page, number: int, pages: int) -> None:
    """The disclaimer line, the page's title and "Page N of M", in the page's language: a
    packet of English and Spanish articles has each article's pages in its own."""
    device = painter.device()
    words = page.words
    footer_fm = QFontMetricsF(m.footer_bold_font, device)
    second = QRectF(0, m.height - footer_fm.height(), m.width, footer_fm.height())
    # Its own lines' height, right above the page number (another language's disclaimer
    # may take a line more: the body ends above the taller one on every page).
    height = m.disclaimers[words.disclaimer_line]
    first = QRectF(0, second.top() - height, m.width, height)
    rule_y = first.top() - 1.5 * m.scale_y * LAYOUT_DPI / 25.4  # 1.5 mm above the text
    painter.setPen(QPen(QColor("#888888"), m.rule_width))
    painter.drawLine(QPointF(0, rule_y), QPointF(m.width, rule_y))
    painter.setPen(QColor("#000000"))
    painter.setFont(m.disclaimer_font)
    painter.drawText(first, _WRAP, words.disclaimer_line)
    label = page_label(number, pages, words)
    painter.setFont(m.footer_bold_font)
    painter.drawText(second, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
    painter.setFont(m.footer_font)
    painter.setPen(QColor("#333333"))
    room = m.width - footer_fm.horizontalAdvance(label) - footer_fm.height()
    painter.drawText(second, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     QFontMetricsF(m.footer_font, device).elidedText(
                         page.title, Qt.TextElideMode.ElideRight, room))


# How far inside its page (or its part of a page) the layout is told to paint, in layout
# pixels: less than any line is tall, more than Qt's rounding of a line's height up to a
# whole pixel.
_INSET = 3.0

# The colour of a table's rules (handout.py's _DATA_TABLE).
_TABLE_RULE = "#777777"


def _paint_body(painter: QPainter, m: _Metrics, page: _Page) -> None:
    """Paint the page's part of its document: every line of text on this page only.

    A PDF keeps what a clip hides, and text extraction, Find and screen readers would read
    such lines twice. Qt paints a block, and a line, that merely touches the clip's edge (a
    heading Qt moved to the next page starts exactly on this page's foot; a picture left a
    sliver of colour there), and the last line above the clip of a block that goes on into
    it: a clip a little inside the page leaves out the first, and the blocks carried over
    from the page before are hidden from Qt and their lines painted here (_carried_over).
    They are painted between what is above them and the rest of the page, so the PDF's text
    reads from the top down, and a table cell's background, painted with the part above,
    stays under them.
    """
    doc = page.doc
    page_height = doc.pageSize().height()
    view = QRectF(0, page.index * page_height, doc.pageSize().width(), page_height)
    painter.save()
    painter.translate(0, m.body_top)
    painter.scale(m.scale_x, m.scale_y)
    painter.translate(0, -view.top())
    # One layout pixel (1/96 in) short at the foot: nothing of the next page shows here.
    painter.setClipRect(view.adjusted(0, 0, 0, -1))
    carried = page.carried
    if carried is None:
        _draw_part(painter, doc, view.top(), view.bottom())
    else:
        # WORKAROUND: QTextLayout::draw starts drawing at the last line wholly above its
        # clip, not the first one in it (qtbase, src/gui/text/qtextlayout.cpp, Qt 6.11).
        # Hiding a block only tells the painting to pass it by: the layout is not touched
        # (Qt lays out again only when told the contents changed).
        for item in carried.blocks:
            item.block.setVisible(False)
        try:
            _draw_part(painter, doc, view.top(), carried.below)
            for item in carried.blocks:
                _paint_carried(painter, item)
            painter.setClipRect(QRectF(view.left(), carried.below, view.width(),
                                       view.bottom() - 1 - carried.below))
            _draw_part(painter, doc, carried.below, view.bottom())
        finally:
            for item in carried.blocks:
                item.block.setVisible(True)
    for gap in page.gaps:
        # A little wider than the table: its outer rules, smoothed, spill a little outside.
        painter.fillRect(gap.rect.adjusted(-2, 0, 2, 0), QColor("#ffffff"))
        if gap.rule is not None:
            # Flat ends: the rule stops at the table's edges (a square end went half the
            # pen's width past them).
            painter.setPen(QPen(QBrush(QColor(_TABLE_RULE)), 1, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.FlatCap))
            painter.drawLine(QPointF(gap.rect.left(), gap.rule), QPointF(gap.rect.right(), gap.rule))
        for x, colour in gap.sides:
            painter.setPen(QPen(QColor(colour), 1))
            painter.drawLine(QPointF(x, gap.rect.top()), QPointF(x, gap.rect.bottom()))
    if page.quotes:
        # Each quote's part on this page: its tint reaches left of the text to a solid bar,
        # as on screen; the tint alone vanishes on a greyscale or laser printer.
        painter.setClipRect(view.adjusted(0, 0, 0, -1))
        for mark in page.quotes:
            for tint in mark.tints:
                painter.fillRect(tint, QColor(_QUOTE_TINT))
            painter.fillRect(mark.bar, QColor(QUOTE_BAR_COLOUR))
    painter.restore()


def _draw_part(painter: QPainter, doc: QTextDocument, top: float, bottom: float) -> None:
    """Qt's painting of the blocks between ``top`` and ``bottom`` (document y), and of the
    tables and pictures that reach into that band, but of no block that only touches it."""
    if bottom - top <= 2 * _INSET:
        return  # (an empty clip rect would mean no clip at all to Qt)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = QRectF(0, top + _INSET, doc.pageSize().width(), bottom - top - 2 * _INSET)
    # Paper's colours, whatever the desktop's: QPalette() is the application's palette, and
    # with a dark desktop a horizontal rule came out near white on the page.
    palette = QPalette(QColor("#efefef"), QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    context.palette = palette
    doc.documentLayout().draw(painter, context)


def _paint_carried(painter: QPainter, carried: _Carried) -> None:
    """The lines of a block carried over to this page, painted as Qt paints a block: its
    background (a "Words to know" box's paragraphs have the box's), then each line with the
    text in the palette's colour."""
    layout = carried.block.layout()
    lines = [layout.lineAt(index) for index in carried.lines]
    background = carried.block.blockFormat().background()
    if background.style() != Qt.BrushStyle.NoBrush:
        # From this page's first line of the block down to its last (or the block's end),
        # not from the page's top: Qt filled the gap between the pages too.
        rect = layout.boundingRect().translated(carried.origin)
        top = carried.origin.y() + lines[0].y()
        if carried.lines[-1] < layout.lineCount() - 1:
            rect.setBottom(carried.origin.y() + lines[-1].y() + lines[-1].height())
        rect.setTop(top)
        painter.fillRect(rect, background)
    painter.setPen(QColor("#000000"))
    for line in lines:
        line.draw(painter, carried.origin)


def paint_handout(
    device: QPagedPaintDevice,
    articles: Sequence[Article],
    library: Library | None,
    glossary: Glossary,
    *,
    clinic: str | None = None,
    large_print: bool = False,
    printed_on: datetime.date | None = None,
    picture_problems: list[PictureProblem] | None = None,
) -> int:
    """Paint the handout onto a PDF writer, a printer or a print preview; returns the pages.

    Uses the device's page layout as it is (``handout_page_layout()`` gives ours). Raises
    ExportError if the device cannot be painted on. Each picture that could not be shown
    (its description is printed instead) is added to ``picture_problems``.
    """
    if not articles:
        raise ExportError("there is nothing to print: no article was chosen")
    style = PrintStyle.for_size(large_print)
    # The packet's language (its contents pages) and each article's (its own pages).
    footers = list(dict.fromkeys([handout_wording(articles),
                                  *(wording_for(a.language) for a in articles)]))
    metrics = _metrics(device, style, footers, clinic)
    handout = _lay_out(articles, library, glossary, metrics.body_size, large_print,
                       printed_on or datetime.date.today(), picture_problems)
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("the handout could not be started on this printer or file")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = len(handout.pages)
        for number, page in enumerate(handout.pages, start=1):
            if number > 1 and not device.newPage():
                raise ExportError("the printer or file refused a new page")
            _paint_header(painter, metrics)
            _paint_body(painter, metrics, page)
            _paint_footer(painter, metrics, page, number, total)
    finally:
        painter.end()
    return total


def render_pdf(
    articles: Sequence[Article],
    library: Library | None,
    glossary: Glossary,
    *,
    clinic: str | None = None,
    large_print: bool = False,
    page_size: QPageSize | None = None,
    printed_on: datetime.date | None = None,
    picture_problems: list[PictureProblem] | None = None,
) -> bytes:
    """The handout as PDF bytes, made entirely in memory (nothing touches the disk).

    Needs a QGuiApplication (``ensure_gui_application()``). Raises ExportError if the PDF
    could not be produced. ``picture_problems``: as ``paint_handout``.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(handout_page_layout(page_size))
    writer.setTitle(document_title(articles, library))
    writer.setCreator(APP_NAME)
    paint_handout(writer, articles, library, glossary, clinic=clinic,
                  large_print=large_print, printed_on=printed_on, picture_problems=picture_problems)
    data = bytes(buffer.data().data())
    buffer.close()
    # The writer says nothing when it fails; a PDF that is not whole is not a PDF.
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise ExportError("the PDF could not be produced")
    return data


def write_pdf(data: bytes, path: Path) -> None:
    """Write ``data`` to ``path`` atomically: all of it, or nothing (an old file stays as it was).

    QSaveFile writes a temporary file next to ``path`` and renames it over ``path`` on
    commit; on any failure here the temporary file is removed. Raises ExportError naming the
    path, with the reason.
    """
    target = Path(path)
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a name too long, a file where a folder should be...
        raise ExportError(f"Could not save the handout to {target}: {_os_reason(exc)}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise ExportError(f"Could not save the handout to {target}: that is a folder. "
                          "Choose a file name.")
    if mode is not None and not stat.S_ISREG(mode):
        # A device or a pipe: QSaveFile would rename a plain file over it (as root, over
        # /dev/full itself).
        raise ExportError(f"Could not save the handout to {target}: that is not a plain file. "
                          "Choose a file name.")
    save = QSaveFile(str(target))
    if not save.open(QIODevice.OpenModeFlag.WriteOnly):
        raise ExportError(f"Could not save the handout to {target}: {_reason(save)}")
    # The byte count is the only sign of a full disk: on a short write QSaveFile reports
    # no error, and commit() would then happily rename a truncated file into place (seen
    # with RLIMIT_FSIZE on Qt 6.12). A short write may be retried; one that writes nothing
    # is the end.
    payload = QByteArray(data)
    total = 0
    while total < len(data):
        written = save.write(payload.mid(total))
        if written <= 0:
            reason = _reason(save, f"only {total:,} of {len(data):,} bytes could be written; "
                                   "the disk may be full")
            save.cancelWriting()
            save.commit()  # with writing cancelled, this only removes the temporary file
            raise ExportError(f"Could not save the handout to {target}: {reason}")
        total += written
    if not save.commit():
        raise ExportError(f"Could not save the handout to {target}: "
                          f"{_reason(save, 'the disk may be full')}")
    try:
        size = target.stat().st_size
    except OSError as exc:
        raise ExportError(f"Could not check the handout at {target}: {_os_reason(exc)}") from None
    if size != len(data):
        # Committed but short (a network drive that lied): a truncated PDF is worse than none.
        target.unlink(missing_ok=True)
        raise ExportError(f"Could not save the handout to {target}: the file came out "
                          f"{size:,} bytes instead of {len(data):,}")


def _os_reason(exc: OSError) -> str:
    """The system's reason, in plain words where there is something to do about it."""
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long. Choose a shorter name."
    if exc.errno == errno.ENOTDIR:
        return "part of that path is a file, not a folder. Choose another folder."
    return exc.strerror or str(exc)


def _reason(save: QSaveFile, fallback: str = "the file could not be written") -> str:
    """The system's reason, unless Qt has none to give ("Unknown error")."""
    text = save.errorString().strip()
    if save.error() == QSaveFile.FileError.NoError or not text or text == "Unknown error":
        return fallback
    return text

"""Titles and headings that fit the article view's width at every text size.

Qt wraps a whole document in one mode: the article view's is WordWrap once a page has a
table (see ``ArticleView.show_page``), so a word wider than the line ("lymphoproliferative"
in a title at 73 pt) runs past the right edge, and the reader scrolls sideways to read it.
Qt's rich text has no per-block wrap mode nor CSS ``overflow-wrap``, and it ignores CSS
``font-size`` percentages: headings get Qt's own ladder (h1 twice the body text, h2 1.5
times, h3 1.2 times), which follows the document's default font. So, heading by heading:

1. its usual size, when its widest unbreakable piece ("lymphoproliferative",
   "Guillain-") fits the line;
2. else the largest size at which that piece fits, never below the body text's size;
3. else (the body's size is too wide already: a kiosk's scaled text, a narrow window) the
   body's size, with the piece broken where it must, after a hyphen: soft hyphens are put
   into that word only (ui/wordbreak.py), and taken out again when no longer needed.

No heading ends up larger than one of a higher level on the page: the title is never
smaller than its sections. Recomputed when the page, the text size or the view's width
changes. Imported only when a heading may not fit (``ArticleView._may_overflow``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF, QTextBlock, QTextCursor, QTextDocument, QTextFormat

from healthreader.ui.wordbreak import SOFT_HYPHEN, inner_points, split, utf16
from healthreader.ui.wordbreak import pieces as unbreakable_pieces

# QTextFormat::FontSizeAdjustment -2..4 (as <font size=1..7>), as Qt scales the default font.
_ADJUSTMENT_SCALES = (0.7, 0.8, 1.0, 1.2, 1.5, 2.0, 2.4)
STEP_PT = 0.5  # sizes go down in steps this big, so dragging the window's edge is calm

_ADJUSTMENT = QTextFormat.Property.FontSizeAdjustment
_POINT_SIZE = QTextFormat.Property.FontPointSize


def adjustment_scale(adjustment: int | None) -> float:
    """How many times the body text's size Qt makes a heading of this size adjustment."""
    if adjustment is None:
        return 1.0
    return _ADJUSTMENT_SCALES[max(0, min(6, adjustment + 2))]


@dataclass
class _Heading:
    number: int  # the block's number in the document
    level: int
    adjustment: int | None  # Qt's, as the page was loaded; None if it had none
    text: str  # as loaded, without the soft hyphens put in here
    font: QFont  # its first fragment's (family, weight, style); the size is set per use
    pieces: list[tuple[int, int]]  # [start, end) of the pieces no line may break inside
    size: float | None = None  # the point size set here; None: Qt's own (its adjustment)
    cuts: tuple[int, ...] = ()  # where soft hyphens were put, in ``text``'s indexes

    def widths(self, points: float) -> list[float]:
        metrics = _metrics(self.font, points)
        return [metrics.horizontalAdvance(self.text[a:b]) for a, b in self.pieces]


def _metrics(font: QFont, points: float) -> QFontMetricsF:
    sized = QFont(font)
    sized.setPointSizeF(points)
    return QFontMetricsF(sized)


class HeadingFitter:
    """Keeps the headings of one loaded page within a line width (see the module's doc)."""

    def __init__(self, document: QTextDocument) -> None:
        self._doc = document
        self._headings = self._read_headings()

    def _read_headings(self) -> list[_Heading]:
        headings = []
        block = self._doc.begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            text = block.text()
            if level > 0 and text.strip():
                fragment = block.begin().fragment()
                style = fragment.charFormat()
                adjustment = style.property(_ADJUSTMENT) if style.hasProperty(_ADJUSTMENT) else None
                headings.append(_Heading(block.blockNumber(), level, adjustment, text,
                                         style.font(), unbreakable_pieces(text)))  # fmt: skip
            block = block.next()
        return headings

    def _is_current(self) -> bool:
        """Whether the document still holds the page read (not one set by other means)."""
        for heading in self._headings:
            text = heading.text
            for cut in reversed(heading.cuts):
                text = text[:cut] + SOFT_HYPHEN + text[cut:]
            if self._doc.findBlockByNumber(heading.number).text() != text:
                return False
        return True

    def fit(self, line_width: float) -> None:
        """Size (and if need be break) every heading so that its lines fit ``line_width``."""
        if not self._is_current():
            self._headings = self._read_headings()
        body = self._doc.defaultFont().pointSizeF()
        if body <= 0 or line_width <= 0 or not self._headings:
            return
        fitted = [self._fitting_size(h, body, line_width) for h in self._headings]
        # No heading above one of a higher level (a smaller level number): the title shrunk
        # to fit takes the sections' headings down with it, to no less than the body text.
        sizes = [
            max(min(body, body * adjustment_scale(h.adjustment)),
                min([size] + [s for g, s in zip(self._headings, fitted, strict=True) if g.level < h.level]))
            for h, size in zip(self._headings, fitted, strict=True)
        ]  # fmt: skip
        plans = []
        for heading, size in zip(self._headings, sizes, strict=True):
            natural = body * adjustment_scale(heading.adjustment)
            override = None if math.isclose(size, natural, abs_tol=0.01) else size
            cuts = self._cuts(heading, size, line_width)
            if (override, cuts) != (heading.size, heading.cuts):
                plans.append((heading, override, cuts))
        if not plans:
            return
        # WORKAROUND: Qt lays a long page out lazily, a part at a time; a change made before
        # it is done leaves the blocks it had not reached with no lines, and they are never
        # drawn (PySide6 6.12: every heading after "What is it?" vanished). Finish it first.
        self._doc.documentLayout().documentSize()
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()  # one layout for all of it
        for heading, override, cuts in plans:
            self._apply(cursor, heading, override, cuts)
        cursor.endEditBlock()

    # -- what each heading should be --------------------------------------------------------

    @staticmethod
    def _fitting_size(heading: _Heading, body: float, line_width: float) -> float:
        natural = body * adjustment_scale(heading.adjustment)
        floor = min(natural, body)
        widest = max(heading.widths(natural), default=0.0)
        if widest <= line_width:
            return natural
        # Advances grow about in proportion to the size; check, and step down if hinting
        # made the estimate a little large.
        size = max(floor, math.floor(natural * line_width / widest / STEP_PT) * STEP_PT)
        while size > floor and max(heading.widths(size)) > line_width:
            size = max(floor, size - STEP_PT)
        return size

    @staticmethod
    def _cuts(heading: _Heading, size: float, line_width: float) -> tuple[int, ...]:
        """Where to put soft hyphens so that every piece fits: () when all fit already."""
        metrics = _metrics(heading.font, size)
        text = heading.text
        cuts: list[int] = []
        for start, end in heading.pieces:
            if metrics.horizontalAdvance(text[start:end]) <= line_width:
                continue
            word = text[start:end]

            def measure(a: int, b: int, word: str = word) -> float:
                return metrics.horizontalAdvance(word[a:b] + ("-" if b < len(word) else ""))

            cuts.extend(start + g for g in split(word, inner_points(word), measure, line_width))
        return tuple(cuts)

    # -- changing the document ---------------------------------------------------------------

    def _apply(self, cursor: QTextCursor, heading: _Heading, size: float | None,
               cuts: tuple[int, ...]) -> None:  # fmt: skip
        block = self._doc.findBlockByNumber(heading.number)
        if cuts != heading.cuts:
            base = block.position()
            # Out with the old soft hyphens (each old cut moved right by those before it),
            # then in with the new, from the end so that earlier offsets stay right.
            for n, cut in reversed(list(enumerate(heading.cuts))):
                cursor.setPosition(base + utf16(heading.text, cut) + n)
                cursor.deleteChar()
            for cut in reversed(cuts):
                cursor.setPosition(base + utf16(heading.text, cut))
                cursor.insertText(SOFT_HYPHEN)
            heading.cuts = cuts
            block = self._doc.findBlockByNumber(heading.number)
        _set_size(cursor, block, size, heading.adjustment)
        heading.size = size


def _set_size(cursor: QTextCursor, block: QTextBlock, size: float | None, adjustment: int | None) -> None:
    """Give the block's text ``size`` points, or back its own size (Qt's adjustment) if None.
    Fragment by fragment, so that links and emphasis keep their formats. (Qt applies a size
    adjustment after any point size: it has to go for the point size to count.)"""
    spans = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        spans.append((fragment.position(), fragment.length(), fragment.charFormat()))
        it += 1
    for position, length, style in spans:
        if size is None:
            style.clearProperty(_POINT_SIZE)
            if adjustment is not None:
                style.setProperty(_ADJUSTMENT, adjustment)
        else:
            style.clearProperty(_ADJUSTMENT)
            style.setFontPointSize(size)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(style)

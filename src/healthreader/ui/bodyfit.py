"""Body text that fits the article view's width at every text size.

The article view breaks lines between words only (WordWrap, see ``ArticleView.show_page``),
so a word wider than a line ("glomerulonephritis" at a kiosk's largest text, or in a narrow
window) ran past the right edge, and the reader scrolled sideways to read every line beside
it. Now such a word is broken where it must (ui/wordbreak.py): soft hyphens, or zero-width
spaces in an address, put into that word only and taken out again once it fits. A word that
fits is never touched, so a page that fits is exactly as loaded.

- A paragraph, a list item, "Also called", a source: each word fits the block's lines (the
  view's line less the block's margins and list indent).
- A table (the summary box, a table in the article): Qt gives each column at least its
  widest word, so columns are what must fit. A table whose words fit side by side keeps
  them whole, as before. One that does not ("Hydroxychloroquine | Twice a day | Eye
  checks" at a kiosk's largest text) has its widest columns made as narrow as it takes,
  all alike, and their words wider than that broken; the other columns keep theirs whole.
  A column with a picture is no narrower than the picture as laid out (ui/picturefit.py
  runs first and makes it no wider than its column's share of the view). That would take
  a column narrower than four em (too many columns for the view): then only words wider
  than the view are broken, in a share of what the other columns leave, and the table
  scrolls sideways, much less far.

Headings are ui/headingfit.py's. Recomputed when the page, the text size or the view's width
changes; imported only when a body word may not fit (``ArticleView._may_overflow``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from healthreader.ui.headingfit import adjustment_scale
from healthreader.ui.wordbreak import (
    BREAKS,
    SOFT_HYPHEN,
    ZERO_WIDTH_SPACE,
    inner_points,
    split,
    utf16,
    utf16_indexes,
)
from healthreader.ui.wordbreak import pieces as unbreakable_pieces

# Runs of text between spaces, line separators (<br>) and pictures: what a word can be.
# (A no-break space is not a break: "200&nbsp;mg" is one.)
_WORD = re.compile("[^ \t\r\n\u2028\u2029\ufffc]+")
_ADDRESS = re.compile(r"://|(?:^|\W)www\.|\w@\w", re.IGNORECASE)  # a web or e-mail address
_ADJUSTMENT = QTextFormat.Property.FontSizeAdjustment
# Qt's own rounding (it lays text out in 1/64 px) and its columns' minimum of 1 px.
_SLACK_PX = 1.0
# A column is not made narrower than this many em (six or seven letters) for its broken
# words: a table that would need it still scrolls sideways, but much less far.
_MIN_COLUMN_EM = 4.0

Cuts = tuple[tuple[int, str], ...]  # (index in the text as loaded, mark put in there)


@dataclass
class _Block:
    number: int  # the block's number in the document
    text: str  # as loaded, without the marks put in here
    overhead: float  # px of a line its margins and indents take
    cell: tuple[int, int] | None  # (table, column) of a block in a table's cell
    cuts: Cuts = ()
    # Read when first needed (always before a mark is put in):
    runs: list[tuple[int, int, QTextCharFormat]] | None = None  # [start, end) and format
    words: list[tuple[int, int]] | None = None  # [start, end) of each run between spaces
    pieces: list[tuple[int, int]] | None = None  # between Qt's line-break opportunities
    # At the current text size (emptied when it changes):
    metrics: list[QFontMetricsF] = field(default_factory=list)  # one per run
    widths: dict[tuple[int, int], float] = field(default_factory=dict)

    def shown(self) -> str:
        """The text as the document holds it now, with the marks put in."""
        text = self.text
        for cut, mark in reversed(self.cuts):
            text = text[:cut] + mark + text[cut:]
        return text


class BodyFitter:
    """Keeps the body text of one loaded page within a line width (see the module's doc)."""

    def __init__(self, document: QTextDocument, indent_scale: float = 1.0) -> None:
        """``indent_scale``: the view's logical DPI over 96, by which Qt scales list indents."""
        self._doc = document
        self._indent_scale = indent_scale
        self._font_key = ""
        self._indent_width = document.indentWidth()
        self._read()

    def _read(self) -> None:
        doc = self._doc
        self._tables: list[QTextTable] = []
        self._overheads: dict[int, float | None] = {}  # per table: px not its columns'
        cells: dict[int, tuple[int, int]] = {}
        for frame in doc.rootFrame().childFrames():
            if not isinstance(frame, QTextTable):
                continue
            number = len(self._tables)
            self._tables.append(frame)
            for row in range(frame.rows()):
                for column in range(frame.columns()):
                    cell = frame.cellAt(row, column)
                    if (cell.row(), cell.column()) != (row, column):
                        continue  # the rest of a cell that spans rows or columns
                    block = doc.findBlock(cell.firstPosition())
                    while block.isValid() and block.position() <= cell.lastPosition():
                        cells[block.blockNumber()] = (number, column)
                        block = block.next()
        self._blocks: list[_Block] = []
        block = doc.begin()
        while block.isValid():
            style = block.blockFormat()
            text = block.text()
            # Headings are ui/headingfit.py's; preformatted lines never wrap at all.
            if style.headingLevel() == 0 and not style.nonBreakableLines() and text.strip():
                number = block.blockNumber()
                self._blocks.append(_Block(number, text, self._overhead(block), cells.get(number)))
            block = block.next()
        self._block_count = doc.blockCount()

    def _overhead(self, block: QTextBlock) -> float:
        return block_overhead(self._doc, block, self._indent_scale)

    def _is_current(self) -> bool:
        """Whether the document still holds the page read (not one set by other means)."""
        if self._doc.blockCount() != self._block_count:
            return False
        return all(self._doc.findBlockByNumber(b.number).text() == b.shown() for b in self._blocks)

    def fit(self, line_width: float) -> None:
        """Break (or mend) the body's words so that its lines fit ``line_width``."""
        if not self._is_current():
            self._read()
        default = self._doc.defaultFont()
        if default.key() != self._font_key:
            self._font_key = default.key()
            for block in self._blocks:
                block.metrics, block.widths = [], {}
        if self._doc.indentWidth() != self._indent_width:
            # Larger text widens a list's indent (ArticleView.set_point_size): the room of a
            # list item's line as read with the page was too generous, and its words ran
            # past the edge until the page was opened again.
            self._indent_width = self._doc.indentWidth()
            self._overheads = {}
            for block in self._blocks:
                block.overhead = self._overhead(self._doc.findBlockByNumber(block.number))
        if line_width <= 0:
            return
        # WORKAROUND: as in ui/headingfit.py, a change made before Qt's lazy layout of a long
        # page is done leaves the blocks it had not reached with no lines: finish it first.
        # Then no word of a block is wider than its widest line: the words of a block whose
        # lines all fit need no measuring.
        self._doc.documentLayout().documentSize()
        wanted: dict[int, Cuts] = {}
        for index, block in enumerate(self._blocks):
            room = line_width - block.overhead
            if block.cell is None and (block.cuts or self._widest_line(block) > room):
                wanted[index] = self._cuts(block, room)
        for table in range(len(self._tables)):
            wanted.update(self._fit_table(table, line_width))
        changes = [(self._blocks[i], cuts) for i, cuts in wanted.items()
                   if cuts != self._blocks[i].cuts]  # fmt: skip
        if not changes:
            return
        cursor = QTextCursor(self._doc)
        cursor.beginEditBlock()  # one layout for all of it
        for block, cuts in changes:
            base = self._doc.findBlockByNumber(block.number).position()
            # Out with the old marks (each moved right by those before it), then in with the
            # new, from the end so that earlier offsets stay right.
            for n, (cut, _) in reversed(list(enumerate(block.cuts))):
                cursor.setPosition(base + utf16(block.text, cut) + n)
                cursor.deleteChar()
            for cut, mark in reversed(cuts):
                cursor.setPosition(base + utf16(block.text, cut))
                cursor.insertText(mark)
            block.cuts = cuts
        cursor.endEditBlock()

    def _widest_line(self, block: _Block) -> float:
        """The width of the block's widest line as laid out now. (Not QTextLayout's
        minimumWidth: it leaves out a word's last character or so, "plasmapheresis.".)"""
        layout = self._doc.findBlockByNumber(block.number).layout()
        lines = (layout.lineAt(n) for n in range(layout.lineCount()))
        return max((line.naturalTextWidth() for line in lines), default=0.0)

    # -- tables -------------------------------------------------------------------------------

    def _fit_table(self, table: int, line_width: float) -> dict[int, Cuts]:
        """The cuts of a table's blocks (by index in ``_blocks``): see the module's doc."""
        mine = [(i, b) for i, b in enumerate(self._blocks)
                if b.cell is not None and b.cell[0] == table]  # fmt: skip
        keep: dict[int, Cuts] = {i: () for i, _ in mine}
        overhead = self._table_overhead(table) if mine else None
        if overhead is None:
            return keep
        room = line_width - overhead  # the most a column can have
        wider = self._doc.documentLayout().frameBoundingRect(self._tables[table]).width()
        if wider <= line_width + _SLACK_PX and not any(b.cuts for _, b in mine):
            return keep  # it fits, as loaded
        widest: dict[int, float] = {}  # per column: its widest unbreakable piece
        floors: dict[int, float] = {}  # per column with a picture: its widest picture
        for _, block in mine:
            assert block.cell is not None
            column = block.cell[1]
            piece = self._widest_piece(block) + block.overhead
            widest[column] = max(widest.get(column, 0.0), piece)
            picture = self._widest_picture(block)
            if picture:
                floors[column] = max(floors.get(column, 0.0), picture + block.overhead)
                widest[column] = max(widest[column], floors[column])
        em = self._doc.defaultFont().pointSizeF() * self._indent_scale * 96 / 72
        least = _MIN_COLUMN_EM * em
        columns = sorted(widest)
        level = _level([widest[c] for c in columns], room, [floors.get(c, 0.0) for c in columns])
        if level is None:
            return keep  # its words fit side by side: whole
        if level - _SLACK_PX >= least:
            # The widest columns are made as narrow as it takes, all alike (one with a
            # picture no narrower than its picture, which ui/picturefit.py has made no wider
            # than its share of the view), and the rest keep their words whole.
            share = {c: max(level - _SLACK_PX, floors.get(c, 0.0)) for c in columns}
            wide = {column for column, width in widest.items() if width > share[column]}
        else:
            # Too many columns for that: only words wider than the view are broken, and the
            # table scrolls sideways, much less far.
            wide = {column for column, width in widest.items() if width > room}
            if not wide:
                return keep
            others = sum(width + _SLACK_PX for column, width in widest.items() if column not in wide)
            rest = max((room - others) / len(wide) - _SLACK_PX, least)
            share = dict.fromkeys(columns, rest)
        for index, block in mine:
            assert block.cell is not None
            if block.cell[1] in wide:
                keep[index] = self._cuts(block, share[block.cell[1]] - block.overhead)
        return keep

    def _table_overhead(self, table: int) -> float | None:
        if table not in self._overheads:
            self._overheads[table] = table_overhead(self._doc, self._tables[table], self._indent_scale)
        return self._overheads[table]

    # -- measuring and breaking ----------------------------------------------------------------

    def _cuts(self, block: _Block, room: float) -> Cuts:
        """Where to put marks so that every unbreakable piece of the block fits ``room``:
        () when all fit already."""
        cuts: list[tuple[int, str]] = []
        for start, end in self._words(block):
            if self._width(block, start, end) <= room:
                continue
            address = _ADDRESS.search(block.text[start:end]) is not None
            for a, b in self._pieces(block):
                if a < start or b > end or self._width(block, a, b) <= room:
                    continue
                word = block.text[a:b]

                def measure(i: int, j: int, a: int = a, b: int = b,
                            hyphen: bool = not address) -> float:  # fmt: skip
                    width = self._width(block, a + i, a + j)
                    if hyphen and a + j < b:  # the hyphen Qt shows at the break
                        width += self._hyphen(block, a + j)
                    return width

                mark = ZERO_WIDTH_SPACE if address else SOFT_HYPHEN
                points = split(word, inner_points(word), measure, room, address)
                cuts.extend((a + p, mark) for p in points)
        return tuple(cuts)

    def _widest_piece(self, block: _Block) -> float:
        """The widest unbreakable piece: what Qt makes a column at least as wide as."""
        widest = 0.0
        for start, end in self._words(block):
            if self._width(block, start, end) <= widest:
                continue
            for a, b in self._pieces(block):
                if start <= a and b <= end:
                    widest = max(widest, self._width(block, a, b))
        return widest

    def _widest_picture(self, block: _Block) -> float:
        """The width of the widest picture (U+FFFC) in the block, as laid out now."""
        if "\ufffc" not in block.text:
            return 0.0
        shown = block.shown()
        layout = self._doc.findBlockByNumber(block.number).layout()
        widest = 0.0
        for index, char in enumerate(shown):
            if char == "\ufffc":
                at = utf16(shown, index)
                line = layout.lineForTextPosition(at)
                if line.isValid():
                    # PySide6 gives (x, position) for Qt's in-out argument, typed as object.
                    end = cast(tuple[float, int], line.cursorToX(at + 1))[0]
                    start = cast(tuple[float, int], line.cursorToX(at))[0]
                    widest = max(widest, end - start)
        return widest

    @staticmethod
    def _words(block: _Block) -> list[tuple[int, int]]:
        if block.words is None:
            block.words = [m.span() for m in _WORD.finditer(block.text)]
        return block.words

    def _pieces(self, block: _Block) -> list[tuple[int, int]]:
        if block.pieces is None:
            block.pieces = unbreakable_pieces(block.text)
        return block.pieces

    def _width(self, block: _Block, start: int, end: int) -> float:
        """The advance of ``block.text[start:end]``, run by run in each run's font."""
        key = (start, end)
        found = block.widths.get(key)
        if found is not None:
            return found
        width = 0.0
        for (a, b, _), measured in zip(self._runs(block), self._metrics(block), strict=True):
            if b > start and a < end:
                width += measured.horizontalAdvance(block.text[max(a, start) : min(b, end)])
        block.widths[key] = width
        return width

    def _hyphen(self, block: _Block, at: int) -> float:
        """The advance of the hyphen Qt shows after ``block.text[at - 1]``."""
        for (a, b, _), measured in zip(self._runs(block), self._metrics(block), strict=True):
            if a < at <= b:
                return measured.horizontalAdvance("-")
        return 0.0

    def _metrics(self, block: _Block) -> list[QFontMetricsF]:
        if not block.metrics:
            default = self._doc.defaultFont()
            runs = self._runs(block)
            block.metrics = [QFontMetricsF(_font(style, default)) for _, _, style in runs]
        return block.metrics

    def _runs(self, block: _Block) -> list[tuple[int, int, QTextCharFormat]]:
        if block.runs is None:
            assert not block.cuts  # read as loaded
            block.runs = _runs(self._doc.findBlockByNumber(block.number))
        return block.runs


def _level(widths: list[float], room: float, floors: list[float] | None = None) -> float | None:
    """The width that columns as wide as ``widths`` would all have to be made no wider than
    for them to fit ``room`` side by side (each with _SLACK_PX more), when none can be made
    narrower than its floor (a picture); None when they fit, 0.0 when the floors alone do not.

    >>> _level([100.0, 100.0, 2000.0], 800.0)
    597.0
    >>> _level([500.0, 500.0, 2000.0], 800.0)
    265.6666666666667
    >>> _level([100.0, 200.0], 800.0) is None
    True
    >>> _level([600.0, 300.0, 300.0], 800.0, [0.0, 300.0, 0.0])  # 300 + 2 x 248.5 + 3 x 1
    248.5
    >>> _level([600.0, 500.0], 400.0, [0.0, 500.0])
    0.0
    """
    count = len(widths)
    if sum(widths) + count * _SLACK_PX <= room:
        return None
    floors = floors or [0.0] * count
    held: set[int] = set()  # columns at their floor, above the level
    while True:
        free = sorted(w for i, w in enumerate(widths) if i not in held)
        left = room - count * _SLACK_PX - sum(floors[i] for i in held)
        below = 0.0
        for narrower, width in enumerate(free):
            level = (left - below) / (len(free) - narrower)
            if level <= width:
                break
            below += width
        else:
            return 0.0  # nothing left to narrow (or nothing fits beside the floors)
        if level <= 0:
            return 0.0
        newly = {i for i in range(count) if i not in held and floors[i] > level}
        if not newly:
            return level
        held |= newly


def block_overhead(document: QTextDocument, block: QTextBlock, indent_scale: float = 1.0) -> float:
    """The px of a line a block's margins and indent take (as Qt's layoutBlock);
    ``indent_scale``: the view's logical DPI over 96, by which Qt scales list indents."""
    style = block.blockFormat()
    indent = style.indent()
    listed = block.textList()
    if listed is not None:
        indent += listed.format().indent()
    indent_px = indent * document.indentWidth() * indent_scale
    return style.leftMargin() + style.rightMargin() + indent_px + max(0.0, style.textIndent())


def table_overhead(document: QTextDocument, table: QTextTable, indent_scale: float = 1.0) -> float | None:
    """The px of a table's width that is not its columns' (borders, padding, spacing),
    measured from Qt's layout of it; None if it cannot be."""
    columns = 0.0
    for column in range(table.columns()):
        width = None
        for row in range(table.rows()):
            cell = table.cellAt(row, column)
            if cell.columnSpan() != 1:
                continue
            block = document.findBlock(cell.firstPosition())
            if block.layout() is not None and block.layout().lineCount():
                width = block.layout().lineAt(0).width() + block_overhead(document, block, indent_scale)
                break
        if width is None:
            return None
        columns += width
    overhead = document.documentLayout().frameBoundingRect(table).width() - columns
    return overhead if overhead >= 0 else None


def widest_table(document: QTextDocument, indent_scale: float = 1.0) -> float:
    """The width the page's widest table needs for its words to stand whole side by side
    (the article view widens its column for it, up to the view's width): each column's
    widest unbreakable piece, in its own font, and the borders and padding its format
    gives; 0.0 for a page with no table. Marks put in by a fit do not count."""
    default = document.defaultFont()
    widest = 0.0
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        columns = [0.0] * frame.columns()
        for row in range(frame.rows()):
            for column in range(frame.columns()):
                cell = frame.cellAt(row, column)
                if (cell.row(), cell.column()) != (row, column) or cell.columnSpan() != 1:
                    continue
                own = cell.format().toTableCellFormat()  # CSS padding and borders are a cell's
                edges = (own.leftPadding() + own.rightPadding() + own.leftBorder() + own.rightBorder())
                block = document.findBlock(cell.firstPosition())
                while block.isValid() and block.position() <= cell.lastPosition():
                    piece = _widest_whole_piece(block, default) + block_overhead(document, block, indent_scale)
                    columns[column] = max(columns[column], piece + edges)
                    block = block.next()
        style = frame.format()
        count = len(columns)
        overhead = (2 * (style.margin() + style.border()) + (count + 1) * style.cellSpacing()
                    + count * 2 * (style.cellPadding() + style.border()))  # fmt: skip
        widest = max(widest, sum(columns) + count * _SLACK_PX + overhead)
    return widest


def _widest_whole_piece(block: QTextBlock, default: QFont) -> float:
    """The widest piece of a block between Qt's line-break opportunities, without marks."""
    text = block.text()
    chars: list[str] = []
    fonts: list[int] = []  # per character: its run
    runs = _runs(block)
    for number, (start, end, _) in enumerate(runs):
        for ch in text[start:end]:
            if ch not in BREAKS:
                chars.append(ch)
                fonts.append(number)
    clean = "".join(chars)
    metrics = [QFontMetricsF(_font(style, default)) for _, _, style in runs]
    widest = 0.0
    for start, end in unbreakable_pieces(clean):
        width, at = 0.0, start
        while at < end:  # run by run
            stop = at
            while stop < end and fonts[stop] == fonts[at]:
                stop += 1
            width += metrics[fonts[at]].horizontalAdvance(clean[at:stop])
            at = stop
        widest = max(widest, width)
    return widest


def _runs(block: QTextBlock) -> list[tuple[int, int, QTextCharFormat]]:
    """Each fragment of a block: [start, end) in ``block.text()``'s indexes, and its format."""
    text = block.text()
    # UTF-16 offsets (Qt's) to indexes into the string, when characters beyond the BMP
    # make them differ.
    index = utf16_indexes(text) if len(text.encode("utf-16-le")) != 2 * len(text) else None
    runs = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        start = fragment.position() - block.position()
        end = start + fragment.length()
        if index is None:
            runs.append((start, end, fragment.charFormat()))
        elif start in index and end in index:
            runs.append((index[start], index[end], fragment.charFormat()))
        it += 1
    return runs


def _font(style: QTextCharFormat, default: QFont) -> QFont:
    """The font Qt lays a run out in at the page's current default font: the format's own
    properties over the default's, and ``<small>``/``<big>``'s scale (which Qt applies last)."""
    font = style.font().resolve(default)
    if style.hasProperty(_ADJUSTMENT):
        font.setPointSizeF(default.pointSizeF() * adjustment_scale(style.intProperty(_ADJUSTMENT)))
    return font

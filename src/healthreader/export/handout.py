"""Articles -> the printable HTML of a handout (pure Python: no Qt; links become plain text).

The HTML is the flowing part of a handout: ``contents_html`` for the first page of a
packet, and ``article_html`` for each article (each its own document, so each starts a
page): title, "Also called", summary, the body laid out for
paper, a "Words to know" box, related conditions by title, sources, and the "Last reviewed"
and "Printed on" dates. The running header (clinic, app name) and footer (disclaimer line,
"Page N of M") are painted on every page by ``healthreader.export.pdf``, which takes their
texts from here. Labels and dates, and the footer of the article's pages, are in the
article's language, English or Spanish (``healthreader.content.wording``); a packet's
contents (and their pages' footer) are in the handout's (``handout_wording``).

The HTML targets QTextDocument's rich-text subset (no ``page-break-after``, no ``border``
on paragraphs, lengths in ``px``/``em`` only: ``pt`` margins are silently dropped), and the
pdf side lays it out at 96 dots per inch, so ``1px`` here is 1/96 inch on paper.

>>> printable_body('<p>See <a href="article:lupus">lupus</a>.</p>')
'<p>See lupus.</p>'
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote

from healthreader.content.glossary import Glossary
from healthreader.content.model import Article, Library, Source
from healthreader.content.wording import ENGLISH, Wording, name_list, wording_for

APP_NAME = "Health Reader"

#: The one line of the disclaimer printed in the footer of every page (of an English
#: handout: see ``handout_wording``).
DISCLAIMER_LINE = ENGLISH.disclaimer_line

# The font stacks name fonts common on each platform; QTextDocument takes the first that
# exists and falls back to the default sans-serif font.
_SANS = "'Noto Sans', 'Segoe UI', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"


def listed_title(article: Article, library: Library | None) -> str:
    """The title as the reader saw it in the lists, in a packet's contents and a file's name:
    with its language when the library has an article in another language of the same
    title (``Library.shown_title``: "Anemia (español)"). An article's own heading is its
    title.
    """
    if library is not None and article.id in library:
        return library.shown_title(article.id)
    return article.title


def document_title(articles: Sequence[Article], library: Library | None = None) -> str:
    """The PDF's title and the stem of its default file name; a packet's is worded in the
    handout's language (``handout_wording``), and its first title is as ``listed_title``.

    >>> document_title([_example("Lupus")])
    'Lupus - Health Reader'
    >>> document_title([_example("Lupus"), _example("Hives"), _example("Gout")])
    'Lupus and 2 more - Health Reader'
    >>> document_title([_example("Dolor abdominal", "es"), _example("Urticaria", "es")])
    'Dolor abdominal y 1 más - Health Reader'
    """
    if not articles:
        return APP_NAME
    return f"{_packet_name(articles, listed_title(articles[0], library))} - {APP_NAME}"


def _packet_name(articles: Sequence[Article], title: str) -> str:
    """``title`` (the first article's), with "and N more" for a packet."""
    if len(articles) < 2:
        return title
    return handout_wording(articles).and_more.format(title=title, count=len(articles) - 1)


# Characters that Windows, macOS or Linux refuse in a file name, and control characters.
_SEPARATORS_IN_NAME = re.compile(r"[/\\|]")
_UNSAFE_IN_NAME = re.compile(r'[<>:"?*\x00-\x1f\x7f]')

#: The longest file name Linux and macOS take, in bytes of UTF-8. (Windows counts UTF-16
#: units, 255 too, and a name never has more of those than of UTF-8 bytes.)
NAME_BYTES = 255


def default_file_name(articles: Sequence[Article], library: Library | None = None) -> str:
    """The name offered in the save dialog, safe on every platform: a title too long for a
    file name is cut, between whole characters, to leave room for the rest. The title is
    as ``listed_title``: "Anemia (español) - Health Reader.pdf" does not offer to replace
    "Anemia (English) - Health Reader.pdf".

    >>> default_file_name([_example("Lupus")])
    'Lupus - Health Reader.pdf'
    >>> default_file_name([_example("Hepatitis A/B: what to know?")])
    'Hepatitis A-B what to know - Health Reader.pdf'
    >>> name = default_file_name([_example("Ä" * 200), _example("Gout")])
    >>> len(name.encode()), name[-33:]
    (255, 'ÄÄ and 1 more - Health Reader.pdf')
    """
    if not articles:
        return f"{APP_NAME}.pdf"
    marker = "\ue000"  # where the title goes in a packet's name (a character no title has)
    before, after = _safe_name(_packet_name(articles, marker)).split(marker)
    tail = f"{after} - {APP_NAME}.pdf"
    title = _safe_name(listed_title(articles[0], library))
    cut = _cut_to_bytes(title, NAME_BYTES - len(before.encode()) - len(tail.encode()))
    if cut != title:
        cut = cut.rstrip()
    if not cut:  # a title of nothing a file name can hold, or no room for it
        return f"{APP_NAME}.pdf"
    return f"{before}{cut}{tail}"


def _safe_name(text: str) -> str:
    """``text`` without what a file system refuses (a slash becomes "-"), its runs of white
    space made single spaces."""
    return " ".join(_UNSAFE_IN_NAME.sub("", _SEPARATORS_IN_NAME.sub("-", text)).split())


def _cut_to_bytes(text: str, room: int) -> str:
    """The longest start of ``text`` that takes at most ``room`` bytes of UTF-8, cut between
    whole characters, and not before an accent or a joiner that belongs to the one before.

    >>> _cut_to_bytes("Crème", 4), _cut_to_bytes("Cre\u0300me", 4), _cut_to_bytes("狼疮", 5)
    ('Crè', 'Cr', '狼')
    """
    if len(text.encode()) <= room:
        return text
    used = 0
    end = 0
    for index, char in enumerate(text):
        used += len(char.encode())
        if used > room:
            break
        end = index + 1
    while 0 < end < len(text) and _clings(text[end]):
        end -= 1
    return text[:end]


def _clings(char: str) -> bool:
    """True for a character that belongs to the one before it: an accent mark, a variation
    selector, a zero-width joiner."""
    return bool(unicodedata.combining(char)) or char in "\u200d\ufe0e\ufe0f"


def header_texts(clinic: str | None) -> tuple[str, str]:
    """(left, right) of the running header: the clinic, if any, and the app name.

    >>> header_texts("Riverside Family Clinic")
    ('Riverside Family Clinic', 'Health Reader')
    >>> header_texts("  ")
    ('Health Reader', '')
    """
    name = " ".join((clinic or "").split())
    return (name, APP_NAME) if name else (APP_NAME, "")


def page_label(page: int, pages: int, words: Wording = ENGLISH) -> str:
    """The page number printed in the footer.

    >>> page_label(1, 3)
    'Page 1 of 3'
    """
    return words.page.format(page=page, pages=pages)


def handout_wording(articles: Sequence[Article]) -> Wording:
    """The language of what a handout prints around its articles (a packet's contents and
    their pages' footer, its name): Spanish when every article is, else English. Each
    article's own labels, and the footer of its pages, follow its own language.

    >>> handout_wording([_example("Lupus", "es")]).page, handout_wording([_example("Lupus")]).page
    ('Página {page} de {pages}', 'Page {page} of {pages}')
    """
    kinds = {wording_for(article.language) for article in articles}
    return kinds.pop() if len(kinds) == 1 else ENGLISH


@dataclass(frozen=True, slots=True)
class PrintStyle:
    """Type sizes in points and spacing in CSS pixels (1/96 inch) for one print size."""

    body_pt: float
    small_pt: float
    title_pt: float
    h2_pt: float
    h3_pt: float
    lead_pt: float
    space_px: int

    @classmethod
    def for_size(cls, large_print: bool) -> PrintStyle:
        """12 pt body for everyone; 16 pt for large print, everything scaled with it."""
        if large_print:
            return cls(body_pt=16, small_pt=13, title_pt=28, h2_pt=20, h3_pt=18, lead_pt=17,
                       space_px=11)
        return cls(body_pt=12, small_pt=10, title_pt=22, h2_pt=15, h3_pt=13, lead_pt=13,
                   space_px=8)


def stylesheet(style: PrintStyle) -> str:
    """The CSS for QTextDocument: black text, grey rules, no colours a printer would waste."""
    s = style.space_px
    return f"""
body {{ font-family: {_SANS}; font-size: {style.body_pt}pt; color: #000000; }}
p {{ margin-top: 0px; margin-bottom: {s}px; line-height: 125%; }}
li {{ margin-bottom: {s // 2}px; line-height: 125%; }}
ul, ol {{ margin-top: 0px; margin-bottom: {s}px; }}
h1 {{ font-size: {style.title_pt}pt; font-weight: bold; margin-top: 0px;
      margin-bottom: {s // 2}px; }}
h2 {{ font-size: {style.h2_pt}pt; font-weight: bold; margin-top: {2 * s}px;
      margin-bottom: {s - 2}px; }}
h3 {{ font-size: {style.h3_pt}pt; font-weight: bold; margin-top: {2 * s}px;
      margin-bottom: {s // 2}px; }}
h4 {{ font-size: {style.body_pt}pt; font-weight: bold; margin-top: {s + s // 2}px;
      margin-bottom: {s // 2}px; }}
th {{ font-weight: bold; background-color: #e6e6e6; text-align: left; }}
hr {{ background-color: #999999; }}
blockquote {{ background-color: #f2f2f2; margin-left: {2 * s}px; margin-right: {2 * s}px; }}
pre, code {{ font-family: 'DejaVu Sans Mono', 'Courier New', monospace; }}
pre {{ white-space: pre-wrap; }}
p.also {{ color: #333333; margin-bottom: {s // 2}px; }}
p.summary {{ font-size: {style.lead_pt}pt; margin-top: {s}px; margin-bottom: {s}px; }}
p.box-title {{ font-weight: bold; font-size: {style.h3_pt}pt; margin-bottom: {s // 2}px; }}
p.term {{ font-size: {style.body_pt - 1}pt; margin-bottom: {s // 2}px; line-height: 115%; }}
p.meta {{ font-size: {style.small_pt}pt; color: #333333; margin-bottom: {s}px; }}
p.source {{ font-size: {style.small_pt}pt; margin-bottom: {s // 2}px; line-height: 115%; }}
p.related {{ margin-bottom: {s}px; }}
p.picture {{ line-height: 100%; margin-top: {s // 2}px; margin-bottom: {2 * s}px; }}
p.contents-title {{ font-size: {style.title_pt}pt; font-weight: bold; margin-bottom: {s}px; }}
p.contents-note {{ color: #333333; margin-bottom: {2 * s}px; }}
p.contents-entry {{ margin-bottom: 2px; }}
p.contents-summary {{ font-size: {style.small_pt}pt; color: #333333; margin-bottom: 2px; }}
"""


# --- the body: safe HTML in, paper HTML out -------------------------------------------------

# Tags kept (without their attributes, except the few rebuilt below); every other tag is
# dropped and its text kept, so links, glossary marks and spans become plain text.
_KEPT = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "b", "em", "i", "u", "s", "code", "pre", "blockquote", "sup", "sub",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td",
})
_VOID = frozenset({"br", "hr", "img"})
# Their text is never shown to a reader, on screen or on paper.
_SKIP_CONTENT = frozenset({"script", "style", "template", "head", "title", "object",
                           "iframe", "svg", "math", "noscript", "button", "select"})
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "th", "td"})
# The article title is the only <h1> on paper (pdf.py finds where articles start by it);
# body headings start at <h2>, and anything deeper than <h4> looks the same as <h4>.
_HEADING_MAP = {"h1": "h2", "h5": "h4", "h6": "h4"}
# QTextDocument lays out nested tables in time that grows steeply with depth (DESIGN.md);
# paper needs no table inside a table, nor structure deeper than this.
_MAX_DEPTH = 24
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)", re.IGNORECASE)
_PICTURE_ALONE = re.compile(r"<p>(<img [^>]*>)</p>")


#: How the handout names a picture it was given: pdf.py adds the image under this name.
PICTURE_SCHEME = "picture:"

# Every table of the body prints as this: border-collapse gives single hairlines; the cell
# padding keeps text off them. pdf.py fits each one to the page width.
_DATA_TABLE = ('<table class="data" border="1" cellspacing="0" cellpadding="6" width="100%" '
               'style="border-collapse: collapse; border-color: #777777; margin-bottom: 8px;">')


def picture_name(src: str) -> str:
    """The resource name of the picture an article's ``<img src>`` names."""
    return PICTURE_SCHEME + quote(src, safe="")


@dataclass(slots=True)
class _TableCells:
    """The cells of a table being printed row by row, as ``(is a heading, cell HTML)``."""

    start: int  # where the table starts in the converter's output
    rows: list[list[tuple[bool, str]]] = field(default_factory=list)
    cell_depth: int = -1  # the open cell's place among the open tags; -1 when none is open
    cell_at: int = 0  # where the open cell's content starts in the output
    cell_is_heading: bool = False

    def opened(self, tag: str, depth: int, at: int) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td") and self.cell_depth < 0:
            self.cell_depth, self.cell_at, self.cell_is_heading = depth, at, tag == "th"

    def closed(self, content: str) -> None:
        if not self.rows:
            self.rows.append([])
        self.rows[-1].append((self.cell_is_heading, content))
        self.cell_depth = -1


# The headings' column of a table printed row by row: the same in every row's table, so
# they line up down the page.
_STACKED_HEADINGS_WIDTH = "35%"


def _stacked_table(rows: Sequence[Sequence[tuple[bool, str]]]) -> str:
    """A table printed row by row: each row a small table of two columns, every cell beside
    its column's heading, the first pair shaded as the row's own heading.

    >>> print(_stacked_table([
    ...     [(True, "Medicine"), (True, "Dose"), (True, "When")],
    ...     [(False, "Prednisolone"), (False, "5 mg"), (False, "Morning")],
    ... ]).replace(_DATA_TABLE, "<table>"))
    <table><thead><tr><th width="35%">Medicine</th><th>Prednisolone</th></tr></thead><tr><td><b>Dose</b></td><td>5 mg</td></tr><tr><td><b>When</b></td><td>Morning</td></tr></table>

    Without a heading row, each row is its cells one under the other.
    """
    records = [list(row) for row in rows if row]
    headings: list[str] = []
    if len(records) > 1 and all(is_heading for is_heading, _ in records[0]):
        headings = [cell for _, cell in records.pop(0)]
    tables = []
    for record in records:
        cells = [cell for _, cell in record]
        if headings:
            names = headings + [""] * (len(cells) - len(headings))
            head = f'<th width="{_STACKED_HEADINGS_WIDTH}">{names[0]}</th><th>{cells[0]}</th>'
            rest = "".join(f"<tr><td><b>{name}</b></td><td>{cell}</td></tr>"
                           for name, cell in zip(names[1:], cells[1:], strict=False))
        else:
            head = f"<th>{cells[0]}</th>"
            rest = "".join(f"<tr><td>{cell}</td></tr>" for cell in cells[1:])
        # A heading row (thead) is repeated by Qt at the top of the next page, should the
        # row's table be split.
        tables.append(f"{_DATA_TABLE}<thead><tr>{head}</tr></thead>{rest}</table>")
    return "".join(tables)


class _BodyConverter(HTMLParser):
    """Rebuilds body HTML from an allow-list; collects glossary marks and pictures on the way.

    ``pictures`` maps an ``<img src>`` to the size (CSS px) to print it at; a picture not
    in it is printed as its alt text.
    """

    def __init__(
        self,
        pictures: Mapping[str, tuple[int, int]] | None = None,
        stacked_tables: Collection[int] = (),
        words: Wording = ENGLISH,
    ) -> None:
        super().__init__(convert_charrefs=True)
        self._pictures = pictures or {}
        self._picture_word = words.picture
        self._stacked_tables = frozenset(stacked_tables)
        self.picture_sources: list[str] = []
        self.out: list[str] = []
        self.glossary_marks: list[tuple[str, str]] = []  # (term, definition from title=)
        # Open tags: (tag as written out, whether it was written); a tag that was dropped
        # still needs its end tag matched, or it would close an outer tag of the same name.
        self._open: list[tuple[str, bool]] = []
        self._skip = 0
        self._tables = 0
        self._tables_written = 0
        self._stacking: _TableCells | None = None  # the table being printed row by row

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self._skip += 1
            return
        if self._skip:
            return
        if tag in _VOID:
            self._void(tag, dict(attrs))
            return
        if tag == "a":
            self._glossary_mark(dict(attrs))
            return
        if tag not in _KEPT:
            return
        out = _HEADING_MAP.get(tag, tag)
        nested_table = tag in _TABLE_PARTS and self._tables > (0 if tag == "table" else 1)
        if nested_table or len(self._open) >= _MAX_DEPTH:
            self._open.append((out, False))
            if tag == "table":
                self._tables += 1
            return
        if tag == "table":
            self._tables += 1
            if self._tables_written in self._stacked_tables:
                self._stacking = _TableCells(start=len(self.out))
            self._tables_written += 1
            self.out.append(_DATA_TABLE)
        else:
            self.out.append(f"<{out}{_kept_attributes(tag, dict(attrs))}>")
            if self._stacking is not None:
                self._stacking.opened(tag, depth=len(self._open), at=len(self.out))
        self._open.append((out, True))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip or tag in _VOID:
            return
        out = _HEADING_MAP.get(tag, tag)
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == out:
                while len(self._open) > index:
                    self._close_top()
                return

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self._open:
            self._close_top()

    def _close_top(self) -> None:
        name, written = self._open.pop()
        if name == "table":
            self._tables -= 1
        if not written:
            return
        stacking = self._stacking
        if stacking is not None and name == "table":
            # The whole table, as written so far, becomes one small table per row.
            self.out[stacking.start:] = [_stacked_table(stacking.rows)]
            self._stacking = None
            return
        if stacking is not None and stacking.cell_depth == len(self._open):
            stacking.closed("".join(self.out[stacking.cell_at:]))
        self.out.append(f"</{name}>")

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "br":
            self.out.append("<br>")
        elif tag == "hr":
            self.out.append("<hr>")
        else:
            # Only a picture pdf.py has loaded (and checked) is printed, under a name of
            # ours: Qt is never handed a path. Any other is its alt text, so a missing
            # picture is not a silent gap.
            src = attrs.get("src") or ""
            self.picture_sources.append(src)
            alt = " ".join((attrs.get("alt") or "").split())
            size = self._pictures.get(src)
            if size is not None:
                width, height = size
                self.out.append(f'<img src="{html.escape(picture_name(src))}" width="{width}" '
                                f'height="{height}" alt="{html.escape(alt)}">')
            else:
                label = f"{self._picture_word}: {alt}" if alt else self._picture_word
                self.out.append(f"<i>[{html.escape(label, quote=False)}]</i>")

    def _glossary_mark(self, attrs: dict[str, str | None]) -> None:
        href = attrs.get("href") or ""
        if href.startswith("glossary:"):
            term = unquote(href.removeprefix("glossary:")).strip()
            definition = " ".join((attrs.get("title") or "").split())
            if term:
                self.glossary_marks.append((term, definition))


def _kept_attributes(tag: str, attrs: dict[str, str | None]) -> str:
    """The few attributes paper needs, rebuilt from checked values (nothing copied as is)."""
    kept: list[str] = []
    if tag in ("td", "th"):
        for name in ("colspan", "rowspan"):
            value = attrs.get(name) or ""
            if value.isdigit() and 1 <= int(value) <= 50:
                kept.append(f'{name}="{int(value)}"')
        align = (attrs.get("align") or "").lower()
        match = _ALIGN.search(attrs.get("style") or "")
        if match:
            align = match.group(1).lower()
        if align in ("left", "right", "center"):
            kept.append(f'align="{align}"')
    elif tag == "ol":
        start = attrs.get("start") or ""
        if start.isdigit() and int(start) < 10_000:
            kept.append(f'start="{int(start)}"')
    return "".join(f" {a}" for a in kept)


def _convert(
    body_html: str,
    pictures: Mapping[str, tuple[int, int]] | None = None,
    stacked_tables: Collection[int] = (),
    words: Wording = ENGLISH,
) -> _BodyConverter:
    converter = _BodyConverter(pictures, stacked_tables, words)
    converter.feed(body_html)
    converter.close()
    return converter


def picture_sources(body_html: str) -> list[str]:
    """The ``src`` of every picture in a body, in order.

    >>> picture_sources('<p><img alt="Knee" src="knee.png"></p><img src="../x.png">')
    ['knee.png', '../x.png']
    """
    return _convert(body_html).picture_sources


def printable_body(
    body_html: str,
    pictures: Mapping[str, tuple[int, int]] | None = None,
    stacked_tables: Collection[int] = (),
    words: Wording = ENGLISH,
) -> str:
    """The article body for paper: links and glossary marks become plain text, hover-only
    attributes (``title=``) and classes go, tables get rules, and a picture prints at the
    size ``pictures`` gives for its ``src``, or else as its alt text.

    ``stacked_tables``: the tables (0 for the body's first) to print row by row, each row a
    small table of its cells beside their column headings (``_stacked_table``); pdf.py asks
    for this when a table has too many columns to keep its words whole on the page.

    >>> printable_body('<h1>A</h1><p><a class="glossary" href="glossary:gene" '
    ...                'title="A unit of heredity.">genes</a> <img src="x.png"></p>')
    '<h2>A</h2><p>genes <i>[Picture]</i></p>'
    """
    out = "".join(_convert(body_html, pictures, stacked_tables, words).out)
    # A picture on its own line: no 125% line height under it (that would be a blank band).
    return _PICTURE_ALONE.sub(r'<p class="picture">\1</p>', out)


# --- the parts around the body ---------------------------------------------------------------


def words_to_know(article: Article, glossary: Glossary) -> list[tuple[str, str]]:
    """(term, definition) for each glossary term marked in the article, by term.

    The glossary's definition wins; the one carried in the body's mark (its hover text) is
    the fallback, so a term is never listed without a definition.
    """
    by_key = {term.casefold(): (term, definition) for term, definition in glossary.items()}
    marks = _convert(article.body_html).glossary_marks
    candidates = [(term, "") for term in article.glossary_terms] + marks
    found: dict[str, tuple[str, str]] = {}
    for term, mark_definition in candidates:
        key = term.casefold()
        if key in by_key:
            found[key] = by_key[key]
        elif key not in found and mark_definition:
            found[key] = (term, mark_definition)
    return sorted(found.values(), key=lambda pair: pair[0].casefold())


def related_titles(article: Article, library: Library | None) -> list[str]:
    """Titles of related conditions, both ways round, by title; unknown ids are left out
    (an id is not something to print)."""
    return [title for _, title in related_articles(article, library)]


def related_articles(article: Article, library: Library | None) -> list[tuple[str, str]]:
    """(id, title) of related conditions, as ``related_titles`` orders them."""
    if library is None:
        return []
    # Titles as the lists show them ("Anemia (español)"), ordered by the titles themselves.
    if article.id in library:
        return [(info.id, library.shown_title(info.id)) for info in library.related(article.id)]
    # An article not (or no longer) in the library, e.g. a file being edited: its own list.
    found = {rid: library.shown_title(rid) for rid in article.related if rid in library}
    return sorted(found.items(), key=lambda pair: library.az_key(library.info(pair[0])))


def _sentence(text: str) -> str:
    """Close with a full stop unless the text already ends in one ("What is lupus?")."""
    return text if text.rstrip()[-1:] in ".?!" else f"{text}."


def _source_html(source: Source, words: Wording) -> str:
    # The full stop goes inside the italics: text copied from the PDF then reads "(ALPS)."
    # rather than "(ALPS) ." (a change of font is a word break to text extraction).
    parts = [_sentence(html.escape(source.publisher)),
             f"<i>{_sentence(html.escape(source.title))}</i>"]
    if source.date is not None:
        parts.append(f"{words.date(source.date)}.")
    text = " ".join(parts)
    if source.url:
        # Printed as text for the reader to type; a URL is one long word, and
        # QTextDocument breaks it anywhere if it does not fit the line.
        text += f"<br>{html.escape(source.url)}"
    return f'<p class="source">{text}</p>'


def article_html(
    article: Article,
    library: Library | None,
    glossary: Glossary,
    printed_on: datetime.date,
    *,
    pictures: Mapping[str, tuple[int, int]] | None = None,
    stacked_tables: Collection[int] = (),
    packet_pages: Mapping[str, int] | None = None,
) -> str:
    """One article: title, names, dates, summary, body, "Words to know", related, sources,
    labelled in the article's language (content/wording.py).

    ``packet_pages``: the page each article of the same packet starts on, by id; a related
    condition among them is printed with its page ("Vasculitis (page 9)").

    ``pictures``: the body's pictures that can be printed, by ``src``, with their size.
    ``stacked_tables``: the body's tables to print row by row (see ``printable_body``).
    No table comes before the body's, and the ones after it ("Words to know", sources)
    have one column: pdf.py relies on both to tell the body's tables apart.
    """
    esc = html.escape
    label = wording_for(article.language)
    # Each article is a document of its own (pdf.py), so it starts a page by itself.
    parts = [f"<h1>{esc(article.title)}</h1>"]
    if article.also_called:
        parts.append(f'<p class="also"><b>{label.also_called}:</b> '
                     f'{esc(name_list(article.also_called))}</p>')
    # The dates go under the title, where they cannot end up alone on a last page and where
    # a clinician checks them before handing the page over.
    parts.append(f'<p class="meta">{label.last_reviewed}: {label.date(article.reviewed)}'
                 f'&nbsp;&nbsp;·&nbsp;&nbsp;{label.printed_on}: {label.date(printed_on)}</p>')
    parts.append(f'<p class="summary">{esc(article.summary)}</p>')
    parts.append(printable_body(article.body_html, pictures, stacked_tables, label))

    words = words_to_know(article, glossary)
    if words:
        terms = "".join(f'<p class="term"><b>{esc(term)}:</b> {esc(definition)}</p>'
                        for term, definition in words)
        # A one-cell table is the only box QTextDocument draws around paragraphs.
        parts.append('<table class="box" width="100%" border="1" cellspacing="0" '
                     'cellpadding="10" style="border-collapse: collapse; '
                     'border-color: #777777; margin-top: 16px; margin-bottom: 8px;">'
                     f'<tr><td style="background-color: #f2f2f2;">'
                     f'<p class="box-title">{label.words_to_know}</p>{terms}</td></tr></table>')

    related = related_articles(article, library)
    if related:
        pages = packet_pages or {}
        named = [label.on_page.format(title=title, page=pages[rid]) if rid in pages else title
                 for rid, title in related]
        parts.append(f"<h3>{label.related}</h3>")
        # A reader holding paper cannot follow a title to its article: one not in this
        # handout is told where to find it.
        outside = sum(1 for rid, _ in related if rid not in pages)
        where = ("" if not outside else
                 f"<br>{label.elsewhere if outside == len(related) else label.some_elsewhere}")
        parts.append(f'<p class="related">{label.also_read}: '
                     f'{esc(", ".join(named))}.{where}</p>')

    if article.sources:
        parts.append(f"<h3>{label.sources}</h3>")
        # An invisible one-cell table: the pdf side keeps a short table (and the heading
        # above it) on one page, so the list is not split with one source left over.
        parts.append('<table class="sources" width="100%" border="0" cellspacing="0" '
                     'cellpadding="0"><tr><td>'
                     + "".join(_source_html(source, label) for source in article.sources)
                     + "</td></tr></table>")

    return "\n".join(parts)


#: The padding of a contents entry's cells, in CSS pixels.
CONTENTS_CELL_PADDING = 4


def contents_html(
    articles: Sequence[Article],
    printed_on: datetime.date,
    page_labels: Sequence[str] | None,
    *,
    number_width: int | None = None,
    library: Library | None = None,
    continued_at: Collection[int] = (),
) -> str:
    """The cover list of a packet: each title with its summary (and page, when known), in
    the handout's language (``handout_wording``). Titles are as ``listed_title``, so two
    articles of one title in two languages are told apart.

    ``continued_at``: the entries (0 for the first) that start a page of their own, after
    the heading again with "(continued)" ("Your handouts (continued)"); pdf.py finds where
    the list goes on to another page.

    ``number_width``: the width of the column of numbers ("10."), in CSS pixels with the
    cells' padding, as wide as the widest number is printed (pdf.py measures it), so the
    titles line up; else 6% of the line. A number never wraps ("10" with its full stop
    under it).
    """
    esc = html.escape
    label = handout_wording(articles)
    number_column = str(number_width) if number_width else "6%"
    entries = []
    for index, article in enumerate(articles):
        if index in continued_at:
            entries.append(f'<p class="contents-title" style="page-break-before: always;">'
                           f"{esc(label.your_handouts_continued)}</p>")
        page = ""
        if page_labels is not None:
            # A fixed-width column: the contents must be as long whatever the numbers are,
            # since its length decides where the articles start (see pdf._lay_out).
            page = (f'<td width="14%" align="right" style="white-space: nowrap;">'
                    f'<b>{esc(page_labels[index])}</b></td>')
        # One small table per entry: QTextDocument would split a row of a long table
        # between pages (title here, summary there); the pdf side keeps a small table whole.
        entries.append(
            f'<table class="contents" width="100%" cellspacing="0" '
            f'cellpadding="{CONTENTS_CELL_PADDING}">'
            f'<tr><td width="{number_column}" style="white-space: nowrap;"><b>{index + 1}.</b></td>'
            f'<td><p class="contents-entry"><b>{esc(listed_title(article, library))}</b></p>'
            f'<p class="contents-summary">{esc(article.summary)}</p></td>{page}</tr></table>'
        )
    note = label.packet_note.format(count=len(articles), date=label.date(printed_on))
    return (
        f'<p class="contents-title">{label.your_handouts}</p>'
        f'<p class="contents-note">{note}</p>' + "".join(entries)
    )


def html_document(body: str, *, large_print: bool = False) -> str:
    """Wrap handout parts (``article_html``, ``contents_html``) in a styled HTML document."""
    style = stylesheet(PrintStyle.for_size(large_print))
    return (f'<html><head><meta charset="utf-8"><style>{style}</style></head>'
            f"<body>{body}</body></html>")


def _example(title: str, language: str = "en") -> Article:
    """A minimal article for the doctests above."""
    return Article(id="x", title=title, summary="", reviewed=datetime.date(2026, 1, 1),
                   body="", body_html="", language=language)

"""export/pdf.py: what a handout must show on any printer: a quote's bar, "Words to know
(continued)", a lead-in line kept with its picture, a readable disclaimer.

The PDF is read back with pypdf (text, where it is and its size) and drawn in greys with
pdftoppm (poppler), as a greyscale or laser printer would print it.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage, QPageSize

from healthreader.content.model import Article
from healthreader.export import pdf
from healthreader.export.pdf import render_pdf
from helpers import contrast

PRINTED = datetime.date(2026, 5, 6)
A4 = QPageSize(QPageSize.PageSizeId.A4)
DPI = 96  # pixels per inch of the drawn pages: one pixel is one layout pixel
WHITE = QColor("#ffffff")


def article(body_html: str, article_id: str = "marks", language: str = "en",
            glossary_terms: tuple[str, ...] = ()) -> Article:  # fmt: skip
    return Article(id=article_id, title="Marks", summary="What paper must show.",
                   reviewed=PRINTED, body="", body_html=body_html, language=language,
                   glossary_terms=glossary_terms)  # fmt: skip


def export(item: Article, glossary: dict[str, str] | None = None, **kwargs: object) -> bytes:
    kwargs.setdefault("page_size", A4)
    return render_pdf([item], None, glossary or {}, printed_on=PRINTED,
                      **kwargs)  # type: ignore[arg-type]


def drawn_pages(data: bytes, tmp_path: Path) -> list[QImage]:
    """Each page as a greyscale printer prints it, at ``DPI``."""
    source = tmp_path / "handout.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(DPI), str(source), str(tmp_path / "page")],
                   check=True, capture_output=True)  # fmt: skip
    pages = sorted(tmp_path.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))
    return [QImage(str(path)) for path in pages]


def placed_text(data: bytes) -> list[list[tuple[str, float, float, float]]]:
    """By page, each piece of text as drawn: (text, left, baseline from the top, size), the
    places in pixels at ``DPI`` and the size in points."""
    found_pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        found: list[tuple[str, float, float, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  found: list[tuple[str, float, float, float]] = found,
                  height: float = height) -> None:  # fmt: skip
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = height - (cm[1] * tm[4] + cm[3] * tm[5] + cm[5])
                found.append((" ".join(text.split()), x * DPI / 72, y * DPI / 72,
                              size * abs(tm[3]) * abs(cm[3])))

        page.extract_text(visitor_text=visit)
        found_pages.append(found)
    return found_pages


# --- 1. a quote has a solid bar, on every page it reaches -------------------------------------

QUOTE_WORDS = "call your doctor"


def quote_article() -> Article:
    """Nine paragraphs, then a quote of two paragraphs that starts on page 2 and ends on
    page 3, then a paragraph after it."""
    before = "".join(f"<p>Paragraph {i} " + "has words " * 40 + "</p>" for i in range(9))
    quote = ("<blockquote><p>Please call your doctor right away if "
             + "you have a fever and chills, " * 30 + "</p><p>And call your doctor "
             + "with more words " * 40 + "</p></blockquote>")
    return article(before + quote + "<p>After the quote.</p>")


def column_darkness(image: QImage, x: int, top: int, bottom: int) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(max(0, top), min(image.height(), bottom))]


def longest_dark_run(colours: list[QColor]) -> int:
    longest = run = 0
    for colour in colours:
        run = run + 1 if contrast(colour, WHITE) >= 4.5 else 0
        longest = max(longest, run)
    return longest


def test_a_quote_prints_a_solid_dark_bar_on_every_page_it_reaches(qapp: object, tmp_path: Path) -> None:
    """A quote ("call your doctor") had only a light tint, which a greyscale or laser
    printer leaves out: nothing set it apart from the text around it."""
    data = export(quote_article())
    images = drawn_pages(data, tmp_path)
    texts = placed_text(data)
    margin = pdf.MARGINS_MM.left() * DPI / 25.4
    quoted_pages = []
    for number, (image, found) in enumerate(zip(images, texts, strict=True)):
        # The quote's lines: indented from the margin (the body's are not).
        lines = [(x, y, size) for text, x, y, size in found if x > margin + 8 and y < image.height() - 80]
        if not lines:
            continue
        quoted_pages.append(number)
        text_left = min(x for x, _, _ in lines)
        top = min(y for _, y, _ in lines) - 12
        bottom = max(y for _, y, _ in lines)
        # Left of the quote's text, in the margin of its block: a bar from its first line on
        # the page to its last, dark enough to read as a bar on any printer.
        bar_x = round(text_left - 10)
        colours = column_darkness(image, bar_x, round(top), round(bottom))
        assert colours and all(contrast(colour, WHITE) >= 4.5 for colour in colours), number + 1
    # A mark of the quote alone: on page 1, with no quote, that column has only letters.
    bar_x = round(margin + 6)
    assert longest_dark_run(column_darkness(images[0], bar_x, 0, images[0].height())) < 30
    # The quote starts on page 2 and goes on to page 3: the bar is on both.
    assert quoted_pages == [1, 2]
    assert QUOTE_WORDS in " ".join(t for t, *_ in texts[1]).lower()
    assert "After the quote." in " ".join(t for t, *_ in texts[2])


def test_the_quote_bar_colour_reads_on_white_paper() -> None:
    assert contrast(QColor(pdf.QUOTE_BAR_COLOUR), WHITE) >= 4.5


# --- 2. "Words to know" says where it goes on ----------------------------------------------

TERMS = {f"term {k}": f"Term {k} is explained here in words that take up more than one line "
                      f"in the box, to the end of term {k}." for k in range(1, 41)}


def body_lines(data: bytes) -> list[list[str]]:
    """Each page's lines of text, less the running header and footer."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        # The header's line first; the footer's: the disclaimer (one or two lines), the
        # page number and the title.
        pages.append([line for line in lines[1:] if line and line != "Marks"
                      and not line.startswith(("Page ", "Página ", "For education only",
                                               "In an emergency", "Solo para", "En una emergencia"))])
    return pages


@pytest.mark.parametrize(("language", "title", "continued"), [
    ("en", "Words to know", "Words to know (continued)"),
    ("es", "Palabras que debe conocer", "Palabras que debe conocer (continuación)"),
])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_words_to_know_split_over_pages_says_it_is_continued(
    qapp: object, language: str, title: str, continued: str, large_print: bool
) -> None:
    """The box went on to the next page as a bare list of terms, with nothing to say what
    they were: each page it goes on to now starts with its title, "(continued)"."""
    before = "".join(f"<p>Paragraph {i} " + "has words " * 40 + "</p>" for i in range(4))
    data = export(article(before, language=language, glossary_terms=tuple(TERMS)), TERMS,
                  large_print=large_print)
    pages = body_lines(data)
    with_terms = [lines for lines in pages if any(line.startswith("term ") for line in lines)]
    assert len(with_terms) >= 3
    # The box's first part has its title; every other part starts with "(continued)",
    # and says so once.
    first = with_terms[0]
    assert title in first and continued not in first
    for lines in with_terms[1:]:
        assert lines[0] == continued, lines[:3]
        assert lines.count(continued) == 1
    # Every term once, in the box's order, and no term is split by a page.
    text = [" ".join(lines) for lines in pages]
    printed = [term for page in text for term in re.findall(r"term (\d+): Term \1 is explained", page)]
    assert printed == sorted(printed, key=lambda number: f"term {number}".casefold())
    assert len(printed) == 40
    for page in text:
        assert re.findall(r"Term (\d+) is", page) == re.findall(r"of term (\d+)\.", page)


def test_a_box_that_fits_on_its_page_says_nothing_of_continuing(qapp: object) -> None:
    terms = dict(list(TERMS.items())[:3])
    data = export(article("<p>A short page.</p>", glossary_terms=tuple(terms)), terms)
    pages = body_lines(data)
    assert len(pages) == 1
    assert "Words to know" in pages[0] and "Words to know (continued)" not in " ".join(pages[0])


BOX_GREY = QColor("#f2f2f2")  # handout.py's box background


def grey_below(image: QImage, x: int, top: int) -> int:
    """How many pixels of the box's grey the column ``x`` has below ``top`` (a letter's
    pixels are darker, the paper and the rules are not that grey)."""
    return sum(1 for y in range(top, image.height())
               if abs(image.pixelColor(x, y).lightness() - BOX_GREY.lightness()) <= 3)


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("size", ["Letter", "A4"])
def test_each_part_of_words_to_know_ends_under_its_last_term(
    qapp: object, tmp_path: Path, large_print: bool, size: str
) -> None:
    """The box's grey went on below the last term that fitted on a page, down to its foot:
    an empty band with no rule under it, as tall as the term moved to the next page. Each
    part now ends under its last term as the whole box does, and no page ends with only the
    box's title."""
    before = "".join(f"<p>Paragraph {i} " + "has words " * 40 + "</p>" for i in range(4))
    data = export(article(before, glossary_terms=tuple(TERMS)), TERMS, large_print=large_print,
                  page_size=QPageSize(getattr(QPageSize.PageSizeId, size)))
    images = drawn_pages(data, tmp_path)
    placed = placed_text(data)
    ends = []  # by page with terms: the baseline of its last term's last line
    for found in placed:
        baselines = [y for text, _, y, _ in found if re.search(r"of term \d+\.$", text)]
        ends.append(max(baselines) if baselines else None)
    with_terms = [number for number, end in enumerate(ends) if end is not None]
    assert len(with_terms) >= 3
    middle = images[0].width() // 2
    # The room the box leaves under its last term where it ends: the most any part may have.
    last = with_terms[-1]
    room = grey_below(images[last], middle, round(ends[last]) + 2)
    assert room > 0
    for number in with_terms[:-1]:
        assert grey_below(images[number], middle, round(ends[number]) + 2) <= room + 1, number + 1
    for lines in body_lines(data):
        assert lines[-1] not in ("Words to know", "Words to know (continued)"), lines[-3:]


def closing_rules(image: QImage) -> list[tuple[int, int, int]]:
    """Each dark rule across a table or the box on a page (a row of pixels as dark as the
    table's outer rules for most of the page's width, with the table's side rules just
    above it: not the header's rule nor the footer's): its row, its last pixel from the
    left, and the x of the table's right rule above it (the rightmost pixel as dark there:
    words are left of it)."""
    width = image.width()
    found = []
    for y in range(3, image.height()):
        dark = [x for x in range(width) if image.pixelColor(x, y).lightness() < 150]
        if len(dark) > width * 0.6 and max(dark) - min(dark) < len(dark) + 4:  # one line
            above = [x for x in range(width) if image.pixelColor(x, y - 3).lightness() < 150]
            if above and len(above) < width * 0.6:
                found.append((y, max(dark), max(above)))
    return found


MEDICINES = ("<table><thead><tr><th>Medicine</th><th>Dose</th><th>Notes</th></tr></thead><tbody>"
             + "".join(f"<tr><td>Medicine {i}</td><td>{i * 5} mg</td><td>Take it with food. "
                       "Do not stop suddenly; call us if you feel dizzy or faint, or if you "
                       f"are sick, end {i}</td></tr>" for i in range(1, 40))
             + "</tbody></table>")  # fmt: skip


@pytest.mark.parametrize("what", ["table", "words to know"])
@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_the_rule_closing_a_table_at_a_page_foot_stops_at_its_right_edge(
    qapp: object, tmp_path: Path, large_print: bool, what: str
) -> None:
    """Where a table (or the "Words to know" box) goes on to the next page, the rule drawn
    under its last row on the page ran a pixel or two past the table's right edge (the rule
    of a data table, to the page's edge). It now ends with the table's right rule. (At 150
    dpi: at 50 the pixel past the edge was a light grey, smoothed.)"""
    dpi = 150
    if what == "table":
        item, glossary = article(MEDICINES), {}
    else:
        before = "".join(f"<p>Paragraph {i} " + "has words " * 40 + "</p>" for i in range(4))
        item, glossary = article(before, glossary_terms=tuple(TERMS)), TERMS
    data = export(item, glossary, large_print=large_print)
    source = tmp_path / "handout.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(dpi), str(source), str(tmp_path / "page")],
                   check=True, capture_output=True)  # fmt: skip
    images = [QImage(str(path)) for path in
              sorted(tmp_path.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))]
    rules = [(number, rule) for number, image in enumerate(images, start=1)
             for rule in closing_rules(image)]  # fmt: skip
    assert len(rules) >= 2, rules
    for number, (y, right, edge) in rules:
        assert right <= edge, f"page {number}: the rule at y {y} goes on to x {right}, past {edge}"


# --- 3. a lead-in line is kept with the picture, table or list it introduces ----------------

LEAD_IN = "Put the ice pack on the knee like this:"
INTRODUCED = {
    "picture": "![How to hold the ice pack](ice.png)\n",
    "table": "| Day | Ice |\n|---|---|\n" + "".join(f"| Day {d} | Ice pack {d} |\n" for d in range(1, 6)),
    "list": "".join(f"- Step {s}: hold it there for ten minutes, then take it off and let the "
                    f"skin rest before you go on to step {s + 1}.\n" for s in range(1, 5)),
}


def lead_in_article(folder: Path, what: str, filler: int, lead: str = LEAD_IN) -> Article:
    from healthreader.content.loader import parse_article
    from helpers import write_article

    image = QImage(600, 420, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(folder / "ice.png"))
    body = ("## Ice\n\n" + "".join(f"Line {n} of the page before.\n\n" for n in range(filler))
            + f"{lead}\n\n{INTRODUCED[what]}\nAfter it.\n")
    item, _ = parse_article(write_article(folder, "marks", title="Marks", body=body), {})
    assert item is not None
    return item


def where_introduced(data: bytes, what: str) -> tuple[int, int]:
    """(page of the lead-in, page where what it introduces starts), counted from 0."""
    reader = PdfReader(io.BytesIO(data))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    lead = next(number for number, text in enumerate(texts) if LEAD_IN in text)
    if what == "picture":
        start = next(number for number, page in enumerate(reader.pages) if page.images)
    else:
        marker = {"table": "Day 1", "list": "Step 1:"}[what]
        start = next(number for number, text in enumerate(texts) if marker in text)
    return lead, start


@pytest.mark.parametrize("what", ["picture", "table", "list"])
def test_a_lead_in_line_is_never_left_at_the_foot_of_the_page_before(
    qapp: object, tmp_path: Path, what: str
) -> None:
    """A picture too tall for what was left of a page moved to the next, and left the line
    that introduces it ("…like this:") alone at the foot of the page before; so did a table
    and a list. Whatever the room left, the lead-in now goes with them."""
    moved = 0
    for filler in range(18, 28):
        folder = tmp_path / f"{what}-{filler}"
        folder.mkdir()
        data = export(lead_in_article(folder, what, filler))
        lead, start = where_introduced(data, what)
        assert lead == start, (filler, lead, start)
        first_line = body_lines(data)[lead][0]
        moved += first_line == LEAD_IN
    # Some of these put the lead-in at the top of a page: it moved with what it introduces.
    assert moved > 0


# --- 4. the disclaimer is readable -----------------------------------------------------------


@pytest.mark.parametrize("size", ["Letter", "A4"])
@pytest.mark.parametrize(("large_print", "least_pt"), [(False, 9.0), (True, 12.0)], ids=["normal", "large"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_disclaimer_is_at_least_9_pt_and_clear_of_the_text(
    qapp: object, size: str, large_print: bool, least_pt: float, language: str
) -> None:
    """The footer's disclaimer shrank to about 7.5 pt to fit one line: too small for many
    of the people a handout is for. It is 9 pt now (12 pt in large print), on two lines
    where it needs them, and pages full of text end above it."""
    from healthreader.content.wording import wording_for

    line = wording_for(language).disclaimer_line
    paragraphs = "".join(f"<p>Paragraph {i} " + "has words " * (20 + 7 * (i % 5)) + "</p>" for i in range(40))
    data = export(article(paragraphs, language=language), large_print=large_print,
                  page_size=QPageSize(getattr(QPageSize.PageSizeId, size)))
    pages = placed_text(data)
    assert len(pages) > 2
    for number, found in enumerate(pages, start=1):
        disclaimer = [(text, y, points) for text, _, y, points in found
                      if y > 600 and text in line]  # fmt: skip
        # All of it is printed, whole, at the size a reader can read.
        assert " ".join(text for text, _, _ in disclaimer) == line, number
        assert min(points for _, _, points in disclaimer) >= least_pt - 0.01, number
        # The body's lowest line ends (descenders and all) above the disclaimer's first.
        top = min(y - points * DPI / 72 for _, y, points in disclaimer)
        body = [(y, points) for text, _, y, points in found if text.startswith(("Paragraph", "has words"))
                or text.endswith("has words")]
        lowest = max(y + 0.3 * points * DPI / 72 for y, points in body)
        assert lowest < top, (number, lowest, top)


PICTURE_LEAD = "This picture shows how to hold the ice pack on the knee."


def test_a_short_paragraph_above_a_picture_is_kept_with_it_without_a_colon(qapp: object, tmp_path: Path) -> None:
    """ "This picture shows the parts of the knee." (a full stop, not ":") stayed alone at a
    page's foot with the picture on the next page. A paragraph of up to three lines right
    above a picture now goes with it, whatever it ends with."""
    moved = 0
    for filler in range(18, 28):
        folder = tmp_path / f"dot-{filler}"
        folder.mkdir()
        item = lead_in_article(folder, "picture", filler, PICTURE_LEAD)
        reader = PdfReader(io.BytesIO(data := export(item)))
        texts = [" ".join(page.extract_text().split()) for page in reader.pages]
        lead = next(number for number, text in enumerate(texts) if PICTURE_LEAD in text)
        start = next(number for number, page in enumerate(reader.pages) if len(page.images))
        assert lead == start, (filler, lead, start)
        moved += body_lines(data)[lead][0] == PICTURE_LEAD
    assert moved > 0

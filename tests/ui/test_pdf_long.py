"""export/pdf.py: very long handouts, as printed: a 250 KB article of some 100 pages, and a
table of 80 rows too wide for the page. Read back with pypdf: each page's text.
(benchmarks/export.py times a 900 KB article and a 200-row table; here the sizes are
smaller, to keep the suite quick, but long enough for every page-break case.)

The pagination pass (_paginate) reads a layout that Qt makes only as far as the pass has got,
and works out each table's place from the blocks around it; these tests check what comes out
of it on paper, never how long it takes (benchmarks/export.py prints that).
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage, QPageSize

from healthreader.content.model import Article
from healthreader.export import pdf
from healthreader.export.pdf import render_pdf
from helpers import LAST_PARAGRAPH, SENTENCES, long_article_html, wide_table_html

PRINTED = datetime.date(2026, 5, 6)


def article(article_id: str, body_html: str) -> Article:
    return Article(id=article_id, title=article_id.capitalize(), summary="A summary.",
                   reviewed=datetime.date(2026, 1, 1), body="", body_html=body_html)


def huge_article(size: int = 250_000) -> Article:
    return article("huge", long_article_html(size))


ROWS = 80


def big_table(rows: int = ROWS, columns: int = 12) -> Article:
    return article("table", wide_table_html(rows, columns))


def pages_of(data: bytes) -> list[str]:
    """Each page's text, its runs of white space made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def export(item: Article, large_print: bool = False) -> list[str]:
    return pages_of(render_pdf([item], None, {}, large_print=large_print, printed_on=PRINTED,
                               page_size=QPageSize(QPageSize.PageSizeId.Letter)))


@pytest.fixture(scope="module")
def huge_pages(qapp: object) -> list[str]:
    return export(huge_article())


def test_a_huge_article_prints_every_part_once_in_order_and_ends_on_its_last_page(
    huge_pages: list[str],
) -> None:
    pages = huge_pages
    # Some 100 pages of body text: as many as the text needs, no blank or lost ones.
    assert 90 <= len(pages) <= 125
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    assert LAST_PARAGRAPH in pages[-1]
    assert all(LAST_PARAGRAPH not in text for text in pages[:-1])
    text = " ".join(pages)
    # Each heading once: one moved to the next page is not also in the PDF (clipped away)
    # at the foot of the page before.
    headings = [int(found) for found in re.findall(r"Part (\d+)", text)]
    assert headings == list(range(1, headings[-1] + 1))
    assert len(re.findall(r"Table \d+ Note", text)) == headings[-1] // 40


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_a_table_of_80_rows_and_12_columns_prints_every_row_exactly_once(
    qapp: object, large_print: bool
) -> None:
    pages = export(big_table(), large_print)
    text = " ".join(pages)

    # Too wide for the page even in small type: row by row, each cell beside its heading.
    assert "Heading 1 R1C1 value Heading 2 R1C2 value" in text
    # A row's first cell heads its small table, which Qt repeats atop the next page when
    # the row is split; every other cell is printed once.
    for row in range(1, ROWS + 1):
        for column in range(2, 13):
            assert len(re.findall(rf"\bR{row}C{column} value", text)) == 1, (row, column)
    firsts = [int(found) for found in dict.fromkeys(re.findall(r"\bR(\d+)C1 value", text))]
    assert firsts == list(range(1, ROWS + 1))
    assert text.index("Before the table.") < text.index("R1C1 value")
    assert text.index(f"R{ROWS}C12 value") < text.index("After the table.")


def test_if_a_worked_out_table_place_were_wrong_the_pass_is_made_again_asking_qt(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net of _paginate: a table's place worked out in the pass that Qt does not
    confirm afterwards sends the pass round again the slow way, with the same pages as a
    right one."""
    body = "".join(
        f"<h2>Part {n}</h2><p>{' '.join(SENTENCES[: 1 + n % 7])}</p>"
        f"<table><tr><th>Thing {n}</th><th>Note</th></tr>"
        + "".join(f"<tr><td>Row {k}</td><td>{SENTENCES[k]}</td></tr>" for k in range(1 + n % 3))
        + "</table>" for n in range(1, 60))
    item = article("tables", body)
    right = export(item, large_print=True)

    calls: dict[int, int] = {}
    real_marks = pdf._table_marks
    real_pass = pdf._keep_together
    passes = []

    def shifted_in_the_pass(doc: object, table: object) -> tuple[float, float] | None:
        marks = real_marks(doc, table)  # type: ignore[arg-type]
        key = table.firstPosition()  # type: ignore[attr-defined]
        calls[key] = calls.get(key, 0) + 1
        if marks is None or calls[key] == 1:  # the first: the check on the whole layout
            return marks
        return marks[0], marks[1] + 3.0

    def counted(*args: object) -> object:
        passes.append(args)
        return real_pass(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "_table_marks", shifted_in_the_pass)
    monkeypatch.setattr(pdf, "_keep_together", counted)
    wrong_then_redone = export(item, large_print=True)

    assert len(passes) == 2, "the wrong places were not caught"
    assert wrong_then_redone == right


def medicine_tables(count: int) -> Article:
    """``count`` medicine tables of 3 to 20 rows, each under a heading and a paragraph: some
    start near a page's foot (the pass asks Qt for their place, which lays all of the
    document out), some are split, and rows of those move whole to the next page."""
    def table(n: int, rows: int) -> str:
        body = "".join(f"<tr><td>Medicine {n}.{i}</td><td>{i * 5} mg</td><td>Morning</td>"
                       f"<td>{' '.join(SENTENCES[: 1 + (n + i) % 4])}</td></tr>"
                       for i in range(1, rows + 1))  # fmt: skip
        return ("<table><thead><tr><th>Medicine</th><th>Dose</th><th>When</th><th>Notes</th>"
                f"</tr></thead><tbody>{body}</tbody></table>")
    return article("medicines", "".join(
        f"<h2>Part {n}</h2><p>{' '.join(SENTENCES[: 1 + n % 5])}</p>{table(n, 2 + n * 7 % 19)}"
        for n in range(1, count + 1)))


def drawn(data: bytes, folder: Path) -> list[QImage]:
    """Each page as printed at 50 dpi, by poppler."""
    folder.mkdir()
    (folder / "handout.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(folder / "handout.pdf"), str(folder / "page")],
                   check=True, capture_output=True)  # fmt: skip
    return [QImage(str(path)) for path in
            sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))]


@pytest.mark.parametrize("large_print", [False, True], ids=["normal", "large"])
def test_rows_read_from_a_whole_layout_move_as_when_read_from_the_top_again(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large_print: bool
) -> None:
    """The pass reads a split table's rows from the layout as it is, even when Qt laid all of
    the document out to place a table above it, and lays it out again from the top only
    before it moves a row. Read the simple way (laid out again from the top first, as before),
    the rows moved and the pages printed are the same."""
    item = medicine_tables(12)
    data = render_pdf([item], None, {}, large_print=large_print, printed_on=PRINTED,
                      page_size=QPageSize(QPageSize.PageSizeId.Letter))  # fmt: skip
    real_keep_rows = pdf._keep_rows

    def from_the_top(doc: Any, table: Any, before_break: Callable[[], None]) -> Any:
        before_break()  # lays the document out again from the top, as it is read
        return real_keep_rows(doc, table, before_break)

    monkeypatch.setattr(pdf, "_keep_rows", from_the_top)
    simple = render_pdf([item], None, {}, large_print=large_print, printed_on=PRINTED,
                        page_size=QPageSize(QPageSize.PageSizeId.Letter))  # fmt: skip

    assert pages_of(data) == pages_of(simple)
    assert any(text.count("Medicine Dose When Notes") for text in pages_of(data)[1:])
    images, simple_images = drawn(data, tmp_path / "new"), drawn(simple, tmp_path / "simple")
    assert len(images) == len(simple_images)
    for number, (image, simple_image) in enumerate(zip(images, simple_images, strict=True), 1):
        assert image == simple_image, f"page {number} is drawn differently"


def test_the_pass_lays_the_document_out_again_from_the_top_only_to_set_a_break(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading is not a reason to lay the document out again: a table printed row by row (200
    small tables, most of them split, none with a row to move) took 6.6 s instead of 2.7 s
    when each split one laid all the document out again from the top to read its rows, and
    the next table placed by Qt laid it all out again to the end. The count is of layouts,
    not of time."""
    resets: list[int] = []
    passes: list[int] = []
    real_set = pdf._HandoutDocument.setPageSize
    real_pass = pdf._keep_together

    def counted_reset(doc: Any, size: Any) -> None:
        resets.append(len(passes))
        real_set(doc, size)

    def counted_pass(*args: Any) -> Any:
        passes.append(0)
        moves, breaks, worked_out = real_pass(*args)
        passes[-1] = moves
        return moves, breaks, worked_out

    monkeypatch.setattr(pdf._HandoutDocument, "setPageSize", counted_reset)
    monkeypatch.setattr(pdf, "_keep_together", counted_pass)
    pages = export(big_table(20), large_print=True)

    assert "R20C12 value" in " ".join(pages)
    assert passes == [0], "this table needs no break: the test reads nothing then"
    # One reset before the pass (it reads the layout lazily from the top), none in it.
    assert resets.count(1) == 0, resets

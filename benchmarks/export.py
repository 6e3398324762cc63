"""PDF handout speed, in this process: one ~1,400-word article, a 20-article packet, a huge
article (~900 KB, some 360 pages), a table of 200 rows and 12 columns, and long tables of 4
columns (200 and 400 rows) that fit the page's width.

Prints the median and max of several runs for ``render_pdf`` (layout + paint + PDF bytes in
memory), the atomic ``write_pdf`` to a temporary folder, pages and sizes. The target is a
one-article PDF in 100 ms or less. Run it on two branches to compare them.

The long 4-column tables are measured against Qt's own printing of the same HTML (a plain
QTextDocument printed to a QPdfWriter, in the same run): the ratio says what the handout's
page breaks (rows kept whole, headings kept with their text) cost over Qt alone, and whether
that cost grows with the table faster than the table does.

    python benchmarks/export.py              # 15 runs of one article, 5 of the packet, 3 of
                                             # the huge article and of the big table
    python benchmarks/export.py --runs 30

Figures only; nothing here is asserted (tests never time anything).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import io
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

from healthreader.content.model import Article, Library, Source
from healthreader.export.handout import article_html, html_document
from healthreader.export.pdf import (
    ensure_gui_application,
    handout_page_layout,
    render_pdf,
    write_pdf,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import helpers  # the long documents, made as for tests/ui/test_pdf_long.py

GLOSSARY = {
    "lymphocyte": "A kind of white blood cell that fights germs.",
    "spleen": "An organ on the upper left side of the belly that filters the blood.",
    "biopsy": "Taking a small piece of tissue to look at under a microscope.",
    "chronic": "Lasting a long time or coming back again and again.",
}

# One more than the long-handout tests' sentences, for the ~1,400-word article.
SENTENCES = (*helpers.SENTENCES, "Family members may want to learn the warning signs too.")


def article(number: int) -> Article:
    """A ~1,400-word article with headings, lists, a table, links and glossary marks."""
    parts = [
        "<h2>What is it?</h2><p>This condition affects the immune system. It involves a "
        '<a class="glossary" href="glossary:lymphocyte" title="A white blood cell.">'
        "lymphocyte</a> and sometimes the "
        '<a class="glossary" href="glossary:spleen" title="An organ.">spleen</a>. It is often '
        '<a class="glossary" href="glossary:chronic" title="Long-lasting.">chronic</a>.</p>',
    ]
    for section in range(1, 8):
        parts.append(f"<h2>Section {section} of article {number}</h2>")
        for paragraph in range(3):
            text = " ".join(SENTENCES[(section + paragraph + k) % len(SENTENCES)]
                            for k in range(3))
            parts.append(f"<p>{text}</p>")
        parts.append("<ul>" + "".join(
            f"<li><strong>Point {k}.</strong> {SENTENCES[k % len(SENTENCES)]} See "
            '<a href="article:hives">hives</a>.</li>' for k in range(1, 5)) + "</ul>")
    parts.append("<h2>Blood counts</h2><table><thead><tr><th>Count</th><th>What it shows</th>"
                 "</tr></thead><tbody>" + "".join(
                     f"<tr><td>Count {k}</td><td>{SENTENCES[k]}</td></tr>" for k in range(4))
                 + "</tbody></table>")
    parts.append('<p>A <a class="glossary" href="glossary:biopsy" title="A sample.">biopsy</a> '
                 "may be needed.</p>")
    return Article(
        id=f"condition-{number}", title=f"Example condition number {number}",
        summary="A long-lasting condition of the immune system that can be treated.",
        reviewed=datetime.date(2026, 1, 1), body="", body_html="".join(parts),
        also_called=("EC", "example syndrome"), related=("hives",),
        sources=(Source("National Institutes of Health", "Example condition",
                        datetime.date(2024, 5, 1), "https://www.nih.gov/example"),
                 Source("MedlinePlus", "Example condition", datetime.date(2023, 2, 1))),
        glossary_terms=("lymphocyte", "spleen", "chronic", "biopsy"),
    )


def huge_article(size: int = 900_000) -> Article:
    """A ~900 KB article of headings and paragraphs of many lengths, with no table: some 360
    pages, and a page break of _paginate's (a heading moved with its text, a lone line) every
    few pages. (tests/helpers.py makes it, for tests/ui/test_pdf_long.py too.)"""
    return Article(id="huge", title="A huge article", summary="Very long.",
                   reviewed=datetime.date(2026, 1, 1), body="",
                   body_html=helpers.long_article_html(size, table_every=0))


def big_table(rows: int = 200, columns: int = 12) -> Article:
    """A table too wide for the page even in small type: printed row by row."""
    return Article(id="table", title="A big table", summary="Many rows and columns.",
                   reviewed=datetime.date(2026, 1, 1), body="",
                   body_html=helpers.wide_table_html(rows, columns))


def long_table(rows: int) -> Article:
    """A medicine schedule of 4 columns that fits the page's width (printed as a table, not
    row by row), its notes one to four sentences: rows of one to three lines, so that Qt
    splits one at the foot of most pages and the handout moves it whole to the next."""
    body = "".join(f"<tr><td>Medicine {i}</td><td>{i * 5} mg</td><td>Morning</td>"
                   f"<td>{' '.join(SENTENCES[:1 + i % 4])}</td></tr>" for i in range(1, rows + 1))
    return Article(id="schedule", title="A long schedule", summary="Many rows, four columns.",
                   reviewed=datetime.date(2026, 1, 1), body="",
                   body_html="<p>Before the table.</p><table><thead><tr><th>Medicine</th>"
                             "<th>Dose</th><th>When</th><th>Notes</th></tr></thead>"
                             f"<tbody>{body}</tbody></table><p>After the table.</p>")


def plain_qt_print(item: Article, large_print: bool = False) -> bytes:
    """The article's handout HTML printed by Qt alone (QTextDocument.print_), no page-break
    rules of ours: what a table costs Qt itself."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(handout_page_layout(QPageSize(QPageSize.PageSizeId.Letter)))
    doc = QTextDocument()
    doc.setHtml(html_document(article_html(item, None, {}, datetime.date(2026, 1, 1)),
                              large_print=large_print))
    doc.print_(writer)
    return bytes(buffer.data().data())


def words(item: Article) -> int:
    return len(re.sub(r"<[^>]+>", " ", item.body_html).split()) + len(item.summary.split())


def timed(runs: int, work: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(times):7.1f} ms   "
          f"max {max(times):7.1f} ms   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    app = ensure_gui_application()
    articles = [article(n) for n in range(1, 21)]
    hives = Article(id="hives", title="Hives", summary="Itchy welts.",
                    reviewed=datetime.date(2026, 1, 1), body="", body_html="<p>Welts.</p>")
    library = Library.from_articles([*articles, hives])
    one = [articles[0]]

    render_pdf(one, library, GLOSSARY)  # warm-up: fonts, plugins, first layout
    print(f"one article: {words(one[0]):,} words")
    data = render_pdf(one, library, GLOSSARY, clinic="Riverside Family Clinic")
    print(f"  {len(PdfReader(io.BytesIO(data)).pages)} pages, {len(data) / 1024:.0f} KiB")
    report("render_pdf, one article", timed(runs, lambda: render_pdf(
        one, library, GLOSSARY, clinic="Riverside Family Clinic")))
    report("render_pdf, one article, large print", timed(runs, lambda: render_pdf(
        one, library, GLOSSARY, large_print=True)))
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "handout.pdf"
        report("write_pdf (QSaveFile commit), one article",
               timed(runs, lambda: write_pdf(data, target)))

    packet = render_pdf(articles, library, GLOSSARY)
    print(f"20-article packet: {sum(words(a) for a in articles):,} words, "
          f"{len(PdfReader(io.BytesIO(packet)).pages)} pages, {len(packet) / 1024:.0f} KiB")
    report("render_pdf, 20-article packet", timed(max(3, runs // 3), lambda: render_pdf(
        articles, library, GLOSSARY, clinic="Riverside Family Clinic")))

    few = max(3, runs // 5)
    for item, label in ((huge_article(), "huge article"), (big_table(), "200-row, 12-column table")):
        data = render_pdf([item], None, {})
        print(f"{label}: {len(item.body_html) / 1000:,.0f} KB of HTML, "
              f"{len(PdfReader(io.BytesIO(data)).pages)} pages, {len(data) / 1024:.0f} KiB")
        report(f"render_pdf, {label}", timed(few, lambda item=item: render_pdf([item], None, {})))
        report(f"render_pdf, {label}, large print", timed(few, lambda item=item: render_pdf(
            [item], None, {}, large_print=True)))

    # Long tables that fit the width: each row moved whole to the next page lays the table
    # out again, so this is where the time could grow faster than the table.
    per_row: dict[tuple[int, bool], float] = {}
    for rows in (200, 400):
        item = long_table(rows)
        data = render_pdf([item], None, {}, page_size=QPageSize(QPageSize.PageSizeId.Letter))
        print(f"{rows}-row, 4-column table: {len(PdfReader(io.BytesIO(data)).pages)} pages, "
              f"{len(data) / 1024:.0f} KiB")
        for large in (False, True):
            kind = ", large print" if large else ""
            ours = timed(few, lambda item=item, large=large: render_pdf(
                [item], None, {}, large_print=large,
                page_size=QPageSize(QPageSize.PageSizeId.Letter)))
            qt = timed(few, lambda item=item, large=large: plain_qt_print(item, large))
            report(f"render_pdf, {rows}-row 4-col table{kind}", ours)
            report(f"  Qt's own print of it{kind}", qt)
            per_row[rows, large] = statistics.median(ours) / rows
            print(f"  {statistics.median(ours) / statistics.median(qt):.1f} times Qt's own; "
                  f"{per_row[rows, large]:.2f} ms a row")
    for large in (False, True):
        print(f"time a row, 400 rows / 200 rows{', large print' if large else ''}: "
              f"{per_row[400, large] / per_row[200, large]:.2f} (1.0: in proportion to the rows)")
    del app


if __name__ == "__main__":
    main()

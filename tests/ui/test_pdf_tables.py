"""export/pdf.py: tables in a handout, as printed: every cell on the page, words kept whole.

Articles are written as Markdown and go through the renderer, as an editor's would. The PDF
is read back with pypdf: its text, and where each piece of text is on the page.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPageSize

from healthreader.content.loader import parse_article
from healthreader.content.model import Article
from healthreader.export import pdf
from healthreader.export.pdf import render_pdf
from helpers import write_article

PRINTED = datetime.date(2026, 5, 6)
PAPERS = {"Letter": 612.0, "A4": 595.28}  # page widths in points
MARGIN = pdf.MARGINS_MM.left() * 72 / 25.4

SCHEDULE = """## Your medicines

| Medicine | Dose | Morning | Noon | Evening | Bedtime | With food? | Notes |
|---|---|---|---|---|---|---|---|
| Hydroxychloroquine | 200 mg | 1 tablet | — | 1 tablet | — | Yes | Eye check every year |
| Prednisolone | 5 mg | 2 tablets | — | — | — | Yes, with breakfast | Do not stop suddenly |
| Methotrexate | 15 mg | — | — | — | — | Once a week | Take folic acid on another day |
| Omeprazole | 20 mg | 1 capsule | — | — | — | Before food | Protects the stomach |

Bring this list to every visit.
"""

# A month's symptom diary: 32 columns, more than even one letter a line can fit on paper.
DIARY = (
    "## Symptom diary\n\n"
    "| Symptom | " + " | ".join(str(day) for day in range(1, 32)) + " |\n"
    "|---|" + "---|" * 31 + "\n"
    "| Headache | " + " | ".join("x" if day % 3 else "-" for day in range(1, 31)) + " | LAST |\n"
    "\nBring the diary to your next visit.\n"
)


@dataclass(frozen=True)
class Run:
    """A piece of text as printed: where it starts and ends across the page, in points."""

    text: str
    left: float
    right: float
    size: float  # in points


def printed_runs(data: bytes) -> list[list[Run]]:
    """Each page's pieces of text. The PDF gives where each starts; its width is measured
    with the handout's own font (pdf.py lays out at 96 dpi, so with the same rounding)."""
    device = pdf._layout_device()
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[Run] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  runs: list[Run] = runs) -> None:
            # Qt's PDF maps the space to a tab (pypdf reads it so); a tab would measure wide.
            text = " ".join(text.split())
            if not text or not isinstance(font, dict):
                return
            left = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            points = size * cm[0] * tm[0]
            qfont = pdf._font(points, bold="Bold" in str(font.get("/BaseFont", "")))
            width = QFontMetricsF(qfont, device).horizontalAdvance(text) * 72 / pdf.LAYOUT_DPI
            runs.append(Run(text, left, left + width, points))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def page_text(runs: list[Run]) -> str:
    return " ".join(" ".join(run.text for run in runs).split())


def export(article: Article, paper: str, large_print: bool) -> bytes:
    return render_pdf([article], None, {}, large_print=large_print, printed_on=PRINTED,
                      page_size=QPageSize(getattr(QPageSize.PageSizeId, paper)))


def article_from(folder: Path, body: str) -> Article:
    article, problems = parse_article(write_article(folder, "tables", title="Tables", body=body), {})
    assert not problems
    return article


def assert_on_the_page(pages: list[list[Run]], paper: str) -> None:
    """Every piece of text lies between the left and right margins (a couple of points'
    leeway for the width measured here)."""
    right = PAPERS[paper] - MARGIN
    outside = [run for runs in pages for run in runs
               if run.left < MARGIN - 2 or run.right > right + 2]
    assert outside == [], outside[:5]


PRINTS = [pytest.param(paper, large, id=f"{paper}-{'large' if large else 'normal'}")
          for paper in PAPERS for large in (False, True)]


@pytest.mark.parametrize(("paper", "large_print"), PRINTS)
def test_a_table_with_more_columns_than_the_page_holds_is_printed_whole(
    qapp: object, tmp_path: Path, paper: str, large_print: bool
) -> None:
    pages = printed_runs(export(article_from(tmp_path, DIARY), paper, large_print))

    assert_on_the_page(pages, paper)
    text = " ".join(page_text(runs) for runs in pages)
    # Row by row, each cell beside its column's heading, down to the last.
    assert "Symptom Headache 1 x 2 x 3 - 4 x" in text
    assert "30 - 31 LAST" in text
    assert text.index("31 LAST") < text.index("Bring the diary to your next visit.")


@pytest.mark.parametrize(("paper", "large_print"), PRINTS)
def test_a_picture_in_a_table_leaves_room_for_the_columns_beside_it(
    qapp: object, tmp_path: Path, paper: str, large_print: bool
) -> None:
    image = QImage(900, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#cfe3f7"))
    tmp_path.mkdir(exist_ok=True)
    assert image.save(str(tmp_path / "hives.png"))
    body = ("## Rashes\n\n| Rash | What it looks like | Notes |\n|---|---|---|\n"
            "| Hives | ![Hives on an arm](hives.png) | Itchy welts that come and go |\n")

    pages = printed_runs(export(article_from(tmp_path, body), paper, large_print))

    assert_on_the_page(pages, paper)
    assert "Rash What it looks like Notes Hives Itchy welts that come and go" in page_text(pages[0])


@pytest.mark.parametrize("paper", PAPERS)
def test_a_medicine_schedule_keeps_its_columns_and_its_words_whole(
    qapp: object, tmp_path: Path, paper: str
) -> None:
    pages = printed_runs(export(article_from(tmp_path, SCHEDULE), paper, large_print=False))

    assert_on_the_page(pages, paper)
    [runs] = pages
    text = page_text(runs)
    assert "Medicine Dose Morning Noon Evening Bedtime With food? Notes" in text
    for row in ("Hydroxychloroquine 200 mg 1 tablet — 1 tablet — Yes Eye check every year",
                "Prednisolone 5 mg 2 tablets — — — Yes, with breakfast Do not stop suddenly",
                "Methotrexate 15 mg — — — — Once a week Take folic acid on another day",
                "Omeprazole 20 mg 1 capsule — — — Before food Protects the stomach"):
        assert row in text
    # Smaller type keeps the words whole, but no smaller than the sources are printed.
    [drug] = [run for run in runs if run.text == "Hydroxychloroquine"]
    [after] = [run for run in runs if run.text.startswith("Bring this list")]
    [source] = [run for run in runs if run.text.startswith("Test Institute")]
    assert source.size <= drug.size < after.size


@pytest.mark.parametrize("paper", PAPERS)
def test_in_large_print_a_schedule_too_wide_for_its_type_is_printed_row_by_row(
    qapp: object, tmp_path: Path, paper: str
) -> None:
    pages = printed_runs(export(article_from(tmp_path, SCHEDULE), paper, large_print=True))

    assert_on_the_page(pages, paper)
    text = " ".join(page_text(runs) for runs in pages)
    text = re.sub(r" Health Reader Tables .*? Page \d+ of \d+", "", text)  # page breaks
    for row in ("Medicine Hydroxychloroquine Dose 200 mg Morning 1 tablet Noon — Evening "
                "1 tablet Bedtime — With food? Yes Notes Eye check every year",
                "Medicine Omeprazole Dose 20 mg Morning 1 capsule Noon — Evening — Bedtime — "
                "With food? Before food Notes Protects the stomach"):
        assert row in text
    # At the size the reader asked for.
    [drug] = [run for runs in pages for run in runs if run.text == "Hydroxychloroquine"]
    assert drug.size == pytest.approx(16, abs=0.3)


@pytest.mark.parametrize("paper, large_print", PRINTS)
def test_an_indented_paragraph_is_printed_whole_within_the_margins(
    qapp: object, tmp_path: Path, paper: str, large_print: bool
) -> None:
    """Four spaces before a paragraph make it code, printed as typed. It wraps at the
    margin like any text; it ran off the right edge of the paper, its end lost."""
    words = ("Take one tablet every morning with food and a full glass of water, and tell your "
             "care team about any new rash, fever or pain in your joints.")  # fmt: skip
    path = write_article(tmp_path, "tables", title="Tables", body=f"## What to do\n\n    {words}\n")
    article, problems = parse_article(path, {})
    indented = path.read_text("utf-8").splitlines().index(f"    {words}") + 1
    assert [(p.line, p.severity) for p in problems] == [(indented, "warning")]  # see test_validate

    pages = printed_runs(export(article, paper, large_print))

    assert_on_the_page(pages, paper)  # measured in the body's font, narrower than the code's
    assert words in page_text(pages[0])


@pytest.mark.parametrize(("paper", "large_print"), PRINTS)
def test_a_fenced_block_is_printed_with_its_lines_kept(
    qapp: object, tmp_path: Path, paper: str, large_print: bool
) -> None:
    """A dosing table pasted between ``` fences was printed as one run-together line."""
    body = ("## Doses\n\nTake:\n\n```\nDose    Morning   Evening\n5 mg    1         -\n"
            "10 mg   2         1\n```\n\nBring this list.\n")  # fmt: skip

    data = export(article_from(tmp_path, body), paper, large_print)

    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    at = lines.index("Dose Morning Evening")
    assert lines[at - 1 : at + 4] == ["Take:", "Dose Morning Evening", "5 mg 1 -", "10 mg 2 1", "Bring this list."]
    assert_on_the_page(printed_runs(data), paper)


def medicine_table(filler: int) -> str:
    """A medicine schedule long enough for several pages, ``filler`` lines below its heading."""
    rows = "".join(f"| Medicine number {i} | {i * 5} mg | Morning and evening | Note {i}: take "
                   f"with food. Do not stop suddenly; call us if you feel dizzy or faint, end {i} |\n"
                   for i in range(1, 40))  # fmt: skip
    lines = "".join("A line of text before the table.\n\n" for _ in range(filler))
    return f"## Schedule\n\n{lines}| Medicine | Dose | When | Notes |\n|---|---|---|---|\n{rows}"


@pytest.mark.parametrize("filler", [0, 3, 7])
@pytest.mark.parametrize(("paper", "large_print"), PRINTS)
def test_a_table_row_is_never_split_across_two_pages(
    qapp: object, tmp_path: Path, paper: str, large_print: bool, filler: int
) -> None:
    data = export(article_from(tmp_path, medicine_table(filler)), paper, large_print)

    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) > 2
    for i in range(1, 40):
        parts = [rf"Medicine number {i}\b", rf"Note {i}: take with food\.", rf"faint, end {i}\b"]
        on = [[number for number, text in enumerate(pages, 1) if re.search(part, text)] for part in parts]
        # The medicine's name, its note's first words and its note's last, on one page.
        assert on[0] == on[1] == on[2] and len(on[0]) == 1, (i, on)
    # The heading row is printed again at the top of each page the table goes on to.
    assert all(text.count("Medicine Dose When Notes") == 1 for text in pages if "Medicine number" in text)


HEADING_GREY = QColor("#e6e6e6")  # handout.py's th background


def drawn_pages(data: bytes, folder: Path) -> list[QImage]:
    """Each page as printed at 96 dpi (one pixel is one layout pixel), by poppler."""
    source = folder / "handout.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "96", str(source), str(folder / "page")],
                   check=True, capture_output=True)  # fmt: skip
    pages = sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))
    return [QImage(str(path)) for path in pages]


def heading_rows(image: QImage) -> tuple[int, int] | None:
    """The first and the last pixel row of the first heading row (its grey) on the page."""
    def grey(y: int) -> bool:
        return sum(image.pixelColor(x, y) == HEADING_GREY for x in range(0, image.width(), 8)) > 30
    rows = [y for y in range(image.height() // 2) if grey(y)]
    if not rows:
        return None
    last = rows[0]
    while last + 1 in rows:
        last += 1
    return rows[0], last


@pytest.mark.parametrize("filler", [0, 7])
@pytest.mark.parametrize(("paper", "large_print"), PRINTS)
def test_a_row_moved_to_the_next_page_starts_right_under_the_repeated_heading_row(
    qapp: object, tmp_path: Path, paper: str, large_print: bool, filler: int
) -> None:
    """Under the heading row printed again at the top of a page was a thin white strip, the
    rules between the columns broken by it, before the row moved there. The column rules now
    go on from the heading row into the moved row."""
    data = export(article_from(tmp_path, medicine_table(filler)), paper, large_print)
    images = drawn_pages(data, tmp_path)
    continued = 0
    for number, image in enumerate(images[1:], start=2):
        heading = heading_rows(image)
        if heading is None:
            continue
        top, bottom = heading
        continued += 1
        # Inside the heading row's padding, above its words: the only dark pixels are the
        # rules beside its cells.
        rules = [x for x in range(image.width()) if image.pixelColor(x, top + 1).lightness() < 200]
        assert len(rules) >= 5, (number, rules)
        # (Past the heading row's own rule, where Qt leaves their crossings unpainted.)
        for x in rules:
            below = [image.pixelColor(x, y).lightness() for y in range(bottom + 3, bottom + 12)]
            assert max(below) < 230, (number, x, below)
    assert continued >= 2

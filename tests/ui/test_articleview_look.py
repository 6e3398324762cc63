"""How the article reads (ui/theme.py's article style sheet, and the quote bar the view draws):
the summary box and table cells have the paragraphs' line height, a list under a table does
not touch it, the rule above the footnotes is as light as the others, a table's heading row
has a background of its own that its text reads on, and a quote is set apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import QApplication

from healthreader.content.catalogue import Catalogue
from healthreader.ui import theme
from helpers import contrast, resize_view, text_contrast, text_rect, write_article
from helpers import zoomed_window as make_window

BODY = """## What is it?

A long paragraph that wraps onto a second line in a narrow view, so that the space between
its lines can be measured against the summary's and the table's.[^1]

| Medicine | How often | Notes |
|---|---|---|
| Hydroxychloroquine and a long note that wraps onto a second line in its cell | Daily | |

1. First step
2. Second step

> A quoted note from the care team.

[^1]: Ask at every visit.
"""


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    write_article(tmp_path / "lib", "rash", title="Rash", body=BODY,
                  summary="A rash is a change of the skin's colour or texture, often itchy, "
                          "that can come and go.")  # fmt: skip
    catalogue = Catalogue.open(None)
    library = catalogue.load([tmp_path / "lib"], None)
    shown = make_window(qtbot, library, tmp_path, 0)
    resize_view(shown, 420)
    shown.open_article("rash")
    QApplication.processEvents()
    yield shown
    catalogue.close()


def block_with(view: Any, text: str) -> Any:
    cursor = view.document().find(text)
    assert not cursor.isNull(), text
    return cursor.block()


def line_spacing(block: Any) -> float:
    lines = block.layout()
    assert lines.lineCount() >= 2, block.text()
    return float(lines.lineAt(1).y() - lines.lineAt(0).y())


def pixel(view: Any, x: float, y: float) -> str:
    image = view.viewport().grab().toImage()
    return QColor(image.pixel(round(x), round(y))).name()


def test_the_summary_box_and_table_cells_have_the_paragraphs_line_height(window: Any) -> None:
    view = window.view
    body = line_spacing(block_with(view, "A long paragraph"))
    assert abs(line_spacing(block_with(view, "A rash is a change")) - body) < 1
    assert abs(line_spacing(block_with(view, "Hydroxychloroquine and")) - body) < 1


def test_a_list_under_a_table_does_not_touch_it(window: Any) -> None:
    """Between the table's bottom border and the top of the list's first words."""
    view = window.view
    step = text_rect(view, "First step")
    image = view.viewport().grab().toImage()
    ink = next(y for y in range(step.top(), step.bottom() + 1)
               if any(QColor(image.pixel(x, y)).lightness() < 128 for x in range(step.left(), step.right())))
    x = text_rect(view, "Daily").center().x()  # under the table's last cell
    border = next(y for y in range(ink, 0, -1)
                  if QColor(image.pixel(x, y)).name() == theme.colours(False)["rule"])  # fmt: skip
    assert ink - border >= 10


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_rules_headings_and_quotes_in_the_pages_colours(window: Any, desktop: Any, qtbot: Any, dark: bool) -> None:
    desktop(dark)
    view = window.view
    qtbot.waitUntil(lambda: theme.is_dark(view.palette()) == dark)
    QApplication.processEvents()
    named = theme.colours(dark)

    # The heading row: a background of its own, its words readable on it.
    heading = text_rect(view, "Medicine")
    readable, behind = text_contrast(view.viewport().grab().toImage(), heading.adjusted(-3, -3, 3, 3))
    assert behind.name() == named["table_head"]
    assert readable >= 4.5
    assert contrast(QColor(named["table_head_text"]), QColor(named["table_head"])) >= 4.5
    cell = text_rect(view, "Daily")
    assert pixel(view, cell.center().x(), cell.center().y() - 1) != named["table_head"]  # data rows: none

    # The rule above the footnotes: the other rules' colour, not black (or white).
    doc = view.document()
    rule = doc.begin()
    while rule.isValid() and not rule.blockFormat().hasProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth):  # fmt: skip
        rule = rule.next()
    assert rule.isValid()
    view.setTextCursor(QTextCursor(rule))
    view.ensureCursorVisible()
    box = doc.documentLayout().blockBoundingRect(rule).translated(0, -view.verticalScrollBar().value())
    image = view.viewport().grab().toImage()
    drawn = {QColor(image.pixel(round(box.center().x()), y)).name()
             for y in range(max(0, round(box.top())), min(image.height(), round(box.bottom()) + 2))}  # fmt: skip
    assert named["rule"] in drawn
    assert not drawn & ({"#ffffff", "#f0f0f0"} if dark else {"#000000"})  # the text's colour

    # The quote: tinted, with a bar left of its words.
    words = text_rect(view, "A quoted note")
    assert pixel(view, words.right() + 20, words.center().y()) == named["quote"]
    assert pixel(view, words.left() - 11, words.center().y()) == named["quote_bar"]
    assert pixel(view, words.left() - 5, words.center().y()) == named["quote"]


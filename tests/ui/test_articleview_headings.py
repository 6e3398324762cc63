"""Titles and headings at large text sizes (ui/headingfit.py): every one fits the article
view's width, so a reader who chose large text never scrolls sideways to read one; none is
smaller than the body text, and the title is never smaller than the sections' headings."""

from __future__ import annotations

import doctest
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from healthreader import paths
from healthreader.content.catalogue import Catalogue
from healthreader.content.model import Library
from healthreader.settings import ZOOM_MAX
from healthreader.ui import articleview, bodyfit, theme, wordbreak
from healthreader.ui.mainwindow import MainWindow
from helpers import (
    SOFT_HYPHEN,
    broken_words_in_tables,
    line_width,
    page_headings,
    resize_view,
    write_article,
    zoomed_window,
)

NARROW = 600  # px of article view: a reasonably narrow window at the largest text size
make_window = functools.partial(zoomed_window, width=1400)


@pytest.fixture(scope="module")
def bundled() -> Iterator[Library]:
    catalogue = Catalogue.open(None)
    yield catalogue.load([paths.bundled_articles_dir()], paths.glossary_path())
    catalogue.close()


def longest_worded(library: Library) -> str:
    """The bundled article whose title or a heading has the longest word."""

    def longest(article_id: str) -> int:
        article = library.get(article_id)
        headings = [article.title, *re.findall(r"<h\d[^>]*>(.*?)</h\d>", article.body_html)]
        return max(len(word) for heading in headings for word in heading.split())

    return max((info.id for info in library), key=longest)


def assert_headings_fit(window: MainWindow) -> list[tuple[int, str, float, list[float]]]:
    headings = page_headings(window.view)
    assert headings
    # (A heading Qt never laid out would have no lines, and show nothing.)
    assert [text for _, text, _, lines in headings if not lines] == [], "not laid out"
    room = line_width(window.view)
    too_wide = [(text, max(lines)) for _, text, _, lines in headings if max(lines) > room]
    assert too_wide == [], f"wider than the {room} px of a line"
    body = window.view.document().defaultFont().pointSizeF()
    title_size = headings[0][2]
    for _, text, size, _ in headings:
        assert size >= body - 0.01, f"{text!r} is smaller than the body text"
        assert size <= title_size + 0.01, f"{text!r} is larger than the title"
    return headings


def test_the_longest_worded_title_and_its_headings_fit_a_narrow_view_at_the_largest_size(
    qtbot, bundled: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    article_id = longest_worded(bundled)
    assert article_id == "autoimmune-lymphoproliferative-syndrome"  # "lymphoproliferative"
    window = make_window(qtbot, bundled, tmp_path, ZOOM_MAX)
    window.open_article(article_id)
    resize_view(window, NARROW)  # narrowed with the article on screen

    headings = assert_headings_fit(window)
    title = bundled.get(article_id).title
    assert headings[0][:2] == (1, title)
    # Nothing to scroll sideways for: the body's words fit too at the desktop's largest size.
    view = window.view
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().idealWidth() <= view.document().textWidth()
    # Smaller type is enough there: no word of a heading is broken at the desktop's sizes.
    # (A word of the body may be: "lymphoproliferative" in the sources' list, whose indent
    # grows with the text to hold its numbers.)
    doc = view.document()
    blocks = [doc.findBlockByNumber(n) for n in range(doc.blockCount())]
    broken = [b.text() for b in blocks if b.blockFormat().headingLevel() and SOFT_HYPHEN in b.text()]
    assert broken == []
    assert view.toPlainText().startswith(title + "\n")
    assert broken_words_in_tables(view) == []


def test_larger_text_shrinks_only_the_headings_that_need_it(
    qtbot, bundled: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, bundled, tmp_path, 0, width=1100)
    window.open_article("autoimmune-lymphoproliferative-syndrome")
    html = window.view.document().toHtml()
    body = theme.point_size(0)
    # The default size: Qt's own sizes (h1 twice the body text, h2 one and a half times).
    sizes = {(level, size) for level, _, size, _ in page_headings(window.view)}
    assert sizes == {(1, 2 * body), (2, 1.5 * body)}

    for _ in range(ZOOM_MAX):  # Larger text, step by step, up to the largest size
        window.zoom_in()
        assert_headings_fit(window)
    largest = page_headings(window.view)
    assert largest[0][2] < 2 * theme.point_size(ZOOM_MAX)  # the title had to shrink

    for _ in range(ZOOM_MAX):
        window.zoom_out()
    # Back at the default size, the page is as it was loaded.
    assert window.view.document().toHtml() == html


def test_in_a_kiosks_scaled_text_a_word_too_wide_even_at_the_body_size_is_hyphenated(
    qtbot, bundled: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    article_id = "autoimmune-lymphoproliferative-syndrome"
    window = make_window(qtbot, bundled, tmp_path, 0, text_scale=3.0)
    window.open_article(article_id)
    resize_view(window, 850)
    window.set_zoom(ZOOM_MAX)  # 110 pt: "lymphoproliferative" alone is wider than the view

    headings = assert_headings_fit(window)
    body = window.view.document().defaultFont().pointSizeF()
    assert headings[0][2] == pytest.approx(body)  # not below the text the reader chose
    title = bundled.get(article_id).title
    assert headings[0][1] == title  # as read: the soft hyphens are not part of it
    title_block = window.view.document().begin()
    assert SOFT_HYPHEN in title_block.text()
    lines = title_block.layout()
    shown = [title_block.text()[lines.lineAt(n).textStart() :][: lines.lineAt(n).textLength()]
             for n in range(lines.lineCount())]  # fmt: skip
    # Broken only inside words wider than a line, each break after a (shown) hyphen.
    assert any(line.endswith(SOFT_HYPHEN) for line in shown)
    assert all(line.endswith((SOFT_HYPHEN, " ")) for line in shown[:-1])
    assert broken_words_in_tables(window.view) == []

    resize_view(window, 1400)
    window.set_zoom(0)
    assert SOFT_HYPHEN not in window.view.toPlainText()
    assert window.view.toPlainText().startswith(title + "\n")


@pytest.mark.parametrize("zoom", [0, ZOOM_MAX], ids=["default size", "largest size"])
def test_a_table_still_keeps_its_words_whole_beside_fitted_headings(qtbot, tmp_path: Path,
                                                                    zoom: int) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    body = ("## Hydroxychloroquine and glomerulonephritis\n\n"
            "| Medicine | Dose | Notes |\n|---|---|---|\n"
            "| Hydroxychloroquine | 200 mg | Eye checks every year |\n")  # fmt: skip
    write_article(tmp_path / "lib", "schedule", title="Glomerulonephritis medicines", body=body)
    catalogue = Catalogue.open(None)
    library = catalogue.load([tmp_path / "lib"], None)
    window = make_window(qtbot, library, tmp_path, zoom, text_scale=1.25)
    window.open_article("schedule")
    resize_view(window, NARROW)

    assert_headings_fit(window)
    assert "Hydroxychloroquine" in window.view.toPlainText().replace(SOFT_HYPHEN, "")
    assert broken_words_in_tables(window.view) == []
    catalogue.close()


def test_at_the_default_size_nothing_of_the_fitting_runs(qtbot, bundled: Library,
                                                         tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = make_window(qtbot, bundled, tmp_path, 0, width=1100)
    window.open_article("index")
    window.resize(1000, 760)
    window.set_zoom(1)
    window.set_zoom(0)
    # No font measured, nothing changed in the page: not its headings, not its body.
    assert window.view._heading_fitter is None and window.view._body_fitter is None


@pytest.mark.parametrize("module", [articleview, bodyfit, wordbreak], ids=lambda m: m.__name__)
def test_module_examples_hold(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried > 0 and failures == 0

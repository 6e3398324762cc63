"""Body text at large text sizes (ui/bodyfit.py): a word wider than the article view's line
is broken where it must (a hyphen shown at the break; no hyphen in an address), so a reader
who chose large text never scrolls sideways to read a line; words that fit are never broken,
the page at the default size is as loaded, and a copy never carries the invisible marks."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication

from healthreader import paths
from healthreader.content.catalogue import Catalogue
from healthreader.content.model import Library
from healthreader.settings import ZOOM_MAX
from healthreader.ui.mainwindow import MainWindow
from helpers import SOFT_HYPHEN, broken_words_in_tables, resize_view, run_python, write_article
from helpers import zoomed_window as make_window

ZERO_WIDTH_SPACE = "\u200b"
MARKS = (SOFT_HYPHEN, ZERO_WIDTH_SPACE)
URL = "https://www.example.test/medlineplus/amyotrophiclateralsclerosis.html"
BODY = (
    "## What is it?\n\n"
    "Some people with lupus get glomerulonephritis, a swelling of the kidneys' filters. "
    "Doctors call the swollen glands lymphoproliferative.\n\n"
    "- Medicines called immunosuppressants calm the immune system\n- Rest\n\n"
    "| Medicine | Dose |\n|---|---|\n| Hydroxychloroquine | 200 mg |\n| Rest | 8 hours |\n"
)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    write_article(tmp_path / "lib", "lupus-kidneys", title="Lupus glomerulonephritis", body=BODY,
                  summary="Glomerulonephritis is a swelling of the kidneys' filters.",
                  also_called=["Lupus nephritis"],
                  sources=[{"publisher": "Test Institute", "title": "Kidneys", "url": URL}])  # fmt: skip
    catalogue = Catalogue.open(None)
    yield catalogue.load([tmp_path / "lib"], None)
    catalogue.close()


def laid_out_blocks(window: MainWindow) -> Iterator[QTextBlock]:
    """The blocks of the page, laid out in full."""
    doc = window.view.document()
    doc.documentLayout().documentSize()
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def shown_lines(window: MainWindow) -> list[str]:
    """Every line of the page as laid out, marks and all."""
    lines = []
    for block in laid_out_blocks(window):
        layout = block.layout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            lines.append(block.text()[line.textStart() : line.textStart() + line.textLength()])
    return lines


def marked_words(window: MainWindow) -> list[tuple[str, float, float]]:
    """Each word of the page's body that has marks in it: (the word as read, its width in
    its font, the width of its block's lines)."""
    doc = window.view.document()
    found = []
    for block in laid_out_blocks(window):
        text = block.text()
        start = 0
        for word in text.split(" "):
            if any(mark in word for mark in MARKS) and not block.blockFormat().headingLevel():
                style = block.charFormat() if not start else _format_at(doc, block.position() + start + 1)
                read = unmarked(word)
                room = max(block.layout().lineAt(n).width() for n in range(block.layout().lineCount()))
                found.append((read, QFontMetricsF(style.font()).horizontalAdvance(read), room))
            start += len(word) + 1
    return found


def _format_at(doc, position: int):  # type: ignore[no-untyped-def]
    cursor = QTextCursor(doc)
    cursor.setPosition(position)
    return cursor.charFormat()


def assert_nothing_to_scroll_sideways(window: MainWindow) -> None:
    view = window.view
    QApplication.processEvents()
    assert view.document().idealWidth() <= view.document().textWidth()
    assert view.horizontalScrollBar().maximum() == 0


def unmarked(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, "")


def test_a_word_wider_than_a_narrow_view_breaks_after_a_hyphen(
    qtbot, library: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, library, tmp_path, ZOOM_MAX)
    window.open_article("lupus-kidneys")
    resize_view(window, 520)  # narrowed with the article on screen, at the largest size

    assert_nothing_to_scroll_sideways(window)
    lines = shown_lines(window)
    assert any(line.endswith(SOFT_HYPHEN) for line in lines), "nothing was wider than a line"
    broken = marked_words(window)
    # In a paragraph, a list item, a table's column, an address in the sources.
    assert {"lymphoproliferative.", "immunosuppressants", "Hydroxychloroquine", URL} <= {
        word for word, _, _ in broken
    }
    for word, width, room in broken:  # only words wider than their line were broken (less
        assert width > room - 2, word  # the 2 px the view keeps for Qt's rounding)
    # The address is broken with no hyphen shown: a hyphen would read as part of it.
    url_lines = [line for line in lines if ZERO_WIDTH_SPACE in line]
    assert url_lines and not any(SOFT_HYPHEN in line for line in url_lines)
    assert URL in unmarked(window.view.toPlainText())


def test_a_word_wider_than_a_kiosks_view_breaks_in_a_table_cell(
    qtbot, library: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, library, tmp_path, ZOOM_MAX, text_scale=1.25)
    window.open_article("lupus-kidneys")
    resize_view(window, 560)

    assert_nothing_to_scroll_sideways(window)
    text = window.view.toPlainText()
    cells = text[text.index("\nMedicine\n") + 1 :].split("\n")[:8]
    assert [unmarked(c) for c in cells] == ["Medicine", "Dose", "Hydroxychloroquine", "200 mg",
                                            "Rest", "8 hours", "", "Sources"]  # fmt: skip
    assert SOFT_HYPHEN in cells[2]  # too wide for any column of the view: broken
    assert [c for c in cells if SOFT_HYPHEN in c] == [cells[2]]  # the others are whole
    assert broken_words_in_tables(window.view) == []  # broken only after a (shown) hyphen
    # The summary box is a table too.
    assert SOFT_HYPHEN in text.split("\n")[2] and unmarked(text.split("\n")[2]).startswith(
        "Glomerulonephritis is"
    )


THREE_COLUMNS = ("## Treatment\n\n| Medicine | How often | Checks |\n|---|---|---|\n"
                 "| Hydroxychloroquine | Twice a day | Eye checks every year |\n"
                 "| Prednisone | Every morning | Blood sugar |\n")


def table_cells(window: MainWindow) -> list[str]:
    """The text of each cell of the page's last table, as the document holds it (marks too)."""
    from PySide6.QtGui import QTextTable

    doc = window.view.document()
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    table = tables[-1]
    cells = []
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            cursor = cell.firstCursorPosition()
            cursor.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
            cells.append(cursor.selectedText())
    return cells


def test_a_table_too_wide_for_a_kiosks_view_fits_with_its_widest_column_broken(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Each word fits the view, but not side by side: it scrolled sideways about 140 px."""
    write_article(tmp_path / "lib", "schedule", title="Lupus medicines", body=THREE_COLUMNS)
    catalogue = Catalogue.open(None)
    library = catalogue.load([tmp_path / "lib"], None)
    window = make_window(qtbot, library, tmp_path, ZOOM_MAX, text_scale=1.25)
    window.open_article("schedule")
    resize_view(window, 900)

    assert_nothing_to_scroll_sideways(window)
    cells = table_cells(window)
    assert [unmarked(c) for c in cells] == [
        "Medicine", "How often", "Checks",
        "Hydroxychloroquine", "Twice a day", "Eye checks every year",
        "Prednisone", "Every morning", "Blood sugar",
    ]  # fmt: skip
    assert SOFT_HYPHEN in cells[3]  # the widest word, in the widest column: broken
    assert [c for c in cells if any(m in c for m in MARKS)] == [cells[3]]  # the rest whole
    assert broken_words_in_tables(window.view) == []  # broken only after a (shown) hyphen

    # Wide enough again: whole again, exactly as loaded.
    window.set_zoom(0)
    QApplication.processEvents()
    assert not any(m in c for c in table_cells(window) for m in MARKS)
    catalogue.close()


def test_a_table_with_a_picture_fits_a_kiosks_view_the_picture_shrunk_to_its_share(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """The 700 px picture is shown no wider than its column's share of the view (ui/
    picturefit.py), and the other columns are narrowed beside it as in a table of words:
    before, such a table scrolled sideways 681 px, and then 298 px."""
    from helpers import png_image

    body = THREE_COLUMNS.replace("| Blood sugar |", "| ![A blood sugar meter](meter.png) |")
    write_article(tmp_path / "lib", "schedule", title="Lupus medicines", body=body)
    png_image(tmp_path / "lib" / "meter.png", 700, 60)
    catalogue = Catalogue.open(None)
    library = catalogue.load([tmp_path / "lib"], None)
    window = make_window(qtbot, library, tmp_path, ZOOM_MAX, text_scale=1.25)
    window.open_article("schedule")
    resize_view(window, 900)
    QApplication.processEvents()

    assert_nothing_to_scroll_sideways(window)
    cells = dict(zip(["Medicine", "How often", "Checks", "Hydroxychloroquine", "Twice a day",
                      "Eye checks every year", "Prednisone", "Every morning", "\ufffc"],
                     table_cells(window), strict=True))  # fmt: skip
    assert unmarked(cells["Hydroxychloroquine"]) == "Hydroxychloroquine" != cells["Hydroxychloroquine"]
    for whole in ("Twice a day", "Every morning", "Eye checks every year"):
        assert cells[whole] == whole  # they fit their narrowed columns whole
    catalogue.close()


def test_back_at_the_default_size_the_page_is_exactly_as_loaded(
    qtbot, library: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, library, tmp_path, 0)
    window.open_article("lupus-kidneys")
    loaded = window.view.document().toHtml()
    assert not any(mark in window.view.toPlainText() for mark in MARKS)

    window.set_zoom(ZOOM_MAX)
    resize_view(window, 480)
    assert any(mark in window.view.toPlainText() for mark in MARKS)
    assert_nothing_to_scroll_sideways(window)

    window.resize(1100, 760)
    window.set_zoom(0)
    assert window.view.document().toHtml() == loaded
    assert not any(mark in window.view.toPlainText() for mark in MARKS)


def clipboard_formats() -> dict[str, str]:
    """What the clipboard offers, by MIME type; as text where it is text."""
    data = QGuiApplication.clipboard().mimeData()
    raw = {kind: bytes(data.data(kind).data()) for kind in data.formats()}
    return {kind: (content.decode("utf-8") if kind.startswith("text/") else repr(content))
            for kind, content in raw.items()}  # fmt: skip


def test_a_copy_has_no_soft_hyphens_nor_zero_width_spaces(
    qtbot, library: Library, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    # Kiosk-sized text: the title is broken too (ui/headingfit.py), and the body.
    window = make_window(qtbot, library, tmp_path, ZOOM_MAX, text_scale=2.0)
    window.open_article("lupus-kidneys")
    view = window.view
    on_screen = view.toPlainText()
    assert SOFT_HYPHEN in on_screen.split("\n")[0] and ZERO_WIDTH_SPACE in on_screen
    view.selectAll()
    view.setFocus()

    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    by_keys = clipboard_formats()
    assert by_keys["text/plain"] == unmarked(on_screen)
    assert by_keys["text/plain"].startswith("Lupus glomerulonephritis\n")
    assert "Hydroxychloroquine" in by_keys["text/html"] and URL in by_keys["text/html"]
    for kind, copied in by_keys.items():
        assert not any(mark in copied for mark in MARKS), kind
        assert "&shy;" not in copied and "&#173;" not in copied, kind
    # Not Qt's OpenDocument copy either: a zip, which would keep the marks.
    assert set(by_keys) == {"text/plain", "text/html", "text/markdown"}

    QGuiApplication.clipboard().clear()
    menu = view.createStandardContextMenu()
    [copy] = [a for a in menu.actions() if a.text().replace("&", "").startswith("Copy")
              and "Link" not in a.text()]  # fmt: skip
    copy.trigger()
    menu.deleteLater()
    assert clipboard_formats() == by_keys


def test_the_reader_quits_cleanly_after_a_copy(tmp_path: Path) -> None:
    # The clipboard owns what a copy gives it. A QMimeData made in Python was deleted by
    # PySide6 as well, and the program crashed as it quit (exit -11): only a real process
    # shows that, at its end.
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from healthreader.content.catalogue import Catalogue
        from healthreader import paths
        from healthreader.settings import Settings
        from healthreader.ui.mainwindow import MainWindow
        app = QApplication([])
        catalogue = Catalogue.open(None)
        library = catalogue.load([paths.bundled_articles_dir()], None)
        window = MainWindow(library, Settings(Path({str(tmp_path / "s.ini")!r})), {{}}, lambda: None)
        window.show()
        window.open_article("lupus")
        app.processEvents()
        for _ in range(2):
            window.view.selectAll()
            window.view.copy()
            app.processEvents()
        print(app.clipboard().text().splitlines()[0])
        """
    )
    done = run_python(code, env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Lupus"


def test_every_bundled_article_fits_a_kiosks_largest_text_and_is_untouched_at_the_default(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    catalogue = Catalogue.open(None)
    bundled = catalogue.load([paths.bundled_articles_dir()], paths.glossary_path())
    window = make_window(qtbot, bundled, tmp_path, ZOOM_MAX, text_scale=1.25)
    resize_view(window, 560)
    broken = []
    for info in bundled:
        window.open_article(info.id)
        assert_nothing_to_scroll_sideways(window)
        if SOFT_HYPHEN in window.view.toPlainText():
            broken.append(info.id)
    assert "autoimmune-lymphoproliferative-syndrome" in broken  # it needed it

    window = make_window(qtbot, bundled, tmp_path, 0)  # the default window and text size
    for info in bundled:
        window.open_article(info.id)
        shown = window.view.toPlainText()
        assert not any(mark in shown for mark in MARKS), info.id
        assert shown.startswith(info.title + "\n")
    catalogue.close()


@pytest.mark.parametrize("zoom", [0, ZOOM_MAX])
def test_an_indented_paragraph_wraps_in_the_view_and_its_long_words_fit(
    qtbot, tmp_path: Path, zoom: int  # type: ignore[no-untyped-def]
) -> None:
    """Four spaces before a paragraph (often by mistake) make it code: shown as typed, in a
    typewriter font. It wraps at the view's edge like any text, keeping its spaces; before,
    the whole page scrolled sideways to read its one long line."""
    words = ("Take one tablet every morning with food and a full glass of water, and tell your "
             "care team about any new rash, fever or pain in your joints.")  # fmt: skip
    body = f"## What to do\n\n    {words}\n    Hydroxychloroquine-immunosuppressants    twice\n"
    write_article(tmp_path / "lib", "pills", title="Pills", body=body)
    catalogue = Catalogue.open(None)
    window = make_window(qtbot, catalogue.load([tmp_path / "lib"], None), tmp_path, zoom, text_scale=1.25)
    window.open_article("pills")
    resize_view(window, 520)

    assert_nothing_to_scroll_sideways(window)
    [code] = [block for block in laid_out_blocks(window) if block.text().startswith("Take one")]
    assert code.layout().lineCount() > 1
    # As typed, its spaces kept.
    assert f"\n{words}\nHydroxychloroquine-immunosuppressants    twice\n" in unmarked(window.view.toPlainText())
    catalogue.close()


PHONE_MENU = "```\nPress 1   for appointments\nPress 2   for refills\n# or stay on the line\n```"


def test_a_fenced_block_is_a_block_with_its_lines_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A phone menu pasted between ``` fences ran together into one line of inline code."""
    body = f"## Call us\n\nThe menu:\n\n{PHONE_MENU}\n\nWe answer in a minute.\n"
    write_article(tmp_path / "lib", "phone", title="Phone", body=body)
    catalogue = Catalogue.open(None)
    window = make_window(qtbot, catalogue.load([tmp_path / "lib"], None), tmp_path, 0)
    window.open_article("phone")

    lines = [line.strip() for line in shown_lines(window)]
    at = lines.index("Press 1   for appointments")
    assert lines[at - 1 : at + 3] == ["The menu:", "Press 1   for appointments", "Press 2   for refills",
                                      "# or stay on the line"]  # fmt: skip
    [menu] = [block for block in laid_out_blocks(window) if block.text().startswith("Press 1")]
    assert QFontInfo(menu.charFormat().font()).fixedPitch()  # as typed, in a typewriter font
    catalogue.close()


def test_a_numbered_list_goes_on_at_the_number_written(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "## Steps\n\n1. Wash the skin.\n2. Dry it.\n\nThen:\n\n3. Put on the cream.\n4. Wait.\n"
    write_article(tmp_path / "lib", "cream", title="Cream", body=body)
    catalogue = Catalogue.open(None)
    window = make_window(qtbot, catalogue.load([tmp_path / "lib"], None), tmp_path, 0)
    window.open_article("cream")

    numbered = [(block.textList().itemText(block), block.text()) for block in laid_out_blocks(window)
                if block.textList() is not None and block.text() != "Test Institute. A test source"]  # fmt: skip

    assert numbered == [("1.", "Wash the skin."), ("2.", "Dry it."), ("3.", "Put on the cream."), ("4.", "Wait.")]
    catalogue.close()


@pytest.mark.parametrize("zoom, scale", [(0, 1.0), (ZOOM_MAX, 1.0), (ZOOM_MAX, 1.25)])
def test_a_lists_numbers_stay_inside_the_view_at_any_text_size(
    qtbot, tmp_path: Path, zoom: int, scale: float  # type: ignore[no-untyped-def]
) -> None:
    """Qt keeps a list's indent at 40 px whatever the text size, and its numbers stand in
    it: at a kiosk's largest text "12." was drawn left of the page, out of sight. The page
    is painted with room on its left: nothing of it may be drawn there."""
    steps = "".join(f"{n}. Step {n}\n" for n in range(1, 13))
    body = f"## Steps\n\n{steps}\n- A bullet\n    1. Inside it\n"
    write_article(tmp_path / "lib", "steps", title="Steps", body=body)
    catalogue = Catalogue.open(None)
    window = make_window(qtbot, catalogue.load([tmp_path / "lib"], None), tmp_path, zoom, text_scale=scale)
    window.open_article("steps")
    QApplication.processEvents()
    doc = window.view.document()
    left = 400
    size = doc.size().toSize()
    image = QImage(size.width() + left, size.height(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(left, 0)
    doc.drawContents(painter)
    painter.end()

    white = QColor("white").rgb()
    assert all(image.pixel(x, y) == white for y in range(0, image.height(), 2) for x in range(0, left, 2))
    numbered = [block.textList().itemText(block) for block in laid_out_blocks(window) if block.textList()]
    assert "12." in numbered and numbered.count("1.") == 2  # and they are on the page
    catalogue.close()


def test_a_new_page_is_shown_without_the_view_changing_width_twice(qtbot) -> None:  # type: ignore[no-untyped-def]
    """setHtml empties the page first, which hid the scroll bar, and the new page showed it
    again: the view was laid out at two widths for every article opened."""
    from PySide6.QtCore import QEvent, QObject

    from healthreader.ui.articleview import ArticleView

    view = ArticleView({})
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    long_page = "".join(f"<p>Paragraph {n} of a page too long for the view.</p>" for n in range(40))

    seen: list[int] = []  # the viewport's widths, as it is resized

    class Widths(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Resize:
                seen.append(view.viewport().width())
            return False

    widths = Widths()
    view.viewport().installEventFilter(widths)
    view.show_page("<h1>First</h1>" + long_page, None)
    qtbot.waitUntil(view.verticalScrollBar().isVisible)
    seen.clear()

    view.show_page("<h1>Second</h1>" + long_page, None)
    QApplication.processEvents()

    assert seen == []  # the bar stayed
    assert view.verticalScrollBar().isVisible()
    # A page too short for a bar loses it, and the next long one has it again.
    view.show_page("<h1>Short</h1><p>One line.</p>", None)
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible())
    view.show_page("<h1>Third</h1>" + long_page, None)
    qtbot.waitUntil(view.verticalScrollBar().isVisible)
    assert "Paragraph 39" in view.toPlainText()


def test_struck_text_footnotes_and_deep_headings_look_as_written(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = ("## Care\n\nTake ~~two~~ one tablet.[^1]\n\n###### At night\n\nRest.\n\n"
            "[^1]: Ask your nurse.\n")  # fmt: skip
    write_article(tmp_path / "lib", "care", title="Care", body=body)
    catalogue = Catalogue.open(None)
    window = make_window(qtbot, catalogue.load([tmp_path / "lib"], None), tmp_path, 0)
    window.open_article("care")
    doc = window.view.document()
    text = doc.toPlainText()

    assert "~" not in text and "[^1]" not in text
    assert "Take two one tablet.1" in text
    struck = doc.find("two")
    assert _format_at(doc, struck.selectionEnd()).fontStrikeOut()
    raised = _format_at(doc, doc.find("tablet.1").selectionEnd())
    assert raised.verticalAlignment() == raised.VerticalAlignment.AlignSuperScript
    heading = doc.find("At night").block()
    rest = doc.find("Rest.").block()
    assert heading.blockFormat().headingLevel() == 4
    assert _format_at(doc, heading.position() + 1).font().bold()
    assert not _format_at(doc, rest.position() + 1).font().bold()
    assert [line for line in text.splitlines() if "nurse" in line] == ["Ask your nurse."]
    catalogue.close()


@pytest.mark.parametrize("width", [600, 374])
def test_pressing_larger_text_on_an_open_page_never_makes_it_scroll_sideways(
    qtbot, tmp_path: Path, width: int  # type: ignore[no-untyped-def]
) -> None:
    """Larger text pressed while reading refits the page as opening it at that size does:
    a list's indent grows with the text, and its items' words were fitted to the room of the
    size the page was opened at ("Autoimmun|e diseases" cut off in Related conditions)."""
    catalogue = Catalogue.open(None)
    bundled = catalogue.load([paths.bundled_articles_dir()], paths.glossary_path())
    window = make_window(qtbot, bundled, tmp_path, 0)
    window.resize(window.width(), 1000)
    resize_view(window, width)
    for article in ("autoimmune-lymphoproliferative-syndrome", "hemolytic-anemia", "lupus", "lymphoma"):
        window.set_zoom(0)
        window.open_article(article)
        for step in range(1, ZOOM_MAX + 1):
            window.zoom_in()
            QApplication.processEvents()
            assert window.view.horizontalScrollBar().maximum() == 0, (article, step)
    catalogue.close()


def body_lines_and_tables(window: MainWindow) -> tuple[list[str], list[tuple[float, float]]]:
    """The page's body lines (not headings, not in a table) and each table's (left, right)."""
    doc = window.view.document()
    layout = doc.documentLayout()
    lines, tables = [], []
    for block in laid_out_blocks(window):
        cursor = QTextCursor(block)
        if block.blockFormat().headingLevel() or cursor.currentTable() is not None:
            continue
        shown = block.layout()
        for n in range(shown.lineCount()):
            line = shown.lineAt(n)
            lines.append(unmarked(block.text()[line.textStart() : line.textStart() + line.textLength()]).strip())
    for frame in doc.rootFrame().childFrames():
        box = layout.frameBoundingRect(frame)
        tables.append((box.left(), box.right()))
    return lines, tables


def test_on_a_wide_screen_the_article_is_a_readable_column_and_a_small_window_keeps_its_width(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Maximised on a 1080p monitor, a line of lupus's text was about 180 characters long:
    the column is now at most about 75 characters of text, centred, the summary box and
    tables in it; at 800 px nothing is narrowed but the page's margin of about an em."""
    catalogue = Catalogue.open(None)
    bundled = catalogue.load([paths.bundled_articles_dir()], paths.glossary_path())
    window = make_window(qtbot, bundled, tmp_path, 0, width=1920)
    window.open_article("lupus")
    QApplication.processEvents()
    view = window.view
    lines, tables = body_lines_and_tables(window)
    assert 60 <= max(map(len, lines)) <= 80
    style = view.document().rootFrame().frameFormat()
    left, right = style.leftMargin(), view.document().textWidth() - style.rightMargin()
    assert abs(style.leftMargin() - style.rightMargin()) <= 1  # centred
    assert tables and all(b - a <= right - left + 1 for a, b in tables)  # the summary box too

    window.set_zoom(4)  # the column grows with the text: as many characters a line
    QApplication.processEvents()
    lines, _ = body_lines_and_tables(window)
    assert 60 <= max(map(len, lines)) <= 80

    window.set_zoom(0)
    window.resize(800, 760)
    QApplication.processEvents()
    style = view.document().rootFrame().frameFormat()
    em = view.document().defaultFont().pointSizeF() * view.logicalDpiY() / 72
    assert style.leftMargin() == style.rightMargin() <= em  # only the page's margin
    assert style.leftMargin() >= 8  # text off the border and the scroll bar
    catalogue.close()

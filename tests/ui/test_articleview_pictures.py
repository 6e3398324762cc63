"""Pictures in the article view (ui/picturefit.py): one wider than its room is shown as wide
as the room, its shape kept, so nothing scrolls sideways; one that fits is shown at its own
size; a picture on its own line has no blank band under it.

What is checked is what is drawn: the page is painted as the view paints it and the
picture's pixels are found by their colour."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from healthreader.content.catalogue import Catalogue
from healthreader.settings import ZOOM_MAX
from healthreader.ui.articleview import IMAGE_RESOURCE
from helpers import (
    SOFT_HYPHEN,
    jpeg_on_its_side,
    line_width,
    png_image,
    resize_view,
    run_python,
    write_article,
)
from helpers import zoomed_window as make_window

RED = (200, 30, 30)
BLUE = (30, 120, 200)
GREEN = (30, 160, 60)


def open_page(qtbot: Any, tmp_path: Path, body: str, pictures: dict[str, tuple[int, int, tuple[int, int, int]]],
              zoom: int = 0, text_scale: float = 1.0) -> Any:  # fmt: skip
    folder = tmp_path / "lib"
    for name, (width, height, rgb) in pictures.items():
        png_image(folder / name, width, height, rgb)
    write_article(folder, "rash", title="Rash", body=body)
    catalogue = Catalogue.open(None)
    library = catalogue.load([folder], None)
    window = make_window(qtbot, library, tmp_path, zoom, text_scale=text_scale)
    window.open_article("rash")
    QApplication.processEvents()
    window.catalogue = catalogue  # kept open as long as the window
    return window


def painted_page(view: Any) -> QImage:
    """The whole page, painted as the view paints it (the same layout, the same pictures)."""
    QApplication.processEvents()
    doc = view.document()
    size = doc.size().toSize()
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    return image


def box_of(image: QImage, rgb: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    """(left, top, width, height) of the pixels of a colour, or None if none is drawn."""
    colour = QColor(*rgb).rgb()
    xs, ys = [], []
    for y in range(0, image.height()):
        for x in range(0, image.width(), 2):
            if image.pixel(x, y) == colour:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    left, top = min(xs), min(ys)
    # Columns were sampled every 2 px: widen to the exact edge.
    right = max(xs)
    while right + 1 < image.width() and image.pixel(right + 1, ys[xs.index(max(xs))]) == colour:
        right += 1
    while left > 0 and image.pixel(left - 1, ys[xs.index(min(xs))]) == colour:
        left -= 1
    return left, top, right - left + 1, max(ys) - top + 1


def blank_rows_under(image: QImage, rgb: tuple[int, int, int], columns: Sequence[int], darker_than: int) -> int:
    """How many rows under the picture of a colour are blank in ``columns``: up to the
    first row where a pixel is darker than ``darker_than`` (of 255)."""
    box = box_of(image, rgb)
    assert box is not None
    below = box[1] + box[3]
    drawn = (y for y in range(below, image.height())
             if any(QColor(image.pixel(x, y)).lightness() < darker_than for x in columns))  # fmt: skip
    return next(drawn, image.height()) - below


def assert_nothing_to_scroll_sideways(view: Any) -> None:
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().size().width() <= view.viewport().width()


def test_a_picture_wider_than_the_view_is_as_wide_as_the_view_with_its_shape_kept(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    body = "## What it looks like\n\nThe rash is red.\n\n![The rash](wide.png)\n\nIt fades.\n"
    window = open_page(qtbot, tmp_path, body, {"wide.png": (1200, 400, RED)})

    box = box_of(painted_page(window.view), RED)
    assert box is not None
    _, _, width, height = box
    room = line_width(window.view)
    # As wide as a line of the page with its scroll bar shown, whether it is or not (so that
    # the bar coming or going never makes the picture too wide for the view).
    bar = window.view.verticalScrollBar().sizeHint().width()
    assert room - bar - 3 <= width <= room
    assert abs(height - width / 3) <= 1.5  # its shape: three times as wide as high
    assert_nothing_to_scroll_sideways(window.view)


def test_a_picture_that_fits_keeps_its_size_and_a_shrunk_one_grows_back_with_the_view(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    body = "![A small one](small.png)\n\n![A wider one](wide.png)\n"
    window = open_page(qtbot, tmp_path, body, {"small.png": (120, 60, BLUE), "wide.png": (500, 200, RED)})
    view = window.view
    assert box_of(painted_page(view), BLUE)[2:] == (120, 60)  # type: ignore[index]
    assert box_of(painted_page(view), RED)[2:] == (500, 200)  # type: ignore[index]

    resize_view(window, 420)
    narrow = box_of(painted_page(view), RED)
    assert narrow is not None and narrow[2] <= line_width(view) < 500
    assert box_of(painted_page(view), BLUE)[2:] == (120, 60)  # type: ignore[index]
    assert_nothing_to_scroll_sideways(view)

    resize_view(window, 800)
    assert box_of(painted_page(view), RED)[2:] == (500, 200)  # type: ignore[index]  # never larger


def test_a_picture_in_a_list_item_fits_within_the_lists_indent(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    body = "- What the rash looks like: ![The rash](wide.png)\n- Another sign\n"
    window = open_page(qtbot, tmp_path, body, {"wide.png": (1200, 400, RED)})

    left, _, width, _ = box_of(painted_page(window.view), RED)  # type: ignore[misc]
    doc = window.view.document()
    assert left > 2 * doc.documentMargin()  # indented, as its item's text
    assert left + width <= doc.textWidth() - doc.documentMargin()
    assert_nothing_to_scroll_sideways(window.view)


@pytest.mark.parametrize("text_scale", [1.0, 1.25])
def test_a_picture_in_a_table_leaves_its_words_whole_and_the_table_fits_the_view(
    qtbot, tmp_path: Path, text_scale: float  # type: ignore[no-untyped-def]
) -> None:
    """At a kiosk's largest text too: the picture has its column's share of the view, not its
    own 700 px, and the words beside it keep their room."""
    body = ("| Sign | What it looks like |\n|---|---|\n"
            "| A butterfly rash on the cheeks | ![The rash](cell.png) |\n| Swollen joints | Red |\n")  # fmt: skip
    window = open_page(qtbot, tmp_path, body, {"cell.png": (700, 200, GREEN)}, ZOOM_MAX, text_scale)
    resize_view(window, 900)

    box = box_of(painted_page(window.view), GREEN)
    assert box is not None
    _, _, width, height = box
    assert width <= line_width(window.view) / 2
    assert abs(height - width * 200 / 700) <= 1.5
    assert_nothing_to_scroll_sideways(window.view)
    text = window.view.document().toPlainText()
    assert SOFT_HYPHEN not in text and "butterfly" in text


def test_no_blank_band_under_a_picture_on_its_own_line(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Paragraphs have a 140% line height: on a picture's line that was a band as high as
    40% of the picture (100 px under a 254 px one) before the next paragraph."""
    body = "![The rash](wide.png)\n\nThe next paragraph.\n"
    window = open_page(qtbot, tmp_path, body, {"wide.png": (900, 300, RED)})
    image = painted_page(window.view)

    text = blank_rows_under(image, RED, range(image.width()), darker_than=128)
    assert text <= 2 * 12 + 8  # the paragraphs' margins, and the text's leading


def test_a_table_under_a_picture_does_not_touch_it(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Qt drops the bottom margin of the block before a table: the table's own top margin
    keeps them apart (a paragraph's text too, which had only its leading)."""
    body = "![The rash](wide.png)\n\n| Sign | Where |\n|---|---|\n| Rash | Cheeks |\n"
    window = open_page(qtbot, tmp_path, body, {"wide.png": (600, 200, RED)})
    image = painted_page(window.view)
    left = box_of(image, RED)[0]  # type: ignore[index]

    assert blank_rows_under(image, RED, [left + 4], darker_than=250) >= 10  # to the table's border


def test_leaving_a_page_with_a_picture_in_a_table_and_coming_back_shows_both_pages(
    tmp_path: Path,
) -> None:
    # A fitter that still held a table of the page while the next page replaced it crashed
    # the program (exit -11) as the next article opened: only a real process shows that.
    png_image(tmp_path / "lib" / "cell.png", 1200, 400, GREEN)
    write_article(tmp_path / "lib", "rash", title="Rash",
                  body="| Sign | Picture |\n|---|---|\n| Rash | ![The rash](cell.png) |\n")  # fmt: skip
    write_article(tmp_path / "lib", "joints", title="Joints", body="Swollen.\n\n![A knee](cell.png)\n")
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from healthreader.content.catalogue import Catalogue
        from healthreader.settings import Settings
        from healthreader.ui.mainwindow import MainWindow
        app = QApplication([])
        catalogue = Catalogue.open(None)
        library = catalogue.load([Path({str(tmp_path / "lib")!r})], None)
        window = MainWindow(library, Settings(Path({str(tmp_path / "s.ini")!r})), {{}}, lambda: None)
        window.resize(900, 700)
        window.show()
        for article in ("rash", "joints") * 4:
            window.open_article(article)
            app.processEvents()
            print(window.view.document().toPlainText().splitlines()[0])
        window.go_back()
        app.processEvents()
        print(window.view.document().toPlainText().splitlines()[0])
        """
    )
    done = run_python(code, env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Rash", "Joints"] * 4 + ["Rash"]


def test_a_picture_after_words_broken_to_fit_still_follows_the_views_width(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """At a kiosk's largest text long words are broken with marks put into the page
    (ui/bodyfit.py), which moves everything after them: the picture is still found."""
    body = ("Lupus can cause glomerulonephritis and lymphoproliferative swelling.\n\n"
            "![The kidneys](wide.png)\n")  # fmt: skip
    window = open_page(qtbot, tmp_path, body, {"wide.png": (1200, 400, RED)}, ZOOM_MAX, 1.25)
    view = window.view
    for width in (560, 460, 620):
        resize_view(window, width)
        assert SOFT_HYPHEN in view.document().toPlainText()  # marks before the picture
        box = box_of(painted_page(view), RED)
        assert box is not None
        assert line_width(view) - view.verticalScrollBar().sizeHint().width() - 3 <= box[2] <= line_width(view)
        assert_nothing_to_scroll_sideways(view)


def test_a_camera_photo_is_unpacked_at_fewer_pixels_and_shown_as_before(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """A 4,000 px JPEG is twice as wide as the widest screen here (at least 1,920 px): it is
    unpacked at half its width (a quarter of the memory), and still laid out at its own
    size, fitted to the view like any wide picture. A PNG is kept whole (its format cannot
    be unpacked at a smaller size)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    photo = QImage(4000, 3000, QImage.Format.Format_RGB32)
    photo.fill(QColor(*BLUE))
    assert photo.save(str(folder / "photo.jpg"), "JPEG", 90)
    png_image(folder / "scan.png", 4000, 300, GREEN)
    body = "## What it looks like\n\nThe rash.\n\n![The rash](photo.jpg)\n\n![A scan](scan.png)\n"
    window = open_page(qtbot, tmp_path, body, {})

    served = window.view.loadResource(IMAGE_RESOURCE, QUrl("photo.jpg"))
    assert served.size().toTuple() == (2000, 1500)
    assert served.deviceIndependentSize().toTuple() == (4000.0, 3000.0)
    scan = window.view.loadResource(IMAGE_RESOURCE, QUrl("scan.png"))
    assert scan.size().toTuple() == (4000, 300) and scan.devicePixelRatio() == 1.0

    colour = QColor(served.pixel(1000, 750)).getRgb()[:3]
    box = box_of(painted_page(window.view), colour)
    assert box is not None
    _, _, width, height = box
    room = line_width(window.view)
    assert room - window.view.verticalScrollBar().sizeHint().width() - 3 <= width <= room
    assert abs(height - width * 3 / 4) <= 1.5  # its shape kept
    assert_nothing_to_scroll_sideways(window.view)


def test_a_phone_photo_stored_on_its_side_is_shown_upright(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """A phone stores a portrait photo as a landscape one, with a note to turn it (EXIF),
    which browsers follow. The reader showed it on its side."""
    jpeg_on_its_side(tmp_path / "lib" / "arm.jpg", 400, 300, BLUE)
    body = "## What it looks like\n\nThe rash.\n\n![The rash on an arm](arm.jpg)\n"
    window = open_page(qtbot, tmp_path, body, {})

    served = window.view.loadResource(IMAGE_RESOURCE, QUrl("arm.jpg"))
    assert served.size().toTuple() == (300, 400)
    box = box_of(painted_page(window.view), QColor(served.pixel(150, 200)).getRgb()[:3])
    assert box is not None and box[2:] == (300, 400)  # as high as it is upright


def lines_of(image: QImage, across: bool) -> int:
    """How many separate lines a grab shows: red rows (``across``) or green columns (the
    page's text is black and blue)."""
    def red(x: int, y: int) -> bool:
        colour = QColor(image.pixel(x, y))
        if across:
            return colour.red() - max(colour.green(), colour.blue()) > 24
        return colour.green() - max(colour.red(), colour.blue()) > 24

    outer, inner = (image.height(), image.width()) if across else (image.width(), image.height())
    marked = [any(red(i, o) if across else red(o, i) for i in range(0, inner)) for o in range(outer)]
    return sum(1 for o in range(outer) if marked[o] and (o == 0 or not marked[o - 1]))


def test_a_picture_shown_smaller_is_smoothed_and_keeps_its_thin_lines(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """A diagram twice as wide as the view is shown at half its size from a smooth copy:
    each of its 1-px lines is still drawn (Qt's own drawing kept every other pixel, and a
    line on a pixel it left out vanished)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    window = open_page(qtbot, tmp_path, "## Glands\n\nA drawing.\n", {})
    room = int(line_width(window.view) - window.view.verticalScrollBar().sizeHint().width() - 4)
    diagram = QImage(2 * room, 240, QImage.Format.Format_RGB32)
    diagram.fill(QColor("white"))
    painter = QPainter(diagram)
    for at in (60, 121):  # one on an even pixel, one on an odd: every other one is left out
        painter.setPen(QColor(*RED))
        painter.drawLine(0, at, diagram.width() - 1, at)
        painter.setPen(QColor(*GREEN))
        painter.drawLine(2 * at, 150, 2 * at, 239)
    painter.end()
    assert diagram.save(str(folder / "glands.png"))
    write_article(folder, "glands", title="Glands", body="## Glands\n\n![Glands](glands.png)\n")
    window.catalogue.close()
    catalogue = Catalogue.open(None)
    window.library = library = catalogue.load([folder], None)
    window = make_window(qtbot, library, tmp_path, 0)
    window.open_article("glands")
    QApplication.processEvents()

    shown = window.view.viewport().grab().toImage()
    assert lines_of(shown, across=True) == 2
    assert lines_of(shown, across=False) == 2
    catalogue.close()

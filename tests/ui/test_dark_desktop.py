"""A dark desktop (Windows, macOS, GNOME or KDE in dark mode): every text of the article
and of the definition bar stays readable, and turning the desktop dark or light while the
reader is open recolours the page in place."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from healthreader.ui.mainwindow import MainWindow
from helpers import click_text, text_contrast, text_rect, write_article

# The title, a heading, "Also called", the summary box, a glossary term, a link to another
# article and the review date: each in a colour of its own.
COLOURED = ("Marsh fever", "What is it?", "Bog ague", "A fever with chills", "anemia", "Reed rash",
            "Last reviewed")  # fmt: skip
LEAST = 4.5  # WCAG AA for body text


def contrasts(window: MainWindow) -> dict[str, float]:
    view = window.view
    found = {}
    for text in COLOURED:
        rect = text_rect(view, text)
        found[text] = round(text_contrast(view.viewport().grab().toImage(), rect)[0], 1)
    return found


def backgrounds(window: MainWindow, *texts: str) -> list[str]:
    view = window.view
    return [text_contrast(view.viewport().grab().toImage(), text_rect(view, t))[1].name() for t in texts]


@pytest.mark.parametrize("dark", [True, False], ids=["dark", "light"])
def test_every_coloured_text_of_an_article_can_be_read(
    make_reader, settings_path, qtbot, desktop, dark: bool,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    from healthreader.settings import Settings, disclaimer_version
    from helpers import DISCLAIMER

    desktop(dark)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start("marsh-fever")
    qtbot.waitExposed(window)

    assert all(c >= LEAST for c in contrasts(window).values()), contrasts(window)
    # The summary stands in a box of its own colour, and the page's background is the
    # desktop's.
    summary, page = backgrounds(window, "A fever with chills", "What is it?")
    assert summary != page
    assert page == window.view.palette().base().color().name()


def test_the_page_is_recoloured_when_the_desktop_turns_dark_and_back(main_window: MainWindow, qtbot,
                                                                     desktop) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = main_window
    window.resize(560, 360)
    window.open_article("marsh-fever")
    bar = window.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    where = bar.value()

    desktop(True)

    qtbot.waitUntil(lambda: backgrounds(window, "What is it?") == ["#1e1e1e"])
    assert min(contrasts(window).values()) >= LEAST, contrasts(window)
    assert window.view.toPlainText().startswith("Marsh fever")
    desktop(False)
    qtbot.waitUntil(lambda: backgrounds(window, "What is it?") == ["#ffffff"])
    assert min(contrasts(window).values()) >= LEAST
    # Where the reader was stays (contrasts() scrolled to each text: back to the middle).
    bar.setValue(where)
    desktop(True)
    qtbot.waitUntil(lambda: backgrounds(window, "What is it?") == ["#1e1e1e"])
    assert bar.value() == where


def test_an_open_definition_is_recoloured_when_the_desktop_turns_dark(main_window: MainWindow, qtbot,
                                                                     desktop) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    main_window.open_article("marsh-fever")
    click_text(qtbot, main_window.view, "anemia")
    bar = main_window.definition
    qtbot.waitUntil(bar.isVisible)

    def seen() -> tuple[float, int]:
        image = bar.grab().toImage()
        best, background = text_contrast(image, image.rect().adjusted(2, 2, -2, -2))
        return best, background.lightness()

    light_contrast, light_background = seen()
    desktop(True)
    qtbot.waitUntil(lambda: seen()[1] < 128)
    dark_contrast, _ = seen()

    assert light_background > 128
    assert light_contrast >= LEAST and dark_contrast >= LEAST


def test_a_see_through_drawing_is_shown_on_white_on_a_dark_desktop(
    make_reader, settings_path: Path, ui_library: Path, qtbot, desktop,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    from healthreader.settings import Settings, disclaimer_version
    from helpers import DISCLAIMER

    # A diagram as drawing programs save it: black lines on nothing.
    drawing = QImage(120, 80, QImage.Format.Format_ARGB32)
    drawing.fill(Qt.GlobalColor.transparent)
    painter = QPainter(drawing)
    painter.setPen(QPen(QColor("black"), 3))
    painter.drawRect(10, 10, 100, 60)
    painter.drawLine(10, 40, 110, 40)
    painter.end()
    drawing.save(str(ui_library / "diagram.png"))
    write_article(ui_library, "diagram", title="Diagram", body="## Parts\n\n![The parts](diagram.png)\n")
    desktop(True)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start("diagram")
    qtbot.waitExposed(window)

    shot = window.view.viewport().grab().toImage()
    black = [(x, y) for y in range(shot.height()) for x in range(shot.width())
             if QColor(shot.pixel(x, y)).lightness() < 30]  # fmt: skip
    assert black, "the drawing's lines are not on screen"
    left, top = min(x for x, _ in black), min(y for _, y in black)
    right, bottom = max(x for x, _ in black), max(y for _, y in black)
    inside = Counter(shot.pixel(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1))
    # Between its lines: white, as on paper, not the dark page the lines would vanish in.
    assert QColor.fromRgb(inside.most_common(1)[0][0]).name() == "#ffffff"
    assert window.view.palette().base().color().name() == "#1e1e1e"

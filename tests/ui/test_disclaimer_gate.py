"""The disclaimer gate: no article text before "I understand", on first launch and whenever
the disclaimer changes or the settings are unreadable (DESIGN.md, Disclaimer and settings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from healthreader.cli import read_disclaimer
from healthreader.settings import Settings, disclaimer_version
from healthreader.ui.articleview import ArticleView
from healthreader.ui.disclaimer import DisclaimerDialog
from helpers import ARTICLE_WORDS, DISCLAIMER, disclaimer_hash, find_named, top_level_text


def visible_windows() -> list[object]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def assert_no_article_text_anywhere() -> None:
    text = top_level_text()
    shown = [word for word in ARTICLE_WORDS if word.casefold() in text.casefold()]
    assert shown == [], f"article text on screen before acceptance: {shown}"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every page of HTML any article view is asked to show."""
    pages: list[str] = []
    real = ArticleView.show_page

    def recording(self: ArticleView, html: str, base_dir: Path | None, *args: str) -> None:
        pages.append(html)
        real(self, html, base_dir, *args)

    monkeypatch.setattr(ArticleView, "show_page", recording)
    return pages


def button(dialog: DisclaimerDialog, name: str) -> QPushButton:
    [found] = find_named(dialog, name, QPushButton)
    assert found.text() == name and found.isVisible() and found.isEnabled()
    return found


def test_first_launch_shows_only_the_disclaimer(make_reader, qtbot, rendered: list[str]) -> None:
    reader = make_reader()

    first = reader.start("marsh-fever")  # a deep link waits for acceptance

    assert isinstance(first, DisclaimerDialog)
    qtbot.waitExposed(first)
    assert visible_windows() == [first]
    assert not any(isinstance(w, QMainWindow) for w in QApplication.topLevelWidgets())
    assert first.accessibleName() == "Medical disclaimer"
    assert first.windowTitle() == "Medical disclaimer"
    assert "In an emergency, call your local emergency number." in first.text.toPlainText()
    button(first, "I understand")
    button(first, "Quit")
    assert_no_article_text_anywhere()
    assert rendered == []


def test_quit_exits_and_no_article_text_is_ever_rendered(make_reader, qtbot, rendered: list[str],
                                                         quit_calls: list[bool], settings_path: Path) -> None:  # fmt: skip
    reader = make_reader()
    gate = reader.start("marsh-fever")
    qtbot.waitExposed(gate)

    qtbot.mouseClick(button(gate, "Quit"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: quit_calls == [True])
    assert not gate.isVisible()
    assert reader.window is None
    assert rendered == []
    assert visible_windows() == []
    assert_no_article_text_anywhere()
    assert not Settings(settings_path).disclaimer_accepted(disclaimer_version(DISCLAIMER))


def test_escape_on_the_disclaimer_is_quit(make_reader, qtbot, rendered: list[str], quit_calls: list[bool]) -> None:
    gate = make_reader().start()
    qtbot.waitExposed(gate)

    qtbot.keyClick(gate, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: quit_calls == [True])
    assert rendered == []


def test_accepting_opens_the_deep_linked_article_and_remembers(make_reader, qtbot, settings_path: Path,
                                                                quit_calls: list[bool]) -> None:  # fmt: skip
    reader = make_reader()
    gate = reader.start("marsh-fever")
    qtbot.waitExposed(gate)

    qtbot.mouseClick(button(gate, "I understand"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: reader.window is not None and reader.window.isVisible())
    window = reader.window
    page = window.view.toPlainText()
    assert page.startswith("Marsh fever")
    assert "Marsh fever makes you hot, shaky and tired." in page
    assert not gate.isVisible()
    assert quit_calls == []
    stored = settings_path.read_text(encoding="utf-8")
    assert f"accepted_version={disclaimer_hash(DISCLAIMER)}" in stored


def test_after_acceptance_the_next_launch_goes_straight_to_the_window(make_reader, qtbot) -> None:
    gate = make_reader().start()
    qtbot.mouseClick(button(gate, "I understand"), Qt.MouseButton.LeftButton)

    second = make_reader().start("reed-rash")

    assert isinstance(second, QMainWindow)
    qtbot.waitExposed(second)
    assert second.view.toPlainText().startswith("Reed rash")


def test_a_changed_disclaimer_is_asked_again(make_reader, qtbot, rendered: list[str], settings_path: Path) -> None:
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    changed = DISCLAIMER + "\nWe added a sentence.\n"

    reader = make_reader(disclaimer=changed)
    first = reader.start("reed-rash")

    assert isinstance(first, DisclaimerDialog)
    qtbot.waitExposed(first)
    assert "We added a sentence." in first.text.toPlainText()
    assert reader.window is None and rendered == []
    assert_no_article_text_anywhere()

    qtbot.mouseClick(button(first, "I understand"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reader.window is not None and reader.window.isVisible())
    assert f"accepted_version={disclaimer_hash(changed)}" in settings_path.read_text("utf-8")


def test_the_spanish_disclaimer_is_shown_and_accepted_with_the_english(make_reader, qtbot,
                                                                       settings_path: Path) -> None:  # fmt: skip
    both = read_disclaimer(["en", "es"])  # a library with Spanish pages (tests/unit/test_cli.py)
    reader = make_reader(disclaimer=both)

    gate = reader.start()

    assert isinstance(gate, DisclaimerDialog)
    qtbot.waitExposed(gate)
    shown = gate.text.toPlainText()
    assert shown.index("In an emergency, call your local emergency number") < shown.index(
        "Antes de leer (en español)") < shown.index("En una emergencia, llame enseguida")  # fmt: skip
    assert "Para seguir, pulse I understand (Entiendo). Para salir, pulse Quit (Salir)." in shown
    qtbot.mouseClick(button(gate, "I understand"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reader.window is not None and reader.window.isVisible())
    assert f"accepted_version={disclaimer_hash(both)}" in settings_path.read_text("utf-8")


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff\xfe\x9c garbage \x00\n[disclaimer\n\xff=\xfe\n",
        b"[disclaimer]\naccepted_version=garbage\n",
        b"[disclaimer]\naccepted_version=0\n",
        b"[disclaimer]\naccepted_version=true\n",
        b"[disclaimer]\naccepted_version=1\n",
        b"[disclaimer]\naccepted_version=\n",
        b"[disclaimer]\naccepted_version=@Invalid()\n",
        b"[disclaimer]\naccepted_version=a, b\n",
        b"[general]\nzoom=3\n",
        b"",
    ],
    ids=["bytes", "garbage", "zero", "true", "one", "empty", "invalid", "list", "no-key", "empty-file"],
)
def test_odd_settings_mean_not_accepted(make_reader, qtbot, rendered: list[str], settings_path: Path,
                                        content: bytes) -> None:  # fmt: skip
    settings_path.write_bytes(content)

    reader = make_reader()
    first = reader.start("marsh-fever")

    assert isinstance(first, DisclaimerDialog)
    qtbot.waitExposed(first)
    assert reader.window is None and rendered == []
    assert_no_article_text_anywhere()


@pytest.mark.parametrize("transform", [str.upper, lambda h: h + "\\n", lambda h: f'"{h} "', lambda h: h[:-1]])
def test_a_near_miss_of_the_right_hash_is_not_accepted(make_reader, settings_path: Path, transform) -> None:  # type: ignore[no-untyped-def]
    settings_path.write_text(f"[disclaimer]\naccepted_version={transform(disclaimer_hash(DISCLAIMER))}\n",
                             encoding="utf-8")  # fmt: skip

    assert isinstance(make_reader().start(), DisclaimerDialog)


def test_the_right_hash_written_by_hand_is_accepted(make_reader, qtbot, settings_path: Path) -> None:
    # The counterpart of the tests above: the same file format with the right value opens.
    settings_path.write_text(f"[disclaimer]\naccepted_version={disclaimer_hash(DISCLAIMER)}\n",
                             encoding="utf-8")  # fmt: skip

    first = make_reader().start()

    assert isinstance(first, QMainWindow)
    qtbot.waitExposed(first)
    assert first.view.toPlainText().startswith("Health Reader")


def test_a_settings_path_that_is_a_folder_means_not_accepted(make_reader, tmp_path: Path, rendered: list[str]) -> None:
    folder = tmp_path / "settings-folder"
    folder.mkdir()

    reader = make_reader(settings=folder)

    assert isinstance(reader.start(), DisclaimerDialog)
    assert rendered == []


def test_accepting_over_a_corrupt_settings_file_is_remembered(make_reader, qtbot, settings_path: Path) -> None:
    settings_path.write_bytes(b"\x00\xff\xfe\x9c garbage \x00\n[disclaimer\n\xff=\xfe\n")
    reader = make_reader()
    gate = reader.start()
    qtbot.mouseClick(button(gate, "I understand"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reader.window is not None and reader.window.isVisible())
    reader.window.close()

    again = make_reader().start()

    assert isinstance(again, QMainWindow)


def test_a_save_that_fails_at_acceptance_keeps_the_saved_text_size_and_article(make_reader, qtbot,
                                                                                tmp_path: Path) -> None:  # fmt: skip
    # Read, but not saveable: a save's temporary file (the name plus six characters) would
    # have a name too long for the file system, as a full disk makes a save fail.
    path = tmp_path / ("s" * 246 + ".ini")
    path.write_text("[print]\nclinic_name=Riverside Family Clinic\n[view]\nzoom_steps=5\n"
                    "last_article=reed-rash\n", encoding="utf-8")  # fmt: skip
    reader = make_reader(settings=path)
    gate = reader.start()

    qtbot.mouseClick(button(gate, "I understand"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reader.window is not None and reader.window.isVisible())

    window = reader.window
    assert (window.zoom_steps, window.current, window.clinic_name) == (5, "reed-rash", "Riverside Family Clinic")
    assert window.statusBar().currentMessage() == (
        f"Settings cannot be saved to {path}: the disclaimer will be asked for again next time, "
        "and text size and window size are not kept."
    )


# -- its text size and its size on screen ----------------------------------------------------


def text_size(dialog: DisclaimerDialog) -> float:
    return dialog.text.document().defaultFont().pointSizeF()


def assert_on_screen_with_its_buttons(dialog: DisclaimerDialog, names: tuple[str, ...]) -> None:
    from PySide6.QtCore import QPoint, QRect

    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    for name in names:
        [found] = find_named(dialog, name, QPushButton)
        assert found.isVisible() and dialog.rect().contains(QRect(found.mapTo(dialog, QPoint(0, 0)), found.size()))


def test_the_disclaimer_is_at_the_saved_reading_size_and_as_high_as_its_text(
    make_reader, qtbot, settings_path: Path
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    """It was a fixed 560×420 box in the 9 pt system font, a third of it empty."""
    from healthreader.ui import theme

    settings = Settings(settings_path)
    settings.zoom_steps = 2  # Larger text, saved last time
    settings.sync()

    gate = make_reader().start()
    qtbot.waitExposed(gate)

    assert text_size(gate) == theme.point_size(2) > QApplication.font().pointSizeF()
    assert_on_screen_with_its_buttons(gate, ("I understand", "Quit"))
    # The whole (short) text shows, with no more than two empty lines under it.
    lines = gate.text.fontMetrics().lineSpacing()
    assert gate.text.verticalScrollBar().maximum() == 0
    assert gate.text.viewport().height() - gate.text.document().size().height() < 2 * lines


def test_at_the_largest_text_the_disclaimer_scrolls_within_the_screen(make_reader, qtbot,
                                                                      settings_path: Path) -> None:  # fmt: skip
    from healthreader import paths
    from healthreader.settings import ZOOM_MAX
    from healthreader.ui import theme

    settings = Settings(settings_path)
    settings.zoom_steps = ZOOM_MAX
    settings.sync()

    gate = make_reader(disclaimer=paths.disclaimer_path().read_text(encoding="utf-8")).start()
    qtbot.waitExposed(gate)

    assert text_size(gate) == theme.point_size(ZOOM_MAX)
    assert_on_screen_with_its_buttons(gate, ("I understand", "Quit"))
    assert gate.text.verticalScrollBar().maximum() > 0  # the rest of the text scrolls


def test_help_shows_the_disclaimer_at_the_article_size(make_reader, qtbot, settings_path: Path) -> None:
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start("reed-rash")
    qtbot.waitExposed(window)
    window.set_zoom(3)

    window.actions_by_name["Medical disclaimer…"].trigger()

    [dialog] = [d for d in find_named(window, "Medical disclaimer", DisclaimerDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    assert text_size(dialog) == window.view.document().defaultFont().pointSizeF()
    assert_on_screen_with_its_buttons(dialog, ())
    assert dialog.findChild(QPushButton).isVisible()  # Close


# -- the keyboard ------------------------------------------------------------------------------


def press_on_focus(qtbot, key) -> None:  # type: ignore[no-untyped-def]
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


@pytest.mark.parametrize(("keys", "focused_name"), [
    ([], "Disclaimer text"),
    ([Qt.Key.Key_Tab] * 3, "Disclaimer text"),  # past "I understand" and "Quit", back to the text
    ([Qt.Key.Key_Backtab], "Quit"),  # Shift+Tab onto Quit, and on to the others
    ([Qt.Key.Key_Backtab] * 3, "Disclaimer text"),
    ([Qt.Key.Key_Tab], "I understand"),
], ids=["at-start", "tab-cycle", "on-quit", "shift-tab-cycle", "on-accept"])  # fmt: skip
def test_enter_presses_i_understand_unless_quit_has_the_focus(make_reader, qtbot, quit_calls: list[bool],
                                                               keys: list[Qt.Key], focused_name: str) -> None:  # fmt: skip
    """A screen-reader user reads the text, Tabs over both buttons to hear them, goes back to
    the text and presses Enter: that quit, as Quit had become the default button."""
    reader = make_reader()
    gate = reader.start()
    gate.activateWindow()
    qtbot.waitExposed(gate)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is gate.text)

    for key in keys:
        press_on_focus(qtbot, key)
    assert QApplication.focusWidget().accessibleName() == focused_name
    press_on_focus(qtbot, Qt.Key.Key_Return)

    if focused_name == "Quit":
        qtbot.waitUntil(lambda: quit_calls == [True])
        assert reader.window is None
    else:
        qtbot.waitUntil(lambda: reader.window is not None and reader.window.isVisible())
        assert quit_calls == []


def test_the_disclaimer_text_shows_that_it_has_the_keyboard(make_reader, qtbot) -> None:
    """The focus starts on the text, which looked as it does without it: only the default
    button's frame stood out, and a keyboard user took that for the focus. It gets the
    article's focus frame (ui/focusframe.py)."""
    from PySide6.QtGui import QColor

    from healthreader.ui import theme

    gate = make_reader().start()
    gate.activateWindow()
    qtbot.waitExposed(gate)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is gate.text)
    focus = QColor(theme.focus_colour(gate.text.palette()))

    def edge() -> QColor:
        viewport = gate.text.viewport()
        return viewport.grab().toImage().pixelColor(0, viewport.height() // 2)

    assert gate.text.has_focus_frame() and edge() == focus
    qtbot.keyClick(gate.text, Qt.Key.Key_Tab)  # to "I understand"
    assert not gate.text.has_focus_frame() and edge() != focus

"""ui/handoutdialog.py as a clinician uses it: pick articles, order them, large print, the
clinic name, then Print… or Export PDF…, and what ends up on paper (read back with pypdf)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from healthreader.errors import ContentError
from healthreader.settings import Settings, disclaimer_version
from healthreader.ui import handoutdialog, printing
from healthreader.ui.handoutdialog import HandoutDialog
from healthreader.ui.mainwindow import MainWindow
from helpers import (
    DISCLAIMER,
    SHORT_NAME_PICKS,
    SHORT_NAMES,
    SaveDialog,
    StandInPreview,
    answer_message_box,
    end_pause,
    find_named,
    pdf_pages,
    saved_on_status_bar,
    text_size,
    write_article,
    write_bilingual_articles,
    write_short_names,
)

ACTION = "Handout of several articles…"
Key = Qt.Key
Mod = Qt.KeyboardModifier


# -- what the clinician sees and does --------------------------------------------------------


def open_handout(qtbot: QtBot, window: MainWindow) -> HandoutDialog:
    """File → Handout of several articles…, as a user opens it; waits for the dialog."""
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    [action] = [a for a in file_menu.actions() if a.text() == ACTION]
    action.trigger()
    dialog = shown_dialog(window)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def shown_dialog(window: MainWindow) -> HandoutDialog | None:
    dialogs = [d for d in find_named(window, "Handout", QDialog) if d.isVisible()]
    assert len(dialogs) <= 1
    return dialogs[0] if dialogs else None


def named(dialog: QDialog, name: str, kind: type[QWidget] = QWidget) -> Any:
    [widget] = find_named(dialog, name, kind)
    return widget


def rows(view: QListWidget) -> list[str]:
    """The rows a user sees in a list (filtered-out rows are hidden)."""
    return [view.item(r).text() for r in range(view.count()) if not view.item(r).isHidden()]


def ticked(view: QListWidget) -> list[str]:
    return [view.item(r).text() for r in range(view.count())
            if view.item(r).checkState() == Qt.CheckState.Checked]  # fmt: skip


def order(dialog: QDialog) -> list[str]:
    return rows(named(dialog, "Handout order", QListWidget))


def check(qtbot: QtBot, dialog: QDialog, title: str) -> None:
    """Type the title in the filter, Down into the list, Space: checked."""
    field = named(dialog, "Filter conditions", QLineEdit)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, title)
    qtbot.keyClick(field, Key.Key_Down)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    assert articles.currentItem().text() == title
    qtbot.keyClick(articles, Key.Key_Space)


def button(dialog: QDialog, name: str) -> QPushButton:
    found: QPushButton = named(dialog, name, QPushButton)
    return found


def contents_order(contents: str, titles: list[str]) -> list[int]:
    """The page numbers the contents page gives the titles, checking they come in order."""
    pages = []
    for number, title in enumerate(titles, start=1):
        match = re.search(rf"{number}\. {re.escape(title)} .*? (\d+)(?: |$)", contents)
        assert match, (title, contents)
        pages.append(int(match.group(1)))
    positions = [contents.index(f"{n}. {t} ") for n, t in enumerate(titles, start=1)]
    assert positions == sorted(positions)
    return pages


@pytest.fixture
def clinic_window(make_reader: Callable[..., Any], settings_path: Path, qtbot: QtBot) -> MainWindow:
    """The main window of a reader whose settings name a clinic for the header."""
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    qs = QSettings(str(settings_path), QSettings.Format.IniFormat)
    qs.setValue("print/clinic_name", "Riverside Family Clinic")
    qs.sync()
    window: MainWindow = make_reader().start()
    qtbot.waitExposed(window)
    return window


# -- opening it ------------------------------------------------------------------------------


def test_ctrl_shift_p_opens_the_handout_with_the_article_on_screen_chosen(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    main_window.open_article("reed-rash")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)

    qtbot.keyClick(main_window.view, Key.Key_P, Mod.ControlModifier | Mod.ShiftModifier)

    dialog = shown_dialog(main_window)
    assert dialog is not None and dialog.windowTitle() == "Handout" and dialog.isModal()
    articles = named(dialog, "All conditions A–Z", QListWidget)
    assert rows(articles) == ["Marsh fever", "Reed rash", "Stone cough"]  # every article A–Z
    assert ticked(articles) == ["Reed rash"]
    assert order(dialog) == ["1. Reed rash"]
    assert dialog.findChild(QLabel, "handout-summary").text() == "1 article."
    qtbot.waitUntil(named(dialog, "Filter conditions", QLineEdit).hasFocus)
    for name in ("Move up", "Move down", "Remove", "Print…", "Export PDF…", "Close"):
        assert button(dialog, name).isVisible(), name
    assert named(dialog, "Large print", QCheckBox).isChecked() is False
    assert named(dialog, "Clinic name", QLineEdit).text() == ""  # none in the settings


def test_a_screen_reader_hears_the_summary_and_the_no_match_message(
    main_window: MainWindow, qtbot: QtBot, screen_reader: list[str]
) -> None:
    from helpers import spoken

    main_window.open_article("marsh-fever")
    assert screen_reader == ["Marsh fever"]  # the page that opened
    screen_reader.clear()
    dialog = open_handout(qtbot, main_window)
    summary = dialog.findChild(QLabel, "handout-summary")
    field = named(dialog, "Filter conditions", QLineEdit)
    assert spoken(summary) == "1 article."

    qtbot.keyClicks(field, "reed")
    qtbot.keyClick(field, Key.Key_Return)  # checks Reed rash

    assert spoken(summary) == "2 articles, after a contents page."
    assert screen_reader == ["2 articles, after a contents page."]
    field.selectAll()
    qtbot.keyClicks(field, "zzz")
    message = dialog.findChild(QLabel, "no-match")
    assert spoken(message) == "No condition matches \u201czzz\u201d."  # shown at once
    end_pause(qtbot, dialog._filter_speech)
    assert screen_reader[1:] == ["No condition matches \u201czzz\u201d."]  # once, when typing paused


def test_typing_in_the_filter_is_announced_once_when_it_pauses(
    main_window: MainWindow, qtbot: QtBot, screen_reader: list[str]
) -> None:
    dialog = open_handout(qtbot, main_window)
    field = named(dialog, "Filter conditions", QLineEdit)

    for char in "xqzzy":
        qtbot.keyClick(field, char)
        QApplication.processEvents()  # what each key starts runs before the next key

    assert screen_reader == []
    end_pause(qtbot, dialog._filter_speech)
    assert screen_reader == ["No condition matches \u201cxqzzy\u201d."]
    qtbot.keyClicks(field, "abc")
    field.clear()  # matches again before the pause: nothing to say
    end_pause(qtbot, dialog._filter_speech)
    assert screen_reader == ["No condition matches \u201cxqzzy\u201d."]


def test_the_file_menu_offers_it_with_its_shortcut_on_every_page(main_window: MainWindow) -> None:
    [file_menu] = [a.menu() for a in main_window.menuBar().actions() if a.text() == "&File"]
    [action] = [a for a in file_menu.actions() if a.text() == ACTION]
    assert action.shortcut().toString() == "Ctrl+Shift+P"
    assert action.isEnabled()  # on the home page too: the clinician picks from the list
    assert [a.text() for a in file_menu.actions()][:3] == ["Print…", "Export PDF…", ACTION]


def test_from_the_home_page_nothing_is_chosen_and_print_and_export_wait(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_handout(qtbot, main_window)

    assert order(dialog) == []
    assert dialog.findChild(QLabel, "handout-summary").text() == handoutdialog.EMPTY_TEXT
    for name in ("Print…", "Export PDF…", "Remove", "Move up", "Move down"):
        assert not button(dialog, name).isEnabled(), name

    check(qtbot, dialog, "Stone cough")
    assert order(dialog) == ["1. Stone cough"]
    assert button(dialog, "Print…").isEnabled() and button(dialog, "Export PDF…").isEnabled()

    qtbot.mouseClick(button(dialog, "Remove"), Qt.MouseButton.LeftButton)
    assert order(dialog) == []
    assert ticked(named(dialog, "All conditions A–Z", QListWidget)) == []
    assert not button(dialog, "Print…").isEnabled()
    assert not button(dialog, "Export PDF…").isEnabled()


# -- choosing --------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "shown"), [
    # another name, without its accent, in capitals: the row says which name matched
    ("FIEVRE", ["Marsh fever, also called Fièvre des marais"]),
    ("fièvre des", ["Marsh fever, also called Fièvre des marais"]),
    ("quarry", ["Stone cough, also called Quarry lung"]),
    ("  reed ", ["Reed rash"]),
    ("m", ["Marsh fever", "Stone cough"]),  # one letter, where a word starts: titles alone
    ("arsh", ["Marsh fever"]),  # from four letters, inside a word too
])  # fmt: skip
def test_the_filter_narrows_the_list_ignoring_case_and_accents(
    main_window: MainWindow, qtbot: QtBot, typed: str, shown: list[str]
) -> None:
    dialog = open_handout(qtbot, main_window)
    field = named(dialog, "Filter conditions", QLineEdit)
    if typed.isascii():
        qtbot.keyClicks(field, typed)
    else:  # QTest types ASCII only (it aborts on "è"): as an input method would
        field.insert(typed)

    assert rows(named(dialog, "All conditions A–Z", QListWidget)) == shown
    assert not dialog.findChild(QLabel, "no-match").isVisible()


def test_a_filter_that_matches_nothing_says_so_and_keeps_the_choice(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    main_window.open_article("marsh-fever")
    dialog = open_handout(qtbot, main_window)
    field = named(dialog, "Filter conditions", QLineEdit)

    qtbot.keyClicks(field, "<b>lupsu</b>")

    assert rows(named(dialog, "All conditions A–Z", QListWidget)) == []
    message = dialog.findChild(QLabel, "no-match")
    assert message.isVisible() and message.text() == "No condition matches \u201c<b>lupsu</b>\u201d."
    assert message.textFormat() == Qt.TextFormat.PlainText
    assert order(dialog) == ["1. Marsh fever"]  # hidden, still chosen

    qtbot.keyClick(field, Key.Key_Escape)  # the first Escape empties the filter

    assert field.text() == "" and dialog.isVisible()
    assert rows(named(dialog, "All conditions A–Z", QListWidget)) == ["Marsh fever", "Reed rash",
                                                                      "Stone cough"]  # fmt: skip
    assert not message.isVisible()


def test_the_keyboard_checks_and_enter_never_closes_the_dialog(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_handout(qtbot, main_window)
    field = named(dialog, "Filter conditions", QLineEdit)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    qtbot.waitUntil(field.hasFocus)

    qtbot.keyClicks(field, "stone")
    qtbot.keyClick(field, Key.Key_Down)  # into the list, on the first row shown
    assert articles.hasFocus() and articles.currentItem().text() == "Stone cough"
    qtbot.keyClick(articles, Key.Key_Space)
    assert order(dialog) == ["1. Stone cough"]
    qtbot.keyClick(articles, Key.Key_Return)  # Enter on a row checks or unchecks it too
    assert order(dialog) == []
    qtbot.keyClick(articles, Key.Key_Enter)
    assert order(dialog) == ["1. Stone cough"]
    qtbot.keyClick(articles, Key.Key_Up)  # up from the first row: back to the filter
    assert field.hasFocus()

    field.clear()
    qtbot.keyClick(field, Key.Key_Return)  # nothing typed: nothing checked
    assert order(dialog) == ["1. Stone cough"]
    qtbot.keyClicks(field, "bog ague")
    qtbot.keyClick(field, Key.Key_Return)  # Enter in the filter checks the first row shown
    qtbot.keyClick(field, Key.Key_Return)  # ... and never unchecks it
    assert order(dialog) == ["1. Stone cough", "2. Marsh fever"]
    assert field.selectedText() == "bog ague"  # typing replaces it: the next name
    clinic = named(dialog, "Clinic name", QLineEdit)
    clinic.setFocus()
    qtbot.keyClick(clinic, Key.Key_Return)
    qtbot.keyClick(named(dialog, "Large print", QCheckBox), Key.Key_Enter)

    assert dialog.isVisible() and dialog.result() == 0
    assert order(dialog) == ["1. Stone cough", "2. Marsh fever"]


def test_enter_in_the_filter_checks_a_title_that_matches_before_one_shown_for_another_name(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_handout(qtbot, main_window)
    field = named(dialog, "Filter conditions", QLineEdit)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    qtbot.keyClicks(field, "m")  # Marsh fever's title; Stone cough's other name, Miner's hack
    assert rows(articles) == ["Marsh fever", "Stone cough"]
    qtbot.keyClick(field, Key.Key_Return)
    assert order(dialog) == ["1. Marsh fever"]
    field.setText("re")  # where a word starts only: Reed rash, not fièvRE des marais
    assert rows(articles) == ["Reed rash"]
    qtbot.keyClick(field, Key.Key_Return)
    assert order(dialog) == ["1. Marsh fever", "2. Reed rash"]

    field.setText("qua")  # only Stone cough, for another name: that one is checked
    qtbot.keyClick(field, Key.Key_Return)
    assert order(dialog) == ["1. Marsh fever", "2. Reed rash", "3. Stone cough"]


def test_move_up_down_and_remove_change_the_order(main_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_handout(qtbot, main_window)
    for title in ("Reed rash", "Stone cough", "Marsh fever"):
        check(qtbot, dialog, title)
    assert order(dialog) == ["1. Reed rash", "2. Stone cough", "3. Marsh fever"]
    listed = named(dialog, "Handout order", QListWidget)

    # The last one added is selected: move it to the top, by button then by keys.
    qtbot.mouseClick(button(dialog, "Move up"), Qt.MouseButton.LeftButton)
    listed.setFocus()
    qtbot.keyClick(listed, Key.Key_Up, Mod.ControlModifier)
    assert order(dialog) == ["1. Marsh fever", "2. Reed rash", "3. Stone cough"]
    assert not button(dialog, "Move up").isEnabled()  # already first

    qtbot.keyClick(listed, Key.Key_Down, Mod.ControlModifier)
    qtbot.mouseClick(button(dialog, "Move down"), Qt.MouseButton.LeftButton)
    assert order(dialog) == ["1. Reed rash", "2. Stone cough", "3. Marsh fever"]
    assert not button(dialog, "Move down").isEnabled()  # already last

    listed.setCurrentRow(0)
    qtbot.keyClick(listed, Key.Key_Delete)
    assert order(dialog) == ["1. Stone cough", "2. Marsh fever"]
    assert ticked(named(dialog, "All conditions A–Z", QListWidget)) == ["Marsh fever", "Stone cough"]


def press_space_on_the_focus(qtbot: QtBot, dialog: QDialog, times: int) -> list[tuple[list[str], str]]:
    """Space, ``times`` times, on whatever has the focus: the order and the focused widget's
    name after each."""
    seen = []
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Space)
        seen.append((order(dialog), QApplication.focusWidget().accessibleName()))
    return seen


def test_move_up_pressed_again_at_the_top_changes_nothing(main_window: MainWindow, qtbot: QtBot) -> None:
    """At the top Move up is disabled: the focus goes to the order list, never on to
    Remove, where the next Space would take an article out."""
    dialog = open_handout(qtbot, main_window)
    for title in ("Reed rash", "Stone cough", "Marsh fever"):
        check(qtbot, dialog, title)
    listed = named(dialog, "Handout order", QListWidget)
    listed.setFocus()
    qtbot.waitUntil(listed.hasFocus)
    qtbot.keyClick(listed, Key.Key_End)
    qtbot.keyClick(listed, Key.Key_Tab)
    assert QApplication.focusWidget() is button(dialog, "Move up")

    seen = press_space_on_the_focus(qtbot, dialog, 4)

    top = ["1. Marsh fever", "2. Reed rash", "3. Stone cough"]
    assert seen[0] == (["1. Reed rash", "2. Marsh fever", "3. Stone cough"], "Move up")
    assert seen[1:] == [(top, "Handout order")] * 3
    assert listed.currentItem().text() == "1. Marsh fever"  # the row moved stays current
    assert ticked(named(dialog, "All conditions A–Z", QListWidget)) == ["Marsh fever", "Reed rash",
                                                                      "Stone cough"]  # fmt: skip


def test_remove_pressed_on_an_empty_handout_changes_no_option(main_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_handout(qtbot, main_window)
    for title in ("Reed rash", "Stone cough"):
        check(qtbot, dialog, title)
    remove = button(dialog, "Remove")
    remove.setFocus()
    qtbot.waitUntil(remove.hasFocus)

    seen = press_space_on_the_focus(qtbot, dialog, 4)

    assert seen[0] == (["1. Reed rash"], "Remove")
    assert seen[1:] == [([], "Handout order")] * 3
    assert not named(dialog, "Large print", QCheckBox).isChecked()  # never turned on by Space
    assert named(dialog, "Clinic name", QLineEdit).text() == ""


def test_a_row_dropped_elsewhere_in_the_order_is_renumbered(main_window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_handout(qtbot, main_window)
    for title in ("Reed rash", "Stone cough", "Marsh fever"):
        check(qtbot, dialog, title)
    listed = named(dialog, "Handout order", QListWidget)

    # What a drag and drop inside the list does to its model.
    assert listed.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)

    assert order(dialog) == ["1. Marsh fever", "2. Reed rash", "3. Stone cough"]
    assert dialog.chosen_ids() == ["marsh-fever", "reed-rash", "stone-cough"]


# -- what ends up on paper -------------------------------------------------------------------


def test_three_articles_reordered_export_as_a_large_print_packet_in_that_order(
    main_window: MainWindow, qtbot: QtBot, save_dialog: SaveDialog, tmp_path: Path
) -> None:
    main_window.open_article("reed-rash")
    dialog = open_handout(qtbot, main_window)
    check(qtbot, dialog, "Stone cough")
    check(qtbot, dialog, "Marsh fever")
    listed = named(dialog, "Handout order", QListWidget)
    listed.setCurrentRow(2)
    for _ in range(2):
        qtbot.mouseClick(button(dialog, "Move up"), Qt.MouseButton.LeftButton)
    large = named(dialog, "Large print", QCheckBox)
    qtbot.mouseClick(large, Qt.MouseButton.LeftButton, pos=QPoint(8, large.height() // 2))
    assert large.isChecked()
    qtbot.keyClicks(named(dialog, "Clinic name", QLineEdit), "  Harbour   Street Clinic ")
    assert order(dialog) == ["1. Marsh fever", "2. Reed rash", "3. Stone cough"]

    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)

    saved = tmp_path / "chosen.pdf"
    assert len(save_dialog.offered) == 1
    assert Path(save_dialog.offered[0]).name == "Marsh fever and 2 more - Health Reader.pdf"
    pages = pdf_pages(saved)
    header = "Harbour Street Clinic Health Reader"
    assert all(page.startswith(header) for page in pages)
    assert pages[0].startswith(f"{header} Your handouts This packet has 3 handouts.")
    titles = ["Marsh fever", "Reed rash", "Stone cough"]
    starts = contents_order(pages[0], titles)
    assert starts == sorted(starts) and starts[0] == 2
    for title, start in zip(titles, starts, strict=True):
        assert pages[start - 1].startswith(f"{header} {title} ")
    # Large print: the body in 16 pt type (12 pt in normal print).
    assert text_size(saved, starts[2] - 1, "Stone cough is a dry") == pytest.approx(16, abs=0.5)
    # Done: the dialog closes and the window says where the file is.
    qtbot.waitUntil(lambda: shown_dialog(main_window) is None)
    assert saved_on_status_bar(main_window, saved)


def test_an_article_that_cannot_be_read_is_named_and_nothing_is_saved(
    main_window: MainWindow, qtbot: QtBot, save_dialog: SaveDialog, tmp_path: Path,
    message_boxes: list[tuple[str, str, str]], monkeypatch: pytest.MonkeyPatch,
) -> None:
    main_window.open_article("reed-rash")
    dialog = open_handout(qtbot, main_window)
    check(qtbot, dialog, "Stone cough")

    def broken(article_id: str) -> object:
        raise ContentError("cannot read the file: Permission denied", Path("/srv/stone-cough.md"))

    main_window.library._cache.clear()
    monkeypatch.setattr(main_window.library, "fetch", broken)
    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)

    assert message_boxes == [("warning", "Could not make the handout",
                              "An article could not be read: /srv/stone-cough.md: cannot read the "
                              "file: Permission denied")]  # fmt: skip
    assert save_dialog.offered == [] and list(tmp_path.glob("*.pdf")) == []
    assert dialog.isVisible() and order(dialog) == ["1. Reed rash", "2. Stone cough"]


def test_cancelling_the_save_dialog_keeps_the_handout_open(
    main_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(None))
    main_window.open_article("reed-rash")
    dialog = open_handout(qtbot, main_window)

    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and order(dialog) == ["1. Reed rash"]
    assert main_window.statusBar().currentMessage() == ""


def documents() -> Path:
    """Where the first Export PDF… starts: Documents, or home on a machine with none."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    return folder if folder.is_dir() else Path.home()


def offered_folder(dialog: SaveDialog, which: int = -1) -> Path:
    """The folder the save dialog opened in (it is offered a full path to a file there)."""
    return Path(dialog.offered[which]).parent


def test_export_pdf_starts_where_the_user_saved_last_in_the_window_and_the_handout(
    main_window: MainWindow, qtbot: QtBot, save_dialog: SaveDialog, tmp_path: Path,
    settings_path: Path,
) -> None:
    handouts = tmp_path / "handouts for Mrs Reed"
    handouts.mkdir()
    main_window.open_article("marsh-fever")
    save_dialog.answer = handouts / "marsh.pdf"

    main_window.actions_by_name["Export PDF…"].trigger()  # the first: Documents
    assert offered_folder(save_dialog) == documents()
    assert (handouts / "marsh.pdf").read_bytes().startswith(b"%PDF-")

    main_window.actions_by_name["Export PDF…"].trigger()
    assert save_dialog.offered[-1] == str(handouts / "Marsh fever - Health Reader.pdf")

    dialog = open_handout(qtbot, main_window)
    check(qtbot, dialog, "Reed rash")
    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)
    assert save_dialog.offered[-1] == str(handouts / "Marsh fever and 1 more - Health Reader.pdf")

    # In memory only: the settings file never names the folder.
    main_window.save_state()
    assert settings_path.exists() and "handouts" not in settings_path.read_text(encoding="utf-8")


def test_with_no_documents_folder_export_pdf_starts_at_home_not_in_the_working_folder(
    main_window: MainWindow, save_dialog: SaveDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh account, or a kiosk-like machine, often has no ~/Documents: Qt's dialog then
    # opened wherever the program was started from.
    missing = tmp_path / "Documents"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _kind: str(missing))
    main_window.open_article("marsh-fever")
    save_dialog.answer = tmp_path / "marsh.pdf"

    main_window.actions_by_name["Export PDF…"].trigger()

    assert offered_folder(save_dialog) == Path.home()
    assert (tmp_path / "marsh.pdf").read_bytes().startswith(b"%PDF-")


def test_after_a_failed_export_the_next_starts_in_that_folder_unless_it_is_gone(
    main_window: MainWindow, qtbot: QtBot, save_dialog: SaveDialog, tmp_path: Path,
    message_boxes: list[tuple[str, str, str]],
) -> None:
    clinic = tmp_path / "clinic share"
    (clinic / "marsh.pdf").mkdir(parents=True)  # a folder where the file should go
    main_window.open_article("marsh-fever")
    save_dialog.answer = clinic / "marsh.pdf"

    main_window.actions_by_name["Export PDF…"].trigger()
    [(kind, title, text)] = message_boxes
    assert (kind, title) == ("warning", "Could not save the handout")
    assert str(clinic / "marsh.pdf") in text

    save_dialog.answer = None  # the user looks, and cancels
    dialog = open_handout(qtbot, main_window)
    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)
    assert offered_folder(save_dialog) == clinic
    assert dialog.isVisible()

    shutil.rmtree(clinic)  # the folder was removed meanwhile: back to Documents
    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)
    assert offered_folder(save_dialog) == documents()
    assert len(message_boxes) == 1


def test_the_clinic_name_comes_from_the_settings_and_an_edit_is_for_this_handout_only(
    clinic_window: MainWindow, qtbot: QtBot, save_dialog: SaveDialog, tmp_path: Path,
    settings_path: Path,
) -> None:
    clinic_window.open_article("stone-cough")
    dialog = open_handout(qtbot, clinic_window)
    clinic = named(dialog, "Clinic name", QLineEdit)
    assert clinic.text() == "Riverside Family Clinic"

    clinic.setText("Riverside Family Clinic, Ward 3")
    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)

    [page] = pdf_pages(tmp_path / "chosen.pdf")
    assert page.startswith("Riverside Family Clinic, Ward 3 Health Reader Stone cough ")
    assert text_size(tmp_path / "chosen.pdf", 0, "Stone cough is a dry") == pytest.approx(12, abs=0.5)
    assert Settings(settings_path).clinic_name == "Riverside Family Clinic"
    qtbot.waitUntil(lambda: shown_dialog(clinic_window) is None)
    again = open_handout(qtbot, clinic_window)
    assert named(again, "Clinic name", QLineEdit).text() == "Riverside Family Clinic"


def test_print_with_no_printer_offers_to_save_the_packet_instead(
    clinic_window: MainWindow, qtbot: QtBot, no_printer: None, save_dialog: SaveDialog,
    tmp_path: Path,
) -> None:
    clinic_window.open_article("stone-cough")
    dialog = open_handout(qtbot, clinic_window)
    check(qtbot, dialog, "Reed rash")
    seen: list[str] = []
    answer_message_box("Export PDF…", seen)

    qtbot.mouseClick(button(dialog, "Print…"), Qt.MouseButton.LeftButton)

    assert seen == [printing.NO_PRINTER_MESSAGE]
    pages = pdf_pages(tmp_path / "chosen.pdf")
    assert pages[0].startswith("Riverside Family Clinic Health Reader Your handouts This packet "
                               "has 2 handouts.")  # fmt: skip
    assert contents_order(pages[0], ["Stone cough", "Reed rash"]) == [2, 3]
    qtbot.waitUntil(lambda: shown_dialog(clinic_window) is None)
    # Saved, not printed: the window says where.
    assert saved_on_status_bar(clinic_window, tmp_path / "chosen.pdf")


def test_cancelling_the_no_printer_message_keeps_the_handout_open(
    main_window: MainWindow, qtbot: QtBot, no_printer: None, save_dialog: SaveDialog,
    tmp_path: Path,
) -> None:
    main_window.open_article("stone-cough")
    dialog = open_handout(qtbot, main_window)
    seen: list[str] = []
    answer_message_box("Cancel", seen)

    qtbot.mouseClick(button(dialog, "Print…"), Qt.MouseButton.LeftButton)

    assert seen == [printing.NO_PRINTER_MESSAGE]
    assert save_dialog.offered == []
    assert not (tmp_path / "chosen.pdf").exists()
    assert dialog.isVisible() and order(dialog) == ["1. Stone cough"]


def test_print_shows_the_preview_of_the_packet_in_order(
    clinic_window: MainWindow, qtbot: QtBot, printed_preview: StandInPreview
) -> None:
    clinic_window.open_article("stone-cough")
    dialog = open_handout(qtbot, clinic_window)
    check(qtbot, dialog, "Marsh fever")
    named(dialog, "Handout order", QListWidget).setCurrentRow(1)
    qtbot.mouseClick(button(dialog, "Move up"), Qt.MouseButton.LeftButton)

    qtbot.mouseClick(button(dialog, "Print…"), Qt.MouseButton.LeftButton)

    assert printed_preview.window_titles == ["Print preview: Marsh fever and 1 more - Health Reader"]
    pages = pdf_pages(printed_preview.out)
    assert contents_order(pages[0], ["Marsh fever", "Stone cough"]) == [2, 3]
    assert pages[1].startswith("Riverside Family Clinic Health Reader Marsh fever ")
    qtbot.waitUntil(lambda: shown_dialog(clinic_window) is None)


def test_the_worked_examples_hold() -> None:
    import doctest

    failures, tried = doctest.testmod(handoutdialog)
    assert tried > 0 and failures == 0


def test_the_dialog_follows_larger_text(main_window: MainWindow, qtbot: QtBot) -> None:
    default = open_handout(qtbot, main_window)
    default_size = named(default, "All conditions A–Z", QListWidget).font().pointSizeF()
    default_width = default.width()
    default.close()
    for _ in range(3):
        main_window.zoom_in()

    larger = open_handout(qtbot, main_window)

    size = named(larger, "All conditions A–Z", QListWidget).font().pointSizeF()
    assert size == main_window.sidebar.tree.font().pointSizeF() > default_size
    assert named(larger, "Filter conditions", QLineEdit).font().pointSizeF() == size
    assert default_width < larger.width() <= main_window.width()  # room for the longer titles
    # Larger text on screen: the handout is offered in large print too (as Print… makes it).
    assert not named(default, "Large print", QCheckBox).isChecked()
    assert named(larger, "Large print", QCheckBox).isChecked()


def test_a_click_on_a_title_checks_it_as_one_on_its_box_does(main_window: MainWindow, qtbot: QtBot) -> None:
    from helpers import double_click_as_a_mouse_does

    dialog = open_handout(qtbot, main_window)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    rect = articles.visualItemRect(articles.item(0))
    title = QPoint(rect.left() + rect.width() // 2, rect.center().y())
    left = Qt.MouseButton.LeftButton

    first = f"1. {articles.item(0).text()}"

    box = QPoint(rect.left() + 10, rect.center().y())  # the check box: toggled by Qt, once
    qtbot.mouseClick(articles.viewport(), left, pos=box)
    assert order(dialog) == [first]
    qtbot.mouseClick(articles.viewport(), left, pos=title)
    assert order(dialog) == []
    qtbot.mouseClick(articles.viewport(), left, pos=title)
    assert order(dialog) == [first]
    double_click_as_a_mouse_does(qtbot, articles.viewport(), title)  # once, not twice
    assert order(dialog) == []



def test_at_large_text_a_long_title_wraps_in_both_lists_instead_of_being_cut(
    make_reader: Callable[..., Any], ui_library: Path, settings_path: Path, qtbot: QtBot
) -> None:
    """At the largest text the list read "Autoimmune lymphoprolife…"."""
    from helpers import rows_cut_off, write_article

    long_title = "Autoimmune lymphoproliferative syndrome"
    write_article(ui_library, "alps", title=long_title)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window: MainWindow = make_reader().start()
    qtbot.waitExposed(window)
    window.resize(900, 700)
    dialog = open_handout(qtbot, window)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    handout = named(dialog, "Handout order", QListWidget)
    check(qtbot, dialog, long_title)
    # At the usual size every row is one line, as high as the others.
    assert rows_cut_off(articles) == rows_cut_off(handout) == []
    assert not articles.wordWrap() and articles.uniformItemSizes()
    dialog.close()

    while window.actions_by_name["Larger text"].isEnabled():
        window.zoom_in()
    dialog = open_handout(qtbot, window)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    handout = named(dialog, "Handout order", QListWidget)
    check(qtbot, dialog, long_title)
    named(dialog, "Filter conditions", QLineEdit).clear()
    QApplication.processEvents()

    assert rows_cut_off(articles) == rows_cut_off(handout) == []
    heights = {articles.item(r).text(): articles.visualItemRect(articles.item(r)).height()
               for r in range(articles.count())}  # fmt: skip
    assert heights[long_title] > 1.5 * min(heights.values())  # wrapped onto more lines
    assert order(dialog) == [f"1. {long_title}"]
    assert handout.visualItemRect(handout.item(0)).height() > handout.fontMetrics().height() * 1.5


def buttons_off_the_dialog(dialog: QDialog) -> list[str]:
    """The dialog's buttons not wholly inside it (so not on screen when it fits the screen)."""
    from PySide6.QtCore import QRect

    names = ("Move up", "Move down", "Remove", "Print…", "Export PDF…", "Close")
    return [name for name in names
            if not button(dialog, name).isVisible()
            or not dialog.rect().contains(QRect(button(dialog, name).mapTo(dialog, QPoint(0, 0)),
                                                button(dialog, name).size()))]  # fmt: skip


def test_at_the_largest_text_the_dialog_and_all_its_buttons_fit_an_800_by_600_screen(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    """At Larger text +8 it needed 1210 px: Export PDF…, Close and Remove were off screen."""
    # The offscreen platform's screen is 800 px wide (and 800 high: 600 is checked below).
    assert main_window.screen().availableGeometry().width() == 800
    main_window.resize(800, 600)
    main_window.open_article("reed-rash")
    main_window.set_zoom(8)  # the largest

    dialog = open_handout(qtbot, main_window)

    least = dialog.minimumSizeHint()
    assert least.width() <= 800 and least.height() <= 600
    assert dialog.width() <= 800 and dialog.height() <= 600
    assert buttons_off_the_dialog(dialog) == []
    # The titles are still at the reader's size.
    size = named(dialog, "All conditions A–Z", QListWidget).font().pointSizeF()
    assert size == main_window.sidebar.tree.font().pointSizeF()


def test_with_an_18_pt_desktop_font_at_larger_text_the_dialog_fits_an_800_by_600_screen(
    desktop_font_18pt: Any, make_reader: Callable[..., Any], settings_path: Path, qtbot: QtBot
) -> None:
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window: MainWindow = make_reader().start("reed-rash")
    qtbot.waitExposed(window)
    window.resize(800, 600)
    window.set_zoom(3)

    dialog = open_handout(qtbot, window)

    least = dialog.minimumSizeHint()
    assert least.width() <= 800 and least.height() <= 600
    assert dialog.width() <= 800 and dialog.height() <= 600
    assert buttons_off_the_dialog(dialog) == []


def check_box_height(dialog: HandoutDialog) -> tuple[int, int]:
    """The height of the check box drawn beside the first title, and of Large print's."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStyleOptionViewItem

    articles = named(dialog, "All conditions A–Z", QListWidget)
    option = QStyleOptionViewItem()
    articles.itemDelegate().initStyleOption(option, articles.model().index(0, 0))
    option.rect = articles.visualItemRect(articles.item(0))
    row = articles.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, articles)
    box = named(dialog, "Large print", QCheckBox)
    button = QStyleOptionButton()
    button.initFrom(box)
    large = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, button, box)
    return row.height(), large.height()


def test_at_large_text_the_check_boxes_grow_with_the_titles(main_window: MainWindow, qtbot: QtBot) -> None:
    """They stayed 13 px beside 27 pt titles."""
    dialog = open_handout(qtbot, main_window)
    usual = check_box_height(dialog)
    dialog.close()
    main_window.set_zoom(8)

    dialog = open_handout(qtbot, main_window)

    articles = named(dialog, "All conditions A–Z", QListWidget)
    line = articles.fontMetrics().height()
    row, large = check_box_height(dialog)
    assert row > usual[0] and large > usual[1]
    assert row >= 0.7 * line and large >= 0.7 * named(dialog, "Large print", QCheckBox).fontMetrics().height()
    # The titles keep the reader's size beside them, and a click on a box checks it.
    assert articles.font().pointSizeF() == main_window.sidebar.tree.font().pointSizeF()
    rect = articles.visualItemRect(articles.item(0))
    qtbot.mouseClick(articles.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + row // 2 + 2, rect.center().y()))  # fmt: skip
    assert order(dialog) == [f"1. {articles.item(0).text()}"]


@pytest.mark.parametrize("zoom", [0, 3], ids=["desktop size", "larger text"])
def test_an_open_dialog_refits_when_the_desktop_font_grows_under_it(
    main_window: MainWindow, qtbot: QtBot, qapp: Any, zoom: int
) -> None:
    """It kept the old layout and size: at a 20 pt desktop font its buttons left the dialog."""
    from PySide6.QtGui import QFont

    main_window.resize(800, 600)
    main_window.open_article("reed-rash")
    main_window.set_zoom(zoom)
    dialog = open_handout(qtbot, main_window)
    usual = QFont(qapp.font())
    large = QFont(usual)
    large.setPointSizeF(20)
    try:
        qapp.setFont(large)
        qtbot.waitUntil(lambda: button(dialog, "Close").font().pointSizeF() == 20)

        # The titles follow the sidebar, which follows the desktop.
        titles = named(dialog, "All conditions A–Z", QListWidget)
        qtbot.waitUntil(lambda: titles.font().pointSizeF() == main_window.sidebar.tree.font().pointSizeF())
        qtbot.waitUntil(lambda: buttons_off_the_dialog(dialog) == [])
        assert dialog.width() <= 800 and dialog.height() <= 600
        assert dialog.minimumSizeHint().width() <= 800
    finally:
        qapp.setFont(usual)


def test_a_title_two_languages_share_says_each_one_s_language_up_to_the_pdf(
    make_reader: Callable[..., Any], ui_library: Path, settings_path: Path, qtbot: QtBot,
    save_dialog: SaveDialog, tmp_path: Path,
) -> None:
    """"Anemia" in English and in Spanish: the list, the order, the packet's contents page and
    the file name offered all say which is which, so the family gets the one they read."""
    write_bilingual_articles(ui_library)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window: MainWindow = make_reader().start()
    qtbot.waitExposed(window)
    window.open_article("anemia-es")
    dialog = open_handout(qtbot, window)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    assert sorted(rows(articles)[:2]) == ["Anemia (English)", "Anemia (español)"]
    assert rows(articles)[2] == "Asma"  # no other language has it
    qtbot.keyClicks(named(dialog, "Filter conditions", QLineEdit), "globulos")
    assert rows(articles) == ["Anemia (español), also called Falta de glóbulos rojos"]
    check(qtbot, dialog, "Anemia (English)")
    assert order(dialog) == ["1. Anemia (español)", "2. Anemia (English)"]

    qtbot.mouseClick(button(dialog, "Export PDF…"), Qt.MouseButton.LeftButton)

    assert [Path(name).name for name in save_dialog.offered] == [
        "Anemia (español) and 1 more - Health Reader.pdf"]
    contents = pdf_pages(tmp_path / "chosen.pdf")[0]
    assert "1. Anemia (español) Muy pocos glóbulos rojos sanos." in contents
    assert "2. Anemia (English) Too few healthy red blood cells." in contents


def test_one_title_in_two_languages_is_listed_a_to_z_and_enter_checks_the_first_shown(
    make_reader: Callable[..., Any], ui_library: Path, settings_path: Path, qtbot: QtBot
) -> None:
    """The Spanish "Anemia" has the plain id (its folder was imported first): still "Anemia
    (English)" comes first A–Z, as the list claims, and "anemia" + Enter checks it."""
    write_article(ui_library, "anemia", title="Anemia", categories=["Blood"], language="es")
    # Read after the Spanish one (by file name), as from a folder imported second.
    write_article(ui_library, "anemia-en", title="Anemia", categories=["Blood"], file_name="z-anemia.md")
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window: MainWindow = make_reader().start()
    qtbot.waitExposed(window)
    dialog = open_handout(qtbot, window)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    assert rows(articles)[:2] == ["Anemia (English)", "Anemia (español)"]

    field = named(dialog, "Filter conditions", QLineEdit)
    qtbot.keyClicks(field, "anemia")
    assert rows(articles) == ["Anemia (English)", "Anemia (español)"]
    qtbot.keyClick(field, Key.Key_Return)
    assert order(dialog) == ["1. Anemia (English)"]


@pytest.mark.parametrize(("typed", "wanted"), SHORT_NAME_PICKS.items())
def test_enter_in_the_filter_checks_the_condition_the_text_names_best(
    make_reader: Callable[..., Any], ui_library: Path, settings_path: Path, qtbot: QtBot,
    typed: str, wanted: str,
) -> None:
    """"RA" + Enter puts Rheumatoid arthritis (also called RA) in the packet, not ALS
    ("lateral"), first A–Z; the row Enter will check is highlighted while typing."""
    write_short_names(ui_library)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window: MainWindow = make_reader().start()
    qtbot.waitExposed(window)
    dialog = open_handout(qtbot, window)
    field = named(dialog, "Filter conditions", QLineEdit)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    qtbot.keyClicks(field, typed)
    title = SHORT_NAMES[wanted][0]
    current = articles.currentItem()
    assert current.text().startswith(title) and current.text() in rows(articles)
    assert current.isSelected()
    assert articles.visualItemRect(current).intersects(articles.viewport().rect())

    qtbot.keyClick(field, Key.Key_Return)

    assert order(dialog) == [f"1. {title}"]
    assert field.selectedText() == typed  # ready for the next name


@pytest.mark.parametrize(("keys", "wanted"), [
    ("lupoid<<<<", "lu"),  # taken back: rows hidden on the way come back
    ("aiha<", "aih"),  # from four letters to three: Autoimmune hepatitis (AIH) comes back
    ("itis", "itis"),  # from three to four: "itis" is inside hepatITIS, "iti" starts no word
    ("gehrig<<<<<", "g"),  # a row that said another name says its title again
    ("zzz<<<ra", "ra"),  # from "no condition matches" to rows again
    ("rheumatoid arthritis", "rheumatoid arthritis"),
])  # fmt: skip
def test_a_filter_typed_on_or_taken_back_shows_what_the_same_text_typed_afresh_shows(
    make_reader: Callable[..., Any], ui_library: Path, settings_path: Path, qtbot: QtBot,
    keys: str, wanted: str,
) -> None:
    """A key tests only the rows still shown when the text grows (as in the sidebar): the
    rows, how they read, their boxes, the row Enter checks and the message are the same as
    for the text pasted into an empty filter. "<" is Backspace."""
    write_short_names(ui_library)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window: MainWindow = make_reader().start()
    qtbot.waitExposed(window)
    window.open_article("aih")
    dialog = open_handout(qtbot, window)  # with Autoimmune hepatitis checked
    field = named(dialog, "Filter conditions", QLineEdit)
    articles = named(dialog, "All conditions A–Z", QListWidget)
    message = dialog.findChild(QLabel, "no-match")

    def seen() -> tuple[list[tuple[str, bool]], str | None, str, list[str]]:
        boxes = [(articles.item(r).text(), articles.item(r).checkState() == Qt.CheckState.Checked)
                 for r in range(articles.count()) if not articles.item(r).isHidden()]  # fmt: skip
        current = articles.currentItem()
        return (boxes, None if current is None else current.text(),
                message.text() if message.isVisible() else "", order(dialog))  # fmt: skip

    for key in keys:
        if key == "<":
            qtbot.keyClick(field, Key.Key_Backspace)
        else:
            qtbot.keyClicks(field, key)
    assert field.text() == wanted
    typed = seen()
    field.clear()
    field.setText(wanted)

    assert typed == seen()
    shown = [text for text, _checked in typed[0]]
    assert [checked for _text, checked in typed[0]] == [text.startswith("Autoimmune hepatitis")
                                                        for text in shown]  # fmt: skip
    assert typed[2] == "" and typed[3] == ["1. Autoimmune hepatitis"]
    if wanted == "itis":
        assert shown == ["Autoimmune hepatitis", "Rheumatoid arthritis"]
    if wanted == "aih":
        assert "Autoimmune hepatitis, also called AIH" in shown
    if wanted == "g":
        assert not [text for text in shown if "also called" in text.lower()]
    qtbot.keyClick(field, Key.Key_Return)  # checks the current row (checked already: kept)
    current = typed[1]
    assert current is not None
    assert [row for row in order(dialog) if current.startswith(row.split(". ", 1)[1])]


# -- the keyboard in the A–Z list: in sight, and framed ---------------------------------------


@pytest.fixture
def long_title_dialog(qtbot: QtBot) -> HandoutDialog:
    """A handout dialog at large text, small: "Blue…"'s title wraps onto more lines than the
    A–Z list is tall, just above Lupus (as "Autoimmune hepatitis, also called lupoid
    hepatitis" did at 200 % on a 1366x768 screen)."""
    import datetime

    from PySide6.QtGui import QFont

    from healthreader.content.model import Article, Library

    def article(article_id: str, title: str, *also_called: str) -> Article:
        return Article(id=article_id, title=title, summary="Summary.", also_called=also_called,
                       reviewed=datetime.date(2026, 1, 10), body="", body_html="<p>Text.</p>")  # fmt: skip

    articles = [article(f"a{n}", f"Acne {n}") for n in range(30)]  # far above Lupus, A–Z
    # Shown by its other name, which the filter adds to its row.
    articles.append(article("blue", "Blue skin, " + "a long name that wraps " * 6, "lupus pernio"))
    articles += [article(f"c{n}", f"Cough {n}") for n in range(30)]  # between, hidden
    articles += [article("lupus", "Lupus"), article("measles", "Measles")]
    library = Library.from_articles(articles)
    dialog = HandoutDialog(library, {}, None)
    qtbot.addWidget(dialog)
    font = QFont(dialog.font())
    font.setPointSize(24)
    dialog.set_text_font(font)
    dialog.resize(560, 330)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_tab_into_the_list_shows_its_current_row_framed(
    long_title_dialog: HandoutDialog, qtbot: QtBot
) -> None:
    """Space ticked a row nobody saw: Tab into the list scrolls its current row into view,
    and the list shows the focus frame, as the sidebar's conditions do."""
    from PySide6.QtGui import QColor

    from healthreader.ui import theme

    dialog = long_title_dialog
    articles = named(dialog, "All conditions A–Z", QListWidget)
    field = named(dialog, "Filter conditions", QLineEdit)
    field.setFocus()
    qtbot.keyClicks(field, "lupus")
    [blue] = articles.findItems("Blue", Qt.MatchFlag.MatchStartsWith)
    assert articles.visualItemRect(blue).height() > articles.viewport().height()

    qtbot.keyClick(field, Key.Key_Tab)

    assert QApplication.focusWidget() is articles
    assert articles.currentItem().text() == "Lupus"
    assert articles.viewport().rect().contains(articles.visualItemRect(articles.currentItem()))
    viewport = articles.viewport()
    edge = viewport.grab().toImage().pixelColor(0, viewport.height() // 2)
    assert edge == QColor(theme.focus_colour(articles.palette()))
    qtbot.keyClick(articles, Key.Key_Space)
    assert order(dialog) == ["1. Lupus"]


def test_after_the_filter_is_emptied_tab_into_the_list_shows_the_row_checked_last(
    long_title_dialog: HandoutDialog, qtbot: QtBot
) -> None:
    """Type a name, Enter (checked), Escape (every row back): Tab then shows that row, not
    the top of A–Z, where Space would tick another."""
    dialog = long_title_dialog
    articles = named(dialog, "All conditions A–Z", QListWidget)
    field = named(dialog, "Filter conditions", QLineEdit)
    field.setFocus()
    qtbot.keyClicks(field, "measles")
    qtbot.keyClick(field, Key.Key_Return)
    qtbot.keyClick(field, Key.Key_Escape)
    assert field.text() == "" and len(rows(articles)) == 63

    qtbot.keyClick(field, Key.Key_Tab)

    assert QApplication.focusWidget() is articles
    assert articles.currentItem().text() == "Measles"
    assert articles.viewport().rect().contains(articles.visualItemRect(articles.currentItem()))


def _outline_contrast(image: Any, box: Any, background: Any) -> float:
    """How well an unchecked box's outline stands out: the best contrast against
    ``background`` of the pixels on its left and right edges, half way down."""
    from helpers import contrast

    y = box.center().y()
    xs = (box.left() - 1, box.left(), box.left() + 1, box.right() - 1, box.right(), box.right() + 1)
    left = max(contrast(image.pixelColor(x, y), background) for x in xs[:3])
    right = max(contrast(image.pixelColor(x, y), background) for x in xs[3:])
    return min(left, right)


@pytest.mark.parametrize("dark", [True, False])
def test_unchecked_boxes_are_outlined_at_3_to_1(
    qtbot: QtBot, desktop: Callable[[bool], None], dark: bool
) -> None:
    """On a dark desktop an unchecked box was #232323 on the list's #1e1e1e (1.05:1): a
    nurse could not tell the rows were check boxes. WCAG asks 3:1 for a control's edge."""
    import datetime

    from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStyleOptionViewItem

    from healthreader.content.model import Article, Library

    desktop(dark)
    library = Library.from_articles([
        Article(id=i, title=i.title(), summary="S.", reviewed=datetime.date(2026, 1, 10),
                body="", body_html="<p>Text.</p>") for i in ("asthma", "lupus")])  # fmt: skip
    dialog = HandoutDialog(library, {}, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    articles = named(dialog, "All conditions A–Z", QListWidget)
    option = QStyleOptionViewItem()
    articles.itemDelegate().initStyleOption(option, articles.model().index(0, 0))
    option.rect = articles.visualItemRect(articles.item(0))
    row_box = articles.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, articles)
    assert not dialog.is_checked("asthma")
    viewport = articles.viewport().grab().toImage()
    assert _outline_contrast(viewport, row_box, articles.palette().base().color()) >= 3

    large = named(dialog, "Large print", QCheckBox)
    assert not large.isChecked()
    button = QStyleOptionButton()
    button.initFrom(large)
    large_box = large.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, button, large)
    shown = large.grab().toImage()
    assert _outline_contrast(shown, large_box, large.palette().window().color()) >= 3

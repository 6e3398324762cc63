"""The condition sidebar: categories and A–Z, a filter that narrows as you type, Enter opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem

from healthreader.settings import Settings, disclaimer_version
from healthreader.ui.mainwindow import MainWindow
from healthreader.ui.sidebar import ALL_GROUP
from helpers import (
    DISCLAIMER,
    SHORT_NAME_PICKS,
    SHORT_NAMES,
    accessible_row_names,
    double_click_as_a_mouse_does,
    drag_splitter_handle,
    end_pause,
    find_named,
    hover_tooltip,
    rows_cut_off,
    write_article,
    write_bilingual_articles,
    write_short_names,
)


def accepted_window(make_reader, settings_path, qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window over the articles a test wrote, the disclaimer accepted, on screen."""
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start()
    qtbot.waitExposed(window)
    return window


def shown_tree(tree: QTreeWidget) -> dict[str, list[str]]:
    """Group -> the titles a user can see under it (hidden rows and groups left out)."""
    shown: dict[str, list[str]] = {}
    for g in range(tree.topLevelItemCount()):
        group: QTreeWidgetItem = tree.topLevelItem(g)
        if group.isHidden():
            continue
        shown[group.text(0)] = [
            group.child(i).text(0) for i in range(group.childCount()) if not group.child(i).isHidden()
        ]
    return shown


def filter_box(window: MainWindow) -> QLineEdit:
    [box] = find_named(window, "Filter conditions", QLineEdit)
    return box


def test_conditions_are_grouped_by_category_then_all_a_to_z(main_window: MainWindow) -> None:
    [tree] = find_named(main_window, "Conditions", QTreeWidget)
    # Category groups are filled when the user opens them.
    tree.expandAll()

    assert shown_tree(tree) == {
        "Fevers": ["Marsh fever"],
        "Lungs": ["Stone cough"],
        "Skin": ["Reed rash"],
        ALL_GROUP: ["Marsh fever", "Reed rash", "Stone cough"],
    }
    assert main_window.sidebar.visible_titles() == ["Marsh fever", "Reed rash", "Stone cough"]


def test_a_category_spelled_in_another_case_is_the_same_group(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """An imported article says "Immune System", the bundled ones "Immune system": one
    group, not two next to each other, under the spelling most of them use."""
    write_article(ui_library, "ash-itch", title="Ash itch", categories=["Skin"])
    write_article(ui_library, "bog-ague", title="Bog ague", categories=["SKIN", "Fevers"])
    write_article(ui_library, "fen-fever", title="Fen fever", categories=["fevers"])
    window = accepted_window(make_reader, settings_path, qtbot)
    tree = window.sidebar.tree
    tree.expandAll()

    assert shown_tree(tree) == {
        "Fevers": ["Bog ague", "Fen fever", "Marsh fever"],
        "Lungs": ["Stone cough"],
        "Skin": ["Ash itch", "Bog ague", "Reed rash"],
        ALL_GROUP: ["Ash itch", "Bog ague", "Fen fever", "Marsh fever", "Reed rash", "Stone cough"],
    }
    # The home page lists them the same way.
    window.go_home()
    page = window.view.toPlainText()
    assert page.count("Skin\n") == 1 and "SKIN" not in page and "fevers" not in page


def test_the_filter_narrows_the_titles_as_you_type(main_window: MainWindow, qtbot) -> None:
    tree = main_window.sidebar.tree
    box = filter_box(main_window)

    qtbot.keyClicks(box, "m")  # Marsh fever; Miner's hack, another name of Stone cough
    assert shown_tree(tree)[ALL_GROUP] == ["Marsh fever", "Stone cough"]
    qtbot.keyClicks(box, "i")
    # The other name, which the row says (a title alone would not say why it is there)
    assert shown_tree(tree) == {"Lungs": ["Stone cough, also called Miner's hack"],
                                ALL_GROUP: ["Stone cough, also called Miner's hack"]}  # fmt: skip
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert shown_tree(tree)[ALL_GROUP] == ["Marsh fever", "Stone cough"]

    box.clear()
    # Up to three letters match where a word starts only: "ar" is in mARsh and quARry.
    qtbot.keyClicks(box, "ar")
    assert main_window.sidebar.visible_titles() == []
    qtbot.keyClicks(box, "sh")  # from four letters, inside a word too
    assert shown_tree(tree) == {"Fevers": ["Marsh fever"], ALL_GROUP: ["Marsh fever"]}
    box.clear()
    assert shown_tree(tree)[ALL_GROUP] == ["Marsh fever", "Reed rash", "Stone cough"]


def test_the_filter_matches_other_names_ignoring_case_and_accents(main_window: MainWindow, qtbot) -> None:
    box = filter_box(main_window)

    qtbot.keyClicks(box, "QUARRY")
    assert main_window.sidebar.visible_titles() == ["Stone cough, also called Quarry lung"]

    box.clear()
    qtbot.keyClicks(box, "fievre")  # "Fièvre des marais"
    assert main_window.sidebar.visible_titles() == ["Marsh fever, also called Fièvre des marais"]

    box.clear()
    box.insert("BÒG")  # pasted: "Bog ague"
    assert main_window.sidebar.visible_titles() == ["Marsh fever, also called Bog ague"]
    # In its category too; the title alone once the filter is emptied.
    assert shown_tree(main_window.sidebar.tree)["Fevers"] == ["Marsh fever, also called Bog ague"]
    box.clear()
    assert "Marsh fever" in main_window.sidebar.visible_titles()
    assert not any("also called" in row for row in main_window.sidebar.visible_titles())
    # Hidden while it said another name, then found by its title: the title alone.
    qtbot.keyClicks(box, "bog")
    box.setText("zzz")
    box.setText("marsh")
    assert shown_tree(main_window.sidebar.tree) == {"Fevers": ["Marsh fever"], ALL_GROUP: ["Marsh fever"]}


def test_the_filter_takes_a_curly_apostrophe_for_a_straight_one(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """Phones and Macs type "Lou Gehrig\u2019s" (a curly apostrophe) where a keyboard types
    "Lou Gehrig's": the filter finds the title whichever of the two either is written with."""
    write_article(ui_library, "als", title="Amyotrophic lateral sclerosis", categories=["Nerves"],
                  also_called=["Lou Gehrig's disease"])  # fmt: skip
    write_article(ui_library, "crohn", title="Crohn\u2019s disease", categories=["Bowel"])
    window = accepted_window(make_reader, settings_path, qtbot)
    box = filter_box(window)

    qtbot.keyClicks(box, "Lou Gehrig")
    box.insert("\u2019")  # as an input method or a paste enters it (keyClicks takes Latin-1 only)
    qtbot.keyClicks(box, "s")
    assert window.sidebar.visible_titles() == ["Amyotrophic lateral sclerosis, also called Lou Gehrig's disease"]
    box.clear()
    qtbot.keyClicks(box, "crohn's")
    assert window.sidebar.visible_titles() == ["Crohn\u2019s disease"]


def test_a_filter_matching_nothing_says_so(main_window: MainWindow, qtbot) -> None:
    qtbot.keyClicks(filter_box(main_window), "zzz")

    assert shown_tree(main_window.sidebar.tree) == {}
    assert main_window.sidebar.visible_titles() == []
    # Not a blank list: a sentence, under the filter (no search box in this window).
    [said] = main_window.findChildren(QLabel, "no-match")
    assert said.isVisible() and said.text() == "No condition matches \u201czzz\u201d."

    filter_box(main_window).setText("marsh")
    assert not said.isVisible()


def test_a_screen_reader_hears_that_the_filter_matches_nothing(
    main_window: MainWindow, qtbot, screen_reader: list[str]
) -> None:
    from helpers import spoken

    qtbot.keyClicks(filter_box(main_window), "zzz")

    [said] = main_window.findChildren(QLabel, "no-match")
    assert spoken(said) == "No condition matches \u201czzz\u201d."  # shown at once
    wait_for_pause(qtbot, main_window)
    assert screen_reader == ["No condition matches \u201czzz\u201d."]
    qtbot.keyClick(filter_box(main_window), Qt.Key.Key_Backspace)
    wait_for_pause(qtbot, main_window)
    assert screen_reader[-1] == "No condition matches \u201czz\u201d."


def wait_for_pause(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Until what waits for the typing to pause has been said (ui/announce.py)."""
    speech = window.sidebar._no_match_speech
    assert speech is not None
    end_pause(qtbot, speech)


def test_typing_in_the_filter_is_announced_once_when_it_pauses(
    main_window: MainWindow, qtbot, screen_reader: list[str]
) -> None:
    """A sentence for each key was queued and spoken long after the reader stopped: only
    the last one is said, once the typing pauses; nothing when the filter is cleared."""
    box = filter_box(main_window)
    for char in "xqzzy":
        qtbot.keyClick(box, char)
        QApplication.processEvents()  # what each key starts runs before the next key

    assert screen_reader == []
    wait_for_pause(qtbot, main_window)
    assert screen_reader == ["No condition matches \u201cxqzzy\u201d."]

    for char in "abc":
        qtbot.keyClick(box, char)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # cleared before the pause
    wait_for_pause(qtbot, main_window)
    assert screen_reader == ["No condition matches \u201cxqzzy\u201d."]


def test_no_match_points_to_the_search_box(searching_window: MainWindow, qtbot) -> None:
    qtbot.keyClicks(filter_box(searching_window), "<b>lupsu")

    [said] = searching_window.findChildren(QLabel, "no-match")
    assert said.text() == ("No condition matches \u201c<b>lupsu\u201d. The search box above also "
                           "finds other names, symptoms and misspelled words.")  # fmt: skip
    assert said.textFormat() == Qt.TextFormat.PlainText


def test_enter_opens_the_first_match(main_window: MainWindow, qtbot) -> None:
    box = filter_box(main_window)
    qtbot.keyClicks(box, "miner")

    with qtbot.waitSignal(main_window.article_shown) as shown:
        qtbot.keyClick(box, Qt.Key.Key_Return)

    assert shown.args == ["stone-cough"]
    assert main_window.view.toPlainText().startswith("Stone cough")


def test_enter_opens_a_title_that_matches_before_one_shown_for_another_name(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """"itp": Evans syndrome ("also called AIHA and ITP together") comes first A–Z, but the
    reader typed the short name of Immune thrombocytopenia (ITP)."""
    write_article(ui_library, "evans", title="Evans syndrome", categories=["Blood"],
                  also_called=["AIHA and ITP together"])  # fmt: skip
    write_article(ui_library, "itp", title="Immune thrombocytopenia (ITP)", categories=["Blood"])
    window = accepted_window(make_reader, settings_path, qtbot)
    box = filter_box(window)
    qtbot.keyClicks(box, "itp")
    assert window.sidebar.visible_titles() == [
        "Evans syndrome, also called AIHA and ITP together", "Immune thrombocytopenia (ITP)"]

    with qtbot.waitSignal(window.article_shown) as shown:
        qtbot.keyClick(box, Qt.Key.Key_Return)

    assert shown.args == ["itp"]


def test_enter_with_no_match_opens_nothing(main_window: MainWindow, qtbot) -> None:
    box = filter_box(main_window)
    qtbot.keyClicks(box, "nothing like this")
    before = main_window.view.toPlainText()

    qtbot.keyClick(box, Qt.Key.Key_Return)

    assert main_window.view.toPlainText() == before
    assert main_window.current == "index"


def filter_after_reading(qtbot, window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    """Read Reed rash, go home, type ``text`` in the filter and Tab into the tree: its
    current row was Reed rash."""
    window.open_article("reed-rash")
    window.go_home()
    box = filter_box(window)
    box.setFocus()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    return window.sidebar.tree


def test_enter_in_a_list_filtered_to_nothing_opens_nothing(main_window: MainWindow, qtbot) -> None:
    """The tree's current row was the article read before, now hidden by the filter: Enter
    on a list that shows nothing must not open it."""
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    tree = filter_after_reading(qtbot, main_window, "zzz")
    assert QApplication.focusWidget() is tree
    assert shown_tree(tree) == {}

    qtbot.keyClick(tree, Qt.Key.Key_Return)

    assert main_window.current == "index"
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert main_window.current == "index"


def test_enter_in_a_filtered_list_opens_what_is_shown_not_what_was_hidden(
    main_window: MainWindow, qtbot
) -> None:
    tree = filter_after_reading(qtbot, main_window, "stone")
    assert tree.hasFocus() and shown_tree(tree) == {"Lungs": ["Stone cough"], ALL_GROUP: ["Stone cough"]}

    # The first title shown is the current row (as Enter in the filter would open it),
    # never Reed rash, which is hidden.
    assert tree.currentItem().text(0) == "Stone cough"
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert main_window.current == "stone-cough"


def test_the_filter_box_takes_the_keys_the_search_box_takes(main_window: MainWindow, qtbot) -> None:
    """Down goes into the list, Esc empties the box: no select-all-and-delete, then Tab."""
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    box = filter_box(main_window)
    tree = main_window.sidebar.tree
    box.setFocus()
    qtbot.keyClicks(box, "zzz")
    qtbot.keyClick(box, Qt.Key.Key_Down)  # nothing shown: nowhere to go
    assert box.hasFocus()

    qtbot.keyClick(box, Qt.Key.Key_Escape)

    assert box.text() == "" and box.hasFocus()
    assert main_window.sidebar.visible_titles() == ["Marsh fever", "Reed rash", "Stone cough"]
    qtbot.keyClicks(box, "stone")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert tree.hasFocus() and tree.currentItem().text(0) == "Stone cough"
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert main_window.current == "stone-cough"


def test_clicking_a_title_opens_it_and_clicking_a_group_opens_nothing(main_window: MainWindow, qtbot) -> None:
    tree = main_window.sidebar.tree
    skin = next(tree.topLevelItem(g) for g in range(tree.topLevelItemCount()) if tree.topLevelItem(g).text(0) == "Skin")

    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(skin).center())
    assert main_window.current == "index"

    skin.setExpanded(True)
    child = skin.child(0)
    with qtbot.waitSignal(main_window.article_shown):
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(child).center())
    assert main_window.view.toPlainText().startswith("Reed rash")


def skin_group(tree: QTreeWidget) -> QTreeWidgetItem:
    return next(tree.topLevelItem(g) for g in range(tree.topLevelItemCount())
                if tree.topLevelItem(g).text(0) == "Skin")  # fmt: skip


def test_a_double_click_opens_a_group_once(main_window: MainWindow, qtbot) -> None:
    tree = main_window.sidebar.tree
    skin = skin_group(tree)
    assert not skin.isExpanded()

    double_click_as_a_mouse_does(qtbot, tree.viewport(), tree.visualItemRect(skin).center())

    assert skin.isExpanded()
    assert [skin.child(i).text(0) for i in range(skin.childCount())] == ["Reed rash"]


def test_clicking_a_group_leaves_the_open_article_highlighted(main_window: MainWindow, qtbot) -> None:
    main_window.open_article("stone-cough")
    tree = main_window.sidebar.tree
    skin = skin_group(tree)

    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(skin).center())

    assert skin.isExpanded()
    assert [item.text(0) for item in tree.selectedItems()] == ["Stone cough"]


def test_separate_clicks_and_enter_toggle_a_group(main_window: MainWindow, qtbot) -> None:
    tree = main_window.sidebar.tree
    skin = skin_group(tree)
    pos = tree.visualItemRect(skin).center()
    pause = QGuiApplication.styleHints().mouseDoubleClickInterval() + 100

    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert skin.isExpanded()
    qtbot.wait(pause)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert not skin.isExpanded()

    tree.setFocus()
    tree.setCurrentItem(skin)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert skin.isExpanded()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert not skin.isExpanded()
    assert main_window.current == "index"  # a group opens no article


def test_the_open_article_is_highlighted(main_window: MainWindow) -> None:
    main_window.open_article("stone-cough")

    current = main_window.sidebar.tree.currentItem()
    assert current is not None and current.text(0) == "Stone cough"
    assert current.parent().text(0) == ALL_GROUP


def test_find_focuses_the_filter_when_there_is_no_search_panel(main_window: MainWindow, qtbot) -> None:
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    main_window.view.setFocus()

    main_window.actions_by_name["Find"].trigger()

    qtbot.waitUntil(filter_box(main_window).hasFocus)


def test_a_style_where_one_click_activates_acts_once(main_window: MainWindow, qtbot) -> None:
    from PySide6.QtWidgets import QProxyStyle, QStyle

    class SingleClick(QProxyStyle):
        def styleHint(self, hint, option=None, widget=None, data=None):  # type: ignore[no-untyped-def]
            if hint == QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick:
                return 1
            return super().styleHint(hint, option, widget, data)

    tree = main_window.sidebar.tree
    style = SingleClick()
    tree.setStyle(style)
    skin = skin_group(tree)
    requested: list[str] = []
    main_window.sidebar.article_requested.connect(requested.append)

    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(skin).center())
    assert skin.isExpanded()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(skin.child(0)).center())
    assert requested == ["reed-rash"]


LONG_TITLE = "Autoimmune lymphoproliferative syndrome"


def test_a_title_too_long_for_the_sidebar_wraps_and_reads_whole(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """No row is cut off with "…": on a touch screen nobody can hover to read the rest."""
    write_article(ui_library, "alps", title=LONG_TITLE, categories=["Immune system"])
    window = accepted_window(make_reader, settings_path, qtbot)
    window.resize(1400, 700)
    qtbot.waitUntil(lambda: window.width() == 1400)
    drag_splitter_handle(qtbot, window, 460)
    tree = window.sidebar.tree
    az = tree.topLevelItem(tree.topLevelItemCount() - 1)
    [long_row] = [az.child(i) for i in range(az.childCount()) if az.child(i).text(0) == LONG_TITLE]
    [short_row] = [az.child(i) for i in range(az.childCount()) if az.child(i).text(0) == "Reed rash"]
    one_line = tree.visualItemRect(short_row).height()

    # Every title fits: rows of one line, all of one height (quick to lay out).
    assert rows_cut_off(tree) == []
    assert tree.visualItemRect(long_row).height() == one_line and tree.uniformRowHeights()

    window.resize(600, 500)  # a narrow window: a third of it for the sidebar
    qtbot.waitUntil(lambda: window.width() == 600)
    qtbot.waitUntil(lambda: tree.visualItemRect(long_row).height() > one_line)
    # The long title takes two lines and reads whole; the short one keeps its one line.
    assert tree.visualItemRect(long_row).width() < tree.fontMetrics().horizontalAdvance(LONG_TITLE)
    assert tree.visualItemRect(long_row).height() >= 2 * tree.fontMetrics().lineSpacing()
    assert tree.visualItemRect(short_row).height() < 2 * tree.fontMetrics().lineSpacing()
    assert rows_cut_off(tree) == []
    # Nothing is hidden, so hovering shows nothing more; a screen reader gets the title.
    assert hover_tooltip(qtbot, tree, tree.indexFromItem(long_row)) is None
    assert LONG_TITLE in accessible_row_names(tree) and window.sidebar.visible_titles().count(LONG_TITLE) == 1

    window.resize(1400, 700)
    drag_splitter_handle(qtbot, window, 460)
    qtbot.waitUntil(lambda: tree.visualItemRect(long_row).height() == one_line)
    assert rows_cut_off(tree) == [] and tree.uniformRowHeights()


def test_rows_that_wrap_take_a_new_style_sheet_s_row_height(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """Rows that wrap are measured once for each text, font and width (ui/titlewrap.py), not
    at every key typed in the filter: a style sheet set later (the kiosk's touch rows) and
    set again with other rows still gives every row its height."""
    write_article(ui_library, "alps", title=LONG_TITLE, categories=["Immune system"])
    window = accepted_window(make_reader, settings_path, qtbot)
    window.resize(600, 500)  # a narrow window: the long title wraps
    tree = window.sidebar.tree
    qtbot.waitUntil(tree.wordWrap)
    az = tree.topLevelItem(tree.topLevelItemCount() - 1)
    [short_row] = [az.child(i) for i in range(az.childCount()) if az.child(i).text(0) == "Reed rash"]
    assert tree.visualItemRect(short_row).height() < 50

    for height in (50, 90, 60):
        window.setStyleSheet(f"QTreeView::item {{ min-height: {height}px; }}")
        qtbot.waitUntil(lambda height=height: tree.visualItemRect(short_row).height() == height)


def test_the_hidden_header_is_not_read_out_as_1(main_window: MainWindow) -> None:
    """Hidden on screen, the tree's header still reaches assistive technology: Qt named it "1"."""
    from PySide6.QtGui import QAccessible

    tree = QAccessible.queryAccessibleInterface(main_window.sidebar.tree)
    names = {tree.child(i).text(QAccessible.Text.Name) for i in range(tree.childCount())
             if tree.child(i).role() == QAccessible.Role.ColumnHeader}  # fmt: skip
    assert names == {"Conditions"}


def test_a_title_two_languages_share_shows_each_one_s_language(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """English and Spanish articles loaded together: "Anemia" and "Anemia" would look the
    same. Each says its language, in that language; a title only one language has does not."""
    write_bilingual_articles(ui_library)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    window = make_reader().start()
    qtbot.waitExposed(window)
    sidebar = window.sidebar
    rows = sidebar.visible_titles()

    assert sorted(rows[:2]) == ["Anemia (English)", "Anemia (español)"]
    assert rows[2:] == ["Asma", "Marsh fever", "Reed rash", "Stone cough"]
    sidebar.tree.expandAll()
    groups = shown_tree(sidebar.tree)
    assert groups["Blood"] == ["Anemia (English)"] and groups["Sangre"] == ["Anemia (español)"]
    # The filter keeps the mark, also on a row shown for another name.
    box = filter_box(window)
    qtbot.keyClicks(box, "anemia")
    assert sorted(sidebar.visible_titles()) == ["Anemia (English)", "Anemia (español)"]
    box.clear()
    qtbot.keyClicks(box, "globulos")
    assert sidebar.visible_titles() == ["Anemia (español), also called Falta de glóbulos rojos"]
    box.clear()
    assert sorted(sidebar.visible_titles()[:2]) == ["Anemia (English)", "Anemia (español)"]
    # What a row says finds it.
    qtbot.keyClicks(box, "anemia (espanol")
    assert sidebar.visible_titles() == ["Anemia (español)"]
    box.clear()
    # Related links say it too; an article's own heading is its title.
    window.open_article("asma")
    page = window.view.toPlainText()
    assert "Temas relacionados\nAnemia (English)\nAnemia (español)" in page
    window.open_article("anemia-es")
    assert window.view.toPlainText().startswith("Anemia\n")


def write_spanish_first(folder) -> None:  # type: ignore[no-untyped-def]
    """"Anemia" in Spanish with the plain id (its folder was imported first) and in English
    as "anemia-en", in one category: the ids' order is the wrong one for the rows."""
    write_article(folder, "anemia", title="Anemia", categories=["Blood"], language="es",
                  summary="Muy pocos glóbulos rojos sanos.")  # fmt: skip
    # Read after the Spanish one (by file name), as from a folder imported second.
    write_article(folder, "anemia-en", title="Anemia", categories=["Blood"],
                  summary="Too few healthy red blood cells.", file_name="z-anemia.md")  # fmt: skip


def test_one_title_in_two_languages_is_listed_a_to_z_by_what_the_rows_say(
    make_reader, ui_library, settings_path, qtbot  # type: ignore[no-untyped-def]
) -> None:
    """"Anemia (English)" before "Anemia (español)" wherever they are listed, whichever has
    the plain id; Enter on "anemia" opens the first shown, the English one."""
    write_spanish_first(ui_library)
    window = accepted_window(make_reader, settings_path, qtbot)
    sidebar = window.sidebar
    assert sidebar.visible_titles()[:2] == ["Anemia (English)", "Anemia (español)"]
    sidebar.tree.expandAll()
    assert shown_tree(sidebar.tree)["Blood"] == ["Anemia (English)", "Anemia (español)"]
    assert "Blood\nAnemia (English), Anemia (español)" in window.view.toPlainText()  # home page

    box = filter_box(window)
    qtbot.keyClicks(box, "anemia")
    assert sidebar.visible_titles() == ["Anemia (English)", "Anemia (español)"]
    with qtbot.waitSignal(window.article_shown) as shown:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert shown.args == ["anemia-en"]


@pytest.mark.parametrize(("typed", "wanted"), SHORT_NAME_PICKS.items())
def test_enter_opens_the_condition_the_text_names_best_and_shows_it_first(
    make_reader, ui_library, settings_path, qtbot, typed: str, wanted: str  # type: ignore[no-untyped-def]
) -> None:
    """A short name typed whole ("RA") opens the condition it is the name of, not the first
    A–Z with it inside a word (Amyotrophic "lateral" sclerosis); a word's start comes
    before a word's middle. While typing, that row is the list's current row, in sight."""
    write_short_names(ui_library)
    window = accepted_window(make_reader, settings_path, qtbot)
    box = filter_box(window)
    qtbot.keyClicks(box, typed)
    tree = window.sidebar.tree
    current = tree.currentItem()
    assert current.parent().text(0) == ALL_GROUP and current.text(0) in window.sidebar.visible_titles()
    assert current.text(0).startswith(SHORT_NAMES[wanted][0])
    assert tree.visualItemRect(current).intersects(tree.viewport().rect())

    with qtbot.waitSignal(window.article_shown) as shown:
        qtbot.keyClick(box, Qt.Key.Key_Return)

    assert shown.args == [wanted]
    assert window.view.toPlainText().startswith(SHORT_NAMES[wanted][0])


@pytest.mark.parametrize(("keys", "wanted"), [
    ("lupoid<<<<", "lu"),  # taken back: rows hidden on the way come back
    ("aiha<", "aih"),  # from four letters to three: Autoimmune hepatitis (AIH) comes back
    ("itis", "itis"),  # from three to four: "itis" is inside hepatITIS, "iti" starts no word
    ("gehrig<<<<<", "g"),  # a row that said another name says its title again
    ("zzz<<<ra", "ra"),
    ("rheumatoid arthritis", "rheumatoid arthritis"),
])  # fmt: skip
def test_a_filter_typed_on_or_taken_back_shows_what_the_same_text_typed_afresh_shows(
    make_reader, ui_library, settings_path, qtbot, keys: str, wanted: str  # type: ignore[no-untyped-def]
) -> None:
    """A key tests only the rows still shown when the text grows (sidebar's narrowing): what
    the list shows, how its rows read and its current row are the same as for the text
    pasted into an empty box. "<" is Backspace."""
    write_short_names(ui_library)
    window = accepted_window(make_reader, settings_path, qtbot)
    box, tree = filter_box(window), window.sidebar.tree

    def seen() -> tuple[dict[str, list[str]], str | None]:
        current = tree.currentItem()
        return shown_tree(tree), None if current is None else current.text(0)

    for key in keys:
        if key == "<":
            qtbot.keyClick(box, Qt.Key.Key_Backspace)
        else:
            qtbot.keyClicks(box, key)
    assert box.text() == wanted
    typed = seen()
    box.clear()
    box.setText(wanted)

    assert typed == seen()
    rows = typed[0].get(ALL_GROUP, [])
    if wanted == "itis":
        assert rows == ["Autoimmune hepatitis", "Rheumatoid arthritis"]
    if wanted == "aih":
        assert "Autoimmune hepatitis, also called AIH" in rows
    if wanted == "g":
        assert not [row for row in rows if "also called" in row.lower()]

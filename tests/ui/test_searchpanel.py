"""The search panel, as a patient uses it: type, read the rows, move with keys, open one."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from healthreader.content.model import Article, Library
from healthreader.search.index import SearchIndex
from healthreader.search.lazy import LazySearchIndex
from healthreader.ui.searchpanel import PLACEHOLDERS, PROGRESS_MS, SearchPanel
from helpers import end_pause

DAY = datetime.date(2026, 1, 1)
ARTICLES = [
    Article("hives", "Hives", "Raised, itchy welts on the skin.", DAY, "Often an allergy.", "",
            also_called=("urticaria", "welts"), symptoms=("itchy welts",)),
    Article("lupus", "Lupus", "The immune system attacks the body.", DAY, "A butterfly rash.", "",
            also_called=("SLE",), symptoms=("joint pain",)),
    Article("lymph", "Swollen lymph nodes", "Small glands that swell with germs.", DAY,
            "A sore throat can make them swell.", "", also_called=("swollen glands",)),
    # Article text that quotes HTML (allowed in a code span) must stay text everywhere.
    Article("tags", "Quoted tags", "About markup.", DAY,
            'Markup `<img src="file:///dev/zero">` and <b>bold</b> shown as text.', ""),
]  # fmt: skip


@pytest.fixture
def index() -> Iterator[SearchIndex]:
    idx = SearchIndex.open(None, Library.from_articles(ARTICLES))
    yield idx
    idx.close()


def shown_panel(qtbot: QtBot, index: SearchIndex) -> SearchPanel:
    """A search panel over ``index``, on screen, its field focused."""
    widget = SearchPanel(index)
    qtbot.addWidget(widget)
    widget.resize(400, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.focus_search()
    return widget


@pytest.fixture
def panel(qtbot: QtBot, index: SearchIndex) -> SearchPanel:
    return shown_panel(qtbot, index)


def type_text(qtbot: QtBot, panel: SearchPanel, text: str) -> None:
    qtbot.keyClicks(panel.field, text)
    qtbot.waitUntil(lambda: not panel._timer.isActive())


def type_slowly(qtbot: QtBot, panel: SearchPanel, text: str) -> None:
    """Type as a person does: each key's search runs (and shows) before the next key."""
    for char in text:
        type_text(qtbot, panel, char)


def wait_for_pause(qtbot: QtBot, panel: SearchPanel) -> None:
    """Until what waits for the typing to pause has been said (ui/announce.py)."""
    end_pause(qtbot, panel._speech)


def titles(panel: SearchPanel) -> list[str]:
    return [title for _id, title, _snippet, _reason in panel.result_rows()]


def test_widgets_are_named_for_assistive_technology(panel: SearchPanel) -> None:
    assert panel.field.accessibleName() == "Search"
    assert panel.field.placeholderText() == PLACEHOLDERS[0] == "Search conditions or symptoms"
    assert panel.results.accessibleName() == "Search results"


def test_typing_shows_results_with_snippet_and_reason(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "urticaria")
    assert panel.result_rows() == [
        ("hives", "Hives", "Raised, itchy welts on the skin.", "also called: urticaria")
    ]
    assert panel.results.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Hives. also called: urticaria. Raised, itchy welts on the skin."
    )
    assert panel.status.isHidden()


def test_results_update_at_each_keystroke(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "sw")
    assert titles(panel) == ["Swollen lymph nodes"]
    type_text(qtbot, panel, "ollen gl")
    row = panel.result_rows()[0]
    assert row[1:] == ("Swollen lymph nodes", "Small glands that swell with germs.",
                       "also called: swollen glands")  # fmt: skip


def test_matched_words_are_bold(qtbot: QtBot, panel: SearchPanel) -> None:
    from healthreader.ui.resultdelegate import _segments
    from healthreader.ui.roles import SNIPPET_MARKED_ROLE

    type_text(qtbot, panel, "itchy welts")
    marked = panel.results.item(0).data(SNIPPET_MARKED_ROLE)
    assert _segments(marked) == [("Raised, ", False), ("itchy", True), (" ", False), ("welts", True),
                                 (" on the skin.", False)]  # fmt: skip
    # The delegate draws each row: its text stands out from the row's background.
    image = panel.results.viewport().grab().toImage()
    for i in range(panel.results.count()):
        row = panel.results.visualItemRect(panel.results.item(i)).adjusted(2, 2, -2, -2)
        background = image.pixelColor(row.topLeft()).lightness()
        ink = sum(1 for x in range(row.left(), row.right(), 2) for y in range(row.top(), row.bottom(), 2)
                  if abs(image.pixelColor(x, y).lightness() - background) > 80)  # fmt: skip
        assert ink > 50, f"row {i} is blank"


def test_no_match_shows_the_empty_state(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "xyzzy")
    assert panel.result_rows() == []
    assert panel.status.isVisible()
    assert panel.status.text() == "No article about 'xyzzy' in this library. Try a symptom, another name, or ask your care team."


def test_a_corrected_query_says_so(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "lupis")
    assert titles(panel)[0] == "Lupus"
    assert panel.status.isVisible()
    assert panel.status.text() == "Showing results for <b>lupus</b>"


def test_a_screen_reader_hears_the_correction_and_the_no_match_message(
    qtbot: QtBot, panel: SearchPanel, screen_reader: list[str]
) -> None:
    """The messages have no fixed accessible name, which would hide what they say, and each
    new one is announced: the focus stays in the field, where the user is typing."""
    from helpers import spoken

    type_text(qtbot, panel, "lupis")

    assert titles(panel) == ["Lupus"]
    assert spoken(panel.status) == "Showing results for lupus"  # on screen at once
    wait_for_pause(qtbot, panel)
    assert screen_reader == ["Showing results for lupus. 1 result"]  # with the count

    qtbot.keyClick(panel.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, panel, "xyzzy")

    said = "No article about 'xyzzy' in this library. Try a symptom, another name, or ask your care team."
    assert spoken(panel.status) == said
    wait_for_pause(qtbot, panel)
    assert screen_reader == ["Showing results for lupus. 1 result", said]
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)  # cleared: nothing more to say
    qtbot.waitUntil(lambda: not panel._timer.isActive())
    wait_for_pause(qtbot, panel)
    assert panel.status.isHidden() and screen_reader[-1] == said


def test_articles_with_only_some_of_the_words_say_so(
    qtbot: QtBot, panel: SearchPanel, screen_reader: list[str]
) -> None:
    """No article has "zebrafish": the hives article is listed for "itchy welts", and the
    status line says it has only some of the words, naming them; so does a corrected query."""
    from helpers import spoken

    type_text(qtbot, panel, "itchy welts zebrafish")

    assert titles(panel)[0] == "Hives"
    said = ("No article has all of 'itchy welts zebrafish'. "
            "Showing articles that mention 'itchy' or 'welts'.")  # fmt: skip
    assert panel.status.isVisible() and panel.status.text() == said
    wait_for_pause(qtbot, panel)
    assert screen_reader == [said + " 1 result"]

    qtbot.keyClick(panel.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, panel, "lupis zebrafish")

    assert titles(panel)[0] == "Lupus"
    said = ("Showing results for lupus zebrafish. No article has all of 'lupus zebrafish'. "
            "Showing articles that mention 'lupus'.")  # fmt: skip
    assert spoken(panel.status) == said
    wait_for_pause(qtbot, panel)
    assert screen_reader[-1] == said + " 1 result"
    assert "<b>lupus zebrafish</b>" in panel.status.text()


def test_a_title_that_asks_a_question_is_read_without_an_extra_period(qtbot: QtBot) -> None:
    import doctest

    from healthreader.ui import searchpanel

    asked = Article("als-q", "Is ALS an autoimmune disease?", "Not quite.", DAY, "It is not.", "")
    index = SearchIndex.open(None, Library.from_articles([asked, *ARTICLES]))
    panel = SearchPanel(index)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.focus_search()
    type_text(qtbot, panel, "autoimmune disease")

    assert panel.results.item(0).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Is ALS an autoimmune disease? Not quite."
    )
    index.close()
    assert doctest.testmod(searchpanel).failed == 0


def test_hostile_text_is_just_text(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, '"C++ NEAR( AND <b>')
    assert panel.result_rows() == []
    assert panel.status.text() == "No article about '\"C++ NEAR( AND <b>' in this library. Try a symptom, another name, or ask your care team."
    assert panel.status.textFormat() == Qt.TextFormat.PlainText


def test_enter_opens_the_first_result(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "swollen glands")
    with qtbot.waitSignal(panel.article_requested) as signal:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert signal.args == ["lymph"]


def test_enter_right_after_typing_uses_what_was_typed(qtbot: QtBot, panel: SearchPanel) -> None:
    qtbot.keyClicks(panel.field, "lupus")
    with qtbot.waitSignal(panel.article_requested) as signal:
        qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # before the search timer fired
    assert signal.args == ["lupus"]


def test_arrows_move_between_the_field_and_the_results(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "s")  # names starting with s: SLE (Lupus), Swollen lymph nodes
    assert titles(panel) == ["Lupus", "Swollen lymph nodes"]
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    assert panel.focusWidget() is panel.results
    assert panel.results.currentRow() == 0
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    assert panel.results.currentRow() == 1
    # Enter on a result: opened with the keyboard (the window takes it to the article).
    with qtbot.waitSignal(panel.article_entered) as signal:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert signal.args == ["lymph"]
    qtbot.keyClick(panel.results, Qt.Key.Key_Up)
    qtbot.keyClick(panel.results, Qt.Key.Key_Up)
    assert panel.focusWidget() is panel.field


def test_clicking_a_result_opens_it(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "hives")
    rect = panel.results.visualItemRect(panel.results.item(0))
    with qtbot.waitSignal(panel.article_requested) as signal:
        qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["hives"]


def test_escape_clears(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "hives")
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.result_rows() == [])
    assert panel.field.text() == ""
    type_text(qtbot, panel, "lupus")
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.result_rows() == [])
    assert panel.field.text() == "" and panel.focusWidget() is panel.field


def test_reset_leaves_nothing_to_undo(qtbot: QtBot, panel: SearchPanel) -> None:
    """The kiosk's next patient cannot bring back the last patient's search with Ctrl+Z."""
    type_text(qtbot, panel, "lupus")
    panel.reset()
    assert panel.field.text() == "" and panel.result_rows() == [] and panel.status.isHidden()
    panel.focus_search()
    qtbot.keySequence(panel.field, QKeySequence.StandardKey.Undo)
    qtbot.keyClick(panel.field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.field.text() == ""
    assert not panel.field.isUndoAvailable()
    qtbot.wait(1)  # let a (wrongly) restored text reach the results, were it there
    assert panel.result_rows() == []


def test_focus_search_selects_the_old_text(qtbot: QtBot, panel: SearchPanel) -> None:
    type_text(qtbot, panel, "hives")
    panel.results.setFocus()
    panel.focus_search()
    assert panel.focusWidget() is panel.field
    assert panel.field.selectedText() == "hives"


def test_a_result_tooltip_shows_quoted_html_as_text(qtbot: QtBot, panel: SearchPanel) -> None:
    from PySide6.QtGui import QTextDocument

    type_text(qtbot, panel, "zero")
    tip = panel.results.item(0).toolTip()

    assert "<img" not in tip and "&lt;img" in tip
    doc = QTextDocument()
    doc.setHtml(tip)  # what QToolTip does with it
    assert '<img src="file:///dev/zero">' in doc.toPlainText()


def panel_of(qtbot: QtBot, width: int, articles: list[Article]) -> tuple[SearchPanel, SearchIndex]:
    """A search panel ``width`` px wide over ``articles``, shown (close the index after)."""
    index = SearchIndex.open(None, Library.from_articles(articles))
    panel = SearchPanel(index)
    qtbot.addWidget(panel)
    panel.resize(width, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, index


def test_a_long_title_wraps_in_the_results_and_reads_whole(qtbot: QtBot) -> None:
    """Cut with "…", a long title needs a hover to read, which a touch screen has not."""
    from helpers import drawn_result, hover_tooltip, result_rows_cut_off

    long_title = "Autoimmune lymphoproliferative syndrome"
    panel, index = panel_of(qtbot, 220, [
        Article("alps", long_title, "Too many immune cells.", DAY, "Lymph nodes swell.", ""),
        Article("lymph", "Lymph", "Small glands.", DAY, "They swell with germs.", ""),
    ])  # fmt: skip
    type_text(qtbot, panel, "lymph")
    rows = {panel.results.item(i).text(): i for i in range(panel.results.count())}

    assert result_rows_cut_off(panel.results) == []
    tops = {box.top() for box, text, bold in drawn_result(panel.results, rows[long_title]) if bold}
    assert len(tops) >= 2  # the title took more than one line
    # The row is as high as its lines: the next row starts below the last of them.
    alps = panel.results.visualRect(panel.results.model().index(rows[long_title], 0))
    assert max(box.bottom() for box, _t, _b in drawn_result(panel.results, rows[long_title])) <= alps.bottom()
    # Hover shows the snippet, as for any row.
    tip = hover_tooltip(qtbot, panel.results, panel.results.model().index(rows[long_title], 0))
    assert tip == "Lymph nodes swell."
    # A screen reader gets the whole title.
    item = panel.results.item(rows[long_title])
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).startswith(long_title)
    index.close()


def test_the_rows_follow_the_width_of_the_list(qtbot: QtBot) -> None:
    from helpers import result_rows_cut_off

    panel, index = panel_of(qtbot, 600, [
        Article("alps", "Autoimmune lymphoproliferative syndrome", "Many immune cells.", DAY,
                "Lymph nodes swell.", ""),
    ])  # fmt: skip
    type_text(qtbot, panel, "lymph")
    first = panel.results.model().index(0, 0)
    wide = panel.results.visualRect(first).height()
    panel.resize(160, 400)
    qtbot.waitUntil(lambda: panel.results.visualRect(first).height() > wide)
    assert result_rows_cut_off(panel.results) == []
    panel.resize(600, 400)
    qtbot.waitUntil(lambda: panel.results.visualRect(first).height() == wide)
    index.close()


def test_the_results_are_as_high_as_their_rows_up_to_half_the_pane(qtbot: QtBot) -> None:
    """A few results leave the rest of the pane to what is below them (the conditions);
    many take half of it, and scroll."""
    from PySide6.QtWidgets import QTreeWidget, QVBoxLayout, QWidget

    many = [Article(f"rash-{n}", f"Rash {n}", "A rash.", DAY, "A rash on the skin.", "")
            for n in range(20)]  # fmt: skip
    index = SearchIndex.open(None, Library.from_articles([*ARTICLES, *many]))
    pane = QWidget()
    layout = QVBoxLayout(pane)
    panel = SearchPanel(index)
    below = QTreeWidget()
    layout.addWidget(panel, 0)
    layout.addWidget(below, 1)
    qtbot.addWidget(pane)
    pane.resize(400, 800)
    pane.show()
    qtbot.waitExposed(pane)
    panel.focus_search()

    def rows_height() -> int:
        results = panel.results
        return sum(results.visualRect(results.model().index(r, 0)).height()
                   for r in range(results.model().rowCount()))  # fmt: skip

    type_text(qtbot, panel, "hives")
    qtbot.waitUntil(lambda: panel.results.height() == rows_height() + 2 * panel.results.frameWidth())
    type_text(qtbot, panel, "\b\b\b\b\brash")
    qtbot.waitUntil(lambda: panel.results.count() == 20)
    qtbot.waitUntil(lambda: abs(panel.results.height() - 400) <= 2)  # half of 800
    assert rows_height() > panel.results.height()
    assert panel.results.verticalScrollBar().maximum() > 0
    # A shorter window: the list takes half of what the pane has now.
    pane.resize(400, 500)
    qtbot.waitUntil(lambda: abs(panel.results.height() - 250) <= 2)
    index.close()


# -- while the index is still opening (after a content change, on its own thread) ----------


class _HeldLibrary(Library):
    """A library whose articles cannot be read until the test lets them: the index it
    feeds stays "opening" (as after a large import) for as long as the test wants."""

    @classmethod
    def held(cls, articles: list[Article], gate: threading.Event) -> _HeldLibrary:
        by_id = {a.id: a for a in articles}

        def fetch(article_id: str) -> Article:
            gate.wait(10)
            return by_id[article_id]

        # With the versions of its files the catalogue read, as a loaded library has: the
        # index stamps those without reading them.
        from healthreader.content.files import changed_ns

        files = {i: a.path for i, a in by_id.items() if a.path is not None}
        versions = {i: (path.stat().st_size, changed_ns(path.stat())) for i, path in files.items()}
        return cls(infos={i: a.info for i, a in by_id.items()}, fetch=fetch,
                   files={i: str(path) for i, path in files.items()}, versions=versions)  # fmt: skip


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[LazySearchIndex, threading.Event]]:
    gate = threading.Event()
    # Articles with files, as loaded ones have: the index checks those without reading them.
    for a in ARTICLES:
        (tmp_path / f"{a.id}.md").write_text(a.body, encoding="utf-8")
    articles = [a._replace(path=tmp_path / f"{a.id}.md") for a in ARTICLES]
    lazy = LazySearchIndex(None, _HeldLibrary.held(articles, gate))
    yield lazy, gate
    gate.set()
    lazy.close()


@pytest.fixture
def held_panel(qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event]) -> SearchPanel:
    """A search panel on the held index, shown."""
    panel = SearchPanel(held[0])
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.fixture
def opened(held_panel: SearchPanel) -> list[str]:
    """The ids of the articles the held panel asks to open, in order."""
    asked: list[str] = []
    held_panel.article_requested.connect(asked.append)
    return asked


def test_a_search_typed_while_the_index_opens_runs_when_it_is_ready(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel
) -> None:
    lazy, gate = held
    lazy.start()
    qtbot.keyClicks(held_panel.field, "hive")
    qtbot.waitUntil(lambda: held_panel.status.isVisible())
    assert held_panel.status.text().startswith("Getting search ready…")
    assert held_panel.result_rows() == [] and not lazy.ready
    # The field still takes keys: the window is not waiting for the index.
    qtbot.keyClicks(held_panel.field, "s")
    assert held_panel.field.text() == "hives"

    gate.set()

    qtbot.waitUntil(lambda: titles(held_panel) == ["Hives"])
    assert not held_panel.status.isVisible()


def test_enter_while_the_index_opens_opens_the_first_result_when_it_is_ready(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel, opened: list[str]
) -> None:
    _lazy, gate = held
    type_text(qtbot, held_panel, "hives")
    qtbot.keyClick(held_panel.field, Qt.Key.Key_Return)
    status = held_panel.status.text()
    assert status.startswith("Getting search ready…")
    assert status.endswith(" The first result will open when it is ready.")
    assert opened == []

    gate.set()

    qtbot.waitUntil(lambda: opened == ["hives"])
    assert titles(held_panel) == ["Hives"]


def test_typing_after_enter_while_the_index_opens_opens_nothing_by_itself(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel, opened: list[str]
) -> None:
    _lazy, gate = held
    type_text(qtbot, held_panel, "hive")
    qtbot.keyClick(held_panel.field, Qt.Key.Key_Return)
    qtbot.keyClicks(held_panel.field, "s")  # still typing: Enter was for "hive"
    qtbot.waitUntil(lambda: "will open" not in held_panel.status.text())

    gate.set()

    qtbot.waitUntil(lambda: titles(held_panel) == ["Hives"])
    qtbot.wait(50)
    assert opened == []


def test_the_wait_says_how_far_the_index_is(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel
) -> None:
    lazy, _gate = held
    lazy.start()
    qtbot.waitUntil(lambda: lazy.progress == (0, len(ARTICLES)))
    type_text(qtbot, held_panel, "lupus")
    qtbot.waitUntil(lambda: held_panel.status.text() == "Getting search ready… (0 of 4 articles)")


def test_a_search_before_anyone_opened_the_index_opens_it_without_waiting(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel
) -> None:
    type_text(qtbot, held_panel, "lupus")  # returns: the panel did not block on the index
    assert held_panel.status.text().startswith("Getting search ready…")
    held[1].set()
    qtbot.waitUntil(lambda: titles(held_panel) == ["Lupus"])


def test_clearing_the_field_while_the_index_opens_leaves_no_message(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel
) -> None:
    lazy, gate = held
    type_text(qtbot, held_panel, "lupus")
    held_panel.reset()
    gate.set()
    qtbot.waitUntil(lambda: lazy.ready)
    qtbot.wait(2 * PROGRESS_MS)  # a forgotten progress timer would bring the message back
    assert not held_panel.status.isVisible() and held_panel.result_rows() == []


def test_the_screen_text_helper_reads_the_result_list(qtbot: QtBot, panel: SearchPanel) -> None:
    """helpers.all_text backs the "no article text before the disclaimer" checks: it must
    see what a list of results shows (a QListWidget's model once made it raise)."""
    from helpers import all_text

    type_text(qtbot, panel, "hives")
    assert "Hives" in all_text([panel])


def test_a_cut_snippet_always_ends_with_an_ellipsis(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from healthreader.ui.resultdelegate import snippet_line

    font = QFont()
    bold = QFont(font)
    bold.setBold(True)
    marked = "Lymph nodes are small [[glands]] that help fight germs."

    def width(pieces: list[tuple[str, bool]]) -> int:
        return sum(QFontMetrics(bold if b else font).horizontalAdvance(t) for t, b in pieces)

    assert snippet_line(marked, font, 10_000) == [
        ("Lymph nodes are small ", False), ("glands", True), (" that help fight germs.", False)]  # fmt: skip
    # The cut right where the bold word starts (there is no room for it, nor for "…").
    room = QFontMetrics(font).horizontalAdvance("Lymph nodes are small ")
    for available in (room, room + 1, room // 2, width([("Lymph nodes are small ", False), ("glands", True)]) + 3):
        pieces = snippet_line(marked, font, available)
        assert pieces and pieces[-1][0].endswith("…"), (available, pieces)
        assert width(pieces) <= available
        assert "".join(t for t, _ in pieces)[:-1] in marked.replace("[[", "").replace("]]", "")


def test_a_snippet_is_never_cut_inside_a_matched_word(qtbot: QtBot) -> None:
    """"…can make you **ti…**" for "tired" reads as another word: the cut goes before it."""
    from PySide6.QtGui import QFont, QFontMetrics

    from healthreader.ui.resultdelegate import snippet_line

    font = QFont()
    bold = QFont(font)
    bold.setBold(True)
    marked = "…low iron can make you [[tired]] and [[tired]]ness lasts."
    plain = marked.replace("[[", "").replace("]]", "")

    def width(pieces: list[tuple[str, bool]]) -> int:
        return sum(QFontMetrics(bold if b else font).horizontalAdvance(t) for t, b in pieces)

    room = QFontMetrics(font).horizontalAdvance("…low iron can make you…") + 2
    assert snippet_line(marked, font, room) == [("…low iron can make you", False), ("…", False)]
    for available in range(0, width(snippet_line(marked, font, 10_000)) + 1):
        pieces = snippet_line(marked, font, available)
        assert width(pieces) <= available
        shown = "".join(t for t, _ in pieces)
        if shown != plain:
            assert shown.endswith("…") or not shown, (available, pieces)
        assert all(text == "tired" for text, is_bold in pieces if is_bold), (available, pieces)
    # Only a matched word wider than the whole line, with nothing before it, is cut.
    narrow = QFontMetrics(bold).horizontalAdvance("hypothyroidism") // 2
    [(cut, is_bold)] = snippet_line("[[hypothyroidism]] is common.", font, narrow)
    assert is_bold and cut.endswith("…") and "hypothyroidism".startswith(cut[:-1])


def test_a_cut_line_starting_with_a_matched_word_shows_the_word_not_a_lone_ellipsis(
    qtbot: QtBot,
) -> None:
    """At a kiosk's largest text "autoimmune" fills a line; the line read "…" alone."""
    from PySide6.QtGui import QFont, QFontMetrics

    from healthreader.ui.resultdelegate import snippet_line

    font = QFont()
    bold = QFont(font)
    bold.setBold(True)
    marked = "[[autoimmune]] disease, this goes wrong."
    word = QFontMetrics(bold).horizontalAdvance("autoimmune")
    for available in range(QFontMetrics(bold).horizontalAdvance("aut…"), word + 1):
        [(text, is_bold)] = snippet_line(marked, font, available)
        assert is_bold and text.endswith("…") and "autoimmune".startswith(text[:-1]) and len(text) > 2
        assert QFontMetrics(bold).horizontalAdvance(text) <= available


def test_a_snippet_on_two_lines_goes_on_where_the_first_ends(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from healthreader.ui.resultdelegate import snippet_lines

    font = QFont()
    marked = "Lymph nodes are small [[glands]] that help fight germs all over the body."
    plain = marked.replace("[[", "").replace("]]", "")
    width = QFontMetrics(font).horizontalAdvance("Lymph nodes are small gl")
    first, second = snippet_lines(marked, font, width, 2)
    assert first == (("Lymph nodes are small", False),)
    assert second[0] == ("glands", True) and second[-1][0].endswith("…")
    shown = " ".join("".join(text for text, _bold in line) for line in (first, second))
    assert plain.startswith(shown[:-1])
    # Room for all of it: all of it, on as many lines as it takes, up to the most.
    assert snippet_lines(marked, font, 10_000, 2) == [(("Lymph nodes are small ", False), ("glands", True),
                                                      (" that help fight germs all over the body.", False))]  # fmt: skip


def test_the_first_matched_word_is_always_in_sight(qtbot: QtBot) -> None:
    """The index samples about 160 characters; a line holds 50 or so. With the match past
    the line's end, the row showed words that did not explain why it was found."""
    from PySide6.QtGui import QFont, QFontMetrics

    from healthreader.ui.resultdelegate import snippet_lines

    font = QFont()
    marked = ("Many autoimmune diseases share the same early signs, and they often cause "
              "swelling, pain and [[tiredness]] that comes and goes.")  # fmt: skip
    plain = marked.replace("[[", "").replace("]]", "")
    width = QFontMetrics(font).horizontalAdvance("Many autoimmune diseases share the same")
    for most in (1, 2):
        lines = snippet_lines(marked, font, width, most)
        assert len(lines) == most
        assert ("tiredness", True) in lines[-1]
        shown = " ".join("".join(text for text, _bold in line) for line in lines)
        assert shown.startswith("…") and shown.endswith("…")
        assert plain.replace("  ", " ").find(shown[1:-1].replace("  ", " ").rstrip()) > 0
    # Words before it, to read it in ("…swelling, pain and tiredness"), not the match alone.
    [line] = snippet_lines(marked, font, width, 1)
    assert len("".join(text for text, _bold in line).split("tiredness")[0].split()) >= 2
    # A match already in sight is left where it is.
    near = "Pain and [[tiredness]] that comes and goes, with swelling of many joints."
    assert snippet_lines(near, font, width, 1)[0][:2] == (("Pain and ", False), ("tiredness", True))


def test_an_index_that_cannot_be_opened_says_so_instead_of_waiting_for_ever(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> SearchIndex:
        raise MemoryError("not enough memory to build the index")

    monkeypatch.setattr(SearchIndex, "open", fail)
    lazy = LazySearchIndex(None, Library.from_articles(ARTICLES))
    panel = SearchPanel(lazy)
    qtbot.addWidget(panel)
    panel.show()
    lazy.start()
    type_text(qtbot, panel, "lupus")

    qtbot.waitUntil(lambda: panel.status.text().startswith("Search is not available"))
    assert "not enough memory to build the index" in panel.status.text()
    assert panel.result_rows() == [] and lazy.search("lupus").hits == []
    lazy.close()


def test_a_form_of_the_word_typed_finds_the_article(qtbot: QtBot) -> None:
    """"weak legs": the article says "weakness in the legs"; it is listed, with all the
    words, not as a no-match or an article with some of them."""
    articles = [
        Article("gbs", "Guillain-Barré syndrome", "The immune system attacks the nerves.", DAY,
                "It often starts in the feet.", "", symptoms=("weakness in the legs",)),
        Article("legs", "Restless legs", "An urge to move the legs.", DAY, "Worse at night.", ""),
    ]  # fmt: skip
    index = SearchIndex.open(None, Library.from_articles(articles))
    widget = shown_panel(qtbot, index)
    type_text(qtbot, widget, "weak legs")
    assert widget.result_rows()[0] == ("gbs", "Guillain-Barré syndrome", "The immune system attacks the nerves.",
                                       "symptom: weakness in the legs")  # fmt: skip
    assert widget.status.isHidden()
    index.close()


# -- what a screen reader hears while typing --------------------------------------------------


NO_XQZZY = "No article about 'xqzzy' in this library. Try a symptom, another name, or ask your care team."


@pytest.mark.parametrize(("typed", "said", "shown"), [
    ("xqzzy", NO_XQZZY, NO_XQZZY),
    ("swolen glands", "Showing results for swollen glands. 1 result", "Showing results for <b>swollen glands</b>"),
    ("welts", "1 result", None),
    ("s", "2 results", None),
], ids=["no-match", "corrected", "one-result", "results"])  # fmt: skip
def test_typing_is_announced_once_when_it_pauses(qtbot: QtBot, panel: SearchPanel, screen_reader: list[str],
                                                  typed: str, said: str, shown: str | None) -> None:  # fmt: skip
    """One message per key was queued and spoken, a sentence a letter, long after the reader
    stopped typing: only the last is said, once typing pauses. What is shown is not held back."""
    type_slowly(qtbot, panel, typed)

    if shown is None:
        assert panel.status.isHidden()
    else:
        assert panel.status.text() == shown  # shown at once
    assert screen_reader == []  # still typing, as far as anyone knows
    wait_for_pause(qtbot, panel)
    assert screen_reader == [said]


def test_new_results_are_announced_after_a_no_match(qtbot: QtBot, panel: SearchPanel,
                                                    screen_reader: list[str]) -> None:  # fmt: skip
    type_slowly(qtbot, panel, "xyzzy")
    wait_for_pause(qtbot, panel)
    qtbot.keyClick(panel.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)

    type_slowly(qtbot, panel, "lupus")

    wait_for_pause(qtbot, panel)
    assert screen_reader[-1] == "1 result" and len(screen_reader) == 2


def test_clearing_the_field_before_the_pause_says_nothing(qtbot: QtBot, panel: SearchPanel,
                                                          screen_reader: list[str]) -> None:  # fmt: skip
    type_slowly(qtbot, panel, "xyzzy")

    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel._timer.isActive())

    wait_for_pause(qtbot, panel)
    assert screen_reader == []


def test_opening_a_result_drops_the_count_still_waiting(qtbot: QtBot, panel: SearchPanel,
                                                        screen_reader: list[str]) -> None:  # fmt: skip
    opened: list[str] = []
    panel.article_requested.connect(opened.append)
    type_slowly(qtbot, panel, "lupus")

    qtbot.keyClick(panel.field, Qt.Key.Key_Return)

    assert opened == ["lupus"]
    wait_for_pause(qtbot, panel)
    assert screen_reader == []


def test_a_title_two_languages_share_says_each_one_s_language(qtbot: QtBot) -> None:
    """"Anemia" found in English and in Spanish: the rows say which is which (and a title
    only one language has, none)."""
    library = Library.from_articles([
        Article("anemia", "Anemia", "Too few red blood cells.", DAY, "Anemia makes you tired.", ""),
        Article("anemia-es", "Anemia", "Muy pocos glóbulos rojos.", DAY, "La anemia cansa.", "",
                language="es"),
        Article("asma", "Asma", "Las vías respiratorias se inflaman.", DAY, "El asma y la anemia.", "",
                language="es"),
    ])  # fmt: skip
    index = SearchIndex.open(None, library)
    try:
        panel = SearchPanel(index, library)
        qtbot.addWidget(panel)
        panel.show()
        qtbot.waitExposed(panel)
        type_text(qtbot, panel, "anemia")
        assert sorted(titles(panel)) == ["Anemia (English)", "Anemia (español)", "Asma"]
    finally:
        index.close()


def test_the_window_s_search_marks_the_language_too(
    qtbot: QtBot, make_reader, ui_library: Path, settings_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """As app.py builds it: the search panel knows the library's titles."""
    from healthreader.settings import Settings, disclaimer_version
    from helpers import DISCLAIMER, write_bilingual_articles

    write_bilingual_articles(ui_library)
    Settings(settings_path).accept_disclaimer(disclaimer_version(DISCLAIMER))
    reader = make_reader()
    index = LazySearchIndex(None, reader.library)
    reader.search_index = index
    try:
        window = reader.start()
        qtbot.waitExposed(window)
        panel = window.search_panel
        panel.focus_search()
        type_text(qtbot, panel, "anemia")
        qtbot.waitUntil(lambda: len(titles(panel)) > 1)
        assert sorted(titles(panel)[:2]) == ["Anemia (English)", "Anemia (español)"]
    finally:
        index.close()


def test_a_search_that_names_an_emergency_says_to_call_for_help_first(
    qtbot: QtBot, panel: SearchPanel, screen_reader: list[str]
) -> None:
    """"chest pain" is not in this library: above the message that says so, the disclaimer's
    advice, said to a screen reader once, not again as the search goes on, and gone with
    the words."""
    from healthreader.search.emergency import NOW
    from helpers import spoken

    type_slowly(qtbot, panel, "chest pain")

    assert panel.emergency.isVisible() and spoken(panel.emergency) == NOW
    assert "911" in NOW and "emergency number" in NOW
    assert panel.emergency.font().bold()
    # At the panel's text size (Larger text, a kiosk's scale), only bold.
    assert panel.emergency.font().pointSizeF() == panel.status.font().pointSizeF()
    # Above the results' message, which still says what the library has.
    assert panel.emergency.geometry().bottom() < panel.status.geometry().top()
    assert panel.status.text().startswith("No article has all of 'chest pain'")
    end_pause(qtbot, panel._emergency_speech)
    wait_for_pause(qtbot, panel)
    assert screen_reader[0] == NOW and screen_reader.count(NOW) == 1

    type_slowly(qtbot, panel, " and a rash")  # still the same emergency: not said again
    end_pause(qtbot, panel._emergency_speech)
    assert panel.emergency.isVisible() and screen_reader.count(NOW) == 1

    qtbot.keyClick(panel.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, panel, "rash")
    assert panel.emergency.isHidden() and titles(panel) == ["Lupus"]


def test_the_crisis_line_for_words_of_suicide_and_the_next_patient_does_not_see_it(
    qtbot: QtBot, panel: SearchPanel
) -> None:
    from healthreader.search.emergency import CRISIS

    type_text(qtbot, panel, "I want to kill myself")
    assert panel.emergency.isVisible() and panel.emergency.text() == CRISIS
    assert "988" in CRISIS
    assert titles(panel) == []
    assert panel.status.text().startswith("No article about 'I want to kill myself'")
    # Only articles with all the words follow a crisis line: not Lupus, whose summary has
    # "attacks" ("the immune system attacks the body") but not "suicide".
    qtbot.keyClick(panel.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, panel, "suicide attacks")
    assert panel.emergency.text() == CRISIS and titles(panel) == []

    panel.reset()  # the kiosk's next patient

    assert panel.emergency.isHidden() and panel.emergency.text() == ""


def test_the_emergency_advice_shows_while_the_index_is_still_opening(
    qtbot: QtBot, held: tuple[LazySearchIndex, threading.Event], held_panel: SearchPanel
) -> None:
    """Nothing of the index is needed to tell someone to call for help."""
    lazy, gate = held
    lazy.start()
    qtbot.keyClicks(held_panel.field, "can't breathe")
    qtbot.waitUntil(lambda: held_panel.status.isVisible())
    assert held_panel.status.text().startswith("Getting search ready…") and not lazy.ready
    assert held_panel.emergency.isVisible()
    assert held_panel.emergency.text().startswith("If this is happening now, call")
    gate.set()
    qtbot.waitUntil(lambda: lazy.ready)

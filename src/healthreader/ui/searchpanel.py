"""The search panel: a field, results as you type, "Showing results for …" and empty state.

Keys: Down in the field moves into the results, Up on the first result moves back;
Enter opens the selected result (from the field: the selected one, else the first), and
from the results takes the keyboard on to the article (``article_entered``); Esc
clears the field (from the results: and goes back to it). ``reset()`` empties the field
and its undo history, for the kiosk's next patient.

The index may still be opening on its own thread (after a content change, that takes a
while): a search typed meanwhile shows "Getting search ready…" with how far it is, and
runs by itself once the index is ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from healthreader.content.page import escape
from healthreader.search import NO_MATCH
from healthreader.ui.announce import AfterTyping
from healthreader.ui.fittedfield import FittedPlaceholderEdit
from healthreader.ui.focusframe import FocusFrame
from healthreader.ui.roles import (
    ACCESSIBLE_TEXT_ROLE,
    ID_ROLE,
    REASON_ROLE,
    SNIPPET_MARKED_ROLE,
    SNIPPET_ROLE,
)
from healthreader.ui.wheelzoom import CtrlWheelZoom

if TYPE_CHECKING:
    from PySide6.QtCore import QSize

    from healthreader.content.model import Library
    from healthreader.search.index import SearchHit, SearchIndex

RESULT_LIMIT = 20
# The search box's placeholder, longest first: the longest that fits shows (ui/fittedfield.py).
PLACEHOLDERS = ("Search conditions or symptoms", "Search conditions", "Search")
PREPARING = "Getting search ready…"
UNAVAILABLE = ("Search is not available ({reason}). Choose a condition from the list below; "
               "restarting Health Reader may help.")
PREPARING_COUNT = "Getting search ready… ({done:,} of {total:,} articles)"
# Added to either while Enter waits for the index: the first result opens by itself.
THEN_OPENS = " The first result will open when it is ready."
PROGRESS_MS = 250  # how often the count is updated while a search waits
RESULTS_SHARE = 0.5  # of the pane's height, at most, for the list of results;
RESULTS_SHARE_MOST = 0.7  # or up to this much when the first result needs it
_SHOWN_QUERY_CHARS = 60  # a pasted essay is shortened in the messages


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_QUERY_CHARS else text[: _SHOWN_QUERY_CHARS - 1] + "…"


def results_count(count: int) -> str:
    """What a screen reader is told of a search's results.

    >>> results_count(1), results_count(7)
    ('1 result', '7 results')
    """
    return f"{count} result" if count == 1 else f"{count} results"


def _spoken(*parts: str) -> str:
    """A result as a screen reader reads it: its parts as sentences, with no period after
    one that already ends with a mark.

    >>> _spoken("Is ALS an autoimmune disease?", "", "Some say so.")
    'Is ALS an autoimmune disease? Some say so.'
    >>> _spoken("Hives", "symptom: itchy welts", "Raised welts")
    'Hives. symptom: itchy welts. Raised welts'
    """
    said = ""
    for part in filter(None, parts):
        if said:
            said += " " if said.endswith((".", "?", "!", "…", ":")) else ". "
        said += part
    return said


class _ResultList(CtrlWheelZoom, FocusFrame, QListWidget):
    """The results: Ctrl + wheel over them is the window's text size (ui/wheelzoom.py).

    As high as its rows, so that a few results leave the rest of the pane it is in
    (``pane``) to the list of conditions below; at most half of it, or as much as the
    first result needs to show whole (a kiosk's largest text), up to RESULTS_SHARE_MOST."""

    pane: QWidget | None = None

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.pane is None or not self.count():
            return hint
        from PySide6.QtCore import QSize

        frame = 2 * self.frameWidth()
        rows = [self.sizeHintForRow(row) for row in range(self.count())]
        # Half the pane; more if the first result needs it to show whole (large text in a
        # small window), up to RESULTS_SHARE_MOST.
        pane = self.pane.height()
        most = max(pane * RESULTS_SHARE, min(rows[0] + frame, pane * RESULTS_SHARE_MOST))
        return QSize(hint.width(), max(1, min(sum(rows) + frame, int(most))))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # larger text, higher rows

    def minimumSizeHint(self) -> QSize:
        # Qt's leaves room for a scroll bar, which one short row does not need.
        least = super().minimumSizeHint()
        if self.pane is not None and self.count():
            least.setHeight(min(least.height(), self.sizeHint().height()))
        return least


class _WholeLabel(QLabel):
    """A word-wrapped message shown whole: its least height is the height its text needs at
    its width, so that the pane gives it that before the results get more than their least
    (they shrink to it), and scrolls where even that is not enough (ui/panescroll.py).
    Qt's least height is one line: at large text a crowded pane squeezed the emergency
    notice to a line or two and cut "right away"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # No indent beside a style sheet's padding: Qt's (half an "x", with a frame) made the
        # measured height a line or two more than the text it draws.
        self.setIndent(0)

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        if self.text():
            # Qt's least width is the widest word's, which may be wider than the pane: the
            # layout then asked for the height at that width, too low at the pane's.
            margins = self.contentsMargins()
            narrow = 8 * self.fontMetrics().averageCharWidth() + margins.left() + margins.right()
            least.setWidth(min(least.width(), narrow))
            least.setHeight(max(least.height(), self.heightForWidth(self.width())))
        return least

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()
            self.updateGeometry()  # a new width is a new least height

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
            self.updateGeometry()

    def _fit(self) -> None:
        """What a subclass does with a new width or font."""


class _Notice(_WholeLabel):
    """The emergency notice: shown whole, or it is no help (see _WholeLabel); scrolled into
    sight in a pane that scrolls. A word wider than it (at the largest text in a narrow
    pane) gets soft hyphens where it must break (ui/titlewrap.py), instead of running off
    its right edge. ``notice``: its words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = ""

    def show_notice(self, notice: str) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        # At the top: Qt's measure of a text with soft hyphens may be a line more than it
        # draws, and the blank goes under it rather than above "If this is".
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.notice = notice
        self._fit()
        if notice:
            QTimer.singleShot(0, self, self._reveal)  # once the pane has made room for it

    def _reveal(self) -> None:
        """Scroll a pane that scrolls (ui/panescroll.py) so that the notice shows whole: a
        kiosk at 200% has less room under its toolbar than the field and the notice need,
        and the notice matters more than the top of the field (the typing goes on)."""
        from PySide6.QtWidgets import QScrollArea

        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        pane = area.widget() if area is not None else None
        if area is None or pane is None or not self.isVisible():
            return
        if self.height() <= area.viewport().height():
            area.ensureWidgetVisible(self, 0, 0)
        else:  # from its start (Qt's would show its middle)
            area.verticalScrollBar().setValue(self.mapTo(pane, self.rect().topLeft()).y())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.notice and event.size().height() > event.oldSize().height():
            QTimer.singleShot(0, self, self._reveal)  # larger text: still whole

    def _fit(self) -> None:
        """The text shown: the notice, with breaks in a word too wide for the label."""
        shown = self.notice
        metrics = QFontMetricsF(self.font())
        room = float(self.contentsRect().width() - 2 * self.margin())
        if shown and any(metrics.horizontalAdvance(word) > room for word in shown.split()):
            from healthreader.ui.titlewrap import with_breaks  # rarely needed: not at start-up

            shown = with_breaks(shown, metrics, room)
        if shown != self.text():
            self.setText(shown)
        # A screen reader gets the words without the breaks (as shown when there are none).
        name = self.notice if shown != self.notice else ""
        if self.accessibleName() != name:
            self.setAccessibleName(name)


class SearchPanel(QWidget):
    """Search as you type over a SearchIndex; emits ``article_requested(id)`` to open one."""

    article_requested = Signal(str)
    # Enter on a result: open it and take the keyboard to it (a click leaves it here).
    article_entered = Signal(str)
    # Just before either of the two: the article's id and the result's line, its matched
    # words in [[ ]], for the article to be shown there (ArticleView.show_passage).
    passage_requested = Signal(str, str)
    _index_ready = Signal()  # emitted on the index's thread, delivered on this one

    def __init__(self, index: SearchIndex, library: Library | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._index = index
        # Titles as the sidebar shows them: "Anemia (español)" beside "Anemia (English)".
        self._library = library
        self.field = FittedPlaceholderEdit(PLACEHOLDERS, self)
        self.field.setAccessibleName("Search")
        self.field.setClearButtonEnabled(True)
        # A search that names an emergency ("chest pain") gets the disclaimer's advice first,
        # above everything else (search/emergency.py). No accessible name, as the status.
        self.emergency = _Notice(self)
        self.emergency.setObjectName("emergency-notice")
        # Bold, with a red bar at its left. (Qt draws no "border-left: 4px solid red" of a
        # QLabel; and a font set in code would lose to a kiosk's style sheet.)
        self.emergency.setStyleSheet("QLabel#emergency-notice { font-weight: bold; "
                                     "border-width: 0px 0px 0px 4px; border-style: solid; "
                                     "border-color: #c62828; padding: 2px 0px 2px 6px; }")  # fmt: skip
        self.emergency.hide()
        self._emergency_speech = AfterTyping(self.emergency)
        # No accessible name: a screen reader gets the message shown (ui/announce.py).
        self.status = _WholeLabel(self)
        self.status.setObjectName("search-status")
        self.status.hide()  # its text format is set with each message
        self.results = _ResultList(self)
        self.results.setAccessibleName("Search results")
        self.results.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        # Typing fires one search per burst of keystrokes, after Qt has drawn the text.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        # While a search waits for the index: how far the index is.
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(PROGRESS_MS)
        # Enter pressed on this text while the index was not ready: open its first result.
        self._open_when_ready: str | None = None
        self._said = ""  # the status a screen reader was last told (ui/announce.py)
        # Told once the typing pauses, not at each key (ui/announce.py).
        self._speech = AfterTyping(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.emergency)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.results.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(self._on_field_return)
        self._timer.timeout.connect(self._run_search)
        self._progress_timer.timeout.connect(self._show_preparing)
        self.results.itemClicked.connect(self._on_item_clicked)
        self.field.installEventFilter(self)
        self.results.installEventFilter(self)
        when_ready = getattr(self._index, "when_ready", None)
        if when_ready is not None:
            self._index_ready.connect(self._on_index_ready)
            when_ready(self._index_ready.emit)

    # -- public ------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def reset(self) -> None:
        """Empty the field, its undo history and the results (the next patient's start)."""
        self._timer.stop()
        # setText(), unlike clear(), also empties the undo/redo history: Ctrl+Z after a
        # reset must not bring back the last patient's search (tested). Not with signals
        # blocked: the field's own textChanged hides its clear button (the search it
        # starts is run at once below).
        self.field.setText("")
        self._run_search()

    def result_rows(self) -> list[tuple[str, str, str, str | None]]:
        """What the list shows: (id, title, snippet, reason) per row, best first."""
        rows = []
        for i in range(self.results.count()):
            item = self.results.item(i)
            rows.append((str(item.data(ID_ROLE)), item.text(), str(item.data(SNIPPET_ROLE)),
                         item.data(REASON_ROLE) or None))  # fmt: skip
        return rows

    # -- searching ---------------------------------------------------------------------------

    def _on_text_changed(self, _text: str) -> None:
        self._open_when_ready = None  # Enter was for what was typed then
        self._said = ""  # new text: its results are news, even if the words are the same
        self._timer.start()

    def _run_search(self) -> None:
        self._timer.stop()
        self._progress_timer.stop()
        text = self.field.text()
        if text != self._open_when_ready:
            self._open_when_ready = None
        # Here, not at start-up: the first search comes after the window is up.
        from healthreader.search.emergency import emergency_notice, shown_hits

        notice = emergency_notice(text)
        self._show_emergency(notice)
        if not text.strip():
            self._show_results(text, [], None)
            return
        failure = getattr(self._index, "failure", None)
        if failure is not None:
            self._show_results("", [], None)
            self._say(UNAVAILABLE.format(reason=_shown(failure)))  # the reason is not markup
            return
        if not getattr(self._index, "ready", True):
            # Searching now would freeze the window until the index is open.
            getattr(self._index, "start", lambda: None)()
            self._show_results("", [], None)
            self._show_preparing()
            self._progress_timer.start()
            return
        results = self._index.search(text, RESULT_LIMIT)
        self._show_results(text, shown_hits(notice, results.hits), results.corrected,
                           results.some_words_note(_shown(results.corrected or text)))  # fmt: skip

    def _show_emergency(self, notice: str | None) -> None:
        """Show ``notice`` above the results (None: none), said once the typing pauses,
        and not again while the search goes on naming the same emergency."""
        if notice == (None if self.emergency.isHidden() else self.emergency.notice):
            return
        if notice is None:
            self.emergency.show_notice("")
            self.emergency.hide()
            self._emergency_speech.cancel()
            return
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        self.emergency.setTextFormat(Qt.TextFormat.PlainText)
        self.emergency.show_notice(notice)
        self.emergency.show()
        self._emergency_speech.say(notice)

    def _show_preparing(self) -> None:
        done, total = getattr(self._index, "progress", (0, 0))
        message = PREPARING_COUNT.format(done=done, total=total) if total else PREPARING
        if self._open_when_ready is not None:
            message += THEN_OPENS
        # Said once, not with each new count.
        self._say(message, spoken=PREPARING + (THEN_OPENS if self._open_when_ready else ""))

    def _say(self, message: str, spoken: str | None = None, plain: str | None = None) -> None:
        """Show ``message`` under the field at once (rich text when ``plain``, its words, is
        given; else plain text), and have a screen reader say ``spoken`` (by default, its
        words) once the typing pauses, if that is not what it said last."""
        from PySide6.QtCore import Qt

        rich = plain is not None
        self.status.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.status.setText(message)
        self.status.show()
        self._speak(spoken if spoken is not None else plain if plain is not None else message)

    def _speak(self, spoken: str, about: QWidget | None = None) -> None:
        if spoken != self._said:
            self._said = spoken
            self._speech.say(spoken, about)

    def _unsay(self) -> None:
        self.status.clear()
        self.status.hide()
        self._said = ""
        self._speech.cancel()

    def _on_index_ready(self) -> None:
        if self._progress_timer.isActive():
            self._progress_timer.stop()
            self._run_search()  # what was typed meanwhile
            if self._open_when_ready is not None:
                self._open_when_ready = None
                self._open(self.results.item(0))

    def _show_results(self, text: str, hits: list[SearchHit], corrected: str | None,
                      some_words: str | None = None) -> None:  # fmt: skip
        """List ``hits``; say when nothing matched, what was searched instead (``corrected``)
        and that the articles have only some of the words (``some_words``, the sentence)."""
        # Here rather than at start-up: see ui/roles.py.
        from PySide6.QtCore import Qt

        from healthreader.ui.resultdelegate import ResultDelegate

        if not isinstance(self.results.itemDelegate(), ResultDelegate):
            self.results.setItemDelegate(ResultDelegate(self.results))
            self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            # Rows wrap: a new width is new heights.
            self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
            # The list's height follows the pane's (see _ResultList).
            self.results.pane = self.parentWidget()
            if self.results.pane is not None:
                self.results.pane.installEventFilter(self)
        self.results.clear()
        library = self._library
        for hit in hits:
            title = hit.title
            if library is not None and hit.id in library:
                title = library.shown_title(hit.id)
            item = QListWidgetItem(title)
            plain = hit.snippet.replace("[[", "").replace("]]", "")
            item.setData(ID_ROLE, hit.id)
            item.setData(SNIPPET_ROLE, plain)
            item.setData(SNIPPET_MARKED_ROLE, hit.snippet)
            item.setData(REASON_ROLE, hit.reason or "")
            # Escaped and marked as rich text: Qt guesses that a tooltip with a tag in it is
            # HTML, and would load an <img src="file:..."> quoted in an article's text.
            item.setToolTip(f"<p>{escape(plain)}</p>")
            spoken = _spoken(title, hit.reason or "", plain)
            item.setData(ACCESSIBLE_TEXT_ROLE, spoken)
            self.results.addItem(item)
        # An empty list would be a blank box above the sidebar: show it only with results.
        self.results.setVisible(bool(hits))
        self.results.updateGeometry()  # as high as its new rows
        if hits:
            self.results.setCurrentRow(0)
            self.results.scrollToTop()
        count = results_count(len(hits))
        if text.strip() and not hits:
            self._say(NO_MATCH.format(query=_shown(text)))
        elif corrected:
            note = f". {some_words}" if some_words else ""
            plain = f"Showing results for {_shown(corrected)}{note}"
            self._say(f"Showing results for <b>{escape(_shown(corrected))}</b>{escape(note)}",
                      plain=plain, spoken=_spoken(plain, count))  # fmt: skip
        elif some_words:
            self._say(some_words, spoken=_spoken(some_words, count))
        else:
            self._unsay()
            if hits:
                self._speak(count, self.results)  # how many, which a screen reader cannot see

    # -- keys and clicks ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.results.pane:
            if event.type() == QEvent.Type.Resize:
                self.results.updateGeometry()  # its most is a share of the pane
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        from PySide6.QtCore import Qt

        key = event.key()
        if watched is self.field:
            if key == Qt.Key.Key_Down:
                self._flush()
            if key == Qt.Key.Key_Down and self.results.count():
                if self.results.currentRow() < 0:
                    self.results.setCurrentRow(0)
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.field.setText("")
                return True
        elif watched is self.results:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.results.currentItem()
                if item is not None:
                    self._speech.cancel()  # as in _open
                    self.passage_requested.emit(str(item.data(ID_ROLE)), str(item.data(SNIPPET_MARKED_ROLE)))
                    self.article_entered.emit(str(item.data(ID_ROLE)))
                return True
            if key == Qt.Key.Key_Up and self.results.currentRow() <= 0:
                self.field.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Escape:
                self.field.setText("")
                self.field.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return False

    def _flush(self) -> None:
        """Run a search still waiting for its timer, so keys act on what was typed."""
        if self._timer.isActive():
            self._run_search()

    def _on_field_return(self) -> None:
        self._flush()
        if self._progress_timer.isActive() and self.field.text().strip():
            # Still getting ready: there is nothing to open yet, so it opens then.
            self._open_when_ready = self.field.text()
            self._show_preparing()
            return
        item = self.results.currentItem() or self.results.item(0)
        self._open(item)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        self._open(item)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            # The article's title is said as it opens, not "7 results" after it.
            self._speech.cancel()
            self.passage_requested.emit(str(item.data(ID_ROLE)), str(item.data(SNIPPET_MARKED_ROLE)))
            self.article_requested.emit(str(item.data(ID_ROLE)))

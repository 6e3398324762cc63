"""The "Handout" dialog: a clinician's packet of one or several articles, printed or saved.

Opened from File → Handout of several articles… (Ctrl+Shift+P); never in a kiosk. The
main window builds it only when asked (nothing of it is imported before the first paint)::

    dialog = HandoutDialog(library, glossary, clinic_name, checked=["lupus"], parent=window,
                           save_folder=window.save_folder)
    dialog.handout_done.connect(...)    # what happened, for the status bar
    dialog.open()

Left, every condition A–Z with a check box and a filter over titles and other names (case
and accents ignored, as in the sidebar); right, the checked ones in handout order, which
is the order of the contents page and of the articles. Print… and Export PDF… go through
``ui/printing.py`` like the window's own, with the large-print choice and the clinic name
given here; a handout that was printed or saved closes the dialog.

A click on a title checks or unchecks it, as a click on its box does.

Keys: the filter has the focus; Down goes into the list, Up from its first row back to the
filter; Space or Enter checks or unchecks a row; Enter in the filter checks the row the
text best names (never unchecks): content/namefilter.py; while typing, that row is the
list's current (highlighted) row; Delete removes from the order, Ctrl+Up / Ctrl+Down move. A button
that can no longer act (Move up at the top, Remove on an empty list) hands the focus to the
order list, so pressing it again changes nothing. Enter
never closes the dialog and never presses Print… or Export PDF… unless that button has the
focus. Escape in a filter with text empties it; otherwise Escape, like Close, leaves
without printing.
"""

from __future__ import annotations

import heapq

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from healthreader.content.glossary import Glossary
from healthreader.content.model import Article, Library, fold
from healthreader.content.namefilter import best_match, filter_key, narrows
from healthreader.content.wording import name_list
from healthreader.errors import HealthReaderError
from healthreader.ui import theme
from healthreader.ui.announce import AfterTyping, announce
from healthreader.ui.filterrows import FilterRow, filter_rows
from healthreader.ui.fittedfield import FittedPlaceholderEdit
from healthreader.ui.focusframe import FocusFrame
from healthreader.ui.roles import ID_ROLE
from healthreader.ui.savefolder import SaveFolder
from healthreader.ui.sidebar import FILTER_PLACEHOLDERS, no_match_text

TITLE = "Handout"
#: By the clinic name field, when the name is longer than the page header's two lines.
CLINIC_CUT_NOTE = ("This name is too long for the two lines at the top of each page: its end "
                   "will be cut off with \"…\". A shorter name prints whole.")

#: By the clinic name field, when no font installed here has some of its characters:
#: .format(characters=) names them.
CLINIC_FONT_NOTE = ("No font on this computer can print some characters of this name "
                    "({characters}): they will print as empty boxes. Install a font that has "
                    "them, or write the name without them.")

# A clinic name this long or shorter fits the header's two lines on any handout paper
# (Letter or A4), in large print, even in wide letters: it is never measured.
_NEVER_CUT_CHARS = 40

# The clinic name field's placeholder, longest first (ui/fittedfield.py).
CLINIC_PLACEHOLDERS = ("None: the header says Health Reader", "None: it says Health Reader", "None")
EMPTY_TEXT = "Nothing chosen yet: check the conditions to include."
# Room kept on the screen for a window's frame and title bar, which Qt measures only once a
# window is shown (see HandoutDialog.fit_screen).
_FRAME_PX = 8
_TITLE_BAR_PX = 48
# A check box is this share of its text's line height (when that is more than the style's).
INDICATOR_SHARE = 0.8


def summary_text(count: int) -> str:
    """What the handout will be, under its order list.

    >>> summary_text(0)
    'Nothing chosen yet: check the conditions to include.'
    >>> summary_text(1)
    '1 article.'
    >>> summary_text(3)
    '3 articles, after a contents page.'
    """
    if count == 0:
        return EMPTY_TEXT
    if count == 1:
        return "1 article."
    return f"{count} articles, after a contents page."


def _is_key(event: QKeyEvent, key: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> bool:
    mask = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.MetaModifier)  # fmt: skip
    wanted = modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier
    return event.key() == key and (event.modifiers() & mask) == wanted


def _is_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _IndicatorStyle(QProxyStyle):
    """The application's style with check boxes ``side`` px square (see fit_indicator), each
    outlined so that an unchecked one can be seen (see drawPrimitive)."""

    def __init__(self, side: int) -> None:
        # A style of its own (by name): a proxy takes over the style it is given.
        super().__init__(QStyleFactory.create(QApplication.style().name()))
        self.side = side

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:  # fmt: skip
        if metric in (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight):
            return self.side
        return super().pixelMetric(metric, option, widget)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:  # fmt: skip
        super().drawPrimitive(element, option, painter, widget)
        if element in (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                       QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck):  # fmt: skip
            # Fusion outlines the box in the window colour darkened: 1.05:1 against a dark
            # list, 1.9:1 against a light one. The theme's faint text colour is 7:1 or more
            # against either, so an unchecked box shows (WCAG asks 3:1 for a control's edge).
            colour = QColor(theme.colours(theme.is_dark(option.palette))["faint"])
            state = QStyle.StateFlag
            if (element == QStyle.PrimitiveElement.PE_IndicatorCheckBox
                    and option.state & state.State_HasFocus
                    and option.state & state.State_KeyboardFocusChange):  # fmt: skip
                colour = QColor(theme.focus_colour(option.palette))  # where Fusion marks focus
            width = max(1, round(option.rect.height() / 16))  # a little heavier when large
            box = option.rect
            painter.save()
            for x, y, w, h in ((box.left(), box.top(), box.width(), width),
                               (box.left(), box.bottom() + 1 - width, box.width(), width),
                               (box.left(), box.top(), width, box.height()),
                               (box.right() + 1 - width, box.top(), width, box.height())):  # fmt: skip
                painter.fillRect(x, y, w, h, colour)
            painter.restore()


def fit_indicator(widget: QWidget) -> None:
    """The check boxes of ``widget`` (the list of titles, Large print) as tall as most of a
    line of its text, so that a box beside large text is as easy to see and hit as the
    words: the style's own 13 px box stayed beside 27 pt titles; never smaller than the
    style's own. Outlined in a colour that stands out on a light or a dark desktop.

    A style, not a style sheet: the rows' text is measured and drawn by the style's
    metrics (ui/titlewrap.py), which a style sheet's box size does not change."""
    least = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    side = max(least, round(QFontMetrics(widget.font()).height() * INDICATOR_SHARE))
    style = widget.style()
    if isinstance(style, _IndicatorStyle):
        if style.side == side:
            return
        style.side = side
    else:
        style = _IndicatorStyle(side)
        style.setParent(widget)  # goes with it (a widget does not own its style)
        widget.setStyle(style)
    widget.updateGeometry()
    if isinstance(widget, QListWidget):
        widget.scheduleDelayedItemsLayout()
    widget.update()


class _TitleList(FocusFrame, QListWidget):
    """A list of titles that wraps a title too long for its row onto more lines, rather
    than cutting it with "…" (ui/titlewrap.py): checked when its width or text size
    changes, against the longest titles of the library. Framed while the keyboard is in it
    (ui/focusframe.py), as the sidebar's conditions are."""

    def __init__(self, longest: list[str], checkable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._longest = longest
        self._checkable = checkable
        self.named: tuple[str, ...] = ()  # rows the filter shows with another name
        # By pixels: a row by row list could not show a wrapped title taller than the list
        # (at the largest text on a small screen) whole, nor scroll to the row after it.
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        if checkable:
            fit_indicator(self)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_rows()
        return super().viewportEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Where the keyboard is, in sight, as in the sidebar: the filter makes a row current
        # while the rows are still being laid out (hidden, wrapped), and Space then ticked a
        # row nobody saw.
        current = self.currentItem()
        if current is not None and not current.isHidden():
            self.scrollToItem(current)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            if self._checkable:
                fit_indicator(self)  # before the rows: they are measured with it
            self.fit_rows()

    def fit_rows(self) -> None:
        from healthreader.ui import titlewrap

        longest = heapq.nlargest(24, (*self._longest, *self.named), key=len)
        titlewrap.fit_rows(self, (longest,), self._checkable)


class HandoutDialog(QDialog):
    """Choose articles, their order, large print and the clinic name; then print or save."""

    handout_done = Signal(str)  # printed, or saved (where): for the window's status bar

    def __init__(
        self,
        library: Library,
        glossary: Glossary,
        clinic_name: str | None,
        checked: list[str] | None = None,
        parent: QWidget | None = None,
        save_folder: SaveFolder | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._glossary = glossary
        self._save_folder = save_folder  # the window's: Export PDF… starts where it saved last
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setModal(True)

        self.filter_edit = FittedPlaceholderEdit(FILTER_PLACEHOLDERS, self)
        self.filter_edit.setAccessibleName("Filter conditions")
        self.filter_edit.setClearButtonEnabled(True)
        choose_label = self._label("Check the conditions to include:")
        # By characters: in a proportional font one of the longest is the widest.
        longest = heapq.nlargest(24, (library.shown_title(info.id) for info in library), key=len)
        self.articles = _TitleList(longest, True, self)
        self.articles.setAccessibleName("All conditions A–Z")
        self.articles.setUniformItemSizes(True)
        choose_label.setBuddy(self.articles)
        # No accessible names on the messages: a screen reader gets the text shown, and
        # is told when it changes (ui/announce.py).
        self.no_match = QLabel(self)
        self.no_match.setObjectName("no-match")
        self.no_match.setTextFormat(Qt.TextFormat.PlainText)  # typed text is not markup
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        self._filter_speech = AfterTyping(self.no_match)  # once the typing pauses

        order_label = self._label("In the handout, in this order:")
        # Its rows are numbered ("1. Lupus").
        self.order = _TitleList([f"99. {title}" for title in longest], False, self)
        self.order.setAccessibleName("Handout order")
        # Dragging a row reorders too (for the mouse); the buttons and keys do the same.
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.order.setDefaultDropAction(Qt.DropAction.MoveAction)
        order_label.setBuddy(self.order)
        self.summary = QLabel(self)
        self.summary.setObjectName("handout-summary")
        self.summary.setWordWrap(True)
        self.move_up = self._button("Move &up", "Move up")
        self.move_down = self._button("Move &down", "Move down")
        self.remove = self._button("&Remove", "Remove")

        self.large_print = QCheckBox("&Large print (16 pt text)", self)
        self.large_print.setAccessibleName("Large print")
        fit_indicator(self.large_print)
        # Not wrapped: beside its field it would be squeezed onto two lines at any size.
        clinic_label = QLabel("Clinic &name in the header:", self)
        self.clinic_edit = FittedPlaceholderEdit(CLINIC_PLACEHOLDERS, self, clinic_name or "")
        self.clinic_edit.setAccessibleName("Clinic name")
        clinic_label.setBuddy(self.clinic_edit)
        # Shown by the field when the name is too long for the header's two lines.
        self.clinic_note = QLabel(self)
        self.clinic_note.setObjectName("clinic-note")
        self.clinic_note.setWordWrap(True)
        self.clinic_note.hide()

        self.print_button = self._button("&Print…", "Print…")
        self.export_button = self._button("&Export PDF…", "Export PDF…")
        self.close_button = self._button("Close", "Close")

        self._lay_out(choose_label, order_label, clinic_label)
        self._pressed_title: QListWidgetItem | None = None  # see _on_article_clicked
        self._items = self._populate(library)
        self._connect_signals()
        for article_id in checked or []:
            self._set_checked(article_id, True)
        shown = self._items.get(checked[0]) if checked else None
        if shown is not None:
            self.articles.setCurrentItem(shown)
            self.articles.scrollToItem(shown, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._update()
        self._update_clinic_note()
        self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(760, 520)

    # -- building ----------------------------------------------------------------------------

    def _label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        # At large text a label takes two lines rather than widening the dialog past the
        # screen (it was 1210 px wide at Larger text +8).
        label.setWordWrap(True)
        return label

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        # No default button: Enter in a field must not print, export or close.
        button.setAutoDefault(False)
        button.setDefault(False)
        return button

    def _lay_out(self, choose_label: QLabel, order_label: QLabel, clinic_label: QLabel) -> None:
        left = QVBoxLayout()
        left.addWidget(self.filter_edit)
        left.addWidget(choose_label)
        left.addWidget(self.articles, 1)
        left.addWidget(self.no_match)

        # A row under the order list, or a column when the row is wider than the list
        # (see _fit_moves).
        moves = self._moves = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for button in (self.move_up, self.move_down, self.remove):
            moves.addWidget(button)
        moves.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(order_label)
        right.addWidget(self.order, 1)
        right.addWidget(self.summary)
        right.addLayout(moves)

        # Side by side, or one above the other when side by side would not fit the screen
        # (see fit_screen).
        lists = self._lists = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        lists.addLayout(left, 1)
        lists.addSpacing(12)
        lists.addLayout(right, 1)

        options = QGridLayout()
        options.addWidget(self.large_print, 0, 0, 1, 2)
        options.addWidget(clinic_label, 1, 0)
        options.addWidget(self.clinic_edit, 1, 1)
        options.addWidget(self.clinic_note, 2, 1)
        options.setColumnStretch(1, 1)

        buttons = self._actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.addStretch(1)
        for button in (self.print_button, self.export_button, self.close_button):
            buttons.addWidget(button)

        layout = self._main = QVBoxLayout(self)
        layout.addLayout(lists, 1)
        layout.addSpacing(6)
        layout.addLayout(options)
        layout.addSpacing(6)
        layout.addLayout(buttons)

    def set_text_font(self, font: QFont) -> None:
        """The lists, fields and labels at ``font`` (the size the reader reads the sidebar
        at); the buttons keep the system's, as the window's toolbar does, so that they stay
        on a small screen at the largest text. Then the layout is fitted to the screen."""
        self.setFont(font)
        for button in self.findChildren(QPushButton):
            button.setFont(QApplication.font(button))
        fit_indicator(self.large_print)
        self.fit_screen()

    def fit_screen(self) -> None:
        """Lay the dialog out to fit its screen's free area: the move buttons, then the
        action buttons go from a row to a column, then the two lists go one above the
        other, each only when the dialog would be wider than the screen without it."""
        screen = (self.parentWidget() or self).screen()
        room = screen.availableGeometry().size()
        # What a window frame takes around the dialog (Qt knows it only once shown).
        room.setWidth(room.width() - 2 * _FRAME_PX)
        room.setHeight(room.height() - _TITLE_BAR_PX)
        row, column = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
        for box in (self._moves, self._actions, self._lists):
            box.setDirection(row)
        layout = self._main

        def too_wide() -> bool:
            layout.invalidate()
            return layout.totalMinimumSize().width() > room.width()

        for box in (self._moves, self._actions):
            if too_wide():
                box.setDirection(column)
        if too_wide():
            self._lists.setDirection(column)
            layout.invalidate()
            if layout.totalMinimumSize().height() > room.height():
                self._lists.setDirection(row)  # taller than the screen: side by side after all
        layout.invalidate()

    def _populate(self, library: Library) -> dict[str, QListWidgetItem]:
        items: dict[str, QListWidgetItem] = {}
        self._rows: list[FilterRow[QListWidgetItem]] = []  # A–Z, as listed
        self._needle = ""  # the folded text the rows are filtered by
        self._infos = {info.id: info for info in library}
        # What a row says: the title, with its language when another language's article
        # has the same one ("Anemia (español)").
        self._titles = {info.id: library.shown_title(info.id) for info in library}
        for info in library:  # A–Z by title
            item = QListWidgetItem(self._titles[info.id])
            item.setData(ID_ROLE, info.id)
            item.setCheckState(Qt.CheckState.Unchecked)
            if info.also_called:
                # The filter matches these too (and the row then says which one).
                item.setToolTip(f"Also called: {name_list(info.also_called)}")
            self.articles.addItem(item)
            items[info.id] = item
            self._rows.append(FilterRow(item, info.id, filter_key(info, self._titles[info.id])))
        return items

    def _connect_signals(self) -> None:
        self.clinic_edit.textChanged.connect(lambda _text: self._update_clinic_note())
        self.large_print.toggled.connect(lambda _on: self._update_clinic_note())
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.filter_edit.installEventFilter(self)
        self.articles.installEventFilter(self)
        self.order.installEventFilter(self)
        self.articles.itemChanged.connect(self._on_article_changed)
        self.articles.itemPressed.connect(self._on_article_pressed)
        self.articles.itemClicked.connect(self._on_article_clicked)
        self.order.currentRowChanged.connect(lambda _row: self._update())
        model = self.order.model()
        model.rowsMoved.connect(self._on_order_changed)
        model.rowsInserted.connect(self._on_order_changed)
        model.rowsRemoved.connect(self._on_order_changed)
        self.move_up.clicked.connect(lambda: self._move(-1))
        self.move_down.clicked.connect(lambda: self._move(+1))
        self.remove.clicked.connect(self._remove_current)
        self.print_button.clicked.connect(self._on_print)
        self.export_button.clicked.connect(self._on_export)
        self.close_button.clicked.connect(self.reject)

    # -- what a user sees --------------------------------------------------------------------

    def chosen_ids(self) -> list[str]:
        """The chosen articles' ids, in handout order."""
        ids = (self.order.item(row).data(ID_ROLE) for row in range(self.order.count()))
        return [i for i in ids if isinstance(i, str)]

    def visible_titles(self) -> list[str]:
        """The rows the A–Z list shows (after filtering: a title, with the other name the
        filter matched when that is not the title)."""
        return [self.articles.item(r).text() for r in range(self.articles.count())
                if not self.articles.item(r).isHidden()]  # fmt: skip

    def is_checked(self, article_id: str) -> bool:
        item = self._items.get(article_id)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    # -- choosing ----------------------------------------------------------------------------

    def _set_checked(self, article_id: str, checked: bool) -> None:
        item = self._items.get(article_id)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _on_article_changed(self, item: QListWidgetItem) -> None:
        article_id = item.data(ID_ROLE)
        if not isinstance(article_id, str):
            return
        row = self._order_row(article_id)
        if item.checkState() == Qt.CheckState.Checked and row is None:
            added = QListWidgetItem(self._titles[article_id])
            added.setData(ID_ROLE, article_id)
            self.order.addItem(added)
            self.order.setCurrentItem(added)
        elif item.checkState() != Qt.CheckState.Checked and row is not None:
            self.order.takeItem(row)

    def _on_article_pressed(self, item: QListWidgetItem) -> None:
        # Qt emits no "pressed" for a press on the check box itself, which it toggles.
        self._pressed_title = item

    def _on_article_clicked(self, item: QListWidgetItem) -> None:
        # A click on a title checks or unchecks it, as one on its box does (a double click
        # is one click here: Qt sends no second "clicked").
        if self._pressed_title is item:
            self._toggle(item)
        self._pressed_title = None

    def _order_row(self, article_id: str) -> int | None:
        for row in range(self.order.count()):
            if self.order.item(row).data(ID_ROLE) == article_id:
                return row
        return None

    def _toggle(self, item: QListWidgetItem | None) -> None:
        if item is not None and not item.isHidden():
            self._set_checked(item.data(ID_ROLE), item.checkState() != Qt.CheckState.Checked)

    def _first_shown(self) -> QListWidgetItem | None:
        """The first row shown."""
        return next((row.item for row in self._rows if row.shown), None)

    def _picked(self) -> QListWidgetItem | None:
        """The row Enter in the filter checks: the one what was typed names best
        (content/namefilter.py: "ra" is Rheumatoid arthritis, also called RA, not
        Amyotrophic lateral sclerosis, first A–Z)."""
        shown = [row for row in self._rows if row.shown]  # A–Z
        rows = ((self._infos[row.article_id], self._titles[row.article_id]) for row in shown)
        index = best_match(rows, fold(self.filter_edit.text().strip()))
        return None if index is None else shown[index].item

    def _on_filter_changed(self, text: str) -> None:
        needle = fold(text.strip())
        # Text typed on: only the rows shown can still match (namefilter.narrows).
        only_shown = narrows(self._needle, needle)
        self._needle = needle
        # Why a row is shown: the other name it matched, when that is not the title.
        shown, named = filter_rows(self._rows, needle, only_shown, self._infos.__getitem__,
                                   self._titles.__getitem__)  # fmt: skip
        if self.articles.named != tuple(sorted(named)):
            self.articles.named = tuple(sorted(named))
            self.articles.fit_rows()  # a row with another name may need two lines
        picked = self._picked() if needle else None
        if picked is not None:
            # In sight and highlighted: what Enter will check (and where Down goes).
            self.articles.setCurrentItem(picked)
        nothing = shown == 0
        message = no_match_text(text) if nothing else ""
        if message != self.no_match.text():
            self._filter_speech.say(message)  # nothing, if it matches again before the pause
        self.no_match.setText(message)
        self.no_match.setVisible(nothing)

    def _on_filter_return(self) -> None:
        # Type a name, Enter: it is checked; the text is selected for the next name. With
        # nothing typed, Enter checks nothing (the first of A–Z is no one's choice).
        if not self.filter_edit.text().strip():
            return
        item = self._picked()
        if item is not None:
            self._set_checked(item.data(ID_ROLE), True)
            self.articles.setCurrentItem(item)
        self.filter_edit.selectAll()

    # -- ordering ----------------------------------------------------------------------------

    def _on_order_changed(self, *_args: object) -> None:
        for row in range(self.order.count()):
            item = self.order.item(row)
            article_id = item.data(ID_ROLE)
            if isinstance(article_id, str) and article_id in self._library:
                item.setText(f"{row + 1}. {self._library.shown_title(article_id)}")
        self._update()

    def _move(self, step: int) -> None:
        row = self.order.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(target, item)
        self.order.setCurrentRow(target)

    def _remove_current(self) -> None:
        row = self.order.currentRow()
        if row < 0:
            return
        article_id = self.order.item(row).data(ID_ROLE)
        self.order.takeItem(row)
        self._set_checked(article_id, False)
        if self.order.count():
            self.order.setCurrentRow(min(row, self.order.count() - 1))

    def _update(self) -> None:
        count = self.order.count()
        row = self.order.currentRow()
        summary = summary_text(count)
        if summary != self.summary.text() and self.isVisible():
            announce(self.summary, summary)  # after the row (un)checked, which is said first
        self.summary.setText(summary)
        enabled = {self.move_up: row > 0, self.move_down: 0 <= row < count - 1,
                   self.remove: 0 <= row < count, self.print_button: count > 0,
                   self.export_button: count > 0}  # fmt: skip
        for button, on in enabled.items():
            if not on and button.hasFocus():
                # Qt would pass the focus on to the next button (Move up's to Remove,
                # Remove's to Large print), where the next Space takes an article out or
                # turns large print on. The order list is harmless, its moved row current.
                self.order.setFocus(Qt.FocusReason.OtherFocusReason)
            button.setEnabled(on)

    # -- keys --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.filter_edit:
            if _is_key(event, Qt.Key.Key_Down):
                self._enter_list()
                return True
            if _is_key(event, Qt.Key.Key_Escape) and self.filter_edit.text():
                # Escape empties the filter first: a second one closes the dialog.
                self.filter_edit.setText("")
                return True
        if watched is self.articles:
            if _is_enter(event):
                self._toggle(self.articles.currentItem())
                return True
            first = self._first_shown()
            if (_is_key(event, Qt.Key.Key_Up) and first is not None
                    and self.articles.currentRow() == self.articles.row(first)):  # fmt: skip
                self.filter_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        if watched is self.order:
            if _is_key(event, Qt.Key.Key_Delete) or _is_key(event, Qt.Key.Key_Backspace):
                self._remove_current()
                return True
            control = Qt.KeyboardModifier.ControlModifier
            if _is_key(event, Qt.Key.Key_Up, control) or _is_key(event, Qt.Key.Key_Down, control):
                self._move(-1 if event.key() == Qt.Key.Key_Up else +1)
                return True
        return False

    def _enter_list(self) -> None:
        current: QListWidgetItem | None = self.articles.currentItem()
        if current is None or current.isHidden():
            current = self._first_shown()
        if current is not None:
            self.articles.setCurrentItem(current)
        self.articles.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_enter(event):
            # QDialog would press a default button, which may close the dialog: only a
            # button that has the focus is pressed by Enter.
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- printing ----------------------------------------------------------------------------

    def _update_clinic_note(self) -> None:
        """Say so by the field when the clinic name will be cut short in the header, or has
        characters no installed font can print."""
        name = self.clinic_name()
        notes = []
        if name is not None and len(name) > _NEVER_CUT_CHARS:
            # Only a long name is measured: the PDF module (70 ms to import) and a page to
            # measure on are not made each time the dialog opens.
            from healthreader.export.pdf import clinic_name_cut

            if clinic_name_cut(name, large_print=self.large_print.isChecked()):
                notes.append(CLINIC_CUT_NOTE)
        if name is not None and not name.isascii():  # every font here has plain ASCII
            from healthreader.export.command import shown_characters
            from healthreader.export.pdf import unprintable_characters

            missing = unprintable_characters(name)
            if missing:
                notes.append(CLINIC_FONT_NOTE.format(characters=shown_characters(missing)))
        text = " ".join(notes)
        if text == self.clinic_note.text() and bool(text) != self.clinic_note.isHidden():
            return
        self.clinic_note.setText(text)
        self.clinic_note.setVisible(bool(text))
        if text:
            announce(self.clinic_note, text)

    def clinic_name(self) -> str | None:
        """The clinic name for this handout's header, or None."""
        return " ".join(self.clinic_edit.text().split()) or None

    def _articles(self) -> list[Article] | None:
        try:
            return [self._library.get(article_id) for article_id in self.chosen_ids()]
        except HealthReaderError as exc:
            QMessageBox.warning(self, "Could not make the handout",
                                f"An article could not be read: {exc}")  # fmt: skip
            return None

    def _on_print(self) -> None:
        articles = self._articles()
        if not articles:
            return
        from healthreader.ui import printing

        done = printing.print_articles(self, articles, self._library, self._glossary,
                                       self.clinic_name(), self.large_print.isChecked(),
                                       self._save_folder)  # fmt: skip
        if done is not None:
            self.handout_done.emit(done)
            self.accept()

    def _on_export(self) -> None:
        articles = self._articles()
        if not articles:
            return
        from healthreader.ui import printing

        saved = printing.export_pdf_dialog(self, articles, self._library, self._glossary,
                                           self.clinic_name(), self.large_print.isChecked(),
                                           save_folder=self._save_folder)  # fmt: skip
        if saved is not None:
            self.handout_done.emit(printing.saved_message(saved))
            self.accept()


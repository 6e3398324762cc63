"""The condition sidebar: a filter box and the conditions grouped by category and A–Z.

Keys in the filter box, as in the search box: Down goes into the list (its current row, or
the first one shown), Esc empties it, Enter opens the title the text best names
(content/namefilter.py: "ra" is Rheumatoid arthritis (RA), not "lateral" sclerosis), which is the
list's current row while a filter holds text.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from healthreader.content.model import ArticleInfo, Library, fold
from healthreader.content.namefilter import best_match, filter_key, narrows
from healthreader.ui.filterrows import FilterRow, filter_rows
from healthreader.ui.fittedfield import FittedPlaceholderEdit
from healthreader.ui.focusframe import FocusFrame
from healthreader.ui.roles import ID_ROLE
from healthreader.ui.wheelzoom import CtrlWheelZoom, ElidedTextTips

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent

    from healthreader.ui.announce import AfterTyping

ALL_GROUP = "All conditions A–Z"
# The filter box's placeholder, longest first (ui/fittedfield.py).
FILTER_PLACEHOLDERS = ("Filter conditions", "Filter")
# Room left beside a title for the scroll bar, the text's margins and a style sheet's
# padding, more than any of them takes: a title that fits within it fits its row.
_SPARE_PX = 64


def no_match_text(text: str) -> str:
    """Shown in place of an empty list when a filter matches nothing.

    >>> no_match_text("  lupsu ")
    'No condition matches \u201clupsu\u201d.'
    """
    return f"No condition matches \u201c{text.strip()}\u201d."


class _ConditionTree(CtrlWheelZoom, ElidedTextTips, FocusFrame, QTreeWidget):
    """A tree whose group rows are headings: clicking one opens or closes it and leaves the
    open article highlighted. (Not by item flags: setting those needs PySide6's ``Qt``
    namespace, which start-up avoids; see ui/roles.py.) A title cut off with "…" shows
    whole on hover (ui/wheelzoom.py)."""

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if index.isValid() and not isinstance(index.data(ID_ROLE), str):
            return QItemSelectionModel.SelectionFlag.NoUpdate
        return super().selectionCommand(index, event)

    # A title too wide for its row wraps onto more lines (ui/titlewrap.py): checked when
    # the list is first painted, then whenever its width or its text size changes.
    group_names: tuple[str, ...] = ()
    library: Library | None = None  # its titles: read at the first check, not at start-up
    named: tuple[str, ...] = ()  # rows the filter shows with another name (filtered_row)
    _longest: tuple[list[str], list[str]] | None = None
    _painted = False

    def viewportEvent(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.fit_rows)
        elif kind == QEvent.Type.Resize and self._painted:
            self.fit_rows()
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._painted:
            self.fit_rows()

    entering = False  # while Enter (or Return) is handled: an activation is the keyboard's

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        self.entering = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        try:
            super().keyPressEvent(event)
        finally:
            self.entering = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Where the keyboard is, in sight: after a filter opened every group and was
        # emptied, the open article may be far below.
        current = self.currentItem()
        if current is not None:
            self.scrollToItem(current)

    def fit_rows(self) -> None:
        longest = self._longest
        if longest is None:
            # By characters: in a proportional font one of the longest is the widest.
            library = self.library
            titles = (() if library is None
                      else (library.shown_title(info.id) for info in library))  # fmt: skip
            longest = self._longest = (heapq.nlargest(24, self.group_names, key=len),
                                       heapq.nlargest(24, titles, key=len))  # fmt: skip
        if self.named:
            longest = (longest[0], heapq.nlargest(24, (*longest[1], *self.named), key=len))
        if not self.wordWrap() and self._fit_by_far(longest):
            return  # the usual case: nothing to load, nothing to change
        from healthreader.ui import titlewrap

        titlewrap.fit_rows(self, longest)

    def _fit_by_far(self, longest: tuple[list[str], list[str]]) -> bool:
        """Whether every group name and title fits its row with room to spare for any
        scroll bar, margin and padding (then the exact check is not needed)."""
        metrics = self.fontMetrics()
        width = self.contentsRect().width() - _SPARE_PX
        return all(metrics.horizontalAdvance(text) <= width - self.indentation() * (depth + 1)
                   for depth, texts in enumerate(longest) for text in texts)  # fmt: skip


class ConditionSidebar(QWidget):
    """Category groups, then every condition A–Z; typing in the filter narrows both."""

    article_requested = Signal(str)
    # Enter on a title: open it and take the keyboard to it (a click leaves it here).
    article_entered = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = FittedPlaceholderEdit(FILTER_PLACEHOLDERS, self)
        self.filter_edit.setAccessibleName("Filter conditions")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = _ConditionTree(self)
        self.tree.setAccessibleName("Conditions")
        self.tree.setHeaderHidden(True)
        # Hidden, yet given to assistive technology: named, not Qt's "1".
        self.tree.setHeaderLabel("Conditions")
        self.tree.setUniformRowHeights(True)
        self.no_match: QLabel | None = None  # made when a filter first matches nothing
        self._no_match_speech: AfterTyping | None = None  # and what says it (ui/announce.py)
        # Said after "No condition matches …" (the window sets it when it has a search box).
        self.no_match_hint = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree)
        self._populate(library)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.tree.itemActivated.connect(self._on_item_activated)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.itemExpanded.connect(self._fill_pending)
        self.filter_edit.installEventFilter(self)

    def _groups(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(g) for g in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _az_leaves(self) -> list[QTreeWidgetItem]:
        leaves = (self._az.child(i) for i in range(self._az.childCount()))
        return [leaf for leaf in leaves if leaf is not None]

    def _populate(self, library: Library) -> None:
        self._library = library
        self._keys: dict[str, str] | None = None
        # The title rows of each group (by id(group)), made when the filter first needs them.
        self._rows: dict[int, list[FilterRow[QTreeWidgetItem]]] = {}
        self._needle = ""  # the folded text the rows are filtered by
        # Category groups start collapsed and are filled when first opened (or filtered):
        # a warm start builds only the A–Z list.
        self._pending: dict[int, list[ArticleInfo]] = {}
        categories = library.categories()
        for category, members in categories.items():
            group = QTreeWidgetItem(self.tree, [category])
            group.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self._pending[id(group)] = members
        self._az = QTreeWidgetItem(self.tree, [ALL_GROUP])
        self.tree.group_names, self.tree.library = (*categories, ALL_GROUP), library
        self._az_items = self._fill(self._az, list(library))
        self._az.setExpanded(True)

    def _fill(self, group: QTreeWidgetItem, infos: list[ArticleInfo]) -> dict[str, QTreeWidgetItem]:
        # A title that an article in another language shares shows its language.
        title = self._library.shown_title
        items = {info.id: QTreeWidgetItem([title(info.id)]) for info in infos}
        for article_id, item in items.items():
            item.setData(0, ID_ROLE, article_id)
        group.addChildren(list(items.values()))  # one insertion, not one per row
        return items

    def _fill_pending(self, group: QTreeWidgetItem) -> None:
        members = self._pending.pop(id(group), None)
        if members is not None:
            group.setChildIndicatorPolicy(
                QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless
            )
            self._fill(group, members)

    def _key(self, article_id: str) -> str:
        """The folded title and other names of an article, for the filter."""
        if self._keys is None:
            self._keys = {i.id: filter_key(i, self._library.shown_title(i.id))
                          for i in self._library}  # fmt: skip
        return self._keys.get(article_id, "")

    def _rows_of(self, group: QTreeWidgetItem) -> list[FilterRow[QTreeWidgetItem]]:
        """The title rows of a filled group."""
        rows = self._rows.get(id(group))
        if rows is None:
            children = (group.child(i) for i in range(group.childCount()))
            rows = self._rows[id(group)] = [FilterRow(child, child.data(0, ID_ROLE), self._key(child.data(0, ID_ROLE)))
                                            for child in children if child is not None]  # fmt: skip
        return rows

    def visible_titles(self) -> list[str]:
        """Rows shown under "All conditions A–Z" (what a user sees after filtering: a title,
        with the other name the filter matched when that is not the title)."""
        return [leaf.text(0) for leaf in self._az_leaves() if not leaf.isHidden()]

    def select_article(self, article_id: str | None) -> None:
        """Highlight the open article in the A–Z group without emitting anything."""
        self.tree.blockSignals(True)
        try:
            leaf = self._az_items.get(article_id) if article_id else None
            if leaf is not None:
                self.tree.setCurrentItem(leaf)
            else:
                self.tree.clearSelection()
        finally:
            self.tree.blockSignals(False)

    def _on_filter_changed(self, text: str) -> None:
        needle = fold(text.strip())
        # Text typed on: only the rows shown can still match (namefilter.narrows).
        only_shown = narrows(self._needle, needle)
        self._needle = needle
        library = self._library
        named: set[str] = set()
        az_shown = 0
        for group in self._groups():
            self._fill_pending(group)
            shown, renamed = filter_rows(self._rows_of(group), needle, only_shown, library.info,
                                         library.shown_title)  # fmt: skip
            named |= renamed
            group.setHidden(shown == 0)
            if needle and not group.isExpanded():
                group.setExpanded(True)
            if group is self._az:
                az_shown = shown
        if self.tree.named != tuple(sorted(named)):
            self.tree.named = tuple(sorted(named))
            if self.tree._painted:
                self.tree.fit_rows()  # a row with another name may need two lines
        self._keep_current_shown(bool(needle))
        self._say_no_match(text if needle and not az_shown else "")

    @staticmethod
    def _is_shown(item: QTreeWidgetItem | None) -> bool:
        """Whether a row is in the list as shown: neither it nor its group hidden."""
        if item is None:
            return False
        parent: QTreeWidgetItem | None = item
        while parent is not None:
            if parent.isHidden():
                return False
            parent = parent.parent()
        return True

    def _picked(self) -> QTreeWidgetItem | None:
        """The row of "All conditions A–Z" that Enter in the filter opens: the one what was
        typed names best (``namefilter.best_match``; with nothing typed, the first)."""
        shown = [row for row in self._rows_of(self._az) if row.shown]
        library = self._library
        rows = ((library.info(row.article_id), library.shown_title(row.article_id)) for row in shown)
        index = best_match(rows, fold(self.filter_edit.text().strip()))
        return None if index is None else shown[index].item

    def _keep_current_shown(self, filtering: bool) -> None:
        """The tree's current row (where the keyboard goes with Down) while a filter holds
        text is the row Enter would open, scrolled into sight, or none (Enter in a list that
        shows nothing opens nothing); with the filter emptied, the open article is current
        again. The highlighted (open) article stays as it is, and nothing is said: the
        keyboard is in the filter."""
        current = self.tree.currentItem()
        if filtering:
            target = self._picked()
            if target is current:
                return
        else:
            selected = self.tree.selectedItems()
            if not selected or current is selected[0]:
                return
            target = selected[0]
        keep = QItemSelectionModel.SelectionFlag.NoUpdate  # the highlight stays
        if target is not None:
            self.tree.setCurrentItem(target, 0, keep)
        else:
            self.tree.selectionModel().setCurrentIndex(QModelIndex(), keep)

    def _say_no_match(self, text: str) -> None:
        """Under the filter: that nothing matches what was typed, rather than a blank list."""
        if self.no_match is None:
            if not text:
                return
            from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

            # No accessible name: a screen reader gets the message shown (ui/announce.py).
            self.no_match = QLabel(self)
            self.no_match.setObjectName("no-match")
            self.no_match.setTextFormat(Qt.TextFormat.PlainText)  # typed text is not markup
            self.no_match.setWordWrap(True)
            # At the filter's size (Larger text; under the kiosk's style sheet a new child
            # would not follow its parent's font).
            self.no_match.setFont(self.filter_edit.font())
            layout = self.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(1, self.no_match)
            from healthreader.ui.announce import AfterTyping

            self._no_match_speech = AfterTyping(self.no_match)  # once the typing pauses
        message = f"{no_match_text(text)} {self.no_match_hint}".strip() if text else ""
        said = self.no_match.text()
        self.no_match.setText(message)
        self.no_match.setVisible(bool(text))
        if message != said and self._no_match_speech is not None:
            self._no_match_speech.say(message)  # nothing, if it matches again before the pause

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.filter_edit or event.type() != QEvent.Type.KeyPress:
            return False
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py
        from PySide6.QtGui import QKeyEvent

        if not isinstance(event, QKeyEvent) or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if event.key() == Qt.Key.Key_Down:
            self._enter_tree()
            return True
        if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
            self.filter_edit.setText("")  # and its undo, as the search box does
            return True
        return False

    def _enter_tree(self) -> None:
        """Down from the filter: into the list, on its current row if shown, else the
        first row shown; nowhere when it shows nothing."""
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        current = self.tree.currentItem()
        if not self._is_shown(current):
            groups = [group for group in self._groups() if not group.isHidden()]
            if not groups:
                return
            self.tree.setCurrentItem(groups[0], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.tree.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_filter_return(self) -> None:
        # The title or other name that is what was typed, before one starting with it,
        # before one with it inside a word ("ra": Rheumatoid arthritis, also called RA, not
        # Amyotrophic lateral sclerosis, first A–Z): content/namefilter.py.
        leaf = self._picked()
        if leaf is not None:
            self.article_requested.emit(leaf.data(0, ID_ROLE))

    def _on_item_clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        # One click opens a title or a group (a touch screen has no double-click), unless
        # the style already makes a click an activation (KDE's single-click setting): then
        # itemActivated follows, and acting twice would open and close a group at once.
        from PySide6.QtWidgets import QStyle

        hint = QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick
        if not self.tree.style().styleHint(hint, None, self.tree):
            self._on_item_activated(item, column)

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if not self._is_shown(item):
            return  # a row the filter hides is never opened (nor toggled)
        article_id = item.data(0, ID_ROLE)
        if isinstance(article_id, str):
            (self.article_entered if self.tree.entering else self.article_requested).emit(article_id)
        else:
            item.setExpanded(not item.isExpanded())

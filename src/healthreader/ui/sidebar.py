"""The condition sidebar: a filter box and the conditions grouped by category and A–Z."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from healthreader.content.model import ArticleInfo, Library
from healthreader.ui.roles import ID_ROLE

ALL_GROUP = "All conditions A–Z"


def fold(text: str) -> str:
    """Case- and accent-insensitive form (the sidebar's and the handout dialog's filters).

    >>> fold("Guillain-Barré")
    'guillain-barre'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _ConditionTree(QTreeWidget):
    """A tree whose group rows are headings: clicking one opens or closes it and leaves the
    open article highlighted. (Not by item flags: setting those needs PySide6's ``Qt``
    namespace, which start-up avoids; see ui/roles.py.)"""

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if index.isValid() and not isinstance(index.data(ID_ROLE), str):
            return QItemSelectionModel.SelectionFlag.NoUpdate
        return super().selectionCommand(index, event)


class ConditionSidebar(QWidget):
    """Category groups, then every condition A–Z; typing in the filter narrows both."""

    article_requested = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setAccessibleName("Filter conditions")
        self.filter_edit.setPlaceholderText("Filter conditions")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = _ConditionTree(self)
        self.tree.setAccessibleName("Conditions")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
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

    def _groups(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(g) for g in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _az_leaves(self) -> list[QTreeWidgetItem]:
        leaves = (self._az.child(i) for i in range(self._az.childCount()))
        return [leaf for leaf in leaves if leaf is not None]

    def _populate(self, library: Library) -> None:
        self._library = library
        self._keys: dict[str, str] | None = None
        # Category groups start collapsed and are filled when first opened (or filtered):
        # a warm start builds only the A–Z list.
        self._pending: dict[int, list[ArticleInfo]] = {}
        for category, members in library.categories().items():
            group = QTreeWidgetItem(self.tree, [category])
            group.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self._pending[id(group)] = members
        self._az = QTreeWidgetItem(self.tree, [ALL_GROUP])
        self._az_items = self._fill(self._az, list(library))
        self._az.setExpanded(True)

    @staticmethod
    def _fill(group: QTreeWidgetItem, infos: list[ArticleInfo]) -> dict[str, QTreeWidgetItem]:
        items = {info.id: QTreeWidgetItem([info.title]) for info in infos}
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
            self._keys = {
                i.id: fold(" | ".join((i.title, *i.also_called))) for i in self._library
            }
        return self._keys.get(article_id, "")

    def visible_titles(self) -> list[str]:
        """Titles shown under "All conditions A–Z" (what a user sees after filtering)."""
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
        for group in self._groups():
            self._fill_pending(group)
            shown = 0
            for i in range(group.childCount()):
                child = group.child(i)
                if child is None:
                    continue
                match = not needle or needle in self._key(child.data(0, ID_ROLE))
                child.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)
            if needle:
                group.setExpanded(True)

    def _on_filter_return(self) -> None:
        for leaf in self._az_leaves():
            if not leaf.isHidden():
                self.article_requested.emit(leaf.data(0, ID_ROLE))
                return

    def _on_item_clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        # One click opens a title or a group (a touch screen has no double-click), unless
        # the style already makes a click an activation (KDE's single-click setting): then
        # itemActivated follows, and acting twice would open and close a group at once.
        from PySide6.QtWidgets import QStyle

        hint = QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick
        if not self.tree.style().styleHint(hint, None, self.tree):
            self._on_item_activated(item, column)

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        article_id = item.data(0, ID_ROLE)
        if isinstance(article_id, str):
            self.article_requested.emit(article_id)
        else:
            item.setExpanded(not item.isExpanded())

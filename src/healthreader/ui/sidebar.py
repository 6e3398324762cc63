"""The condition sidebar: a filter box and the conditions grouped by category and A–Z."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from healthreader.content.model import Library

ID_ROLE = Qt.ItemDataRole.UserRole
KEYS_ROLE = Qt.ItemDataRole.UserRole + 1
ALL_GROUP = "All conditions A–Z"


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: "Guillain-Barré" -> "guillain-barre"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class ConditionSidebar(QWidget):
    """Category groups, then every condition A–Z; typing in the filter narrows both."""

    article_requested = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setAccessibleName("Filter conditions")
        self.filter_edit.setPlaceholderText("Filter conditions")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
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
        self.tree.itemClicked.connect(self._on_item_activated)

    def _groups(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(g) for g in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _az_leaves(self) -> list[QTreeWidgetItem]:
        leaves = (self._az.child(i) for i in range(self._az.childCount()))
        return [leaf for leaf in leaves if leaf is not None]

    def _populate(self, library: Library) -> None:
        def leaf(parent: QTreeWidgetItem, info_id: str, title: str, keys: str) -> None:
            item = QTreeWidgetItem(parent, [title])
            item.setData(0, ID_ROLE, info_id)
            item.setData(0, KEYS_ROLE, keys)
            item.setToolTip(0, title)

        infos = list(library)
        keys = {i.id: _fold(" | ".join((i.title, *i.also_called))) for i in infos}
        for category, members in library.categories().items():
            group = QTreeWidgetItem(self.tree, [category])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for info in members:
                leaf(group, info.id, info.title, keys[info.id])
        everything = QTreeWidgetItem(self.tree, [ALL_GROUP])
        self._az = everything
        everything.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for info in infos:
            leaf(everything, info.id, info.title, keys[info.id])
        everything.setExpanded(True)

    def visible_titles(self) -> list[str]:
        """Titles shown under "All conditions A–Z" (what a user sees after filtering)."""
        return [leaf.text(0) for leaf in self._az_leaves() if not leaf.isHidden()]

    def select_article(self, article_id: str | None) -> None:
        """Highlight the open article in the A–Z group without emitting anything."""
        self.tree.blockSignals(True)
        try:
            for leaf in self._az_leaves():
                if leaf.data(0, ID_ROLE) == article_id:
                    self.tree.setCurrentItem(leaf)
                    return
            self.tree.clearSelection()
        finally:
            self.tree.blockSignals(False)

    def _on_filter_changed(self, text: str) -> None:
        needle = _fold(text.strip())
        for group in self._groups():
            shown = 0
            for i in range(group.childCount()):
                child = group.child(i)
                if child is None:
                    continue
                match = not needle or needle in child.data(0, KEYS_ROLE)
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

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        article_id = item.data(0, ID_ROLE)
        if isinstance(article_id, str):
            self.article_requested.emit(article_id)
        else:
            item.setExpanded(not item.isExpanded())

"""The rows of a list a filter box narrows as you type: the condition sidebar's and the
handout dialog's (the matching rules are ``content/namefilter.py``).

Each row keeps what the filter last did to it (shown or hidden, its text), so a key hides,
shows or renames only the rows that change: hiding a row again, or setting its text, costs
Qt a new layout and repaint even when nothing changes. Text typed on to the end of what
was there tests only the rows still shown (``namefilter.narrows``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QListWidgetItem, QTreeWidgetItem

from healthreader.content.model import ArticleInfo
from healthreader.content.namefilter import filtered_row, matches

Item = TypeVar("Item", QTreeWidgetItem, QListWidgetItem)


class FilterRow(Generic[Item]):
    """An article's row, as the filter left it."""

    __slots__ = ("article_id", "item", "key", "shown", "text")
    item: Item
    article_id: str
    key: str  # what the filter matches (namefilter.filter_key)
    shown: bool
    text: str

    def __init__(self, item: Item, article_id: str, key: str) -> None:
        self.item, self.article_id, self.key = item, article_id, key
        self.shown = not item.isHidden()
        self.text = item.text(0) if isinstance(item, QTreeWidgetItem) else item.text()

    def set_text(self, text: str) -> None:
        if text != self.text:
            if isinstance(self.item, QTreeWidgetItem):
                self.item.setText(0, text)
            else:
                self.item.setText(text)
            self.text = text


def filter_rows(rows: Iterable[FilterRow[Item]], needle: str, only_shown: bool,
                info: Callable[[str], ArticleInfo], title: Callable[[str], str]) -> tuple[int, set[str]]:  # fmt: skip
    """Show the rows ``needle`` (folded) matches and hide the others; a row shown for
    another name says it ("…, also called …", ``namefilter.filtered_row``), and one shown
    for its title reads as ``title(id)``. ``only_shown``: test only the rows shown now.
    Returns how many rows are shown, and the texts of those that show another name."""
    shown = 0
    named: set[str] = set()
    for row in rows:
        if only_shown and not row.shown:
            continue
        match = matches(row.key, needle)
        if match != row.shown:
            row.item.setHidden(not match)
            row.shown = match
        if not match:
            continue  # a hidden row keeps its text until it is shown again
        shown += 1
        plain = title(row.article_id)
        text = filtered_row(info(row.article_id), needle, plain) if len(needle) > 1 else plain
        if text != plain:
            named.add(text)
        row.set_text(text)
    return shown, named

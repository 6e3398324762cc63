"""The window's toolbar fits the window's width: shorter labels, then more rows, never a » menu.

At a partially sighted reader's desktop font (20 pt) the toolbar needed 992 px, and in an
800 px window Print and Export PDF went behind Qt's "»" extension button, where nobody
looks for them. So, when the buttons' full labels do not fit on one row:

1. the longer labels get shorter ("Larger text" → "Larger", "Export PDF…" → "PDF"); the
   menus, tooltips, accessible names and shortcuts keep the full names;
2. when even that does not fit, the groups of buttons (Back / Forward / Home, the text
   size, printing) go onto as many rows as they need, one group never split.

At the usual sizes the first check settles it: one row with the full labels, as before,
and nothing is measured. Otherwise the widths are measured on the toolbar itself (with its
font and the kiosk's padded touch buttons), once for each font and style.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar, QToolButton

# The shorter toolbar labels (step 1 above); the others are short already.
SHORT_LABELS = {"Larger text": "Larger", "Smaller text": "Smaller", "Export PDF…": "PDF"}

Plan = tuple[tuple[tuple[str, ...], ...], bool]  # (the names on each row, by group; short labels)


def label(name: str, short: bool) -> str:
    """A toolbar button's label for the action ``name`` (a tool button drops a trailing "…").

    >>> label("Larger text", False), label("Larger text", True), label("Home", True)
    ('Larger text', 'Larger', 'Home')
    """
    return SHORT_LABELS.get(name, name) if short else name


def plan_rows(widths: Sequence[int], room: int) -> list[list[int]]:
    """The groups (by index) on each row, in order: as many on a row as fit in ``room`` px,
    given each group's width on a row of its own; a group wider than ``room`` has a row.

    >>> plan_rows([300, 250, 200], 600)
    [[0, 1], [2]]
    >>> plan_rows([300, 250, 200], 200)
    [[0], [1], [2]]
    """
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if rows[-1] and used + width > room:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += width
    return rows


class ToolbarRows(QObject):
    """Keeps the buttons of ``groups`` (action names, in order) on the window's toolbar,
    and on rows under it when they need them; ``fit(width)`` after a change of the window's
    width, font or style. The first row is ``first`` (the window's ``toolbar``)."""

    def __init__(self, window: QMainWindow, first: QToolBar, groups: Sequence[Sequence[str]],
                 actions: Mapping[str, QAction]) -> None:  # fmt: skip
        super().__init__(window)
        self._window = window
        self.rows: list[QToolBar] = [first]
        self._groups = [tuple(group) for group in groups]
        self._actions = actions
        self._shown: Plan = ((tuple(name for group in self._groups for name in group),), False)
        # Widths measured, by font, style and what is measured: a new font measures again.
        self._widths: dict[tuple[str, str, tuple[str, ...]], tuple[int, int, list[int], int]] = {}
        first.installEventFilter(self)  # the kiosk sets the toolbar's font of its own
        self._populate(first, self._groups, own_font=False)  # a new toolbar has none

    # -- what is shown -----------------------------------------------------------------------

    def _visible_groups(self) -> list[tuple[str, ...]]:
        """The groups of the actions shown (the kiosk hides the ones it does not offer)."""
        groups = [tuple(name for name in group if self._actions[name].isVisible()) for group in self._groups]
        return [group for group in groups if group]

    def fit(self, room: int) -> None:
        """Lay the buttons out for a window ``room`` px wide (see the module's doc)."""
        groups = self._visible_groups()
        names = tuple(name for group in groups for name in group)
        first = self.rows[0]
        if self._shown == ((names,), False) and first.sizeHint().width() <= room:
            return  # the usual case: nothing measured
        full, short, widths, spare = self._measure(groups)
        plan: Plan
        if full <= room:
            plan = ((names,), False)
        elif short <= room:
            plan = ((names,), True)
        else:
            # Each row with the margins and gaps of the whole: a row may be a little
            # wider than it needs, never narrower (a button cut off).
            rows = plan_rows(widths, room - spare)
            plan = (tuple(tuple(name for i in row for name in groups[i]) for row in rows), True)
        if plan != self._shown:
            self._show(plan, groups)

    def _show(self, plan: Plan, groups: list[tuple[str, ...]]) -> None:
        rows, short = plan
        self._set_labels(short)
        for index, names in enumerate(rows):
            if index == len(self.rows):
                self.rows.append(self._new_row())
            row_groups = [group for group in groups if group[0] in names]
            self._populate(self.rows[index], row_groups)
            self.rows[index].show()
        for row in self.rows[len(rows):]:
            row.clear()
            row.hide()
        self._shown = plan

    def _new_row(self) -> QToolBar:
        first = self.rows[0]
        row = QToolBar(self._window)
        row.setObjectName(f"{first.objectName()}-{len(self.rows) + 1}")
        row.setWindowTitle(first.windowTitle())
        row.setMovable(False)
        row.setFloatable(False)
        row.toggleViewAction().setVisible(False)  # part of the toolbar, not one to hide
        if _has_own_font(first):
            row.setFont(first.font())
        self._window.addToolBarBreak()
        self._window.addToolBar(row)
        return row

    def _populate(self, toolbar: QToolBar, groups: Sequence[tuple[str, ...]], own_font: bool | None = None) -> None:
        """``toolbar`` with the buttons of ``groups``, a separator between groups; each
        button named as its action (DESIGN.md: what screen readers and tests find)."""
        # The kiosk makes its buttons touch-sized: so are the ones made here.
        least = max((button.minimumHeight() for button in toolbar.findChildren(QToolButton)
                     if button.accessibleName()), default=0)  # fmt: skip
        for old in toolbar.findChildren(QToolButton):
            # Qt deletes a removed action's button later: by then no one finds it by name.
            old.setAccessibleName("")
        toolbar.clear()
        if own_font is None:
            own_font = _has_own_font(toolbar)
        for number, group in enumerate(groups):
            if number:
                toolbar.addSeparator()
            for name in group:
                toolbar.addAction(self._actions[name])
                button = toolbar.widgetForAction(self._actions[name])
                if isinstance(button, QToolButton):
                    button.setAccessibleName(name)
                    if own_font:
                        # Under a style sheet (the kiosk's) a new button would not take it.
                        button.setFont(toolbar.font())
                    if least:
                        button.setMinimumHeight(least)

    # -- measuring ---------------------------------------------------------------------------

    def _measure(self, groups: list[tuple[str, ...]]) -> tuple[int, int, list[int], int]:
        """On the first row, holding every group: its width with the full labels, with the
        short ones, each group's buttons' width (short), and what the row takes besides
        (margins, gaps, separators). Measured again only for a new font or style."""
        first = self.rows[0]
        names = tuple(name for group in groups for name in group)
        key = (first.font().key(), self._window.styleSheet(), names)
        found = self._widths.get(key)
        if found is not None:
            return found
        rows, short = self._shown
        if rows != (names,):  # all on the first row again; _show lays them out after
            self._populate(first, groups)
            self._shown = ((names,), short)
        self._set_labels(False)
        full = first.sizeHint().width()
        self._set_labels(True)
        widths = []
        for group in groups:
            buttons = [first.widgetForAction(self._actions[name]) for name in group]
            widths.append(sum(button.sizeHint().width() for button in buttons if button is not None))
        measured = self._widths[key] = (full, first.sizeHint().width(), widths,
                                        first.sizeHint().width() - sum(widths))  # fmt: skip
        self._set_labels(short)
        return measured

    def _set_labels(self, short: bool) -> None:
        for group in self._groups:
            for name in group:
                # The button's text, not the action's: the menus keep the full names.
                self._actions[name].setIconText(label(name, short).rstrip("…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and watched is self.rows[0]:
            for row in self.rows[1:]:  # the rows under it at its font (the kiosk's)
                if _has_own_font(self.rows[0]):
                    row.setFont(self.rows[0].font())
            self.fit(self._window.width())
        return False


def _has_own_font(widget: QToolBar) -> bool:
    """Whether ``widget``'s font was set on it (the kiosk's), not taken from its window."""
    from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

    return widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)

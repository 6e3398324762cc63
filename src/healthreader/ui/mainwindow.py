"""The main window: search and sidebar on the left, the article on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontInfo, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from healthreader.content.model import Article, Library
from healthreader.content.page import article_page, escape, index_page
from healthreader.content.wording import wording_for
from healthreader.errors import HealthReaderError
from healthreader.settings import ZOOM_MAX, ZOOM_MIN, Settings
from healthreader.ui import theme
from healthreader.ui.articleview import ArticleView
from healthreader.ui.panescroll import PaneScroll, scroll_when_needed
from healthreader.ui.savefolder import SaveFolder
from healthreader.ui.sidebar import ConditionSidebar
from healthreader.ui.themedlabel import ThemedLabel
from healthreader.ui.toolbarfit import ToolbarRows
from healthreader.ui.wheelzoom import CtrlWheelZoom

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent, QResizeEvent, QTextCursor

    from healthreader.ui.handoutdialog import HandoutDialog

HOME = "index"
# The clinician's packet dialog (ui/handoutdialog.py). Never in a kiosk: it is not among the
# kiosk's allowed actions, so the lockdown removes it with its shortcut.
HANDOUT = "Handout of several articles…"
# The sidebar's pane: this wide at first. Larger text widens it to show about PANE_CHARS
# characters of a title, and Smaller text gives that back; a width the reader drags it to
# is kept, and saved when the window closes for the next run (app.Reader restores it; a
# kiosk does neither). Whatever it wants, it takes at most PANE_MAX_SHARE of the window (so a
# narrower window narrows the pane, never the article alone) and never loses a width it
# wanted before: it gets it back when the window is wide enough again.
PANE_PX = 300
PANE_CHARS = 28
PANE_MAX_SHARE = 1 / 3  # as the kiosk splits it
# The last article is written to the settings this long after the reader stops moving on,
# and when the window closes: not on every page, where the write would slow each one down.
SAVE_DELAY_MS = 2000
# The window's size at the first start, in a screen's available area (less a title bar's
# allowance, as the window manager's frame is not known before the window shows).
FIRST_SIZE = (1100, 760)
FRAME_ALLOWANCE = (8, 32)  # px: its borders, and its title bar
# The definition bar, in the glossary terms' colours; its right padding leaves room for its
# close button.
_DEFINITION_CSS = ("QLabel {{ color: {term}; background: {term_back}; border: 1px solid {term_border}; "
                   "padding: 8px; padding-right: {right}px; }}")  # fmt: skip


class _CloseButton(QToolButton):
    """The definition's ×: with the keyboard on it, the focus frame of the panes (ui/
    focusframe.py) round it, 6:1 against the bar in light and dark (Fusion's own is a faint
    line, under 2:1 on the bar's colours)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            from healthreader.ui.focusframe import paint_focus_frame

            paint_focus_frame(self)


class DefinitionBar(ThemedLabel):
    """The glossary definition under the article, with a close button ("Close definition")
    in its top right corner. The button is made when a definition is first shown: nothing
    of it at start-up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.close_button: QToolButton | None = None
        self._right_px = 8
        super().__init__(lambda colours: _DEFINITION_CSS.format(right=self._right_px, **colours),
                         parent=parent)  # fmt: skip
        # No accessible name: a screen reader gets the definition shown (ui/announce.py).
        self.setObjectName("definition")
        self.setWordWrap(True)
        self.hide()

    def add_close_button(self) -> QToolButton:
        """The close button, made on first use."""
        if self.close_button is None:
            button = _CloseButton(self)
            button.setObjectName("close-definition")  # the kiosk's style sheet names it
            button.setText("\u00d7")  # ×
            button.setAccessibleName("Close definition")
            button.setToolTip("Close definition (Esc)")
            button.setAutoRaise(True)
            self.close_button = button
            self.fit_close_button()
            button.show()
        return self.close_button

    def fit_close_button(self) -> None:
        """The button at the bar's text size, and room for it beside the text (again after
        Larger / Smaller text)."""
        button = self.close_button
        if button is None:
            return
        # Set here: under the kiosk's style sheet a new child would not follow the bar's font.
        button.setFont(self.font())
        button.resize(button.sizeHint())
        self._right_px = button.width() + 12
        self.restyle()
        self._place_close_button()

    def _place_close_button(self) -> None:
        if self.close_button is not None:
            self.close_button.move(self.width() - self.close_button.width() - 4, 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_close_button()


class MainWindow(QMainWindow):
    """Health Reader's window. Receives its model and services; wires nothing global."""

    article_shown = Signal(str)  # an article id, or "index" for the home page

    def __init__(
        self,
        library: Library,
        settings: Settings,
        glossary: dict[str, str],
        show_disclaimer: Callable[[], None],
        search_panel: QWidget | None = None,
        home: str = HOME,
        text_scale: float = 1.0,
        clinic_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.glossary = glossary
        self.home = home
        self.text_scale = text_scale
        self.clinic_name = clinic_name
        self._show_disclaimer = show_disclaimer
        self._history: list[str] = []
        self._scrolls: list[int] = []  # where each history page was scrolled to when left
        # And where its text cursor was (anchor, position): the link followed from it.
        self._cursors: list[tuple[int, int]] = []
        self._position = -1
        self._zoom = settings.zoom_steps
        # The panels' size at the default text size (None: the system font's), and whether
        # a font was ever set on them: at the default size nothing is, so start-up does no
        # font work (see _apply_zoom).
        self._panel_base_points: float | None = None
        self._panels_sized = False
        self._sheet_palette = QApplication.palette().cacheKey()  # see changeEvent
        self._handout: HandoutDialog | None = None  # while open: refitted when the font changes
        # The sidebar pane's width (see PANE_PX): the reader's, what larger text wants (0 at
        # the default size or smaller), and what larger text wanted when the reader chose.
        self._pane_chosen = PANE_PX
        self._pane_for_text = 0
        self._pane_for_text_when_chosen = 0
        self._pane_dragged = False  # in this run: only then is the saved width replaced
        # The share of the window never caps the pane below this (the kiosk's touch list).
        self.pane_cap_floor = 0
        # Kiosk mode sets this False: nothing of a patient's session (zoom, last article,
        # geometry) may be written to the settings, where the next patient would get it.
        self.persist_state = True
        self._unsaved_article: str | None = None
        self._shown_article: Article | None = None  # None: the home page, or one that failed
        # A search result opening: its article's id and line (see _on_passage_requested).
        self._passage: tuple[str, str] | None = None
        # The glossary term the keyboard was on when its definition opened: where the
        # definition's × gives the keyboard back to (as Esc leaves it there).
        self._defined_term: QTextCursor | None = None
        # Where Export PDF… (here and in the handout dialog) starts: the folder chosen last.
        # In memory only, for this run; never in the settings.
        self.save_folder = SaveFolder()
        self._tip_follows_message = False  # see show_done
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_state)
        self.setWindowTitle("Health Reader")
        self.setAccessibleName("Health Reader")

        self.sidebar = ConditionSidebar(library, self)
        self.search_panel = search_panel
        if search_panel is not None:
            self.sidebar.no_match_hint = ("The search box above also finds other names, "
                                          "symptoms and misspelled words.")  # fmt: skip
        self.view = ArticleView(glossary, self)
        # Esc in the article or its button closes it. Made without a parent: its own is the
        # column it is put in below (a ThemedLabel watches its parent's events).
        self.definition = DefinitionBar()

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        if search_panel is not None:
            left_layout.addWidget(search_panel, 0)
        left_layout.addWidget(self.sidebar, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.definition)
        # Side by side, Qt's default. (No arguments: with one, PySide6 checks whether it is a
        # Qt.Orientation, which builds the Qt namespace; see ui/roles.py.)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([PANE_PX, 700])
        self.setCentralWidget(splitter)
        self._splitter = splitter
        self._left = left
        # The pane scrolls once what it must show (an emergency notice at large text on a
        # small screen) is higher than the window gives it: ui/panescroll.py.
        scroll_when_needed(left, self.scroll_pane)

        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect_signals()
        problems = [p for p in library.problems if p.severity == "error"]
        if problems:
            self.statusBar().showMessage(
                f"{len(problems)} content file(s) could not be loaded; run "
                "'healthreader check' for details.",
            )
        geometry = settings.window_geometry
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored:
            self.resize(*FIRST_SIZE)
        self._fit_to_screen(restored)
        self._apply_zoom()  # once the width is known: larger text may widen the sidebar

    def _fit_to_screen(self, restored: bool) -> None:
        """The first size, or one restored from the settings, within the screen's available
        area, less the window manager's title bar: 1100x760 was larger than a 1366x768
        screen at 150% or 200% (911x512, 683x384), its status bar and article's right edge
        out of reach, and saved like that at the next start."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        across, down = FRAME_ALLOWANCE
        width = min(self.width(), room.width() - across)
        height = min(self.height(), room.height() - down)
        if (width, height) != (self.width(), self.height()):
            self.resize(max(1, width), max(1, height))
        if restored:  # and where it was, within the area (a larger screen had room there)
            x = max(room.left(), min(self.x(), room.right() + 1 - across - self.width()))
            y = max(room.top(), min(self.y(), room.bottom() + 1 - down - self.height()))
            if (x, y) != (self.x(), self.y()):
                self.move(x, y)

    # -- building ----------------------------------------------------------------------------

    def _action(self, name: str, slot: Callable[[], None], shortcut: QKeySequence.StandardKey | str | None = None, tip: str | None = None) -> QAction:
        action = QAction(name, self)
        action.setObjectName(name)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut:
            # setShortcuts([...]): setShortcut(sequence) would build the Qt namespace.
            action.setShortcuts([QKeySequence.fromString(shortcut)])
        action.setToolTip(tip or name.rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        sk = QKeySequence.StandardKey
        self._action("Back", self.go_back, sk.Back)
        self._action("Forward", self.go_forward, sk.Forward)
        self._action("Home", self.go_home, "Alt+Home", "Go to the home page")
        self._action("Print…", self.print_current, sk.Print, "Print this article")
        self._action("Export PDF…", self.export_current, None, "Save this article as a PDF handout")
        self._action(HANDOUT, self.open_handout, "Ctrl+Shift+P",
                     "Print or save a handout of one or several articles, in large print if wanted")  # fmt: skip
        larger = self._action("Larger text", self.zoom_in, sk.ZoomIn)
        # Ctrl+= as well, as in web browsers: the standard Ctrl++ is Ctrl+Shift+= on a US
        # keyboard, and many people press it without Shift. (Ctrl+- needs no Shift.)
        equals = QKeySequence.fromString("Ctrl+=")
        if equals not in larger.shortcuts():
            larger.setShortcuts([*larger.shortcuts(), equals])
        self._action("Smaller text", self.zoom_out, sk.ZoomOut)
        self._action("Find", self.focus_search, sk.Find)
        self._action("Quit", self._on_quit, sk.Quit)
        # F10 opens the menus, as on GNOME and Windows (Alt and Alt+letter do too). Not in a
        # kiosk: it has no menus, and its lockdown removes the action with its key.
        self._action("Menus", self._open_menus, "F10", "Open the menus")
        self._action("Medical disclaimer…", self._show_disclaimer)
        self._action("About Health Reader", self._on_about)

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions_by_name
        menubar = self.menuBar()
        file_menu = menubar.addMenu("&File")
        for name in ("Print…", "Export PDF…", HANDOUT):
            file_menu.addAction(a[name])
        file_menu.addSeparator()
        file_menu.addAction(a["Quit"])
        go_menu = menubar.addMenu("&Go")
        for name in ("Back", "Forward", "Home"):
            go_menu.addAction(a[name])
        view_menu = menubar.addMenu("&View")
        for name in ("Larger text", "Smaller text"):
            view_menu.addAction(a[name])
        help_menu = menubar.addMenu("&Help")
        help_menu.addAction(a["Medical disclaimer…"])
        help_menu.addAction(a["About Health Reader"])

        self.toolbar = QToolBar(self)
        self.toolbar.setWindowTitle("Navigation")
        self.toolbar.setObjectName("navigation")
        self.toolbar.setMovable(False)
        # The actions have no icons, so the buttons show their text. In groups: where the
        # window is too narrow for them all (a large desktop font), the labels get shorter
        # and then the groups go onto rows under it (ui/toolbarfit.py).
        groups = (("Back", "Forward", "Home"), ("Larger text", "Smaller text"), ("Print…", "Export PDF…"))
        self.toolbar_rows = ToolbarRows(self, self.toolbar, groups, a)
        self.addToolBar(self.toolbar)  # at the top

    def _connect_signals(self) -> None:
        self.sidebar.article_requested.connect(self.open_article)
        self.sidebar.article_entered.connect(self.open_and_read)
        self.view.article_requested.connect(self.open_article)
        self.view.glossary_requested.connect(self._on_glossary_requested)
        self.view.escape_pressed.connect(self._on_escape_in_article)
        self._splitter.splitterMoved.connect(self._on_splitter_moved)
        results = getattr(self.search_panel, "results", None)
        for scrolled in (self.view, self.sidebar.tree, results):
            if isinstance(scrolled, CtrlWheelZoom):  # see ui/wheelzoom.py
                scrolled.zoom_by = lambda step: self.set_zoom(self._zoom + step)
        requested = getattr(self.search_panel, "article_requested", None)
        if requested is not None:
            requested.connect(self.open_article)
        entered = getattr(self.search_panel, "article_entered", None)
        if entered is not None:
            entered.connect(self.open_and_read)
        passage = getattr(self.search_panel, "passage_requested", None)
        if passage is not None:
            passage.connect(self._on_passage_requested)

    # -- navigation --------------------------------------------------------------------------

    @property
    def current(self) -> str | None:
        return self._history[self._position] if self._position >= 0 else None

    @property
    def history(self) -> list[str]:
        return list(self._history)

    def open_article(self, article_id: str) -> bool:
        """Show an article (or "index") and push it on the history; False if unknown."""
        if article_id != HOME and article_id not in self.library:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Health Reader", f"There is no article '{article_id}'.")
            return False
        if article_id == self.current:
            return True
        self._remember_scroll()
        del self._history[self._position + 1 :]
        del self._scrolls[self._position + 1 :]
        del self._cursors[self._position + 1 :]
        self._history.append(article_id)
        self._scrolls.append(0)
        self._cursors.append((0, 0))
        self._position = len(self._history) - 1
        self._show(article_id)
        return True

    def _on_passage_requested(self, article_id: str, marked: str) -> None:
        """A search result is opening: its article is shown at the result's line, with the
        words searched marked (ArticleView.show_passage); at once if it is the page shown."""
        if article_id == self.current and self._shown_article is not None:
            self.view.show_passage(marked, self._shown_article.title)
        else:
            self._passage = (article_id, marked)

    def open_and_read(self, article_id: str) -> None:
        """Open an article chosen with Enter (in the results or the conditions) and take the
        keyboard to it: the arrow keys and Page Down read on, Tab reaches its links, and a
        screen reader starts reading it. (A click leaves the keyboard where it was.)"""
        if self.open_article(article_id):
            from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_back(self) -> None:
        if self._position > 0:
            self._go_to(self._position - 1)

    def go_forward(self) -> None:
        if self._position < len(self._history) - 1:
            self._go_to(self._position + 1)

    def _go_to(self, position: int) -> None:
        """Back or Forward: the page as it was left, scrolled where the reader was, with the
        keyboard where it was (on the link followed from it: the next Tab goes on from
        there, as in a web browser, not from the top of the page)."""
        self._remember_scroll()
        self._position = position
        self._show(self._history[position])
        self.view.document().size()  # lay the page out, so the scroll range is known
        self._restore_cursor(*self._cursors[position])
        self.view.verticalScrollBar().setValue(self._scrolls[position])

    def _remember_scroll(self) -> None:
        if self._position >= 0:
            self._scrolls[self._position] = self.view.verticalScrollBar().value()
            cursor = self.view.textCursor()
            self._cursors[self._position] = (cursor.anchor(), cursor.position())

    def _restore_cursor(self, anchor: int, position: int) -> None:
        from PySide6.QtGui import QTextCursor

        last = self.view.document().characterCount() - 1  # the page may have changed
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(min(anchor, last))
        cursor.setPosition(min(position, last), QTextCursor.MoveMode.KeepAnchor)
        if self.view.hasFocus():
            self.view.focus_on(cursor)  # a link gets its mark back
        else:
            self.view.setTextCursor(cursor)

    def go_home(self) -> None:
        self.open_article(self.home if self.home in self.library else HOME)

    def clear_history(self) -> None:
        self._history.clear()
        self._scrolls.clear()
        self._cursors.clear()
        self._position = -1

    def _show(self, article_id: str) -> None:
        self.definition.hide()
        passage, self._passage = self._passage, None  # for this page only, if it is its
        self._defined_term = None
        self._shown_article = None
        title = "Health Reader home page"
        if article_id == HOME:
            self.view.show_page(index_page(self.library), None)
        else:
            try:
                article = self.library.get(article_id)
            except HealthReaderError as exc:
                # The reason may hold a file path: text, never markup.
                self.view.show_page("<h1>Not available</h1><p>This article could not be opened: "
                                    f"{escape(str(exc))}</p>", None)  # fmt: skip
                title = "Not available"
            else:
                page = article_page(article, self.library)
                self.view.show_page(page, article.path.parent if article.path else None,
                                    wording_for(article.language).picture_not_available)
                self._shown_article = article
                title = article.title
                if passage is not None and passage[0] == article_id:
                    section = self.view.show_passage(passage[1], article.title)
                    if section:  # where the reading place is: not the top
                        title = f"{article.title}, at {section}"
            if self.persist_state:
                self._unsaved_article = article_id
                self._save_timer.start()
        self.sidebar.select_article(article_id)
        self._update_actions()
        if self.isVisible():
            # Which page opened, for a screen reader (the window's title stays "Health
            # Reader"); not for the first page, which comes with the window.
            from healthreader.ui.announce import announce

            announce(self.view, title)
        self.article_shown.emit(article_id)

    def _update_actions(self) -> None:
        a = self.actions_by_name
        a["Back"].setEnabled(self._position > 0)
        a["Forward"].setEnabled(self._position < len(self._history) - 1)
        # Not on the home page, nor on an article that could not be read ("Not available").
        on_article = self._shown_article is not None
        a["Print…"].setEnabled(on_article)
        a["Export PDF…"].setEnabled(on_article)

    # -- text size ---------------------------------------------------------------------------

    @property
    def zoom_steps(self) -> int:
        return self._zoom

    @property
    def large_print(self) -> bool:
        """Handouts are printed in large type when the reader has made the text larger (the
        one rule for Print…, Export PDF…, the handout dialog and the kiosk)."""
        return self._zoom > 0

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def set_zoom(self, steps: int) -> None:
        self._zoom = max(ZOOM_MIN, min(ZOOM_MAX, steps))
        if self.persist_state:
            self.settings.zoom_steps = self._zoom
        self._apply_zoom()

    def set_text_base(self, points: float | None) -> None:
        """The point size of the article and of the panels beside it at the default text
        size, before ``text_scale``; None: the article's from the desktop's (reading_base),
        the panels' the system font's. (A kiosk's sizes all come from its text_scale, not
        from the desktop font of the machine it runs on.)"""
        self._panel_base_points = points
        self._apply_zoom()

    def _text_panels(self) -> list[QWidget]:
        """What is read or typed in beside the article, so its text follows Larger / Smaller
        text: the sidebar (filter and tree), the search panel (field, "Showing results for",
        results) and the glossary definition. The menus, toolbar and status bar are controls
        and keep the system size, as in other applications."""
        panels: list[QWidget] = [self.sidebar, self.definition]
        if self.search_panel is not None:
            panels.insert(1, self.search_panel)
        return panels

    def reading_base(self) -> float:
        """The article's text size at the default zoom, before ``text_scale``: at least the
        desktop's text size (theme.reading_base), so that the article is never the smallest
        text in the window. A kiosk's is fixed (set_text_base)."""
        if self._panel_base_points is not None:
            return self._panel_base_points
        # QFontInfo: the size in points even of a desktop font given in pixels.
        return theme.reading_base(QFontInfo(self.font()).pointSizeF())

    def _apply_zoom(self) -> None:
        self.view.set_point_size(theme.point_size(self._zoom, self.text_scale, self.reading_base()))
        factor = theme.text_factor(self._zoom, self.text_scale)
        if self._panels_sized or factor > 1.0 or self._panel_base_points is not None:
            self._size_panels(factor)
        self.actions_by_name["Larger text"].setEnabled(self._zoom < ZOOM_MAX)
        self.actions_by_name["Smaller text"].setEnabled(self._zoom > ZOOM_MIN)

    def _size_panels(self, factor: float) -> None:
        # From the window's font, which nothing here changes, so steps never compound; never
        # below it either: Smaller text is for the article, and the system's size is the
        # smallest a list of titles stays readable at.
        system = self.font()
        font = QFont(system)
        base = self._panel_base_points or system.pointSizeF()
        # A kiosk's text base (set_text_base) is its smallest instead: its sizes come from
        # text_scale alone, whatever the desktop font of the machine it runs on.
        least = system.pointSizeF() if self._panel_base_points is None else base
        if base > 0:
            font.setPointSizeF(max(least, round(base * factor, 1)))
        else:  # a platform font given in pixels
            font.setPixelSize(max(system.pixelSize(), round(system.pixelSize() * factor)))
        for panel in self._text_panels():
            # Each child too: under a style sheet (the kiosk's) a child keeps the font it
            # had, instead of following its parent's.
            for widget in (panel, *panel.findChildren(QWidget)):
                widget.setFont(font)
            # A text field as high as its text: the kiosk's style sheet gives it a smaller
            # minimum (a touch target), which a crowded pane would squeeze it down to.
            for edit in panel.findChildren(QLineEdit):
                edit.setMinimumHeight(edit.sizeHint().height())
        self.definition.fit_close_button()
        self._panels_sized = True
        # Only larger text widens the pane: at the default size or smaller it has its own.
        larger = factor > 1.0
        self._pane_for_text = PANE_CHARS * QFontMetrics(font).averageCharWidth() if larger else 0
        self._fit_left_pane()

    def set_pane_width(self, width: int) -> None:
        """Give the sidebar's pane ``width`` px, as if the reader had dragged it there (the
        kiosk's split at the start of each session); within the share of the window."""
        self._pane_chosen = max(0, width)
        self._pane_for_text_when_chosen = self._pane_for_text
        self._fit_left_pane()

    def scroll_pane(self) -> None:
        """Put the sidebar's pane in a scroll area (ui/panescroll.py), if it is not yet: when
        its least height first outgrows the window, or at once (a kiosk)."""
        pane = self._left
        if isinstance(pane, PaneScroll):
            return
        focused = QApplication.focusWidget()
        sizes = self._splitter.sizes()
        scroll = PaneScroll()
        self._splitter.replaceWidget(0, scroll)
        pane.setMaximumWidth(16777215)  # the cap is the scroll area's now (QWIDGETSIZE_MAX)
        scroll.hold(pane)
        pane.show()
        self._left = scroll
        self._splitter.setSizes(sizes)
        self._fit_left_pane()
        if focused is not None and pane.isAncestorOf(focused) and QApplication.focusWidget() is not focused:
            focused.setFocus()  # the typing goes on where it was

    def _pane_wanted(self) -> int:
        """The sidebar pane's width in a window wide enough: see PANE_PX."""
        wanted = self._pane_chosen
        # Larger text than when the reader chose widens it; a collapsed pane stays closed.
        if wanted and self._pane_for_text > self._pane_for_text_when_chosen:
            wanted = max(wanted, self._pane_for_text)
        return wanted

    def _pane_width(self) -> int:
        """What the sidebar's pane should be now: see PANE_PX."""
        return min(self._pane_wanted(), self._pane_cap())

    def _pane_cap(self) -> int:
        # The window's width, not the splitter's: before the first show the splitter has
        # not been laid out yet (the pane it gets then keeps its size, the article the rest).
        return max(round(self.width() * PANE_MAX_SHARE), self.pane_cap_floor)

    def _fit_left_pane(self) -> None:
        # The cap as the pane's maximum too, so that neither a drag nor the splitter's own
        # share-out when the window shrinks takes it further.
        self._left.setMaximumWidth(self._pane_cap())
        left = self._pane_width()
        sizes = self._splitter.sizes()
        if len(sizes) == 2 and sizes[0] != left:
            self._splitter.setSizes([left, max(1, sum(sizes) - left)])

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        """The reader dragged the pane's edge: that width is theirs (see PANE_PX)."""
        self._pane_chosen = self._splitter.sizes()[0]
        self._pane_for_text_when_chosen = self._pane_for_text
        self._pane_dragged = True

    # -- other actions -----------------------------------------------------------------------

    def focus_search(self) -> None:
        focus = getattr(self.search_panel, "focus_search", None)
        if focus is not None:
            focus()
        else:
            self.sidebar.filter_edit.setFocus()

    def current_articles(self) -> list[Article]:
        """The article on screen, as shown; [] on the home page or a page that failed."""
        return [self._shown_article] if self._shown_article is not None else []

    def print_current(self) -> None:
        articles = self.current_articles()
        if not articles:
            return
        from healthreader.ui import printing

        done = printing.print_articles(self, articles, self.library, self.glossary,
                                       self.clinic_name, self.large_print, self.save_folder)  # fmt: skip
        if done is not None:
            self.show_done(done)

    def export_current(self) -> None:
        articles = self.current_articles()
        if not articles:
            return
        from healthreader.ui import printing

        saved = printing.export_pdf_dialog(self, articles, self.library, self.glossary, self.clinic_name,
                                           self.large_print, save_folder=self.save_folder)  # fmt: skip
        if saved is not None:
            self.show_done(printing.saved_message(saved))

    def show_done(self, message: str) -> None:
        """A printed or saved handout's message on the status bar, for 15 s: fitted to its
        width so that a saved file's name stays in view (its folder shortened in the
        middle), with the full path in the status bar's tooltip."""
        from healthreader.ui import printing

        bar = self.statusBar()
        if not self._tip_follows_message:
            # The tooltip goes with the message (made here: no status bar at start-up).
            bar.messageChanged.connect(lambda text: None if text else bar.setToolTip(""))
            self._tip_follows_message = True
        # The window's width (a status bar made just now is not laid out yet), less the
        # size grip and the bar's own margins.
        room = self.width() - bar.fontMetrics().height() - 24
        shown, tip = printing.fitted_message(message, bar.fontMetrics(), room)
        bar.setToolTip(tip)
        bar.showMessage(shown, 15_000)

    def open_handout(self) -> None:
        """The handout dialog, with the article on screen already chosen."""
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        # Imported here: nothing of the dialog is loaded or built before it is asked for.
        from healthreader.ui.handoutdialog import HandoutDialog

        current = self.current
        on_screen = [current] if current is not None and current != HOME else []
        dialog = HandoutDialog(self.library, self.glossary, self.clinic_name, on_screen, self,
                               save_folder=self.save_folder)  # fmt: skip
        dialog.large_print.setChecked(self.large_print)
        self._fit_handout(dialog, grow=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.handout_done.connect(self.show_done)
        self._handout = dialog
        dialog.finished.connect(self._forget_handout)
        dialog.open()

    def _fit_handout(self, dialog: HandoutDialog, grow: bool) -> None:
        """The handout dialog at the reader's text size, laid out and sized for the screen;
        ``grow``: made larger by as much as the text is (when it opens)."""
        if self._panels_sized:  # its lists of titles at the size the sidebar has, with room
            font = self.sidebar.font()
            dialog.set_text_font(font)
            scale = max(1.0, font.pointSizeF() / max(1.0, self.font().pointSizeF())) if grow else 1.0
            size = dialog.size()
            dialog.resize(round(size.width() * scale), round(size.height() * scale))
        else:
            dialog.fit_screen()  # a large desktop font may need it too
        # Never larger than the window, nor than the screen's free area (a small window may
        # be on a large screen, a large one past a small screen's edge): within both, and
        # never below what its layout needs.
        room = self.screen().availableGeometry()
        least = dialog.minimumSizeHint()
        size = dialog.size()
        dialog.resize(max(least.width(), min(size.width(), self.width(), room.width())),
                      max(least.height(), min(size.height(), self.height(), room.height())))  # fmt: skip

    def _forget_handout(self) -> None:
        self._handout = None

    def _on_glossary_requested(self, term: str, definition: str) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        from healthreader.ui.announce import announce

        on_term = self.view.textCursor()
        self._defined_term = on_term if self.view.hasFocus() and on_term.hasSelection() else None
        self.definition.setTextFormat(Qt.TextFormat.PlainText)
        self.definition.setText(f"{term}: {definition}")
        if self.definition.close_button is None:
            button = self.definition.add_close_button()
            button.clicked.connect(self.close_definition)
            # Tab from the article (after its last link) reaches it.
            QWidget.setTabOrder(self.view, button)
        self.definition.show()
        # Focus stays on the term: the definition is said (again, on each Enter).
        announce(self.definition, self.definition.text())

    def close_definition(self) -> None:
        """Hide the glossary definition under the article."""
        button = self.definition.close_button
        if button is not None and button.hasFocus():
            # Back to the term it came from, as Esc leaves it, rather than wherever Qt
            # moves it: the next Tab goes on from there, not from the top of the page.
            self.view.focus_on(self._defined_term)
        self.definition.hide()

    def _on_escape_in_article(self) -> None:
        if self.definition.isVisible():
            self.close_definition()

    def _open_menus(self) -> None:
        bar = self.menuBar()
        menus = [action for action in bar.actions() if action.isVisible() and action.menu()]
        if bar.isVisible() and menus:
            bar.setActiveAction(menus[0])

    def _on_quit(self) -> None:
        self.close()

    def _on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from healthreader import __version__

        QMessageBox.about(
            self,
            "About Health Reader",
            f"Health Reader {__version__}\n\nPlain-language health information that works "
            f"offline.\n{len(self.library)} articles loaded.",
        )

    def save_state(self) -> None:
        """Write the last article to the settings now (see SAVE_DELAY_MS)."""
        self._save_timer.stop()
        article_id, self._unsaved_article = self._unsaved_article, None
        if self.persist_state and article_id is not None and article_id != self.settings.last_article:
            self.settings.last_article = article_id

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_left_pane()
            self.toolbar_rows.fit(event.size().width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # The desktop's text size changed while the reader runs: the article follows it
            # now (it starts at least that large: reading_base), not at the next Larger /
            # Smaller text; the panels and the toolbar too.
            self._apply_zoom()
            self.toolbar_rows.fit(self.width())
            if self._handout is not None:  # an open handout dialog follows, as at its opening
                self._fit_handout(self._handout, grow=False)
        elif event.type() == QEvent.Type.PaletteChange and self.styleSheet():
            # The desktop turned dark or light. Under a style sheet (the kiosk's) Qt gives
            # the window the new palette but none of its widgets: setting the sheet again
            # gives it to every one (the article view and the definition recolour; text
            # sizes stay, tested).
            key = QApplication.palette().cacheKey()
            if key != self._sheet_palette:
                self._sheet_palette = key
                self.setStyleSheet(self.styleSheet())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_on_quit()
        super().closeEvent(event)

    def save_on_quit(self) -> None:
        """Write what the next run starts from: the last article, the window's size and
        place, the sidebar's width. On closing, and when the system asks the reader to
        quit (app.py: SIGTERM at a logout or ``systemctl stop``)."""
        if self.persist_state:
            self.save_state()
            self.settings.window_geometry = self.saveGeometry()
            if self._pane_dragged:
                # As wide as it would be now in a wide enough window (the next run's cap is
                # that window's third). Collapsed (0): the setting goes, and the next run
                # starts at PANE_PX, so the search field is never hidden at start.
                self.settings.sidebar_width = self._pane_wanted()
            self.settings.sync()

"""Kiosk mode: locks the main window down, resets it between patients, guards the way out.

``KioskController`` is built by ``app.Reader`` when a kiosk configuration is given::

    kiosk = KioskController(reader, window, config, state_dir)
    first = kiosk.start()        # lockdown, then the disclaimer gate (returned)
    ...                          # "I understand": the Reader opens home, then calls
    kiosk.session_started()      # fullscreen, frameless, idle clock running

A patient session ends by the idle clock (warning, countdown, ``reset_session()``) and
every session starts with the disclaimer. The only way out is the staff exit: a long press
on the clinic name at the top (or Ctrl+Alt+Shift+Q) and the staff PIN.

One app-wide event filter does the guarding: it counts input for the idle clock and
swallows context menus, drag and drop (and drags of selected text out of the kiosk),
closing, and the shortcuts that quit, close, open, save or leave fullscreen. Nothing of a session is written to the settings.
"""

from __future__ import annotations

import importlib
import math
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QClipboard,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QScroller,
    QSizePolicy,
    QSplitter,
    QTextEdit,
    QToolBar,
    QToolTip,
    QTreeWidget,
    QWidget,
)

from healthreader.errors import HealthReaderError
from healthreader.kiosk.pin import PinGuard
from healthreader.kiosk.policy import (
    ACTION_PRINT,
    IdleClock,
    IdlePhase,
    KioskConfig,
    PrintVerdict,
    SessionPrints,
    allowed_actions,
    matching_printer,
    printer_missing_text,
)
from healthreader.ui.kioskdialogs import (
    BIG_BUTTON_PX,
    MIN_TOUCH_PX,
    IdleWarningDialog,
    StaffExitDialog,
    scaled_font,
)
from healthreader.ui.panescroll import PaneScroll
from healthreader.ui.theme import BASE_POINT_SIZE
from healthreader.ui.themedlabel import ThemedLabel

PIN_STATE_FILE = "kiosk-pin-state.json"
LONG_PRESS_MS = 3000
SIDEBAR_MIN_PX = 320
CLINIC_LABEL = "Clinic name"
PRINT_TITLE = "Print"
FRONT_DESK_TEXT = "Ask the front desk for a printed copy."
PRINTING_TEXT = "Your copy is printing. Please collect it at the front desk."
# A minute later it is no longer "printing": it was sent, and waits at the front desk.
ALREADY_PRINTING_TEXT = "Your copy has already been sent to the printer. Please collect it at the front desk."
MORE_COPIES_TEXT = "Ask at the front desk for more copies."

# Kept besides allowed_actions(): Find only moves the focus to the search field.
_ALSO_KEPT = frozenset({"Find"})

_E = QEvent.Type
_ACTIVITY = frozenset({
    _E.KeyPress, _E.MouseButtonPress, _E.MouseButtonDblClick, _E.MouseMove, _E.Wheel,
    _E.TouchBegin, _E.TouchUpdate, _E.TouchEnd, _E.TabletPress, _E.TabletMove,
})  # fmt: skip
_DRAG = frozenset({_E.DragEnter, _E.DragMove, _E.Drop})
_KEYS = frozenset({_E.KeyPress, _E.ShortcutOverride})

_SK = QKeySequence.StandardKey
# Ways out of the window or to the file system, whatever the platform binds them to.
_BLOCKED_STANDARD_KEYS = (
    _SK.Quit, _SK.Close, _SK.Open, _SK.Save, _SK.SaveAs, _SK.New, _SK.Preferences,
    _SK.FullScreen, _SK.AddTab,
)  # fmt: skip
_MOD = Qt.KeyboardModifier
_K = Qt.Key
# Named too: some platforms bind no standard key to these, and a keyboard left on a kiosk
# is where people try them first. (Alt+F4 usually goes to the window manager, which sends
# a close request instead; that is refused in the Close filter.)
_BLOCKED_COMBOS = frozenset({
    (_K.Key_Q.value, _MOD.ControlModifier), (_K.Key_W.value, _MOD.ControlModifier),
    (_K.Key_O.value, _MOD.ControlModifier), (_K.Key_S.value, _MOD.ControlModifier),
    (_K.Key_N.value, _MOD.ControlModifier), (_K.Key_F4.value, _MOD.AltModifier),
    (_K.Key_F4.value, _MOD.ControlModifier), (_K.Key_F11.value, _MOD.NoModifier),
})  # fmt: skip
_PRINT_COMBO = (_K.Key_P.value, _MOD.ControlModifier)
_STAFF_MODIFIERS = _MOD.ControlModifier | _MOD.AltModifier | _MOD.ShiftModifier
_MODIFIER_MASK = _MOD.ControlModifier | _MOD.AltModifier | _MOD.ShiftModifier | _MOD.MetaModifier

SCROLLBAR_PX = 28  # a finger can hit it; touch drags also scroll (QScroller)
_TOUCH_SCROLLBARS = f"""
QScrollBar:vertical {{ width: {SCROLLBAR_PX}px; }}
QScrollBar:horizontal {{ height: {SCROLLBAR_PX}px; }}
"""
SCROLL_HINT = "Scroll down to read it all."
# The disclaimer's lines at most about this many characters, as the article's column.
GATE_MEASURE_CHARS = 72
# The disclaimer counts as read to its end this close to it (px): a kinetic scroll or a
# rounding must never leave the hint up a pixel short.
_END_SLACK_PX = 4
# Touch targets of at least 44 px (kioskdialogs.MIN_TOUCH_PX), set by style sheet so they
# also reach widgets the window gets later (the search panel's list).
_TOUCH_CSS = f"""
QToolBar {{ spacing: 6px; padding: 4px; }}
QToolBar QToolButton {{ min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px;
                        padding: 4px 14px; }}
QLineEdit {{ min-height: {MIN_TOUCH_PX}px; padding: 0px 8px; }}
QTreeView::item, QListView::item {{ min-height: {MIN_TOUCH_PX}px; padding: 0px 4px; }}
QToolButton#close-definition {{ min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px; }}
{_TOUCH_SCROLLBARS}"""


def _log(line: str) -> None:
    print(f"healthreader: {line}", file=sys.stderr, flush=True)


class _ScrollHint(QObject):
    """Shows "Scroll down to read it all." above the gate's buttons until the disclaimer has
    been on screen to its end (a text that fits needs none; reading back up brings it not
    back). "I understand" is never held back: a patient is never trapped behind a gesture
    they may not know, and the gate is what every check of the kiosk presses first."""

    def __init__(self, gate: QWidget, text: QAbstractScrollArea, hint: QLabel) -> None:
        super().__init__(gate)
        self._gate = gate
        self._bar = text.verticalScrollBar()
        self._hint = hint
        self._seen_end = False
        self._bar.rangeChanged.connect(self._update)
        self._bar.valueChanged.connect(self._update)
        gate.installEventFilter(self)
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._gate and event.type() in (_E.Show, _E.Resize):
            self._update()
        return False

    def _update(self) -> None:
        bar = self._bar
        # Only on screen: before it is laid out at the screen's size, the text's length
        # there is not known.
        if self._gate.isVisible() and bar.maximum() > 0 and bar.value() >= bar.maximum() - _END_SLACK_PX:
            self._seen_end = True
        ready = self._seen_end or (self._gate.isVisible() and bar.maximum() <= _END_SLACK_PX)
        self._hint.setVisible(not ready)

    def rearm(self) -> None:
        """For the next person: the text from its start, and the hint until they reach its end."""
        self._seen_end = False
        self._bar.setValue(0)
        self._update()


class _ClinicLabel(ThemedLabel):
    """The clinic's name on one line, cut with "…" where the screen is too narrow for it.

    Its whole width would otherwise be the window's minimum: a long name (the config allows
    200 characters) or a large text_scale pushed the full-screen window past the screen's
    edge, with the article's right side and its scrollbar out of sight. The whole name is
    its tooltip and accessible description when cut."""

    def __init__(self, name: str) -> None:
        super().__init__(lambda colours: f"QLabel {{ color: {colours['heading']}; }}", name)
        self._name = name
        self.setAccessibleDescription(name)

    def minimumSizeHint(self) -> QSize:
        # Room for "…" only: the header never makes the window wider.
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        ellipsis = self.fontMetrics().horizontalAdvance("…")
        return QSize(ellipsis + margins.left() + margins.right(), hint.height())

    def sizeHint(self) -> QSize:
        # What the whole name needs, whatever part of it is shown now.
        hint = super().sizeHint()
        margins = self.contentsMargins()
        whole = self.fontMetrics().horizontalAdvance(self._name)
        return QSize(whole + margins.left() + margins.right(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._name, Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        if shown != self.text():
            self.setText(shown)
        self.setToolTip("" if shown == self._name else self._name)


def _gate_spacing(width: int, height: int) -> tuple[int, int, int, int]:
    """The disclaimer gate's margins (beside, above and below), its gaps, and the most its
    "I understand" button is high, on a screen ``width`` x ``height`` px: 64, 48, 24 and
    no limit on a usual one; less on a short one, where they took the text's room (a
    1366x768 screen at 200% is 683x384: four lines of the disclaimer showed, and Enter
    accepts at once). The button stays a finger's height (MIN_TOUCH_PX) at least.

    >>> _gate_spacing(1366, 768)
    (64, 48, 24, 96)
    >>> _gate_spacing(683, 384)
    (42, 24, 12, 48)
    """
    return min(64, width // 16), min(48, height // 16), min(24, height // 32), max(MIN_TOUCH_PX, height // 8)


class KioskController(QObject):
    """Runs one kiosk: lockdown, patient sessions, idle reset, printing, staff exit."""

    session_began = Signal()  # the window is up for a new patient
    session_reset = Signal()  # the last patient's session is wiped; the gate is back

    def __init__(
        self,
        reader: Any,
        window: Any,
        config: KioskConfig,
        state_dir: Path | None,
    ) -> None:
        super().__init__()
        self._reader = reader
        self._window = window
        self._config = config
        # Problems with the counter file go to stderr, that is the journal of a kiosk
        # service: the administrator's only view of a kiosk that shows no such message.
        self._guard = PinGuard(state_dir / PIN_STATE_FILE if state_dir is not None else None,
                               report=_log)  # fmt: skip
        self.clock = IdleClock.from_config(config)
        self._prints = SessionPrints()  # what this patient has printed
        self._gate: QWidget | None = None
        self._gate_hint: _ScrollHint | None = None
        self._retired_gate: QWidget | None = None
        self._warning: IdleWarningDialog | None = None
        self._staff: StaffExitDialog | None = None
        self._message: QMessageBox | None = None
        self._exiting = False
        self._installed = False
        self._quit_on_last_closed = True
        self._last_mouse: QPointF | None = None

        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._long_press = QTimer(self)
        self._long_press.setSingleShot(True)
        self._long_press.setInterval(LONG_PRESS_MS)

        self.clinic_label: ThemedLabel = _ClinicLabel(config.clinic_name or "Health Reader")
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._idle_timer.timeout.connect(self._on_idle_tick)
        self._long_press.timeout.connect(self.open_staff_exit)

    # -- the public flow -------------------------------------------------------------------

    @property
    def gate(self) -> QWidget | None:
        """The disclaimer gate while it is up (between patients), else None."""
        return self._gate

    @property
    def warning_dialog(self) -> IdleWarningDialog | None:
        return self._warning

    @property
    def staff_dialog(self) -> StaffExitDialog | None:
        return self._staff

    def start(self) -> QWidget:
        """Lock the window down and show the disclaimer gate; returns the gate."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        # Only the staff exit ends a kiosk; no window closing (or hiding) may do it.
        self._quit_on_last_closed = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        app.installEventFilter(self)
        self._installed = True
        self._lock_down()
        if self._config.allow_print:
            # A missing one is said in the journal at once; after the gate is up, since
            # asking CUPS for its printers can take a while on a network with many.
            QTimer.singleShot(0, self._front_desk_printer)
        # The window stays hidden, with an empty view, until the gate is accepted.
        self._window.hide()
        return self._show_gate()

    def session_started(self) -> None:
        """The gate was accepted and home is open: show the window, start the idle clock."""
        window = self._window
        retired, self._gate, self._gate_hint = self._gate, None, None
        if retired is not None:
            # We are inside the gate's own "accepted" signal: let Qt delete it later
            # rather than the last Python reference going away now.
            self._retired_gate = retired
            retired.deleteLater()
        self._cover_screen(window)
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
        self._size_panes(window)
        self._show_home_row(window)
        # The page, not a text field: a focused field would pop up an on-screen keyboard
        # over the page at every session start.
        window.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.clock.restart()
        self._schedule_tick()
        self.session_began.emit()

    def reset_session(self) -> None:
        """Wipe the last patient's session and show the disclaimer gate again."""
        self._idle_timer.stop()
        self._long_press.stop()
        self._close_dialogs_and_menus()
        QToolTip.hideText()
        self._clear_clipboard()
        window = self._window
        self._clear_fields(window)
        window.clear_history()
        window.set_zoom(0)
        window.definition.hide()
        window.definition.clear()
        # An empty page, not home: nothing is rendered until the next "I understand", and
        # the Reader then opens home (config.home, or the index) at the top.
        window.view.show_page("", None)
        self._reset_sidebar(window)
        window.statusBar().clearMessage()
        self._prints.clear()  # the next patient may print their own
        self.clock.restart()
        # The gate first, then hide: no moment with the desktop showing between patients.
        self._show_gate()
        window.hide()
        self.session_reset.emit()

    def open_staff_exit(self) -> None:
        """The hidden gesture: ask for the staff PIN; the right one quits the app."""
        self._long_press.stop()
        if self._staff is not None and self._staff.isVisible():
            self._staff.raise_()
            self._staff.activateWindow()
            return
        if self._staff is not None:
            self._staff.deleteLater()  # a fresh one each time, parented to what is on screen
        parent = self._gate if self._gate is not None and self._gate.isVisible() else self._window
        dialog = StaffExitDialog(
            self._guard, self._config.exit_pin, parent, text_scale=self._config.text_scale
        )
        dialog.accepted.connect(self._on_staff_exit_accepted)
        self._staff = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def print_current(self) -> None:
        """Print… in a kiosk: straight to the front-desk printer, or say to ask there."""
        articles = self._window.current_articles()
        if not articles:
            return
        config = self._config
        printer = self._front_desk_printer() if config.allow_print else None
        if printer is None:
            self._tell(FRONT_DESK_TEXT)
            return
        ids = [article.id for article in articles]
        verdict = self._prints.verdict(ids)
        if verdict is not PrintVerdict.PRINT:
            self._tell(ALREADY_PRINTING_TEXT if verdict is PrintVerdict.ALREADY_PRINTED
                       else MORE_COPIES_TEXT)  # fmt: skip
            return
        # Imported late: printing pulls in QtPrintSupport's dialogs and the PDF painter.
        printing = importlib.import_module("healthreader.ui.printing")
        try:
            missing = printing.print_direct(
                printer,
                articles,
                self._window.library,
                self._window.glossary,
                self._config.clinic_name or None,
                self._window.large_print,
            )
        except HealthReaderError as exc:
            _log(f"could not print to {printer!r}: {str(exc).rstrip('.')}; the patient was told to ask the front desk")
            self._tell(FRONT_DESK_TEXT)
            return
        self._prints.printed(ids)
        # Printed with descriptions in their place: not the patient's business, but the
        # kiosk's journal tells whoever keeps its content.
        for problem in missing:
            _log(f"printed a handout without a picture: {problem}")
        self._tell(PRINTING_TEXT)

    def shutdown(self) -> None:
        """Stop guarding (tests, or after the staff exit): filters and timers off."""
        self._exiting = True
        self._idle_timer.stop()
        self._long_press.stop()
        app = QApplication.instance()
        if self._installed and isinstance(app, QApplication):
            app.removeEventFilter(self)
            app.setQuitOnLastWindowClosed(self._quit_on_last_closed)
            self._installed = False
        for dialog in (self._warning, self._staff, self._message):
            if dialog is not None:
                dialog.close()

    # -- lockdown --------------------------------------------------------------------------

    def _lock_down(self) -> None:
        window = self._window
        config = self._config
        window.persist_state = False  # the text size goes back to 0 in _style_for_touch
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        menubar = window.menuBar()
        menubar.setNativeMenuBar(False)
        menubar.clear()
        menubar.hide()
        window.statusBar().hide()

        keep = allowed_actions(config) | _ALSO_KEPT
        for name, action in window.actions_by_name.items():
            if name == ACTION_PRINT:
                # Always visible: without a printer it says where to get a copy.
                action.triggered.disconnect()
                action.triggered.connect(self.print_current)
                if ACTION_PRINT not in keep:
                    action.setShortcuts([])
            elif name not in keep:
                action.triggered.disconnect()
                action.setShortcuts([])
                action.setEnabled(False)
                action.setVisible(False)
                window.removeAction(action)
                window.toolbar.removeAction(action)

        toolbar: QToolBar = window.toolbar
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.toggleViewAction().setEnabled(False)
        self._add_header(window)

        splitter = window.centralWidget()
        if isinstance(splitter, QSplitter):
            splitter.setChildrenCollapsible(False)  # no dragging the list out of sight
        window.pane_cap_floor = SIDEBAR_MIN_PX  # a third of a small screen is too narrow

        # The sidebar's pane scrolls when an emergency notice at a large text_scale is higher
        # than the room under the toolbar (ui/panescroll.py): from the start, so that the
        # window never outgrows the screen (its least height was the pane's).
        window.scroll_pane()
        for widget in [window, *window.findChildren(QWidget)]:
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            widget.setAcceptDrops(False)
        # Touch drags scroll (kinetic) instead of selecting text.
        scrolled: list[QAbstractScrollArea] = [window.view, *window.findChildren(QAbstractItemView)]
        scrolled += window.findChildren(PaneScroll)  # the sidebar's pane (above)
        for view in scrolled:
            QScroller.grabGesture(view.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        self._style_for_touch(window)

    def _add_header(self, window: Any) -> None:
        label = self.clinic_label
        label.setAccessibleName(CLINIC_LABEL)
        label.setFont(scaled_font(window.font(), 1.5 * self._config.text_scale, bold=True))
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        label.setMinimumHeight(BIG_BUTTON_PX)
        label.setContentsMargins(16, 0, 16, 0)
        header = QToolBar("Clinic", window)
        header.setObjectName("kiosk-header")
        header.setMovable(False)
        header.setFloatable(False)
        header.toggleViewAction().setEnabled(False)
        header.addWidget(label)
        window.insertToolBar(window.toolbar, header)
        window.insertToolBarBreak(window.toolbar)
        label.installEventFilter(self)

    def _style_for_touch(self, window: Any) -> None:
        scale = self._config.text_scale
        # The toolbar at text_scale, fixed; the sidebar, search and definition start at the
        # article's size times text_scale, and Larger / Smaller text scale them further.
        window.toolbar.setFont(scaled_font(window.font(), scale))
        window.setStyleSheet(_TOUCH_CSS)
        for action in window.toolbar.actions():
            button = window.toolbar.widgetForAction(action)
            if isinstance(button, QAbstractButton):
                button.setMinimumHeight(max(MIN_TOUCH_PX, round(MIN_TOUCH_PX * scale)))
        window.set_text_base(BASE_POINT_SIZE)  # text_scale alone, whatever the desktop's font
        # The view's text size comes from text_scale and zoom; set it again after the style
        # sheet above (a font change resets a text view's document font).
        window.set_zoom(0)

    def _show_gate(self) -> QWidget:
        gate: QWidget = self._reader.show_gate()
        self._gate = gate
        quit_button = getattr(gate, "quit_button", None)
        if isinstance(quit_button, QWidget):
            quit_button.hide()  # no quitting a kiosk without the staff PIN
        scale = self._config.text_scale
        # Before the fonts: a style sheet resets a text view's document font.
        gate.setStyleSheet(_TOUCH_SCROLLBARS)
        text = getattr(gate, "text", None)
        if isinstance(text, QTextEdit):
            text.setFont(scaled_font(gate.font(), 1.25 * scale))
            # At a large text_scale the disclaimer is longer than the screen: a finger
            # scrolls it, as in the article view, and selects nothing (there is nothing to
            # copy it to in a kiosk).
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            QScroller.grabGesture(text.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        screen = gate.screen() or QGuiApplication.primaryScreen()
        room = screen.geometry() if screen is not None else None
        across, down, gap, button = _gate_spacing(room.width() if room else 1366, room.height() if room else 768)
        accept = getattr(gate, "accept_button", None)
        if isinstance(accept, QAbstractButton):
            accept.setFont(scaled_font(gate.font(), 1.5 * scale, bold=True))
            accept.setMinimumSize(4 * BIG_BUTTON_PX, min(round(BIG_BUTTON_PX * scale), button))
        buttons = gate.findChild(QDialogButtonBox)
        if buttons is not None:
            buttons.setCenterButtons(True)  # where a hand finds it, not in a corner
        layout = gate.layout()
        if layout is not None:
            layout.setContentsMargins(across, down, across, down)
            layout.setSpacing(gap)
        if isinstance(text, QTextEdit) and isinstance(layout, QBoxLayout) and buttons is not None:
            hint = QLabel(SCROLL_HINT, gate)
            hint.setFont(scaled_font(gate.font(), 1.1 * scale))
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hint.setWordWrap(True)
            layout.insertWidget(layout.indexOf(buttons), hint)
            self._gate_hint = _ScrollHint(gate, text, hint)
        if isinstance(text, QTextEdit) and isinstance(layout, QBoxLayout):
            self._column(text, layout)
        gate.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self._cover_screen(gate)
        gate.showFullScreen()
        gate.raise_()
        gate.activateWindow()
        # The idle clock runs on the gate too: not to warn (nothing of a patient is shown),
        # but to tidy what someone left there (see _tidy_gate).
        self.clock.restart()
        self._schedule_tick()
        return gate

    @staticmethod
    def _column(text: QTextEdit, layout: QBoxLayout) -> None:
        """The disclaimer in a centred column of about GATE_MEASURE_CHARS characters, as high as
        its text, with the buttons right under it: on a wide screen its lines ran across the
        whole width (143 characters at 1920 px), above an empty box. A text longer than the
        screen takes the room there is, and scrolls."""
        metrics = text.fontMetrics()
        document = text.document()
        frame = 2 * text.frameWidth()
        column = GATE_MEASURE_CHARS * metrics.averageCharWidth() + 2 * round(document.documentMargin())
        text.setMaximumWidth(column + frame + SCROLLBAR_PX)
        # As high as its text at the width it has, once laid out there.
        layout_of = document.documentLayout()
        layout_of.documentSizeChanged.connect(lambda size: text.setMaximumHeight(math.ceil(size.height()) + frame))
        # As wide and as high as it may be; what is left goes beside, above and below it.
        row = QHBoxLayout()
        row.addStretch(0)  # room beside and above only once the text has all it can take
        at = layout.indexOf(text)
        layout.removeWidget(text)
        row.addWidget(text, 1)
        row.addStretch(0)
        layout.insertLayout(at, row, 1)
        # The gaps between the text, the hint and the buttons only: the layout's own spacing
        # would go around the room above and below too, and a small screen needs it for text.
        gap = layout.spacing()
        layout.setSpacing(0)
        for index in range(layout.count() - 1, at, -1):
            item = layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):  # the hint: its gap goes when it does
                widget.setContentsMargins(0, gap, 0, 0)
            else:
                layout.insertSpacing(index, gap)
        layout.insertStretch(0, 0)
        layout.addStretch(0)

    @staticmethod
    def _size_panes(window: Any) -> None:
        # Every session starts with the same split, whatever the last patient dragged; a
        # third of the screen keeps the larger sidebar text from being cut off. (Through the
        # window, which keeps it when larger text has widened the pane and is made smaller.)
        width = max(window.width(), 800)
        window.set_pane_width(max(SIDEBAR_MIN_PX, width // 3))

    @staticmethod
    def _show_home_row(window: Any) -> None:
        """The list scrolled as at every session start: from its top to the open article's
        row, with its rows already fitted to this session's width. The first session's list
        was scrolled when the window showed, then narrowed by the split and its titles
        wrapped at the first paint: it started a row off a later one's (which start at that
        width), and at a large text_scale with the home row out of sight."""
        tree = window.sidebar.tree
        tree.fit_rows()
        current = tree.currentItem()
        tree.scrollToTop()
        if current is not None:
            tree.scrollToItem(current)

    @staticmethod
    def _cover_screen(widget: QWidget) -> None:
        # A kiosk often runs with no window manager to honour "fullscreen": size it too.
        screen = widget.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            widget.setGeometry(screen.geometry())

    # -- reset helpers ---------------------------------------------------------------------

    def _close_dialogs_and_menus(self) -> None:
        for _ in range(100):  # a bound, in case something refuses to close
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        for _ in range(100):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self._gate:
                break
            modal.close()
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QDialog | QMenu)
                and widget.isVisible()
                and widget is not self._gate
            ):
                widget.close()

    @staticmethod
    def _clear_clipboard() -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        if clipboard.supportsFindBuffer():
            clipboard.clear(QClipboard.Mode.FindBuffer)

    @staticmethod
    def _clear_fields(window: Any) -> None:
        panel = window.search_panel
        reset = getattr(panel, "reset", None)
        if callable(reset):
            reset()
        for edit in window.findChildren(QLineEdit):
            # setText() empties the undo and redo history too (PySide6 6.12; the kiosk
            # tests check it with Ctrl+Z); clear() would be undoable.
            edit.setText("")

    @staticmethod
    def _reset_sidebar(window: Any) -> None:
        tree: QTreeWidget = window.sidebar.tree
        tree.clearSelection()
        tree.setCurrentIndex(QModelIndex())
        tree.collapseAll()
        count = tree.topLevelItemCount()
        everything = tree.topLevelItem(count - 1) if count else None
        if everything is not None:
            everything.setExpanded(True)  # "All conditions A–Z", as at start
        tree.scrollToTop()

    # -- idle ------------------------------------------------------------------------------

    def _schedule_tick(self) -> None:
        delay = self.clock.next_change_in()
        ms = 0 if delay is None else max(1, math.ceil(delay * 1000))
        self._idle_timer.start(ms)

    def _on_idle_tick(self) -> None:
        if self._exiting:
            return
        state = self.clock.tick()
        if self._gate is not None:
            if state.phase is IdlePhase.EXPIRED:
                self._tidy_gate()
                self.clock.restart()
            self._schedule_tick()
            return
        if state.phase is IdlePhase.EXPIRED:
            self.reset_session()
            return
        if state.phase is IdlePhase.WARNING:
            self._show_warning(state.seconds_left)
        elif self._warning is not None and self._warning.isVisible():
            self._warning.close()  # input elsewhere while it was up
        self._schedule_tick()

    def _tidy_gate(self) -> None:
        """What someone left on the disclaimer, gone after the idle time as in a session: a
        Staff exit with half its PIN typed, a menu, the text scrolled to its end."""
        self._long_press.stop()
        if self._staff is not None:
            for edit in self._staff.findChildren(QLineEdit):
                edit.setText("")  # and its undo history (see _clear_fields)
        self._close_dialogs_and_menus()
        QToolTip.hideText()
        if self._gate_hint is not None:
            self._gate_hint.rearm()
        else:
            text = getattr(self._gate, "text", None)
            if isinstance(text, QAbstractScrollArea):
                text.verticalScrollBar().setValue(0)

    def _show_warning(self, seconds_left: int) -> None:
        dialog = self._warning
        if dialog is None:
            dialog = IdleWarningDialog(
                self._window, seconds_left=seconds_left, text_scale=self._config.text_scale
            )
            dialog.keep_reading.connect(self._on_keep_reading)
            layout = dialog.layout()
            if isinstance(layout, QBoxLayout):  # centred on the whole screen
                layout.insertStretch(0, 1)
                layout.addStretch(1)
            self._warning = dialog
        dialog.set_seconds_left(seconds_left)
        if not dialog.isVisible():
            # The whole screen, not a box over the page: a touch anywhere means "Keep
            # reading" (a touch beside a modal box would be lost), and whoever walks up
            # during the countdown does not see the last patient's page.
            self._cover_screen(dialog)
            dialog.showFullScreen()
            dialog.raise_()
            dialog.activateWindow()

    def _on_keep_reading(self) -> None:
        self.clock.activity()
        self._schedule_tick()

    def _count_input(self, event: QEvent) -> None:
        if isinstance(event, QMouseEvent) and event.type() == _E.MouseMove:
            # Qt synthesises moves when windows appear under a still pointer; only a
            # pointer that really moved is a person.
            where = event.globalPosition()
            if where == self._last_mouse:
                return
            self._last_mouse = where
        self.clock.activity()
        if self._warning is not None and self._warning.isVisible():
            self._idle_timer.start(0)  # close the warning now, not at the next second

    # -- staff exit ------------------------------------------------------------------------

    def _on_staff_exit_accepted(self) -> None:
        self._exiting = True
        self._idle_timer.stop()
        if self._gate is not None:
            self._gate.hide()  # hidden, not rejected: rejecting is the Reader's "Quit"
        QApplication.quit()

    # -- printing --------------------------------------------------------------------------

    @staticmethod
    def _installed_printers() -> list[tuple[str, str]]:
        """Each installed printer's (name, description): on Linux the CUPS queue's name
        ("Front_Desk") and what the system's settings show for it ("Front Desk")."""
        # Imported here: QtPrintSupport is not needed unless the kiosk may print.
        from PySide6.QtPrintSupport import QPrinterInfo

        return [(info.printerName(), info.description()) for info in QPrinterInfo.availablePrinters()]

    def _front_desk_printer(self) -> str | None:
        """The installed printer that ``printer`` names (by name or description), else None,
        said in the journal: each refused print is a question for the clinic's IT person.
        Looked up at each print: a printer turned on later is found."""
        configured = self._config.printer
        if not configured:
            return None
        installed = self._installed_printers()
        found = matching_printer(configured, installed)
        if found is None:
            _log(printer_missing_text(self._config, [name for name, _ in installed]))
        return found

    def _tell(self, text: str) -> None:
        box = self._message
        if box is None:
            box = QMessageBox(self._window)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(PRINT_TITLE)
            box.setAccessibleName(PRINT_TITLE)
            box.setFont(scaled_font(box.font(), 1.3 * self._config.text_scale))
            ok = box.addButton(QMessageBox.StandardButton.Ok)
            ok.setFont(box.font())  # set on the button too: it does not take the box's
            ok.setMinimumSize(
                2 * BIG_BUTTON_PX, max(MIN_TOUCH_PX, round(56 * self._config.text_scale))
            )
            self._message = box
        box.setText(text)
        box.open()

    # -- the event filter ------------------------------------------------------------------

    def _blocks_key(self, watched: QObject, event: QKeyEvent) -> bool:
        combo = (int(event.key()), event.modifiers() & _MODIFIER_MASK)
        if combo in _BLOCKED_COMBOS or any(event.matches(k) for k in _BLOCKED_STANDARD_KEYS):
            return True
        print_allowed = ACTION_PRINT in allowed_actions(self._config)
        if not print_allowed and (combo == _PRINT_COMBO or event.matches(_SK.Print)):
            return True
        # Escape on the gate would be "Quit".
        return (
            event.key() == _K.Key_Escape
            and self._gate is not None
            and isinstance(watched, QWidget)
            and watched.window() is self._gate
        )

    def _refuses_close(self, watched: QObject) -> bool:
        if watched is self._window:
            return True
        gate = self._gate
        if gate is None or watched is not gate:
            return False
        # "I understand" closes the gate too (QDialog.done() sends a close event since Qt
        # 6.3); anything else that closes it (Alt+F4, the window manager) would be "Quit".
        return not (isinstance(gate, QDialog) and gate.result() == QDialog.DialogCode.Accepted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY:
            self._count_input(event)
        if kind == _E.ContextMenu:
            event.accept()
            return True
        if kind in _DRAG:
            event.ignore()
            return True
        if kind == _E.MouseButtonPress and isinstance(event, QMouseEvent):
            self._no_drag_from_selection(watched, event)
        if kind == _E.WindowStateChange and not self._exiting:
            out_of_fullscreen = self._out_of_fullscreen(watched)
            if out_of_fullscreen is not None:
                # A window manager's shortcut minimised it or took it out of full screen:
                # put it back, so the desktop never shows.
                QTimer.singleShot(0, out_of_fullscreen.showFullScreen)
        if kind == _E.Close and not self._exiting and self._refuses_close(watched):
            # A QCloseEvent starts accepted: ignore() is what keeps the window open.
            event.ignore()
            return True
        if kind in _KEYS and isinstance(event, QKeyEvent):
            staff = (
                event.key() == _K.Key_Q and (event.modifiers() & _MODIFIER_MASK) == _STAFF_MODIFIERS
            )
            if staff:
                if kind == _E.KeyPress and not event.isAutoRepeat():
                    QTimer.singleShot(0, self.open_staff_exit)
                event.accept()
                return True
            if self._blocks_key(watched, event):
                # Accepting ShortcutOverride keeps any QAction from seeing the key; the
                # KeyPress that follows is swallowed here.
                event.accept()
                return True
        if watched is self.clinic_label:
            self._on_label_event(event)
        return False

    @staticmethod
    def _no_drag_from_selection(watched: QObject, event: QMouseEvent) -> None:
        # A press on selected text and a move start a drag of it, which any program that
        # takes drops could receive (the disclaimer, the article). Letting go of the
        # selection first makes the same gesture select anew, as a press elsewhere does.
        view = watched.parent() if isinstance(watched, QWidget) else None
        if not isinstance(view, QTextEdit) or watched is not view.viewport():
            return
        cursor = view.textCursor()
        if not cursor.hasSelection():
            return
        at = view.cursorForPosition(event.position().toPoint()).position()
        if cursor.selectionStart() <= at <= cursor.selectionEnd():
            cursor.clearSelection()
            view.setTextCursor(cursor)

    def _out_of_fullscreen(self, watched: QObject) -> QWidget | None:
        """The kiosk window or gate, if it is showing and no longer full screen."""
        windows: tuple[QWidget | None, ...] = (self._window, self._gate)
        for window in windows:
            if window is not None and watched is window and (
                window.isMinimized() or (window.isVisible() and not window.isFullScreen())
            ):
                return window
        return None

    def _on_label_event(self, event: QEvent) -> None:
        kind = event.type()
        if kind == _E.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.LeftButton:
                self._long_press.start()
        elif kind in (_E.MouseButtonRelease, _E.Leave, _E.Hide):
            self._long_press.stop()

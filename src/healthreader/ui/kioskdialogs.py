"""Kiosk dialogs: the idle warning ("Are you still reading?") and the PIN-guarded staff exit.

Both are standalone: the idle warning only shows what it is told and reports the reader's
answer; the staff exit takes a ``PinGuard`` and the stored hash, and accepts only on the
right PIN. Both are frameless (no title-bar close button in a kiosk), touch-friendly
(targets at least 44 px) and scale their text by the kiosk's ``text_scale``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QMouseEvent,
    QRegularExpressionValidator,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from healthreader.kiosk.pin import MAX_PIN_DIGITS, PinGuard, PinStatus
from healthreader.ui.announce import announce
from healthreader.ui.theme import BASE_POINT_SIZE

IDLE_TITLE = "Are you still reading?"
KEEP_READING = "Keep reading"
STAFF_EXIT = "Staff exit"

# Apple and WCAG 2.5.5 both ask for 44 px touch targets; a kiosk is used standing up,
# often by people with unsteady hands, so the main button is larger still.
MIN_TOUCH_PX = 44
BIG_BUTTON_PX = 72
# The staff exit's margins, thinner (down to the least) on a screen too short for them.
_MARGIN_PX = 32
_LEAST_MARGIN_PX = 8


def _seconds(n: int) -> str:
    return "1 second" if n == 1 else f"{n} seconds"


def countdown_text(seconds_left: int) -> str:
    """The idle warning's countdown line.

    >>> countdown_text(30)
    'This page will reset in 30 seconds…'
    """
    return f"This page will reset in {_seconds(max(seconds_left, 0))}…"


def wrong_pin_text(tries_left: int) -> str:
    """The staff exit's message after a wrong PIN.

    >>> wrong_pin_text(1)
    'Wrong PIN. 1 try left.'
    """
    return f"Wrong PIN. {tries_left} {'try' if tries_left == 1 else 'tries'} left."


def locked_text(seconds: int) -> str:
    """The staff exit's message while locked.

    >>> locked_text(30)
    'Locked. Try again in 30 seconds.'
    """
    return f"Locked. Try again in {_seconds(seconds)}."


def scaled_font(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``font`` at ``factor`` times the base text size (kiosk text is large), maybe bold."""
    scaled = QFont(font)
    scaled.setPointSizeF(BASE_POINT_SIZE * factor)
    if bold:
        scaled.setBold(True)
    return scaled


class IdleWarningDialog(QDialog):
    """"Are you still reading?" with a live countdown and a big "Keep reading" button.

    Any key, click or touch inside the dialog counts as "Keep reading": it emits
    ``keep_reading`` once and closes. ``set_seconds_left`` updates the countdown (the
    window drives it from its ``IdleClock``). To close it without an answer, for the
    reset, call ``close()``/``reject()``/``hide()``: only the reader's input emits.
    """

    keep_reading = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, seconds_left: int = 30, text_scale: float = 1.0
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setModal(True)
        self.setWindowTitle(IDLE_TITLE)
        self.setAccessibleName(IDLE_TITLE)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        self._heading = QLabel(IDLE_TITLE, self)
        self._heading.setFont(scaled_font(self.font(), 2.0 * text_scale))
        self._heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._heading.setWordWrap(True)  # at a large text_scale it is wider than the screen

        # No accessible name: a screen reader gets the seconds shown.
        self._countdown = QLabel(self)
        self._countdown.setObjectName("countdown")
        self._countdown.setFont(scaled_font(self.font(), 1.5 * text_scale))
        self._countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._countdown.setWordWrap(True)

        self._why = QLabel(
            "For privacy, the next person will not see what you were reading.", self
        )
        self._why.setWordWrap(True)
        self._why.setFont(scaled_font(self.font(), 1.1 * text_scale))
        self._why.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._button = QPushButton(KEEP_READING, self)
        self._button.setAccessibleName(KEEP_READING)
        self._button.setFont(scaled_font(self.font(), 1.6 * text_scale))
        self._button.setMinimumHeight(max(BIG_BUTTON_PX, round(BIG_BUTTON_PX * text_scale)))
        self._button.setMinimumWidth(4 * BIG_BUTTON_PX)
        self._button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(20)
        layout.addWidget(self._heading)
        layout.addWidget(self._countdown)
        layout.addWidget(self._why)
        layout.addWidget(self._button, alignment=Qt.AlignmentFlag.AlignCenter)

        self._answered = False
        self.set_seconds_left(seconds_left)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._button.clicked.connect(self._on_keep_reading)

    def set_seconds_left(self, n: int) -> None:
        """Show how many whole seconds remain before the reset."""
        self._countdown.setText(countdown_text(n))

    def countdown_label(self) -> str:
        """The countdown as the reader sees it."""
        return self._countdown.text()

    def _on_keep_reading(self) -> None:
        if self._answered:  # a key press and the button's click can both arrive
            return
        self._answered = True
        self.keep_reading.emit()
        self.accept()

    # Qt overrides: every key (Escape and Enter included) and every click or touch
    # (touch arrives as synthesised mouse presses) means the reader is there.
    def showEvent(self, event: QShowEvent) -> None:
        self._answered = False
        self._button.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()
        self._on_keep_reading()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self._on_keep_reading()


class StaffExitDialog(QDialog):
    """"Staff exit": asks for the staff PIN and accepts only when it is right.

    Wrong tries and lockouts are counted by the ``PinGuard`` (persisted across restarts);
    the dialog shows "Wrong PIN. N tries left." or "Locked. Try again in N seconds." and,
    while locked, disables the field and OK and counts down, keeping the focus (and Enter,
    which then does nothing) on the dialog. Checking a PIN takes a
    scrypt hash (tens of milliseconds) on the UI thread, which is acceptable for a single
    deliberate tap. An empty field is not a try.
    """

    def __init__(
        self,
        guard: PinGuard,
        encoded_pin: str,
        parent: QWidget | None = None,
        *,
        text_scale: float = 1.0,
    ) -> None:
        super().__init__(parent)
        self._guard = guard
        self._encoded_pin = encoded_pin
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setModal(True)
        self.setWindowTitle(STAFF_EXIT)
        self.setAccessibleName(STAFF_EXIT)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

        heading = QLabel(STAFF_EXIT, self)
        heading.setFont(scaled_font(self.font(), 1.6 * text_scale))
        prompt = QLabel("Enter the staff PIN to leave kiosk mode.", self)
        prompt.setFont(scaled_font(self.font(), 1.1 * text_scale))
        prompt.setWordWrap(True)

        self._field = QLineEdit(self)
        self._field.setAccessibleName("PIN")
        self._field.setEchoMode(QLineEdit.EchoMode.Password)
        self._field.setMaxLength(MAX_PIN_DIGITS)
        self._field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{MAX_PIN_DIGITS}}}"), self)
        )
        # A digit keypad on touch screens, and nothing remembered or suggested.
        self._field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhHiddenText
        )
        # No context menu (it offers paste and "insert Unicode control character") and
        # no drops: the PIN is typed, nothing else.
        self._field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._field.setAcceptDrops(False)
        self._field.setFont(scaled_font(self.font(), 1.6 * text_scale))
        self._field.setMinimumHeight(max(MIN_TOUCH_PX, round(56 * text_scale)))
        prompt.setBuddy(self._field)

        # No accessible name: a screen reader gets the message shown, and is told it
        # (ui/announce.py).
        self._status = QLabel(self)
        self._status.setObjectName("pin-status")
        self._status.setFont(scaled_font(self.font(), 1.2 * text_scale))
        self._status.setWordWrap(True)

        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        for button in self._buttons.buttons():
            button.setMinimumSize(3 * MIN_TOUCH_PX, max(MIN_TOUCH_PX, round(56 * text_scale)))
            button.setFont(scaled_font(self.font(), 1.2 * text_scale))
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setDefault(True)
        self._cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(_MARGIN_PX, _MARGIN_PX, _MARGIN_PX, _MARGIN_PX)
        layout.setSpacing(16)
        layout.addWidget(heading)
        layout.addWidget(prompt)
        layout.addWidget(self._field)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)

        # Only runs while locked, to count the lockout down on screen.
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)

        self._connect_signals()
        self._update_lock()

    def _connect_signals(self) -> None:
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._lock_timer.timeout.connect(self._update_lock)

    def status_text(self) -> str:
        """The message under the field, as the user sees it."""
        return self._status.text()

    def _say(self, message: str) -> None:
        """Put ``message`` under the field, and make the dialog tall enough for it: a long
        one wraps ("Locked. Try again in 30 seconds." at a kiosk's text size), and Qt does
        not grow a window for a label that needs another line, it squeezes the buttons."""
        said = self._status.text()
        # Said when it changes; a lockout once, not each second it counts down.
        if message != said and not (message.startswith("Locked.") and said.startswith("Locked.")):
            announce(self._status, message, assertive=True)
        self._status.setText(message)
        if self.isVisible():  # showing it sizes it to fit
            self._fit_screen(self.width())

    def _fit_screen(self, width: int) -> None:
        """As tall as the layout needs at ``width`` (at most the screen's width), and never
        shorter than it is; at most the screen's height, with thinner margins first.

        Qt makes a new window at most two thirds of the screen tall, then no shorter than
        its layout's minimum, which does not count a wrapped label's second line: at 200 %
        on a 1366x768 screen OK and Cancel were cut at the bottom."""
        layout = self.layout()
        if not isinstance(layout, QVBoxLayout):
            return
        room = (self.parentWidget() or self).screen().availableGeometry()
        width = min(width, room.width())
        margin = _MARGIN_PX
        while True:
            layout.setContentsMargins(margin, margin, margin, margin)
            layout.activate()
            needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                      else layout.totalSizeHint().height())  # fmt: skip
            if needed <= room.height() or margin <= _LEAST_MARGIN_PX:
                break
            margin -= min(margin - _LEAST_MARGIN_PX, needed - room.height())
        height = min(max(needed, self.height() if self.isVisible() else 0), room.height())
        self.resize(width, height)

    def setVisible(self, visible: bool) -> None:
        if visible and not self.isVisible():
            # Before Qt sizes it (two thirds of the screen at most) and centres it.
            self._fit_screen(max(self.sizeHint().width(), self.minimumSizeHint().width()))
        super().setVisible(visible)

    def _update_lock(self) -> None:
        remaining = self._guard.locked_for()
        locked = remaining > 0
        if locked and self._field.isEnabled():
            # The focus stays on the dialog itself: Qt moves it off a field being disabled,
            # to Cancel, where Enter (typed with the PIN by staff who do not look) closed the
            # dialog and its lockout message, and the next PIN went into the search box, on
            # screen. On the dialog, Enter presses the default button, OK, which is disabled.
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        # Nor can Tab take the focus to Cancel and make it the button Enter presses; a tap
        # or Escape still cancels.
        self._cancel.setAutoDefault(not locked)
        self._cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus if locked else Qt.FocusPolicy.StrongFocus)
        self._field.setEnabled(not locked)
        self._ok.setEnabled(not locked)
        if locked:
            self._say(locked_text(math.ceil(remaining)))
            if not self._lock_timer.isActive():
                self._lock_timer.start()
            return
        self._lock_timer.stop()
        if self._status.text().startswith("Locked."):
            self._say("")
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """Close as accepted only on the right PIN; otherwise say why and stay open."""
        pin = self._field.text()
        if not pin:
            # Not a try: an accidental tap on OK must not cost the staff a try.
            self._say("Enter the PIN.")
            return
        result = self._guard.try_pin(pin, self._encoded_pin)
        # The typed PIN never stays in the field, right or wrong.
        self._field.setText("")
        if result.status is PinStatus.OK:
            self._lock_timer.stop()
            super().accept()
            return
        if result.status is PinStatus.WRONG:
            self._say(wrong_pin_text(result.tries_left))
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._update_lock()

    def reject(self) -> None:
        self._field.setText("")
        self._lock_timer.stop()
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:
        self._update_lock()
        if self._field.isEnabled():
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # see _update_lock
        super().showEvent(event)

"""Tests for ui/kioskdialogs.py: the idle warning and the staff exit, as a user meets them."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from healthreader.kiosk.pin import PinGuard
from healthreader.ui.kioskdialogs import IdleWarningDialog, StaffExitDialog
from helpers import STAFF_PIN as PIN
from helpers import WRONG_PIN as WRONG
from helpers import FakeClock

# Before the QApplication exists (pytest-qt makes it on first use); a CI may set it already.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

@pytest.fixture
def idle(qtbot: QtBot) -> IdleWarningDialog:
    dialog = IdleWarningDialog(seconds_left=30)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def guard(clock: FakeClock) -> PinGuard:
    return PinGuard(None, clock)


@pytest.fixture
def staff(qtbot: QtBot, guard: PinGuard, exit_pin: str) -> StaffExitDialog:
    dialog = StaffExitDialog(guard, exit_pin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def find_button(dialog: QDialog, name: str) -> QPushButton:
    for button in dialog.findChildren(QPushButton):
        if button.accessibleName() == name or button.text().replace("&", "") == name:
            return button
    raise AssertionError(f"no button {name!r}")


def pin_field(dialog: StaffExitDialog) -> QLineEdit:
    (field,) = [f for f in dialog.findChildren(QLineEdit) if f.accessibleName() == "PIN"]
    return field


def status(dialog: StaffExitDialog) -> str:
    (label,) = dialog.findChildren(QLabel, "pin-status")
    return label.text()


def enter(qtbot: QtBot, dialog: StaffExitDialog, pin: str) -> None:
    field = pin_field(dialog)
    qtbot.keyClicks(field, pin)
    qtbot.mouseClick(find_button(dialog, "OK"), Qt.MouseButton.LeftButton)


# -- idle warning ------------------------------------------------------------------------------


def test_idle_warning_names_and_countdown(idle: IdleWarningDialog) -> None:
    assert idle.accessibleName() == "Are you still reading?"
    assert idle.windowTitle() == "Are you still reading?"
    texts = [label.text() for label in idle.findChildren(QLabel)]
    assert "Are you still reading?" in texts
    assert "This page will reset in 30 seconds…" in texts


def test_the_countdown_follows_set_seconds_left(idle: IdleWarningDialog) -> None:
    idle.set_seconds_left(12)
    assert idle.countdown_label() == "This page will reset in 12 seconds…"
    idle.set_seconds_left(1)
    assert idle.countdown_label() == "This page will reset in 1 second…"


def test_keep_reading_is_big_and_emits(qtbot: QtBot, idle: IdleWarningDialog) -> None:
    button = find_button(idle, "Keep reading")
    assert button.height() >= 44
    with qtbot.waitSignal(idle.keep_reading):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert idle.result() == QDialog.DialogCode.Accepted
    assert not idle.isVisible()


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_A, Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Space]
)
def test_any_key_means_keep_reading(qtbot: QtBot, idle: IdleWarningDialog, key: Qt.Key) -> None:
    with qtbot.waitSignal(idle.keep_reading):
        qtbot.keyClick(idle.focusWidget() or idle, key)
    assert not idle.isVisible()


def test_a_tap_anywhere_means_keep_reading(qtbot: QtBot, idle: IdleWarningDialog) -> None:
    with qtbot.waitSignal(idle.keep_reading):
        qtbot.mouseClick(idle, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_keep_reading_emits_once_per_showing(qtbot: QtBot, idle: IdleWarningDialog) -> None:
    seen: list[None] = []
    idle.keep_reading.connect(lambda: seen.append(None))
    qtbot.mouseClick(find_button(idle, "Keep reading"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(idle, Qt.Key.Key_A)
    assert len(seen) == 1
    idle.show()
    qtbot.keyClick(idle, Qt.Key.Key_A)
    assert len(seen) == 2


def test_closing_it_for_the_reset_is_not_an_answer(
    qtbot: QtBot, idle: IdleWarningDialog
) -> None:
    with qtbot.assertNotEmitted(idle.keep_reading):
        idle.close()
    assert not idle.isVisible()


def shown_whole(label: QLabel) -> bool:
    """Whether the label's text fits its box as the label draws it (wrapped or on one line)."""
    box = label.contentsRect()
    if not label.wordWrap():
        return label.fontMetrics().horizontalAdvance(label.text()) <= box.width()
    flags = Qt.TextFlag.TextWordWrap | label.alignment()
    needed = label.fontMetrics().boundingRect(box, flags, label.text())
    return needed.width() <= box.width() and needed.height() <= box.height()


@pytest.mark.parametrize("scale", [0.5, 1.25, 2.0, 3.0])
def test_the_idle_warning_fits_the_screen_at_any_text_scale(qtbot: QtBot, scale: float) -> None:
    """Over the whole screen, as the kiosk shows it: the countdown is the line a patient
    needs. (test_kiosk_xvfb.py checks it full screen on a real X server.)"""
    dialog = IdleWarningDialog(seconds_left=30, text_scale=scale)
    qtbot.addWidget(dialog)
    screen = QRect(0, 0, 1280, 800)  # the tester's kiosk screen (offscreen is 800 x 800)
    dialog.setGeometry(screen)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.minimumSizeHint().width() <= screen.width()
    labels = dialog.findChildren(QLabel)
    assert len(labels) == 3
    for label in labels:
        assert label.width() <= screen.width(), label.text()
        assert dialog.rect().contains(label.geometry()), label.text()
        assert shown_whole(label), label.text()
    [countdown] = [label for label in labels if label.objectName() == "countdown"]
    assert countdown.text() == "This page will reset in 30 seconds…"


# -- staff exit --------------------------------------------------------------------------------


def test_staff_exit_is_a_locked_down_pin_prompt(staff: StaffExitDialog) -> None:
    assert staff.accessibleName() == "Staff exit"
    field = pin_field(staff)
    assert field.echoMode() == QLineEdit.EchoMode.Password
    assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not field.acceptDrops()
    assert field.height() >= 44
    for name in ("OK", "Cancel"):
        assert find_button(staff, name).height() >= 44


def test_the_pin_field_takes_digits_only(qtbot: QtBot, staff: StaffExitDialog) -> None:
    qtbot.keyClicks(pin_field(staff), "27a0 4-19x")
    assert pin_field(staff).text() == "270419"


def test_a_wrong_pin_says_how_many_tries_are_left(
    qtbot: QtBot, staff: StaffExitDialog
) -> None:
    enter(qtbot, staff, WRONG)
    assert status(staff) == "Wrong PIN. 4 tries left."
    assert staff.isVisible()
    assert pin_field(staff).text() == ""
    for _ in range(3):
        enter(qtbot, staff, WRONG)
    assert staff.status_text() == "Wrong PIN. 1 try left."


def test_a_screen_reader_hears_the_pin_messages_and_the_countdown(
    qtbot: QtBot, staff: StaffExitDialog, clock: FakeClock, screen_reader: list[str]
) -> None:
    from helpers import spoken

    (label,) = staff.findChildren(QLabel, "pin-status")
    qtbot.keyClicks(pin_field(staff), WRONG)
    qtbot.keyClick(pin_field(staff), Qt.Key.Key_Return)

    assert spoken(label) == "Wrong PIN. 4 tries left."
    assert screen_reader == ["Wrong PIN. 4 tries left."]
    for _ in range(4):
        qtbot.keyClicks(pin_field(staff), WRONG)
        qtbot.keyClick(pin_field(staff), Qt.Key.Key_Return)
    assert spoken(label) == "Locked. Try again in 30 seconds."
    assert screen_reader[-1] == "Locked. Try again in 30 seconds."
    heard = len(screen_reader)
    clock.t += 20  # the lockout counts down on screen, and is not said again each second
    qtbot.waitUntil(lambda: status(staff) == "Locked. Try again in 10 seconds.")
    assert spoken(label) == "Locked. Try again in 10 seconds."
    assert len(screen_reader) == heard

    idle = IdleWarningDialog(seconds_left=30)
    qtbot.addWidget(idle)
    idle.set_seconds_left(12)
    countdown = [x for x in idle.findChildren(QLabel) if "reset" in x.text()]
    assert [spoken(x) for x in countdown] == ["This page will reset in 12 seconds…"]


def test_the_right_pin_accepts(qtbot: QtBot, staff: StaffExitDialog) -> None:
    enter(qtbot, staff, WRONG)
    with qtbot.waitSignal(staff.accepted):
        qtbot.keyClicks(pin_field(staff), PIN)
        qtbot.keyClick(pin_field(staff), Qt.Key.Key_Return)
    assert staff.result() == QDialog.DialogCode.Accepted


def test_an_empty_pin_is_not_a_try(
    qtbot: QtBot, staff: StaffExitDialog, guard: PinGuard
) -> None:
    qtbot.mouseClick(find_button(staff, "OK"), Qt.MouseButton.LeftButton)
    assert status(staff) == "Enter the PIN."
    assert guard.tries_left() == 5
    assert staff.isVisible()


def test_five_wrong_tries_lock_and_the_lock_counts_down(
    qtbot: QtBot, staff: StaffExitDialog, clock: FakeClock
) -> None:
    for _ in range(5):
        enter(qtbot, staff, WRONG)
    assert status(staff) == "Locked. Try again in 30 seconds."
    assert not pin_field(staff).isEnabled()
    assert not find_button(staff, "OK").isEnabled()
    assert staff.isVisible()

    clock.t += 20
    qtbot.waitUntil(lambda: status(staff) == "Locked. Try again in 10 seconds.")
    clock.t += 10
    qtbot.waitUntil(lambda: pin_field(staff).isEnabled())
    assert find_button(staff, "OK").isEnabled()
    assert status(staff) == ""
    with qtbot.waitSignal(staff.accepted):
        enter(qtbot, staff, PIN)


def type_keys(qtbot: QtBot, dialog: QDialog, keys: str) -> None:
    """Typed as on a keyboard: to the window, which hands each key to its focused widget."""
    window = dialog.windowHandle()
    for key in keys:
        qtbot.keyClick(window, key)


@pytest.mark.parametrize("enter_key", [Qt.Key.Key_Return, Qt.Key.Key_Enter], ids=["Return", "Enter"])
def test_enter_during_a_lockout_does_nothing_and_the_message_stays(
    qtbot: QtBot, staff: StaffExitDialog, enter_key: Qt.Key
) -> None:
    """Staff who type the PIN and Enter without looking: Enter went to Cancel (the focus
    moved there from the disabled field), which closed the dialog and its message."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is staff)  # keys go to it
    for _ in range(5):
        type_keys(qtbot, staff, WRONG)
        qtbot.keyClick(staff.windowHandle(), Qt.Key.Key_Return)
    assert status(staff) == "Locked. Try again in 30 seconds."

    type_keys(qtbot, staff, PIN)
    qtbot.keyClick(staff.windowHandle(), enter_key)
    assert staff.isVisible()
    assert status(staff) == "Locked. Try again in 30 seconds."
    # Tab does not make Cancel the button Enter presses either.
    qtbot.keyClick(staff.windowHandle(), Qt.Key.Key_Tab)
    qtbot.keyClick(staff.windowHandle(), enter_key)
    assert staff.isVisible()
    assert QApplication.focusWidget() is staff
    # Escape, or a tap on Cancel, still closes it.
    with qtbot.waitSignal(staff.rejected):
        qtbot.keyClick(staff.windowHandle(), Qt.Key.Key_Escape)


def test_after_the_lockout_the_pin_field_has_the_focus_again(
    qtbot: QtBot, staff: StaffExitDialog, clock: FakeClock
) -> None:
    for _ in range(5):
        enter(qtbot, staff, WRONG)
    clock.t += 30
    qtbot.waitUntil(lambda: pin_field(staff).isEnabled())
    assert staff.focusWidget() is pin_field(staff)
    assert find_button(staff, "Cancel").autoDefault()  # Enter on a focused Cancel cancels again
    with qtbot.waitSignal(staff.accepted):
        type_keys(qtbot, staff, PIN)
        qtbot.keyClick(staff.windowHandle(), Qt.Key.Key_Return)


def test_a_lockout_from_before_shows_at_once(
    qtbot: QtBot, clock: FakeClock, exit_pin: str
) -> None:
    guard = PinGuard(None, clock)
    for _ in range(5):
        guard.try_pin(WRONG, exit_pin)
    clock.t += 29
    dialog = StaffExitDialog(guard, exit_pin)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.status_text() == "Locked. Try again in 1 second."
    assert not pin_field(dialog).isEnabled()


def test_a_lockout_message_on_two_lines_leaves_the_buttons_whole(
    qtbot: QtBot, guard: PinGuard, exit_pin: str
) -> None:
    dialog = StaffExitDialog(guard, exit_pin, text_scale=1.25)  # a kiosk's text size
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    for _ in range(5):
        enter(qtbot, dialog, WRONG)

    (label,) = dialog.findChildren(QLabel, "pin-status")
    assert label.text() == "Locked. Try again in 30 seconds."
    needed = label.heightForWidth(label.width())
    assert needed >= 2 * label.fontMetrics().lineSpacing()  # it wraps
    assert label.height() >= needed
    # Nothing cut off: each is drawn whole, inside the dialog.
    for widget in (label, find_button(dialog, "OK"), find_button(dialog, "Cancel")):
        assert widget.visibleRegion().boundingRect() == widget.rect(), widget.text()
        assert widget.height() >= widget.minimumHeight()


@pytest.mark.parametrize("scale", [1.25, 2.0, 3.0])
def test_the_staff_exit_opens_as_tall_as_it_needs_within_the_screen(
    qtbot: QtBot, guard: PinGuard, exit_pin: str, scale: float
) -> None:
    """Qt opens a window at most two thirds of the screen tall: at 200 % on a 1366x768
    screen (the offscreen screen is 800 px tall: text_scale 2 stands for it) OK and Cancel
    were cut at the bottom. At 3 the layout needs more than the screen: it fits still."""
    dialog = StaffExitDialog(guard, exit_pin, text_scale=scale)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    shown = [*dialog.findChildren(QLabel), pin_field(dialog), find_button(dialog, "OK"),
             find_button(dialog, "Cancel")]  # fmt: skip
    for widget in shown:
        assert widget.visibleRegion().boundingRect() == widget.rect(), widget.accessibleName()
        assert widget.height() >= widget.minimumHeight()
    (prompt,) = [label for label in dialog.findChildren(QLabel) if label.text().startswith("Enter")]
    assert shown_whole(prompt)


def test_cancel_rejects_and_forgets_the_typed_digits(
    qtbot: QtBot, staff: StaffExitDialog
) -> None:
    qtbot.keyClicks(pin_field(staff), "2704")
    with qtbot.waitSignal(staff.rejected):
        qtbot.mouseClick(find_button(staff, "Cancel"), Qt.MouseButton.LeftButton)
    assert pin_field(staff).text() == ""
    assert staff.result() == QDialog.DialogCode.Rejected


def test_the_buttons_are_the_standard_pair(staff: StaffExitDialog) -> None:
    (box,) = staff.findChildren(QDialogButtonBox)
    assert box.standardButtons() == (
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )


def test_module_examples_hold() -> None:
    import doctest

    from healthreader.ui import kioskdialogs

    failures, tried = doctest.testmod(kioskdialogs)
    assert tried > 0 and failures == 0

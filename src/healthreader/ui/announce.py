"""Messages a screen reader speaks when they appear: a status line that changed.

The labels that show them ("Showing results for …", "No article about …", a glossary
definition) have no accessible name of their own: Qt then gives a screen reader the text
shown (rich text as plain words), always the current one. A fixed name ("Search status")
would hide it. But a label is not focused, so a change to it would go unheard: ``announce``
asks the screen reader to say it::

    self.status.setText(message)
    announce(self.status, message)

A message that follows typing (results as you type, a filter that matches nothing) waits
until the typing pauses, and only the latest is said: ``AfterTyping``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Have assistive technology speak ``message`` (plain text) about ``widget``: after what
    it is saying, or at once if ``assertive``. Nothing when none is running, or no message."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # Qt 6.8

    if not message.strip() or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


# How long typing must pause before what it changed is said: a message for each key
# (a no-match sentence per letter) would be queued and spoken one after another, long after
# the reader stopped typing, over the screen reader's own echo of the keys.
PAUSE_MS = 600


class AfterTyping:
    """Announces once typing pauses: only the latest message, PAUSE_MS after the last
    ``say``; nothing if ``cancel`` came after it (the text was cleared). What is shown on
    screen is not held back: only the spoken message waits. About ``widget`` (which owns
    the timer), or the one given with the message."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget
        self._about = widget
        self._message = ""
        self._timer: QTimer | None = None  # made at the first message, not at start-up

    def say(self, message: str, about: QWidget | None = None) -> None:
        self._message = message
        self._about = about if about is not None else self._widget
        if not message.strip():
            self.cancel()
            return
        if self._timer is None:
            from PySide6.QtCore import QTimer

            self._timer = QTimer(self._widget)
            self._timer.setSingleShot(True)
            self._timer.setInterval(PAUSE_MS)
            self._timer.timeout.connect(self._speak)
        self._timer.start()  # again: the pause starts at this key

    def cancel(self) -> None:
        self._message = ""
        if self._timer is not None:
            self._timer.stop()

    def waiting(self) -> bool:
        """Whether a message waits for the pause."""
        return self._timer is not None and self._timer.isActive()

    def _speak(self) -> None:
        message, self._message = self._message, ""
        announce(self._about, message)

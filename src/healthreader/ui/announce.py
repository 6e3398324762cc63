"""Messages a screen reader speaks when they appear: a status line that changed.

The labels that show them ("Showing results for …", "No article about …", a glossary
definition) have no accessible name of their own: Qt then gives a screen reader the text
shown (rich text as plain words), always the current one. A fixed name ("Search status")
would hide it. But a label is not focused, so a change to it would go unheard: ``announce``
asks the screen reader to say it::

    self.status.setText(message)
    announce(self.status, message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

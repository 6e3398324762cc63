"""The "Medical disclaimer" dialog, shown before any article text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from healthreader.ui.focusframe import FocusFrame

if TYPE_CHECKING:
    from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent

# A line of about this many characters: easy to read, and not a wide empty box.
MEASURE_CHARS = 60
# Room kept on the screen for a window's frame and title bar (known only once shown).
_FRAME_PX = 16
_TITLE_BAR_PX = 48


class _DisclaimerText(FocusFrame, QTextBrowser):
    """The text, with the article's focus frame while the keyboard is in it: the dialog
    opens with the focus here, and Fusion draws nothing to show it (the default button's
    frame looked like the focus)."""

    _painted = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._painted:
            super().focusInEvent(event)
            return
        # The focus the dialog gives as it opens, before its first paint: never a click,
        # and not asked which (its reason is a Qt enum: see ui/roles.py). The first paint
        # draws the frame.
        QTextBrowser.focusInEvent(self, event)
        self._frame_shown = True

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._painted:
            super().paintEvent(event)
            return
        # The first paint without the frame: drawing it hands Qt enums to Python (see
        # ui/roles.py). It is drawn at once after the first paint.
        self._painted = True
        QTextBrowser.paintEvent(self, event)
        if self._frame_shown:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.update)


class DisclaimerDialog(QDialog):
    """Asks the reader to accept the disclaimer ("I understand") or to leave ("Quit").

    With ``review=True`` (Help menu) it only shows the text, with a Close button.
    """

    def __init__(self, markdown_text: str, review: bool = False, parent: QWidget | None = None,
                 point_size: float | None = None) -> None:  # fmt: skip
        """``point_size``: the text's, the article's reading size (None: the system's)."""
        super().__init__(parent)
        self.setWindowTitle("Medical disclaimer")
        self.setAccessibleName("Medical disclaimer")
        self.setModal(True)
        self.text = _DisclaimerText(self)
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName("Disclaimer text")
        # Qt's own Markdown reader: the disclaimer is ours, and this keeps python-markdown
        # out of start-up.
        if point_size is not None:
            # Before the text: a font set later resets the document's.
            font = QFont(self.text.font())
            font.setPointSizeF(point_size)
            self.text.setFont(font)
        self.text.setMarkdown(markdown_text)
        # A few lines at least; on a small screen at large text the rest scrolls.
        self.text.setMinimumHeight(4 * self.text.fontMetrics().lineSpacing())
        # No parent argument: with one, PySide6 checks whether it is a Qt.Orientation and
        # builds the Qt namespace (ui/roles.py); the layout below parents it.
        buttons = QDialogButtonBox()
        if review:
            close = buttons.addButton("Close", QDialogButtonBox.ButtonRole.AcceptRole)
            close.setDefault(True)
        else:
            self.accept_button = QPushButton("I understand", self)
            self.accept_button.setAccessibleName("I understand")
            self.quit_button = QPushButton("Quit", self)
            self.quit_button.setAccessibleName("Quit")
            buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
            # Not "auto default": a focused button would become the default and stay it when
            # the keyboard went back to the text, so Enter there, after Tab had passed over
            # Quit, quit. Enter presses "I understand" unless Quit itself has the focus
            # (keyPressEvent).
            self.accept_button.setAutoDefault(False)
            self.quit_button.setAutoDefault(False)
            self.accept_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.fit_text()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt  # not at start-up: see ui/roles.py

        quit_button = getattr(self, "quit_button", None)
        if (quit_button is not None and quit_button.hasFocus()
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):  # fmt: skip
            quit_button.click()  # not auto default, so Qt would press "I understand"
            return
        super().keyPressEvent(event)

    def fit_text(self) -> None:
        """As wide as a comfortable line of the text (MEASURE_CHARS) and as high as the text
        at that width, within the screen's free area: the text scrolls when it is longer,
        the buttons stay in view."""
        room = (self.parentWidget() or self).screen().availableGeometry()
        metrics = self.text.fontMetrics()
        frame = 2 * self.text.frameWidth() + self.text.verticalScrollBar().sizeHint().width()
        layout = self._layout
        margins = layout.contentsMargins()
        around = margins.left() + margins.right() + frame
        width = min(MEASURE_CHARS * metrics.averageCharWidth() + around, room.width() - _FRAME_PX)
        document = self.text.document().clone(self)
        document.setTextWidth(width - around)
        text_height = round(document.size().height()) + 2 * self.text.frameWidth()
        document.deleteLater()
        others = layout.sizeHint().height() - self.text.sizeHint().height()
        height = min(text_height + others, room.height() - _TITLE_BAR_PX)
        self.resize(max(width, self.minimumSizeHint().width()),
                    max(height, self.minimumSizeHint().height()))  # fmt: skip

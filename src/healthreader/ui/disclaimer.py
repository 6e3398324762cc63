"""The "Medical disclaimer" dialog, shown before any article text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class DisclaimerDialog(QDialog):
    """Asks the reader to accept the disclaimer ("I understand") or to leave ("Quit").

    With ``review=True`` (Help menu) it only shows the text, with a Close button.
    """

    def __init__(self, markdown_text: str, review: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Medical disclaimer")
        self.setAccessibleName("Medical disclaimer")
        self.setModal(True)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName("Disclaimer text")
        # Qt's own Markdown reader: the disclaimer is ours, and this keeps python-markdown
        # out of start-up.
        self.text.setMarkdown(markdown_text)
        self.text.setMinimumHeight(220)
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
            self.accept_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 420)

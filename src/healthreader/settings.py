"""User settings in QSettings (INI at ``--settings FILE``, else the platform location).

QtCore only, no widgets. Every value is parsed explicitly: PySide6's ``value(type=bool)``
says True for "0", "no" and "garbage" (DESIGN.md), and anything unreadable, missing or odd
means "not accepted" for the disclaimer.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QCryptographicHash, QSettings

from healthreader.content.model import is_article_id

ZOOM_MIN, ZOOM_MAX = -3, 8
_HASH_RE = re.compile(r"[0-9a-f]{64}\Z")


def disclaimer_version(text: str) -> str:
    """The SHA-256 of the disclaimer text, stored when it is accepted.

    Qt's hash, not hashlib's: loading OpenSSL for one hash would cost start-up 2 ms.
    """
    digest = QCryptographicHash.hash(QByteArray(text.encode("utf-8")), QCryptographicHash.Algorithm.Sha256)
    return bytes(digest.toHex().data()).decode("ascii")


class Settings:
    """Typed, defensive access to the few values Health Reader keeps."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, "HealthReader", "healthreader"
            )

    @property
    def readable(self) -> bool:
        return self._qs.status() == QSettings.Status.NoError

    def save_problem(self) -> str | None:
        """Why nothing can be saved (a folder or a read-only file given), or None."""
        if self._qs.isWritable() and self._qs.status() != QSettings.Status.AccessError:
            return None
        return (f"settings cannot be saved to {self._qs.fileName()}: the disclaimer will be "
                "asked for again next time, and text size and window size are not kept")

    def _text(self, key: str) -> str | None:
        if not self.readable:
            return None
        value = self._qs.value(key)
        return value if isinstance(value, str) else None

    def disclaimer_accepted(self, version: str) -> bool:
        stored = self._text("disclaimer/accepted_version")
        return stored is not None and bool(_HASH_RE.match(stored)) and stored == version

    def accept_disclaimer(self, version: str) -> None:
        self._qs.setValue("disclaimer/accepted_version", version)
        self._qs.sync()

    def forget_disclaimer(self) -> None:
        self._qs.remove("disclaimer/accepted_version")
        self._qs.sync()

    @property
    def zoom_steps(self) -> int:
        text = self._text("view/zoom_steps")
        if text is None or not re.fullmatch(r"-?\d{1,2}", text.strip()):
            return 0
        return max(ZOOM_MIN, min(ZOOM_MAX, int(text)))

    @zoom_steps.setter
    def zoom_steps(self, steps: int) -> None:
        self._qs.setValue("view/zoom_steps", str(max(ZOOM_MIN, min(ZOOM_MAX, steps))))

    @property
    def last_article(self) -> str | None:
        text = self._text("view/last_article")
        return text if is_article_id(text) else None

    @last_article.setter
    def last_article(self, article_id: str | None) -> None:
        if article_id is None:
            self._qs.remove("view/last_article")
        else:
            self._qs.setValue("view/last_article", article_id)

    @property
    def window_geometry(self) -> QByteArray | None:
        if not self.readable:
            return None
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, geometry: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)

    @property
    def sidebar_width(self) -> int | None:
        """The width in px the reader dragged the sidebar's pane to; None: never, or junk."""
        text = self._text("window/sidebar_width")
        if text is None or not re.fullmatch(r"\d{1,5}", text.strip()):
            return None
        return int(text) or None

    @sidebar_width.setter
    def sidebar_width(self, width: int | None) -> None:
        if width is None or width <= 0:
            self._qs.remove("window/sidebar_width")
        else:
            self._qs.setValue("window/sidebar_width", str(width))

    @property
    def clinic_name(self) -> str | None:
        text = self._text("print/clinic_name")
        return text.strip() if text and text.strip() else None

    def sync(self) -> None:
        self._qs.sync()

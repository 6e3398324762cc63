"""User settings in QSettings (INI at ``--settings FILE``, else the platform location).

QtCore only, no widgets. Every value is parsed explicitly: PySide6's ``value(type=bool)``
says True for "0", "no" and "garbage" (DESIGN.md), and anything unreadable, missing or odd
means "not accepted" for the disclaimer.
"""

from __future__ import annotations

import re
import stat
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
    """Typed, defensive access to the few values Health Reader keeps.

    The file is read once, at start, and what it held is kept for the session: a save
    that fails (a full disk, a file made read-only) does not make the session forget it.
    A file with a line QSettings cannot parse is damaged: the disclaimer is asked for
    again, and the other values it could read are used. A path that is not a file
    (``/dev/null``, a pipe, a socket) is never opened: nothing is read from it or saved to
    it, which is what ``--settings /dev/null`` asks for.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._qs: QSettings | None = None
        self._memory: dict[str, object] = {}  # in place of a path that is not a file
        self._written: set[str] = set()  # keys set or removed this session
        self._name = str(path) if path is not None else ""
        self._damaged = False
        if path is not None and _not_a_file(path):
            self._read = False
        else:
            if path is not None:
                self._qs = QSettings(str(path), QSettings.Format.IniFormat)
            else:
                self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                     "HealthReader", "healthreader")  # fmt: skip
            self._name = self._qs.fileName()
            # Every section parsed now (QSettings parses one when a key of it is first
            # asked for), and the status kept: QSettings updates it at every sync().
            self._qs.allKeys()
            status = self._qs.status()
            self._read = status != QSettings.Status.AccessError
            # A line QSettings cannot parse (binary junk, a file cut short): the values it
            # could read are used, but the file is damaged, so the disclaimer is asked again.
            self._damaged = status == QSettings.Status.FormatError
        self.notes: list[str] = []  # what the file holds that was read with a guess, one line each
        if self._read and self._qs is not None:
            # The file given, or the platform's usual one (where most readers' settings are).
            found = _as_written(Path(self._name), "print", "clinic_name")
            if found is not None:
                line, name, windows = found
                # Read whole; saved back as QSettings writes it (quoted, UTF-8), not cut short.
                self._set("print/clinic_name", name)
                if windows:
                    self.notes.append(f"{self._name}:{line}: clinic_name is not saved as UTF-8: it is "
                                      f"read as Windows text, {name!r}, and saved back as UTF-8")  # fmt: skip
            if self._text("print/clinic_name") is None:
                # Section and key names are read as written: "[Print]" was ignored unsaid.
                written = [key for key in self._qs.allKeys() if key.casefold() == "print/clinic_name"]
                if written:
                    section, key = written[0].split("/", 1)
                    self.notes.append(f"{self._name}: [{section}] {key} is not read: write it in lower case, "
                                      "as [print] clinic_name")  # fmt: skip
        self._accepted_at_start = self._accepted_text()

    @property
    def readable(self) -> bool:
        """Whether the file was read at start (a missing one is: it is empty)."""
        return self._read

    def save_problem(self, version: str | None = None) -> str | None:
        """Why nothing can be saved (a folder, a read-only file or one that is not a file
        given, or a save that failed), or None. ``version``: the disclaimer's, to say
        whether an acceptance already in the file still counts."""
        if self._qs is None:
            return (f"settings cannot be read from or saved to {self._name}: it is not a file "
                    "(a device, a pipe or a socket), so the disclaimer will be asked for again "
                    "next time, and text size and window size are not kept")  # fmt: skip
        if self._qs.isWritable() and self._qs.status() != QSettings.Status.AccessError:
            return None
        if version is not None and self._accepted_at_start == version and _HASH_RE.match(version):
            return (f"settings cannot be saved to {self._name}: the disclaimer stays accepted, as "
                    "it is saved there already, but changes to text size and window size are "
                    "not kept")  # fmt: skip
        return (f"settings cannot be saved to {self._name}: the disclaimer will be "
                "asked for again next time, and text size and window size are not kept")

    def _value(self, key: str) -> object:
        if key not in self._written and not self._read:
            return None
        if self._qs is None:
            return self._memory.get(key)
        return self._qs.value(key)

    def _set(self, key: str, value: object) -> None:
        self._written.add(key)
        if self._qs is None:
            self._memory[key] = value
        else:
            self._qs.setValue(key, value)

    def _remove(self, key: str) -> None:
        self._written.add(key)
        if self._qs is None:
            self._memory.pop(key, None)
        else:
            self._qs.remove(key)

    def _text(self, key: str) -> str | None:
        value = self._value(key)
        return value if isinstance(value, str) else None

    def _accepted_text(self) -> str | None:
        key = "disclaimer/accepted_version"
        return None if self._damaged and key not in self._written else self._text(key)

    def disclaimer_accepted(self, version: str) -> bool:
        stored = self._accepted_text()
        return stored is not None and bool(_HASH_RE.match(stored)) and stored == version

    def accept_disclaimer(self, version: str) -> None:
        self._set("disclaimer/accepted_version", version)
        self.sync()

    def forget_disclaimer(self) -> None:
        self._remove("disclaimer/accepted_version")
        self.sync()

    @property
    def zoom_steps(self) -> int:
        text = self._text("view/zoom_steps")
        if text is None or not re.fullmatch(r"-?\d{1,2}", text.strip()):
            return 0
        return max(ZOOM_MIN, min(ZOOM_MAX, int(text)))

    @zoom_steps.setter
    def zoom_steps(self, steps: int) -> None:
        self._set("view/zoom_steps", str(max(ZOOM_MIN, min(ZOOM_MAX, steps))))

    @property
    def last_article(self) -> str | None:
        text = self._text("view/last_article")
        return text if is_article_id(text) else None

    @last_article.setter
    def last_article(self, article_id: str | None) -> None:
        if article_id is None:
            self._remove("view/last_article")
        else:
            self._set("view/last_article", article_id)

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, geometry: QByteArray) -> None:
        self._set("window/geometry", geometry)

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
            self._remove("window/sidebar_width")
        else:
            self._set("window/sidebar_width", str(width))

    @property
    def clinic_name(self) -> str | None:
        text = self._text("print/clinic_name")
        return text.strip() if text and text.strip() else None

    def sync(self) -> None:
        if self._qs is not None:
            self._qs.sync()


def _as_written(path: Path, section: str, key: str) -> tuple[int, str, bool] | None:
    """The line and text of ``key`` in ``[section]`` as an editor wrote it, when QSettings
    would read it otherwise; and whether it was read as Windows text. None: QSettings reads
    it as written (a quoted UTF-8 value), or it is not there.

    QSettings reads an unquoted value with a comma as a list ("Smith, Jones Clinic") and
    drops what follows a ";". It reads every value as UTF-8, so a name saved in the Windows
    code page ("ANSI" in older Notepad) loses its accented letters: such a value is decoded
    as Windows-1252.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ini = Path(d, "s.ini")
    ...     _ = ini.write_bytes(b'[print]\\r\\nclinic_name = Cl\\xednica San Jos\\xe9, Suite 4\\r\\n')
    ...     _as_written(ini, "print", "clinic_name")
    (2, 'Clínica San José, Suite 4', True)
    """
    try:
        with path.open("rb") as f:
            data = f.read(1 << 20)
    except OSError:
        return None
    current = ""
    for number, raw in enumerate(data.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(b"[") and line.endswith(b"]"):
            current = line[1:-1].decode("latin-1").strip()
            continue
        name, sep, value = line.partition(b"=")
        if current != section or not sep or name.strip().decode("latin-1") != key:
            continue
        value = value.strip()
        quoted = len(value) >= 2 and value[:1] == value[-1:] == b'"'
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            if quoted:
                value = value[1:-1].replace(b'\\"', b'"').replace(b"\\\\", b"\\")
            return number, value.decode("cp1252", errors="replace"), True
        if quoted or not any(c in text for c in ",;"):
            return None
        return number, text, False
    return None


def _not_a_file(path: Path) -> bool:
    """Whether a settings path names something that is neither a file nor a folder: a
    device (``/dev/null``), a pipe (reading it would wait for ever) or a socket. Saving
    would put a file in its place; as root, in the place of ``/dev/null``."""
    try:
        mode = path.stat().st_mode  # through a link: a link to /dev/null is /dev/null
    except (OSError, ValueError):
        return False  # missing (it is made at the first save) or unreadable: QSettings says
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))

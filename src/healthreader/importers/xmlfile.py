"""An XML file parsed safely: a plain one, or the one inside a .gz or .zip download.

MedlinePlus offers its health-topics file zipped too. A download is known by its first
bytes, not its name, and read as it is unpacked, never unpacked in full first: whatever it
holds past MAX_XML_BYTES stops the import (a zip bomb says it is small and is not).

The XML is parsed with defusedxml: a file that declares entities is refused (entities can
make a small file fill the memory, or read another file).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Protocol

from healthreader.errors import ImportFailed

# The whole English and Spanish file of 2024 is about 30 MB: ample room, and a stop well
# before the memory runs out.
MAX_XML_BYTES = 512 * 1024 * 1024
_GZIP = b"\x1f\x8b"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with files; an empty zip


class _TooLarge(Exception):
    pass


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Capped:
    """A stream that stops with _TooLarge once more than ``limit`` bytes came out of it."""

    def __init__(self, stream: _Readable, limit: int) -> None:
        self._stream = stream
        self._left = limit

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size if 0 <= size <= self._left else self._left + 1)
        self._left -= len(data)
        if self._left < 0:
            raise _TooLarge
        return data


def parse(path: Path) -> ET.Element:
    """The root element of the XML in ``path``; ImportFailed, naming the file, if there is none."""
    import gzip
    import zipfile
    import zlib

    where = str(path)
    too_large = (f"refused: unpacked, it is over {MAX_XML_BYTES // 2**20} MB, far more than a MedlinePlus "
                 "health-topics file (about 30 MB)")  # fmt: skip
    try:
        with path.open("rb") as file:
            start = file.read(4)
            file.seek(0)
            if start[:2] == _GZIP:
                with gzip.GzipFile(fileobj=file, mode="rb") as unpacked:
                    return _parse(where, _Capped(unpacked, MAX_XML_BYTES))
            if start in _ZIP:
                with zipfile.ZipFile(file) as archive:
                    member = _the_xml_file(path, archive)
                    where = f"{path} ({member.filename})"
                    if member.file_size > MAX_XML_BYTES:
                        raise ImportFailed(f"{where}: {too_large}")
                    with archive.open(member) as unpacked:
                        return _parse(where, _Capped(unpacked, MAX_XML_BYTES))
            return _parse(where, file)
    except _TooLarge:
        raise ImportFailed(f"{where}: {too_large}") from None
    except (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile) as exc:
        raise ImportFailed(f"{path}: the compressed file is damaged or cut short ({exc}); "
                           "download it again") from None  # fmt: skip
    except NotImplementedError as exc:  # a zip packed with a method Python cannot unpack
        raise ImportFailed(f"{where}: cannot be unpacked here ({exc}); unzip it, then import "
                           "the .xml file") from None  # fmt: skip
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def _the_xml_file(path: Path, archive: Any) -> Any:
    """The one .xml file in a zip (ZipInfo)."""
    files = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")]
    xml = [m for m in files if m.filename.lower().endswith(".xml")]
    if len(xml) != 1:
        shown = ", ".join(m.filename for m in (xml or files)[:5]) + (", …" if len(xml or files) > 5 else "")
        holds = f"{len(xml)} .xml files ({shown})" if xml else "no .xml file" + (f" ({shown})" if files else "")
        raise ImportFailed(f"{path}: this zip file holds {holds}; unzip it and import the health-topics "
                           ".xml file")  # fmt: skip
    if xml[0].flag_bits & 0x1:
        raise ImportFailed(f"{path}: {xml[0].filename} in this zip file is locked with a password; unzip it first")
    return xml[0]


def _parse(where: str, stream: Any) -> ET.Element:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException, EntitiesForbidden
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=ET.TreeBuilder())
    try:
        root = SafeET.parse(stream, parser=parser).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).rsplit(": line ", 1)[0]  # expat's words, less the place: said first
        raise ImportFailed(f"{where}: not well-formed XML at line {line}, column {column + 1} ({reason})") from None
    except DefusedXmlException as exc:
        expat = getattr(parser, "parser", None)
        at = f" at line {expat.CurrentLineNumber}" if expat is not None else ""
        what = f"an entity, {exc.name!r}," if isinstance(exc, EntitiesForbidden) else "an entity or a DTD"
        raise ImportFailed(f"{where}: refused: the file declares {what}{at}. MedlinePlus files declare "
                           "none, and one can make a small file fill the memory or read another file, "
                           "so this file is not read") from None  # fmt: skip
    if root is None:
        raise ImportFailed(f"{where}: no XML in it")
    return root

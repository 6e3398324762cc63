"""Shared test helpers: small content libraries written into ``tmp_path``.

Qt-free on purpose (tests/unit imports it); the few helpers that need Qt import it lazily.

>>> write_article(folder, "lupus", title="Lupus", related=["hives"])   # doctest: +SKIP
PosixPath('.../lupus.md')
"""

from __future__ import annotations

import datetime
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
FIXTURE_LIBRARY = DATA / "library"
FIXTURE_GLOSSARY = DATA / "glossary.yaml"

DISCLAIMER = (
    "## Before you read\n\nThese articles do not replace advice from your care team.\n\n"
    "**In an emergency, call your local emergency number.**\n"
)
DEFAULT_BODY = "## What is it?\n\nA plain paragraph about this condition.\n"
DEFAULT_SOURCES = ({"publisher": "Test Institute", "title": "A test source"},)

OMIT = object()
"""Pass as a front-matter value to leave that key out (``summary=OMIT``)."""


class _NoAliasDumper(yaml.SafeDumper):
    # The loader refuses anchors; a list object used twice must not become one.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def front_matter(article_id: str | None, **fields: Any) -> str:
    """The YAML between the ``---`` lines: required keys filled in, ``OMIT`` drops one."""
    meta: dict[str, Any] = {}
    if article_id is not None:
        meta["id"] = article_id
    meta["title"] = (article_id or "untitled").replace("-", " ").capitalize()
    meta["summary"] = "A short plain-language summary."
    meta["sources"] = [dict(s) for s in DEFAULT_SOURCES]
    meta["reviewed"] = datetime.date(2025, 1, 15)
    meta.update(fields)
    meta = {k: v for k, v in meta.items() if v is not OMIT}
    return yaml.dump(meta, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)


def article_text(article_id: str | None, body: str = DEFAULT_BODY, **fields: Any) -> str:
    return f"---\n{front_matter(article_id, **fields)}---\n{body}"


def write_article(
    folder: Path,
    article_id: str | None,
    title: str | None = None,
    body: str = DEFAULT_BODY,
    related: Sequence[str] | None = None,
    file_name: str | None = None,
    **fields: Any,
) -> Path:
    """Write ``<folder>/<file_name or id>.md`` with valid front matter; returns its path.

    ``article_id=None`` leaves the ``id`` key out (the file name is the id then).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if title is not None:
        fields["title"] = title
    if related is not None:
        fields["related"] = list(related)
    path = folder / (file_name or f"{article_id}.md")
    path.write_text(article_text(article_id, body, **fields), encoding="utf-8")
    return path


def write_glossary(path: Path, terms: Mapping[str, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(dict(terms), Dumper=_NoAliasDumper, allow_unicode=True), "utf-8")
    return path


def load(folders: Iterable[Path], glossary: Path | None = None, cache: Path | None = None) -> Any:
    """A Library through the catalogue (in memory unless ``cache`` is given)."""
    from healthreader.content.catalogue import Catalogue

    return Catalogue.open(cache).load(list(folders), glossary)


def messages(problems: Iterable[Any], severity: str | None = "error") -> list[str]:
    """Each problem as the user reads it (``path:line: severity: message``)."""
    return [str(p) for p in problems if severity is None or p.severity == severity]


def disclaimer_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def png_image(path: Path, width: int = 7, height: int = 5, rgb: tuple[int, int, int] = (200, 30, 30)) -> Path:
    """A tiny solid-colour PNG, written without any imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path


def run_healthreader(
    args: Sequence[str], env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m healthreader ARGS`` in a subprocess, offscreen, with the test's cache dirs."""
    full_env = dict(os.environ)
    full_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "healthreader", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=REPO,
    )


def run_python(code: str, env: Mapping[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env,
        timeout=timeout, cwd=REPO,
    )  # fmt: skip


def write_accepted_settings(path: Path, disclaimer_text: str) -> Path:
    """An INI whose accepted disclaimer is ``disclaimer_text``, written by ``Settings`` itself.

    Runs in a subprocess so the calling test process never imports Qt.
    """
    code = (
        "import sys; from pathlib import Path\n"
        "from healthreader.settings import Settings, disclaimer_version\n"
        "text = Path(sys.argv[2]).read_text(encoding='utf-8')\n"
        "Settings(Path(sys.argv[1])).accept_disclaimer(disclaimer_version(text))\n"
    )
    text_file = path.with_suffix(".disclaimer.txt")
    text_file.write_text(disclaimer_text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(text_file)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return path

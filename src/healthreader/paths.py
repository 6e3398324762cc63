"""The one place that finds bundled resources and the user's folders.

Works from a source checkout (``<repo>/resources``), an editable install (same), an
installed wheel (``healthreader/resources`` inside the package) and a PyInstaller bundle
(``sys._MEIPASS/healthreader/resources``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

APP_NAME = "healthreader"


def resources_dir() -> Path:
    """The folder holding articles/, glossary.yaml and disclaimer.md."""
    package = Path(__file__).resolve().parent
    candidates = [package / "resources", package.parent.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "healthreader" / "resources")
    for candidate in candidates:
        if (candidate / "disclaimer.md").is_file():
            return candidate
    return candidates[-1]


def bundled_articles_dir() -> Path:
    return resources_dir() / "articles"


def glossary_path() -> Path:
    return resources_dir() / "glossary.yaml"


def lay_terms_path() -> Path:
    """Everyday words -> the words articles use, for search (search/layterms.py)."""
    return resources_dir() / "lay_terms.yaml"


def disclaimer_path(language: str | None = None) -> Path:
    """``disclaimer.md``, or its translation for a language code (``disclaimer.es.md``)."""
    return resources_dir() / (f"disclaimer.{language}.md" if language else "disclaimer.md")


def styles_dir() -> Path:
    return resources_dir() / "styles"


def _user_dir(override: str, mac: str, xdg: str, fallback: str, windows: str) -> Path:
    """A per-user folder: the override variable, else the platform's usual place.

    Windows has one local application folder for both, so each gets its own subfolder:
    deleting the cache must not delete the kiosk's PIN counters.
    """
    value = os.environ.get(override)
    if value:
        return Path(value)
    if sys.platform == "darwin":
        return Path.home() / "Library" / mac / "HealthReader"
    local = os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    if local:
        return Path(local) / "HealthReader" / windows
    root = os.environ.get(xdg)
    return (Path(root) if root else Path.home() / fallback) / APP_NAME


def cache_dir() -> Path:
    """Where the catalogue and search index live; ``HEALTHREADER_CACHE_DIR`` overrides."""
    return _user_dir("HEALTHREADER_CACHE_DIR", "Caches", "XDG_CACHE_HOME", ".cache", "Cache")


def state_dir() -> Path:
    """Where small state files live (kiosk PIN attempt counters); ``HEALTHREADER_STATE_DIR`` overrides."""
    return _user_dir("HEALTHREADER_STATE_DIR", "Application Support", "XDG_STATE_HOME",
                     ".local/state", "State")  # fmt: skip


# How many search caches (one per list of content folders) are kept: the least recently
# used beyond this many are deleted. A reader, a kiosk and a staff member's ``search`` on one
# account use two or three; one is about 15 KB an article (148 MB at 10,000).
KEPT_CONTENT_CACHES = 4


def content_cache_file(base: Path, folders: Sequence[Path]) -> Path:
    """The cache file ``base`` of one list of content folders: ``search.sqlite`` becomes
    ``search-<12 hex digits>.sqlite``, a hash of the folders' resolved paths in order (the
    bundled articles' folder is one of them unless ``--no-bundled``). Two Health Readers
    with other folders then never share one, nor undo each other's updates.

    >>> a = content_cache_file(Path("c/search.sqlite"), [Path("/x"), Path("/y")])
    >>> a.parent.as_posix(), len(a.name), a.name.startswith("search-"), a.suffix
    ('c', 26, True, '.sqlite')
    >>> a == content_cache_file(Path("c/search.sqlite"), [Path("/x"), Path("/y")])
    True
    >>> a == content_cache_file(Path("c/search.sqlite"), [Path("/y"), Path("/x")])
    False
    """
    import hashlib  # only once the search index opens: a warm start imports none of it

    h = hashlib.sha1()
    for folder in folders:
        try:
            real = folder.resolve()
        except (OSError, RuntimeError):
            real = folder.absolute()
        h.update(os.fsencode(real))
        h.update(b"\0")
    return base.with_name(f"{base.stem}-{h.hexdigest()[:12]}{base.suffix}")


def prune_content_caches(used: Path, base: Path, keep: int = KEPT_CONTENT_CACHES) -> None:
    """Mark ``used`` (a ``content_cache_file`` of ``base``) as just used, and delete the
    least recently used of its kind beyond ``keep``, and ``base`` itself (the one file all
    folders shared before). Nothing is said about a file that cannot be deleted: an index
    still open elsewhere goes on reading a deleted file, and Windows refuses to delete it."""
    import re

    with contextlib.suppress(OSError):
        os.utime(used)
    name = re.compile(re.escape(base.stem) + r"-[0-9a-f]{12}" + re.escape(base.suffix))
    found: list[tuple[int, Path]] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(used.parent):
            if entry.name != used.name and name.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    found.append((entry.stat().st_mtime_ns, Path(entry.path)))
    found.sort(reverse=True)
    for _, old in found[keep - 1 :]:
        remove_cache_file(old)
    if base.exists():
        remove_cache_file(base)


def remove_cache_file(path: Path) -> None:
    """Delete a damaged SQLite cache file and the journal files SQLite keeps beside it (a
    journal left behind would be applied to the new file). Nothing is said if one is gone."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()

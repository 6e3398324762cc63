"""The one place that finds bundled resources and the user's folders.

Works from a source checkout (``<repo>/resources``), an editable install (same), an
installed wheel (``healthreader/resources`` inside the package) and a PyInstaller bundle
(``sys._MEIPASS/healthreader/resources``).
"""

from __future__ import annotations

import contextlib
import os
import sys
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


def remove_cache_file(path: Path) -> None:
    """Delete a damaged SQLite cache file and the journal files SQLite keeps beside it (a
    journal left behind would be applied to the new file). Nothing is said if one is gone."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()

"""The one place that finds bundled resources and the user's folders.

Works from a source checkout (``<repo>/resources``), an editable install (same), an
installed wheel (``healthreader/resources`` inside the package) and a PyInstaller bundle
(``sys._MEIPASS/healthreader/resources``).
"""

from __future__ import annotations

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


def disclaimer_path() -> Path:
    return resources_dir() / "disclaimer.md"


def styles_dir() -> Path:
    return resources_dir() / "styles"


def _base(env: str, windows_env: str, fallback: str) -> Path:
    if sys.platform == "win32":
        root = os.environ.get(windows_env)
        if root:
            return Path(root) / "HealthReader"
    value = os.environ.get(env)
    root_path = Path(value) if value else Path.home() / fallback
    return root_path / APP_NAME


def _user_dir(override: str, mac: str, xdg: str, fallback: str) -> Path:
    """A per-user folder: the override variable, else the platform's usual place."""
    value = os.environ.get(override)
    if value:
        return Path(value)
    if sys.platform == "darwin":
        return Path.home() / "Library" / mac / "HealthReader"
    return _base(xdg, "LOCALAPPDATA", fallback)


def cache_dir() -> Path:
    """Where the catalogue and search index live; ``HEALTHREADER_CACHE_DIR`` overrides."""
    return _user_dir("HEALTHREADER_CACHE_DIR", "Caches", "XDG_CACHE_HOME", ".cache")


def state_dir() -> Path:
    """Where small state files live (kiosk PIN attempt counters); ``HEALTHREADER_STATE_DIR`` overrides."""
    return _user_dir("HEALTHREADER_STATE_DIR", "Application Support", "XDG_STATE_HOME", ".local/state")

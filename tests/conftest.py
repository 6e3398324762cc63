"""Shared fixtures: every test runs offscreen with its own cache, state and config folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Set before pytest-qt's session QApplication exists (a function fixture would be too late).
# The Xvfb tests start their own subprocess with QT_QPA_PLATFORM=xcb.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalogue, search index, kiosk state and any stray QSettings go to tmp folders."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("HEALTHREADER_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("HEALTHREADER_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "xdg-state"))


@pytest.fixture
def cache_dir() -> Path:
    """The folder the app uses for its catalogue in this test."""
    return Path(os.environ["HEALTHREADER_CACHE_DIR"])

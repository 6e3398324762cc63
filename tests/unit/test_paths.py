"""paths.py: bundled resources and the user's folders, found in one place."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from healthreader import paths


def test_bundled_resources_are_found_from_the_checkout() -> None:
    assert paths.disclaimer_path().is_file()
    assert paths.glossary_path().is_file()
    assert paths.bundled_articles_dir().is_dir()
    assert any(paths.bundled_articles_dir().glob("*.md"))
    assert paths.disclaimer_path().parent == paths.resources_dir()


def test_a_pyinstaller_bundle_is_looked_in_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resources = tmp_path / "healthreader" / "resources"
    resources.mkdir(parents=True)
    (resources / "disclaimer.md").write_text("Bundled disclaimer.", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert paths.resources_dir() == resources
    assert paths.disclaimer_path().read_text(encoding="utf-8") == "Bundled disclaimer."


def test_a_bundle_without_resources_falls_back_to_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert paths.disclaimer_path().is_file()
    assert not paths.resources_dir().is_relative_to(tmp_path)


def test_the_tests_never_use_the_real_home_folders(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.getbasetemp()

    assert paths.cache_dir().is_relative_to(base)
    assert paths.state_dir().is_relative_to(base)


def test_environment_overrides_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEALTHREADER_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("HEALTHREADER_STATE_DIR", str(tmp_path / "s"))

    assert paths.cache_dir() == tmp_path / "c"
    assert paths.state_dir() == tmp_path / "s"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are the Linux convention")
def test_xdg_folders_are_used_without_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEALTHREADER_CACHE_DIR")
    monkeypatch.delenv("HEALTHREADER_STATE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xc"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xs"))

    assert paths.cache_dir() == tmp_path / "xc" / "healthreader"
    assert paths.state_dir() == tmp_path / "xs" / "healthreader"


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are the Linux convention")
def test_home_fallbacks_without_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HEALTHREADER_CACHE_DIR", "HEALTHREADER_STATE_DIR", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert paths.cache_dir() == tmp_path / ".cache" / "healthreader"
    assert paths.state_dir() == tmp_path / ".local" / "state" / "healthreader"


def test_on_windows_the_cache_and_the_state_are_separate_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HEALTHREADER_CACHE_DIR", "HEALTHREADER_STATE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))

    # Deleting the cache (the README says it is safe) must leave the PIN counters alone.
    assert paths.cache_dir() == tmp_path / "HealthReader" / "Cache"
    assert paths.state_dir() == tmp_path / "HealthReader" / "State"

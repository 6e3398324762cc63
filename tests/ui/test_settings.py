"""settings.py: every value parsed explicitly; anything odd falls back to a safe default.

(Here, not in tests/unit: Settings is QSettings underneath, so it needs QtCore.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray

from healthreader.settings import ZOOM_MAX, ZOOM_MIN, Settings, disclaimer_version
from helpers import DISCLAIMER, disclaimer_hash


def settings_with(path: Path, text: str) -> Settings:
    path.write_text(text, encoding="utf-8")
    return Settings(path)


@pytest.mark.parametrize("text", [DISCLAIMER, "", "Llame al 112 — emergencia ✓\n"])
def test_the_disclaimer_version_is_the_sha256_of_the_text(text: str) -> None:
    # Computed by Qt; it must equal hashlib's, or every stored acceptance would be lost.
    assert disclaimer_version(text) == disclaimer_hash(text)
    assert disclaimer_version(text) != disclaimer_version(text + " ")


def test_an_acceptance_is_written_to_the_file_and_read_back_by_a_new_instance(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    version = disclaimer_version(DISCLAIMER)

    Settings(path).accept_disclaimer(version)

    assert path.read_text(encoding="utf-8") == f"[disclaimer]\naccepted_version={version}\n"
    assert Settings(path).disclaimer_accepted(version)
    assert not Settings(path).disclaimer_accepted(disclaimer_version("another text"))


def test_forgetting_the_disclaimer_asks_again(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    version = disclaimer_version(DISCLAIMER)
    Settings(path).accept_disclaimer(version)

    Settings(path).forget_disclaimer()

    assert not Settings(path).disclaimer_accepted(version)
    assert version not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["true", "1", "yes", "garbage", "0", "@Invalid()", "a, b"])
def test_odd_accepted_values_are_not_accepted(tmp_path: Path, value: str) -> None:
    settings = settings_with(tmp_path / "s.ini", f"[disclaimer]\naccepted_version={value}\n")

    assert not settings.disclaimer_accepted(disclaimer_version(DISCLAIMER))


def test_a_missing_settings_file_means_not_accepted_and_defaults(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "none" / "s.ini")

    assert not settings.disclaimer_accepted(disclaimer_version(DISCLAIMER))
    assert (settings.zoom_steps, settings.last_article, settings.window_geometry, settings.clinic_name) == (
        0, None, None, None)  # fmt: skip


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("3", 3), ("-2", -2), (" 4 ", 4), ("99", ZOOM_MAX), ("-9", ZOOM_MIN), ("100", 0),
     ("true", 0), ("1.5", 0), ("", 0), ("garbage", 0), ("@Invalid()", 0)],
)  # fmt: skip
def test_zoom_steps_are_parsed_and_clamped(tmp_path: Path, stored: str, expected: int) -> None:
    settings = settings_with(tmp_path / "s.ini", f"[view]\nzoom_steps={stored}\n")

    assert settings.zoom_steps == expected


def test_zoom_steps_are_clamped_when_written(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "s.ini")

    settings.zoom_steps = 50
    assert settings.zoom_steps == ZOOM_MAX
    settings.zoom_steps = -50
    assert settings.zoom_steps == ZOOM_MIN


@pytest.mark.parametrize("stored", ["../etc/passwd", "Lupus", "lupus 2", "", "lupus\\n", "a, b"])
def test_a_last_article_that_is_no_id_is_ignored(tmp_path: Path, stored: str) -> None:
    settings = settings_with(tmp_path / "s.ini", f"[view]\nlast_article={stored}\n")

    assert settings.last_article is None


def test_the_last_article_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    settings = Settings(path)
    settings.last_article = "reed-rash"
    settings.sync()

    assert Settings(path).last_article == "reed-rash"

    settings.last_article = None
    settings.sync()
    assert Settings(path).last_article is None


def test_window_geometry_must_be_bytes(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    assert settings_with(path, "[window]\ngeometry=not bytes\n").window_geometry is None

    settings = Settings(path)
    settings.window_geometry = QByteArray(b"\x01\xd9\xd0\xcb")
    settings.sync()

    assert Settings(path).window_geometry == QByteArray(b"\x01\xd9\xd0\xcb")


@pytest.mark.parametrize(("stored", "expected"), [("  Riverside  ", "Riverside"), ("   ", None), ("", None)])
def test_clinic_name_is_trimmed_and_blank_means_none(tmp_path: Path, stored: str, expected: str | None) -> None:
    settings = settings_with(tmp_path / "s.ini", f'[print]\nclinic_name="{stored}"\n')

    assert settings.clinic_name == expected


@pytest.mark.parametrize(
    ("stored", "expected"),
    [("240", 240), (" 240 ", 240), ("99999", 99999), ("0", None), ("-240", None), ("240.5", None),
     ("2e2", None), ("240px", None), ("123456", None), ("", None), ("@Invalid()", None)],
)  # fmt: skip
def test_the_sidebar_width_is_parsed_and_junk_is_none(tmp_path: Path, stored: str, expected: int | None) -> None:
    settings = settings_with(tmp_path / "s.ini", f"[window]\nsidebar_width={stored}\n")

    assert settings.sidebar_width == expected


def test_the_sidebar_width_round_trips_and_none_removes_it(tmp_path: Path) -> None:
    path = tmp_path / "s.ini"
    assert Settings(path).sidebar_width is None
    settings = Settings(path)
    settings.sidebar_width = 240
    settings.sync()

    assert Settings(path).sidebar_width == 240

    settings.sidebar_width = None
    settings.sync()
    assert "sidebar_width" not in path.read_text(encoding="utf-8")

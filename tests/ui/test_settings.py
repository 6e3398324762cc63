"""settings.py: every value parsed explicitly; anything odd falls back to a safe default.

(Here, not in tests/unit: Settings is QSettings underneath, so it needs QtCore.)
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
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


# -- what is read stays read; paths that are not files ---------------------------------------

HELD = "[print]\nclinic_name=Riverside Family Clinic\n[view]\nzoom_steps=5\nlast_article=hives\n"


def unsaveable(tmp_path: Path, text: str) -> Path:
    """A settings file that is read but cannot be saved: the temporary file a save writes
    first (its name plus six characters) has a name too long for the file system."""
    path = tmp_path / ("s" * 246 + ".ini")
    path.write_text(text, encoding="utf-8")
    return path


def held(settings: Settings) -> tuple[object, ...]:
    return settings.zoom_steps, settings.clinic_name, settings.last_article


def test_a_save_that_fails_keeps_what_was_read(tmp_path: Path) -> None:
    path = unsaveable(tmp_path, HELD)
    version = disclaimer_version(DISCLAIMER)
    settings = Settings(path)
    assert settings.save_problem(version) is None  # nothing has failed yet

    settings.accept_disclaimer(version)  # the save fails (as on a full disk)

    assert held(settings) == (5, "Riverside Family Clinic", "hives")
    assert settings.readable and settings.disclaimer_accepted(version)
    assert settings.save_problem(version) == (
        f"settings cannot be saved to {path}: the disclaimer will be asked for again next time, "
        "and text size and window size are not kept"
    )
    assert path.read_text(encoding="utf-8") == HELD


@pytest.mark.parametrize("junk", ["\x00\xff garbage line\n", "[view]\nzoom_st"], ids=["junk-line", "cut-short"])
def test_one_line_that_cannot_be_parsed_asks_the_disclaimer_again_and_keeps_the_rest(
    tmp_path: Path, junk: str
) -> None:
    path = tmp_path / "s.ini"
    version = disclaimer_version(DISCLAIMER)
    path.write_text(f"[disclaimer]\naccepted_version={version}\n{HELD}{junk}", encoding="utf-8")
    settings = Settings(path)

    assert not settings.disclaimer_accepted(version)  # a damaged file: asked again
    assert held(settings) == (5, "Riverside Family Clinic", "hives")

    settings.accept_disclaimer(version)  # QSettings parses the file again, and fails again

    assert settings.disclaimer_accepted(version)
    assert held(settings) == (5, "Riverside Family Clinic", "hives")
    assert settings.readable
    again = Settings(path)  # the file as saved
    assert again.disclaimer_accepted(version) and held(again) == (5, "Riverside Family Clinic", "hives")


def test_settings_that_hold_the_acceptance_and_cannot_be_saved_say_it_still_counts(tmp_path: Path) -> None:
    version = disclaimer_version(DISCLAIMER)
    path = unsaveable(tmp_path, f"[disclaimer]\naccepted_version={version}\n{HELD}")
    settings = Settings(path)

    settings.zoom_steps = 2
    settings.sync()

    assert settings.disclaimer_accepted(version)
    assert settings.save_problem(version) == (
        f"settings cannot be saved to {path}: the disclaimer stays accepted, as it is saved "
        "there already, but changes to text size and window size are not kept"
    )
    # A new disclaimer text is not accepted by it: that one is asked for at every start.
    assert "will be asked for again next time" in (settings.save_problem(disclaimer_version("New text.")) or "")


NOT_A_FILE_SCRIPT = """
import sys
from pathlib import Path
from healthreader.settings import Settings, disclaimer_version
version = disclaimer_version("Before you read.")
settings = Settings(Path(sys.argv[1]))
print(settings.save_problem(version))
print(settings.disclaimer_accepted(version))
settings.accept_disclaimer(version)
settings.zoom_steps = 3
settings.sync()
print(settings.disclaimer_accepted(version), settings.zoom_steps)  # for this session only
print(Settings(Path(sys.argv[1])).disclaimer_accepted(version))
"""


def pipe(tmp_path: Path) -> Path:
    path = tmp_path / "settings.ini"
    os.mkfifo(path)
    return path


def unix_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # a socket's path must be short: bound by its relative name
    sock = socket.socket(socket.AF_UNIX)
    sock.bind("settings.ini")
    sock.close()
    return tmp_path / "settings.ini"


@pytest.mark.parametrize(("make", "kind"), [(pipe, stat.S_ISFIFO), (unix_socket, stat.S_ISSOCK)],
                         ids=["pipe", "socket"])  # fmt: skip
def test_a_settings_path_that_is_not_a_file_is_never_read_or_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make, kind  # type: ignore[no-untyped-def]
) -> None:
    path = make(tmp_path, monkeypatch) if make is unix_socket else make(tmp_path)

    # In a process of its own: reading a pipe would wait for ever.
    done = subprocess.run([sys.executable, "-c", NOT_A_FILE_SCRIPT, str(path)], capture_output=True,
                          text=True, timeout=60)  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"settings cannot be read from or saved to {path}: it is not a file (a device, a pipe or "
        "a socket), so the disclaimer will be asked for again next time, and text size and window "
        "size are not kept",
        "False",
        "True 3",
        "False",
    ]
    assert kind(path.lstat().st_mode)  # still what it was, not a file of settings


def test_settings_at_dev_null_remember_nothing(tmp_path: Path) -> None:
    # Read-only checks: nothing here writes, so /dev/null is safe whatever Settings does.
    settings = Settings(Path(os.devnull))

    assert not settings.readable
    assert not settings.disclaimer_accepted(disclaimer_version(DISCLAIMER))
    assert (settings.save_problem() or "").startswith(
        f"settings cannot be read from or saved to {os.devnull}: it is not a file"
    )


def test_a_clinic_name_saved_in_the_windows_code_page_is_read_whole_and_saved_back_as_utf8(
    tmp_path: Path,
) -> None:
    """Notepad's "ANSI": QSettings read "Clínica San José" as "Cl\ufffdnica San Jos" and the
    first save wrote that back, losing the name for good."""
    path = tmp_path / "settings.ini"
    path.write_bytes(b"[view]\r\nzoom_steps=2\r\n[print]\r\nclinic_name=Cl\xednica San Jos\xe9\r\n")

    settings = Settings(path)

    assert settings.clinic_name == "Clínica San José"
    assert settings.notes == [f"{path}:4: clinic_name is not saved as UTF-8: it is read as Windows "
                              "text, 'Clínica San José', and saved back as UTF-8"]  # fmt: skip
    settings.sync()
    again = Settings(path)
    assert (again.clinic_name, again.notes, again.zoom_steps) == ("Clínica San José", [], 2)
    assert "clinic_name=Cl\u00ednica San Jos\u00e9" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["Riverside Family Clinic, Suite 4", "Smith,Jones & Partners",
                                  "A & B; Family Care", "Dr. O'Neil #2 Clinic"])
def test_a_clinic_name_with_a_comma_or_semicolon_is_read_as_written(tmp_path: Path, name: str) -> None:
    """QSettings reads "A, B" unquoted as a list, and drops what follows ";": the handout
    had no clinic name at all, with no word said."""
    path = tmp_path / "settings.ini"
    settings = settings_with(path, f"[print]\nclinic_name={name}\n")

    assert (settings.clinic_name, settings.notes) == (name, [])
    settings.sync()
    assert Settings(path).clinic_name == name


@pytest.mark.parametrize("written", ["[Print]\nclinic_name=Riverside", "[PRINT]\nClinic_Name=Riverside"])
def test_a_clinic_name_under_a_capitalised_section_is_named_in_a_note(tmp_path: Path, written: str) -> None:
    """Section and key names are read as written: "[Print]" printed handouts with no clinic
    name, and nothing said why."""
    path = tmp_path / "settings.ini"
    settings = settings_with(path, written + "\n")

    assert settings.clinic_name is None
    section, key = written.split("\n")[0][1:-1], written.split("\n")[1].split("=")[0]
    assert settings.notes == [f"{path}: [{section}] {key} is not read: write it in lower case, "
                              "as [print] clinic_name"]  # fmt: skip


def test_a_clinic_name_in_utf8_brings_no_note(tmp_path: Path) -> None:
    settings = settings_with(tmp_path / "settings.ini", '[print]\nclinic_name="Clínica \\"Sol\\""\n')
    assert (settings.clinic_name, settings.notes) == ('Clínica "Sol"', [])


def test_the_settings_examples_hold() -> None:
    import doctest

    from healthreader import settings

    failures, tried = doctest.testmod(settings)
    assert tried and not failures


def test_a_clinic_name_with_a_comma_is_read_as_written_from_the_usual_place_too() -> None:
    """No --settings: the platform's own file (XDG_CONFIG_HOME here), where a desktop
    reader's settings are."""
    own = Path(os.environ["XDG_CONFIG_HOME"]) / "HealthReader" / "healthreader.ini"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_bytes(b"[print]\nclinic_name=Smith, Jones & Partners\n")

    assert Settings().clinic_name == "Smith, Jones & Partners"

"""Tests for kiosk/policy.py: the kiosk configuration, allowed actions and the idle clock."""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

import pytest

from healthreader.content.model import Article, Library
from healthreader.errors import SettingsError
from healthreader.kiosk.policy import (
    ALLOWED_ACTIONS,
    KEYS,
    MAX_HANDOUTS_PER_SESSION,
    IdleClock,
    IdlePhase,
    IdleState,
    KioskConfig,
    PrintVerdict,
    SessionPrints,
    allowed_actions,
    load_kiosk_config,
    matching_printer,
    printer_missing_text,
)
from helpers import FakeClock


def toml_lines(values: dict[str, str]) -> str:
    """Values are TOML literals, written as given, so tests can write wrong types."""
    return "".join(f"{key} = {literal}\n" for key, literal in values.items())


@pytest.fixture
def good(exit_pin: str) -> dict[str, str]:
    return {
        "home": '"autoimmune-lymphoproliferative-syndrome"',
        "idle_warning_seconds": "120",
        "idle_countdown_seconds": "30",
        "exit_pin": f'"{exit_pin}"',
        "allow_print": "true",
        "printer": '"Front Desk"',
        "clinic_name": '"Riverside Family Clinic"',
        "text_scale": "1.25",
    }


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "kiosk.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(SettingsError) as info:
        load_kiosk_config(path)
    return str(info.value)


def load_error_with(path: Path, library: Library) -> str:
    with pytest.raises(SettingsError) as info:
        load_kiosk_config(path, library)
    return str(info.value)


# -- configuration: the good case ----------------------------------------------------------


def test_every_key_is_read(tmp_path: Path, good: dict[str, str], exit_pin: str) -> None:
    path = write(tmp_path, toml_lines(good))
    assert load_kiosk_config(path) == KioskConfig(
        home="autoimmune-lymphoproliferative-syndrome",
        idle_warning_seconds=120.0,
        idle_countdown_seconds=30.0,
        exit_pin=exit_pin,
        allow_print=True,
        printer="Front Desk",
        clinic_name="Riverside Family Clinic",
        text_scale=1.25,
        path=path,
    )


def test_the_keys_are_the_ones_in_the_design(good: dict[str, str]) -> None:
    assert set(KEYS) == set(good)


def test_home_may_be_the_index_and_numbers_may_be_whole_or_not(
    tmp_path: Path, good: dict[str, str]
) -> None:
    good |= {"home": '"index"', "idle_warning_seconds": "90.5", "text_scale": "2"}
    config = load_kiosk_config(write(tmp_path, toml_lines(good)))
    assert (config.home, config.idle_warning_seconds, config.text_scale) == ("index", 90.5, 2.0)


def test_printer_may_be_left_out_when_printing_is_off(
    tmp_path: Path, good: dict[str, str]
) -> None:
    good["allow_print"] = "false"
    del good["printer"]
    config = load_kiosk_config(write(tmp_path, toml_lines(good)))
    assert config.allow_print is False
    assert config.printer is None


def test_a_byte_order_mark_from_a_windows_editor_is_accepted(
    tmp_path: Path, good: dict[str, str]
) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + toml_lines(good).encode())
    assert load_kiosk_config(path).clinic_name == "Riverside Family Clinic"


def test_names_are_trimmed(tmp_path: Path, good: dict[str, str]) -> None:
    good |= {"printer": '"  Front Desk "', "clinic_name": '" Riverside "'}
    config = load_kiosk_config(write(tmp_path, toml_lines(good)))
    assert (config.printer, config.clinic_name) == ("Front Desk", "Riverside")


# -- configuration: refused, naming the file and the key ----------------------------------


@pytest.mark.parametrize("key", [k for k in KEYS if k != "printer"])
def test_a_missing_key_is_named(tmp_path: Path, good: dict[str, str], key: str) -> None:
    del good[key]
    path = write(tmp_path, toml_lines(good))
    assert load_error(path) == f"{path}: {key}: missing; this key is required"


def test_a_missing_printer_is_named_when_printing_is_on(
    tmp_path: Path, good: dict[str, str]
) -> None:
    del good["printer"]
    path = write(tmp_path, toml_lines(good))
    assert load_error(path) == (
        f"{path}: printer: missing; it is required when allow_print = true"
    )


@pytest.mark.parametrize(
    ("key", "literal", "expected"),
    [
        ("home", '"Lupus"', "home: must be an article id"),
        ("home", '"../etc/passwd"', "home: must be an article id"),
        ("home", '"lupus\\n"', "home: must be an article id"),
        ("home", '""', "home: must be an article id"),
        ("home", "42", "home: must be an article id in quotes"),
        ("idle_warning_seconds", "0", "idle_warning_seconds: must be more than 0 seconds (got 0)"),
        ("idle_warning_seconds", "-5", "idle_warning_seconds: must be more than 0 seconds"),
        ("idle_warning_seconds", '"120"', "idle_warning_seconds: must be a number of seconds"),
        ("idle_warning_seconds", "true", "idle_warning_seconds: must be a number of seconds"),
        ("idle_warning_seconds", "nan", "idle_warning_seconds: must be more than 0 seconds"),
        ("idle_warning_seconds", "inf", "idle_warning_seconds: must be more than 0 seconds"),
        ("idle_warning_seconds", "86401", "idle_warning_seconds: must be at most 86400"),
        ("idle_countdown_seconds", "0.0", "idle_countdown_seconds: must be more than 0"),
        ("idle_countdown_seconds", "[30]", "idle_countdown_seconds: must be a number"),
        ("exit_pin", '"270419"', "exit_pin: not a PIN hash"),
        ("exit_pin", "270419", "exit_pin: must be the quoted text printed by"),
        ("exit_pin", '"scrypt$16384$8$1$!!!$!!!"', "exit_pin: not a PIN hash"),
        ("allow_print", '"yes"', "allow_print: must be true or false"),
        ("allow_print", "1", "allow_print: must be true or false"),
        ("printer", '""', "printer: must name the front-desk printer"),
        ("printer", '"   "', "printer: must name the front-desk printer"),
        ("printer", "true", "printer: must be text in quotes"),
        ("printer", '"Front\\tDesk"', "printer: must not contain control characters"),
        ("clinic_name", "1", "clinic_name: must be text in quotes"),
        ("clinic_name", '"River\\u2028side"', "clinic_name: must not contain control characters"),
        ("clinic_name", '"x' + "y" * 300 + '"', "clinic_name: must be at most 200 characters"),
        ("text_scale", "0.4", "text_scale: must be between 0.5 and 3.0 (got 0.4)"),
        ("text_scale", "3.01", "text_scale: must be between 0.5 and 3.0"),
        ("text_scale", '"1.25"', "text_scale: must be a number"),
        ("text_scale", "false", "text_scale: must be a number"),
    ],
)
def test_a_bad_value_is_named(
    tmp_path: Path, good: dict[str, str], key: str, literal: str, expected: str
) -> None:
    good[key] = literal
    path = write(tmp_path, toml_lines(good))
    message = load_error(path)
    assert message.startswith(f"{path}: {expected}")
    assert "\n" not in message  # exactly one problem


def test_a_weak_or_foreign_hash_is_refused(
    tmp_path: Path, good: dict[str, str], exit_pin: str
) -> None:
    weak = exit_pin.replace("scrypt$16384$", "scrypt$1024$", 1)
    good["exit_pin"] = f'"{weak}"'
    path = write(tmp_path, toml_lines(good))
    assert load_error(path).startswith(f"{path}: exit_pin: scrypt n must be a power of two")


def test_an_unknown_key_is_named_with_a_suggestion(tmp_path: Path, good: dict[str, str]) -> None:
    good["prnter"] = '"Front Desk"'
    path = write(tmp_path, toml_lines(good))
    assert load_error(path) == f"{path}: unknown key 'prnter' (did you mean 'printer'?)"


def test_an_unknown_key_with_no_near_match_lists_the_keys(
    tmp_path: Path, good: dict[str, str]
) -> None:
    good["zzz"] = "11"
    message = load_error(write(tmp_path, toml_lines(good)))
    assert "unknown key 'zzz' (the keys are: home, idle_warning_seconds," in message


def test_a_section_heading_is_explained(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, "[kiosk]\n" + toml_lines(good))
    message = load_error(path)
    assert message.startswith(f"{path}: unknown key 'kiosk' (a [section])")
    assert "no section heading" in message
    assert f"{path}: home: missing" in message


def test_every_problem_is_listed_one_per_line(tmp_path: Path, good: dict[str, str]) -> None:
    good |= {"text_scale": "9", "allow_print": '"no"', "colour": '"blue"'}
    del good["home"]
    path = write(tmp_path, toml_lines(good))
    lines = load_error(path).splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "unknown key 'colour' (the keys are",
        "home",
        "allow_print",
        "text_scale",
    ]
    assert all(line.startswith(f"{path}: ") for line in lines)


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, toml_lines(good) + "printer = Front Desk\n")
    message = load_error(path)
    assert message.startswith(f"{path}: not valid TOML:")
    assert "line 9" in message


def test_a_number_too_long_to_read_names_the_file_key_and_line(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, toml_lines({**good, "idle_warning_seconds": "9" * 5000}))

    assert load_error(path) == (
        f"{path}: idle_warning_seconds: a number of 5000 digits is too long to read (line 2)"
    )


def test_a_duplicate_key_is_a_toml_error(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, toml_lines(good) + 'home = "index"\n')
    assert load_error(path).startswith(f"{path}: not valid TOML:")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert load_error(path).startswith(f"{path}: cannot read the kiosk configuration:")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert load_error(tmp_path).startswith(f"{tmp_path}: cannot read the kiosk configuration")


def test_text_that_is_not_utf8_is_refused(tmp_path: Path, good: dict[str, str]) -> None:
    good["clinic_name"] = '"Clínica"'
    text = toml_lines(good)
    path = write(tmp_path, text.encode("latin-1"))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Clínica" in row)

    assert load_error(path).startswith(f"{path}:{line}: the kiosk configuration is not UTF-8 text (byte 0xed")
    assert load_error(path).endswith("save the file as UTF-8")
    path = write(tmp_path, text.encode("utf-16"))
    assert load_error(path) == (f'{path}: the kiosk configuration is saved as UTF-16 (Notepad calls it '
                                '"Unicode"): save it as UTF-8')  # fmt: skip


def test_a_huge_file_is_refused_unread(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, toml_lines(good) + "#" * 70_000 + "\n")
    assert load_error(path) == f"{path}: the kiosk configuration is over 64 KiB"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_file_is_enough(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, toml_lines(good))
    path.chmod(0o444)
    load_kiosk_config(path)
    assert path.read_text(encoding="utf-8") == toml_lines(good)


# -- home against the library ---------------------------------------------------------------


def library_of(*ids_and_titles: tuple[str, str]) -> Library:
    return Library.from_articles(
        [Article(article_id, title, "", datetime.date(2026, 1, 1), "", "") for article_id, title in ids_and_titles]
    )


def test_given_the_library_a_known_home_and_the_index_are_accepted(tmp_path: Path, good: dict[str, str]) -> None:
    path = write(tmp_path, toml_lines(good))
    alps = library_of(("autoimmune-lymphoproliferative-syndrome", "Autoimmune lymphoproliferative syndrome"))
    assert load_kiosk_config(path, alps).home == "autoimmune-lymphoproliferative-syndrome"
    good["home"] = '"index"'
    assert load_kiosk_config(write(tmp_path, toml_lines(good)), library_of()).home == "index"


def test_an_unknown_home_is_listed_with_the_other_problems(tmp_path: Path, good: dict[str, str]) -> None:
    good["home"] = '"lupsu"'
    good["idle_warning_seconds"] = "-5"
    good["prnter"] = '"Front Desk"'
    path = write(tmp_path, toml_lines(good))
    library = library_of(("lupus", "Lupus"), ("lupus-nephritis", "Lupus nephritis"))

    assert load_error_with(path, library).splitlines() == [
        f"{path}: unknown key 'prnter' (did you mean 'printer'?)",
        f"{path}: home: no article with id 'lupsu' (did you mean 'lupus'?); use an article id "
        'from the library, or "index"',
        f"{path}: idle_warning_seconds: must be more than 0 seconds (got -5)",
    ]
    # Without the library (the export command's clinic name) the id is not looked up.
    assert ": home:" not in load_error(path)


def test_an_unknown_home_alone_is_refused_and_one_not_an_id_is_named_once(
    tmp_path: Path, good: dict[str, str]
) -> None:
    path = write(tmp_path, toml_lines(good))
    assert load_error_with(path, library_of(("lupus", "Lupus"))) == (
        f"{path}: home: no article with id 'autoimmune-lymphoproliferative-syndrome'; use an "
        'article id from the library, or "index"'
    )
    good["home"] = '"Lupus"'
    path = write(tmp_path, toml_lines(good))
    [line] = load_error_with(path, library_of(("lupus", "Lupus"))).splitlines()
    assert line.startswith(f"{path}: home: must be an article id (lowercase letters")


def test_a_home_given_as_a_title_is_pointed_to_its_id(tmp_path: Path, good: dict[str, str]) -> None:
    library = library_of(("lupus", "Lupus"), ("autoimmune-hepatitis", "Autoimmune hepatitis"))
    good["home"] = '"Autoimmune hepatitis"'
    path = write(tmp_path, toml_lines(good))
    assert load_error_with(path, library) == (
        f'{path}: home: must be an article id (lowercase letters, digits and -) or "index" '
        "(got the text 'Autoimmune hepatitis'); did you mean 'autoimmune-hepatitis'?"
    )
    good["home"] = '"Lupus"'
    assert load_error_with(write(tmp_path, toml_lines(good)), library).endswith("; did you mean 'lupus'?")
    # Without the library, or with nothing close, the message alone.
    assert load_error(path).endswith("(got the text 'Lupus')")
    good["home"] = '"Zzz Qqq"'
    assert load_error_with(write(tmp_path, toml_lines(good)), library).endswith("(got the text 'Zzz Qqq')")


# -- allowed actions --------------------------------------------------------------------------


def test_allowed_actions_add_print_only_when_allowed(
    tmp_path: Path, good: dict[str, str]
) -> None:
    printing = load_kiosk_config(write(tmp_path, toml_lines(good)))
    assert allowed_actions(printing) == {
        "Back", "Forward", "Home", "Larger text", "Smaller text", "Print…"
    }
    good["allow_print"] = "false"
    no_printing = load_kiosk_config(write(tmp_path, toml_lines(good)))
    assert allowed_actions(no_printing) == ALLOWED_ACTIONS
    assert "Print…" not in ALLOWED_ACTIONS


def test_export_pdf_is_never_allowed(tmp_path: Path, good: dict[str, str]) -> None:
    config = load_kiosk_config(write(tmp_path, toml_lines(good)))
    assert "Export PDF…" not in allowed_actions(config)


# -- idle clock ---------------------------------------------------------------------------------


def test_idle_clock_goes_active_warning_expired() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=120, countdown=30, now=clock)
    assert idle.tick() == IdleState(IdlePhase.ACTIVE)
    clock.t += 119.9
    assert idle.tick() == IdleState(IdlePhase.ACTIVE)
    clock.t += 0.1
    assert idle.tick() == IdleState(IdlePhase.WARNING, seconds_left=30)
    seen = []
    for _ in range(30):
        seen.append(idle.tick().seconds_left)
        clock.t += 1
    assert seen == list(range(30, 0, -1))
    assert idle.tick() == IdleState(IdlePhase.EXPIRED)


def test_the_countdown_rounds_up_and_never_shows_zero() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=10, countdown=5, now=clock)
    clock.t += 10.2
    assert idle.tick().seconds_left == 5
    clock.t += 4.7  # 0.1 s left
    assert idle.tick() == IdleState(IdlePhase.WARNING, seconds_left=1)


def test_activity_restarts_the_idle_time_while_active() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=120, countdown=30, now=clock)
    clock.t += 100
    idle.activity()
    clock.t += 100
    assert idle.tick().phase is IdlePhase.ACTIVE
    clock.t += 20
    assert idle.tick().phase is IdlePhase.WARNING


def test_activity_during_the_warning_keeps_the_session() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=120, countdown=30, now=clock)
    clock.t += 140
    assert idle.tick() == IdleState(IdlePhase.WARNING, seconds_left=10)
    idle.activity()  # "Keep reading"
    assert idle.tick() == IdleState(IdlePhase.ACTIVE)
    clock.t += 149
    assert idle.tick() == IdleState(IdlePhase.WARNING, seconds_left=1)


def test_expired_is_latched_until_restart() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=120, countdown=30, now=clock)
    clock.t += 500  # e.g. the machine was suspended; nobody ticked in between
    idle.activity()  # the next patient touches the screen: the reset must still happen
    assert idle.tick().phase is IdlePhase.EXPIRED
    assert idle.expired
    clock.t += 1
    assert idle.tick().phase is IdlePhase.EXPIRED
    idle.restart()
    assert idle.tick() == IdleState(IdlePhase.ACTIVE)
    assert not idle.expired


def test_a_clock_stepping_back_counts_as_no_time() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=120, countdown=30, now=clock)
    clock.t -= 50
    assert idle.tick() == IdleState(IdlePhase.ACTIVE)
    assert idle.next_change_in() == 120


def test_next_change_in_points_at_the_next_different_answer() -> None:
    clock = FakeClock(1000.0)
    idle = IdleClock(warning_after=120, countdown=30, now=clock)
    clock.t += 100
    assert idle.next_change_in() == pytest.approx(20)
    clock.t += 20
    assert idle.next_change_in() == pytest.approx(1)  # 30 -> 29
    clock.t += 0.25
    assert idle.next_change_in() == pytest.approx(0.75)
    clock.t += 29.75
    assert idle.next_change_in() is None


def test_from_config(tmp_path: Path, good: dict[str, str]) -> None:
    good |= {"idle_warning_seconds": "60", "idle_countdown_seconds": "15"}
    clock = FakeClock(1000.0)
    idle = IdleClock.from_config(load_kiosk_config(write(tmp_path, toml_lines(good))), clock)
    clock.t += 60
    assert idle.tick() == IdleState(IdlePhase.WARNING, seconds_left=15)


@pytest.mark.parametrize(("warning", "countdown"), [(0, 30), (120, -1), (float("nan"), 30)])
def test_idle_clock_refuses_nonsense(warning: float, countdown: float) -> None:
    with pytest.raises(ValueError):
        IdleClock(warning, countdown, now=FakeClock(1000.0))


def test_the_domain_does_not_import_qt() -> None:
    import subprocess

    code = (
        "import sys, healthreader.kiosk, healthreader.kiosk.command;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="CLOCK_BOOTTIME is Linux's")
def test_the_idle_clock_counts_time_the_machine_slept(monkeypatch: pytest.MonkeyPatch) -> None:
    # A kiosk that wakes from suspend must see the time it slept as idle time.
    clocks = {time.CLOCK_BOOTTIME: 1_000.0}
    monkeypatch.setattr(time, "clock_gettime", lambda which: clocks[which])
    clock = IdleClock(warning_after=120, countdown=30)
    clocks[time.CLOCK_BOOTTIME] += 3_600  # an hour asleep; monotonic would not have moved

    assert clock.tick().phase is IdlePhase.EXPIRED


# -- the front-desk printer -------------------------------------------------------------------

# As CUPS lists them: a queue name cannot hold a space; the settings show the description.
INSTALLED = [("Office_Laser", "Office Laser"), ("Front_Desk", "Front Desk"), ("PDF", "")]


@pytest.mark.parametrize(
    "configured",
    ["Front Desk", "Front_Desk", "front desk", "FRONT-DESK", " Front  Desk "],
)
def test_the_printer_is_found_by_its_name_or_its_description(configured: str) -> None:
    # The name to print to is the queue's, whatever the administrator wrote.
    assert matching_printer(configured, INSTALLED) == "Front_Desk"


def test_an_exact_name_wins_over_a_description_or_a_near_name() -> None:
    installed = [("Front_Desk", "Front Desk"), ("front-desk", "Spare"), ("Spare", "front-desk")]
    assert matching_printer("front-desk", installed) == "front-desk"
    assert matching_printer("Front Desk", [("Old", "Front Desk"), ("front_desk", "")]) == "Old"


@pytest.mark.parametrize("configured", ["Front Desk 2", "FrontDesk", "Desk", "Front"])
def test_another_printer_is_not_taken_for_the_front_desk(configured: str) -> None:
    assert matching_printer(configured, INSTALLED) is None
    assert matching_printer(configured, []) is None


def test_a_missing_printer_is_said_naming_the_file_and_the_installed_ones(tmp_path: Path) -> None:
    config = KioskConfig("index", 120, 30, "", True, "Front Desk", "Clinic", 1.0,
                         tmp_path / "kiosk.toml")  # fmt: skip
    assert printer_missing_text(config, ["Front-Desk-2", "PDF"]) == (
        f"{tmp_path / 'kiosk.toml'}: printer 'Front Desk' is not installed (installed: "
        "Front-Desk-2, PDF); patients are told to ask the front desk"
    )
    assert printer_missing_text(config, []) == (
        f"{tmp_path / 'kiosk.toml'}: printer 'Front Desk' is not installed (no printer is "
        "installed); patients are told to ask the front desk"
    )
    many = [f"P{n}" for n in range(12)]
    assert "(installed: P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, and 2 more)" in printer_missing_text(config, many)


# -- how much a session may print -------------------------------------------------------------


def test_a_session_prints_one_copy_of_each_article_and_a_few_articles() -> None:
    prints = SessionPrints()
    assert MAX_HANDOUTS_PER_SESSION == 5
    for n in range(MAX_HANDOUTS_PER_SESSION):
        assert prints.verdict([f"a{n}"]) is PrintVerdict.PRINT
        prints.printed([f"a{n}"])
        assert prints.verdict([f"a{n}"]) is PrintVerdict.ALREADY_PRINTED
    assert prints.verdict(["another"]) is PrintVerdict.ENOUGH
    assert prints.verdict(["a0"]) is PrintVerdict.ALREADY_PRINTED  # said as such, not "enough"

    prints.clear()  # the next patient
    assert prints.verdict(["a0"]) is PrintVerdict.PRINT

"""Tests for kiosk/pin.py (hashing, attempt limits, the state file) and kiosk/command.py."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from healthreader.errors import SettingsError
from healthreader.kiosk.command import run_kiosk_pin
from healthreader.kiosk.pin import (
    MAX_TRIES,
    PinGuard,
    PinResult,
    PinStatus,
    check_encoded_pin,
    hash_pin,
    lockout_seconds,
    validate_new_pin,
    verify_pin,
)
from healthreader.kiosk.policy import load_kiosk_config
from helpers import STAFF_PIN as PIN
from helpers import WRONG_PIN as WRONG
from helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "kiosk-pin.json"


def fail_until_locked(guard: PinGuard, exit_pin: str) -> PinResult:
    """Five wrong tries; returns the answer to the fifth."""
    for _ in range(MAX_TRIES - 1):
        assert guard.try_pin(WRONG, exit_pin).status is PinStatus.WRONG
    return guard.try_pin(WRONG, exit_pin)


# -- hashing -----------------------------------------------------------------------------------


def test_hash_has_the_documented_format_and_verifies(exit_pin: str) -> None:
    tag, n, r, p, salt, digest = exit_pin.split("$")
    assert (tag, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(salt) == 24 and len(digest) == 44  # 16 and 32 bytes in base64
    assert verify_pin(PIN, exit_pin)
    assert not verify_pin(WRONG, exit_pin)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_pin(PIN), hash_pin(PIN)
    assert first != second
    assert verify_pin(PIN, first) and verify_pin(PIN, second)


@pytest.mark.parametrize(
    "attempt", ["", "27041", "2704190", " 270419", "270419\n", "٢٧٠٤١٩", "27O419", "\ud800"]
)
def test_near_misses_and_odd_input_do_not_verify(exit_pin: str, attempt: str) -> None:
    assert not verify_pin(attempt, exit_pin)


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        ("", "not a PIN hash"),
        ("270419", "not a PIN hash"),
        ("pbkdf2$16384$8$1$AAAA$AAAA", "not a PIN hash"),
        ('exit_pin = "scrypt$16384$8$1$AAAA$AAAA"', "not a PIN hash"),
        ("scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==", "not a PIN hash"),
        ("scrypt$+16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "not a PIN hash"),
        ("scrypt$16385$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "power of two"),
        ("scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "at least 16384"),
        ("scrypt$16384$1$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "r must be"),
        ("scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "too costly"),
        ("scrypt$16384$8$999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==", "too costly"),
        ("scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==", "not valid base64"),
        ("scrypt$16384$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA==", "salt must be 16 to 64 bytes"),
        ("scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA", "hash must be 16 to 64 bytes"),
    ],
)
def test_a_malformed_stored_hash_is_a_settings_error(stored: str, reason: str) -> None:
    with pytest.raises(SettingsError, match=reason.replace("(", r"\(")):
        check_encoded_pin(stored)
    with pytest.raises(SettingsError):
        verify_pin(PIN, stored)


# -- new PINs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["270419", "98127364", "0" + "19283746" * 3 + "5271"])
def test_good_new_pins(good: str) -> None:
    validate_new_pin(good)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("", "no PIN given"),
        ("27041", "at least 6 digits (it has 5)"),
        ("2704a9", "digits 0-9 only"),
        ("270 419", "digits 0-9 only"),
        ("-270419", "digits 0-9 only"),
        ("٢٧٠٤١٩", "digits 0-9 only"),  # Arabic-Indic digits pass str.isdigit()
        ("²70419", "digits 0-9 only"),
        ("1" * 33, "at most 32 digits"),
        ("000000", "too easy to guess"),
        ("123456", "too easy to guess"),
        ("654321", "too easy to guess"),
        ("7890123", "too easy to guess"),
    ],
)
def test_bad_new_pins_are_refused_with_a_reason(bad: str, reason: str) -> None:
    with pytest.raises(SettingsError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        validate_new_pin(bad)
    with pytest.raises(SettingsError):
        hash_pin(bad)


# -- the guard ---------------------------------------------------------------------------------


def test_the_right_pin_passes(clock: FakeClock, exit_pin: str) -> None:
    assert PinGuard(None, clock).try_pin(PIN, exit_pin) == PinResult(PinStatus.OK)


def test_wrong_tries_count_down_then_lock_for_30_seconds(clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(None, clock)
    answers = [guard.try_pin(WRONG, exit_pin) for _ in range(MAX_TRIES)]
    assert answers == [
        PinResult(PinStatus.WRONG, tries_left=4),
        PinResult(PinStatus.WRONG, tries_left=3),
        PinResult(PinStatus.WRONG, tries_left=2),
        PinResult(PinStatus.WRONG, tries_left=1),
        PinResult(PinStatus.LOCKED, locked_seconds=30),
    ]
    assert guard.locked_for() == 30


def test_while_locked_even_the_right_pin_is_not_checked(clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(None, clock)
    fail_until_locked(guard, exit_pin)
    clock.t += 12.5
    assert guard.try_pin(PIN, exit_pin) == PinResult(PinStatus.LOCKED, locked_seconds=18)
    assert guard.locked_for() == pytest.approx(17.5)
    clock.t += 17.5
    assert guard.locked_for() == 0
    assert guard.try_pin(PIN, exit_pin).status is PinStatus.OK


def test_lockouts_double_up_to_15_minutes(clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(None, clock)
    lengths = []
    for _ in range(7):
        result = fail_until_locked(guard, exit_pin)
        lengths.append(result.locked_seconds)
        clock.t += guard.locked_for()
    assert lengths == [30, 60, 120, 240, 480, 900, 900]


def test_the_schedule_helper_matches() -> None:
    assert [lockout_seconds(k) for k in (0, 1, 2, 6, 10**6)] == [0, 30, 60, 900, 900]


def test_the_right_pin_clears_every_counter(clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(None, clock)
    fail_until_locked(guard, exit_pin)
    clock.t += 30
    guard.try_pin(WRONG, exit_pin)
    assert guard.try_pin(PIN, exit_pin).status is PinStatus.OK
    assert guard.tries_left() == MAX_TRIES
    assert fail_until_locked(guard, exit_pin).locked_seconds == 30  # back to the first step


def test_a_right_fifth_try_is_not_locked_out(clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(None, clock)
    for _ in range(MAX_TRIES - 1):
        guard.try_pin(WRONG, exit_pin)
    assert guard.try_pin(PIN, exit_pin).status is PinStatus.OK
    assert guard.locked_for() == 0


def test_a_malformed_hash_does_not_cost_a_try(clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(None, clock)
    with pytest.raises(SettingsError):
        guard.try_pin(PIN, "scrypt$oops")
    assert guard.tries_left() == MAX_TRIES


# -- persistence -------------------------------------------------------------------------------


def test_counters_survive_a_restart(state_path: Path, clock: FakeClock, exit_pin: str) -> None:
    first = PinGuard(state_path, clock)
    for _ in range(3):
        first.try_pin(WRONG, exit_pin)
    second = PinGuard(state_path, clock)
    assert second.tries_left() == 2
    second.try_pin(WRONG, exit_pin)
    assert second.try_pin(WRONG, exit_pin) == PinResult(PinStatus.LOCKED, locked_seconds=30)

    clock.t += 10
    third = PinGuard(state_path, clock)
    assert third.locked_for() == 20
    assert third.try_pin(PIN, exit_pin).status is PinStatus.LOCKED


def test_the_doubling_survives_a_restart(state_path: Path, clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(state_path, clock)
    fail_until_locked(guard, exit_pin)
    clock.t += 30
    fail_until_locked(guard, exit_pin)
    clock.t += 60
    assert fail_until_locked(PinGuard(state_path, clock), exit_pin).locked_seconds == 120


def test_success_is_saved_too(state_path: Path, clock: FakeClock, exit_pin: str) -> None:
    guard = PinGuard(state_path, clock)
    for _ in range(4):
        guard.try_pin(WRONG, exit_pin)
    guard.try_pin(PIN, exit_pin)
    assert PinGuard(state_path, clock).tries_left() == MAX_TRIES


def test_the_state_file_is_small_json_and_no_temporary_is_left(
    state_path: Path, clock: FakeClock, exit_pin: str
) -> None:
    guard = PinGuard(state_path, clock)
    guard.try_pin(WRONG, exit_pin)
    assert json.loads(state_path.read_text(encoding="utf-8")) == {
        "version": 1, "failures": 1, "lockouts": 0, "locked_at": 0.0
    }
    assert [p.name for p in state_path.parent.iterdir()] == [state_path.name]
    assert guard.save_error is None


def test_a_try_is_saved_before_the_pin_is_checked(
    state_path: Path, clock: FakeClock, exit_pin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killing the app (or pulling the plug) while the hash runs does not give the try back."""

    class PowerCut(BaseException):
        pass

    def cut(*args: object, **kwargs: object) -> bytes:
        raise PowerCut

    guard = PinGuard(state_path, clock)
    monkeypatch.setattr(hashlib, "scrypt", cut)
    with pytest.raises(PowerCut):
        guard.try_pin(PIN, exit_pin)
    monkeypatch.undo()
    assert PinGuard(state_path, clock).tries_left() == MAX_TRIES - 1


def corrupt_states() -> Iterator[bytes]:
    yield b"{not json"
    yield b""
    yield b"\xff\xfe garbage"
    yield b"[]"
    yield b'{"version": 1, "failures": 0, "lockouts": 0}'
    yield b'{"version": 2, "failures": 0, "lockouts": 0, "locked_at": 0}'
    yield b'{"version": 1, "failures": -1, "lockouts": 0, "locked_at": 0}'
    yield b'{"version": 1, "failures": 5, "lockouts": 0, "locked_at": 0}'
    yield b'{"version": 1, "failures": true, "lockouts": 0, "locked_at": 0}'
    yield b'{"version": 1, "failures": 0, "lockouts": 0, "locked_at": NaN}'
    yield b'{"version": 1, "failures": 0, "lockouts": 0, "locked_at": "soon"}'
    yield b'{"version": 1, "failures": 0, "lockouts": 0, "locked_at": 0, "x": 1}'
    yield b"[" * 3000 + b"]" * 3000
    yield b" " * 5000


@pytest.mark.parametrize("content", list(corrupt_states()))
def test_a_corrupt_state_locks_for_30_seconds_then_repairs_itself(
    state_path: Path, clock: FakeClock, exit_pin: str, content: bytes
) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(content)
    guard = PinGuard(state_path, clock)
    assert guard.locked_for() == 30
    assert guard.state_problem is not None
    assert "locked for 30 s" in guard.state_problem
    assert guard.try_pin(PIN, exit_pin).status is PinStatus.LOCKED
    # The file now holds that lockout, so a restart does not start another one ...
    clock.t += 30
    restarted = PinGuard(state_path, clock)
    assert restarted.state_problem is None
    assert restarted.locked_for() == 0
    # ... and the next lockout is the second step, not a fresh first one.
    assert fail_until_locked(restarted, exit_pin).locked_seconds == 60


def test_an_unreadable_state_counts_as_corrupt(
    state_path: Path, clock: FakeClock
) -> None:
    state_path.mkdir(parents=True)  # a folder where the file should be
    guard = PinGuard(state_path, clock)
    assert guard.locked_for() == 30
    assert guard.state_problem is not None
    assert guard.save_error is not None


def test_a_missing_state_is_a_first_run(state_path: Path, clock: FakeClock) -> None:
    guard = PinGuard(state_path, clock)
    assert guard.locked_for() == 0
    assert guard.tries_left() == MAX_TRIES
    assert guard.state_problem is None
    assert not state_path.exists()  # nothing written until something happens


def test_limits_hold_in_memory_when_the_state_cannot_be_saved(
    state_path: Path, clock: FakeClock, exit_pin: str
) -> None:
    state_path.mkdir(parents=True)  # neither readable as a file nor replaceable by one
    guard = PinGuard(state_path, clock)
    clock.t += guard.locked_for()
    assert fail_until_locked(guard, exit_pin) == PinResult(PinStatus.LOCKED, locked_seconds=60)
    assert isinstance(guard.save_error, OSError)


def test_a_state_folder_that_cannot_be_made_is_reported_in_one_line(
    tmp_path: Path, clock: FakeClock, exit_pin: str
) -> None:
    (tmp_path / "afile").write_text("")
    path = tmp_path / "afile" / "state" / "kiosk-pin-state.json"  # under a plain file
    lines: list[str] = []
    guard = PinGuard(path, clock, report=lines.append)
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert "Not a directory" in lines[0] and "lockouts will not survive a restart" in lines[0]
    assert "Errno" not in lines[0]
    clock.t += guard.locked_for()
    fail_until_locked(guard, exit_pin)
    assert len(lines) == 1  # the same failure at every try is not repeated


def test_a_save_that_fails_later_is_reported_once(
    state_path: Path, clock: FakeClock, exit_pin: str
) -> None:
    lines: list[str] = []
    guard = PinGuard(state_path, clock, report=lines.append)
    assert guard.try_pin(WRONG, exit_pin).status is PinStatus.WRONG
    assert lines == []  # saved
    state_path.unlink()
    state_path.parent.rmdir()
    state_path.parent.write_text("")  # the folder is gone, a file in its place
    for _ in range(3):
        assert guard.try_pin(WRONG, exit_pin).status is PinStatus.WRONG
    [line] = lines
    assert line.startswith(f"cannot save the staff-PIN counters in {state_path}: ")
    assert line.endswith("; lockouts will not survive a restart") and "Errno" not in line


def test_a_corrupt_state_is_reported_naming_the_file(
    state_path: Path, clock: FakeClock
) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"{not json")
    lines: list[str] = []
    PinGuard(state_path, clock, report=lines.append)
    [line] = lines
    assert str(state_path) in line and "corrupt" in line and "locked for 30 s" in line


def test_a_clock_set_back_restarts_the_lockout_instead_of_stretching_it(
    state_path: Path, clock: FakeClock, exit_pin: str
) -> None:
    guard = PinGuard(state_path, clock)
    fail_until_locked(guard, exit_pin)
    clock.t -= 3600  # an hour back
    assert guard.locked_for() == 30
    clock.t += 30
    assert guard.locked_for() == 0
    assert PinGuard(state_path, clock).locked_for() == 0


# -- the kiosk-pin command ---------------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(stdin: io.StringIO, answers: list[str] | None = None) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        assert answers, "prompted more often than expected"
        return answers.pop(0)

    code = run_kiosk_pin(stdin, stdout, stderr, prompt=prompt)
    return code, stdout.getvalue(), stderr.getvalue()


def test_kiosk_pin_prints_a_line_that_parses_and_verifies(tmp_path: Path) -> None:
    code, out, err = run(io.StringIO(PIN + "\n"))
    assert (code, err) == (0, "")
    assert out.count("\n") == 1 and out.startswith('exit_pin = "scrypt$16384$8$1$')
    stored = tomllib.loads(out)["exit_pin"]
    assert verify_pin(PIN, stored)
    assert not verify_pin(WRONG, stored)

    config = tmp_path / "kiosk.toml"
    config.write_text(
        'home = "index"\nidle_warning_seconds = 120\nidle_countdown_seconds = 30\n'
        f'{out}allow_print = false\nclinic_name = "Riverside"\ntext_scale = 1\n',
        encoding="utf-8",
    )
    assert load_kiosk_config(config).exit_pin == stored


def test_kiosk_pin_reads_only_the_first_line_and_trims_the_line_ending() -> None:
    code, out, _ = run(io.StringIO(PIN + "\r\nsomething else\n"))
    assert code == 0
    assert verify_pin(PIN, tomllib.loads(out)["exit_pin"])


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "no PIN on standard input"),
        ("\n", "no PIN given"),
        ("1234\n", "at least 6 digits"),
        ("secret\n", "digits 0-9 only"),
        ("111111\n", "too easy to guess"),
    ],
)
def test_kiosk_pin_refuses_a_bad_pin_with_exit_2(stdin: str, message: str) -> None:
    code, out, err = run(io.StringIO(stdin))
    assert (code, out) == (2, "")
    assert err.startswith("healthreader kiosk-pin: ")
    assert message in err


def test_kiosk_pin_on_a_terminal_asks_twice() -> None:
    code, out, err = run(FakeTTY(), answers=[PIN, PIN])
    assert (code, err) == (0, "")
    assert verify_pin(PIN, tomllib.loads(out)["exit_pin"])


def test_kiosk_pin_on_a_terminal_refuses_two_different_pins() -> None:
    code, out, err = run(FakeTTY(), answers=[PIN, WRONG])
    assert (code, out) == (2, "")
    assert "the two PINs differ" in err


def test_kiosk_pin_on_a_terminal_refuses_a_bad_pin_before_asking_again() -> None:
    code, out, err = run(FakeTTY(), answers=["1234"])
    assert (code, out) == (2, "")
    assert "at least 6 digits" in err


def test_kiosk_pin_cancelled_on_a_terminal() -> None:
    stdout, stderr = io.StringIO(), io.StringIO()

    def cancel(text: str) -> str:
        raise KeyboardInterrupt

    assert run_kiosk_pin(FakeTTY(), stdout, stderr, prompt=cancel) == 2
    assert stdout.getvalue() == ""
    assert "cancelled" in stderr.getvalue()


def test_kiosk_pin_as_a_process() -> None:
    """The real streams: stdin is a pipe, so no prompt, and stdout is just the line."""
    import subprocess

    done = subprocess.run(
        [
            sys.executable, "-c",
            "import sys; from healthreader.kiosk.command import run_kiosk_pin;"
            "sys.exit(run_kiosk_pin(sys.stdin, sys.stdout, sys.stderr))",
        ],
        input=PIN + "\n", capture_output=True, text=True, check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert verify_pin(PIN, tomllib.loads(done.stdout)["exit_pin"])

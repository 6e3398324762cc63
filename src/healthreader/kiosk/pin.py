"""The kiosk staff PIN: scrypt hashing, strict parsing of the stored hash, attempt limits.

The kiosk configuration stores only a salted scrypt hash, in the form that
``healthreader kiosk-pin`` prints::

    scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>
    scrypt$16384$8$1$3q1k...==$Yb7c...=        (n=2**14, r=8, p=1, 16-byte salt, 32-byte hash)

Worked example (``hash_pin`` draws a new random salt each time)::

    >>> encoded = hash_pin("270419")
    >>> encoded.split("$")[:4]
    ['scrypt', '16384', '8', '1']
    >>> verify_pin("270419", encoded), verify_pin("270418", encoded)
    (True, False)

``PinGuard`` limits guessing: 5 wrong tries lock the staff exit for 30 s, each further
lockout doubles (60 s, 120 s, ...) up to 15 min, and a correct PIN clears everything. Its
counters live in a small JSON file, written atomically, so quitting or pulling the plug
never hands tries back:

- a try is counted as wrong and saved *before* the hash is checked, and undone only when
  the PIN turns out right;
- a missing state file is a fresh start (first run);
- a state file that is unreadable, corrupt or out of range is treated as "a lockout has
  just happened": locked for 30 s from start-up, and the next lockout is 60 s. It never
  yields a fresh set of tries at once. ``PinGuard.state_problem`` says why, for a log;
- a state file that cannot be written keeps the limits for this run only; the ``report``
  callback gets one line for the log naming the file (also at start-up, for a bad file);
- if the wall clock goes backwards during a lockout, the lockout restarts from the new
  time: never shorter, and never stuck for the size of the jump.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import itertools
import json
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from healthreader.errors import SettingsError

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32

MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 32

MAX_TRIES = 5
FIRST_LOCKOUT_SECONDS = 30.0
MAX_LOCKOUT_SECONDS = 15 * 60.0

# Stored parameters are refused below the defaults (a weak hash in the config is an
# offline-guessing gift) and above a cost that would freeze the kiosk's UI thread for
# seconds or exhaust its memory (a typo such as n = 2**30).
_MIN_N = SCRYPT_N
_MIN_R = SCRYPT_R
_MAX_MEMORY = 128 * 2**20  # 128 * n * r bytes
_MAX_WORK = 2**22  # n * r * p; the default is 2**17
_MIN_STORED_BYTES = 16
_MAX_STORED_BYTES = 64

# [0-9], not \d: \d also matches Arabic-Indic and other Unicode digits.
_PIN_RE = re.compile(r"[0-9]+")
_B64 = r"[A-Za-z0-9+/]+={0,2}"
_ENCODED_RE = re.compile(
    rf"scrypt\$([1-9][0-9]{{0,9}})\$([1-9][0-9]{{0,3}})\$([1-9][0-9]{{0,3}})\$({_B64})\$({_B64})"
)
_FORMAT_HINT = "expected scrypt$<n>$<r>$<p>$<salt>$<hash> as printed by `healthreader kiosk-pin`"

_STATE_VERSION = 1
_MAX_STATE_BYTES = 4096
_MAX_LOCKOUTS = 1_000_000


def validate_new_pin(pin: str) -> None:
    """Refuse a PIN that is not 6 to 32 ASCII digits, or that is trivially guessable.

    >>> validate_new_pin("270419")
    >>> validate_new_pin("12345")
    Traceback (most recent call last):
    ...
    healthreader.errors.SettingsError: the PIN must have at least 6 digits (it has 5)
    """
    if not pin:
        raise SettingsError("no PIN given: type at least 6 digits")
    if not _PIN_RE.fullmatch(pin):
        raise SettingsError("the PIN must be digits 0-9 only (no letters, spaces or signs)")
    if len(pin) < MIN_PIN_DIGITS:
        raise SettingsError(
            f"the PIN must have at least {MIN_PIN_DIGITS} digits (it has {len(pin)})"
        )
    if len(pin) > MAX_PIN_DIGITS:
        raise SettingsError(f"the PIN must have at most {MAX_PIN_DIGITS} digits")
    # A patient's first guesses: 000000, 111111, 123456, 654321 (and runs like 789012).
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({0}, {1}, {9}):
        raise SettingsError(
            "the PIN is too easy to guess (one digit repeated, or a run like 123456): "
            "choose another"
        )


@dataclass(frozen=True, slots=True)
class _Scrypt:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @property
    def maxmem(self) -> int:
        # OpenSSL needs 128*r*(n + p + 2) bytes; hashlib's default limit (32 MiB) is too
        # small for allowed parameters, so pass the exact need plus slack.
        return 128 * self.r * (self.n + self.p + 2) + 2**20


def _parse(encoded: str) -> _Scrypt:
    """Parse a stored hash; raise SettingsError naming what is wrong (never the secret)."""
    if not isinstance(encoded, str):
        raise SettingsError(f"not a PIN hash: {_FORMAT_HINT}")
    match = _ENCODED_RE.fullmatch(encoded)
    if match is None:
        raise SettingsError(f"not a PIN hash: {_FORMAT_HINT}")
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if n < _MIN_N or n & (n - 1):
        raise SettingsError(f"scrypt n must be a power of two, at least {_MIN_N} (got {n})")
    if r < _MIN_R:
        raise SettingsError(f"scrypt r must be at least {_MIN_R} (got {r})")
    if 128 * n * r > _MAX_MEMORY or n * r * p > _MAX_WORK:
        raise SettingsError(
            f"scrypt parameters n={n} r={r} p={p} are too costly: checking a PIN would "
            "freeze the kiosk; make a new hash with `healthreader kiosk-pin`"
        )
    try:
        salt = base64.b64decode(match.group(4), validate=True)
        digest = base64.b64decode(match.group(5), validate=True)
    except (binascii.Error, ValueError):
        raise SettingsError(f"the salt or hash is not valid base64: {_FORMAT_HINT}") from None
    for name, value in (("salt", salt), ("hash", digest)):
        if not _MIN_STORED_BYTES <= len(value) <= _MAX_STORED_BYTES:
            raise SettingsError(
                f"the {name} must be {_MIN_STORED_BYTES} to {_MAX_STORED_BYTES} bytes "
                f"(got {len(value)}): {_FORMAT_HINT}"
            )
    return _Scrypt(n, r, p, salt, digest)


def check_encoded_pin(encoded: str) -> None:
    """Raise SettingsError if ``encoded`` is not a well-formed, sanely-priced PIN hash."""
    _parse(encoded)


def hash_pin(pin: str) -> str:
    """Hash a new PIN (validated by ``validate_new_pin``) with scrypt and a random salt."""
    validate_new_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    params = _Scrypt(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, b"")
    digest = hashlib.scrypt(
        pin.encode("ascii"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=params.maxmem,
        dklen=HASH_BYTES,
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, encoded: str) -> bool:
    """True if ``pin`` matches the stored hash; compared in constant time.

    Raises SettingsError if ``encoded`` itself is malformed (a configuration error,
    normally caught when the kiosk configuration is loaded).
    """
    params = _parse(encoded)
    # Anything but 1..32 ASCII digits cannot be the PIN; answering early tells an attacker
    # nothing they did not type themselves.
    if not _PIN_RE.fullmatch(pin) or len(pin) > MAX_PIN_DIGITS:
        return False
    derived = hashlib.scrypt(
        pin.encode("ascii"),
        salt=params.salt,
        n=params.n,
        r=params.r,
        p=params.p,
        maxmem=params.maxmem,
        dklen=len(params.digest),
    )
    return hmac.compare_digest(derived, params.digest)


def lockout_seconds(lockouts: int) -> float:
    """Length of the ``lockouts``-th lockout: 30 s, 60 s, 120 s, ... capped at 15 min.

    >>> [lockout_seconds(k) for k in range(1, 8)]
    [30.0, 60.0, 120.0, 240.0, 480.0, 900.0, 900.0]
    """
    if lockouts <= 0:
        return 0.0
    # Cap the exponent: 2**huge is slow and the cap is reached at the 6th lockout anyway.
    doubling: int = 2 ** min(lockouts - 1, 32)
    return min(FIRST_LOCKOUT_SECONDS * doubling, MAX_LOCKOUT_SECONDS)


class PinStatus(enum.Enum):
    """The outcome of one try at the staff exit."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True, slots=True)
class PinResult:
    """What ``PinGuard.try_pin`` answers.

    ``tries_left`` (WRONG): wrong tries still allowed before the next lockout, >= 1.
    ``locked_seconds`` (LOCKED): whole seconds until the next try, rounded up, >= 1.
    """

    status: PinStatus
    tries_left: int = 0
    locked_seconds: int = 0


@dataclass(slots=True)
class _State:
    failures: int = 0  # wrong tries since the last lockout or success, < MAX_TRIES
    lockouts: int = 0  # lockouts since the last success; sets the next lockout's length
    locked_at: float = 0.0  # wall-clock start of the latest lockout

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "version": _STATE_VERSION,
                "failures": self.failures,
                "lockouts": self.lockouts,
                "locked_at": self.locked_at,
            }
        ).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> _State:
        """Parse and range-check the state; raise ValueError if anything is off."""
        obj = json.loads(data.decode("utf-8"))
        if not isinstance(obj, dict) or set(obj) != {
            "version", "failures", "lockouts", "locked_at"
        }:
            raise ValueError("unexpected keys")
        if obj["version"] != _STATE_VERSION or isinstance(obj["version"], bool):
            raise ValueError("unknown version")
        failures, lockouts, locked_at = obj["failures"], obj["lockouts"], obj["locked_at"]
        for count in (failures, lockouts):
            if not isinstance(count, int) or isinstance(count, bool):
                raise ValueError("a counter is not an integer")
        if not 0 <= failures < MAX_TRIES or not 0 <= lockouts <= _MAX_LOCKOUTS:
            raise ValueError("a counter is out of range")
        if isinstance(locked_at, bool) or not isinstance(locked_at, int | float):
            raise ValueError("locked_at is not a number")
        if not math.isfinite(locked_at) or locked_at < 0:
            raise ValueError("locked_at is out of range")
        return cls(failures, lockouts, float(locked_at))


class PinGuard:
    """Limits tries at the staff exit; the counters survive restarts in ``state_path``.

    ``state_path`` None keeps them in memory only (tests, or no writable state folder).
    ``now`` is a wall clock (seconds since the epoch), injected so tests never sleep; it is
    a wall clock rather than a monotonic one because lockouts must survive a reboot.

    After a failed save the guard keeps counting in memory and sets ``save_error``; the
    limits still hold for this run. ``report`` (the kiosk writes it to stderr, so that it
    reaches the journal) is told in one line when the state file was unusable at start-up
    and when a save fails; the same failure again is not repeated.
    """

    def __init__(
        self,
        state_path: Path | None,
        now: Callable[[], float] = time.time,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self._path = state_path
        self._now = now
        self._report = report
        self._reported: str | None = None
        self.save_error: OSError | None = None
        self.state_problem: str | None = None
        self._state = self._load()

    # -- queries ------------------------------------------------------------------------

    def locked_for(self) -> float:
        """Seconds until the next try is allowed; 0.0 when not locked."""
        state = self._state
        if state.lockouts == 0:
            return 0.0
        now = self._now()
        if now < state.locked_at:
            # The clock went backwards (or the state was written under a wrong clock):
            # restart the lockout from now rather than wait out the jump.
            state.locked_at = now
            self._save()
        return max(0.0, state.locked_at + lockout_seconds(state.lockouts) - now)

    def tries_left(self) -> int:
        """Wrong tries still allowed before the next lockout (when not locked)."""
        return MAX_TRIES - self._state.failures

    # -- the one command ----------------------------------------------------------------

    def try_pin(self, pin: str, encoded: str) -> PinResult:
        """Check one try. While locked, the PIN is not even looked at.

        Raises SettingsError if ``encoded`` is malformed, without counting a try.
        """
        remaining = self.locked_for()
        if remaining > 0:
            return PinResult(PinStatus.LOCKED, locked_seconds=math.ceil(remaining))
        _parse(encoded)
        # Count the try as wrong and save that before the slow hash: a crash or a pulled
        # plug while it runs must not give the try back.
        state = self._state
        state.failures += 1
        locked_now = state.failures >= MAX_TRIES
        if locked_now:
            state.failures = 0
            state.lockouts = min(state.lockouts + 1, _MAX_LOCKOUTS)
            state.locked_at = self._now()
        self._save()
        if verify_pin(pin, encoded):
            self._state = _State()
            self._save()
            return PinResult(PinStatus.OK)
        if locked_now:
            seconds = math.ceil(lockout_seconds(state.lockouts))
            return PinResult(PinStatus.LOCKED, locked_seconds=seconds)
        return PinResult(PinStatus.WRONG, tries_left=MAX_TRIES - state.failures)

    # -- persistence --------------------------------------------------------------------

    def _load(self) -> _State:
        if self._path is None:
            return _State()
        try:
            with self._path.open("rb") as f:
                data = f.read(_MAX_STATE_BYTES + 1)
        except FileNotFoundError:
            return _State()
        except OSError as exc:
            return self._treat_as_corrupt(f"cannot read {self._path}: {exc.strerror or exc}")
        if len(data) > _MAX_STATE_BYTES:
            return self._treat_as_corrupt(f"{self._path} is too large")
        try:
            return _State.from_json(data)
        except (ValueError, RecursionError) as exc:  # JSON and Unicode errors are ValueErrors
            return self._treat_as_corrupt(f"{self._path} is corrupt ({exc})")

    def _treat_as_corrupt(self, problem: str) -> _State:
        # The safe reading of an unknown state: a lockout has just begun. Saving it repairs
        # the file, so the next start does not lock again.
        self.state_problem = f"{problem}; the staff exit is locked for 30 s"
        self._state = _State(failures=0, lockouts=1, locked_at=self._now())
        self._save(quiet=True)
        if self.save_error is None:
            line = f"the staff-PIN counters: {self.state_problem} (the file is repaired)"
            self._tell(line, line)
        else:
            # One line for both: the same thing will happen at every start.
            reason = _reason(self.save_error)
            self._tell(f"the staff-PIN counters: {problem}, and cannot save them there: "
                       f"{reason}; the staff exit is locked for 30 s at every start and "
                       "lockouts will not survive a restart", reason)  # fmt: skip
        return self._state

    def _tell(self, line: str, what: str) -> None:
        """Report ``line``, unless ``what`` (the failure it is about) was the last reported."""
        if self._report is not None and what != self._reported:
            self._reported = what
            self._report(line)

    def _save(self, *, quiet: bool = False) -> None:
        if self._path is None:
            return
        try:
            _write_atomically(self._path, self._state.to_json())
        except OSError as exc:
            self.save_error = exc
            if not quiet:
                self._tell(f"cannot save the staff-PIN counters in {self._path}: "
                           f"{_reason(exc)}; lockouts will not survive a restart",
                           _reason(exc))  # fmt: skip
        else:
            self.save_error = None
            self._reported = None  # a later failure is news again


def _reason(exc: OSError) -> str:
    """What went wrong, in the system's words ("Not a directory"), without the errno."""
    return exc.strerror or str(exc)


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":
        # Make the rename itself durable; Windows cannot open a folder for fsync.
        with suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

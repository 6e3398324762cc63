"""Kiosk policy: the kiosk configuration file, the idle clock and the allowed actions.

Plain Python on purpose (no Qt): the window drives ``IdleClock`` from a QTimer, hides
every action not in ``allowed_actions(config)``, and everything here is tested without a
display.

The configuration is a TOML file with these keys at top level, all required except
``printer`` when ``allow_print = false``::

    home = "autoimmune-lymphoproliferative-syndrome"   # an article id, or "index"
    idle_warning_seconds = 120       # no input for this long: "Are you still reading?"
    idle_countdown_seconds = 30      # then the countdown before the reset
    exit_pin = "scrypt$..."          # the line printed by `healthreader kiosk-pin`
    allow_print = true
    printer = "Front Desk"
    clinic_name = "Riverside Family Clinic"
    text_scale = 1.25

Anything missing, mistyped, out of range or unknown is refused by ``load_kiosk_config``
with one SettingsError listing every problem, one line each, naming the file and the key;
given the library, a ``home`` that no article has is one of them::

    /etc/healthreader/kiosk.toml: home: no article with id 'lupsu' (did you mean 'lupus'?); use an article id from the library, or "index"
    /etc/healthreader/kiosk.toml: idle_warning_seconds: must be more than 0 seconds (got -5)
    /etc/healthreader/kiosk.toml: unknown key 'prnter' (did you mean 'printer'?)

Idle clock, worked example (an injected clock; the real one counts sleep too)::

    >>> t = [0.0]
    >>> clock = IdleClock(warning_after=120, countdown=30, now=lambda: t[0])
    >>> t[0] = 119.0; clock.tick().phase.name
    'ACTIVE'
    >>> t[0] = 125.5; clock.tick()
    IdleState(phase=<IdlePhase.WARNING: 'warning'>, seconds_left=25)
    >>> clock.activity(); clock.tick().phase.name
    'ACTIVE'
    >>> t[0] = 125.5 + 150; clock.tick().phase.name
    'EXPIRED'
"""

from __future__ import annotations

import enum
import math
import re
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from healthreader.content.files import utf8_text
from healthreader.content.model import NOT_IN_ONE_LINE, did_you_mean, is_article_id
from healthreader.errors import ContentError, SettingsError
from healthreader.kiosk.pin import check_encoded_pin

HOME_INDEX = "index"

# Action names as in DESIGN.md ("The window"); the window finds its QActions by them.
ACTION_BACK = "Back"
ACTION_FORWARD = "Forward"
ACTION_HOME = "Home"
ACTION_LARGER_TEXT = "Larger text"
ACTION_SMALLER_TEXT = "Smaller text"
ACTION_PRINT = "Print\u2026"
ACTION_EXPORT_PDF = "Export PDF\u2026"

# Always allowed in kiosk mode. Print… is added only with allow_print; Export PDF… never
# (it opens a file dialog, which is a way out to the file system), nor the clinician's
# "Handout of several articles…" (it chooses any article, prints anywhere, saves files).
ALLOWED_ACTIONS: frozenset[str] = frozenset(
    {ACTION_BACK, ACTION_FORWARD, ACTION_HOME, ACTION_LARGER_TEXT, ACTION_SMALLER_TEXT}
)

MIN_TEXT_SCALE = 0.5
MAX_TEXT_SCALE = 3.0
# A day: anything longer means the kiosk effectively never resets between patients.
MAX_IDLE_SECONDS = 24 * 60 * 60
# Below this, an idle time is allowed but noted at start: most likely minutes were meant.
SHORT_IDLE_SECONDS = 10
_MAX_CONFIG_BYTES = 64 * 1024
_MAX_NAME_CHARS = 200
# The journal's line for a missing printer names at most this many of the installed ones.
_MAX_PRINTERS_NAMED = 10

@dataclass(frozen=True, slots=True)
class KioskConfig:
    """A validated kiosk configuration.

    ``home`` is an article id or ``"index"`` (the list of conditions); whether the id
    exists is checked when ``load_kiosk_config`` is given the library. ``printer`` is a non-empty
    name whenever ``allow_print`` is true, else None or the name given. ``path`` is the
    file it came from, for messages.
    """

    home: str
    idle_warning_seconds: float
    idle_countdown_seconds: float
    exit_pin: str
    allow_print: bool
    printer: str | None
    clinic_name: str
    text_scale: float
    path: Path | None = None

    def notes(self) -> list[str]:
        """Idle times that are allowed but look like a slip, one line each, naming the file.

        The kiosk starts with them (a short time is how the reset is tried out), and the
        administrator reads the note in the journal.

        >>> config = KioskConfig("index", 2, 30, "", False, None, "Clinic", 1.0, Path("k.toml"))
        >>> print(*config.notes())
        k.toml: note: idle_warning_seconds = 2: patients are asked "Are you still reading?" \
after only 2 seconds without a touch; the value is in seconds (2 minutes is 120)
        """
        what = {
            "idle_warning_seconds": 'patients are asked "Are you still reading?" after only {} '
                                    "without a touch",
            "idle_countdown_seconds": 'patients get only {} to answer "Are you still reading?" '
                                      "before the reset",
        }  # fmt: skip
        notes = []
        for key, value in (("idle_warning_seconds", self.idle_warning_seconds),
                           ("idle_countdown_seconds", self.idle_countdown_seconds)):  # fmt: skip
            if value >= SHORT_IDLE_SECONDS:
                continue
            note = f"{key} = {value:g}: " + what[key].format(f"{value:g} second{'' if value == 1 else 's'}")
            if value == int(value):
                note += f"; the value is in seconds ({value:g} minute{'' if value == 1 else 's'} is {int(value) * 60})"
            notes.append(f"{self.path or 'the kiosk configuration'}: note: {note}")
        return notes


class KnownArticles(Protocol):
    """The articles a ``home`` may name: a ``content.model.Library`` is one."""

    def __contains__(self, article_id: object) -> bool: ...

    def unknown_id(self, article_id: str) -> str:
        """The message for an id no article has ("no article with id ... (did you mean ...)")."""
        ...

    def id_hint(self, text: str) -> str:
        """ "did you mean 'x'?" for the ids or titles closest to ``text``, or ""."""
        ...


class _Bad(Exception):
    """One key's problem, collected by load_kiosk_config."""


def _describe(value: object) -> str:
    """Name a TOML value's type as an administrator would read it."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"  # dates and times


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"must be a number of seconds (got {_describe(value)})")
    if not math.isfinite(value) or value <= 0:
        raise _Bad(f"must be more than 0 seconds (got {value!r})")
    if value > MAX_IDLE_SECONDS:
        raise _Bad(f"must be at most {MAX_IDLE_SECONDS} seconds, one day (got {value!r})")
    return float(value)


def _text_scale(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(f"must be a number such as 1.25 (got {_describe(value)})")
    if not (math.isfinite(value) and MIN_TEXT_SCALE <= value <= MAX_TEXT_SCALE):
        raise _Bad(f"must be between {MIN_TEXT_SCALE} and {MAX_TEXT_SCALE} (got {value!r})")
    return float(value)


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, without quotes (got {_describe(value)})")
    return value


def _name(value: object) -> str:
    """A display name: a string, trimmed, no control characters, not absurdly long."""
    if not isinstance(value, str):
        raise _Bad(f'must be text in quotes, such as "Front Desk" (got {_describe(value)})')
    if NOT_IN_ONE_LINE.search(value):
        raise _Bad("must not contain control characters (tabs, line breaks, line separators)")
    if len(value) > _MAX_NAME_CHARS:
        raise _Bad(f"must be at most {_MAX_NAME_CHARS} characters")
    return value.strip()


def _home(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(f'must be an article id in quotes, or "index" (got {_describe(value)})')
    if value != HOME_INDEX and not (len(value) <= _MAX_NAME_CHARS and is_article_id(value)):
        raise _Bad(
            f'must be an article id (lowercase letters, digits and -) or "index" '
            f"(got {_describe(value)})"
        )
    return value


def _exit_pin(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad(
            f"must be the quoted text printed by `healthreader kiosk-pin` (got {_describe(value)})"
        )
    try:
        check_encoded_pin(value)
    except SettingsError as exc:
        raise _Bad(str(exc)) from None
    return value


_CHECKS: dict[str, Callable[[object], object]] = {
    "home": _home,
    "idle_warning_seconds": _seconds,
    "idle_countdown_seconds": _seconds,
    "exit_pin": _exit_pin,
    "allow_print": _bool,
    "printer": _name,
    "clinic_name": _name,
    "text_scale": _text_scale,
}
KEYS: tuple[str, ...] = tuple(_CHECKS)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise SettingsError(
            f"{path}: cannot read the kiosk configuration: {exc.strerror or exc}"
        ) from None
    if len(data) > _MAX_CONFIG_BYTES:
        raise SettingsError(
            f"{path}: the kiosk configuration is over {_MAX_CONFIG_BYTES // 1024} KiB"
        )
    try:
        # A byte-order mark (Windows editors save one) is dropped: TOML refuses it.
        text = utf8_text(data)
    except ContentError as exc:
        where = f"{path}:{exc.line}" if exc.line is not None else f"{path}"
        raise SettingsError(f"{where}: the kiosk configuration is {exc.reason}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    except ValueError:
        # Python refuses to read a number of over 4,300 digits; tomllib does not say where.
        long = _LONG_NUMBER.search(text)
        if long is None:
            raise SettingsError(f"{path}: not valid TOML: a value is too long to read") from None
        digits = len(long.group("number").replace("_", ""))
        line = text.count("\n", 0, long.start()) + 1
        raise SettingsError(f"{path}: {long.group('key')}: a number of {digits} digits is too long "
                            f"to read (line {line})") from None  # fmt: skip


_LONG_NUMBER = re.compile(r"(?m)^[ \t]*(?P<key>[^=\n]*?)[ \t]*=[ \t]*[+-]?(?P<number>[0-9][0-9_]{4300,})")


def load_kiosk_config(path: Path, articles: KnownArticles | None = None) -> KioskConfig:
    """Read and validate the kiosk configuration; the file is only ever read.

    With ``articles`` (the loaded library), ``home`` must also name one of them, so that a
    kiosk never starts on a missing page. Raises SettingsError listing every problem, one
    line each, naming the file and key.
    """
    raw = _read_toml(path)
    problems: list[str] = []
    for key in sorted(set(raw) - set(KEYS)):
        if isinstance(raw[key], dict):
            problems.append(
                f"unknown key {key!r} (a [section]): the kiosk keys go at the top of the "
                "file, with no section heading"
            )
            continue
        hint = did_you_mean(key, KEYS) or f"the keys are: {', '.join(KEYS)}"
        problems.append(f"unknown key {key!r} ({hint})")

    values: dict[str, object] = {}
    for key in KEYS:
        if key not in raw:
            if key != "printer":  # printer is checked against allow_print below
                problems.append(f"{key}: missing; this key is required")
            continue
        try:
            values[key] = _CHECKS[key](raw[key])
        except _Bad as exc:
            # A title or an id in capitals ("Lupus"): the id it is close to.
            given, hint = raw[key], ""
            if key == "home" and articles is not None and isinstance(given, str):
                hint = articles.id_hint(given)
            problems.append(f"{key}: {exc}" + (f"; {hint}" if hint else ""))
            continue
        if key == "home" and articles is not None:
            home = str(values[key])
            if home != HOME_INDEX and home not in articles:
                problems.append(f'home: {articles.unknown_id(home)}; use an article id from the '
                                'library, or "index"')  # fmt: skip

    if values.get("allow_print") is True and not values.get("printer"):
        if "printer" not in raw:
            problems.append("printer: missing; it is required when allow_print = true")
        elif "printer" in values:  # present but empty; a type error was reported above
            problems.append("printer: must name the front-desk printer when allow_print = true")

    if problems:
        raise SettingsError("\n".join(f"{path}: {problem}" for problem in problems))

    # Every check passed: run them again, typed, to build the result.
    printer = _name(raw["printer"]) if "printer" in raw else ""
    return KioskConfig(
        home=_home(raw["home"]),
        idle_warning_seconds=_seconds(raw["idle_warning_seconds"]),
        idle_countdown_seconds=_seconds(raw["idle_countdown_seconds"]),
        exit_pin=_exit_pin(raw["exit_pin"]),
        allow_print=_bool(raw["allow_print"]),
        printer=printer or None,
        clinic_name=_name(raw["clinic_name"]),
        text_scale=_text_scale(raw["text_scale"]),
        path=path,
    )


_PRINTER_SEPARATORS = re.compile(r"[\s_-]+")


def _printer_key(name: str) -> str:
    """A printer's name as people mean it: case, and space/underscore/hyphen, ignored.

    >>> _printer_key(" Front_Desk ") == _printer_key("front-desk") == _printer_key("Front  Desk")
    True
    """
    return _PRINTER_SEPARATORS.sub(" ", name.casefold()).strip()


def matching_printer(configured: str, installed: Sequence[tuple[str, str]]) -> str | None:
    """The installed printer's name (the one to print to) that ``configured`` means, or None.

    ``installed`` is each printer's (name, description). A CUPS queue's name can hold no
    space, so "Front Desk" is often the description of the queue ``Front_Desk``, which is what
    the system's settings show. An exact name wins, then an exact description, then either
    with case and space/underscore/hyphen ignored.

    >>> matching_printer("Front Desk", [("Office", "Office Laser"), ("Front_Desk", "Front Desk")])
    'Front_Desk'
    >>> matching_printer("front-desk", [("Front_Desk", "")])
    'Front_Desk'
    >>> print(matching_printer("Front Desk", [("Office", "Office Laser")]))
    None
    """
    want = _printer_key(configured)
    tests: tuple[Callable[[str, str], bool], ...] = (
        lambda name, _description: name == configured,
        lambda _name, description: description == configured,
        lambda name, _description: _printer_key(name) == want,
        lambda _name, description: bool(description) and _printer_key(description) == want,
    )
    for test in tests:
        for name, description in installed:
            if name and test(name, description):
                return name
    return None


def printer_missing_text(config: KioskConfig, installed: Sequence[str]) -> str:
    """The journal's line for a kiosk whose ``printer`` is not installed (without the
    "healthreader: " every line gets).

    >>> config = KioskConfig("index", 120, 30, "", True, "Front Desk", "Clinic", 1.0, Path("k.toml"))
    >>> printer_missing_text(config, ["Office"])
    "k.toml: printer 'Front Desk' is not installed (installed: Office); patients are told to ask the front desk"
    """
    if installed:
        shown = ", ".join(installed[:_MAX_PRINTERS_NAMED])
        if len(installed) > _MAX_PRINTERS_NAMED:
            shown += f", and {len(installed) - _MAX_PRINTERS_NAMED} more"
        what = f"installed: {shown}"
    else:
        what = "no printer is installed"
    return (f"{config.path or 'the kiosk configuration'}: printer {config.printer!r} is not "
            f"installed ({what}); patients are told to ask the front desk")  # fmt: skip


class PrintVerdict(enum.Enum):
    """What a patient's Print… does, by what this session has printed already."""

    PRINT = "print"
    ALREADY_PRINTED = "already printed"  # this article went to the printer this session
    ENOUGH = "enough"  # MAX_HANDOUTS_PER_SESSION different ones did


# Each press sent another full handout to the front desk: a patient who thought nothing
# happened, or a bored child, could empty its tray onto the desk where other patients'
# handouts are collected. More than this is a question for the front desk.
MAX_HANDOUTS_PER_SESSION = 5


class SessionPrints:
    """The handouts one patient session has sent to the printer: one copy of each article,
    and at most ``limit`` different ones. ``clear()`` for the next patient.

    >>> prints = SessionPrints(limit=2)
    >>> prints.verdict(["lupus"]).name
    'PRINT'
    >>> prints.printed(["lupus"]); prints.verdict(["lupus"]).name
    'ALREADY_PRINTED'
    >>> prints.printed(["gout"]); prints.verdict(["anemia"]).name
    'ENOUGH'
    >>> prints.clear(); prints.verdict(["lupus"]).name
    'PRINT'
    """

    def __init__(self, limit: int = MAX_HANDOUTS_PER_SESSION) -> None:
        self._limit = limit
        self._sent: set[tuple[str, ...]] = set()

    def verdict(self, article_ids: Sequence[str]) -> PrintVerdict:
        """Whether a handout of these articles may go to the printer now."""
        if tuple(article_ids) in self._sent:
            return PrintVerdict.ALREADY_PRINTED
        if len(self._sent) >= self._limit:
            return PrintVerdict.ENOUGH
        return PrintVerdict.PRINT

    def printed(self, article_ids: Sequence[str]) -> None:
        """A handout of these articles went to the printer."""
        self._sent.add(tuple(article_ids))

    def clear(self) -> None:
        self._sent.clear()


def allowed_actions(config: KioskConfig) -> frozenset[str]:
    """The window actions (by DESIGN.md name) a kiosk keeps; hide and disable all others."""
    if config.allow_print:
        return ALLOWED_ACTIONS | {ACTION_PRINT}
    return ALLOWED_ACTIONS


class IdlePhase(enum.Enum):
    """Where a patient session is on the way to the idle reset."""

    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class IdleState:
    """The idle clock's answer.

    ``seconds_left`` is set in WARNING only: whole seconds before the reset, rounded up,
    so the countdown shows 30 ... 1 and never 0.
    """

    phase: IdlePhase
    seconds_left: int = 0


def seconds_awake_or_asleep() -> float:
    """A clock that keeps counting while the machine sleeps.

    ``time.monotonic`` stops during suspend on Linux (and macOS): after a kiosk wakes, the
    last patient's page would stay up for a whole warning and countdown. Linux's
    CLOCK_BOOTTIME counts the sleep too; Windows' monotonic clock already does.
    """
    if hasattr(time, "CLOCK_BOOTTIME"):
        return time.clock_gettime(time.CLOCK_BOOTTIME)
    return time.monotonic()


class IdleClock:
    """Counts time since the last input; Qt-free, driven by the window's QTimer.

    Use: call ``activity()`` on every key, click or touch (and on "Keep reading"); call
    ``tick()`` from a timer and show, update or close the warning by its answer; on
    EXPIRED reset the session and call ``restart()``. ``next_change_in()`` tells a
    single-shot timer when the answer can next change.

    EXPIRED is latched: once the deadline has passed, ``activity()`` is ignored until
    ``restart()``. A touch that arrives after the deadline but before the timer noticed
    (a busy event loop, a suspended machine) must not keep the last patient's page up.
    """

    def __init__(
        self,
        warning_after: float,
        countdown: float,
        now: Callable[[], float] = seconds_awake_or_asleep,
    ) -> None:
        for name, value in (("warning_after", warning_after), ("countdown", countdown)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
        self._warning_after = float(warning_after)
        self._deadline = float(warning_after) + float(countdown)
        self._now = now
        self._last_input = now()
        self._expired = False

    @classmethod
    def from_config(
        cls, config: KioskConfig, now: Callable[[], float] = seconds_awake_or_asleep
    ) -> IdleClock:
        return cls(config.idle_warning_seconds, config.idle_countdown_seconds, now)

    def _idle(self) -> float:
        # max(): an injected clock that steps back must not make the session "younger"
        # than fresh; it simply counts as no time passed.
        return max(0.0, self._now() - self._last_input)

    @property
    def expired(self) -> bool:
        """True once the reset is due (and until ``restart()``)."""
        if not self._expired and self._idle() >= self._deadline:
            self._expired = True
        return self._expired

    def activity(self) -> None:
        """The reader did something: start the idle time again (unless already expired)."""
        if not self.expired:
            self._last_input = self._now()

    def restart(self) -> None:
        """A new session begins (after the reset): clear the latch, count from now."""
        self._expired = False
        self._last_input = self._now()

    def tick(self) -> IdleState:
        """The current phase; in WARNING, with the whole seconds left before the reset."""
        if self.expired:
            return IdleState(IdlePhase.EXPIRED)
        idle = self._idle()
        if idle < self._warning_after:
            return IdleState(IdlePhase.ACTIVE)
        return IdleState(IdlePhase.WARNING, seconds_left=math.ceil(self._deadline - idle))

    def next_change_in(self) -> float | None:
        """Seconds until ``tick()`` can answer differently without input; None if EXPIRED.

        In ACTIVE: until the warning. In WARNING: until ``seconds_left`` drops by one (or
        the reset). Round the timer interval up (math.ceil of milliseconds) so it fires at
        or just after the change.
        """
        if self.expired:
            return None
        idle = self._idle()
        if idle < self._warning_after:
            return self._warning_after - idle
        remaining = self._deadline - idle
        return remaining - (math.ceil(remaining) - 1)

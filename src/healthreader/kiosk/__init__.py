"""Kiosk mode's plain-Python side: configuration, idle clock, allowed actions, staff PIN.

No Qt here (an import-linter contract enforces it): ``ui/kioskdialogs.py`` and the window
drive these objects. ``kiosk.command`` (the ``kiosk-pin`` command) is imported by the CLI
on demand and is not re-exported.
"""

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
from healthreader.kiosk.policy import (
    ALLOWED_ACTIONS,
    HOME_INDEX,
    IdleClock,
    IdlePhase,
    IdleState,
    KioskConfig,
    allowed_actions,
    check_home,
    load_kiosk_config,
)

__all__ = [
    "ALLOWED_ACTIONS",
    "HOME_INDEX",
    "MAX_TRIES",
    "IdleClock",
    "IdlePhase",
    "IdleState",
    "KioskConfig",
    "PinGuard",
    "PinResult",
    "PinStatus",
    "allowed_actions",
    "check_encoded_pin",
    "check_home",
    "hash_pin",
    "load_kiosk_config",
    "lockout_seconds",
    "validate_new_pin",
    "verify_pin",
]

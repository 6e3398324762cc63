"""Kiosk mode's plain-Python side: configuration, idle clock, allowed actions, staff PIN.

No Qt here (an import-linter contract enforces it): ``ui/kioskdialogs.py`` and the window
drive these objects. Import from ``kiosk.pin``, ``kiosk.policy`` and
``kiosk.command`` (the ``kiosk-pin`` command) directly.
"""

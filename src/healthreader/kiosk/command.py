"""``healthreader kiosk-pin``: read a new staff PIN, print the line for the kiosk config.

Worked example (stdin not a terminal: the first line is the PIN)::

    $ printf '270419\\n' | healthreader kiosk-pin
    exit_pin = "scrypt$16384$8$1$<salt>$<hash>"

On a terminal the PIN is asked twice without echo (prompts on stderr, so stdout holds
only the line to paste). A bad PIN prints a message on stderr and exits 2.
"""

from __future__ import annotations

import getpass as _getpass
from collections.abc import Callable
from typing import TextIO

from healthreader.errors import SettingsError
from healthreader.kiosk.pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS, hash_pin, validate_new_pin

EXIT_OK = 0
EXIT_USAGE = 2

_PROG = "healthreader kiosk-pin"
# Generous for a PIN of at most MAX_PIN_DIGITS, small enough that piping a large file
# in by mistake is not read whole.
_MAX_LINE = 1024


def run_kiosk_pin(
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    *,
    prompt: Callable[[str], str] | None = None,
) -> int:
    """Read a PIN, validate it, print ``exit_pin = "scrypt$…"``; return the exit code.

    ``prompt`` reads one hidden line on a terminal; it defaults to getpass with its prompt
    on ``stderr`` and exists so tests can play the terminal.
    """
    try:
        if stdin.isatty():
            ask = prompt or (lambda text: _getpass.getpass(text, stream=stderr))
            pin = ask(f"New staff PIN ({MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits): ")
            validate_new_pin(pin)  # before the second prompt: no need to type a bad PIN twice
            if ask("Type it again: ") != pin:
                stderr.write(f"{_PROG}: the two PINs differ; nothing was printed\n")
                return EXIT_USAGE
        else:
            line = stdin.readline(_MAX_LINE)
            if not line:
                stderr.write(f"{_PROG}: no PIN on standard input\n")
                return EXIT_USAGE
            # Only the line ending (and stray spaces from echo or a here-string) are
            # trimmed; anything else that is not a digit is refused by validate_new_pin.
            pin = line.strip(" \t\r\n")
        encoded = hash_pin(pin)
    except SettingsError as exc:
        stderr.write(f"{_PROG}: {exc}\n")
        return EXIT_USAGE
    except (EOFError, KeyboardInterrupt):
        stderr.write(f"\n{_PROG}: cancelled; nothing was printed\n")
        return EXIT_USAGE
    except UnicodeDecodeError:
        stderr.write(f"{_PROG}: standard input is not text; type digits only\n")
        return EXIT_USAGE
    # The hash alphabet (base64, digits, "$") needs no escaping in a TOML basic string.
    stdout.write(f'exit_pin = "{encoded}"\n')
    stdout.flush()
    return EXIT_OK

"""Loading PySide6 without it reading the source of every module imported after it.

PySide6 (6.4 and later) puts a hook on Python's imports for its ``__feature__`` switches
(``from __feature__ import snake_case``, which Health Reader never uses): the first time
any module is named in an import, the hook calls ``inspect.getsource`` on it to see
whether its text says "PySide6". That reads every such file through ``linecache``, which
keeps all their lines in memory for the rest of the run: before the reader's first paint,
about 60 files, 2.9 MiB of the heap and several milliseconds.

``load()`` imports the PySide6 package (which installs the hook) and, if the hook is the
one this was written against, has it answer the same question from the file's bytes,
which are not kept. With any other PySide6 it changes nothing. The reader calls it before
anything else of Qt is imported (cli.py), so every later import is answered this way.
"""

from __future__ import annotations

import sys
from types import ModuleType

_MARK = b"PySide6"


def load() -> None:
    """Import PySide6 and make its import hook read files without keeping them."""
    import PySide6  # noqa: F401 - loads shiboken6, which installs the hook

    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(upstream) or getattr(upstream, "_bytes_only", False):
        return

    def mod_uses_pyside(module: ModuleType) -> bool:
        """Upstream's answer ("PySide6" in the module's source) from the raw file."""
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return _MARK in source.read()
            except OSError:
                pass
        return bool(upstream(module))  # packages in zips, frozen modules: as before

    mod_uses_pyside._bytes_only = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]

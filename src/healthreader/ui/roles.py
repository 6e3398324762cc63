"""Item data roles as plain numbers, and why the start-up path avoids ``Qt``.

The first use of PySide6's ``Qt`` namespace (``from PySide6.QtCore import Qt``, or any
call that hands a ``Qt.*`` enum to Python) builds all of its ~90 enum types: about 12 ms,
a tenth of a bare window's start. Nothing that runs before the main window's first paint
touches it: roles are the numbers below (``Qt.ItemDataRole.UserRole`` is 256), and code
that needs a ``Qt`` enum imports ``Qt`` where it runs, after the first paint.
"""

from __future__ import annotations

ACCESSIBLE_TEXT_ROLE = 11  # Qt.ItemDataRole.AccessibleTextRole
ID_ROLE = 256  # Qt.ItemDataRole.UserRole: the article id of a sidebar or result row
SNIPPET_ROLE = 257  # a result's snippet, plain text
SNIPPET_MARKED_ROLE = 258  # the snippet with its matched words in [[ ]]
REASON_ROLE = 259  # why a result matched ("Also called …"), or ""

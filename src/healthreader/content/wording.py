"""What a reader reads around an article, the same on screen and on paper: dates."""

from __future__ import annotations

import datetime

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def plain_date(day: datetime.date) -> str:
    """A date spelled out, day first: unambiguous to readers on both sides of the Atlantic.

    Month names come from a table rather than ``strftime("%B")`` because Qt calls
    ``setlocale()``, which would switch those names to the system language mid-sentence.

    >>> plain_date(datetime.date(2019, 4, 9))
    '9 April 2019'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

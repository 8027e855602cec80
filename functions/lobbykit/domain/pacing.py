"""Pacing letters to each MP: at most a campaign's number an hour, the rest held, never dropped.

A campaign moment can send thousands of letters in minutes, most to a few MPs; an inbox flooded
in an hour is read by nobody, and mail providers treat the flood as spam. So before a confirmed
letter goes, it takes a place in its MP's count for the hour (a conditional ``ADD`` below the
cap, so concurrent confirmations cannot overshoot). Over the cap, the letter stays confirmed
and is due again at the next hour, when the retry function sends it as it sends letters SES
deferred: claimed first, so a held letter is still sent, and counted, once.
"""

from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_LETTERS_PER_MP_PER_HOUR = 60


class LetterPacer(Protocol):
    def take(self, mp_id: int, hour: datetime, cap: int) -> bool:
        """Count one letter to the MP in ``hour`` if fewer than ``cap`` are counted; else False."""
        ...

    def give_back(self, mp_id: int, hour: datetime) -> None:
        """Uncount a letter ``take`` counted that did not go after all (SES throttled or refused
        it), so the place goes to another letter this hour. Best effort: never raises."""
        ...


def hour_of(now: datetime) -> datetime:
    """The start of the (UTC) hour ``now`` falls in: the counting window."""
    return now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def next_hour(now: datetime) -> datetime:
    """When a letter held back in ``now``'s hour is due again."""
    return hour_of(now) + timedelta(hours=1)

"""Rate limits that keep the public form usable by people and useless to scripts.

Fixed windows counted per subject: a client (its IP address, hashed with a secret key so the
raw address is never stored) or an email address (hashed the same way). Limits are generous
for a family sharing one connection and tight for anything automated.

A limit's ``batch`` is how many hits one function instance may count on its own before it
writes them to the shared count: 1 (every hit written) where a request writes anyway, more for
lookups, where the write would be most of a warm lookup's time (``make bench``, figure 2). The
cost is a little slack: across N warm instances a client may get up to N * (batch - 1) more.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from lobbykit.domain.errors import LobbykitError


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int
    message: str
    batch: int = 1


LOOKUPS = Limit(
    "lookup",
    60,
    600,
    "You have looked up a lot of postcodes in a short time. Please wait a few minutes and try again.",
    batch=5,
)
SUBMISSIONS = Limit(
    "submit",
    20,
    3600,
    "Lots of letters have been sent from your connection this hour. Please try again later.",
)
SUBMISSIONS_PER_EMAIL = Limit(
    "submit-email",
    5,
    3600,
    "You have sent this form several times this hour. Please check your email for our link.",
)
CONFIRMATIONS = Limit(
    "confirm",
    30,
    3600,
    "Lots of letters have been confirmed from your connection this hour. Please try again later.",
)
# Opening a link counts apart from pressing its button, so reading a letter before sending it
# does not halve a shared connection's confirmations; each stops a script guessing tokens.
CONFIRMATION_PAGES = Limit(
    "confirm-page",
    CONFIRMATIONS.max_hits,
    CONFIRMATIONS.window_seconds,
    "Lots of confirmation links have been opened from your connection this hour. Please try again later.",
)


class RateLimited(LobbykitError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Window:
    """One subject's hits against one limit in one fixed window. ``subject`` is in the clear
    (``ip:...``, ``email:...``): whoever stores a count keys it by a pseudonym of it."""

    limit: Limit
    subject: str
    start: int

    @property
    def end(self) -> int:
        return self.start + self.limit.window_seconds


class HitCounter(Protocol):
    def hit(self, window: Window) -> int:
        """Count one hit in ``window`` and return the count so far (0 if it is unavailable)."""
        ...


def enforce(counter: HitCounter, limit: Limit, subject: str, now: datetime) -> None:
    """Count this request against ``limit`` for ``subject``; raises ``RateLimited`` past it."""
    moment = int(now.timestamp())
    window = Window(limit, subject, moment - moment % limit.window_seconds)
    if counter.hit(window) > limit.max_hits:
        raise RateLimited(limit.message, retry_after=max(1, window.end - moment))


def pseudonym(value: str, key: bytes) -> str:
    """A keyed hash: stable for counting, useless for recovering the IP address or email."""
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]

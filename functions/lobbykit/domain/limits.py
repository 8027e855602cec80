"""Rate limits that keep the public form usable by people and useless to scripts.

Fixed windows counted per subject: a client (its IP address, hashed with a secret key so the
raw address is never stored) or an email address (hashed the same way). Limits are generous
for a family sharing one connection and tight for anything automated.
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


LOOKUPS = Limit(
    "lookup",
    60,
    600,
    "You have looked up a lot of postcodes in a short time. Please wait a few minutes and try again.",
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


class RateLimited(LobbykitError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class HitCounter(Protocol):
    def hit(self, key: str, expires_at: int) -> int:
        """Count one hit on ``key`` and return the count so far (0 if the count is unavailable)."""
        ...


def enforce(counter: HitCounter, limit: Limit, subject: str, now: datetime) -> None:
    """Count this request against ``limit`` for ``subject``; raises ``RateLimited`` past it."""
    moment = int(now.timestamp())
    window_start = moment - moment % limit.window_seconds
    window_end = window_start + limit.window_seconds
    hits = counter.hit(f"rate#{limit.name}#{subject}#{window_start}", expires_at=window_end + 60)
    if hits > limit.max_hits:
        raise RateLimited(limit.message, retry_after=max(1, window_end - moment))


def pseudonym(value: str, key: bytes) -> str:
    """A keyed hash: stable for counting, useless for recovering the IP address or email."""
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]

"""Applying the rate limits to a request: who is asking (hashed), and how often."""

from lobbykit.application import wiring
from lobbykit.domain.limits import Limit, enforce
from lobbykit.domain.mailbox import canonical_mailbox


def limit_client(limit: Limit, source_ip: str) -> None:
    """Raises ``RateLimited`` when this client has made too many such requests."""
    _enforce(limit, f"ip:{source_ip}")


def limit_email(limit: Limit, email: object) -> None:
    """Counted per mailbox, however the address is spelt (``domain.mailbox``)."""
    if isinstance(email, str) and email.strip():
        _enforce(limit, f"email:{canonical_mailbox(email)}")


def _enforce(limit: Limit, subject: str) -> None:
    counter = wiring.hit_counter()
    if counter is None:
        return
    enforce(counter, limit, subject, wiring.now())

"""The organiser page's sign-in: an opaque session kept on the server, never the token itself.

Signing in with a token starts a session: a random id goes to the browser (in a cookie), and
only its digest is stored, with who signed in, the digest of the token they used and when it
ends (8 hours, or sooner if the token expires first). The stored record is useless to whoever
reads the table: neither the cookie nor the token can be rebuilt from it.

Each request with the cookie finds the session and checks its token again: a revoked, replaced
or expired token ends every session made with it, and its role is read from the token as it is
now. Signing out deletes the session, so a copied cookie stops working at once.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from lobbykit.domain.organisers import (
    NotAuthorised,
    Organiser,
    OrganiserToken,
    authorise_token,
    digest,
    held_token,
)

SESSION_LIFETIME = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class OrganiserSession:
    key: str  # the digest of the id the browser holds
    organiser: str
    token_digest: str
    expires_at: datetime


class SessionStore(Protocol):
    def save(self, session: OrganiserSession) -> None: ...

    def find(self, key: str) -> OrganiserSession | None: ...

    def delete(self, key: str) -> None: ...


def start_session(store: SessionStore, token: str, tokens: list[OrganiserToken], now: datetime) -> str:
    """A new session's id (for the cookie) for a valid token, checked as a bearer token is.

    Raises ``NotAuthorised`` for a token that is not (or no longer) valid.
    """
    organiser = authorise_token(token, tokens, now)
    session_id = secrets.token_urlsafe(32)
    ends = min(now + SESSION_LIFETIME, organiser.expires_at)
    store.save(OrganiserSession(digest(session_id), organiser.name, digest(token), ends))
    return session_id


def resume_session(
    store: SessionStore, session_id: str, tokens: list[OrganiserToken], now: datetime
) -> Organiser | None:
    """Who a session belongs to while both it and its token are valid; None otherwise."""
    session = store.find(digest(session_id))
    if session is None or session.expires_at <= now:
        return None
    try:
        held = held_token(session.token_digest, tokens)
        return held.organiser(now) if held.name == session.organiser else None
    except NotAuthorised:
        return None


def end_session(store: SessionStore, session_id: str) -> None:
    store.delete(digest(session_id))

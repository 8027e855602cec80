"""Organiser tokens: who may read metrics and schedule social moments.

A token is shown once, when created; only its SHA-256 digest is stored. Tokens are long and
random (256 bits), so a fast hash is enough: there is nothing to brute-force. Each organiser
has their own named token, so one can be revoked without disturbing the others.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from lobbykit.domain.errors import LobbykitError

TOKEN_PREFIX = "lk_"  # noqa: S105 - a visible prefix, not a secret


class NotAuthorised(LobbykitError):
    code = "unauthorised"


@dataclass(frozen=True, slots=True)
class OrganiserToken:
    name: str
    digest: str
    created_at: str

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "digest": self.digest, "created_at": self.created_at}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "OrganiserToken":
        return cls(str(record["name"]), str(record["digest"]), str(record["created_at"]))


class TokenStore(Protocol):
    def tokens(self) -> list[OrganiserToken]: ...

    def save(self, tokens: list[OrganiserToken]) -> None: ...


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def authorise(authorization_header: str | None, tokens: list[OrganiserToken]) -> str:
    """The organiser's name for a valid ``Bearer`` token; raises ``NotAuthorised`` otherwise."""
    scheme, _, token = (authorization_header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthorised("This needs an organiser token: send it as 'Authorization: Bearer <token>'.")
    return authorise_token(token.strip(), tokens)


def authorise_token(token: str, tokens: list[OrganiserToken]) -> str:
    """The organiser's name for a token however it came (a header, the page's form or cookie).

    Every stored digest is compared in constant time, so timing tells nothing about which
    token came close.
    """
    presented = digest(token)
    matched = None
    for stored in tokens:
        if hmac.compare_digest(presented, stored.digest):
            matched = stored.name
    if matched is None:
        raise NotAuthorised("That organiser token is not valid (it may have been revoked).")
    return matched


def create_token(store: TokenStore, name: str, now: datetime) -> str:
    """Add a token for ``name`` (replacing theirs, if any); returns the token, shown only now."""
    token = new_token()
    store_token(store, name, token, now)
    return token


def store_token(store: TokenStore, name: str, token: str, now: datetime) -> None:
    """Keep the digest of a token chosen elsewhere (the local stack's ``LOBBYKIT_ORGANISER_TOKEN``)
    exactly as ``create_token`` keeps a new one, replacing ``name``'s previous token, if any."""
    if not name.strip() or len(name) > 64:
        raise ValueError("Give the token a name of 1 to 64 characters, e.g. the organiser's.")
    if not token or any(character.isspace() for character in token):
        raise ValueError("An organiser token cannot be empty or contain spaces.")
    kept = [t for t in store.tokens() if t.name != name]
    store.save([*kept, OrganiserToken(name, digest(token), now.isoformat())])


def revoke_token(store: TokenStore, name: str) -> bool:
    tokens = store.tokens()
    kept = [t for t in tokens if t.name != name]
    store.save(kept)
    return len(kept) != len(tokens)

"""Organiser tokens: who may read metrics, schedule social moments, or erase a supporter.

A token is shown once, when created; only its SHA-256 digest is stored. Tokens are long and
random (256 bits), so a fast hash is enough: there is nothing to brute-force. Each organiser
has their own named token, so one can be revoked without disturbing the others.

Each token has a role and an expiry, so that a leaked or forgotten token can do only so much,
for only so long. The roles include one another: ``viewer`` reads the numbers; ``organiser``
also runs moments, social accounts and member approvals; ``admin`` also erases supporters and
manages tokens. A token stored before tokens had roles (no role or expiry in its record) is
refused rather than guessed at: guessing ``admin`` would hand every early token the power to
erase supporters, for ever. Nothing was launched with such tokens, and ``lobbykit tokens
create`` replaces one in a moment.
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from lobbykit.domain.errors import LobbykitError

TOKEN_PREFIX = "lk_"  # noqa: S105 - a visible prefix, not a secret
DEFAULT_LIFETIME = timedelta(days=90)
LIFETIME = re.compile(r"^([1-9][0-9]{0,4})([dh])$")


class Role(StrEnum):
    """Least to most powerful; each role may do everything the ones before it may."""

    VIEWER = "viewer"
    ORGANISER = "organiser"
    ADMIN = "admin"

    @classmethod
    def named(cls, value: object) -> "Role | None":
        """The role called ``value``; None for anything else (whatever its type)."""
        return next((role for role in cls if role.value == value), None)

    @property
    def with_article(self) -> str:
        return f"an {self}" if self[0] in "aeiou" else f"a {self}"

    def includes(self, needed: "Role") -> bool:
        roles = list(Role)
        return roles.index(self) >= roles.index(needed)


class NotAuthorised(LobbykitError):
    code = "unauthorised"


class UnknownToken(NotAuthorised):
    """No stored token has this digest: mistyped, made up, revoked or replaced."""


class NoSuchToken(LobbykitError):
    """No token has that name (revoking one that was never made, or already revoked)."""

    code = "token_not_found"


class Forbidden(LobbykitError):
    """A valid token whose role is below what the route needs (403, not 401: signing in again
    with the same token would not help)."""

    code = "forbidden"

    def __init__(self, needed: Role, held: Role) -> None:
        super().__init__(
            f"This needs {needed.with_article} token; yours is {held.with_article} token. "
            "Ask an admin for a token with that role if you need to do this."
        )
        self.details = {"role_needed": needed.value, "role_held": held.value}


@dataclass(frozen=True, slots=True)
class Organiser:
    """Who a valid token (or a page session made with one) belongs to, and what they may do."""

    name: str
    role: Role
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class OrganiserToken:
    """A stored token: its digest, never the token. ``role`` and ``expires_at`` are None only in
    records made before tokens had them, which are refused (see the module's docstring)."""

    name: str
    digest: str
    created_at: str
    role: Role | None = None
    expires_at: datetime | None = None

    def to_record(self) -> dict[str, Any]:
        record = {"name": self.name, "digest": self.digest, "created_at": self.created_at}
        if self.role is not None and self.expires_at is not None:
            record |= {"role": self.role.value, "expires_at": self.expires_at.isoformat()}
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "OrganiserToken":
        expires_at = record.get("expires_at")
        return cls(
            str(record["name"]),
            str(record["digest"]),
            str(record["created_at"]),
            Role.named(record.get("role")),
            datetime.fromisoformat(expires_at) if expires_at else None,
        )

    def status(self, now: datetime) -> str:
        """``active``, ``expired``, or ``refused`` (made before tokens had roles)."""
        if self.role is None or self.expires_at is None:
            return "refused"
        return "expired" if self.expires_at <= now else "active"

    def organiser(self, now: datetime) -> Organiser:
        """Who this token is, if it may still be used; ``NotAuthorised`` saying why not."""
        if self.role is None or self.expires_at is None:
            raise NotAuthorised(
                "That organiser token was made before tokens had roles and an expiry, so it no "
                "longer works. Ask an admin for a new one."
            )
        if self.expires_at <= now:
            raise NotAuthorised(
                f"That organiser token expired on {self.expires_at:%d %B %Y}. Ask an admin for a new one."
            )
        return Organiser(self.name, self.role, self.expires_at)


class TokenStore(Protocol):
    def tokens(self) -> list[OrganiserToken]: ...

    def save(self, tokens: list[OrganiserToken]) -> None: ...


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def parse_lifetime(text: str) -> timedelta:
    """``90d`` or ``12h``: how long a new token may be used."""
    matched = LIFETIME.match(text.strip().lower())
    if matched is None:
        raise ValueError(f"Give the expiry as days or hours, e.g. 90d or 12h (not {text!r}).")
    amount, unit = int(matched[1]), matched[2]
    return timedelta(days=amount) if unit == "d" else timedelta(hours=amount)


def authorise(authorization_header: str | None, tokens: list[OrganiserToken], now: datetime) -> Organiser:
    """The organiser holding a valid ``Bearer`` token; raises ``NotAuthorised`` otherwise."""
    scheme, _, token = (authorization_header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthorised("This needs an organiser token: send it as 'Authorization: Bearer <token>'.")
    return authorise_token(token.strip(), tokens, now)


def authorise_token(token: str, tokens: list[OrganiserToken], now: datetime) -> Organiser:
    """The organiser a token belongs to however it came (a header, the page's sign-in form)."""
    return held_token(digest(token), tokens).organiser(now)


def held_token(presented: str, tokens: list[OrganiserToken]) -> OrganiserToken:
    """The stored token with this digest (a page session keeps the digest it was made with).

    Every stored digest is compared in constant time, so timing tells nothing about which
    token came close.
    """
    matched = None
    for stored in tokens:
        if hmac.compare_digest(presented, stored.digest):
            matched = stored
    if matched is None:
        raise UnknownToken("That organiser token is not valid (it may have been revoked).")
    return matched


def permit(organiser: Organiser, needed: Role) -> Organiser:
    """The organiser, if their role includes ``needed``; ``Forbidden`` naming it otherwise."""
    if not organiser.role.includes(needed):
        raise Forbidden(needed, organiser.role)
    return organiser


def create_token(
    store: TokenStore, name: str, role: Role, now: datetime, lifetime: timedelta = DEFAULT_LIFETIME
) -> str:
    """Add a token for ``name`` (replacing theirs, if any); returns the token, shown only now."""
    token = new_token()
    store_token(store, name, token, role, now, lifetime)
    return token


def store_token(
    store: TokenStore,
    name: str,
    token: str,
    role: Role,
    now: datetime,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> None:
    """Keep the digest of a token chosen elsewhere (the local stack's ``LOBBYKIT_ORGANISER_TOKEN``)
    exactly as ``create_token`` keeps a new one, replacing ``name``'s previous token, if any."""
    if not name.strip() or len(name) > 64:
        raise ValueError("Give the token a name of 1 to 64 characters, e.g. the organiser's.")
    if not token or any(character.isspace() for character in token):
        raise ValueError("An organiser token cannot be empty or contain spaces.")
    if lifetime <= timedelta(0):
        raise ValueError("A token must last some time: give an expiry such as 90d.")
    kept = [t for t in store.tokens() if t.name != name]
    store.save([*kept, OrganiserToken(name, digest(token), now.isoformat(), role, now + lifetime)])


def revoke_token(store: TokenStore, name: str) -> bool:
    tokens = store.tokens()
    kept = [t for t in tokens if t.name != name]
    store.save(kept)
    return len(kept) != len(tokens)

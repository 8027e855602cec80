"""Coalition accounts: who posts, on which network, and how long their posts may be.

An account's credentials are checked with its network before it is saved, and are kept apart
from its description: the ``AccountStore`` puts them in a secret of their own and never returns
them with the account.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.social import text
from lobbykit.domain.urls import is_https, scheme_and_host

NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
DEFAULT_PDS_URL = "https://bsky.social"
MAX_VARIABLES = 20


class Network(StrEnum):
    X = "x"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    RECORDING = "recording"


CREDENTIALS: dict[Network, tuple[str, ...]] = {
    Network.X: ("consumer_key", "consumer_secret", "access_token", "access_token_secret"),
    Network.BLUESKY: ("handle", "app_password"),
    Network.MASTODON: ("instance_url", "access_token"),
    Network.RECORDING: (),
}
OPTIONAL_CREDENTIALS: dict[Network, dict[str, str]] = {
    Network.BLUESKY: {"pds_url": DEFAULT_PDS_URL},
    Network.RECORDING: {"handle": ""},
}
URL_CREDENTIALS = frozenset({"pds_url", "instance_url"})
# Stand-ins for a network run beside the local stack, which alone may reach them over http.
LOCAL_HTTP_HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the network says the credentials belong to, and what it allows them."""

    handle: str
    remote_id: str | None = None
    max_characters: int | None = None


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    network: Network
    handle: str
    created_at: str
    remote_id: str | None = None
    max_characters: int | None = None
    variables: Mapping[str, str] = field(default_factory=dict)

    def post_length(self, post: str) -> tuple[int, int, str]:
        """(length as the network counts it, the network's limit, the unit, for messages)."""
        if self.network is Network.BLUESKY:
            return len(text.graphemes(post)), text.BLUESKY_GRAPHEME_LIMIT, "characters"
        if self.network is Network.MASTODON:
            limit = self.max_characters or text.MASTODON_DEFAULT_LIMIT
            return text.mastodon_length(post), limit, "characters"
        return text.x_weighted_length(post), text.X_LIMIT, "weighted characters"

    def too_long(self, post: str) -> str | None:
        """Why ``post`` is too long for this account, or None."""
        length, limit, unit = self.post_length(post)
        if length > limit:
            return f"{self.name!r} ({self.network}): {length} {unit}, the most is {limit}"
        if self.network is Network.BLUESKY and len(post.encode("utf-8")) > text.BLUESKY_BYTE_LIMIT:
            return f"{self.name!r} (bluesky): more than {text.BLUESKY_BYTE_LIMIT} bytes"
        return None


@dataclass(frozen=True, slots=True)
class Registration:
    name: str
    network: Network
    credentials: Mapping[str, str]
    variables: Mapping[str, str]


class CredentialChecker(Protocol):
    def verify(self, network: Network, credentials: Mapping[str, str]) -> Identity:
        """Who the credentials belong to; raises ``CredentialsRejected`` or ``UpstreamUnavailable``."""
        ...


class AccountStore(Protocol):
    def save(self, account: Account, credentials: Mapping[str, str]) -> None: ...

    def accounts(self) -> list[Account]: ...

    def credentials(self, account: Account) -> dict[str, str]: ...


def parse_registration(
    name: object,
    network: object,
    credentials: Mapping[str, object],
    variables: object = None,
    organisation: object = None,
    *,
    local_stack: bool = False,
) -> Registration:
    """Check what an organiser sent before anything is asked of the network.

    ``organisation`` (the organisation's name) is one of the account's own template variables,
    given on its own because every account has one. An instance or PDS URL is ``https://``: the
    account's password or token goes there. Only on the local stack (``local_stack``) may it be
    ``http://127.0.0.1:<port>``, where stand-ins for the networks run.
    """
    if not isinstance(name, str) or not NAME.match(name):
        raise InvalidInput(
            "Give the account a short name of lower-case letters, digits and hyphens "
            "(up to 40), e.g. 'rcslt-bluesky'.",
            field="name",
        )
    try:
        chosen = Network(str(network))
    except ValueError:
        raise InvalidInput(
            f"The network must be one of: {', '.join(n.value for n in Network)}.", field="network"
        ) from None
    required = CREDENTIALS[chosen]
    optional = OPTIONAL_CREDENTIALS.get(chosen, {})
    unexpected = sorted(set(credentials) - set(required) - set(optional))
    if unexpected:
        raise InvalidInput(
            f"A {chosen} account does not take {', '.join(unexpected)}. "
            f"It needs: {', '.join(required) or 'nothing more'}.",
            field=unexpected[0],
        )
    given = {**optional, **credentials}
    missing = [key for key in required if not isinstance(given.get(key), str) or not str(given[key]).strip()]
    if missing:
        raise InvalidInput(f"A {chosen} account needs {', '.join(missing)}.", field=missing[0])
    cleaned = {key: str(value).strip() for key, value in given.items() if isinstance(value, str)}
    if chosen is Network.RECORDING:
        cleaned["handle"] = cleaned.get("handle") or f"@{name}"
    for key in URL_CREDENTIALS & set(cleaned):
        cleaned[key] = _service_url(cleaned[key], key, local_stack)
    own = _variables({} if variables is None else variables)
    if organisation is not None:
        own.update(_variables({"organisation": organisation}))
    return Registration(name, chosen, cleaned, own)


def _service_url(value: str, key: str, local_stack: bool) -> str:
    local = local_stack and scheme_and_host(value) == ("http", LOCAL_HTTP_HOST)
    if not (is_https(value) or local):
        raise InvalidInput(
            f"{key} must be a web address starting https://, for example https://mastodon.social.",
            field=key,
        )
    return value.rstrip("/")


def _variables(variables: object) -> dict[str, str]:
    if (
        not isinstance(variables, dict)
        or len(variables) > MAX_VARIABLES
        or not all(
            isinstance(key, str) and key.isidentifier() and isinstance(value, str)
            for key, value in variables.items()
        )
    ):
        raise InvalidInput(
            f"Variables must be up to {MAX_VARIABLES} names (letters, digits, underscores) with text "
            'values, e.g. {"organisation": "RCSLT", "stat": "1 in 10 children"}.',
            field="variables",
        )
    return {key: str(value) for key, value in variables.items()}


def register_account(
    registration: Registration, checker: CredentialChecker, store: AccountStore, now: datetime
) -> Account:
    """Check the credentials with the network, then save the account (replacing one of that name)."""
    identity = checker.verify(registration.network, registration.credentials)
    account = Account(
        name=registration.name,
        network=registration.network,
        handle=identity.handle,
        created_at=now.isoformat(),
        remote_id=identity.remote_id,
        max_characters=identity.max_characters,
        variables=registration.variables,
    )
    store.save(account, registration.credentials)
    return account

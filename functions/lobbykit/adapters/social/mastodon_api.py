"""Mastodon through Mastodon.py, with an instance URL and an access token.

Registration also reads the instance's own post length limit (``/api/v2/instance``,
``configuration.statuses.max_characters``): instances differ, and a moment is checked against
each account's. Mastodon.py is told to raise on 429 (its default would sleep in the function)
and not to ask the instance its version first.
"""

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonUnauthorizedError,
)

from lobbykit.adapters.social.options import NetworkOptions
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.social.accounts import Account, Identity
from lobbykit.domain.social.errors import CredentialsRejected, NetworkFailure, NetworkRateLimited, PostRefused
from lobbykit.domain.social.publishing import Receipt
from lobbykit.domain.social.text import MASTODON_DEFAULT_LIMIT

DEFAULT_RETRY_AFTER = 300.0


def client(credentials: Mapping[str, str], options: NetworkOptions) -> Any:
    return Mastodon(
        access_token=credentials["access_token"],
        api_base_url=credentials["instance_url"],
        request_timeout=options.timeout,
        ratelimit_method="throw",
        version_check_mode="none",
    )


def verify(credentials: Mapping[str, str], options: NetworkOptions) -> Identity:
    instance = client(credentials, options)
    try:
        me = instance.account_verify_credentials()
        limit = _max_characters(instance.instance_v2())
    except MastodonUnauthorizedError as error:
        raise CredentialsRejected(
            "The Mastodon instance did not accept this access token. Create one under Preferences → "
            "Development with the read and write scopes."
        ) from error
    except MastodonAPIError as error:
        if _status(error) == 403:
            raise CredentialsRejected(
                "This access token may not read the account: give it the read and write scopes."
            ) from error
        raise UpstreamUnavailable(
            f"We could not check the account with {credentials['instance_url']} ({_reason(error)})."
        ) from error
    except MastodonError as error:
        raise UpstreamUnavailable(
            f"We could not reach {credentials['instance_url']} just now ({type(error).__name__})."
        ) from error
    host = urlsplit(credentials["instance_url"]).hostname
    return Identity(handle=f"@{me['acct']}@{host}", remote_id=str(me["id"]), max_characters=limit)


def _max_characters(instance: Any) -> int:
    try:
        return int(instance["configuration"]["statuses"]["max_characters"])
    except (KeyError, TypeError, ValueError):
        return MASTODON_DEFAULT_LIMIT


class MastodonPublisher:
    def __init__(self, credentials: Mapping[str, str], options: NetworkOptions) -> None:
        self._client = client(credentials, options)

    def post(self, text: str, key: str) -> Receipt:
        """Sent with an ``Idempotency-Key``: Mastodon itself refuses to post the same key twice."""
        try:
            status = self._client.status_post(text, visibility="public", idempotency_key=key)
        except Exception as error:
            raise failure(error, self._client) from error
        return Receipt(str(status["id"]), status.get("url"))


def publisher(account: Account, credentials: Mapping[str, str], options: NetworkOptions) -> MastodonPublisher:
    return MastodonPublisher(credentials, options)


def failure(error: Exception, client: Any) -> NetworkFailure:
    """What a failed Mastodon call means for the post."""
    if isinstance(error, MastodonRatelimitError):
        reset = getattr(client, "ratelimit_reset", None)
        wait = reset - time.time() if isinstance(reset, (int, float)) else DEFAULT_RETRY_AFTER
        return NetworkRateLimited(
            "The Mastodon instance is limiting how often this account can post.", max(0.0, wait)
        )
    if isinstance(error, MastodonUnauthorizedError):
        return CredentialsRejected(
            "The Mastodon instance no longer accepts this token: register the account again."
        )
    if isinstance(error, MastodonNetworkError):
        return PostRefused(
            f"The Mastodon instance did not answer in time ({type(error).__name__}). Check the account "
            "before posting again: the post may have gone out."
        )
    if isinstance(error, MastodonAPIError):
        return PostRefused(f"The Mastodon instance refused the post ({_reason(error)}).")
    return PostRefused(f"The post to Mastodon failed ({type(error).__name__}).")


def _status(error: Exception) -> int | None:
    status = error.args[1] if len(error.args) > 1 else None
    return status if isinstance(status, int) else None


def _reason(error: Exception) -> str:
    detail = error.args[3] if len(error.args) > 3 and error.args[3] else "no reason given"
    return f"HTTP {_status(error)}: {detail}"

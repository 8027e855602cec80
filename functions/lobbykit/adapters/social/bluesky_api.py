"""Bluesky through the AT Protocol SDK (``atproto``), with a handle and an app password.

Importing the SDK takes seconds (thousands of generated models), which no API route but
registration should pay for: ``networks`` imports this module only for a Bluesky account.
Links and hashtags are sent as facets (UTF-8 byte ranges, computed in
``lobbykit.domain.social.text``), since Bluesky shows plain text otherwise.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from atproto import Client, models
from atproto_client import exceptions
from atproto_client.request import Request

from lobbykit.adapters.social.options import NetworkOptions
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.social.accounts import DEFAULT_PDS_URL, Account, Identity
from lobbykit.domain.social.errors import CredentialsRejected, NetworkFailure, NetworkRateLimited, PostRefused
from lobbykit.domain.social.publishing import Receipt
from lobbykit.domain.social.text import bluesky_facets

DEFAULT_RETRY_AFTER = 300.0
APP_VIEW = "https://bsky.app"


def client(credentials: Mapping[str, str], options: NetworkOptions) -> Any:
    return Client(
        base_url=credentials.get("pds_url", DEFAULT_PDS_URL), request=Request(timeout=options.timeout)
    )


def verify(credentials: Mapping[str, str], options: NetworkOptions) -> Identity:
    """``createSession`` alone: it proves the password and names the account (handle and DID)."""
    try:
        session = client(credentials, options).com.atproto.server.create_session(
            models.ComAtprotoServerCreateSession.Data(
                identifier=credentials["handle"], password=credentials["app_password"]
            )
        )
    except Exception as error:
        found = failure(error)
        if isinstance(found, CredentialsRejected):
            raise CredentialsRejected(
                "Bluesky did not accept this handle and app password (create an app password in "
                "Settings → Privacy and security → App passwords)."
            ) from error
        raise UpstreamUnavailable(
            f"We could not check the account with Bluesky just now ({found.message}). Please try again later."
        ) from error
    return Identity(handle=f"@{session.handle}", remote_id=session.did)


class BlueskyPublisher:
    """Logs in when made, so that the posts of a moment only wait for the post itself."""

    def __init__(self, account: Account, credentials: Mapping[str, str], options: NetworkOptions) -> None:
        self._account = account
        self._client = client(credentials, options)
        try:
            self._client.login(credentials["handle"], credentials["app_password"], fetch_bsky_profile=False)
        except Exception as error:
            raise failure(error) from error

    def post(self, text: str, key: str) -> Receipt:
        """Bluesky takes no idempotency key; the claim in the moment's record prevents a repeat."""
        facets = [_facet(models, facet) for facet in bluesky_facets(text)]
        try:
            created = self._client.send_post(
                text, profile_identify=self._account.remote_id, facets=facets or None
            )
        except Exception as error:
            raise failure(error) from error
        rkey = str(created.uri).rsplit("/", 1)[-1]
        return Receipt(str(created.uri), f"{APP_VIEW}/profile/{self._account.handle.lstrip('@')}/post/{rkey}")


def publisher(account: Account, credentials: Mapping[str, str], options: NetworkOptions) -> BlueskyPublisher:
    return BlueskyPublisher(account, credentials, options)


def _facet(models: Any, facet: Any) -> Any:
    feature = (
        models.AppBskyRichtextFacet.Link(uri=facet.value)
        if facet.kind == "link"
        else models.AppBskyRichtextFacet.Tag(tag=facet.value)
    )
    return models.AppBskyRichtextFacet.Main(
        features=[feature],
        index=models.AppBskyRichtextFacet.ByteSlice(byte_start=facet.byte_start, byte_end=facet.byte_end),
    )


def failure(error: Exception) -> NetworkFailure:
    """What a failed Bluesky call means for the post."""
    if isinstance(error, exceptions.RateLimitExceededError):
        return NetworkRateLimited("Bluesky is limiting how often this account can post.", _retry_after(error))
    if isinstance(error, exceptions.UnauthorizedError):
        return CredentialsRejected(
            "Bluesky no longer accepts this account's app password: register it again."
        )
    if isinstance(error, exceptions.NetworkError):
        return PostRefused(
            f"Bluesky did not answer in time ({type(error).__name__}). Check the account before "
            "posting again: the post may have gone out."
        )
    if isinstance(error, exceptions.RequestErrorBase) and error.response is not None:
        return PostRefused(f"Bluesky refused the post (HTTP {error.response.status_code}: {_detail(error)}).")
    return PostRefused(f"The post to Bluesky failed ({type(error).__name__}).")


def _retry_after(error: Any) -> float:
    if error.retry_after is not None:
        return float(error.retry_after)
    if error.reset_at is not None:
        return max(0.0, float((error.reset_at - datetime.now(UTC)).total_seconds()))
    return DEFAULT_RETRY_AFTER


def _detail(error: Any) -> str:
    content = error.response.content
    message = getattr(content, "message", None) or getattr(content, "error", None)
    return str(message) if message else "no reason given"

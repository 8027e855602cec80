"""X through tweepy, with OAuth 1.0a user tokens (``create_tweet``; ``get_me`` checks credentials).

tweepy 4.17 sends every call to ``https://api.twitter.com`` and sets no timeout. A requests
transport mounted on the client's session adds the timeout and, when ``LOBBYKIT_X_API_URL``
names another base (a stub in tests or the local stack), forwards the call there. The OAuth1
signature is computed by tweepy before the transport sees the request, for the real URL, so a
stub that verifies it checks exactly what X would.
"""

import time
from collections.abc import Mapping
from typing import Any

import requests
import tweepy
from requests.adapters import HTTPAdapter

from lobbykit.adapters.social.options import NetworkOptions
from lobbykit.config import DEFAULT_X_API_URL
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.social.accounts import Account, Identity
from lobbykit.domain.social.errors import (
    CredentialsRejected,
    DuplicateContent,
    NetworkFailure,
    NetworkRateLimited,
    PostRefused,
)
from lobbykit.domain.social.publishing import Receipt

DEFAULT_RETRY_AFTER = 900.0  # X's rate-limit windows are 15 minutes


class XTransport(HTTPAdapter):
    """Sends calls meant for api.twitter.com to ``api_url``, never without a timeout."""

    def __init__(self, api_url: str, timeout: float) -> None:
        super().__init__(max_retries=0)  # a post is not idempotent: never resent by the transport
        self._api_url = api_url.rstrip("/")
        self._timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = request.url or ""
        if self._api_url != DEFAULT_X_API_URL and url.startswith(DEFAULT_X_API_URL):
            request.url = self._api_url + url[len(DEFAULT_X_API_URL) :]
            kwargs["proxies"] = requests.utils.get_environ_proxies(request.url)
        kwargs["timeout"] = kwargs.get("timeout") or self._timeout
        return super().send(request, **kwargs)


def client(credentials: Mapping[str, str], options: NetworkOptions) -> Any:
    x = tweepy.Client(
        consumer_key=credentials["consumer_key"],
        consumer_secret=credentials["consumer_secret"],
        access_token=credentials["access_token"],
        access_token_secret=credentials["access_token_secret"],
        wait_on_rate_limit=False,  # a 429 is retried by a new schedule, never by sleeping here
    )
    x.session.mount(DEFAULT_X_API_URL, XTransport(options.x_api_url, options.timeout))
    return x


def verify(credentials: Mapping[str, str], options: NetworkOptions) -> Identity:
    try:
        me = client(credentials, options).get_me(user_auth=True).data
    except (tweepy.Unauthorized, tweepy.Forbidden) as error:
        raise CredentialsRejected(
            "X did not accept these keys and tokens. Check all four come from the same app and "
            "account, and that the access token was generated with read and write permission."
        ) from error
    except (tweepy.TweepyException, requests.RequestException) as error:
        raise UpstreamUnavailable(
            f"We could not check the account with X just now ({_reason(error)}). Please try again later."
        ) from error
    return Identity(handle=f"@{me.username}", remote_id=str(me.id))


class XPublisher:
    def __init__(self, account: Account, credentials: Mapping[str, str], options: NetworkOptions) -> None:
        self._username = account.handle.lstrip("@")
        self._client = client(credentials, options)

    def post(self, text: str, key: str) -> Receipt:
        """X takes no idempotency key; the claim in the moment's record is what prevents a repeat."""
        try:
            tweet = self._client.create_tweet(text=text, user_auth=True).data
        except Exception as error:
            raise failure(error) from error
        tweet_id = str(tweet["id"])
        return Receipt(tweet_id, f"https://x.com/{self._username}/status/{tweet_id}")


def publisher(account: Account, credentials: Mapping[str, str], options: NetworkOptions) -> XPublisher:
    return XPublisher(account, credentials, options)


def failure(error: Exception) -> NetworkFailure:
    """What a failed X call means for the post."""
    if isinstance(error, tweepy.TooManyRequests):
        return NetworkRateLimited(
            "X is limiting how often this account can post.", _retry_after(error.response)
        )
    if isinstance(error, tweepy.Unauthorized):
        return CredentialsRejected("X no longer accepts this account's tokens: register it again.")
    if isinstance(error, tweepy.Forbidden) and any("duplicate" in m.lower() for m in error.api_messages):
        return DuplicateContent("X refused this as a duplicate of something the account already posted.")
    if isinstance(error, tweepy.HTTPException):
        return PostRefused(f"X refused the post ({_reason(error)}).")
    if isinstance(error, requests.RequestException):
        return PostRefused(
            f"X did not answer in time ({type(error).__name__}). Check the account before posting again: "
            "the post may have gone out."
        )
    return PostRefused(f"The post to X failed ({type(error).__name__}).")


def _retry_after(response: Any) -> float:
    """Seconds until X's window resets (the 15-minute window or the 24-hour user limit)."""
    resets = [
        int(value)
        for name in ("x-rate-limit-reset", "x-user-limit-24hour-reset")
        if (value := response.headers.get(name, "")).isdigit()
    ]
    return max(0.0, max(resets) - time.time()) if resets else DEFAULT_RETRY_AFTER


def _reason(error: Exception) -> str:
    if isinstance(error, tweepy.HTTPException):
        detail = "; ".join(error.api_messages)
        return f"HTTP {error.response.status_code}" + (f": {detail}" if detail else "")
    return type(error).__name__

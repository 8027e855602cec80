"""The social networks as the domain sees them: check credentials, make a publisher.

Each network's SDK is imported only when an account of that network is used, so the API
function's cold start pays for none of them, and a moment on Mastodon alone never loads the
AT Protocol SDK.
"""

from collections.abc import Callable, Mapping
from typing import Any

from lobbykit.adapters.social import recording
from lobbykit.adapters.social.options import NetworkOptions
from lobbykit.domain.social.accounts import Account, Identity, Network
from lobbykit.domain.social.publishing import Publisher


class SocialNetworks:
    def __init__(
        self,
        credentials: Callable[[Account], dict[str, str]],
        dynamodb: Any,
        table: str,
        options: NetworkOptions | None = None,
    ) -> None:
        self._credentials = credentials
        self._dynamodb = dynamodb
        self._table = table
        self._options = options or NetworkOptions()

    def verify(self, network: Network, credentials: Mapping[str, str]) -> Identity:
        if network is Network.RECORDING:
            return recording.verify(credentials["handle"])
        identity: Identity = _module(network).verify(credentials, self._options)
        return identity

    def publisher(self, account: Account) -> Publisher:
        if account.network is Network.RECORDING:
            return recording.RecordingPublisher(account, self._dynamodb, self._table)
        publisher: Publisher = _module(account.network).publisher(
            account, self._credentials(account), self._options
        )
        return publisher


def _module(network: Network) -> Any:
    """The network's adapter, imported now: each imports its SDK (see the module's docstring)."""
    if network is Network.X:
        from lobbykit.adapters.social import x_api  # noqa: PLC0415 - cold start

        return x_api
    if network is Network.BLUESKY:
        from lobbykit.adapters.social import bluesky_api  # noqa: PLC0415 - cold start

        return bluesky_api
    from lobbykit.adapters.social import mastodon_api  # noqa: PLC0415 - cold start

    return mastodon_api

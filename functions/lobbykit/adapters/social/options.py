"""Settings every network adapter takes."""

from dataclasses import dataclass

from lobbykit.config import DEFAULT_X_API_URL


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    # A post call that has not answered in 10 s is abandoned (and recorded as unconfirmed): the
    # moment is about landing together, and the publish function's timeout must cover it.
    timeout: float = 10.0
    x_api_url: str = DEFAULT_X_API_URL

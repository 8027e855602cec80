"""Routes only the local stack serves, never deployed: what the product sent, for people and tests.

Each is a ``GET`` answered with the JSON its function returns. Adding one is one small function::

    @dev_route("/_dev/posts")
    def posts() -> list[dict[str, Any]]:
        return [...]
"""

from collections.abc import Callable
from typing import Any, TypeVar

from lobbykit.adapters.social.recording import recorded_posts
from lobbykit.application import wiring
from lobbykit.local.outbox import sent_emails

DevRoute = Callable[[], Any]
DEV_ROUTES: dict[str, DevRoute] = {}
Route = TypeVar("Route", bound=DevRoute)


def dev_route(path: str) -> Callable[[Route], Route]:
    def register(route: Route) -> Route:
        DEV_ROUTES[path] = route
        return route

    return register


@dev_route("/_dev/posts")
def posts() -> list[dict[str, Any]]:
    """Every post a recording account made: ``[{"account", "text", "posted_at"}]``, oldest first."""
    return list(recorded_posts(wiring.dynamodb_client(), wiring.social_table()))


@dev_route("/_dev/outbox")
def outbox() -> list[dict[str, Any]]:
    """Every email sent: ``[{"from", "to": [], "reply_to": [], "subject", "text", "html", "headers",
    "message_id", "configuration_set", "tags"}]``."""
    return sent_emails()

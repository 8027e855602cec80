"""``GET /api/mp?postcode=``: who is the MP for this postcode?"""

from typing import Any

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.application.lookup import find_mp, present_lookup
from lobbykit.domain.limits import LOOKUPS
from lobbykit.handlers.limits import limit_client
from lobbykit.observability import count

router = APIGatewayHttpRouter()


@router.get("/api/mp")
def get_mp() -> dict[str, Any]:
    """``postcode`` is a UK postcode as the supporter typed it; the domain checks it.

    The directory is not a powertools ``Depends``: resolving one costs this, the busiest
    route, about an eighth of its warm time (profiled with cProfile)."""
    limit_client(LOOKUPS, router.current_event.request_context.http.source_ip)
    postcode = router.current_event.get_query_string_value("postcode") or ""
    lookup = find_mp(postcode, wiring.members_directory())
    count("Lookups")
    return present_lookup(lookup)

"""The API function: powertools resolvers, one router per file, errors mapped in one place.

Routers are imported by the part of the site a request is for (its first path segments), when
the first request there arrives: a cold start that answers ``GET /api/mp`` imports the lookup's
code, not the organiser pages', the social accounts' or the letters' (``make bench``, figure 1).
Each part is its own resolver with the same error mapping, so a request is answered the same
whichever parts this instance has loaded.

The resolvers run without ``enable_validation``: that would import pydantic (the largest part
of a cold start, measured with ``python -X importtime``) to check what the domain checks anyway,
with messages written for supporters rather than for developers.
"""

from functools import cache
from importlib import import_module
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from lobbykit.handlers import errors
from lobbykit.handlers.cross_site import refuse_cross_site
from lobbykit.handlers.security import with_security_headers
from lobbykit.observability import metrics as emf
from lobbykit.observability import traced

logger = Logger(service="lobbykit")

# The site's parts, by their first path segments (two under /api), and the routers serving each.
SECTIONS: dict[str, tuple[str, ...]] = {
    "api/mp": ("mp",),
    "api/campaigns": ("actions", "moments", "metrics"),
    "api/accounts": ("accounts",),
    "api/supporters": ("supporters",),
    "api/tokens": ("tokens",),
    "c": ("pages",),
    "confirm": ("confirm",),
    "organiser": ("organiser",),
    "static": ("static",),
}


def section_of(path: str) -> str:
    """``/api/campaigns/x/actions`` → ``api/campaigns``; ``/c/x`` → ``c``."""
    segments = path.strip("/").split("/")
    return "/".join(segments[:2]) if segments[0] == "api" else segments[0]


@cache
def resolver(section: str) -> APIGatewayHttpResolver:
    """The part's resolver, its routers imported now; an unknown part has none (every path 404s).

    Other sites' forms and non-JSON bodies are refused before any route runs (``cross_site``).
    """
    app = APIGatewayHttpResolver()
    app.use([refuse_cross_site])
    for name in SECTIONS.get(section, ()):
        app.include_router(import_module(f"lobbykit.handlers.{name}").router)
    errors.register(app)
    return app


@traced
@emf.log_metrics
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    path = str(event.get("rawPath") or "/")
    return with_security_headers(resolver(section_of(path)).resolve(event, context))

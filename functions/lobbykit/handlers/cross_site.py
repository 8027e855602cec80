"""Other sites cannot make a supporter's or organiser's browser change anything here.

One middleware, on every route of the API function, before the route (and its token check) runs:

- **Forms** (POST, PUT, PATCH or DELETE outside ``/api/``: the action page's steps, the
  confirmation button, the organiser page's sign-in and sign-out, and any form added later) are
  refused, 403 with a page, when the browser says they come from another site: ``Sec-Fetch-Site``
  ``cross-site`` or ``same-site``, or an ``Origin`` other than this site's own. A request with
  neither header (an old browser, or a script) is served: there is nothing to go on, and a
  script is no browser carrying someone's cookie.
- **The JSON API** (the same methods, with a body, under ``/api/``) takes only
  ``Content-Type: application/json``, else 415: a browser will not send that type to another
  site without first asking it (a CORS preflight, which API Gateway answers only for the
  campaign's own origin), so a cross-site ``text/plain`` or form post never reaches a route.

Decisions (docs/privacy-and-abuse.md):

- ``Sec-Fetch-Site: same-site`` is refused: a sibling subdomain (a blog, another team's app, or
  another API on a shared domain) is not this site, and no page of ours posts from one.
- ``Origin: null`` (sandboxed frames, ``data:`` pages, redirects from elsewhere: anything an
  attacker can arrange) is refused, unless the browser also says ``Sec-Fetch-Site: same-origin``.
  Chromium sends ``null`` with our own forms on a page whose referrer policy is ``no-referrer``;
  our pages now say ``same-origin`` (``handlers.security``), so browsers send the real origin,
  and the exception keeps a page opened before that change working.
- This site's own origin is ``LOBBYKIT_PUBLIC_URL``'s, or the ``Host`` the request was sent to
  with the public URL's scheme: behind API Gateway that is the API's own domain (or the custom
  domain), locally ``127.0.0.1`` or ``localhost``. A browser always sends the true ``Host``, so
  another site cannot make its own origin match.
"""

from typing import Any
from urllib.parse import urlsplit

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent

from lobbykit.config import settings
from lobbykit.domain.errors import CrossSiteRequest, UnsupportedMediaType

logger = Logger(service="lobbykit", child=True)
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
DEFAULT_PORTS = {"http": 80, "https": 443}
FOREIGN_SITES = frozenset({"cross-site", "same-site"})
UNREADABLE = "unreadable:"  # what an origin that cannot be read becomes: equal to none of ours


def refuse_cross_site(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response[Any]:
    event = app.current_event
    if event.http_method.upper() in CHANGES:
        if event.path.startswith("/api/"):
            require_json(event)
        else:
            require_same_origin(event)
    return next_middleware(app)


def require_json(event: BaseProxyEvent) -> None:
    """A body must be JSON (parameters such as ``charset`` allowed); a bodiless call is let by."""
    if not event.body:
        return
    media_type = (event.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media_type != JSON:
        raise UnsupportedMediaType(
            "Send the request body as JSON, with the header 'Content-Type: application/json'."
        )


def require_same_origin(event: BaseProxyEvent) -> None:
    reason = foreign(event)
    if reason is not None:
        # The path's first part only: the rest may be a confirmation link's token.
        part = event.path.strip("/").split("/")[0]
        logger.info("form from another site refused", extra={"reason": reason, "part": part})
        raise CrossSiteRequest()


def foreign(event: BaseProxyEvent) -> str | None:
    """Why the browser's headers say this request comes from another site; None if they do not."""
    fetch_site = (event.headers.get("sec-fetch-site") or "").strip().lower()
    origin = (event.headers.get("origin") or "").strip().lower()
    if fetch_site in FOREIGN_SITES:
        return f"Sec-Fetch-Site: {fetch_site}"
    if origin == "null":
        return None if fetch_site == "same-origin" else "Origin: null"
    if origin and normalised(origin) not in own_origins(event):
        return "another Origin"
    return None


def own_origins(event: BaseProxyEvent) -> set[str]:
    """This site's origins: the public URL's, and the host the request was sent to."""
    public_url = settings().public_url
    scheme = urlsplit(public_url).scheme if public_url else "https"
    origins = {normalised(public_url)} if public_url else set()
    context = event.get("requestContext") or {}
    host = event.headers.get("host") or context.get("domainName")
    if host:
        origins.add(normalised(f"{scheme}://{host}"))
    return origins - {UNREADABLE}


def normalised(url: str) -> str:
    """``scheme://host[:port]`` in lower case, the scheme's default port left out, as browsers
    write an ``Origin``; anything unreadable becomes a value no origin equals."""
    try:
        parts = urlsplit(url.strip().lower())
        port = parts.port
    except ValueError:
        return UNREADABLE
    if not parts.scheme or not parts.hostname:
        return UNREADABLE
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown_port = "" if port is None or port == DEFAULT_PORTS.get(parts.scheme) else f":{port}"
    return f"{parts.scheme}://{host}{shown_port}"

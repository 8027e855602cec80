"""The organiser check every organiser route shares: ``Depends(organiser)`` for the API, and the
same check on the token the organiser page keeps in its cookie.

The same check runs locally and behind API Gateway: the local stack stores its printed token's
digest in (embedded) Secrets Manager exactly as ``lobbykit tokens create`` does in AWS.

The page's cookie holds the token itself rather than a signed session: every request is then
checked against the stored digests as the API's are, so revoking a token ends its page sessions
too (within the token cache's minute), and there is no session-signing key to keep, rotate or
leak. The cookie is HttpOnly (no script can read it), Secure, SameSite=Strict (no request from
another site carries it: the page's defence against cross-site request forgery), limited to
``Path=/organiser`` (the API never receives it) and kept for a working day.
"""

from dataclasses import dataclass

from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from lobbykit.application import wiring
from lobbykit.domain.organisers import NotAuthorised, authorise, authorise_token

PAGE_COOKIE = "lobbykit_organiser"
PAGE_PATH = "/organiser"
PAGE_SESSION_SECONDS = 8 * 3600


def organiser(request: Request) -> str:
    """The authenticated organiser's token name; raises ``NotAuthorised`` (401) otherwise."""
    return authorise(request.headers.get("authorization"), wiring.token_store().tokens())


@dataclass(frozen=True, slots=True)
class PageSession:
    """Who the page's cookie says is signed in; ``refused`` when it came with a token that is not
    (or is no longer) valid, so the page can say the session has ended rather than just ask."""

    organiser: str | None
    refused: bool = False


def page_session(request: Request) -> PageSession:
    token = request.resolved_event.resolved_cookies_field.get(PAGE_COOKIE)
    if token is None:
        return PageSession(None)
    organiser = organiser_for(token)
    return PageSession(organiser, refused=organiser is None)


def organiser_for(token: str) -> str | None:
    """The organiser a token (typed into the page, or from its cookie) belongs to, if any."""
    try:
        return authorise_token(token, wiring.token_store().tokens())
    except NotAuthorised:
        return None


def page_cookie(token: str) -> Cookie:
    return _cookie(token, PAGE_SESSION_SECONDS)


def cleared_page_cookie() -> Cookie:
    return _cookie("", 0)


def _cookie(value: str, max_age: int) -> Cookie:
    return Cookie(
        PAGE_COOKIE,
        value,
        path=PAGE_PATH,
        secure=True,
        http_only=True,
        max_age=max_age,
        same_site=SameSite.STRICT_MODE,
    )

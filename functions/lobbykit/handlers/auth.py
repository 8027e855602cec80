"""Who may call each organiser route, and the organiser page's session cookie.

A route declares the least role it needs in its signature, where a reader sees it::

    def erase(organiser: auth.NeedsAdmin) -> ...

The parameter is the ``Organiser`` the bearer token belongs to; without a valid token the route
answers 401 ``unauthorised``, with a token below the role 403 ``forbidden`` naming the role.
The same check runs locally and behind API Gateway: the local stack stores its printed token's
digest in (embedded) Secrets Manager exactly as ``lobbykit tokens create`` does in AWS.

The page's cookie holds an opaque session id, never the token (``domain.organiser_sessions``):
HttpOnly (no script can read it), Secure, SameSite=Lax (sent when an organiser follows a link
to the page, never with another site's form or script), limited to ``Path=/organiser`` (the API
never receives it) and kept for a working day. Other sites' forms are refused before any route
runs (``handlers.cross_site``).
"""

from dataclasses import dataclass
from typing import Annotated

from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from lobbykit.application import wiring
from lobbykit.domain.organiser_sessions import SESSION_LIFETIME, end_session, resume_session, start_session
from lobbykit.domain.organisers import Organiser, Role, authorise, permit

PAGE_COOKIE = "lobbykit_organiser"
PAGE_PATH = "/organiser"
PAGE_SESSION_SECONDS = int(SESSION_LIFETIME.total_seconds())


def viewer(request: Request) -> Organiser:
    """Any valid token: the numbers (metrics, impact)."""
    return _holding(request, Role.VIEWER)


def organiser(request: Request) -> Organiser:
    """Moments, social accounts, member approvals."""
    return _holding(request, Role.ORGANISER)


def admin(request: Request) -> Organiser:
    """Erasing a supporter, managing tokens."""
    return _holding(request, Role.ADMIN)


def _holding(request: Request, role: Role) -> Organiser:
    tokens = wiring.token_store().tokens()
    return permit(authorise(request.headers.get("authorization"), tokens, wiring.now()), role)


# What a route's organiser parameter is annotated with; each check is named after its role.
NeedsViewer = Annotated[Organiser, Depends(viewer)]
NeedsOrganiser = Annotated[Organiser, Depends(organiser)]
NeedsAdmin = Annotated[Organiser, Depends(admin)]


@dataclass(frozen=True, slots=True)
class PageSession:
    """Who the page's cookie says is signed in; ``refused`` when it came with a session that is
    not (or is no longer) valid, so the page can say the session has ended rather than just ask."""

    organiser: Organiser | None
    refused: bool = False


def page_session(request: Request) -> PageSession:
    session_id = request.resolved_event.resolved_cookies_field.get(PAGE_COOKIE)
    if session_id is None:
        return PageSession(None)
    organiser = None
    if session_id:
        tokens = wiring.token_store().tokens()
        organiser = resume_session(wiring.session_store(), session_id, tokens, wiring.now())
    return PageSession(organiser, refused=organiser is None)


def sign_in(token: str) -> str:
    """A new page session's id for a token typed into the page's form; ``NotAuthorised`` (saying
    why) for one that is not, or no longer, valid."""
    tokens = wiring.token_store().tokens()
    return start_session(wiring.session_store(), token, tokens, wiring.now())


def sign_out(session_id: str | None) -> None:
    """End the session the page's cookie names (a copy of the cookie then opens nothing)."""
    if session_id:
        end_session(wiring.session_store(), session_id)


def page_cookie(session_id: str) -> Cookie:
    return _cookie(session_id, PAGE_SESSION_SECONDS)


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
        same_site=SameSite.LAX_MODE,
    )

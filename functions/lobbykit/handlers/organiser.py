"""The organiser page: sign in with a token, then a campaign's numbers, chart and map.

``GET /organiser`` asks for the token (or lists the campaigns); ``POST /organiser`` checks it
and starts a session kept on the server, whose opaque id the page's cookie holds (see
``handlers.auth`` for how the cookie is guarded); ``POST /organiser/sign-out`` ends it.
``GET /organiser/{campaign}`` is the page itself, and ``.../constituencies.csv`` the same file
the API exports. Without a valid session every one of them shows the sign-in form and no
number. Any valid token opens the page: it shows the numbers, which every role may read.
"""

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.domain.campaigns import SLUG, CampaignNotFound
from lobbykit.domain.metrics import CampaignMetrics
from lobbykit.domain.organisers import NotAuthorised, UnknownToken
from lobbykit.handlers import auth
from lobbykit.handlers.auth import PageSession
from lobbykit.handlers.html import outcome, page, redirect
from lobbykit.handlers.metrics import csv_download
from lobbykit.handlers.organiser_views import dashboard
from lobbykit.handlers.requests import form_body

router = APIGatewayHttpRouter()
Session = Annotated[PageSession, Depends(auth.page_session)]
ENDED = (
    "Your sign-in has ended: it lasts 8 hours, and ends sooner if you signed out or the token "
    "expired or was revoked. Please sign in again."
)
INVALID = "That token is not valid. Check you copied all of it, or ask for a new one."


@router.get("/organiser")
def home(session: Session) -> Response[str]:
    if session.organiser is None:
        return sign_in_form(session)
    campaigns = wiring.campaigns()
    listed = [campaigns.get(slug) for slug in campaigns.slugs()]
    return page("organiser_home.html.j2", title="Organiser metrics", campaigns=listed)


@router.post("/organiser")
def sign_in() -> Response[str]:
    form = form_body(router.current_event)
    token, campaign = form.get("token", "").strip(), form.get("campaign", "")
    if not token:
        return sign_in_form(PageSession(None), campaign, error="Enter your organiser token.", status=400)
    try:
        session_id = auth.sign_in(token)
    except NotAuthorised as refused:  # unknown, expired, or made before tokens had roles
        error = INVALID if isinstance(refused, UnknownToken) else refused.message
        return sign_in_form(PageSession(None), campaign, error=error, status=401)
    target = f"/organiser/{campaign}" if SLUG.match(campaign) else "/organiser"
    return redirect(target, [auth.page_cookie(session_id)])


@router.post("/organiser/sign-out")
def sign_out() -> Response[str]:
    auth.sign_out(router.current_event.resolved_cookies_field.get(auth.PAGE_COOKIE))
    return redirect("/organiser", [auth.cleared_page_cookie()])


@router.get("/organiser/<campaign>")
def campaign_page(campaign: str, session: Session) -> Response[str]:
    """``?sort=name|sent&order=asc|desc`` sorts the constituency table; anything else is ignored."""
    if session.organiser is None:
        return sign_in_form(session, campaign)
    metrics = _metrics_of(campaign)
    if isinstance(metrics, Response):
        return metrics
    query = router.current_event
    sort, order = query.get_query_string_value("sort"), query.get_query_string_value("order")
    context = dashboard(metrics, wiring.seat_map(), sort, order)
    shown = wiring.campaigns().get(campaign)
    return page("organiser_campaign.html.j2", title="Organiser metrics", campaign=shown, **context)


@router.get("/organiser/<campaign>/constituencies.csv")
def constituencies_file(campaign: str, session: Session) -> Response[str]:
    if session.organiser is None:
        return redirect(f"/organiser/{campaign}")
    metrics = _metrics_of(campaign)
    return metrics if isinstance(metrics, Response) else csv_download(metrics)


def _metrics_of(campaign: str) -> "CampaignMetrics | Response[str]":
    """The campaign's numbers, or the organiser's page saying there is no such campaign."""
    try:
        return wiring.metrics().of(campaign)
    except CampaignNotFound as error:
        return outcome("There is no such campaign", [error.message], status=404, next_link=_all_campaigns())


def sign_in_form(
    session: PageSession, campaign: str = "", error: str = "", status: int = 200
) -> Response[str]:
    """The sign-in form; a refused cookie is cleared and said to have ended (401)."""
    if session.refused:
        error, status = error or ENDED, 401
    return page(
        "organiser_sign_in.html.j2",
        status=status,
        cookies=[auth.cleared_page_cookie()] if session.refused else None,
        title="Sign in to see your campaign's numbers",
        error=error,
        next_campaign=campaign if SLUG.match(campaign) else "",
        session_hours=auth.PAGE_SESSION_SECONDS // 3600,
    )


def _all_campaigns() -> dict[str, str]:
    return {"href": "/organiser", "text": "See all campaigns"}

"""Social moments of a campaign: schedule, list, show and cancel (organisers only)."""

import secrets
from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.config import required, settings
from lobbykit.domain.social.accounts import AccountStore
from lobbykit.domain.social.campaigns import PostCampaign, for_posts
from lobbykit.domain.social.moments import (
    Moment,
    MomentStore,
    Scheduler,
    cancel_moment,
    find_moment,
    parse_request,
    plan_moment,
    schedule_moment,
)
from lobbykit.handlers import auth, services
from lobbykit.handlers.bodies import json_object
from lobbykit.handlers.social_views import present_moment, present_summary

logger = Logger(service="lobbykit", child=True)
router = APIGatewayHttpRouter()


def campaign_named(slug: str) -> PostCampaign:
    """The campaign's post variables; ``CampaignNotFound`` (404) for a campaign with no folder."""
    return for_posts(services.campaigns().get(slug), required("LOBBYKIT_PUBLIC_URL", settings().public_url))


def plan(campaign: PostCampaign, document: dict[str, Any], store: AccountStore, organiser: str) -> Moment:
    """Check a moment against the campaign and the registered accounts (the CLI plans the same way)."""
    at, requests = parse_request(document)
    accounts = {account.name: account for account in store.accounts()}
    return plan_moment(
        campaign,
        at,
        requests,
        accounts,
        moment_id=secrets.token_hex(6),
        organiser=organiser,
        now=datetime.now(UTC),
    )


@router.post("/api/campaigns/<campaign>/moments")
def create(
    campaign: str,
    organiser: auth.NeedsOrganiser,
    accounts: Annotated[AccountStore, Depends(services.account_store)],
    store: Annotated[MomentStore, Depends(services.moment_store)],
    scheduler: Annotated[Scheduler, Depends(services.scheduler)],
) -> Response[Any]:
    found = campaign_named(campaign)
    moment = schedule_moment(
        plan(found, json_object(router.current_event), accounts, organiser.name), store, scheduler
    )
    logger.info(
        "moment scheduled",
        extra={"moment_id": moment.moment_id, "posts": len(moment.posts), "organiser": organiser.name},
    )
    return Response(
        201,
        content_types.APPLICATION_JSON,
        {"moment_id": moment.moment_id, "status": moment.progress(), "at": moment.at.isoformat()},
    )


@router.get("/api/campaigns/<campaign>/moments")
def list_moments(
    campaign: str,
    organiser: auth.NeedsOrganiser,
    store: Annotated[MomentStore, Depends(services.moment_store)],
) -> list[dict[str, Any]]:
    campaign_named(campaign)
    now = datetime.now(UTC)
    return [present_summary(moment, now) for moment in store.list(campaign)]


@router.get("/api/campaigns/<campaign>/moments/<moment_id>")
def show(
    campaign: str,
    moment_id: str,
    organiser: auth.NeedsOrganiser,
    store: Annotated[MomentStore, Depends(services.moment_store)],
) -> dict[str, Any]:
    campaign_named(campaign)
    return present_moment(find_moment(store, campaign, moment_id), datetime.now(UTC))


@router.delete("/api/campaigns/<campaign>/moments/<moment_id>")
def cancel(
    campaign: str,
    moment_id: str,
    organiser: auth.NeedsOrganiser,
    store: Annotated[MomentStore, Depends(services.moment_store)],
    scheduler: Annotated[Scheduler, Depends(services.scheduler)],
) -> dict[str, Any]:
    campaign_named(campaign)
    moment = cancel_moment(store, scheduler, campaign, moment_id)
    logger.info("moment cancelled", extra={"moment_id": moment_id, "organiser": organiser.name})
    return present_moment(moment, datetime.now(UTC))

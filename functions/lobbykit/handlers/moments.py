"""Social moments of a campaign: schedule, list, show and cancel (organisers only)."""

import secrets
from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.depends import Depends

from lobbykit.application import wiring
from lobbykit.application.moments import present_moment, present_summary
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
from lobbykit.handlers import auth
from lobbykit.handlers.bodies import json_object

logger = Logger(service="lobbykit", child=True)
router = Router()


def campaign_named(slug: str) -> PostCampaign:
    """The campaign's post variables; ``CampaignNotFound`` (404) for a campaign with no folder."""
    return for_posts(wiring.campaigns().get(slug), required("LOBBYKIT_PUBLIC_URL", settings().public_url))


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
    organiser: Annotated[str, Depends(auth.organiser)],
    accounts: Annotated[AccountStore, Depends(wiring.account_store)],
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
    scheduler: Annotated[Scheduler, Depends(wiring.scheduler)],
) -> Response[Any]:
    found = campaign_named(campaign)
    moment = schedule_moment(
        plan(found, json_object(router.current_event), accounts, organiser), store, scheduler
    )
    logger.info(
        "moment scheduled",
        extra={"moment_id": moment.moment_id, "posts": len(moment.posts), "organiser": organiser},
    )
    return Response(
        201,
        content_types.APPLICATION_JSON,
        {"moment_id": moment.moment_id, "status": "scheduled", "at": moment.at.isoformat()},
    )


@router.get("/api/campaigns/<campaign>/moments")
def list_moments(
    campaign: str,
    organiser: Annotated[str, Depends(auth.organiser)],
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
) -> list[dict[str, Any]]:
    campaign_named(campaign)
    now = datetime.now(UTC)
    return [present_summary(moment, now) for moment in store.list(campaign)]


@router.get("/api/campaigns/<campaign>/moments/<moment_id>")
def show(
    campaign: str,
    moment_id: str,
    organiser: Annotated[str, Depends(auth.organiser)],
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
) -> dict[str, Any]:
    campaign_named(campaign)
    return present_moment(find_moment(store, campaign, moment_id), datetime.now(UTC))


@router.delete("/api/campaigns/<campaign>/moments/<moment_id>")
def cancel(
    campaign: str,
    moment_id: str,
    organiser: Annotated[str, Depends(auth.organiser)],
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
    scheduler: Annotated[Scheduler, Depends(wiring.scheduler)],
) -> dict[str, Any]:
    campaign_named(campaign)
    moment = cancel_moment(store, scheduler, campaign, moment_id)
    logger.info("moment cancelled", extra={"moment_id": moment_id, "organiser": organiser})
    return present_moment(moment, datetime.now(UTC))

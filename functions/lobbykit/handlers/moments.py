"""Social moments of a campaign: schedule, list, show and cancel (organisers only)."""

from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.application.moments import campaign_named, plan, present_moment, present_summary
from lobbykit.domain.social.accounts import AccountStore
from lobbykit.domain.social.moments import MomentStore, Scheduler, cancel_moment, find_moment, schedule_moment
from lobbykit.handlers import auth
from lobbykit.handlers.bodies import json_object

logger = Logger(service="lobbykit", child=True)
router = APIGatewayHttpRouter()


@router.post("/api/campaigns/<campaign>/moments")
def create(
    campaign: str,
    organiser: auth.NeedsOrganiser,
    accounts: Annotated[AccountStore, Depends(wiring.account_store)],
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
    scheduler: Annotated[Scheduler, Depends(wiring.scheduler)],
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
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
) -> list[dict[str, Any]]:
    campaign_named(campaign)
    now = datetime.now(UTC)
    return [present_summary(moment, now) for moment in store.list(campaign)]


@router.get("/api/campaigns/<campaign>/moments/<moment_id>")
def show(
    campaign: str,
    moment_id: str,
    organiser: auth.NeedsOrganiser,
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
) -> dict[str, Any]:
    campaign_named(campaign)
    return present_moment(find_moment(store, campaign, moment_id), datetime.now(UTC))


@router.delete("/api/campaigns/<campaign>/moments/<moment_id>")
def cancel(
    campaign: str,
    moment_id: str,
    organiser: auth.NeedsOrganiser,
    store: Annotated[MomentStore, Depends(wiring.moment_store)],
    scheduler: Annotated[Scheduler, Depends(wiring.scheduler)],
) -> dict[str, Any]:
    campaign_named(campaign)
    moment = cancel_moment(store, scheduler, campaign, moment_id)
    logger.info("moment cancelled", extra={"moment_id": moment_id, "organiser": organiser.name})
    return present_moment(moment, datetime.now(UTC))

"""``POST /api/accounts`` and ``GET /api/accounts``: the coalition's social accounts (organisers only)."""

from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.config import settings
from lobbykit.domain.social.accounts import (
    Account,
    AccountStore,
    CredentialChecker,
    parse_registration,
    register_account,
)
from lobbykit.handlers import auth
from lobbykit.handlers.bodies import json_object

logger = Logger(service="lobbykit", child=True)
router = APIGatewayHttpRouter()


@router.post("/api/accounts")
def register(
    organiser: auth.NeedsOrganiser,
    store: Annotated[AccountStore, Depends(wiring.account_store)],
    networks: Annotated[CredentialChecker, Depends(wiring.social_networks)],
) -> Response[Any]:
    body = json_object(router.current_event)
    name, network = body.pop("name", None), body.pop("network", None)
    variables, organisation = body.pop("variables", None), body.pop("organisation", None)
    # Whatever else was sent is the network's credentials.
    registration = parse_registration(
        name, network, body, variables, organisation, local_stack=settings().local_stack
    )
    account = register_account(registration, networks, store, datetime.now(UTC))
    logger.info(
        "social account registered",
        extra={"account": account.name, "network": account.network.value, "organiser": organiser.name},
    )
    return Response(201, content_types.APPLICATION_JSON, present_account(account))


@router.get("/api/accounts")
def list_accounts(
    organiser: auth.NeedsOrganiser,
    store: Annotated[AccountStore, Depends(wiring.account_store)],
) -> list[dict[str, Any]]:
    return [present_account(account) for account in sorted(store.accounts(), key=lambda a: a.name)]


def present_account(account: Account) -> dict[str, Any]:
    """Name, network and handle: never a credential, which the account does not even hold."""
    return {"name": account.name, "network": account.network.value, "handle": account.handle}

"""``/api/tokens``: an admin creates, lists and revokes organisers' tokens over HTTP.

The same as ``lobbykit tokens`` does with AWS credentials, for an admin who has only their token
(and for the local stack, whose printed admin token can make a viewer's to try the roles with).
A new token is in the answer to its ``POST`` only: only its digest is kept.
"""

from datetime import datetime
from typing import Any
from urllib.parse import unquote

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.organisers import (
    NoSuchToken,
    OrganiserToken,
    Role,
    create_token,
    parse_lifetime,
    revoke_token,
)
from lobbykit.handlers import auth
from lobbykit.handlers.bodies import json_object

logger = Logger(service="lobbykit", child=True)
router = APIGatewayHttpRouter()
PRIVATE = {"Cache-Control": "no-store"}


@router.get("/api/tokens")
def list_tokens(organiser: auth.NeedsAdmin) -> Response[Any]:
    now = wiring.now()
    held = sorted(wiring.token_store().tokens(), key=lambda token: token.name)
    body = {"tokens": [present_token(token, now) for token in held]}
    return Response(200, content_types.APPLICATION_JSON, body, headers=PRIVATE)


@router.post("/api/tokens")
def create(organiser: auth.NeedsAdmin) -> Response[Any]:
    """Body ``{"name", "role"? (default viewer), "expires_in"? (default "90d")}``; a name that
    already has a token gets a new one, and the old one stops working."""
    body = json_object(router.current_event)
    name, expires_in = body.get("name"), body.get("expires_in", "90d")
    role = Role.named(body.get("role", Role.VIEWER.value))
    if role is None:
        raise InvalidInput("Give the role as viewer, organiser or admin.", field="role")
    now = wiring.now()
    try:
        lifetime = parse_lifetime(expires_in if isinstance(expires_in, str) else "")
    except ValueError as error:
        raise InvalidInput(str(error), field="expires_in") from error
    try:
        token = create_token(wiring.token_store(), name if isinstance(name, str) else "", role, now, lifetime)
    except ValueError as error:
        raise InvalidInput(str(error), field="name") from error
    logger.info(
        "organiser token created", extra={"token_name": name, "role": role.value, "by": organiser.name}
    )
    created = {"name": name, "role": role.value, "expires_at": (now + lifetime).isoformat(), "token": token}
    return Response(201, content_types.APPLICATION_JSON, created, headers=PRIVATE)


@router.delete("/api/tokens/<name>")
def revoke(name: str, organiser: auth.NeedsAdmin) -> Response[str]:
    """The token stops working at once here, and within a minute on every warm instance."""
    name = unquote(name)
    if not revoke_token(wiring.token_store(), name):
        raise NoSuchToken(f"No token is named {name!r}: it may have been revoked already.")
    logger.info("organiser token revoked", extra={"token_name": name, "by": organiser.name})
    return Response(204, content_types.TEXT_PLAIN, "")


def present_token(token: OrganiserToken, now: datetime) -> dict[str, Any]:
    """A token as an admin sees it, never its digest; ``status``: ``active``, ``expired`` or
    ``refused`` (made before tokens had roles)."""
    return {
        "name": token.name,
        "role": token.role.value if token.role else None,
        "created_at": token.created_at,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        "status": token.status(now),
    }

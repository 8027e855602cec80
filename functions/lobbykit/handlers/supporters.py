"""Organiser route to erase a supporter's data on request: ``POST /api/supporters/erase``."""

from dataclasses import asdict
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.application.erasure import erase_supporter, erasure_summary
from lobbykit.handlers import auth
from lobbykit.handlers.requests import json_body

router = APIGatewayHttpRouter()
logger = Logger(service="lobbykit", child=True)


@router.post("/api/supporters/erase")
def erase(organiser: auth.NeedsAdmin) -> dict[str, Any]:
    body = json_body(router.current_event)
    email = body.get("email") if isinstance(body, dict) else None
    erased = erase_supporter(wiring.action_store(), email)
    logger.info("supporter erased", extra={"organiser": organiser.name, "actions": len(erased)})
    return {
        "erased": len(erased),
        "actions": [asdict(action) for action in erased],
        "message": erasure_summary(len(erased)),
    }

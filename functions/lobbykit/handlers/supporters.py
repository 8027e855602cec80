"""Organiser route to erase a supporter's data on request: ``POST /api/supporters/erase``."""

from dataclasses import asdict
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.domain.erasure import erase_supporter
from lobbykit.handlers import auth, services
from lobbykit.handlers.requests import json_body

router = APIGatewayHttpRouter()
logger = Logger(service="lobbykit", child=True)


@router.post("/api/supporters/erase")
def erase(organiser: auth.NeedsAdmin) -> dict[str, Any]:
    body = json_body(router.current_event)
    email = body.get("email") if isinstance(body, dict) else None
    erased = erase_supporter(services.action_store(), email)
    logger.info("supporter erased", extra={"organiser": organiser.name, "actions": len(erased)})
    return {
        "erased": len(erased),
        "actions": [asdict(action) for action in erased],
        "message": erasure_summary(len(erased)),
    }


def erasure_summary(count: int) -> str:
    if count == 0:
        return "We hold no letters from that email address: nothing was removed."
    letters = "letter" if count == 1 else "letters"
    return (
        f"Removed {count} {letters} with the supporter's name, email, address and words. "
        "Anonymous counts (how many letters each constituency sent) are kept."
    )

"""The e-action API: preview a letter, and submit it (``POST .../actions``)."""

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router

from lobbykit.handlers import services
from lobbykit.handlers.requests import json_body

router = Router()


@router.post("/api/campaigns/<campaign>/actions")
def submit_action(campaign: str) -> Response[Any]:
    action = services.e_action().submit(campaign, json_body(router.current_event))
    return Response(
        status_code=202,
        content_type=content_types.APPLICATION_JSON,
        body={"action_id": action.action_id, "status": action.status.value},
    )


@router.post("/api/campaigns/<campaign>/preview")
def preview_letter(campaign: str) -> dict[str, Any]:
    """The exact letter the MP would receive, for the supporter to read before sending."""
    preview = services.e_action().preview(campaign, json_body(router.current_event))
    return {
        "to": {"name": preview.recipient_name, "constituency": preview.constituency_name},
        "subject": preview.letter.subject,
        "text": preview.letter.text,
        "html": preview.letter.html,
    }

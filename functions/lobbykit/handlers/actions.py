"""The e-action API: preview a letter, and submit it (``POST .../actions``)."""

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from lobbykit.application import wiring
from lobbykit.domain.actions import Status
from lobbykit.domain.limits import LOOKUPS, SUBMISSIONS, SUBMISSIONS_PER_EMAIL
from lobbykit.handlers.limits import limit_client, limit_email
from lobbykit.handlers.requests import json_body
from lobbykit.observability import submitted

router = APIGatewayHttpRouter()


@router.post("/api/campaigns/<campaign>/actions")
def submit_action(campaign: str) -> Response[Any]:
    body = json_body(router.current_event)
    client_ip = router.current_event.request_context.http.source_ip
    limit_client(SUBMISSIONS, client_ip)
    if isinstance(body, dict):
        limit_email(SUBMISSIONS_PER_EMAIL, body.get("email"))
    action = wiring.e_action().submit(campaign, body, client_ip).action
    submitted(action.status.value)
    return Response(
        status_code=202,
        content_type=content_types.APPLICATION_JSON,
        body={"action_id": action.action_id, "status": shown_status(action.status)},
    )


def shown_status(status: Status) -> str:
    """A letter confirmed but not yet sent (held by its MP's hourly cap, or deferred by SES) is
    ``queued``: it will go without anything more from the supporter."""
    return "queued" if status == Status.CONFIRMED else status.value


@router.post("/api/campaigns/<campaign>/preview")
def preview_letter(campaign: str) -> dict[str, Any]:
    """The exact letter the MP would receive, for the supporter to read before sending."""
    limit_client(LOOKUPS, router.current_event.request_context.http.source_ip)
    preview = wiring.e_action().preview(campaign, json_body(router.current_event))
    return {
        "to": {"name": preview.recipient_name, "constituency": preview.constituency_name},
        "subject": preview.letter.subject,
        "text": preview.letter.text,
        "html": preview.letter.html,
    }

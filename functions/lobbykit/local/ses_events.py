"""``POST /_dev/ses/events``: an SES bounce or complaint, fed to the mail events function.

In AWS, SES publishes the configuration set's bounce and complaint events to EventBridge, whose
rule invokes ``MailEventsFunction`` with SES's event as ``detail``. moto's SES publishes nothing,
so a developer or a test posts the event here instead: SES's own JSON (as the SES Developer Guide
shows it), or the whole EventBridge event. Either way the function runs as in AWS, through the
template's handler, and its answer (``{"outcome": ...}``) is the reply. A body the function could
not read is refused with the reason (400), where the deployed function would log and drop it.
"""

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from lobbykit.domain.mail_events import parse_mail_event
from lobbykit.local.cloudformation import LOCAL_ACCOUNT, LOCAL_REGION

MAIL_EVENTS_FUNCTION = "MailEventsFunction"
SOURCE = "aws.ses"
# EventBridge's detail-type for each SES event type (Amazon EventBridge, "Amazon SES events").
DETAIL_TYPES = {
    "Send": "Email Sent",
    "Delivery": "Email Delivered",
    "Bounce": "Email Bounced",
    "Complaint": "Email Complaint Received",
    "Reject": "Email Rejected",
    "DeliveryDelay": "Email Delivery Delayed",
}


def eventbridge_event(body: Any) -> dict[str, Any]:
    """The EventBridge event for ``body`` (returned as it is if it is one already); raises
    ``InvalidMailEvent`` if its SES event is not one the function could read."""
    if isinstance(body, Mapping) and body.get("source") == SOURCE and "detail" in body:
        parse_mail_event(body["detail"])
        return dict(body)
    parse_mail_event(body)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": DETAIL_TYPES.get(str(body.get("eventType")), "Email Event"),
        "source": SOURCE,
        "account": LOCAL_ACCOUNT,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": LOCAL_REGION,
        "resources": [],
        "detail": body,
    }


def ses_events_route(invoke: Callable[[dict[str, Any]], Any]) -> Callable[[Any], Any]:
    """The route's work: ``invoke`` calls the mail events function with the EventBridge event."""

    def feed(body: Any) -> Any:
        return invoke(eventbridge_event(body))

    return feed

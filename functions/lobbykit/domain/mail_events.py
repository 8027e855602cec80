"""SES's bounce and complaint events, read into what the product acts on.

The shapes are those of the SES Developer Guide ("Contents of event data that Amazon SES
publishes"): a top-level ``eventType`` (``notificationType`` for identity feedback
notifications), the ``mail`` object (``messageId``, and ``tags`` as ``{"name": ["value"]}``,
our ``EmailTags`` among them), and ``bounce`` (``bounceType`` Permanent, Transient or
Undetermined; ``bounceSubType``; ``bouncedRecipients`` with ``emailAddress`` and
``diagnosticCode``) or ``complaint`` (``complainedRecipients``). Through EventBridge the same
object is the event's ``detail``; the handler unwraps it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from lobbykit.domain.errors import InvalidInput
from lobbykit.domain.mail import MailTags

MAX_REASON = 300


class MailEventType(StrEnum):
    BOUNCE = "Bounce"
    COMPLAINT = "Complaint"
    OTHER = "Other"  # deliveries, opens...: nothing to act on


# Each acted-on event type's own object, and the list of recipients in it.
PARTS = {
    MailEventType.BOUNCE: ("bounce", "bouncedRecipients"),
    MailEventType.COMPLAINT: ("complaint", "complainedRecipients"),
}


class InvalidMailEvent(InvalidInput):
    code = "invalid_mail_event"

    def __init__(self, problem: str) -> None:
        super().__init__(f"This is not an SES event we can read: {problem}.")


@dataclass(frozen=True, slots=True)
class MailEvent:
    """A bounce or complaint about one message. ``recipients`` are the addresses it concerns;
    ``reason`` is the bounce's sub-type and the receiving server's own words ("" otherwise)."""

    type: MailEventType
    message_id: str
    tags: MailTags | None
    recipients: tuple[str, ...] = ()
    permanent: bool = False
    reason: str = ""
    at: datetime | None = None


def parse_mail_event(raw: Any) -> MailEvent:
    """Raises ``InvalidMailEvent`` when ``raw`` has no ``mail.messageId`` or a malformed part."""
    if not isinstance(raw, Mapping):
        raise InvalidMailEvent("the body must be a JSON object")
    mail = raw.get("mail")
    if not isinstance(mail, Mapping) or not isinstance(mail.get("messageId"), str):
        raise InvalidMailEvent("it has no mail.messageId")
    message_id, tags = mail["messageId"], MailTags.from_pairs(_tags(mail.get("tags")))
    kind = raw.get("eventType") or raw.get("notificationType")
    if kind not in PARTS:
        return MailEvent(MailEventType.OTHER, message_id, tags)
    event_type = MailEventType(kind)
    name, listed = PARTS[event_type]
    part = _part(raw, name)
    recipients = _recipients(part, listed)
    bounced = event_type == MailEventType.BOUNCE
    return MailEvent(
        event_type,
        message_id,
        tags,
        tuple(r["emailAddress"] for r in recipients),
        # A complaint is always acted on; a bounce only when it is for good.
        permanent=part.get("bounceType") == "Permanent" if bounced else True,
        reason=_bounce_reason(part, recipients) if bounced else "",
        at=_moment(part.get("timestamp")),
    )


def _part(raw: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    part = raw.get(name)
    if not isinstance(part, Mapping):
        raise InvalidMailEvent(f"a {name} event without its {name} object")
    return part


def _recipients(part: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    recipients = part.get(name)
    if not isinstance(recipients, list) or not all(
        isinstance(r, Mapping) and isinstance(r.get("emailAddress"), str) for r in recipients
    ):
        raise InvalidMailEvent(f"{name} must be a list of objects with an emailAddress")
    return recipients


def _tags(tags: Any) -> dict[str, str]:
    """``{"kind": ["letter"], ...}`` → ``{"kind": "letter", ...}`` (SES's own ``ses:`` tags too)."""
    if not isinstance(tags, Mapping):
        return {}
    return {str(name): str(values[0]) for name, values in tags.items() if isinstance(values, list) and values}


def _bounce_reason(bounce: Mapping[str, Any], recipients: list[Mapping[str, Any]]) -> str:
    """``General: smtp; 550 5.1.1 user unknown``: the sub-type, then the receiving server's words."""
    subtype = str(bounce.get("bounceSubType") or "Undetermined")
    said = next((str(r.get("diagnosticCode") or r.get("status") or "") for r in recipients), "")
    reason = f"{subtype}: {' '.join(said.split())}" if said.strip() else subtype
    return reason[:MAX_REASON]


def _moment(value: Any) -> datetime | None:
    """SES's ISO 8601 timestamps (``2017-08-05T00:41:02.669Z``); None if absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

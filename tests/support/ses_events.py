"""SES bounce and complaint events for an email in the outbox, shaped as SES publishes them.

The shape follows the SES Developer Guide ("Contents of event data that Amazon SES publishes"
and its examples): ``eventType``, the ``mail`` object with ``messageId``, ``destination`` and
``tags`` (the message's EmailTags and SES's own ``ses:`` tags, each a list), and a ``bounce``
(``bounceType``, ``bounceSubType``, ``bouncedRecipients`` with ``diagnosticCode``) or a
``complaint`` (``complainedRecipients``). Written here, not copied: values are made up.
"""

from typing import Any

SENT_AT = "2026-11-29T10:00:00.000Z"
EVENT_AT = "2026-11-29T10:00:05.000Z"
USER_UNKNOWN = "smtp; 550 5.1.1 user unknown"


def _mail(email: dict[str, Any]) -> dict[str, Any]:
    tags = {name: [value] for name, value in email["tags"].items()}
    tags["ses:configuration-set"] = [email["configuration_set"]]
    tags["ses:from-domain"] = [email["from"].rpartition("@")[2].rstrip(">")]
    return {
        "timestamp": SENT_AT,
        "source": email["from"],
        "sendingAccountId": "123456789012",
        "messageId": email["message_id"],
        "destination": email["to"],
        "headersTruncated": False,
        "tags": tags,
    }


def bounce(email: dict[str, Any], kind: str = "Permanent", subtype: str = "General") -> dict[str, Any]:
    """A bounce of ``email`` (an outbox entry) for all its recipients."""
    return _event(
        email,
        "Bounce",
        {
            "bounceType": kind,
            "bounceSubType": subtype,
            "bouncedRecipients": [
                {
                    "emailAddress": address,
                    "action": "failed",
                    "status": "5.1.1" if kind == "Permanent" else "4.2.2",
                    "diagnosticCode": USER_UNKNOWN if kind == "Permanent" else "smtp; 452 4.2.2 mailbox full",
                }
                for address in email["to"]
            ],
            "timestamp": EVENT_AT,
            "feedbackId": "0100018c-feedback-000000",
            "reportingMTA": "dsn; mx.parliament.example",
        },
    )


def complaint(email: dict[str, Any]) -> dict[str, Any]:
    """Its recipient marked ``email`` as spam."""
    return _event(
        email,
        "Complaint",
        {
            "complainedRecipients": [{"emailAddress": address} for address in email["to"]],
            "timestamp": EVENT_AT,
            "feedbackId": "0100018c-complaint-000000",
            "userAgent": "Mail provider feedback loop",
            "complaintFeedbackType": "abuse",
        },
    )


def delivery(email: dict[str, Any]) -> dict[str, Any]:
    details = {"timestamp": EVENT_AT, "recipients": email["to"], "smtpResponse": "250 2.6.0 OK"}
    return _event(email, "Delivery", details)


def _event(email: dict[str, Any], event_type: str, details: dict[str, Any]) -> dict[str, Any]:
    """SES's event of ``event_type`` about ``email``: its own object is named after the type."""
    return {"eventType": event_type, event_type.lower(): details, "mail": _mail(email)}


def through_eventbridge(detail: dict[str, Any]) -> dict[str, Any]:
    """The EventBridge event the template's rule hands the mail events function."""
    detail_type = {"Bounce": "Email Bounced", "Complaint": "Email Complaint Received"}[detail["eventType"]]
    return {
        "version": "0",
        "id": "a8c1fa6e-0000-4000-8000-000000000001",
        "detail-type": detail_type,
        "source": "aws.ses",
        "account": "123456789012",
        "time": "2026-11-29T10:00:06Z",
        "region": "eu-west-2",
        "resources": [],
        "detail": detail,
    }

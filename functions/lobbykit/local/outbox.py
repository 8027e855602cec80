"""Every email sent through the embedded (moto) SES, decoded as a person would read it.

Backs ``GET /_dev/outbox`` and the tests: the letter an MP would receive, header by header.
"""

from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from email.utils import getaddresses
from typing import Any

MOTO_ACCOUNT_ID = "123456789012"  # moto's default account


def sent_emails(region: str = "eu-west-2", account: str = MOTO_ACCOUNT_ID) -> list[dict[str, Any]]:
    from moto.ses.models import ses_backends

    backend = ses_backends[account][region]
    return [_decode(message) for message in backend.sent_messages]


def _decode(message: Any) -> dict[str, Any]:
    raw = getattr(message, "raw_data", None)
    if raw is None:  # a Simple message: moto keeps subject and one body only
        return {
            "from": message.source,
            "to": list(message.destinations.get("ToAddresses", [])),
            "reply_to": [],
            "subject": message.subject,
            "text": "",
            "html": message.body,
        }
    parsed = message_from_string(raw, policy=default)
    assert isinstance(parsed, EmailMessage)
    return {
        "from": str(parsed["From"]),
        "to": [address for _, address in getaddresses(parsed.get_all("To", []))],
        "reply_to": [address for _, address in getaddresses(parsed.get_all("Reply-To", []))],
        "subject": str(parsed["Subject"]).strip(),
        "text": _part(parsed, "plain"),
        "html": _part(parsed, "html"),
        "headers": {name: str(value) for name, value in parsed.items()},
    }


def _part(message: EmailMessage, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    if body is None or body.get_content_subtype() != subtype:
        return ""
    return str(body.get_content()).replace("\r\n", "\n")

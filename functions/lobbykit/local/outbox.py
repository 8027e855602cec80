"""Every email sent through the embedded (moto) SES, decoded as a person would read it.

Backs ``GET /_dev/outbox`` and the tests: the letter an MP would receive, header by header.
The product sends SESv2 Raw messages (multipart/alternative, a From with a display name, a
Reply-To); moto keeps their MIME text, parsed here: encoded-word headers and quoted-printable or
base64 bodies are decoded. Of a Simple message moto keeps only the sender, recipients, subject
and one body (the HTML part when both were given) and no Reply-To, so that is all it shows.
"""

import email
import re
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.policy import default
from email.utils import getaddresses, parseaddr
from typing import Any

from moto.ses.models import ses_backends

from lobbykit.local.cloudformation import LOCAL_ACCOUNT, LOCAL_REGION

_HTML = re.compile(r"<\s*(html|body|p|div|br|a|table|h[1-6])\b", re.IGNORECASE)


def sent_emails(region: str = LOCAL_REGION, account: str = LOCAL_ACCOUNT) -> list[dict[str, Any]]:
    """Every message moto's SES accepted (SESv2 keeps them in the SES backend), oldest first:
    ``{"from", "to": [], "reply_to": [], "subject", "text", "html", "headers": {}, "message_id",
    "configuration_set", "tags": {}}``."""
    decoded = []
    for message in list(ses_backends[account][region].sent_messages):
        raw = getattr(message, "raw_data", None)
        if raw is not None:
            decoded.append(parse_raw(raw, message.destinations) | _sending(message))
        elif hasattr(message, "body"):  # a Simple message (templated ones carry no content)
            simple = from_simple(message.source, message.destinations, message.subject, message.body)
            decoded.append(simple | _sending(message))
    return decoded


def _sending(message: Any) -> dict[str, Any]:
    """SES's message id, and the configuration set and tags it was sent with (kept by
    ``local.aws.faithful_sesv2``): what a bounce or complaint event for it names."""
    return {
        "message_id": message.id,
        "configuration_set": getattr(message, "configuration_set", None),
        "tags": getattr(message, "tags", {}),
    }


def parse_raw(raw: str, envelope_to: list[str] | None = None) -> dict[str, Any]:
    """A raw MIME message; ``to`` is its To header, else the envelope's recipients."""
    message = email.message_from_string(raw, policy=default)
    to = _addresses(message, "To") or [_address(a) for a in envelope_to or []]
    return {
        "from": str(message.get("From", "")),
        "to": to,
        "reply_to": _addresses(message, "Reply-To"),
        "subject": str(message.get("Subject", "")).strip(),
        "text": _body(message, "plain"),
        "html": _body(message, "html"),
        "headers": {name: str(value) for name, value in message.items()},
    }


def from_simple(source: str, destinations: dict[str, list[str]], subject: str, body: str) -> dict[str, Any]:
    """What moto keeps of a Simple message: one body, which is HTML if it looks like it."""
    is_html = bool(_HTML.search(body))
    return {
        "from": _decoded(source),
        "to": [_address(a) for a in destinations.get("ToAddresses", [])],
        "reply_to": [],
        "subject": _decoded(subject),
        "text": "" if is_html else body,
        "html": body if is_html else "",
        "headers": {},
    }


def _addresses(message: EmailMessage, header: str) -> list[str]:
    return [address for _, address in getaddresses([str(v) for v in message.get_all(header, [])])]


def _address(value: str) -> str:
    return parseaddr(_decoded(value))[1] or value


def _body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    content = part.get_content()
    text = content if isinstance(content, str) else content.decode("utf-8", "replace")
    return text.replace("\r\n", "\n")  # the wire's line endings, not the writer's


def _decoded(value: str) -> str:
    """``=?utf-8?q?Si=C3=A2n?= <a@b>`` → ``Siân <a@b>``."""
    return str(make_header(decode_header(value)))

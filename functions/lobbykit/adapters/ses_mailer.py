"""Email through Amazon SES (v2), as raw MIME: a text part and an HTML part, always both.

Raw rather than Simple because we control every header ourselves (and moto, like some tools,
keeps only the HTML part of a Simple message). Headers are built with the ``email`` package's
strict policy, which refuses CR or LF in any header value: the last guard against header
injection, after input validation.
"""

from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP
from email.utils import format_datetime, getaddresses
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.domain.mail import Mailbox, MailRejected, MailTags, MailUnavailable, OutgoingEmail

PERMANENT = frozenset(
    {
        "MessageRejected",
        "MailFromDomainNotVerifiedException",
        "AccountSuspendedException",
        "SendingPausedException",
        "BadRequestException",
        "NotFoundException",
        "InvalidParameterValue",
    }
)


# RFC 5322's hard line limit: Python folds long subjects awkwardly below it, and nothing needs that.
POLICY = SMTP.clone(max_line_length=998)
EXPECTED_HEADERS = frozenset({"from", "to", "reply-to", "subject", "date", "mime-version", "content-type"})


class SesMailer:
    def __init__(self, client: Any, configuration_set: str | None = None) -> None:
        self._client = client
        self._configuration_set = configuration_set

    def send(self, email: OutgoingEmail) -> str:
        try:
            raw = build_mime(email)
        except (ValueError, TypeError) as error:
            raise MailRejected("the message could not be built safely") from error
        arguments: dict[str, Any] = {
            "FromEmailAddress": email.sender.address,
            "Destination": {"ToAddresses": [box.address for box in email.to]},
            "Content": {"Raw": {"Data": raw}},
        }
        if self._configuration_set:
            arguments["ConfigurationSetName"] = self._configuration_set
        if email.tags is not None:
            arguments["EmailTags"] = email_tags(email.tags)
        try:
            return str(self._client.send_email(**arguments)["MessageId"])
        except ClientError as error:
            code = error.response["Error"]["Code"]
            if code in PERMANENT:
                raise MailRejected(f"SES refused the message ({code})") from error
            raise MailUnavailable(f"SES could not take the message now ({code})") from error
        except BotoCoreError as error:
            raise MailUnavailable(f"SES could not be reached ({type(error).__name__})") from error


def email_tags(tags: MailTags) -> list[dict[str, str]]:
    """SES message tags (letters, digits, ``_`` and ``-`` only): they come back in ``mail.tags``
    of every bounce and complaint event, as ``{"kind": ["letter"], ...}``."""
    return [{"Name": name, "Value": value} for name, value in tags.as_pairs().items()]


def build_mime(email: OutgoingEmail) -> bytes:
    message = EmailMessage(policy=POLICY)
    message["From"] = _address(email.sender)
    message["To"] = [_address(box) for box in email.to]
    if email.reply_to:
        message["Reply-To"] = [_address(box) for box in email.reply_to]
    message["Subject"] = email.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message.set_content(email.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(email.html, subtype="html", charset="utf-8", cte="quoted-printable")
    raw = message.as_bytes()
    _check_headers_intact(raw, email)
    return raw


def _check_headers_intact(raw: bytes, email: OutgoingEmail) -> None:
    """Parse what we built and insist it has exactly our headers and our recipients.

    The ``email`` package decodes RFC 2047 encoded words in display names when it writes them,
    so ``=?utf-8?q?=0D=0ABcc:...?=`` could become a real line break; validation refuses such
    names, and this check makes sure nothing of the kind ever leaves.
    """
    parsed = BytesParser(policy=POLICY).parsebytes(raw, headersonly=True)
    names = [name.lower() for name in parsed]
    if sorted(names) != sorted(EXPECTED_HEADERS if email.reply_to else EXPECTED_HEADERS - {"reply-to"}):
        raise ValueError("unexpected headers in the built message")
    recipients = {address.lower() for _, address in getaddresses(parsed.get_all("To", []))}
    if recipients != {box.address.lower() for box in email.to}:
        raise ValueError("recipients changed while building the message")


def _address(box: Mailbox) -> Address:
    local, _, domain = box.address.rpartition("@")
    return Address(display_name=box.display_name, username=local, domain=domain)

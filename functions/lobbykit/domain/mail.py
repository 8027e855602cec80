"""Email as the domain sees it: who from, to whom, and what; the adapter does MIME and SES."""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Mailbox:
    address: str
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    sender: Mailbox
    to: tuple[Mailbox, ...]
    subject: str
    text: str
    html: str
    reply_to: tuple[Mailbox, ...] = ()


class MailRejected(Exception):
    """The mail service refused this message for good (bad address, unverified sender)."""


class MailUnavailable(Exception):
    """The mail service could not take the message now (throttled, down): try again later."""


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> str:
        """Returns the service's message id; raises ``MailRejected`` or ``MailUnavailable``."""
        ...

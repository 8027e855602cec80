"""Email as the domain sees it: who from, to whom, and what; the adapter does MIME and SES."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class MailKind(StrEnum):
    """Which email of the flow a message is: a letter's bounce is the MP's, the others' the supporter's."""

    CONFIRMATION = "confirmation"
    LETTER = "letter"
    COPY = "copy"


@dataclass(frozen=True, slots=True)
class MailTags:
    """What SES hands back with a bounce or complaint about the message (its EmailTags), so the
    event can be traced to its action. Ids and kinds only: never anything personal."""

    kind: MailKind
    campaign: str
    action_id: str

    def as_pairs(self) -> dict[str, str]:
        """Tag name → value, as sent; ``from_pairs`` reads them back."""
        return {"kind": self.kind.value, "campaign": self.campaign, "action": self.action_id}

    @classmethod
    def from_pairs(cls, pairs: Mapping[str, str]) -> "MailTags | None":
        """The tags of one of our messages, or None for a message without them (or not ours)."""
        try:
            return cls(MailKind(pairs["kind"]), pairs["campaign"], pairs["action"])
        except (KeyError, ValueError):
            return None


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
    tags: MailTags | None = None


class MailRejected(Exception):
    """The mail service refused this message for good (bad address, unverified sender)."""


class MailUnavailable(Exception):
    """The mail service could not take the message now (throttled, down): try again later."""


class Mailer(Protocol):
    def send(self, email: OutgoingEmail) -> str:
        """Returns the service's message id; raises ``MailRejected`` or ``MailUnavailable``."""
        ...

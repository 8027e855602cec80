"""An action: one supporter's letter to one MP, and its life cycle.

``awaiting_confirmation → confirmed → sent``, or ``failed``; a sent letter its MP's mail server
refused for good (a permanent bounce) becomes ``not_delivered``. The store moves an action between
states with conditional writes, so that whatever is retried or clicked twice, one confirmation
sends one letter. A send in progress holds a short lease: a second request meanwhile sends
nothing; a send that died (a Lambda timeout) can be taken over once its lease has run out.

Once the letter is sent, the supporter's details (name, email, postal address, consent) and the
letter itself are no longer needed here, and are removed from the record: what stays is what
uniqueness, metrics and erasure need (the MP and constituency, dates, status, SES's message id
and the keyed hash of the mailbox), until the retention date. Until then, a letter awaiting
confirmation, held by its MP's hourly cap or deferred by SES keeps everything it will be sent with.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from lobbykit.domain.errors import LobbykitError
from lobbykit.domain.letters import Letter

SEND_LEASE = timedelta(minutes=5)
# After this many attempts a letter SES keeps refusing for the moment is given up, and explained.
MAX_SEND_ATTEMPTS = 12


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes between tries, at most an hour: about a day before giving up."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


# A second submission inside this window (a double click, a retried request) sends no new email.
RESEND_CONFIRMATION_AFTER = timedelta(minutes=5)


class Status(StrEnum):
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    CONFIRMED = "confirmed"
    SENT = "sent"
    FAILED = "failed"
    NOT_DELIVERED = "not_delivered"


class AlreadySent(LobbykitError):
    code = "already_sent"


class TargetUnavailable(LobbykitError):
    """The supporter's MP cannot receive this letter by email (vacant seat, Speaker, no address)."""

    def __init__(self, code: str, message: str, details: dict[str, str | None] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.details = details or {}


class ConfirmationNotSent(LobbykitError):
    """The confirmation email could not be sent: nothing is lost, the supporter can retry."""

    code = "confirmation_email_failed"


class ConfirmationLinkInvalid(LobbykitError):
    code = "invalid_confirmation_link"


class ConfirmationLinkExpired(LobbykitError):
    code = "confirmation_link_expired"


class ContentRemoved(Exception):
    """A sent letter's content was asked for: it was removed when the letter went."""


@dataclass(frozen=True, slots=True)
class Recipient:
    """The MP as looked up server-side when the action was made: never as the browser said."""

    mp_id: int
    name: str
    party: str
    email: str
    constituency_id: int
    constituency_name: str


@dataclass(frozen=True, slots=True)
class Supporter:
    name: str
    email: str
    postcode: str
    address: str
    consent_updates: bool
    consent_version: str


@dataclass(frozen=True, slots=True)
class Action:
    action_id: str
    campaign: str
    status: Status
    recipient: Recipient
    supporter: Supporter | None  # None once the letter is sent (see the module's docstring)
    letter: Letter | None  # likewise
    mailbox_key: str  # the keyed hash of the supporter's canonical mailbox (``domain.mailbox``)
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    token_digest: str | None = None
    token_expires_at: datetime | None = None
    confirmation_sent_at: datetime | None = None
    confirmed_at: datetime | None = None
    sent_at: datetime | None = None
    message_id: str | None = None
    failure_reason: str | None = None
    send_attempts: int = 0

    def with_status(self, status: Status, now: datetime, **changes: object) -> "Action":
        return replace(self, status=status, updated_at=now, **changes)  # type: ignore[arg-type]

    def sent(self, now: datetime, message_id: str) -> "Action":
        """The action as it is kept once sent: without the supporter's details or the letter."""
        return self.with_status(
            Status.SENT, now, sent_at=now, message_id=message_id, supporter=None, letter=None
        )

    def content(self) -> tuple[Supporter, Letter]:
        """Who wrote, and what: only a letter not yet sent still has them."""
        if self.supporter is None or self.letter is None:
            raise ContentRemoved(self.action_id)
        return self.supporter, self.letter

    @property
    def uniqueness_key(self) -> str:
        """One letter per supporter per MP per campaign: the mailbox only as its keyed hash."""
        return f"{self.campaign}#{self.recipient.mp_id}#{self.mailbox_key}"


class DuplicateAction(Exception):
    """The store already holds an action with this uniqueness key."""

    def __init__(self, existing: Action) -> None:
        super().__init__(existing.action_id)
        self.existing = existing


class ActionStore(Protocol):
    def create(self, action: Action) -> None:
        """Raises ``DuplicateAction`` when a live action has the same uniqueness key."""
        ...

    def replace_pending(self, previous: Action, action: Action) -> bool:
        """Overwrite a pending or failed action with a resubmission; False if it moved on."""
        ...

    def get(self, action_id: str) -> Action | None: ...

    def find_by_token(self, token_digest: str) -> Action | None: ...

    def mark_confirmation_sent(self, action_id: str, now: datetime) -> None: ...

    def claim_for_sending(self, action: Action, now: datetime) -> Action | None:
        """awaiting/confirmed (and no live lease) → confirmed with a lease; None if not ours.

        Takes the action, not its id, so the campaign's counters can say where the letter goes.
        """
        ...

    def mark_sent(self, action: Action, message_id: str, now: datetime) -> Action: ...

    def note_sent(self, action_id: str, message_id: str, now: datetime) -> None:
        """Keep SES's id on a letter it took whose ``mark_sent`` failed: the next claim records it."""
        ...

    def release(self, action_id: str, reason: str, now: datetime, retry_at: datetime) -> None:
        """Drop the lease after a transient failure; try again at ``retry_at``."""
        ...

    def hold(self, action_id: str, now: datetime, until: datetime) -> None:
        """Drop the lease of a letter held back by its MP's hourly cap; try again at ``until``."""
        ...

    def due_for_retry(self, now: datetime, limit: int) -> list[Action]:
        """Confirmed letters not yet sent whose next try is due."""
        ...

    def mark_failed(self, action: Action, reason: str, now: datetime) -> None: ...

    def mark_not_delivered(self, action: Action, reason: str, now: datetime) -> bool:
        """sent → not_delivered, counted and noted against its MP; False if it is not sent (an
        event delivered twice finds it marked already)."""
        ...

    def actions_of(self, email: str) -> list[Action]: ...

    def erase(self, action: Action) -> None: ...

    def record_refusal(
        self, campaign: str, reason: str, constituency_id: int, mp_id: int | None, now: datetime
    ) -> None:
        """Count a letter that could not be sent (no personal data is kept)."""
        ...

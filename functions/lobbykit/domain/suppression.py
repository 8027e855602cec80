"""Mailboxes we no longer email: a supporter's address that bounced for good, or that marked
our email as spam.

SES pauses a sender whose bounces or complaints run high, and the campaign's sending domain is
the one its letters to MPs go from too: emailing such a mailbox again would put every letter at
risk. So a mailbox on this list gets nothing more from any campaign, and a supporter who gives
it is asked for another address before anything is stored. Letters to MPs never check it: the
supporter's mailbox is only their Reply-To there.

The list holds keyed hashes of canonical mailboxes (``mailbox.mailbox_key``), never addresses.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from lobbykit.domain.errors import InvalidInput


class SuppressionReason(StrEnum):
    BOUNCE = "bounce"
    COMPLAINT = "complaint"


class SuppressionStore(Protocol):
    def contains(self, mailbox_key: str) -> bool: ...

    def add(self, mailbox_key: str, reason: SuppressionReason, now: datetime) -> bool:
        """Idempotent: adding a mailbox already there keeps its first reason and date.
        True only when the mailbox was not on the list before."""
        ...


class EmailUndeliverable(InvalidInput):
    """The supporter's address is on the suppression list: we cannot email them."""

    code = "email_undeliverable"

    def __init__(self) -> None:
        super().__init__(
            "We cannot send emails to this address: an earlier email to it was returned as "
            "undeliverable or reported as spam. Please use a different email address.",
            field="email",
            code=self.code,
        )


class SuppressionList:
    """The store, with addresses turned into their keys in one place.

    Lookups take the key itself: a submission has just worked it out for its record, and a sent
    letter carries it (``Action.mailbox_key``) when its address is already gone. Only SES's
    events bring addresses, which ``suppress`` turns into keys."""

    def __init__(self, store: SuppressionStore, mailbox_key: Callable[[str], str]) -> None:
        self._store = store
        self._key = mailbox_key

    def is_suppressed(self, mailbox_key: str) -> bool:
        return self._store.contains(mailbox_key)

    def check(self, mailbox_key: str) -> None:
        """Raises ``EmailUndeliverable`` for a suppressed mailbox."""
        if self.is_suppressed(mailbox_key):
            raise EmailUndeliverable()

    def suppress(self, email: str, reason: SuppressionReason, now: datetime) -> bool:
        """True when the mailbox is newly suppressed (not when SES repeats an event)."""
        return self._store.add(self._key(email), reason, now)

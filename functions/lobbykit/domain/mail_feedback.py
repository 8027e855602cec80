"""What a bounce or complaint from SES changes: the letter's state, or the suppression list.

- A letter to an MP that bounced for good becomes ``not_delivered``, with the receiving server's
  reason, counted and listed for organisers (they report stale MP addresses).
- A supporter's email (a confirmation, a copy) that bounced for good, or that they marked as
  spam, puts their mailbox on the suppression list: no campaign emails it again.
- A transient bounce (a full mailbox, a server down for now) changes nothing: SES has already
  retried, and the next email may well arrive.

Every event is acted on at most once in effect, however often it is delivered: the letter moves
only from ``sent``, and suppressing a mailbox twice keeps it suppressed once.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from aws_lambda_powertools import Logger

from lobbykit.domain.actions import ActionStore
from lobbykit.domain.mail import MailKind, MailTags
from lobbykit.domain.mail_events import MailEvent, MailEventType
from lobbykit.domain.suppression import SuppressionList, SuppressionReason

logger = Logger(service="lobbykit", child=True)


class FeedbackOutcome(StrEnum):
    LETTER_NOT_DELIVERED = "letter_not_delivered"
    SUPPORTER_SUPPRESSED = "supporter_suppressed"
    IGNORED = "ignored"


class MailFeedback:
    def __init__(
        self, store: ActionStore, suppressions: SuppressionList, clock: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._suppressions = suppressions
        self._clock = clock

    def handle(self, event: MailEvent) -> FeedbackOutcome:
        """Logs say what happened by kind and ids only: never an address or the server's words."""
        about = {"event": event.type.value, **(event.tags.as_pairs() if event.tags else {})}
        if event.type == MailEventType.OTHER or not event.permanent:
            logger.info("mail event needs nothing", extra={**about, "permanent": event.permanent})
            return FeedbackOutcome.IGNORED
        if event.tags is not None and event.tags.kind == MailKind.LETTER:
            if event.type == MailEventType.COMPLAINT:
                logger.warning("an MP's office reported a letter as spam", extra=about)
                return FeedbackOutcome.IGNORED
            return self._letter_not_delivered(event, event.tags, about)
        # A supporter's email, or one without our tags: its recipients are not MPs' offices.
        bounced = event.type == MailEventType.BOUNCE
        reason = SuppressionReason.BOUNCE if bounced else SuppressionReason.COMPLAINT
        added = sum(self._suppressions.suppress(to, reason, self._clock()) for to in event.recipients)
        if not added:
            logger.info("mailboxes already suppressed", extra=about)
            return FeedbackOutcome.IGNORED
        logger.info("mailbox suppressed", extra={**about, "mailboxes": added})
        return FeedbackOutcome.SUPPORTER_SUPPRESSED

    def _letter_not_delivered(
        self, event: MailEvent, tags: MailTags, about: dict[str, str]
    ) -> FeedbackOutcome:
        action = self._store.get(tags.action_id)
        if action is None or action.message_id != event.message_id:
            logger.warning("bounce for a letter we do not hold (erased, or not this message)", extra=about)
            return FeedbackOutcome.IGNORED
        if not self._store.mark_not_delivered(action, event.reason, event.at or self._clock()):
            logger.info("letter already marked, or not sent", extra={**about, "status": action.status.value})
            return FeedbackOutcome.IGNORED
        logger.warning("letter not delivered: the MP's address refused it", extra=about)
        return FeedbackOutcome.LETTER_NOT_DELIVERED

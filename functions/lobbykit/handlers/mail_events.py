"""The mail events function: SES's bounces and complaints, from EventBridge.

The template's configuration set publishes bounce and complaint events to the default event bus;
a rule hands each to this function as an EventBridge event whose ``detail`` is SES's event
(``domain.mail_events`` reads it). Locally, ``POST /_dev/ses/events`` calls it the same way.

An event we cannot read is logged and dropped (a retry would read it no better); an error
reaching our own records is raised, so Lambda retries the event (acting on it is idempotent).
Letters not delivered and mailboxes suppressed are counted as business metrics too.
"""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from lobbykit.application import wiring
from lobbykit.domain.mail_events import InvalidMailEvent, parse_mail_event
from lobbykit.domain.mail_feedback import FeedbackOutcome
from lobbykit.observability import count, metrics, traced

logger = Logger(service="lobbykit")
METRIC_FOR = {
    FeedbackOutcome.LETTER_NOT_DELIVERED: "LettersNotDelivered",
    FeedbackOutcome.SUPPORTER_SUPPRESSED: "MailboxesSuppressed",
}


@traced
@metrics.log_metrics
@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    try:
        mail_event = parse_mail_event(event.get("detail") if isinstance(event, dict) else None)
    except InvalidMailEvent as error:
        logger.error("not an SES event we can read: ignored", extra={"problem": error.message})
        return {"outcome": FeedbackOutcome.IGNORED.value}
    outcome = wiring.mail_feedback().handle(mail_event)
    if outcome in METRIC_FOR:
        count(METRIC_FOR[outcome])
    return {"outcome": outcome.value}

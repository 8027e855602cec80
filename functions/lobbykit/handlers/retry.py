"""The retry function: every few minutes, send confirmed letters that could not go at once.

A supporter who confirmed while SES was throttling (or while a send died mid-way) is told the
letter will follow; this is what makes that true. Scheduled by the template (``rate(5 minutes)``)
and, locally, by the local stack.
"""

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from lobbykit.application import wiring

logger = Logger(service="lobbykit")


@logger.inject_lambda_context(log_event=False)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    outcome = wiring.e_action().retry_due_letters()
    if outcome["tried"]:
        logger.info("deferred letters retried", extra=outcome)
    return outcome

"""What DynamoDB leaves for us to try again, tried again the same way by every store.

Two answers mean "not now" without being errors botocore retries: a transaction cancelled
because it met another transaction on one of its items (``TransactionConflict``), and a batch
request that leaves some of its items or keys unprocessed. Nothing was written (or read) of
what is left, so it is simply sent again after a pause: jittered, so two writers that met do
not meet again, and doubling each time. After ``ATTEMPTS`` it is ``Busy`` (a 503 with
Retry-After), exactly as a throttle that outlasted botocore's own retries is
(``dynamo_throttling``, which also says Busy for a transaction cancelled by a throttle).

A transaction cancelled because a condition failed is not retried: that is an answer. It is
raised as botocore raised it, and the caller reads it with ``cancellation_reasons``.
"""

import random
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from lobbykit.adapters.dynamo_throttling import CANCELLED, CONDITION_FAILED, MESSAGE
from lobbykit.domain.errors import Busy

logger = Logger(service="lobbykit", child=True)

ATTEMPTS = 6
FIRST_PAUSE = 0.02  # seconds, at most, before the first retry; doubled for each one after
CONFLICT = "TransactionConflict"

Pending = TypeVar("Pending")


def cancellation_reasons(error: ClientError) -> list[str]:
    """Why each item of a cancelled transaction was refused, in order (``"None"`` for those that
    were not); empty for any other error."""
    if error.response.get("Error", {}).get("Code") != CANCELLED:
        return []
    return [reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])]


def transact_write(
    client: Any,
    items: Sequence[dict[str, Any]],
    *,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = ATTEMPTS,
) -> None:
    """``TransactWriteItems``, sent again while it only conflicts with another transaction.

    A fresh ``ClientRequestToken`` per attempt makes botocore's own retries of that attempt
    idempotent. Raises ``Busy`` when the conflicts do not clear, and any other cancellation as
    it came.
    """
    for attempt in range(attempts):
        if attempt:
            sleep(pause(attempt))
        try:
            client.transact_write_items(TransactItems=list(items), ClientRequestToken=uuid.uuid4().hex)
        except ClientError as error:
            reasons = cancellation_reasons(error)
            if CONFLICT not in reasons or CONDITION_FAILED in reasons:
                raise
        else:
            return
    logger.warning("dynamodb busy", extra={"operation": "TransactWriteItems", "reason": CONFLICT})
    raise Busy(MESSAGE)


def until_processed(
    send: Callable[[Pending], Pending | None],
    pending: Pending,
    *,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = ATTEMPTS,
    message: str = MESSAGE,
) -> None:
    """Call ``send`` with a batch request's items, then with what it says is left unprocessed,
    until nothing is; ``Busy`` with ``message`` if something is still left after ``attempts``."""
    for attempt in range(attempts):
        if attempt:
            sleep(pause(attempt))
        left = send(pending)
        if not left:
            return
        pending = left
    logger.warning("dynamodb busy", extra={"reason": "unprocessed items"})
    raise Busy(message)


def pause(attempt: int) -> float:
    """Seconds to wait before ``attempt`` (1 for the first retry): anywhere up to a bound that doubles."""
    return random.uniform(0, FIRST_PAUSE * 2 ** (attempt - 1))  # noqa: S311 - jitter, not a secret

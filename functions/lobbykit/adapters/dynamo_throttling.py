"""DynamoDB throttling, after the client's own retries, as the domain's ``Busy``: in one place.

Registered on the one DynamoDB client every adapter shares (``wiring.dynamodb_client``), so
no route or store needs a ``try`` of its own: a throttled request becomes a 503 with
Retry-After (``handlers.errors``), and the retry function stops its run and leaves the letters
due. botocore has already retried by then (the client's ``standard`` retry mode); this only
names what is left. A transaction cancelled because one of its items was throttled counts too,
unless an item's condition failed, which is an answer the caller reads for itself.
"""

from typing import Any

from aws_lambda_powertools import Logger

from lobbykit.domain.errors import Busy

logger = Logger(service="lobbykit", child=True)

THROTTLING = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "TransactionConflictException",
        "InternalServerError",
    }
)
# Cancellation reasons of a transaction's items that mean "too busy", not "no". A conflict with
# another transaction is not among them: ``dynamo_retries`` retries those, then says Busy.
THROTTLED_ITEM = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded"})
CANCELLED = "TransactionCanceledException"
CONDITION_FAILED = "ConditionalCheckFailed"
MESSAGE = (
    "Lots of people are writing just now and we could not save this step. Nothing has been "
    "lost: please try again in a minute."
)


def raise_busy_when_throttled(client: Any) -> Any:
    """Make ``client`` raise ``Busy`` instead of a throttling ``ClientError``; returns it."""
    client.meta.events.register("after-call.dynamodb", _after_call)
    return client


def _after_call(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
    code = parsed.get("Error", {}).get("Code") if http_response.status_code >= 300 else None
    if code is None or not (code in THROTTLING or _throttled_transaction(code, parsed)):
        return
    logger.warning("dynamodb busy", extra={"operation": model.name, "reason": code})
    raise Busy(MESSAGE)


def _throttled_transaction(code: str, parsed: dict[str, Any]) -> bool:
    reasons = {reason.get("Code") for reason in parsed.get("CancellationReasons", [])}
    return code == CANCELLED and bool(reasons & THROTTLED_ITEM) and CONDITION_FAILED not in reasons

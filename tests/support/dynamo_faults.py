"""DynamoDB throttling injected into the services' own client, past botocore's retries.

A ``before-send`` hook registered ahead of moto's answers the chosen operation (on the chosen
table) with DynamoDB's own error, so botocore sees exactly what DynamoDB would send: it retries
as configured, then the code under test meets what is left. botocore calls every ``before-send``
handler and takes the first answer, so the refused request is also pointed away from moto's
endpoint: moto must not carry out a request DynamoDB refused. botocore retries at once while a
fault is injected: the tests count its attempts, and its backoff (up to seconds for a throttle)
would only be waited for.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from botocore.awsrequest import AWSResponse
from botocore.retries.standard import ExponentialBackoff
from botocore.stub import Stubber
from moto.core.botocore_stubber import MockRawResponse

from lobbykit.application import wiring

PREFIX = "com.amazonaws.dynamodb.v20120810#"
NOWHERE = "https://throttled.invalid/"


@contextmanager
def throttled(
    operation: str,
    matching: str | None = None,
    code: str = "ProvisionedThroughputExceededException",
    status: int = 400,
    reasons: tuple[str, ...] = (),
) -> Iterator[list[str]]:
    """Every ``operation`` request (whose body holds ``matching``, if given: a table's name, an
    update expression) fails with ``code``.

    Yields the list of attempts refused, so a test can see botocore retried first. ``reasons``
    makes it a ``TransactionCanceledException`` with those cancellation reasons.
    """
    attempts: list[str] = []
    body: dict[str, Any] = {"__type": PREFIX + code, "message": "injected by the test"}
    if reasons:
        body["CancellationReasons"] = [{"Code": reason} for reason in reasons]

    def refuse(request: Any, **_: Any) -> AWSResponse | None:
        if matching is not None and matching not in (request.body or b"").decode():
            return None
        attempts.append(operation)
        request.url = NOWHERE
        headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-ErrorType": code}
        return AWSResponse(request.url, status, headers, MockRawResponse(json.dumps(body)))

    events = wiring.dynamodb_client().meta.events
    event = f"before-send.dynamodb.{operation}"
    events.register_first(event, refuse)
    try:
        with mock.patch.object(ExponentialBackoff, "delay_amount", return_value=0.0):
            yield attempts
    finally:
        events.unregister(event, refuse)


def cancelled(stub: Stubber, *codes: str) -> None:
    """A stubbed client's next TransactWriteItems is cancelled, its items refused for these reasons."""
    stub.add_client_error(
        "transact_write_items",
        service_error_code="TransactionCanceledException",
        modeled_fields={"CancellationReasons": [{"Code": code} for code in codes]},
    )

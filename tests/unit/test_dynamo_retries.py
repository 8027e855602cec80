"""The one retry of what DynamoDB leaves undone: transaction conflicts and unprocessed batch items.

Stubbed answers (``botocore.stub.Stubber``): moto never conflicts nor leaves items unprocessed.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.stub import ANY, Stubber

from lobbykit.adapters.dynamo_retries import (
    ATTEMPTS,
    FIRST_PAUSE,
    cancellation_reasons,
    pause,
    transact_write,
    until_processed,
)
from lobbykit.adapters.social.moment_store import DynamoMomentStore
from lobbykit.domain.errors import Busy
from lobbykit.domain.social.accounts import Network
from lobbykit.domain.social.moments import Moment, Post
from tests.support.dynamo_faults import cancelled

ITEMS = [{"ConditionCheck": {"TableName": "t", "Key": {"pk": {"S": "a"}}, "ConditionExpression": "x"}}]


def written(stub: Stubber) -> None:
    stub.add_response("transact_write_items", {}, {"TransactItems": ITEMS, "ClientRequestToken": ANY})


def test_a_conflict_is_sent_again_after_a_pause_and_written_once(client: Any, stub: Stubber) -> None:
    cancelled(stub, "TransactionConflict")
    cancelled(stub, "None", "TransactionConflict")
    written(stub)
    pauses: list[float] = []

    transact_write(client, ITEMS, sleep=pauses.append)

    assert len(pauses) == 2
    assert 0 <= pauses[0] <= FIRST_PAUSE
    assert 0 <= pauses[1] <= 2 * FIRST_PAUSE


def test_conflicts_that_do_not_clear_are_busy(client: Any, stub: Stubber) -> None:
    for _ in range(ATTEMPTS):
        cancelled(stub, "TransactionConflict")
    pauses: list[float] = []

    with pytest.raises(Busy, match="try again") as busy:
        transact_write(client, ITEMS, sleep=pauses.append)

    assert busy.value.code == "busy"
    assert len(pauses) == ATTEMPTS - 1  # none after the last attempt: the caller is told at once


@pytest.mark.parametrize(
    "codes",
    [
        ("ConditionalCheckFailed",),
        ("ConditionalCheckFailed", "TransactionConflict"),  # an answer, whatever else happened
        ("None", "ValidationError"),
    ],
)
def test_any_other_cancellation_is_raised_at_once_for_the_caller_to_read(
    client: Any, stub: Stubber, codes: tuple[str, ...]
) -> None:
    cancelled(stub, *codes)

    with pytest.raises(ClientError) as raised:
        transact_write(client, ITEMS, sleep=pytest.fail)

    assert cancellation_reasons(raised.value) == list(codes)


def test_an_error_that_is_no_cancellation_has_no_reasons(client: Any, stub: Stubber) -> None:
    stub.add_client_error("transact_write_items", service_error_code="ValidationException")

    with pytest.raises(ClientError) as raised:
        transact_write(client, ITEMS, sleep=pytest.fail)

    assert cancellation_reasons(raised.value) == []


def test_each_pause_is_at_most_double_the_one_before() -> None:
    for attempt in range(1, ATTEMPTS):
        assert all(0 <= pause(attempt) <= FIRST_PAUSE * 2 ** (attempt - 1) for _ in range(50))


def test_what_a_batch_leaves_unprocessed_is_sent_again_until_nothing_is_left() -> None:
    sent: list[list[str]] = []

    def send(items: list[str]) -> list[str]:
        sent.append(items)
        return items[1:]

    until_processed(send, ["a", "b", "c"], sleep=lambda _: None)

    assert sent == [["a", "b", "c"], ["b", "c"], ["c"]]


def test_a_batch_never_processed_is_busy_with_the_callers_message() -> None:
    pauses: list[float] = []

    with pytest.raises(Busy, match="The numbers are busy"):
        until_processed(lambda items: items, ["a"], sleep=pauses.append, message="The numbers are busy.")

    assert len(pauses) == ATTEMPTS - 1


def test_a_moment_whose_posts_dynamodb_will_not_take_is_busy(client: Any, stub: Stubber) -> None:
    at = datetime(2026, 3, 5, 9, tzinfo=UTC)
    moment = Moment("c", "m1", at, at.isoformat(), "o", (Post(0, "a", Network.RECORDING, "Hello"),))
    left = {"social": [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}]}
    for _ in range(ATTEMPTS):
        stub.add_response("batch_write_item", {"UnprocessedItems": left})

    with pytest.raises(Busy):
        DynamoMomentStore(client, "social", sleep=lambda _: None).create(moment)

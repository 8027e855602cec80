"""The counters under DynamoDB's answers that moto never gives: conflicts, races, unprocessed keys."""

from typing import Any

import pytest
from botocore.stub import ANY, Stubber

from lobbykit.adapters.dynamo_retries import ATTEMPTS
from lobbykit.adapters.metrics_store import DynamoMetricsStore
from lobbykit.domain.counting import SHARDS, Counting, FirstTime, Increment
from lobbykit.domain.errors import Busy
from lobbykit.domain.metrics import CounterRow
from tests.support.dynamo_faults import cancelled

TABLE = "metrics"
CORE = {"Put": {"TableName": "actions", "Item": {"pk": {"S": "action#1"}}}}
COUNTING = Counting(
    "send-in-the-specialists",
    3,
    (Increment("totals", "sent"), Increment("constituency#4483", "sent", label="Inverness")),
    (FirstTime("constituency#4483", "constituencies_reached"),),
)


def no_marker_yet(stub: Stubber) -> None:
    stub.add_response("batch_get_item", {"Responses": {TABLE: []}})


def written(stub: Stubber, items: int) -> None:
    stub.add_response("transact_write_items", {}, {"TransactItems": Items(items), "ClientRequestToken": ANY})


class Items:
    """Matches a TransactItems list of a given length (what differs between attempts)."""

    def __init__(self, length: int) -> None:
        self.length = length

    def __eq__(self, other: object) -> bool:
        return isinstance(other, list) and len(other) == self.length

    def __hash__(self) -> int:
        return self.length


def test_a_conflict_is_retried_and_the_counts_written_once(client: Any, stub: Stubber) -> None:
    no_marker_yet(stub)
    cancelled(stub, "None", "None", "TransactionConflict", "None")
    written(stub, items=4)  # the action, the marker, the shard's totals and breakdown items
    pauses: list[float] = []
    assert DynamoMetricsStore(client, TABLE, sleep=pauses.append).apply(COUNTING, [CORE]) is True
    assert len(pauses) == 1


def test_a_marker_made_meanwhile_is_left_out_and_the_rest_written(client: Any, stub: Stubber) -> None:
    no_marker_yet(stub)
    cancelled(stub, "None", "ConditionalCheckFailed", "None", "None")
    written(stub, items=3)  # no marker, and no constituencies_reached: someone else counted it
    assert DynamoMetricsStore(client, TABLE, sleep=pytest.fail).apply(COUNTING, [CORE]) is True


def test_a_marker_already_made_is_not_tried(client: Any, stub: Stubber) -> None:
    marker = {"pk": {"S": "send-in-the-specialists#first#constituency#4483"}}
    stub.add_response("batch_get_item", {"Responses": {TABLE: [marker]}})
    written(stub, items=3)
    assert DynamoMetricsStore(client, TABLE).apply(COUNTING, [CORE]) is True


def test_when_the_change_itself_is_refused_nothing_is_counted(client: Any, stub: Stubber) -> None:
    no_marker_yet(stub)
    cancelled(stub, "ConditionalCheckFailed", "None", "None", "None")
    assert DynamoMetricsStore(client, TABLE).apply(COUNTING, [CORE]) is False


def test_endless_conflicts_end_in_a_clear_busy_error_with_nothing_written(client: Any, stub: Stubber) -> None:
    no_marker_yet(stub)
    for _ in range(ATTEMPTS):
        cancelled(stub, "None", "None", "TransactionConflict", "None")
    with pytest.raises(Busy, match="try again"):
        DynamoMetricsStore(client, TABLE, sleep=lambda _: None).apply(COUNTING, [CORE])


def test_any_other_cancellation_is_not_swallowed(client: Any, stub: Stubber) -> None:
    no_marker_yet(stub)
    cancelled(stub, "None", "None", "ValidationError", "None")
    with pytest.raises(client.exceptions.TransactionCanceledException):
        DynamoMetricsStore(client, TABLE).apply(COUNTING, [CORE])


def test_nothing_to_write_makes_no_call(client: Any, stub: Stubber) -> None:
    empty = Counting("send-in-the-specialists", 0)
    assert DynamoMetricsStore(client, TABLE).apply(empty) is True


# -- reading ----------------------------------------------------------------------------------


def rollup_keys(campaign: str = "send-in-the-specialists") -> list[dict[str, Any]]:
    return [
        {"pk": {"S": f"{campaign}#{shard:02d}"}, "sk": {"S": item}}
        for shard in range(SHARDS)
        for item in ("totals", "breakdown")
    ]


def test_every_shard_is_read_in_one_request_and_its_attributes_become_rows(
    client: Any, stub: Stubber
) -> None:
    totals = {
        "pk": {"S": "send-in-the-specialists#03"},
        "sk": {"S": "totals"},
        "totals#sent": {"N": "2"},
        "totals#supporters": {"N": "3"},
    }
    breakdown = {
        "pk": {"S": "send-in-the-specialists#03"},
        "sk": {"S": "breakdown"},
        "constituency#4483#sent": {"N": "2"},
        "constituency#4483#label": {"S": "Inverness, Skye and West Ross-shire"},
        "party#Labour #1#sent": {"N": "2"},  # a name with a # in it keeps it
    }
    stub.add_response(
        "batch_get_item",
        {"Responses": {TABLE: [totals, breakdown]}},
        {"RequestItems": {TABLE: {"Keys": rollup_keys()}}},
    )
    rows = DynamoMetricsStore(client, TABLE).rows("send-in-the-specialists")
    assert sorted(rows, key=lambda row: row.row) == [
        CounterRow("constituency#4483", {"sent": 2}, "Inverness, Skye and West Ross-shire"),
        CounterRow("party#Labour #1", {"sent": 2}),
        CounterRow("totals", {"sent": 2, "supporters": 3}),
    ]


def test_keys_left_unprocessed_are_asked_for_again(client: Any, stub: Stubber) -> None:
    left = {TABLE: {"Keys": rollup_keys()[:2]}}
    stub.add_response("batch_get_item", {"Responses": {TABLE: []}, "UnprocessedKeys": left})
    item = {"pk": {"S": "send-in-the-specialists#00"}, "sk": {"S": "totals"}, "totals#sent": {"N": "1"}}
    stub.add_response("batch_get_item", {"Responses": {TABLE: [item]}}, {"RequestItems": left})
    pauses: list[float] = []
    rows = DynamoMetricsStore(client, TABLE, sleep=pauses.append).rows("send-in-the-specialists")
    assert rows == [CounterRow("totals", {"sent": 1})]
    assert len(pauses) == 1


def test_keys_never_processed_end_in_a_clear_busy_error(client: Any, stub: Stubber) -> None:
    left = {TABLE: {"Keys": rollup_keys()[:2]}}
    for _ in range(ATTEMPTS):
        stub.add_response("batch_get_item", {"Responses": {TABLE: []}, "UnprocessedKeys": left})
    with pytest.raises(Busy, match="try again"):
        DynamoMetricsStore(client, TABLE, sleep=lambda _: None).rows("send-in-the-specialists")

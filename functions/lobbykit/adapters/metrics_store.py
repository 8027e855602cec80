"""Campaign counters in DynamoDB: moved in the same transaction as what they count, read without a scan.

Items of the metrics table (key ``pk``, ``sk``):

- counter rows, ``pk = "<campaign>#<shard>"`` (``00`` to ``15``: ``counting.shard_of`` the action
  id) and ``sk`` the row: ``totals`` (the four states, supporters, constituencies and MPs reached),
  ``day#YYYY-MM-DD``, ``constituency#<Members API id>`` (its name kept as ``label``),
  ``party#<name>`` and ``refusal#<reason>``. Each holds a few numbers, changed only by ``ADD``.
- markers, ``pk = "<campaign>#first#<what>"``, ``sk = "-"``: ``supporter#<keyed hash of the
  email>`` (expiring with the supporter's records, deleted when they are erased),
  ``constituency#<id>``, ``mp#<id>``.

Writing. ``apply`` sends the caller's conditional writes (an action's change of state, in the
actions table) and the counters' ``ADD``s as ONE TransactWriteItems: the counts move if and only
if the change happens. A retried or duplicated request fails the action's condition and counts
nothing; a failed change counts nothing. A distinct thing (a supporter, a constituency or MP
reached) is counted by putting its marker, ``attribute_not_exists``, in the same transaction;
markers a cheap batch read finds already made are left out, and one made meanwhile by a
concurrent request cancels the transaction with a reason naming it, so it is retried without.
Shards spread a spike over 16 partitions: no item is hot, and concurrent transactions rarely
touch the same row; when they do (``TransactionConflict``) the attempt is retried with jitter a
few times, then reported as busy (503) with nothing changed. A ``ClientRequestToken`` per attempt
makes the SDK's own retries of that attempt idempotent.

Reading. ``rows`` is one Query per shard: 16 requests that return the campaign's counter rows
and nothing else. Their number is bounded by the distinct days, constituencies (650 at most),
parties and refusal reasons, times the shards, and never grows with the number of letters.
"""

import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from aws_lambda_powertools import Logger

from lobbykit.adapters.dynamo_items import from_item, to_item
from lobbykit.domain.counting import SHARDS, TOTALS, Counting, FirstTime
from lobbykit.domain.errors import Busy
from lobbykit.domain.metrics import CounterRow

logger = Logger(service="lobbykit", child=True)

ATTEMPTS = 6
MARKER_SORT_KEY = "-"
CONDITION_FAILED = "ConditionalCheckFailed"
CONFLICT = "TransactionConflict"


class DynamoMetricsStore:
    def __init__(self, client: Any, table: str, sleep: Callable[[float], None] = time.sleep) -> None:
        self._client = client
        self._table = table
        self._sleep = sleep

    # -- writing ------------------------------------------------------------------------

    def apply(self, counting: Counting, core: Sequence[dict[str, Any]] = ()) -> bool:
        """Write ``core`` and ``counting`` together; False (nothing written) if a core condition failed."""
        fresh = self._unseen(counting)
        for attempt in range(ATTEMPTS):
            items = [
                *core,
                *self._markers(counting.campaign, fresh),
                *self._updates(counting, fresh),
                *self._forgetting(counting),
            ]
            if not items:
                return True
            try:
                self._client.transact_write_items(TransactItems=items, ClientRequestToken=uuid.uuid4().hex)
            except self._client.exceptions.TransactionCanceledException as error:
                codes = [
                    reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])
                ]
                if CONDITION_FAILED in codes[: len(core)]:
                    return False
                made = {
                    first
                    for first, code in zip(fresh, codes[len(core) :], strict=False)
                    if code == CONDITION_FAILED
                }
                if not made and CONFLICT not in codes:
                    raise
                fresh = [first for first in fresh if first not in made]
                if not made:
                    self._sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter, not a secret
            else:
                return True
        logger.warning("counters busy", extra={"campaign": counting.campaign, "shard": counting.shard})
        raise Busy("Many people are writing just now. Please try again in a minute.")

    def _unseen(self, counting: Counting) -> list[FirstTime]:
        """The markers not yet made (a stale read only sends one to its condition, which decides)."""
        if not counting.first_times:
            return []
        keys = [self._marker_key(counting.campaign, first.marker) for first in counting.first_times]
        found = self._client.batch_get_item(
            RequestItems={self._table: {"Keys": keys, "ProjectionExpression": "pk"}}
        )["Responses"].get(self._table, [])
        made = {item["pk"]["S"] for item in found}
        return [
            first for first, key in zip(counting.first_times, keys, strict=True) if key["pk"]["S"] not in made
        ]

    def _markers(self, campaign: str, fresh: Sequence[FirstTime]) -> list[dict[str, Any]]:
        return [
            {
                "Put": {
                    "TableName": self._table,
                    "Item": {
                        **self._marker_key(campaign, first.marker),
                        **to_item(
                            {"expires_at": int(first.expires_at.timestamp()) if first.expires_at else None}
                        ),
                    },
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
            for first in fresh
        ]

    def _forgetting(self, counting: Counting) -> list[dict[str, Any]]:
        return [
            {"Delete": {"TableName": self._table, "Key": self._marker_key(counting.campaign, marker)}}
            for marker in counting.forgotten
        ]

    def _updates(self, counting: Counting, fresh: Sequence[FirstTime]) -> list[dict[str, Any]]:
        """One ``ADD`` update per row touched (a transaction may touch an item only once)."""
        amounts: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
        labels: dict[str, str] = {}
        for increment in counting.increments:
            amounts[increment.row][increment.counter] += increment.amount
            if increment.label:
                labels[increment.row] = increment.label
        for first in fresh:
            amounts[TOTALS][first.counter] += 1
        updates = []
        for row, counters in amounts.items():
            moved = {name: amount for name, amount in counters.items() if amount}
            if moved:
                updates.append(self._update(counting, row, moved, labels.get(row)))
        return updates

    def _update(
        self, counting: Counting, row: str, counters: dict[str, int], label: str | None
    ) -> dict[str, Any]:
        names = {f"#c{i}": name for i, name in enumerate(counters)}
        values: dict[str, Any] = {f":c{i}": amount for i, amount in enumerate(counters.values())}
        clauses = ["ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(counters)))]
        if label:
            names["#label"], values[":label"] = "label", label
            clauses.append("SET #label = :label")
        return {
            "Update": {
                "TableName": self._table,
                "Key": to_item({"pk": _partition(counting.campaign, counting.shard), "sk": row}),
                "UpdateExpression": " ".join(clauses),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": to_item(values),
            }
        }

    @staticmethod
    def _marker_key(campaign: str, marker: str) -> dict[str, Any]:
        return to_item({"pk": f"{campaign}#first#{marker}", "sk": MARKER_SORT_KEY})

    # -- reading ------------------------------------------------------------------------

    def rows(self, campaign: str) -> list[CounterRow]:
        rows = []
        paginator = self._client.get_paginator("query")
        for shard in range(SHARDS):
            pages = paginator.paginate(
                TableName=self._table,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues=to_item({":pk": _partition(campaign, shard)}),
            )
            for page in pages:
                for item in page["Items"]:
                    values = from_item(item)
                    rows.append(
                        CounterRow(
                            row=values.pop("sk"),
                            label=values.pop("label", None),
                            counts={name: int(n) for name, n in values.items() if name != "pk"},
                        )
                    )
        return rows


def _partition(campaign: str, shard: int) -> str:
    return f"{campaign}#{shard:02d}"

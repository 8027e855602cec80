"""Campaign counters in DynamoDB: moved in the same transaction as what they count, read in one request.

Items of the metrics table (key ``pk``, ``sk``):

- two rollup items per shard, ``pk = "<campaign>#<shard>"`` (``00`` to ``15``:
  ``counting.shard_of`` the action id). Each counter is a top-level number attribute named
  ``<row>#<counter>``, changed only by ``ADD`` (which creates a missing top-level attribute, so a
  new row needs nothing made first; a nested map path would need its parent to exist):
  - ``sk = "totals"``: ``totals#awaiting_confirmation``, ``totals#confirmed``, ``totals#sent``,
    ``totals#failed``, ``totals#supporters``, ``totals#constituencies_reached``,
    ``totals#mps_reached``. A few hundred bytes, touched by every change.
  - ``sk = "breakdown"``: ``day#2026-11-29#sent``, ``constituency#4483#sent`` (with the seat's
    name as ``constituency#4483#label``), ``party#Labour#sent``, ``refusal#seat_vacant#count``.
    Touched once per letter sent or refused. At most 650 seats with their names, the campaign's
    days, the parties and the refusal reasons: about 50 KB with every seat reached (names of 17
    characters on average) and a year of days, far inside DynamoDB's 400 KB item limit, and no
    bigger however many letters follow.
- markers, ``pk = "<campaign>#first#<what>"``, ``sk = "-"``: ``supporter#<keyed hash of the
  email>`` (expiring with the supporter's records, deleted when they are erased),
  ``constituency#<id>``, ``mp#<id>``.
- letters not delivered, ``pk = "<campaign>#undelivered"``, ``sk = "mp#<id>"``: one item per
  MP whose mail server refused a letter for good: ``letters`` (a count), the MP's and seat's
  names, ``last_at`` and ``reason`` (the latest bounce). At most 650 items, each a few hundred
  bytes: one Query reads them all.

Writing. ``apply`` sends the caller's conditional writes (an action's change of state, in the
actions table), the markers and the shard's ``ADD`` updates as ONE TransactWriteItems: the counts
move if and only if the change happens. A retried or duplicated request fails the action's
condition and counts nothing; a failed change counts nothing. A distinct thing (a supporter, a
constituency or MP reached) is counted by putting its marker, ``attribute_not_exists``, in the
same transaction; markers a cheap batch read finds already made are left out, and one made
meanwhile by a concurrent request cancels the transaction with a reason naming it, so it is
retried without. Shards spread a spike over 16 partitions: each shard's two items take a
sixteenth of the counter writes. Concurrent transactions on one shard (``TransactionConflict``) are retried
with jitter a few times, then reported as busy (503) with nothing changed: ``dynamo_retries``, the
one conflict retry every store uses.

Reading. ``rows`` is one BatchGetItem of the 32 rollup items: the same request and at most the
same items with 100 letters or a million; the bytes grow with the distinct rows, up to the sizes
above. ``undelivered`` is one Query of its partition, bounded by the number of MPs. Nothing is
scanned.

Why two items and not one: DynamoDB bills a write by the size of the whole item, so each update of
a full breakdown item costs about 50 write units (twice that in a transaction). Keeping the totals
apart means submissions, confirmations and erasures update a small item; only the letter's
sending pays for the breakdown, which at full size a shard can take about 10 times a second
(DynamoDB's 1,000 write units a second per partition), some 160 letters a second in all.

Migrating from counters kept one item per row (``sk`` the row) is a sum: each such item's
counters become ``<sk>#<counter>`` on its shard's totals or breakdown item, its label
``<sk>#label``.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from lobbykit.adapters.dynamo_items import from_item, query_all, to_item
from lobbykit.adapters.dynamo_retries import cancellation_reasons, transact_write, until_processed
from lobbykit.adapters.dynamo_throttling import CONDITION_FAILED
from lobbykit.domain.counting import SHARDS, TOTALS, Counting, FirstTime
from lobbykit.domain.metrics import CounterRow, UndeliveredMp

UNREADABLE = "The numbers are busy just now. Please try again in a minute."
BREAKDOWN = "breakdown"
ROLLUPS = (TOTALS, BREAKDOWN)
MARKER_SORT_KEY = "-"
LABEL = "label"


class DynamoMetricsStore:
    def __init__(self, client: Any, table: str, sleep: Callable[[float], None] = time.sleep) -> None:
        self._client = client
        self._table = table
        self._sleep = sleep

    # -- writing ------------------------------------------------------------------------

    def apply(self, counting: Counting, core: Sequence[dict[str, Any]] = ()) -> bool:
        """Write ``core`` and ``counting`` together; False (nothing written) if a core condition failed."""
        fresh = self._unseen(counting)
        while True:
            items = [
                *core,
                *self._markers(counting.campaign, fresh),
                *self._update(counting, fresh),
                *self._forgetting(counting),
                *self._noting(counting),
            ]
            if not items:
                return True
            try:
                transact_write(self._client, items, sleep=self._sleep)
            except ClientError as error:
                codes = cancellation_reasons(error)
                if CONDITION_FAILED in codes[: len(core)]:
                    return False
                made = {
                    first
                    for first, code in zip(fresh, codes[len(core) :], strict=False)
                    if code == CONDITION_FAILED
                }
                if not made:
                    raise
                fresh = [first for first in fresh if first not in made]  # at least one fewer each time
            else:
                return True

    def _unseen(self, counting: Counting) -> list[FirstTime]:
        """The markers not yet made (a stale read only sends one to its condition, which decides)."""
        if not counting.first_times:
            return []
        keys = [self._marker_key(counting.campaign, first.marker) for first in counting.first_times]
        found = self._client.batch_get_item(
            RequestItems={self._table: {"Keys": keys, "ProjectionExpression": "pk"}}
        )["Responses"].get(self._table, [])
        made = {from_item(item)["pk"] for item in found}
        return [
            first
            for first, key in zip(counting.first_times, keys, strict=True)
            if from_item(key)["pk"] not in made
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

    def _noting(self, counting: Counting) -> list[dict[str, Any]]:
        """The MP's undelivered-letters item: one more letter, and the latest bounce's date and reason."""
        note = counting.undelivered
        if note is None:
            return []
        key = {"pk": _undelivered_partition(counting.campaign), "sk": f"mp#{note.mp_id}"}
        return [
            {
                "Update": {
                    "TableName": self._table,
                    "Key": to_item(key),
                    "UpdateExpression": (
                        "ADD letters :one SET mp_id = :mp, mp_name = :name, constituency_name = :seat, "
                        "last_at = :at, reason = :reason"
                    ),
                    "ExpressionAttributeValues": to_item(
                        {
                            ":one": 1,
                            ":mp": note.mp_id,
                            ":name": note.mp_name,
                            ":seat": note.constituency_name,
                            ":at": note.at.isoformat(),
                            ":reason": note.reason,
                        }
                    ),
                }
            }
        ]

    def _update(self, counting: Counting, fresh: Sequence[FirstTime]) -> list[dict[str, Any]]:
        """One ``ADD`` update per rollup item touched (a transaction may touch an item only once)."""
        amounts: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
        labels: defaultdict[str, dict[str, str]] = defaultdict(dict)
        for increment in counting.increments:
            amounts[_item_of(increment.row)][_attribute(increment.row, increment.counter)] += increment.amount
            if increment.label:
                labels[_item_of(increment.row)][_attribute(increment.row, LABEL)] = increment.label
        for first in fresh:
            amounts[TOTALS][_attribute(TOTALS, first.counter)] += 1
        updates = []
        for item, attributes in amounts.items():
            moved = {name: amount for name, amount in attributes.items() if amount}
            if moved:
                key = _rollup_key(counting.campaign, counting.shard, item)
                updates.append(self._add(key, moved, labels[item]))
        return updates

    def _add(self, key: dict[str, Any], amounts: dict[str, int], labels: dict[str, str]) -> dict[str, Any]:
        names = {f"#c{i}": name for i, name in enumerate(amounts)}
        values: dict[str, Any] = {f":c{i}": amount for i, amount in enumerate(amounts.values())}
        clauses = ["ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(amounts)))]
        if labels:
            names.update({f"#l{i}": name for i, name in enumerate(labels)})
            values.update({f":l{i}": label for i, label in enumerate(labels.values())})
            clauses.append("SET " + ", ".join(f"#l{i} = :l{i}" for i in range(len(labels))))
        return {
            "Update": {
                "TableName": self._table,
                "Key": key,
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
        """Every shard's rows, from one BatchGetItem of the 32 rollup items (two a shard; a few
        more requests only if DynamoDB leaves some keys unprocessed, as it may when busy)."""
        keys = [_rollup_key(campaign, shard, item) for shard in range(SHARDS) for item in ROLLUPS]
        items: list[dict[str, Any]] = []

        def read(wanted: dict[str, Any]) -> dict[str, Any] | None:
            answer = self._client.batch_get_item(RequestItems={self._table: wanted})
            items.extend(answer["Responses"].get(self._table, []))
            left: dict[str, Any] | None = answer.get("UnprocessedKeys", {}).get(self._table)
            return left

        until_processed(read, {"Keys": keys}, sleep=self._sleep, message=UNREADABLE)
        return [row for item in items for row in _rows(from_item(item))]

    def undelivered(self, campaign: str) -> list[UndeliveredMp]:
        """Every MP with a letter not delivered: one Query (a page holds far more than 650 MPs'
        items; further pages are read all the same)."""
        items = query_all(
            self._client,
            TableName=self._table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=to_item({":pk": _undelivered_partition(campaign)}),
        )
        return [_undelivered(item) for item in items]


def _undelivered_partition(campaign: str) -> str:
    return f"{campaign}#undelivered"


def _undelivered(item: dict[str, Any]) -> UndeliveredMp:
    return UndeliveredMp(
        mp_id=int(item["mp_id"]),
        mp_name=str(item["mp_name"]),
        constituency_name=str(item["constituency_name"]),
        letters=int(item["letters"]),
        last_at=datetime.fromisoformat(item["last_at"]),
        reason=str(item["reason"]),
    )


def _attribute(row: str, name: str) -> str:
    """``constituency#4483`` and ``sent`` → ``constituency#4483#sent``: the counter's attribute."""
    return f"{row}#{name}"


def _rows(item: dict[str, Any]) -> list[CounterRow]:
    """A rollup item's attributes gathered back into rows (the row is all before the last ``#``)."""
    counts: defaultdict[str, dict[str, int]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for attribute, value in item.items():
        row, _, name = attribute.rpartition("#")
        if not row:
            continue  # pk, sk
        if name == LABEL:
            labels[row] = str(value)
        else:
            counts[row][name] = int(value)
    return [CounterRow(row, row_counts, labels.get(row)) for row, row_counts in counts.items()]


def _item_of(row: str) -> str:
    """Which of its shard's two rollup items a row lives in (their sort key)."""
    return TOTALS if row == TOTALS else BREAKDOWN


def _rollup_key(campaign: str, shard: int, item: str) -> dict[str, Any]:
    return to_item({"pk": f"{campaign}#{shard:02d}", "sk": item})

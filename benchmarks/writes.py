"""Every DynamoDB item a client writes, counted per (table, key), from botocore's own hooks.

Each write request names its items' keys before it is sent (``before-call``): PutItem,
UpdateItem and DeleteItem one each, TransactWriteItems and BatchWriteItem every item they put,
update or delete (a ConditionCheck writes nothing). A write request that fails is counted in
``failures`` too, so a benchmark can insist there were none.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

WRITES = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")
Written = tuple[str, str]  # table, key as JSON


@dataclass
class Writes:
    per_item: Counter[Written] = field(default_factory=Counter)
    failures: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_item.values())

    def busiest(self) -> tuple[Written, int]:
        """The item written most often, and how often."""
        [(item, count)] = self.per_item.most_common(1)
        return item, count


@contextmanager
def counting_writes(client: Any) -> Iterator[Writes]:
    """Count the items ``client`` writes inside the block (the key schemas from DescribeTable)."""
    writes = Writes()
    key_names: dict[str, list[str]] = {}

    def key(table: str, item: dict[str, Any]) -> Written:
        if table not in key_names:
            schema = client.describe_table(TableName=table)["Table"]["KeySchema"]
            key_names[table] = [part["AttributeName"] for part in schema]
        return table, json.dumps({name: item[name] for name in key_names[table]}, sort_keys=True)

    def before_call(model: Any, params: dict[str, Any], **_: Any) -> None:
        request = json.loads(params["body"])
        writes.per_item.update(_items(model.name, request, key))

    def after_call(http_response: Any, **_: Any) -> None:
        writes.failures += http_response.status_code >= 300

    events: list[tuple[str, Callable[..., None]]] = [
        *((f"before-call.dynamodb.{name}", before_call) for name in WRITES),
        *((f"after-call.dynamodb.{name}", after_call) for name in WRITES),
    ]
    for event, handler in events:
        client.meta.events.register(event, handler)
    try:
        yield writes
    finally:
        for event, handler in events:
            client.meta.events.unregister(event, handler)


def _items(operation: str, request: dict[str, Any], key: Any) -> list[Written]:
    if operation == "PutItem":
        return [key(request["TableName"], request["Item"])]
    if operation in ("UpdateItem", "DeleteItem"):
        return [key(request["TableName"], request["Key"])]
    if operation == "TransactWriteItems":
        return [
            key(change["TableName"], change.get("Item") or change["Key"])
            for kind, change in (next(iter(item.items())) for item in request["TransactItems"])
            if kind != "ConditionCheck"
        ]
    return [
        key(table, (change.get("PutRequest") or {}).get("Item") or change["DeleteRequest"]["Key"])
        for table, changes in request["RequestItems"].items()
        for change in changes
    ]

"""Plain Python values ↔ DynamoDB attribute values (``{"S": ...}``, ``{"N": ...}``): the one codec.

Every adapter that talks to DynamoDB uses the low-level client, which costs a cold start far
less than a boto3 resource; these helpers are all that the resource would have added. boto3's
own ``TypeSerializer``/``TypeDeserializer`` do the work, built on first use, with three
conventions of ours on top:

- ``None`` at the top of an item is left out, not stored as NULL: DynamoDB keeps absent
  attributes absent, which sparse indexes and ``attribute_not_exists`` conditions rely on.
  (Inside a map or list, ``None`` is NULL and comes back as ``None``.)
- Numbers come back as ``int`` when whole and ``float`` otherwise, at any depth, never as
  ``Decimal``; a ``float`` may be stored (boto3 refuses them: it is stored by its shortest
  decimal form, as ``repr`` writes it).
- Keys and expression values are built here too (``to_item({"pk": key})``), never by hand.

``query_all`` reads every item a query matches, as plain values, whatever the number of pages.
"""

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer


@cache
def _codec() -> tuple[Any, Any]:
    return TypeSerializer(), TypeDeserializer()


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    """A plain mapping as a DynamoDB item (or key, or expression values); ``None`` values left out."""
    serialiser = _codec()[0]
    return {key: serialiser.serialize(_storable(value)) for key, value in values.items() if value is not None}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A DynamoDB item as plain values: numbers as ``int`` or ``float``, sets as ``set``."""
    deserialiser = _codec()[1]
    return {key: _plain(deserialiser.deserialize(value)) for key, value in item.items()}


def query_all(client: Any, **arguments: Any) -> list[dict[str, Any]]:
    """Every item a DynamoDB query matches, as plain values, following pagination."""
    items: list[dict[str, Any]] = []
    while True:
        page = client.query(**arguments)
        items.extend(from_item(item) for item in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        return str(value)  # a StrEnum member as its value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {key: _storable(inner) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [_storable(inner) for inner in value]
    if isinstance(value, (set, frozenset)):
        return {_storable(inner) for inner in value}
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    if isinstance(value, set):
        return {_plain(inner) for inner in value}
    return value

"""Plain Python values ↔ DynamoDB attribute values (``{"S": ...}``, ``{"N": ...}``): the one codec.

Every adapter that talks to DynamoDB uses the low-level client, which costs a cold start far
less than a boto3 resource; these helpers are all that the resource would have added. They are
written here rather than taken from ``boto3.dynamodb.types``: importing that imports boto3
itself (about 110 ms of a cold start from source, on top of botocore), and the cache and rate
counters of every lookup go through here. The rules are boto3's (the same types, numbers held
to DynamoDB's 38 digits), with three conventions of ours on top:

- ``None`` at the top of an item is left out, not stored as NULL: DynamoDB keeps absent
  attributes absent, which sparse indexes and ``attribute_not_exists`` conditions rely on.
  (Inside a map or list, ``None`` is NULL and comes back as ``None``.)
- Numbers come back as ``int`` when whole and ``float`` otherwise, at any depth, never as
  ``Decimal``; a ``float`` may be stored (boto3 refuses them: it is stored by its shortest
  decimal form, as ``repr`` writes it).
- Keys and expression values are built here too (``to_item({"pk": key})``), never by hand.

``query_all`` reads every item a query matches, as plain values, whatever the number of pages.
"""

from collections.abc import Callable, Mapping
from decimal import Clamped, Context, Decimal, Inexact, Overflow, Rounded, Underflow
from typing import Any

# DynamoDB's numbers: 38 significant digits, magnitudes 1E-130 to 9.9E+125; anything it would
# round or refuse is refused here first (boto3's own context).
NUMBERS = Context(Emin=-128, Emax=126, prec=38, traps=[Clamped, Overflow, Inexact, Rounded, Underflow])


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    """A plain mapping as a DynamoDB item (or key, or expression values); ``None`` values left out."""
    return {key: _typed(value) for key, value in values.items() if value is not None}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """A DynamoDB item as plain values: numbers as ``int`` or ``float``, sets as ``set``."""
    return {key: _plain(value) for key, value in item.items()}


def query_all(client: Any, **arguments: Any) -> list[dict[str, Any]]:
    """Every item a DynamoDB query matches, as plain values, following pagination."""
    items: list[dict[str, Any]] = []
    while True:
        page = client.query(**arguments)
        items.extend(from_item(item) for item in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _typed(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, Mapping):
        return {"M": {key: _typed(inner) for key, inner in value.items()}}
    if isinstance(value, list | tuple):
        return {"L": [_typed(inner) for inner in value]}
    if isinstance(value, set | frozenset):
        return _typed_set(value)
    return _typed_scalar(value)


def _typed_scalar(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": str(value)}  # a StrEnum member as its value
    if isinstance(value, int | float | Decimal):
        return {"N": _number(value)}
    if isinstance(value, bytes | bytearray):
        return {"B": bytes(value)}
    raise TypeError(f"DynamoDB has no type for {type(value).__name__} values")


def _typed_set(values: set[Any] | frozenset[Any]) -> dict[str, Any]:
    if values and all(isinstance(value, str) for value in values):
        return {"SS": [str(value) for value in values]}
    if values and all(isinstance(value, bytes | bytearray) for value in values):
        return {"BS": [bytes(value) for value in values]}
    if values and all(
        isinstance(value, int | float | Decimal) and not isinstance(value, bool) for value in values
    ):
        return {"NS": [_number(value) for value in values]}
    raise TypeError("DynamoDB sets hold strings, numbers or bytes, one kind a set, and are never empty")


def _number(value: int | float | Decimal) -> str:
    """A float by its shortest decimal form (as ``repr`` writes it), checked against DynamoDB's limits."""
    number = NUMBERS.create_decimal(repr(value) if isinstance(value, float) else value)
    if not number.is_finite():
        raise TypeError(f"DynamoDB cannot store {value!r}")
    return str(number)


def _plain(typed: Mapping[str, Any]) -> Any:
    [(kind, value)] = typed.items()
    return READERS[kind](value)


def _numeric(text: str) -> int | float:
    number = NUMBERS.create_decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


READERS: dict[str, Callable[[Any], Any]] = {
    "S": str,
    "N": _numeric,
    "B": bytes,
    "BOOL": bool,
    "NULL": lambda _: None,
    "M": lambda value: {key: _plain(inner) for key, inner in value.items()},
    "L": lambda value: [_plain(inner) for inner in value],
    "SS": set,
    "NS": lambda value: {_numeric(inner) for inner in value},
    "BS": set,
}

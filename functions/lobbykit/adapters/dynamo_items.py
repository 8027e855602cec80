"""Plain dicts ↔ DynamoDB attribute values, for adapters that use the low-level client.

The low-level client costs a cold start far less than a boto3 resource; these two helpers are
all that the resource would have added.
"""

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    """Serialise, leaving out None (DynamoDB keeps absent attributes absent, which GSIs rely on)."""
    return {key: _SERIALIZER.serialize(value) for key, value in values.items() if value is not None}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(_DESERIALIZER.deserialize(value)) for key, value in item.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value

"""What the social adapters share about AWS calls: item (de)serialisation and failure mapping."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.domain.errors import UpstreamUnavailable


@cache
def _serialisers() -> tuple[Any, Any]:
    return TypeSerializer(), TypeDeserializer()


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    """A plain mapping as a DynamoDB item; ``None`` values are left out, not stored as NULL."""
    serialiser = _serialisers()[0]
    return {key: serialiser.serialize(value) for key, value in values.items() if value is not None}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    deserialiser = _serialisers()[1]
    return {key: deserialiser.deserialize(value) for key, value in item.items()}


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def unavailable_as(what: str) -> Iterator[None]:
    """Turn an AWS failure into ``UpstreamUnavailable`` naming ``what`` could not be reached."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise UpstreamUnavailable(
            f"We could not reach {what} just now ({type(error).__name__}). Please try again in a few minutes."
        ) from error


def query_all(client: Any, **arguments: Any) -> list[dict[str, Any]]:
    """Every item a DynamoDB query matches, following pagination."""
    items: list[dict[str, Any]] = []
    while True:
        page = client.query(**arguments)
        items.extend(from_item(item) for item in page.get("Items", []))
        if "LastEvaluatedKey" not in page:
            return items
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]

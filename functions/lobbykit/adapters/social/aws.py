"""What the social adapters share about AWS calls: failure mapping and paging through a query.

Items are (de)serialised by ``lobbykit.adapters.dynamo_items``, as everywhere else.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.adapters.dynamo_items import from_item
from lobbykit.domain.errors import UpstreamUnavailable


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

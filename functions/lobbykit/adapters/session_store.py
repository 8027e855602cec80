"""Organiser page sessions in the sessions table, one item each, gone by TTL when they end.

DynamoDB deletes expired items only eventually (often within a day), so ``domain.organiser_sessions``
checks the end time itself; the TTL only keeps the table from growing. Reads are strongly
consistent: the page the browser is sent to right after signing in must find its session.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.adapters.dynamo_items import from_item, to_item
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.organiser_sessions import OrganiserSession

PREFIX = "organiser-session#"
UNAVAILABLE = "We could not check your sign-in just now. Please try again in a minute."


class DynamoSessionStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table_name = table_name

    def save(self, session: OrganiserSession) -> None:
        item = to_item(
            {
                "pk": PREFIX + session.key,
                "organiser": session.organiser,
                "token_digest": session.token_digest,
                "expires_at": int(session.expires_at.timestamp()),
            }
        )
        with _unavailable_as_domain_error():
            self._client.put_item(TableName=self._table_name, Item=item)

    def find(self, key: str) -> OrganiserSession | None:
        with _unavailable_as_domain_error():
            answer = self._client.get_item(TableName=self._table_name, Key=_key(key), ConsistentRead=True)
        if "Item" not in answer:
            return None
        item = from_item(answer["Item"])
        return OrganiserSession(
            key, item["organiser"], item["token_digest"], datetime.fromtimestamp(item["expires_at"], UTC)
        )

    def delete(self, key: str) -> None:
        with _unavailable_as_domain_error():
            self._client.delete_item(TableName=self._table_name, Key=_key(key))


def _key(key: str) -> dict[str, Any]:
    return to_item({"pk": PREFIX + key})


@contextmanager
def _unavailable_as_domain_error() -> Iterator[None]:
    """The table out of reach: the page says so (503) rather than failing with a traceback."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise UpstreamUnavailable(UNAVAILABLE) from error

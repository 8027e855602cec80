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

from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.organiser_sessions import OrganiserSession

PREFIX = "organiser-session#"
UNAVAILABLE = "We could not check your sign-in just now. Please try again in a minute."


class DynamoSessionStore:
    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table_name = table_name

    def save(self, session: OrganiserSession) -> None:
        item = {
            **_key(session.key),
            "organiser": {"S": session.organiser},
            "token_digest": {"S": session.token_digest},
            "expires_at": {"N": str(int(session.expires_at.timestamp()))},
        }
        with _unavailable_as_domain_error():
            self._client.put_item(TableName=self._table_name, Item=item)

    def find(self, key: str) -> OrganiserSession | None:
        with _unavailable_as_domain_error():
            answer = self._client.get_item(TableName=self._table_name, Key=_key(key), ConsistentRead=True)
        item = answer.get("Item")
        if item is None:
            return None
        return OrganiserSession(
            key,
            item["organiser"]["S"],
            item["token_digest"]["S"],
            datetime.fromtimestamp(int(item["expires_at"]["N"]), UTC),
        )

    def delete(self, key: str) -> None:
        with _unavailable_as_domain_error():
            self._client.delete_item(TableName=self._table_name, Key=_key(key))


def _key(key: str) -> dict[str, Any]:
    return {"pk": {"S": PREFIX + key}}


@contextmanager
def _unavailable_as_domain_error() -> Iterator[None]:
    """The table out of reach: the page says so (503) rather than failing with a traceback."""
    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise UpstreamUnavailable(UNAVAILABLE) from error

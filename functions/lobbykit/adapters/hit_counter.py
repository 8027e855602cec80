"""Rate-limit counters as atomic ``ADD`` updates on items that expire with their window.

Kept in the cache table (``pk`` + ``expires_at`` TTL), keyed by a pseudonym of the subject:
never an IP address or email in the clear. If DynamoDB cannot count just now the request goes
through: a limiter must never take the form down.
"""

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.adapters.dynamo_items import from_item, to_item
from lobbykit.domain.errors import Busy
from lobbykit.domain.limits import Window

logger = Logger(service="lobbykit", child=True)

EXPIRY_GRACE_SECONDS = 60


class DynamoHitCounter:
    def __init__(self, client: Any, table: str, pseudonymise: Callable[[str], str]) -> None:
        self._client = client
        self._table = table
        self._pseudonymise = pseudonymise

    def hit(self, window: Window, hits: int = 1) -> int:
        """Add ``hits`` to the window's shared count and return the new total (0 if unavailable)."""
        key = f"rate#{window.limit.name}#{self._pseudonymise(window.subject)}#{window.start}"
        try:
            result = self._client.update_item(
                TableName=self._table,
                Key=to_item({"pk": key}),
                UpdateExpression="ADD hits :hits SET expires_at = if_not_exists(expires_at, :expires)",
                ExpressionAttributeValues=to_item(
                    {":hits": hits, ":expires": window.end + EXPIRY_GRACE_SECONDS}
                ),
                ReturnValues="UPDATED_NEW",
            )
        except (BotoCoreError, ClientError, Busy) as error:
            logger.warning("rate counter unavailable", extra={"reason": type(error).__name__})
            return 0
        return int(from_item(result["Attributes"])["hits"])

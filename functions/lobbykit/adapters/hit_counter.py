"""Rate-limit counters as atomic ``ADD`` updates on items that expire with their window.

Kept in the cache table (``pk`` + ``expires_at`` TTL). If DynamoDB cannot count just now the
request goes through: a limiter must never take the form down.
"""

from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.domain.errors import Busy

logger = Logger(service="lobbykit", child=True)


class DynamoHitCounter:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def hit(self, key: str, expires_at: int) -> int:
        try:
            result = self._client.update_item(
                TableName=self._table,
                Key={"pk": {"S": key}},
                UpdateExpression="ADD hits :one SET expires_at = if_not_exists(expires_at, :expires)",
                ExpressionAttributeValues={":one": {"N": "1"}, ":expires": {"N": str(expires_at)}},
                ReturnValues="UPDATED_NEW",
            )
        except (BotoCoreError, ClientError, Busy) as error:
            logger.warning("rate counter unavailable", extra={"reason": type(error).__name__})
            return 0
        return int(result["Attributes"]["hits"]["N"])

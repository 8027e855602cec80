"""Letters per MP per hour as one counter item each, in the cache table (``pk`` + TTL).

``letters#mp#<Members API id>#<YYYY-MM-DDTHH>`` counts the letters sent to one MP in one UTC
hour, from every campaign of the stack (it protects the MP's inbox); each campaign compares it
with its own cap. The item expires an hour after its window. A throttle is not caught here: it
raises ``Busy`` (``dynamo_throttling``) before the letter is sent, so the letter keeps its lease
and is due again when the lease runs out.
"""

from datetime import datetime, timedelta
from typing import Any

from lobbykit.adapters.dynamo_items import to_item

KEPT_AFTER_WINDOW = timedelta(hours=2)


class DynamoLetterPacer:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def take(self, mp_id: int, hour: datetime, cap: int) -> bool:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=to_item({"pk": f"letters#mp#{mp_id}#{hour:%Y-%m-%dT%H}"}),
                UpdateExpression="ADD letters :one SET expires_at = if_not_exists(expires_at, :expires)",
                ConditionExpression="attribute_not_exists(letters) OR letters < :cap",
                ExpressionAttributeValues=to_item(
                    {":one": 1, ":cap": cap, ":expires": int((hour + KEPT_AFTER_WINDOW).timestamp())}
                ),
            )
        except self._client.exceptions.ConditionalCheckFailedException:
            return False
        return True

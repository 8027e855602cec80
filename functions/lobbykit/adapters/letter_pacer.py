"""Letters per MP per hour as one counter item each, in the cache table (``pk`` + TTL).

``letters#mp#<Members API id>#<YYYY-MM-DDTHH>`` counts the letters sent to one MP in one UTC
hour, from every campaign of the stack (it protects the MP's inbox); each campaign compares it
with its own cap. The item expires an hour after its window. A throttle is not caught by
``take``: it raises ``Busy`` (``dynamo_throttling``) before the letter is sent, so the letter
keeps its lease and is due again when the lease runs out. ``give_back`` is caught: a place not
given back only makes the hour's cap a letter tighter.
"""

from datetime import datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.adapters.dynamo_items import to_item
from lobbykit.domain.errors import Busy

logger = Logger(service="lobbykit", child=True)

KEPT_AFTER_WINDOW = timedelta(hours=2)


class DynamoLetterPacer:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def take(self, mp_id: int, hour: datetime, cap: int) -> bool:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_key(mp_id, hour),
                UpdateExpression="ADD letters :one SET expires_at = if_not_exists(expires_at, :expires)",
                ConditionExpression="attribute_not_exists(letters) OR letters < :cap",
                ExpressionAttributeValues=to_item(
                    {":one": 1, ":cap": cap, ":expires": int((hour + KEPT_AFTER_WINDOW).timestamp())}
                ),
            )
        except self._client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def give_back(self, mp_id: int, hour: datetime) -> None:
        try:
            self._client.update_item(
                TableName=self._table,
                Key=_key(mp_id, hour),
                UpdateExpression="ADD letters :minus_one",
                ConditionExpression="letters > :none",
                ExpressionAttributeValues=to_item({":minus_one": -1, ":none": 0}),
            )
        except (BotoCoreError, ClientError, Busy) as error:  # nothing to give back, or throttled
            logger.warning("letter place not given back", extra={"reason": type(error).__name__})


def _key(mp_id: int, hour: datetime) -> dict[str, Any]:
    return to_item({"pk": f"letters#mp#{mp_id}#{hour:%Y-%m-%dT%H}"})

"""The suppression list in the actions table: one small item per mailbox we no longer email.

``suppressed#<mailbox key>`` with ``reason`` (bounce or complaint) and ``suppressed_at``. Never
the address: the key is a keyed hash of the canonical mailbox (``domain.mailbox``). No expiry,
and erasure leaves it: a suppression list is kept so that it can be honoured (an address that
bounced or reported spam must not be emailed again), and the key alone identifies no one.
"""

from datetime import datetime
from typing import Any

from lobbykit.adapters.dynamo_items import to_item
from lobbykit.domain.suppression import SuppressionReason


class DynamoSuppressionStore:
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def contains(self, mailbox_key: str) -> bool:
        item = self._client.get_item(
            TableName=self._table, Key=_key(mailbox_key), ProjectionExpression="pk"
        ).get("Item")
        return item is not None

    def add(self, mailbox_key: str, reason: SuppressionReason, now: datetime) -> bool:
        """Idempotent (SES may deliver an event twice): the first reason and date are kept, and
        only the first add answers True (there was no item before it)."""
        answer = self._client.update_item(
            TableName=self._table,
            Key=_key(mailbox_key),
            UpdateExpression="SET reason = if_not_exists(reason, :reason), "
            "suppressed_at = if_not_exists(suppressed_at, :now)",
            ExpressionAttributeValues=to_item({":reason": reason.value, ":now": now.isoformat()}),
            ReturnValues="ALL_OLD",
        )
        return "reason" not in answer.get("Attributes", {})


def _key(mailbox_key: str) -> dict[str, Any]:
    return to_item({"pk": f"suppressed#{mailbox_key}"})

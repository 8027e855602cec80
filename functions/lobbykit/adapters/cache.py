"""A two-tier cache for upstream answers: this process's memory, then a shared DynamoDB table.

Each entry is fresh until ``fresh_until`` and kept (as a stale fallback for outages) until
``expires_at``, which is also the table's TTL attribute. DynamoDB deletes expired items only
eventually (and moto never does), so reads ignore anything past ``expires_at`` themselves.
A cache that fails (throttled, unreachable) is logged and treated as a miss: it must never turn
a working lookup into an error.
"""

import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from lobbykit.adapters.dynamo_items import from_item, to_item
from lobbykit.domain.errors import Busy

logger = Logger(service="lobbykit", child=True)


@dataclass(frozen=True, slots=True)
class CacheEntry:
    value: dict[str, Any]
    fresh_until: int
    expires_at: int

    def is_fresh(self, now: int) -> bool:
        return now < self.fresh_until

    def is_kept(self, now: int) -> bool:
        return now < self.expires_at


class Cache(Protocol):
    def get(self, key: str) -> CacheEntry | None: ...

    def put(self, key: str, entry: CacheEntry) -> None: ...


class MemoryCache:
    """A bounded least-recently-used map, shared by the requests a warm function serves."""

    def __init__(self, max_entries: int = 4096) -> None:
        self._entries: OrderedDict[str, CacheEntry] = OrderedDict()
        self._max_entries = max_entries

    def get(self, key: str) -> CacheEntry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: CacheEntry) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)


class DynamoCache:
    """Entries in a table keyed by ``pk``, with ``expires_at`` as its TTL attribute.

    Uses the low-level client: a boto3 resource costs a cold start far more than it saves here.
    """

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table_name = table_name

    def get(self, key: str) -> CacheEntry | None:
        try:
            item = self._client.get_item(TableName=self._table_name, Key=to_item({"pk": key})).get("Item")
        except (BotoCoreError, ClientError, Busy) as error:
            logger.warning("cache read failed", extra={"reason": type(error).__name__})
            return None
        if item is None:
            return None
        stored = from_item(item)
        return CacheEntry(
            value=json.loads(stored["value"]),
            fresh_until=int(stored["fresh_until"]),
            expires_at=int(stored["expires_at"]),
        )

    def put(self, key: str, entry: CacheEntry) -> None:
        try:
            self._client.put_item(
                TableName=self._table_name,
                Item=to_item(
                    {
                        "pk": key,
                        "value": json.dumps(entry.value, separators=(",", ":")),
                        "fresh_until": entry.fresh_until,
                        "expires_at": entry.expires_at,
                    }
                ),
            )
        except (BotoCoreError, ClientError, Busy) as error:
            logger.warning("cache write failed", extra={"reason": type(error).__name__})


class TieredCache:
    """Memory first, then the shared table; a table hit warms memory."""

    def __init__(self, tiers: list[Cache], clock: Callable[[], datetime] | None = None) -> None:
        self._tiers = tiers
        self._clock = clock or (lambda: datetime.now(UTC))
        self.hits = 0
        self.misses = 0

    def now(self) -> int:
        return int(self._clock().timestamp())

    def get(self, key: str) -> CacheEntry | None:
        now = self.now()
        for depth, tier in enumerate(self._tiers):
            entry = tier.get(key)
            if entry is not None and entry.is_kept(now):
                for warmer in self._tiers[:depth]:
                    warmer.put(key, entry)
                return entry
        return None

    def put(self, key: str, value: dict[str, Any], fresh_for: int, keep_for: int) -> None:
        now = self.now()
        entry = CacheEntry(value, fresh_until=now + fresh_for, expires_at=now + keep_for)
        for tier in self._tiers:
            tier.put(key, entry)

"""A ``MembersDirectory`` that asks the upstream only when its cache has no fresh answer.

Repeated postcodes and repeated MPs cost no call. When the upstream is unavailable, a stale
answer (kept for weeks) is better than none: seats change hands rarely, and a supporter with a
stale answer can still write. A postcode Parliament does not know is remembered briefly too,
so a typo repeated by a double click is not asked twice.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger

from lobbykit.adapters.cache import TieredCache
from lobbykit.domain.errors import PostcodeNotFound, UpstreamUnavailable
from lobbykit.domain.members import MembersDirectory, MpContact, Representation
from lobbykit.domain.postcode import Postcode
from lobbykit.observability import count

logger = Logger(service="lobbykit", child=True)

HOUR = 3600
DAY = 24 * HOUR
FRESH_FOR = DAY
KEEP_FOR = 30 * DAY
NOT_FOUND_FOR = HOUR

T = TypeVar("T")


class CachedMembersDirectory:
    def __init__(self, upstream: MembersDirectory, cache: TieredCache) -> None:
        self._upstream = upstream
        self._cache = cache

    def representation_for(self, postcode: Postcode) -> Representation:
        return self._cached(
            f"postcode#{postcode.compact}",
            lambda: self._upstream.representation_for(postcode),
            Representation.from_record,
            Representation.to_record,
        )

    def contact_for(self, member_id: int) -> MpContact:
        return self._cached(
            f"contact#{member_id}",
            lambda: self._upstream.contact_for(member_id),
            MpContact.from_record,
            MpContact.to_record,
        )

    def _cached(
        self,
        key: str,
        fetch: Callable[[], T],
        load: Callable[[dict[str, Any]], T],
        dump: Callable[[T], dict[str, Any]],
    ) -> T:
        entry = self._cache.get(key)
        if entry is not None and entry.is_fresh(self._cache.now()):
            self._cache.hits += 1
            count("CacheHits")
            if "not_found" in entry.value:
                raise PostcodeNotFound(entry.value["not_found"])
            return load(entry.value)
        self._cache.misses += 1
        count("CacheMisses")
        try:
            value = fetch()
        except PostcodeNotFound as error:
            self._cache.put(key, {"not_found": error.message}, NOT_FOUND_FOR, NOT_FOUND_FOR)
            raise
        except UpstreamUnavailable:
            if entry is None or "not_found" in entry.value:
                raise
            logger.warning(
                "upstream unavailable: serving a stale cached answer",
                extra={"kind": key.split("#", maxsplit=1)[0]},
            )
            return load(entry.value)
        self._cache.put(key, dump(value), FRESH_FOR, KEEP_FOR)
        return value

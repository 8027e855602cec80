"""Rate-limit hits counted in this function instance and written to the shared count in batches.

Why: writing every lookup's hit to DynamoDB was most of a warm lookup's time (``make bench``,
figure 2c), and a supporter looks up once or twice. A limit's ``batch`` says how many hits may
stay here before they are written together (1: every hit, as for submissions). The instance
also adds its unwritten hits to the last shared total it saw, so one instance enforces a limit
exactly; between instances the slack is ``batch - 1`` hits each.

Subjects are held here only as a keyed hash with a key made for this instance, and only for
the last ``capacity`` windows seen: nothing outlives the instance, and the shared pseudonym key
(a Secrets Manager read) is needed only when hits are written.
"""

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from lobbykit.domain.limits import Window, pseudonym

CAPACITY = 20_000


class SharedHitCounter(Protocol):
    def hit(self, window: Window, hits: int = 1) -> int: ...


@dataclass(slots=True)
class _Tally:
    shared: int = 0  # the shared total when this instance last wrote
    unwritten: int = 0


class BatchedHitCounter:
    def __init__(self, shared: SharedHitCounter, capacity: int = CAPACITY) -> None:
        self._shared = shared
        self._capacity = capacity
        self._key = secrets.token_bytes(32)
        self._tallies: OrderedDict[tuple[str, str, int], _Tally] = OrderedDict()

    def hit(self, window: Window) -> int:
        """Count one hit; returns the shared total as far as this instance knows it."""
        tally = self._tally(window)
        tally.unwritten += 1
        if tally.unwritten >= window.limit.batch:
            tally.shared = self._shared.hit(window, tally.unwritten)
            tally.unwritten = 0
        return tally.shared + tally.unwritten

    def _tally(self, window: Window) -> _Tally:
        key = (window.limit.name, pseudonym(window.subject, self._key), window.start)
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally()
            if len(self._tallies) > self._capacity:
                self._tallies.popitem(last=False)  # the oldest: its few unwritten hits are forgiven
        else:
            self._tallies.move_to_end(key)
        return tally

"""Plays the template's ``rate(...)`` schedules locally (the retry function's ``rate(5 minutes)``).

SAM turns a function's ``ScheduleV2`` event into an EventBridge schedule at deploy time; the local
stack has no such resource, so this thread invokes those functions at the same rate instead.
"""

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

logger = Logger(service="lobbykit", child=True)
RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours)\)$")
SECONDS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600}


def rate_schedules(template: Mapping[str, Any]) -> dict[str, float]:
    """Logical id → seconds between runs, for every function with a ``rate(...)`` ScheduleV2 event."""
    found = {}
    for logical_id, resource in template["Resources"].items():
        events = (
            resource.get("Properties", {}).get("Events", {}) if resource["Type"].endswith("Function") else {}
        )
        for event in events.values():
            match = RATE.match(str(event.get("Properties", {}).get("ScheduleExpression", "")))
            if event.get("Type") == "ScheduleV2" and match:
                found[logical_id] = float(int(match[1]) * SECONDS[match[2]])
    return found


class PeriodicInvoker:
    def __init__(self, every: Mapping[str, float], invoke: Callable[[str], Any]) -> None:
        self._every = dict(every)
        self._invoke = invoke
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(name, seconds), name=f"rate-{name}", daemon=True)
            for name, seconds in self._every.items()
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _run(self, name: str, seconds: float) -> None:
        while not self._stop.wait(seconds):
            try:
                self._invoke(name)
            except Exception:  # a failed run is logged; the next one comes as scheduled
                logger.exception("scheduled run failed", extra={"function": name})

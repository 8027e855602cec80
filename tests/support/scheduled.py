"""A handler for schedules to target in tests: it records what it was given, or fails on request."""

from typing import Any

received: list[tuple[Any, Any]] = []


def record(event: Any, context: Any) -> dict[str, str]:
    received.append((event, context))
    if isinstance(event, dict) and event.get("fail"):
        raise RuntimeError("asked to fail")
    return {"status": "ok"}

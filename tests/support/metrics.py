"""Helpers for the organiser metrics: a token, the metrics as an organiser reads them, letters sent;
and the business metrics the functions print as EMF lines."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from lobbykit.application import wiring
from lobbykit.domain.counting import Counting, Increment
from lobbykit.domain.organisers import Role, create_token
from tests.support.api import ApiResponse, call_api
from tests.support.e_action import CAMPAIGN, confirmation_links, submit, supporter


def organiser_token(name: str = "alice", role: Role = Role.VIEWER) -> str:
    """A token for the numbers: a viewer's unless ``role`` says more."""
    return create_token(wiring.token_store(), name, role, wiring.now())


def get_metrics(token: str | None, campaign: str = CAMPAIGN, query: str = "") -> ApiResponse:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return call_api("GET", f"/api/campaigns/{campaign}/metrics", query=query, headers=headers)


def metrics_json(token: str, campaign: str = CAMPAIGN) -> dict[str, Any]:
    response = get_metrics(token, campaign)
    assert response.status == 200, response.body
    return response.json()  # type: ignore[no-any-return]


def emf_lines(out: str) -> list[dict[str, Any]]:
    """The EMF metric lines among a function's printed output (its logs are JSON lines too)."""
    lines = (json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"'))
    return [line for line in lines if "CloudWatchMetrics" in line["_aws"]]


def metric_total(lines: list[dict[str, Any]], name: str) -> float:
    return sum(
        sum(line[name]) if isinstance(line[name], list) else line[name] for line in lines if name in line
    )


def send_letter(**overrides: Any) -> str:
    """Submit and confirm a letter through the API, as a supporter would; returns the action id."""
    response = submit(supporter(**overrides))
    assert response.status == 202, response.body
    sent = call_api("POST", confirmation_links()[-1])
    assert sent.status == 200, sent.body
    return str(response.json()["action_id"])


def add_counts(campaign: str, shard: int, *increments: Increment) -> None:
    """Counters added straight through the store: many letters' worth in one write."""
    wiring.metrics_store().apply(Counting(campaign, shard, increments))


@dataclass
class Reads:
    """What the DynamoDB client read while counting: requests by operation, items returned, and
    the bytes of their JSON answers (larger than DynamoDB's billed item sizes, and growing alike)."""

    requests: dict[str, int] = field(default_factory=dict)
    items: int = 0
    bytes: int = 0


@contextmanager
def counting_reads() -> Iterator[Reads]:
    """Count every read the (shared) DynamoDB client makes; a scan fails the test outright."""
    client = wiring.dynamodb_client()
    reads = Reads()

    def after_call(parsed: dict[str, Any], model: Any, http_response: Any, **_: Any) -> None:
        name = model.name
        reads.requests[name] = reads.requests.get(name, 0) + 1
        reads.bytes += len(http_response.content)
        if name == "Query":
            reads.items += int(parsed.get("Count", 0))
        elif name == "BatchGetItem":
            reads.items += sum(len(items) for items in parsed.get("Responses", {}).values())
        elif name == "GetItem":
            reads.items += 1 if "Item" in parsed else 0

    def no_scan(**_: Any) -> None:
        raise AssertionError("metrics must never scan")

    client.meta.events.register("after-call.dynamodb", after_call)
    client.meta.events.register("before-call.dynamodb.Scan", no_scan)
    try:
        yield reads
    finally:
        client.meta.events.unregister("after-call.dynamodb", after_call)
        client.meta.events.unregister("before-call.dynamodb.Scan", no_scan)

"""Simulated supporters: each looks up their MP, sends the letter, then confirms it from the email.

Every supporter connects from their own loopback address (127.0.x.y), as thousands of people
on their own connections would: the product's per-client rate limits count API Gateway's
``sourceIp``, which no client can forge, so one address for everyone would measure the limits
and nothing else. Linux routes all of 127.0.0.0/8 to the loopback interface with no set-up.
A quarter of supporters press the button twice (a double click must not send twice).
"""

import http.client
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.support.loopback import loopback_address

from benchmarks.load.mailbox import Mailbox

CAMPAIGN = "send-in-the-specialists"
DOUBLE_CLICK_EVERY = 4
# From 127.0.1.0 (the 254th loopback client): 127.0.0.x stays for people and the fuzz tests.
FIRST_CLIENT = 254


@dataclass(frozen=True, slots=True)
class Hit:
    step: str
    status: int
    seconds: float


@dataclass
class Journey:
    email: str
    postcode: str
    submitted: int = 0
    action_id: str | None = None
    confirmed: list[int] = field(default_factory=list)


@dataclass
class Plan:
    url: str
    postcodes: list[str]
    users: int = 50
    seconds: float = 60.0
    max_journeys: int = 3000


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)
    seconds: float = 0.0


def run(plan: Plan, mailbox: Mailbox) -> Results:
    """``plan.users`` threads run journeys until the time or the journey budget is spent."""
    results, lock = Results(), threading.Lock()
    numbers = itertools.count()
    deadline = time.monotonic() + plan.seconds

    def next_journey() -> int | None:
        with lock:
            number = next(numbers)
        return number if number < plan.max_journeys and time.monotonic() < deadline else None

    def user() -> None:
        while (number := next_journey()) is not None:
            journey = Journey(
                f"supporter-{number}@load.example", plan.postcodes[number % len(plan.postcodes)]
            )
            hits = _journey(plan.url, journey, loopback_address(FIRST_CLIENT + number), mailbox, number)
            with lock:
                results.hits.extend(hits)
                results.journeys.append(journey)

    started = time.monotonic()
    threads = [threading.Thread(target=user, name=f"supporter-{n}") for n in range(plan.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.seconds = time.monotonic() - started
    return results


def _journey(url: str, journey: Journey, address: str, mailbox: Mailbox, number: int) -> list[Hit]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=60, source_address=(address, 0)
    )
    call = _caller(connection)
    hits = [call("lookup", "GET", f"/api/mp?postcode={journey.postcode.replace(' ', '%20')}", None)[0]]
    body = {
        "name": f"Load Tester {number}",
        "email": journey.email,
        "postcode": journey.postcode,
        "address": f"{number} Test Street\nTestville",
        "message": "My child waited two years for speech and language therapy.",
    }
    hit, answer = call("submit", "POST", f"/api/campaigns/{CAMPAIGN}/actions", json.dumps(body).encode())
    hits.append(hit)
    journey.submitted = hit.status
    if hit.status == 202:
        journey.action_id = json.loads(answer)["action_id"]
        token = mailbox.confirmation_token(journey.email)
        presses = 2 if number % DOUBLE_CLICK_EVERY == 0 else 1
        for _ in range(presses if token else 0):
            hit = call("confirm", "POST", f"/confirm/{token}", b"")[0]
            hits.append(hit)
            journey.confirmed.append(hit.status)
    connection.close()
    return hits


def _caller(
    connection: http.client.HTTPConnection,
) -> Callable[[str, str, str, bytes | None], tuple[Hit, bytes]]:
    def call(step: str, method: str, path: str, body: bytes | None) -> tuple[Hit, bytes]:
        started = time.monotonic()
        headers = {"Content-Type": "application/json"} if body else {}
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            status, payload = response.status, response.read()
        except OSError:
            connection.close()  # reconnects on the next request
            status, payload = 0, b""
        return Hit(step, status, time.monotonic() - started), payload

    return call

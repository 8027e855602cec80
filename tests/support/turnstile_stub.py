"""A local Cloudflare Turnstile siteverify: which tokens are good, and how it can fail.

``GOOD_TOKEN`` with ``SECRET`` succeeds once (a token is single-use; a repeat with the same
``idempotency_key`` gets the same answer, as Cloudflare's does), saying it was solved on
``hostname``; anything else fails with Cloudflare's error codes. ``delay`` makes every answer
late; ``fail_next`` queues a fault.
"""

import time
from typing import Any

from tests.support.stub_server import StubRequest, StubResponse, StubServer

SECRET = "test-turnstile-secret"
GOOD_TOKEN = "XXXX.GOOD.TOKEN.XXXX"
HOSTNAME = "write.example.org"  # the tests' public URL's
FAULTS = "siteverify"


class TurnstileStub(StubServer):
    name = "turnstile-stub"

    def __init__(self) -> None:
        super().__init__()
        self.delay = 0.0
        self.hostname = HOSTNAME
        self.answered: dict[str, dict[str, Any]] = {}  # idempotency key → answer
        self.spent: set[str] = set()
        self.generation = 0  # which test's requests these are

    def forget(self) -> None:
        self.delay = 0.0
        self.hostname = HOSTNAME
        self.answered.clear()
        self.spent.clear()
        self.generation += 1

    def verifications(self) -> list[dict[str, Any]]:
        return [request.form_or_json() for request in self.requests]

    def handle(self, request: StubRequest) -> StubResponse:
        generation = self.generation
        time.sleep(self.delay)
        if generation != self.generation:  # late for a test that has moved on: touch nothing
            return StubResponse(504)
        fault = self.fault_for(FAULTS)
        if fault is not None:
            return fault
        if request.method != "POST" or request.path != "/turnstile/v0/siteverify":
            return StubResponse(404, {"success": False, "error-codes": ["bad-request"]})
        form = request.form_or_json()
        with self.lock:
            key = form.get("idempotency_key", "")
            if key in self.answered:
                return StubResponse(200, self.answered[key])
            answer = self._verdict(form)
            self.answered[key] = answer
        return StubResponse(200, answer)

    def _verdict(self, form: dict[str, Any]) -> dict[str, Any]:
        if form.get("secret") != SECRET:
            return {"success": False, "error-codes": ["invalid-input-secret"]}
        token = form.get("response", "")
        if token != GOOD_TOKEN:
            return {"success": False, "error-codes": ["invalid-input-response"]}
        if token in self.spent:
            return {"success": False, "error-codes": ["timeout-or-duplicate"]}
        self.spent.add(token)
        return {"success": True, "error-codes": [], "hostname": self.hostname}

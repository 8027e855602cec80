"""A local stand-in for a Mastodon instance: credentials, instance limits and posting.

It checks what Mastodon.py sends: the bearer token, the status text, and the
``Idempotency-Key`` (a key seen before returns the first status, as Mastodon does).
"""

import itertools
from dataclasses import dataclass

from tests.support.stub_server import StubRequest, StubResponse, StubServer


@dataclass(frozen=True)
class MastodonUser:
    username: str
    access_token: str

    def credentials(self, instance_url: str) -> dict[str, str]:
        return {"instance_url": instance_url, "access_token": self.access_token}


class MastodonStub(StubServer):
    name = "mastodon-stub"

    def __init__(self, max_characters: int = 500) -> None:
        super().__init__()
        self.max_characters = max_characters
        self.users: dict[str, MastodonUser] = {}
        self.statuses: list[tuple[str, str]] = []
        self.idempotency: dict[tuple[str, str], dict[str, object]] = {}
        self._ids = itertools.count(110_000_000_000_000_000)

    def add(self, user: MastodonUser) -> MastodonUser:
        self.users[user.access_token] = user
        return user

    def forget(self) -> None:
        self.statuses.clear()
        self.idempotency.clear()

    def posts_by(self, username: str) -> list[str]:
        return [text for who, text in self.statuses if who == username]

    def handle(self, request: StubRequest) -> StubResponse:
        if request.method == "GET" and request.path.rstrip("/") == "/api/v2/instance":
            return StubResponse(
                200,
                {
                    "domain": "127.0.0.1",
                    "title": "Stub instance",
                    "version": "4.3.0",
                    "configuration": {"statuses": {"max_characters": self.max_characters}},
                },
            )
        user = self.users.get(request.bearer())
        if user is None:
            return StubResponse(401, {"error": "The access token is invalid"})
        fault = self.fault_for(user.username)
        if fault is not None:
            return fault
        if request.method == "GET" and request.path == "/api/v1/accounts/verify_credentials":
            return StubResponse(
                200,
                {
                    "id": str(sum(map(ord, user.username))),
                    "username": user.username,
                    "acct": user.username,
                },
            )
        if request.method == "POST" and request.path == "/api/v1/statuses":
            return self._status(user, request)
        return StubResponse(404, {"error": "Record not found"})

    def _status(self, user: MastodonUser, request: StubRequest) -> StubResponse:
        text = str(request.form_or_json().get("status", ""))
        key = request.headers.get("Idempotency-Key")
        with self.lock:
            if key and (user.access_token, key) in self.idempotency:
                return StubResponse(200, self.idempotency[(user.access_token, key)])
            status_id = str(next(self._ids))
            status = {
                "id": status_id,
                "url": f"https://social.example/@{user.username}/{status_id}",
                "content": f"<p>{text}</p>",
            }
            self.statuses.append((user.username, text))
            if key:
                self.idempotency[(user.access_token, key)] = status
        return StubResponse(200, status)

"""A local stand-in for a Bluesky PDS: ``createSession`` and ``createRecord`` (posts).

It checks what the atproto SDK sends: the app password, the session's bearer token, the
record's type, and that every facet's UTF-8 byte range covers exactly the hashtag or link it
claims (a wrong offset is a 400, as a post with broken links would be useless).
"""

import base64
import hashlib
import itertools
import json
import time
from dataclasses import dataclass

from tests.support.stub_server import StubRequest, StubResponse, StubServer

XRPC = "/xrpc/"


@dataclass(frozen=True)
class BlueskyUser:
    handle: str
    app_password: str

    @property
    def did(self) -> str:
        return "did:plc:" + hashlib.sha256(self.handle.encode()).hexdigest()[:24]

    def credentials(self, pds_url: str) -> dict[str, str]:
        return {"handle": self.handle, "app_password": self.app_password, "pds_url": pds_url}


class BlueskyStub(StubServer):
    name = "bluesky-stub"

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, BlueskyUser] = {}
        self.sessions: dict[str, BlueskyUser] = {}
        self.posts: list[tuple[str, dict[str, object]]] = []
        self._keys = itertools.count(1)

    def add(self, user: BlueskyUser) -> BlueskyUser:
        self.users[user.handle] = user
        return user

    def forget(self) -> None:
        self.posts.clear()
        self.sessions.clear()

    def posts_by(self, handle: str) -> list[str]:
        return [str(record["text"]) for who, record in self.posts if who == handle]

    def handle(self, request: StubRequest) -> StubResponse:
        method = request.path.removeprefix(XRPC)
        if method == "com.atproto.server.createSession":
            return self._create_session(request.json())
        user = self.sessions.get(request.bearer())
        if user is None:
            return StubResponse(
                401, {"error": "AuthenticationRequired", "message": "Authentication Required"}
            )
        fault = self.fault_for(user.handle)
        if fault is not None:
            return fault
        if method == "com.atproto.repo.createRecord":
            return self._create_record(user, request.json())
        return StubResponse(501, {"error": "MethodNotImplemented", "message": method})

    def _create_session(self, body: dict[str, str]) -> StubResponse:
        user = self.users.get(body.get("identifier", ""))
        if user is None or body.get("password") != user.app_password:
            return StubResponse(
                401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
            )
        fault = self.fault_for(user.handle)
        if fault is not None:
            return fault
        token = jwt({"scope": "com.atproto.appPass", "sub": user.did, "jti": str(next(self._keys))})
        with self.lock:
            self.sessions[token] = user
        refresh = jwt({"scope": "com.atproto.refresh", "sub": user.did, "jti": str(next(self._keys))})
        return StubResponse(
            200,
            {
                "did": user.did,
                "handle": user.handle,
                "accessJwt": token,
                "refreshJwt": refresh,
                "active": True,
            },
        )

    def _create_record(self, user: BlueskyUser, body: dict[str, object]) -> StubResponse:
        record = body.get("record")
        if (
            body.get("repo") != user.did
            or body.get("collection") != "app.bsky.feed.post"
            or not isinstance(record, dict)
        ):
            return StubResponse(
                400, {"error": "InvalidRequest", "message": "not a post in the caller's repo"}
            )
        problem = facet_problem(record)
        if problem is not None:
            return StubResponse(400, {"error": "InvalidRequest", "message": problem})
        with self.lock:
            self.posts.append((user.handle, record))
            rkey = f"3l{next(self._keys):011d}"
        return StubResponse(
            200, {"uri": f"at://{user.did}/app.bsky.feed.post/{rkey}", "cid": "bafyreistub" + rkey}
        )


def jwt(claims: dict[str, object]) -> str:
    """A token shaped like a PDS's (the SDK reads its expiry); the signature is not checked."""

    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    payload = {"iat": now, "exp": now + 7200, "aud": "did:web:stub.pds", **claims}
    return f"{part({'alg': 'ES256K', 'typ': 'at+jwt'})}.{part(payload)}.c3R1Yi1zaWduYXR1cmU"


def facet_problem(record: dict[str, object]) -> str | None:
    """Why the record's facets do not match its text, or None."""
    if record.get("$type") != "app.bsky.feed.post" or not isinstance(record.get("text"), str):
        return "the record is not a post"
    encoded = str(record["text"]).encode("utf-8")
    for facet in record.get("facets") or []:  # type: ignore[attr-defined]
        index = facet["index"]
        covered = encoded[index["byteStart"] : index["byteEnd"]].decode("utf-8", errors="strict")
        for feature in facet["features"]:
            kind = feature["$type"]
            if kind == "app.bsky.richtext.facet#tag" and covered != "#" + feature["tag"]:
                return f"tag facet covers {covered!r}, not #{feature['tag']}"
            if kind == "app.bsky.richtext.facet#link" and feature["uri"] not in (
                covered,
                "https://" + covered,
            ):
                return f"link facet covers {covered!r}, not {feature['uri']}"
    return None

"""A local stand-in for X's API v2 (``GET /2/users/me``, ``POST /2/tweets``).

It checks what tweepy sends as X does: the OAuth 1.0a HMAC-SHA1 signature is recomputed for
the real URL (``https://api.twitter.com`` + path, whatever address the call reached) from the
consumer secret and token secret of the user the keys belong to, and a bad one is a 401. It
refuses a user's repeated text as X does (403, "duplicate content").
"""

import base64
import hashlib
import hmac
import itertools
import re
import time
from dataclasses import dataclass
from urllib.parse import quote, unquote

from tests.support.stub_server import StubRequest, StubResponse, StubServer

REAL_BASE = "https://api.twitter.com"
_OAUTH_PARAM = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str

    def credentials(self) -> dict[str, str]:
        return {
            "consumer_key": self.consumer_key,
            "consumer_secret": self.consumer_secret,
            "access_token": self.access_token,
            "access_token_secret": self.access_token_secret,
        }


def x_user(username: str) -> XUser:
    digest = hashlib.sha256(username.encode()).hexdigest()
    return XUser(
        str(int(digest[:12], 16)),
        username,
        f"ck-{digest[:10]}",
        f"cs-{digest[10:30]}",
        f"{digest[:6]}-at-{username}",
        f"ats-{digest[30:50]}",
    )


def _enc(value: str) -> str:
    return quote(value, safe="~")


def oauth1_signature(
    method: str, url: str, params: list[tuple[str, str]], consumer_secret: str, token_secret: str
) -> str:
    normalised = "&".join(f"{k}={v}" for k, v in sorted((_enc(k), _enc(v)) for k, v in params))
    base = "&".join([method.upper(), _enc(url), _enc(normalised)])
    key = f"{_enc(consumer_secret)}&{_enc(token_secret)}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()


class XStub(StubServer):
    name = "x-stub"

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, XUser] = {}
        self.revoked: set[str] = set()
        self.tweets: list[tuple[str, str]] = []
        self.bad_signatures = 0
        self._ids = itertools.count(1_700_000_000_000_000_000)

    def add(self, user: XUser) -> XUser:
        self.users[user.access_token] = user
        return user

    def forget(self) -> None:
        self.tweets.clear()
        self.revoked.clear()
        self.bad_signatures = 0

    def posts_by(self, username: str) -> list[str]:
        return [text for who, text in self.tweets if who == username]

    def handle(self, request: StubRequest) -> StubResponse:
        user = self._authenticate(request)
        if user is None:
            return StubResponse(
                401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
            )
        fault = self.fault_for(user.username)
        if fault is not None:
            return fault
        if request.method == "GET" and request.path == "/2/users/me":
            return StubResponse(
                200, {"data": {"id": user.id, "name": user.username.title(), "username": user.username}}
            )
        if request.method == "POST" and request.path == "/2/tweets":
            return self._tweet(user, request.json())
        return StubResponse(404, {"title": "Not Found Error", "status": 404})

    def _tweet(self, user: XUser, body: dict[str, str]) -> StubResponse:
        text = body["text"]
        with self.lock:
            if text in self.posts_by(user.username):
                return StubResponse(
                    403,
                    {
                        "detail": "You are not allowed to create a Tweet with duplicate content.",
                        "type": "about:blank",
                        "title": "Forbidden",
                        "status": 403,
                    },
                )
            self.tweets.append((user.username, text))
            tweet_id = str(next(self._ids))
        return StubResponse(
            201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}}
        )

    def _authenticate(self, request: StubRequest) -> XUser | None:
        header = request.headers.get("Authorization") or ""
        if not header.startswith("OAuth "):
            return None
        oauth = {k: unquote(v) for k, v in _OAUTH_PARAM.findall(header)}
        user = self.users.get(oauth.get("oauth_token", ""))
        if (
            user is None
            or user.access_token in self.revoked
            or oauth.get("oauth_consumer_key") != user.consumer_key
        ):
            return None
        if (
            oauth.get("oauth_signature_method") != "HMAC-SHA1"
            or abs(time.time() - int(oauth.get("oauth_timestamp", "0"))) > 300
        ):
            return None
        params = [(k, v) for k, v in oauth.items() if k not in {"oauth_signature", "realm"}]
        params += [(k, v) for k, values in request.query.items() for v in values]
        expected = oauth1_signature(
            request.method, REAL_BASE + request.path, params, user.consumer_secret, user.access_token_secret
        )
        if not hmac.compare_digest(expected, oauth.get("oauth_signature", "")):
            with self.lock:
                self.bad_signatures += 1
            return None
        return user

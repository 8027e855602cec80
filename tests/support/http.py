"""Plain HTTP calls to a running local stack, as a browser or script would make them."""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any


@dataclass
class HttpAnswer:
    status: int
    headers: Message
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None
) -> HttpAnswer:
    call = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(call, timeout=30) as answer:
            return HttpAnswer(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, error.headers, error.read())

"""HTTP sessions that each come from their own loopback address (127.0.x.y).

The product's rate limits count per client address, as API Gateway's ``sourceIp`` gives it and
no client can forge. A test that plays many people therefore connects from many addresses, all
in 127.0.0.0/8, which Linux routes to the loopback interface without any set-up.
"""

from types import TracebackType
from typing import Any, Self

import requests
from requests.adapters import HTTPAdapter

FIRST_HOST = 2  # 127.0.0.1 stays the developer's own address


def loopback_address(index: int) -> str:
    """The ``index``-th simulated client's address: 127.0.0.2, 127.0.0.3, ... 127.0.1.0, ..."""
    number = FIRST_HOST + index
    return f"127.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


class LoopbackClients:
    """Hands out a new session from a new address each time; closes them all at the end."""

    def __init__(self) -> None:
        self._sessions: list[requests.Session] = []

    def next(self) -> requests.Session:
        session = requests.Session()
        session.mount("http://", _FromAddress(loopback_address(len(self._sessions))))
        self._sessions.append(session)
        return session

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for session in self._sessions:
            session.close()

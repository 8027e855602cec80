"""A boto3 client whose calls take turns, for embedded moto.

moto's DynamoDB is not thread-safe (a transaction deep-copies a table while another thread
writes to it), and the publish function sends a moment's posts from many threads at once. Real
AWS needs no such thing; the local stack and the tests wrap their DynamoDB client in this.
"""

import threading
from collections.abc import Callable
from typing import Any


class Serialised:
    def __init__(self, client: Any) -> None:
        self._client = client
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def in_turn(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        wrapped: Callable[..., Any] = in_turn
        return wrapped

"""Organiser token digests in one Secrets Manager secret (``{"tokens": [...]}``).

Reads are cached for a minute in a warm function: a revoked token stops working within that
minute, and a burst of organiser requests costs one Secrets Manager call.
"""

import json
import time
from collections.abc import Callable
from typing import Any

from lobbykit.domain.organisers import OrganiserToken

CACHE_SECONDS = 60.0


class SecretsManagerTokenStore:
    def __init__(self, client: Any, secret_id: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._secret_id = secret_id
        self._clock = clock
        self._cached: tuple[float, list[OrganiserToken]] | None = None

    def tokens(self) -> list[OrganiserToken]:
        if self._cached is not None and self._clock() - self._cached[0] < CACHE_SECONDS:
            return self._cached[1]
        try:
            raw = self._client.get_secret_value(SecretId=self._secret_id)["SecretString"]
        except self._client.exceptions.ResourceNotFoundException:
            raw = "{}"
        tokens = [OrganiserToken.from_record(r) for r in json.loads(raw or "{}").get("tokens", [])]
        self._cached = (self._clock(), tokens)
        return tokens

    def save(self, tokens: list[OrganiserToken]) -> None:
        secret = json.dumps({"tokens": [t.to_record() for t in tokens]})
        try:
            self._client.put_secret_value(SecretId=self._secret_id, SecretString=secret)
        except self._client.exceptions.ResourceNotFoundException:
            self._client.create_secret(Name=self._secret_id, SecretString=secret)
        self._cached = None

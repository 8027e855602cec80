"""Organiser token digests in one Secrets Manager secret (``{"tokens": [...]}``).

Read through powertools Parameters, kept a minute in a warm function
(``secrets.ORGANISER_TOKENS_MAX_AGE``): a revoked token stops working within that minute, and a
burst of organiser requests costs one Secrets Manager call. A save is seen at once by the
process that made it.
"""

import json
from typing import Any

from lobbykit.adapters.secrets import ORGANISER_TOKENS_MAX_AGE, SecretNotFound, SecretReader
from lobbykit.domain.organisers import OrganiserToken


class SecretsManagerTokenStore:
    def __init__(self, client: Any, secret_id: str) -> None:
        self._client = client
        self._secret_id = secret_id
        self._secrets = SecretReader(client)

    def tokens(self) -> list[OrganiserToken]:
        try:
            raw = self._secrets.secret_string(self._secret_id, max_age=ORGANISER_TOKENS_MAX_AGE)
        except SecretNotFound:
            raw = "{}"  # no token was ever made
        return [OrganiserToken.from_record(r) for r in json.loads(raw or "{}").get("tokens", [])]

    def save(self, tokens: list[OrganiserToken]) -> None:
        secret = json.dumps({"tokens": [t.to_record() for t in tokens]})
        try:
            self._client.put_secret_value(SecretId=self._secret_id, SecretString=secret)
        except self._client.exceptions.ResourceNotFoundException:
            self._client.create_secret(Name=self._secret_id, SecretString=secret)
        self._secrets.forget()

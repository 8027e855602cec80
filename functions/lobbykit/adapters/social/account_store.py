"""Coalition accounts: descriptions in the social table, credentials in Secrets Manager.

Each account's credentials are one secret, named ``<prefix><account name>``, so the functions'
IAM policies can be scoped to that prefix and a single account's secret can be rotated or
deleted on its own. The table item holds only the secret's name, never a credential, and
nothing here logs either.
"""

import json
from collections.abc import Mapping
from typing import Any

from lobbykit.adapters.dynamo_items import query_all, to_item
from lobbykit.adapters.secrets import ACCOUNT_CREDENTIALS_MAX_AGE, SecretNotFound, SecretReader
from lobbykit.adapters.social.aws import unavailable_as
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.social.accounts import Account, Network

PARTITION = "ACCOUNT"
WHERE = "the account records"


class DynamoAccountStore:
    def __init__(self, dynamodb: Any, table: str, secrets: Any, secret_prefix: str) -> None:
        self._dynamodb = dynamodb
        self._table = table
        self._secrets = secrets
        self._reader = SecretReader(secrets)
        self._prefix = secret_prefix

    def secret_name(self, account_name: str) -> str:
        return f"{self._prefix}{account_name}"

    def save(self, account: Account, credentials: Mapping[str, str]) -> None:
        secret_name = None
        if account.network is not Network.RECORDING:
            secret_name = self.secret_name(account.name)
            self._store_secret(secret_name, account, dict(credentials))
        with unavailable_as(WHERE):
            self._dynamodb.put_item(
                TableName=self._table,
                Item=to_item(
                    {
                        "pk": PARTITION,
                        "sk": account.name,
                        "network": account.network,
                        "handle": account.handle,
                        "created_at": account.created_at,
                        "remote_id": account.remote_id,
                        "max_characters": account.max_characters,
                        "variables": dict(account.variables),
                        "secret_name": secret_name,
                    }
                ),
            )

    def _store_secret(self, name: str, account: Account, credentials: dict[str, str]) -> None:
        value = json.dumps(credentials)
        with unavailable_as("Secrets Manager"):
            try:
                self._secrets.put_secret_value(SecretId=name, SecretString=value)
            except self._secrets.exceptions.ResourceNotFoundException:
                self._secrets.create_secret(
                    Name=name,
                    SecretString=value,
                    Description=f"lobbykit: credentials of the {account.network} account {account.name!r}",
                )

    def accounts(self) -> list[Account]:
        with unavailable_as(WHERE):
            items = query_all(
                self._dynamodb,
                TableName=self._table,
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues=to_item({":pk": PARTITION}),
            )
        return [_account(item) for item in items]

    def credentials(self, account: Account) -> dict[str, str]:
        if account.network is Network.RECORDING:
            return {}
        name = self.secret_name(account.name)
        try:
            raw = self._reader.secret_string(name, max_age=ACCOUNT_CREDENTIALS_MAX_AGE)
        except SecretNotFound:
            raise UpstreamUnavailable(
                f"The credentials of {account.name!r} are missing: register the account again."
            ) from None
        loaded: dict[str, str] = json.loads(raw)
        return loaded


def _account(item: dict[str, Any]) -> Account:
    limit = item.get("max_characters")
    return Account(
        name=str(item["sk"]),
        network=Network(item["network"]),
        handle=str(item["handle"]),
        created_at=str(item["created_at"]),
        remote_id=item.get("remote_id"),
        max_characters=int(limit) if limit is not None else None,
        variables={str(k): str(v) for k, v in item.get("variables", {}).items()},
    )

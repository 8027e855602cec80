"""The composition root: builds adapters from settings, once per warm function.

Route handlers receive these through powertools' ``Depends``; tests replace them with
``app.dependency_overrides`` or by pointing the settings at local stubs and moto.
Nothing here runs at import time: each service is built when a route first needs it.
"""

from functools import cache
from typing import TYPE_CHECKING, Any

from lobbykit.config import settings
from lobbykit.domain.members import MembersDirectory

if TYPE_CHECKING:
    from lobbykit.adapters.cached_directory import CachedMembersDirectory
    from lobbykit.adapters.http_json import HttpPolicy
    from lobbykit.adapters.token_store import SecretsManagerTokenStore


@cache
def dynamodb_client() -> Any:
    import boto3

    return boto3.client("dynamodb")


@cache
def members_directory() -> MembersDirectory:
    config = settings()
    return build_members_directory(config.members_api_url, config.cache_table)


def build_members_directory(
    base_url: str, cache_table: str | None, policy: "HttpPolicy | None" = None
) -> "CachedMembersDirectory":
    """The Members API behind this process's memory and, when a table is named, DynamoDB."""
    from lobbykit.adapters.cache import Cache, DynamoCache, MemoryCache, TieredCache
    from lobbykit.adapters.cached_directory import CachedMembersDirectory
    from lobbykit.adapters.http_json import JsonHttpClient
    from lobbykit.adapters.members_api import SERVICE_NAME, MembersApi

    tiers: list[Cache] = [MemoryCache()]
    if cache_table is not None:
        tiers.append(DynamoCache(dynamodb_client(), cache_table))
    upstream = MembersApi(JsonHttpClient(base_url, SERVICE_NAME, policy))
    return CachedMembersDirectory(upstream, TieredCache(tiers))


@cache
def token_store() -> "SecretsManagerTokenStore":
    import boto3

    from lobbykit.adapters.token_store import SecretsManagerTokenStore
    from lobbykit.config import required

    secret = required("LOBBYKIT_ORGANISER_TOKENS_SECRET", settings().organiser_tokens_secret)
    return SecretsManagerTokenStore(boto3.client("secretsmanager"), secret)


def reset() -> None:
    """Forget every built service and the settings (tests, and the local stack on restart)."""
    settings.cache_clear()
    dynamodb_client.cache_clear()
    members_directory.cache_clear()
    token_store.cache_clear()

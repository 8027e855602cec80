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
    from datetime import datetime

    from lobbykit.adapters.cached_directory import CachedMembersDirectory
    from lobbykit.adapters.campaign_files import CampaignFiles
    from lobbykit.adapters.hit_counter import DynamoHitCounter
    from lobbykit.adapters.http_json import HttpPolicy
    from lobbykit.adapters.renderer import TemplateRenderer
    from lobbykit.adapters.token_store import SecretsManagerTokenStore
    from lobbykit.domain.actions import ActionStore
    from lobbykit.domain.e_action import EAction
    from lobbykit.domain.mail import Mailer


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


@cache
def campaigns() -> "CampaignFiles":
    from lobbykit.adapters.campaign_files import CampaignFiles

    return CampaignFiles(settings().templates_dir / "campaigns")


@cache
def renderer() -> "TemplateRenderer":
    from lobbykit.adapters.renderer import TemplateRenderer

    return TemplateRenderer(settings().templates_dir)


@cache
def action_store() -> "ActionStore":
    from lobbykit.adapters.action_store import DynamoActionStore
    from lobbykit.config import required

    table = required("LOBBYKIT_ACTIONS_TABLE", settings().actions_table)
    return DynamoActionStore(dynamodb_client(), table, pseudonymise)


def pseudonymise(value: str) -> str:
    """A keyed hash of an email or address: stable for matching, useless for recovering it."""
    from lobbykit.domain.limits import pseudonym

    return pseudonym(value, pseudonym_key())


@cache
def mailer() -> "Mailer":
    import boto3
    from botocore.config import Config

    from lobbykit.adapters.ses_mailer import SesMailer

    # A person waits on the confirmation email: fail fast, retry a little.
    config = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"})
    return SesMailer(boto3.client("sesv2", config=config), settings().ses_configuration_set)


@cache
def e_action() -> "EAction":
    """The e-action, wired to this function's adapters."""
    from lobbykit.config import required
    from lobbykit.domain.e_action import ConfirmationEmails, EAction

    return EAction(
        campaigns=campaigns(),
        directory=members_directory(),
        store=action_store(),
        mailer=mailer(),
        public_url=required("LOBBYKIT_PUBLIC_URL", settings().public_url),
        confirmation_emails=ConfirmationEmails(renderer().render),
        clock=lambda: now(),  # noqa: PLW0108 - late-bound, so tests can move the clock
    )


@cache
def hit_counter() -> "DynamoHitCounter | None":
    """Rate-limit counters live in the cache table; without one (the CLI) nothing is limited."""
    from lobbykit.adapters.hit_counter import DynamoHitCounter

    table = settings().cache_table
    return DynamoHitCounter(dynamodb_client(), table) if table else None


@cache
def pseudonym_key() -> bytes:
    """The secret key for hashing IP addresses and emails in rate counters."""
    import boto3

    from lobbykit.config import required

    secret = required("LOBBYKIT_PSEUDONYM_KEY_SECRET", settings().pseudonym_key_secret)
    value = boto3.client("secretsmanager").get_secret_value(SecretId=secret)["SecretString"]
    return str(value).encode()


def now() -> "datetime":
    """The time, looked up on each call so tests can move it."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


def reset() -> None:
    """Forget every built service and the settings (tests, and the local stack on restart)."""
    settings.cache_clear()
    dynamodb_client.cache_clear()
    members_directory.cache_clear()
    token_store.cache_clear()
    campaigns.cache_clear()
    renderer.cache_clear()
    action_store.cache_clear()
    mailer.cache_clear()
    e_action.cache_clear()
    hit_counter.cache_clear()
    pseudonym_key.cache_clear()

"""The composition root: builds adapters from settings, once per warm function.

Route handlers receive these through powertools' ``Depends`` or call them; the command line and
the local stack call them too. Tests replace them with ``monkeypatch`` or by pointing the
settings at local stubs and moto. Nothing here runs at import time: each service is built, and
its modules imported, when it is first needed.
"""

from functools import cache
from typing import TYPE_CHECKING, Any

from lobbykit.config import required, settings

if TYPE_CHECKING:
    from datetime import datetime

    from botocore.config import Config
    from botocore.session import Session

    from lobbykit.adapters.batched_hit_counter import BatchedHitCounter
    from lobbykit.adapters.cached_directory import CachedMembersDirectory
    from lobbykit.adapters.campaign_files import CampaignFiles
    from lobbykit.adapters.http_json import HttpPolicy
    from lobbykit.adapters.letter_pacer import DynamoLetterPacer
    from lobbykit.adapters.metrics_store import DynamoMetricsStore
    from lobbykit.adapters.renderer import TemplateRenderer
    from lobbykit.adapters.secrets import SecretReader
    from lobbykit.adapters.session_store import DynamoSessionStore
    from lobbykit.adapters.social.account_store import DynamoAccountStore
    from lobbykit.adapters.social.moment_store import DynamoMomentStore
    from lobbykit.adapters.social.networks import SocialNetworks
    from lobbykit.adapters.social.scheduler import EventBridgeScheduler
    from lobbykit.adapters.token_store import SecretsManagerTokenStore
    from lobbykit.adapters.turnstile import TurnstileVerifier
    from lobbykit.application.e_action import EAction
    from lobbykit.domain.actions import ActionStore
    from lobbykit.domain.mail import Mailer, OutgoingEmail
    from lobbykit.domain.mail_feedback import MailFeedback
    from lobbykit.domain.members import MembersDirectory
    from lobbykit.domain.metrics import MetricsReport
    from lobbykit.domain.seats import SeatMap
    from lobbykit.domain.suppression import SuppressionList


# The publish function's threads (one a post, a moment's ``MAX_POSTS`` at most) share the DynamoDB
# and Secrets Manager clients: a pooled connection each, where botocore's default of 10 would
# open (and shake hands for) a new one for every call beyond ten at once.
CONNECTIONS = 200


def _pooled() -> "Config":
    """Pooled, and quick to give up: these calls take milliseconds, and botocore's default 60 s
    read timeout would hold a supporter (or a moment's post) for a minute on one lost packet."""
    from botocore.config import Config

    return Config(
        max_pool_connections=CONNECTIONS,
        connect_timeout=2,
        read_timeout=5,
        retries={"mode": "standard", "total_max_attempts": 3},
    )


@cache
def aws_session() -> "Session":
    """The botocore session every client comes from. Not boto3's: it would add only its
    resources and S3 transfer manager, which no function uses, at about a tenth of a cold
    start (docs/performance.md)."""
    from botocore.session import get_session

    return get_session()


def aws_client(service: str, config: "Config | None" = None) -> Any:
    return aws_session().create_client(service, config=config)


@cache
def dynamodb_client() -> Any:
    """The one DynamoDB client (pooled, 3 attempts in all), with what is left of a throttle after
    them raised as ``Busy`` (``adapters.dynamo_throttling``)."""
    from lobbykit.adapters.dynamo_throttling import raise_busy_when_throttled

    return raise_busy_when_throttled(aws_client("dynamodb", _pooled()))


@cache
def members_directory() -> "MembersDirectory":
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
def secrets_client() -> Any:
    return aws_client("secretsmanager", _pooled())


@cache
def secrets() -> "SecretReader":
    """Secrets through powertools Parameters on the one client (``adapters.secrets``: how long each
    is kept)."""
    from lobbykit.adapters.secrets import SecretReader

    return SecretReader(secrets_client())


@cache
def token_store() -> "SecretsManagerTokenStore":
    from lobbykit.adapters.token_store import SecretsManagerTokenStore

    secret = required("LOBBYKIT_ORGANISER_TOKENS_SECRET", settings().organiser_tokens_secret)
    return SecretsManagerTokenStore(secrets_client(), secret)


@cache
def session_store() -> "DynamoSessionStore":
    from lobbykit.adapters.session_store import DynamoSessionStore

    table = required("LOBBYKIT_SESSIONS_TABLE", settings().sessions_table)
    return DynamoSessionStore(dynamodb_client(), table)


def social_table() -> str:
    return required("LOBBYKIT_SOCIAL_TABLE", settings().social_table)


@cache
def account_store() -> "DynamoAccountStore":
    from lobbykit.adapters.social.account_store import DynamoAccountStore

    prefix = required("LOBBYKIT_ACCOUNT_SECRET_PREFIX", settings().account_secret_prefix)
    return DynamoAccountStore(dynamodb_client(), social_table(), secrets_client(), prefix)


@cache
def moment_store() -> "DynamoMomentStore":
    from lobbykit.adapters.social.moment_store import DynamoMomentStore

    return DynamoMomentStore(dynamodb_client(), social_table())


@cache
def scheduler() -> "EventBridgeScheduler":
    from lobbykit.adapters.social.scheduler import EventBridgeScheduler

    config = settings()
    return EventBridgeScheduler(
        lambda: aws_client("scheduler"),
        group=required("LOBBYKIT_SCHEDULE_GROUP", config.schedule_group),
        target_arn=required("LOBBYKIT_PUBLISH_FUNCTION_ARN", config.publish_function_arn),
        role_arn=required("LOBBYKIT_SCHEDULER_ROLE_ARN", config.scheduler_role_arn),
        dead_letter_arn=required("LOBBYKIT_SCHEDULE_DEAD_LETTER_ARN", config.schedule_dead_letter_arn),
    )


@cache
def social_networks() -> "SocialNetworks":
    from lobbykit.adapters.social.networks import SocialNetworks
    from lobbykit.adapters.social.options import NetworkOptions

    options = NetworkOptions(x_api_url=settings().x_api_url)
    return SocialNetworks(account_store().credentials, dynamodb_client(), social_table(), options)


@cache
def campaigns() -> "CampaignFiles":
    from lobbykit.adapters.campaign_files import CampaignFiles

    return CampaignFiles(settings().templates_dir / "campaigns")


@cache
def renderer() -> "TemplateRenderer":
    from lobbykit.adapters.renderer import TemplateRenderer

    return TemplateRenderer(settings().templates_dir)


@cache
def metrics_store() -> "DynamoMetricsStore":
    from lobbykit.adapters.metrics_store import DynamoMetricsStore

    return DynamoMetricsStore(dynamodb_client(), required("LOBBYKIT_METRICS_TABLE", settings().metrics_table))


@cache
def metrics() -> "MetricsReport":
    from lobbykit.application.metrics import social_moments
    from lobbykit.domain.metrics import MetricsReport

    return MetricsReport(
        campaigns(), metrics_store(), lambda campaign: social_moments(moment_store().list(campaign), now())
    )


@cache
def seat_map() -> "SeatMap":
    """The 650 seats' hex layout, read once per warm function (only organiser pages need it)."""
    from lobbykit.adapters.seat_files import load_seat_map

    return load_seat_map()


@cache
def action_store() -> "ActionStore":
    """Actions, whose every change of state moves the campaign's counters in the same transaction."""
    from lobbykit.adapters.action_store import DynamoActionStore

    table = required("LOBBYKIT_ACTIONS_TABLE", settings().actions_table)
    return DynamoActionStore(dynamodb_client(), table, pseudonymise, metrics_store())


def pseudonymise(value: str) -> str:
    """A keyed hash of an email or address: stable for matching, useless for recovering it."""
    from lobbykit.domain.limits import pseudonym

    return pseudonym(value, pseudonym_key())


class MailerOnFirstSend:
    """The e-action's mailer: SES's client is built when the first email goes, not when a page
    or a lookup first needs the e-action (``mailer`` is looked up then, so tests can swap it)."""

    def send(self, email: "OutgoingEmail") -> str:
        return mailer().send(email)


@cache
def mailer() -> "Mailer":
    from botocore.config import Config

    from lobbykit.adapters.ses_mailer import SesMailer

    # A person waits on the confirmation email: fail fast, retry a little.
    config = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 3, "mode": "standard"})
    return SesMailer(aws_client("sesv2", config), settings().ses_configuration_set)


@cache
def e_action() -> "EAction":
    """The e-action, wired to this function's adapters."""
    from lobbykit.application.e_action import ConfirmationEmails, EAction

    return EAction(
        campaigns=campaigns(),
        directory=members_directory(),
        store=action_store(),
        pacer=letter_pacer(),
        human_check=human_check(),
        mailer=MailerOnFirstSend(),
        suppressions=suppression_list(),
        public_url=required("LOBBYKIT_PUBLIC_URL", settings().public_url),
        confirmation_emails=ConfirmationEmails(renderer().render),
        pseudonymise=pseudonymise,
        clock=lambda: now(),  # noqa: PLW0108 - late-bound, so tests can move the clock
    )


@cache
def suppression_list() -> "SuppressionList":
    """Mailboxes no campaign emails again (bounced for good, or reported as spam), kept in the
    actions table under the keyed hash of the canonical mailbox."""
    from lobbykit.adapters.suppression_store import DynamoSuppressionStore
    from lobbykit.domain.mailbox import mailbox_key
    from lobbykit.domain.suppression import SuppressionList

    table = required("LOBBYKIT_ACTIONS_TABLE", settings().actions_table)
    store = DynamoSuppressionStore(dynamodb_client(), table)
    return SuppressionList(store, lambda email: mailbox_key(email, pseudonymise))


@cache
def mail_feedback() -> "MailFeedback":
    """SES's bounces and complaints, acted on (the mail events function)."""
    from lobbykit.domain.mail_feedback import MailFeedback

    return MailFeedback(action_store(), suppression_list(), lambda: now())  # noqa: PLW0108 - late-bound


@cache
def human_check() -> "TurnstileVerifier":
    """Cloudflare Turnstile's siteverify; its secret is read only when a campaign first uses it."""
    from urllib.parse import urlsplit

    from lobbykit.adapters.http_json import HttpPolicy, JsonHttpClient
    from lobbykit.adapters.turnstile import SERVICE_NAME, TurnstileVerifier

    # A person waits on the form: one retry (made safe by an idempotency key), 5 s in all.
    policy = HttpPolicy(connect_timeout=2.0, read_timeout=3.0, deadline=5.0, attempts=2)
    http = JsonHttpClient(settings().turnstile_url, SERVICE_NAME, policy)
    ours = urlsplit(required("LOBBYKIT_PUBLIC_URL", settings().public_url)).hostname or ""
    return TurnstileVerifier(http, turnstile_secret, hostname=ours)


def turnstile_secret() -> str:
    from lobbykit.adapters.secrets import TURNSTILE_SECRET_MAX_AGE

    secret = required("LOBBYKIT_TURNSTILE_SECRET", settings().turnstile_secret)
    return secrets().secret_string(secret, max_age=TURNSTILE_SECRET_MAX_AGE)


@cache
def letter_pacer() -> "DynamoLetterPacer":
    """Letters per MP per hour are counted in the cache table, beside the rate counters."""
    from lobbykit.adapters.letter_pacer import DynamoLetterPacer

    return DynamoLetterPacer(dynamodb_client(), required("LOBBYKIT_CACHE_TABLE", settings().cache_table))


@cache
def hit_counter() -> "BatchedHitCounter | None":
    """Rate-limit counters live in the cache table; without one (the CLI) nothing is limited."""
    from lobbykit.adapters.batched_hit_counter import BatchedHitCounter
    from lobbykit.adapters.hit_counter import DynamoHitCounter

    table = settings().cache_table
    return BatchedHitCounter(DynamoHitCounter(dynamodb_client(), table, pseudonymise)) if table else None


def pseudonym_key() -> bytes:
    """The secret key for hashing IP addresses and emails in rate counters (the one Secrets
    Manager client is shared with the other secrets: a second client costs a cold start)."""
    from lobbykit.adapters.secrets import PSEUDONYM_KEY_MAX_AGE

    secret = required("LOBBYKIT_PSEUDONYM_KEY_SECRET", settings().pseudonym_key_secret)
    return secrets().secret_string(secret, max_age=PSEUDONYM_KEY_MAX_AGE).encode()


def now() -> "datetime":
    """The time, looked up on each call so tests can move it."""
    from datetime import UTC, datetime

    return datetime.now(UTC)


def reset() -> None:
    """Forget every built service and the settings (tests, and the local stack on restart)."""
    settings.cache_clear()
    aws_session.cache_clear()
    dynamodb_client.cache_clear()
    members_directory.cache_clear()
    token_store.cache_clear()
    session_store.cache_clear()
    campaigns.cache_clear()
    renderer.cache_clear()
    metrics_store.cache_clear()
    metrics.cache_clear()
    seat_map.cache_clear()
    action_store.cache_clear()
    mailer.cache_clear()
    e_action.cache_clear()
    suppression_list.cache_clear()
    mail_feedback.cache_clear()
    hit_counter.cache_clear()
    letter_pacer.cache_clear()
    human_check.cache_clear()
    secrets.cache_clear()
    for social in (secrets_client, account_store, moment_store, scheduler, social_networks):
        social.cache_clear()

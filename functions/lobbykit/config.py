"""The one place where the environment is read.

Read lazily (``settings()``), never at import time, so tests and the local stack can set the
environment first. Optional settings are ``None`` when unset, never a silent empty string.
"""

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

DEFAULT_MEMBERS_API_URL = "https://members-api.parliament.uk"
PACKAGE = Path(__file__).resolve().parent
# Lambda's package puts templates/ beside lobbykit/; the repository keeps it two levels up.
TEMPLATE_DIRS = (PACKAGE.parent / "templates", PACKAGE.parents[1] / "templates")
DEFAULT_X_API_URL = "https://api.twitter.com"
DEFAULT_TURNSTILE_URL = "https://challenges.cloudflare.com"


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed: a deployment mistake, not a user's."""


@dataclass(frozen=True, slots=True)
class Settings:
    members_api_url: str
    cache_table: str | None
    organiser_tokens_secret: str | None
    sessions_table: str | None
    pseudonym_key_secret: str | None
    actions_table: str | None
    metrics_table: str | None
    public_url: str | None
    ses_configuration_set: str | None
    templates_dir: Path
    x_api_url: str
    social_table: str | None
    account_secret_prefix: str | None
    schedule_group: str | None
    publish_function_arn: str | None
    scheduler_role_arn: str | None
    schedule_dead_letter_arn: str | None
    tracing: bool
    turnstile_secret: str | None
    turnstile_url: str
    # How long point-in-time recovery keeps deleted records (template: PointInTimeRecoveryDays):
    # the privacy text tells supporters.
    backup_days: int | None
    # Set by the local stack alone (``make run``): what only it may do, e.g. reach stand-ins for
    # the social networks over http://127.0.0.1. Deployed, it is unset: false.
    local_stack: bool


@cache
def settings() -> Settings:
    return Settings(
        members_api_url=_url("LOBBYKIT_MEMBERS_API_URL", DEFAULT_MEMBERS_API_URL),
        cache_table=_optional("LOBBYKIT_CACHE_TABLE"),
        organiser_tokens_secret=_optional("LOBBYKIT_ORGANISER_TOKENS_SECRET"),
        sessions_table=_optional("LOBBYKIT_SESSIONS_TABLE"),
        pseudonym_key_secret=_optional("LOBBYKIT_PSEUDONYM_KEY_SECRET"),
        actions_table=_optional("LOBBYKIT_ACTIONS_TABLE"),
        metrics_table=_optional("LOBBYKIT_METRICS_TABLE"),
        public_url=_optional_url("LOBBYKIT_PUBLIC_URL"),
        ses_configuration_set=_optional("LOBBYKIT_SES_CONFIGURATION_SET"),
        templates_dir=_templates_dir(),
        x_api_url=_url("LOBBYKIT_X_API_URL", DEFAULT_X_API_URL),
        social_table=_optional("LOBBYKIT_SOCIAL_TABLE"),
        account_secret_prefix=_optional("LOBBYKIT_ACCOUNT_SECRET_PREFIX"),
        schedule_group=_optional("LOBBYKIT_SCHEDULE_GROUP"),
        publish_function_arn=_optional("LOBBYKIT_PUBLISH_FUNCTION_ARN"),
        scheduler_role_arn=_optional("LOBBYKIT_SCHEDULER_ROLE_ARN"),
        schedule_dead_letter_arn=_optional("LOBBYKIT_SCHEDULE_DEAD_LETTER_ARN"),
        tracing=_flag("LOBBYKIT_TRACING"),
        turnstile_secret=_optional("LOBBYKIT_TURNSTILE_SECRET"),
        turnstile_url=_url("LOBBYKIT_TURNSTILE_URL", DEFAULT_TURNSTILE_URL),
        backup_days=_optional_days("LOBBYKIT_BACKUP_DAYS"),
        local_stack=_flag("LOBBYKIT_LOCAL_STACK"),
    )


def _templates_dir() -> Path:
    configured = _optional("LOBBYKIT_TEMPLATES_DIR")
    candidates = (Path(configured),) if configured else TEMPLATE_DIRS
    for candidate in candidates:
        if (candidate / "campaigns").is_dir():
            return candidate
    raise ConfigurationError(
        f"No templates/ folder with campaigns/ found at {', '.join(map(str, candidates))}"
    )


T = TypeVar("T")


def required(name: str, value: T | None) -> T:
    """A setting a route cannot work without; a clear deployment error when it is missing."""
    if value is None:
        raise ConfigurationError(f"{name} is not set: the template (or the local stack) must set it")
    return value


def _optional(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _flag(name: str) -> bool:
    """``true`` or ``false`` (unset is false); anything else is a deployment mistake."""
    value = (_optional(name) or "false").lower()
    if value not in {"true", "false"}:
        raise ConfigurationError(f"{name} must be true or false, got {value!r}")
    return value == "true"


def _optional_days(name: str) -> int | None:
    value = _optional(name)
    if value is not None and not (value.isdigit() and int(value) >= 1):
        raise ConfigurationError(f"{name} must be a whole number of days, 1 or more, got {value!r}")
    return None if value is None else int(value)


def _optional_url(name: str) -> str | None:
    return _url(name, "") if _optional(name) else None


def _url(name: str, default: str) -> str:
    value = _optional(name) or default
    if not value.startswith(("http://", "https://")):
        raise ConfigurationError(f"{name} must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


DEFAULT_LOCAL_PORT = 3000
# What the local stack sets for its own functions (``Settings.local_stack``).
LOCAL_STACK_SETTINGS = {"LOBBYKIT_LOCAL_STACK": "true"}
# Settings a developer's own environment keeps when the local stack applies the template's.
DEVELOPER_SETTINGS = (
    "LOBBYKIT_MEMBERS_API_URL",
    "LOBBYKIT_PUBLIC_URL",
    "LOBBYKIT_X_API_URL",
    "POWERTOOLS_LOG_LEVEL",
)


@dataclass(frozen=True, slots=True)
class LocalSettings:
    """What a developer may set for the local stack behind ``make run`` (docs/configuration.md)."""

    port: int
    organiser_token: str | None
    chosen: dict[str, str]  # those of DEVELOPER_SETTINGS the developer set, kept as they are


def local_settings() -> LocalSettings:
    """Read when the local stack starts (not cached: it changes the environment itself)."""
    port = _optional("PORT")
    if port is not None and not (port.isdigit() and int(port) <= 65535):
        raise ConfigurationError(f"PORT must be a port number (0 to 65535), got {port!r}")
    chosen = {name: value for name in DEVELOPER_SETTINGS if (value := _optional(name)) is not None}
    return LocalSettings(
        port=int(port) if port is not None else DEFAULT_LOCAL_PORT,
        organiser_token=_optional("LOBBYKIT_ORGANISER_TOKEN"),
        chosen=chosen,
    )

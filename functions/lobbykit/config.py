"""The one place where the environment is read.

Read lazily (``settings()``), never at import time, so tests and the local stack can set the
environment first. Optional settings are ``None`` when unset, never a silent empty string.
"""

import os
from dataclasses import dataclass
from functools import cache

DEFAULT_MEMBERS_API_URL = "https://members-api.parliament.uk"


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed: a deployment mistake, not a user's."""


@dataclass(frozen=True, slots=True)
class Settings:
    members_api_url: str
    cache_table: str | None
    organiser_tokens_secret: str | None


@cache
def settings() -> Settings:
    return Settings(
        members_api_url=_url("LOBBYKIT_MEMBERS_API_URL", DEFAULT_MEMBERS_API_URL),
        cache_table=_optional("LOBBYKIT_CACHE_TABLE"),
        organiser_tokens_secret=_optional("LOBBYKIT_ORGANISER_TOKENS_SECRET"),
    )


def required(name: str, value: str | None) -> str:
    """A setting a route cannot work without; a clear deployment error when it is missing."""
    if value is None:
        raise ConfigurationError(f"{name} is not set: the template (or the local stack) must set it")
    return value


def _optional(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def _url(name: str, default: str) -> str:
    value = _optional(name) or default
    if not value.startswith(("http://", "https://")):
        raise ConfigurationError(f"{name} must be an http(s) URL, got {value!r}")
    return value.rstrip("/")

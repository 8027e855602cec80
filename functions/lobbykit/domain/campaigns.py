"""A campaign is data: its settings and its letter templates, loaded from a folder.

The domain sees a ``Campaign`` value and asks a ``CampaignRepository`` port for one by slug;
the adapter reads ``templates/campaigns/<slug>/``.
"""

import re
from dataclasses import dataclass
from typing import Protocol

from lobbykit.domain.errors import LobbykitError

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class CampaignNotFound(LobbykitError):
    code = "unknown_campaign"


@dataclass(frozen=True, slots=True)
class Consent:
    version: str
    updates: str
    # What is kept, for how long and where, with ``{kept_for}`` (the campaign's retention) and
    # ``{backup_days}`` (how long backups keep deleted records: a deployment's setting) in it.
    processing: str


PRIVACY_PERIODS = ("kept_for", "backup_days")


@dataclass(frozen=True, slots=True)
class LetterTemplates:
    """Jinja2 sources: subject and plain text are rendered as text, html with autoescape."""

    subject: str
    text: str
    html: str
    thank_you: str


@dataclass(frozen=True, slots=True)
class Campaign:
    slug: str
    title: str
    hashtag: str
    organiser: str
    summary: str
    ask: tuple[str, ...]
    targets: str
    confirmation_required: bool
    confirmation_valid_hours: int
    retention_days: int
    max_message_length: int
    letters_per_mp_per_hour: int
    sender_email: str
    sender_name: str
    consent: Consent
    speaker_message: str
    share_text: str
    letter: LetterTemplates
    # Cloudflare Turnstile's site key where the campaign checks for bots (``human_check``), else None.
    turnstile_site_key: str | None

    @property
    def kept_for(self) -> str:
        """How long a letter never sent, and the traces of one sent, are kept: "8 weeks"."""
        weeks, days = divmod(self.retention_days, 7)
        if days:
            return f"{self.retention_days} day{'s' if self.retention_days != 1 else ''}"
        return f"{weeks} week{'s' if weeks != 1 else ''}"

    def privacy_notice(self, backup_days: int) -> str:
        """The consent's processing text, its periods filled in (``Consent.processing``)."""
        return self.consent.processing.format(kept_for=self.kept_for, backup_days=backup_days)


class CampaignRepository(Protocol):
    def get(self, slug: str) -> Campaign:
        """Raises ``CampaignNotFound``."""
        ...


def check_slug(slug: str) -> str:
    """A slug is lowercase letters, digits and hyphens: never a path."""
    if not SLUG.match(slug):
        raise CampaignNotFound("There is no campaign at this address. Please check the link.")
    return slug

"""Campaigns from ``templates/campaigns/<slug>/``: ``campaign.toml`` plus the letter templates.

Files are read once per warm function and kept: campaigns change by deployment, not at run time.
"""

import tomllib
from pathlib import Path
from typing import Any

from lobbykit.config import ConfigurationError
from lobbykit.domain.campaigns import (
    PRIVACY_PERIODS,
    Campaign,
    CampaignNotFound,
    Consent,
    LetterTemplates,
    check_slug,
)
from lobbykit.domain.pacing import DEFAULT_LETTERS_PER_MP_PER_HOUR

LETTER_FILES = {
    "subject": "letter_subject.txt.j2",
    "text": "letter.txt.j2",
    "html": "letter.html.j2",
    "thank_you": "thank_you.txt.j2",
}


class CampaignFiles:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._loaded: dict[str, Campaign] = {}

    def get(self, slug: str) -> Campaign:
        slug = check_slug(slug)
        if slug not in self._loaded:
            self._loaded[slug] = self._load(slug)
        return self._loaded[slug]

    def slugs(self) -> list[str]:
        return sorted(p.parent.name for p in self._root.glob("*/campaign.toml"))

    def _load(self, slug: str) -> Campaign:
        folder = self._root / slug
        settings_file = folder / "campaign.toml"
        if not settings_file.is_file():
            raise CampaignNotFound("There is no campaign at this address. Please check the link.")
        settings = tomllib.loads(settings_file.read_text(encoding="utf-8"))
        letter = {key: (folder / name).read_text(encoding="utf-8") for key, name in LETTER_FILES.items()}
        return campaign_from_settings(slug, settings, LetterTemplates(**letter))


def campaign_from_settings(slug: str, settings: dict[str, Any], letter: LetterTemplates) -> Campaign:
    consent = settings["consent"]
    campaign = Campaign(
        slug=slug,
        title=str(settings["title"]),
        hashtag=str(settings["hashtag"]),
        organiser=str(settings["organiser"]),
        summary=str(settings["summary"]).strip(),
        ask=tuple(str(item) for item in settings.get("ask", ())),
        targets=str(settings.get("targets", "mp")),
        confirmation_required=bool(settings.get("confirmation_required", True)),
        confirmation_valid_hours=int(settings.get("confirmation_valid_hours", 168)),
        retention_days=int(settings["retention_days"]),
        max_message_length=int(settings.get("max_message_length", 2000)),
        letters_per_mp_per_hour=_at_least_one(
            slug, settings, "letters_per_mp_per_hour", DEFAULT_LETTERS_PER_MP_PER_HOUR
        ),
        sender_email=str(settings["sender"]["email"]),
        sender_name=str(settings["sender"]["name"]),
        consent=Consent(
            str(consent["version"]), str(consent["updates"]).strip(), str(consent["processing"]).strip()
        ),
        speaker_message=str(settings["speaker"]["message"]).strip(),
        share_text=str(settings.get("share", {}).get("text", settings["hashtag"])),
        letter=letter,
        turnstile_site_key=_turnstile_site_key(slug, settings),
    )
    _check_privacy_notice(campaign)
    return campaign


def _check_privacy_notice(campaign: Campaign) -> None:
    """Supporters are told how long their details are kept, backups included: the processing
    text must say both periods, and can say nothing else in braces."""
    text = campaign.consent.processing
    try:
        campaign.privacy_notice(backup_days=0)
    except (KeyError, IndexError, ValueError):
        missing = True
    else:
        missing = any(f"{{{name}}}" not in text for name in PRIVACY_PERIODS)
    if missing:
        raise ConfigurationError(
            f"campaigns/{campaign.slug}/campaign.toml: [consent] processing must say how long "
            "details are kept with {kept_for} and how long backups keep them with {backup_days}, "
            "and use no other {...}"
        )


def _at_least_one(slug: str, settings: dict[str, Any], name: str, default: int) -> int:
    """A whole number of 1 or more; anything else is the organiser's mistake, named."""
    value = settings.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"campaigns/{slug}/campaign.toml: {name} must be a whole number, 1 or more")
    return value


def _turnstile_site_key(slug: str, settings: dict[str, Any]) -> str | None:
    """The site key when ``turnstile = true`` (it must then be given), else None."""
    if settings.get("turnstile", False) is False:
        return None
    key = settings.get("turnstile_site_key")
    if settings["turnstile"] is not True or not isinstance(key, str) or not key.strip():
        raise ConfigurationError(
            f"campaigns/{slug}/campaign.toml: turnstile must be true or false, and true needs "
            "turnstile_site_key (from the Cloudflare dashboard)"
        )
    return key.strip()

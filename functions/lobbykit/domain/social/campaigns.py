"""Which campaigns can hold social moments, and the variables their post templates may use.

A stand-in until campaigns are data files (``campaigns/<slug>/``): everything campaign-specific
that moments need comes out of ``find_campaign``, so replacing it touches one function.
"""

from dataclasses import dataclass

from lobbykit.domain.social.errors import UnknownCampaign

DEFAULT_CAMPAIGN = "send-in-the-specialists"


@dataclass(frozen=True, slots=True)
class Campaign:
    slug: str
    title: str
    hashtag: str
    url: str

    def variables(self) -> dict[str, str]:
        """What every post template of this campaign can use."""
        return {"title": self.title, "hashtag": self.hashtag, "campaign_url": self.url}


def find_campaign(slug: str, public_url: str) -> Campaign:
    """The campaign called ``slug``, with links under ``public_url``; ``UnknownCampaign`` otherwise."""
    if slug != DEFAULT_CAMPAIGN:
        raise UnknownCampaign(f"There is no campaign called {slug!r}. Check the address.")
    return Campaign(
        slug=slug,
        title="SEND in the Specialists",
        hashtag="#SENDInTheSpecialists",
        url=f"{public_url.rstrip('/')}/c/{slug}",
    )

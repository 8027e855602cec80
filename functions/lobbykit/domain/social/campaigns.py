"""A campaign as its social posts see it: the variables every post template can use."""

from dataclasses import dataclass

from lobbykit.domain.campaigns import Campaign


@dataclass(frozen=True, slots=True)
class PostCampaign:
    slug: str
    title: str
    hashtag: str
    url: str

    def variables(self) -> dict[str, str]:
        return {"title": self.title, "hashtag": self.hashtag, "campaign_url": self.url}


def for_posts(campaign: Campaign, public_url: str) -> PostCampaign:
    """The campaign's title and hashtag (from its ``campaign.toml``) and its action page's URL."""
    return PostCampaign(
        campaign.slug, campaign.title, campaign.hashtag, f"{public_url.rstrip('/')}/c/{campaign.slug}"
    )

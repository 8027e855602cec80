"""Social moments of a campaign as organisers plan and read them: the API's routes and
``lobbykit moments`` check a moment the same way and print the same JSON."""

import secrets
from datetime import UTC, datetime
from typing import Any

from lobbykit.application import wiring
from lobbykit.config import required, settings
from lobbykit.domain.social.accounts import AccountStore
from lobbykit.domain.social.campaigns import PostCampaign, for_posts
from lobbykit.domain.social.moments import (
    Moment,
    PostStatus,
    count_views,
    parse_request,
    plan_moment,
    view_post,
)


def campaign_named(slug: str) -> PostCampaign:
    """The campaign's post variables; ``CampaignNotFound`` (404) for a campaign with no folder."""
    return for_posts(wiring.campaigns().get(slug), required("LOBBYKIT_PUBLIC_URL", settings().public_url))


def plan(campaign: PostCampaign, document: dict[str, Any], store: AccountStore, organiser: str) -> Moment:
    """Check a moment against the campaign and the registered accounts (the CLI plans the same way)."""
    at, requests = parse_request(document)
    accounts = {account.name: account for account in store.accounts()}
    return plan_moment(
        campaign,
        at,
        requests,
        accounts,
        moment_id=secrets.token_hex(6),
        organiser=organiser,
        now=datetime.now(UTC),
    )


def present_moment(moment: Moment, now: datetime) -> dict[str, Any]:
    posts = []
    for post in moment.posts:
        view = view_post(moment, post, now)
        shown: dict[str, Any] = {
            "account": post.account,
            "network": post.network.value,
            "status": view.status,
        }
        if post.url and view.status is PostStatus.POSTED:
            shown["url"] = post.url
        if view.error:
            shown["error"] = view.error
        shown["text"] = post.text
        posts.append(shown)
    body: dict[str, Any] = {
        "moment_id": moment.moment_id,
        "campaign": moment.campaign,
        "at": moment.at.isoformat(),
        "status": moment.progress(),
        "posts": posts,
    }
    if moment.spread_seconds is not None:
        body["spread_seconds"] = moment.spread_seconds
    return body


def present_summary(moment: Moment, now: datetime) -> dict[str, Any]:
    counts = count_views(moment, moment.posts, now)
    return {"moment_id": moment.moment_id, "at": moment.at.isoformat(), "status": moment.progress(), **counts}

"""The public JSON of accounts and moments (the HTTP routes and ``lobbykit moments`` print the same)."""

from datetime import datetime
from typing import Any

from lobbykit.domain.social.accounts import Account
from lobbykit.domain.social.moments import Moment, view_post


def present_account(account: Account) -> dict[str, Any]:
    """Name, network and handle: never a credential, which the account does not even hold."""
    return {"name": account.name, "network": account.network.value, "handle": account.handle}


def present_moment(moment: Moment, now: datetime) -> dict[str, Any]:
    posts = []
    for post in moment.posts:
        view = view_post(moment, post, now)
        shown: dict[str, Any] = {
            "account": post.account,
            "network": post.network.value,
            "status": view.status,
        }
        if post.url and view.status == "posted":
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
    counts = {"scheduled": 0, "posted": 0, "failed": 0}
    for post in moment.posts:
        counts[view_post(moment, post, now).status] += 1
    return {"moment_id": moment.moment_id, "at": moment.at.isoformat(), "status": moment.progress(), **counts}

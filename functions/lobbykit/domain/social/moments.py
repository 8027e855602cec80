"""Moments: at one instant, each coalition account posts its own words.

A moment is planned (every refusal checked and explained before anything is saved), saved with
one record per post, then handed to the scheduler as a one-time run. Texts are rendered when
the moment is scheduled, so what was checked is exactly what will be posted.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from lobbykit.domain.errors import InvalidInput, UpstreamUnavailable
from lobbykit.domain.social.accounts import Account, Network
from lobbykit.domain.social.campaigns import PostCampaign
from lobbykit.domain.social.errors import AlreadyPublished, MomentRefused, UnknownMoment
from lobbykit.domain.social.similarity import Comparable, too_similar
from lobbykit.domain.social.templates import render_post

MIN_LEAD = timedelta(minutes=1)
MAX_LEAD = timedelta(days=366)
MAX_POSTS = 200
MAX_TEMPLATE_LENGTH = 4000
# A claim older than the publish function's longest possible run was never confirmed.
UNCONFIRMED_AFTER = timedelta(minutes=15)

Progress = Callable[[int, int], None]


class PostStatus(StrEnum):
    SCHEDULED = "scheduled"
    POSTING = "posting"
    POSTED = "posted"
    FAILED = "failed"


class MomentStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class MomentProgress(StrEnum):
    """A moment as a whole, as organisers are shown it."""

    SCHEDULED = "scheduled"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PostRequest:
    account: str
    text: str
    variables: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Post:
    index: int
    account: str
    network: Network
    text: str
    status: PostStatus = PostStatus.SCHEDULED
    round: int = 0
    url: str | None = None
    remote_id: str | None = None
    error: str | None = None
    posted_at: str | None = None
    claimed_at: str | None = None

    @property
    def done(self) -> bool:
        return self.status in (PostStatus.POSTED, PostStatus.FAILED)


@dataclass(frozen=True, slots=True)
class Moment:
    campaign: str
    moment_id: str
    at: datetime
    created_at: str
    created_by: str
    posts: tuple[Post, ...]
    status: MomentStatus = MomentStatus.SCHEDULED
    schedules: tuple[str, ...] = ()
    spread_seconds: float | None = None

    def progress(self) -> MomentProgress:
        if self.status is MomentStatus.CANCELLED:
            return MomentProgress.CANCELLED
        if all(post.done for post in self.posts):
            return MomentProgress.PUBLISHED
        if any(post.status is not PostStatus.SCHEDULED or post.round for post in self.posts):
            return MomentProgress.PUBLISHING
        return MomentProgress.SCHEDULED


@dataclass(frozen=True, slots=True)
class PostView:
    """A post as the organiser sees it: scheduled, posted or failed (never posting), and why."""

    status: PostStatus
    error: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """What one run of the publish function is to post: a whole moment (round 0), or the
    rate-limited posts of one (a later round, naming their accounts). It is the schedule's input."""

    campaign: str
    moment_id: str
    round: int = 0
    accounts: tuple[str, ...] = ()

    def payload(self) -> dict[str, object]:
        payload: dict[str, object] = {"campaign": self.campaign, "moment_id": self.moment_id}
        if self.round:
            payload.update(round=self.round, accounts=list(self.accounts))
        return payload

    @classmethod
    def from_payload(cls, payload: Mapping[str, object]) -> "Delivery":
        campaign, moment_id = payload.get("campaign"), payload.get("moment_id")
        round, accounts = payload.get("round", 0), payload.get("accounts", [])
        if (
            not isinstance(campaign, str)
            or not isinstance(moment_id, str)
            or not isinstance(round, int)
            or not isinstance(accounts, list)
        ):
            raise InvalidInput(
                "A delivery names a campaign and a moment_id (and may give round and accounts)."
            )
        return cls(campaign, moment_id, round, tuple(str(account) for account in accounts))


@dataclass(frozen=True, slots=True)
class ScheduledRun:
    """A one-time schedule: its name, when it fires (UTC) and what it delivers."""

    name: str
    at: datetime
    delivery: Delivery


class Scheduler(Protocol):
    def schedule(self, run: ScheduledRun) -> None:
        """Create a one-time run; raises ``UpstreamUnavailable`` if it cannot."""
        ...

    def cancel(self, name: str) -> None:
        """Delete a run if it still exists."""
        ...


class MomentStore(Protocol):
    def create(self, moment: Moment, progress: Progress | None = None) -> None: ...

    def get(self, campaign: str, moment_id: str) -> Moment | None: ...

    def list(self, campaign: str) -> list[Moment]: ...

    def cancel(self, moment: Moment) -> None: ...


def parse_request(document: Mapping[str, object]) -> tuple[datetime, list[PostRequest]]:
    """``{"at", "posts": [{"account", "text", "variables"?}]}`` as the time and the posts asked for."""
    unexpected = sorted(set(document) - {"at", "posts"})
    if unexpected:
        names = ", ".join(json.dumps(name) for name in unexpected)  # quoted: a name may be empty
        raise InvalidInput(f'A moment has only "at" and "posts", not {names}.', field=unexpected[0])
    at, posts = document.get("at"), document.get("posts")
    if not isinstance(at, str):
        raise InvalidInput("Please give at: the time, e.g. 2026-03-05T09:00:00+00:00.", field="at")
    if not isinstance(posts, list):
        raise InvalidInput('Please give posts: a list of {"account", "text"}.', field="posts")
    return parse_time(at), [_post_request(index, post) for index, post in enumerate(posts)]


def _post_request(index: int, post: object) -> PostRequest:
    where = f"posts.{index}"
    if not isinstance(post, dict) or set(post) - {"account", "text", "variables"}:
        raise InvalidInput(
            f'Please check {where}: each post is {{"account", "text", "variables"?}}.', field=where
        )
    account, text, variables = post.get("account"), post.get("text"), post.get("variables", {})
    for name, value in (("account", account), ("text", text)):
        if not isinstance(value, str):
            raise InvalidInput(f"Please check {where}.{name}: it must be text.", field=f"{where}.{name}")
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise InvalidInput(
            f"Please check {where}.variables: names with text values.", field=f"{where}.variables"
        )
    return PostRequest(str(account), str(text), {str(k): v for k, v in variables.items()})


def parse_time(value: str) -> datetime:
    """An ISO-8601 time with its offset, as UTC to the second (schedules have no finer grain)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not a time we can read. Use ISO 8601 with the offset, "
            "e.g. 2026-03-05T09:00:00+00:00.",
            field="at",
        ) from None
    if parsed.tzinfo is None:
        raise InvalidInput(
            "Give the time with its offset from UTC, e.g. 2026-03-05T09:00:00+00:00 "
            "(or +01:00 in British Summer Time), so there is no doubt when it is.",
            field="at",
        )
    try:
        return parsed.astimezone(UTC).replace(microsecond=0)
    except OverflowError:  # year 1 ahead of UTC, or 9999 behind it: no such instant in UTC
        raise InvalidInput(
            f"{value!r} is not a time we can schedule. Please check the year.", field="at"
        ) from None


def plan_moment(
    campaign: PostCampaign,
    at: datetime,
    requests: Sequence[PostRequest],
    accounts: Mapping[str, Account],
    *,
    moment_id: str,
    organiser: str,
    now: datetime,
) -> Moment:
    """The moment as it will be posted, or ``MomentRefused``/``InvalidInput`` saying what to change."""
    _check_time(at, now)
    _check_accounts(requests, accounts)
    posts = tuple(
        Post(index, request.account, account.network, render_post(request.text, variables, request.account))
        for index, request in enumerate(requests)
        for account in [accounts[request.account]]
        for variables in [_variables(campaign, account, request)]
    )
    _check_lengths(posts, accounts)
    _check_similarity(posts)
    return Moment(campaign.slug, moment_id, at, now.isoformat(), organiser, posts, schedules=(moment_id,))


def _check_time(at: datetime, now: datetime) -> None:
    if at < now + MIN_LEAD:
        raise MomentRefused(
            f"{at:%d %B %Y at %H:%M:%S} UTC is in the past or less than a minute away. "
            "Choose a time at least a minute from now.",
            field="at",
            code="time_too_soon",
        )
    if at > now + MAX_LEAD:
        raise MomentRefused(
            "That is more than a year away. Choose a time within the next 12 months.",
            field="at",
            code="time_too_far",
        )


def _check_accounts(requests: Sequence[PostRequest], accounts: Mapping[str, Account]) -> None:
    if not requests:
        raise InvalidInput("A moment needs at least one post.", field="posts")
    if len(requests) > MAX_POSTS:
        raise InvalidInput(f"A moment can have at most {MAX_POSTS} posts.", field="posts")
    names = [request.account for request in requests]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise MomentRefused(
            f"Each account can post once in a moment; these appear more than once: {', '.join(repeated)}.",
            field="posts",
            code="duplicate_account",
        )
    unknown = [name for name in names if name not in accounts]
    if unknown:
        raise MomentRefused(
            f"These accounts are not registered: {', '.join(unknown)}. "
            "Register them first (POST /api/accounts), or check the spelling.",
            field="posts",
            code="unknown_account",
        )
    long_templates = [r.account for r in requests if len(r.text) > MAX_TEMPLATE_LENGTH or not r.text.strip()]
    if long_templates:
        raise InvalidInput(
            f"The text for {', '.join(long_templates)} is empty or far too long.", field="posts"
        )


def _variables(campaign: PostCampaign, account: Account, request: PostRequest) -> dict[str, str]:
    """The campaign's variables, then the account's, then the moment's own for that post."""
    return {
        **campaign.variables(),
        "account": account.name,
        "handle": account.handle,
        **account.variables,
        **request.variables,
    }


def _check_lengths(posts: Sequence[Post], accounts: Mapping[str, Account]) -> None:
    problems = [problem for post in posts if (problem := accounts[post.account].too_long(post.text))]
    if problems:
        raise MomentRefused(
            f"Too long for its network: {'; '.join(problems)}. Links count as 23 on X and Mastodon.",
            field="posts",
            code="text_too_long",
        )


def _check_similarity(posts: Sequence[Post]) -> None:
    pairs = too_similar([Comparable(p.account, p.network.value, p.text) for p in posts])
    if pairs:
        raise MomentRefused(
            "These posts read too much alike: "
            + "; ".join(pair.describe() for pair in pairs)
            + " (ignoring links, hashtags, mentions, capitals and punctuation; at most 70% may match). "
            "Networks treat near-identical posts from coordinated accounts as spam, and X forbids "
            "them: give each account its own wording.",
            field="posts",
            code="texts_too_similar",
        )


def schedule_moment(
    moment: Moment, store: MomentStore, scheduler: Scheduler, progress: Progress | None = None
) -> Moment:
    """Save the planned moment, then schedule its run; a moment that cannot be scheduled is cancelled."""
    store.create(moment, progress)
    try:
        scheduler.schedule(
            ScheduledRun(moment.moment_id, moment.at, Delivery(moment.campaign, moment.moment_id))
        )
    except UpstreamUnavailable:
        store.cancel(moment)
        raise
    return moment


def find_moment(store: MomentStore, campaign: str, moment_id: str) -> Moment:
    moment = store.get(campaign, moment_id)
    if moment is None:
        raise UnknownMoment(f"There is no moment {moment_id!r} in this campaign.")
    return moment


def cancel_moment(store: MomentStore, scheduler: Scheduler, campaign: str, moment_id: str) -> Moment:
    """Stop whatever of the moment has not been posted yet (cancelling twice is harmless)."""
    moment = find_moment(store, campaign, moment_id)
    if moment.status is MomentStatus.CANCELLED:
        return moment
    if all(post.done for post in moment.posts):
        raise AlreadyPublished("Every post of this moment has already gone out: there is nothing to cancel.")
    store.cancel(moment)
    for name in moment.schedules:
        scheduler.cancel(name)
    return replace(moment, status=MomentStatus.CANCELLED)


def view_post(moment: Moment, post: Post, now: datetime) -> PostView:
    """What the organiser is told about one post."""
    if post.status is PostStatus.POSTED:
        return PostView(PostStatus.POSTED, None)
    if post.status is PostStatus.FAILED:
        return PostView(PostStatus.FAILED, post.error)
    if post.status is PostStatus.POSTING:
        claimed = datetime.fromisoformat(post.claimed_at) if post.claimed_at else now
        if now - claimed > UNCONFIRMED_AFTER:
            return PostView(
                PostStatus.FAILED,
                "The network never confirmed this post. Check the account before posting it again.",
            )
        return PostView(PostStatus.SCHEDULED, None)
    if moment.status is MomentStatus.CANCELLED:
        return PostView(PostStatus.FAILED, "The moment was cancelled before this was posted.")
    return PostView(PostStatus.SCHEDULED, None)


def count_views(moment: Moment, posts: Iterable[Post], now: datetime) -> dict[str, int]:
    """How many of ``posts`` (of ``moment``) the organiser is shown as scheduled, posted and
    failed, keyed by those three ``PostStatus`` (each present, the words the JSON shows): the
    moment's summary and the metrics count the same way."""
    counts: dict[str, int] = dict.fromkeys((PostStatus.SCHEDULED, PostStatus.POSTED, PostStatus.FAILED), 0)
    for post in posts:
        counts[view_post(moment, post, now).status] += 1
    return counts

"""Publishing a moment: every due post at once, each exactly once, whatever is delivered twice.

Exactly once, by claiming: before a post is sent, its record moves ``scheduled → posting`` in
a conditional write (in a transaction that also checks the moment was not cancelled). Only the
invocation whose write succeeds sends it. A schedule delivered twice, a retried invocation or
one running alongside another finds the post already claimed and leaves it alone. A claim is never undone
by guesswork: if the network times out or the function dies mid-call, the post may have gone
out, so it is recorded as failed (or shown as unconfirmed) rather than sent again. That is
*at most once* per account, which is what "never twice" needs; the organiser sees every failure.

Rate limits (429) are the one answer that is safe to retry, because the network says it did not
post. A new one-time run is scheduled for just those posts at the time the network gave, then their
records go back to ``scheduled`` in the next *round* (never by sleeping in the function,
which would bill for waiting and could outlive its timeout). Claims name the round, so a late
duplicate of an earlier run cannot take a post meant for a later one. After ``MAX_ROUNDS``
rate limits a post fails. "Duplicate content" is the network's final word: recorded, not retried.

Posts land together because the slow part is done first for all accounts at once (loading
credentials, logging in), then every due post is claimed in one go (a request or two, not one
per post), and then every post is sent at once, a thread for each (a moment has at most
``MAX_POSTS``, and a post's time is spent waiting on the network). The spread between the first
and last post the networks confirmed in the moment's first run is recorded.
"""

import secrets
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.social.accounts import Account
from lobbykit.domain.social.errors import NetworkFailure, NetworkRateLimited, PostRefused
from lobbykit.domain.social.moments import (
    Delivery,
    Moment,
    MomentStatus,
    Post,
    PostStatus,
    ScheduledRun,
    Scheduler,
)

MAX_ROUNDS = 3
MIN_RETRY_DELAY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=24)

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Receipt:
    remote_id: str
    url: str | None


class Publisher(Protocol):
    def post(self, text: str, key: str) -> Receipt:
        """Post ``text``; ``key`` is unique to this moment and account (networks that take an
        idempotency key get it). Raises ``NetworkFailure`` subclasses."""
        ...


class Networks(Protocol):
    def publisher(self, account: Account) -> Publisher:
        """A publisher ready to post as ``account`` (credentials loaded, logged in)."""
        ...


class PublishStore(Protocol):
    def get(self, campaign: str, moment_id: str) -> Moment | None: ...

    def claim(self, moment: Moment, posts: Sequence[Post], round: int, now: datetime) -> set[int]:
        """Claim ``posts`` for ``round``; the indexes of those this run now holds."""
        ...

    def posted(self, moment: Moment, post: Post, receipt: Receipt, now: datetime) -> None: ...

    def failed(self, moment: Moment, post: Post, reason: str, now: datetime) -> None: ...

    def reschedule(self, moment: Moment, post: Post, round: int, at: datetime) -> None: ...

    def add_schedule(self, moment: Moment, name: str) -> None: ...

    def record_spread(self, moment: Moment, seconds: float) -> None: ...


class PostResult(StrEnum):
    """What one run did with one post."""

    POSTED = "posted"
    FAILED = "failed"
    RESCHEDULED = "rescheduled"  # rate-limited: a later run posts it
    SKIPPED = "skipped"  # another run holds it


@dataclass(frozen=True, slots=True)
class Outcome:
    account: str
    result: PostResult
    at: datetime | None = None
    retry_at: datetime | None = None
    error_type: str | None = None


@dataclass(frozen=True, slots=True)
class PublishReport:
    outcomes: tuple[Outcome, ...]
    spread_seconds: float | None
    retry: ScheduledRun | None

    def accounts(self, result: PostResult) -> list[str]:
        return [o.account for o in self.outcomes if o.result == result]


@dataclass(frozen=True, slots=True)
class _Prepared:
    post: Post
    publisher: Publisher | None
    failure: NetworkFailure | None


def publish(
    delivery: Delivery,
    *,
    store: PublishStore,
    accounts: Mapping[str, Account],
    networks: Networks,
    scheduler: Scheduler,
    clock: Clock,
) -> PublishReport:
    """Post every due post of the run's moment; see the module docstring for the guarantees."""
    moment = store.get(delivery.campaign, delivery.moment_id)
    if moment is None or moment.status is MomentStatus.CANCELLED:
        return PublishReport((), None, None)
    due = [
        post
        for post in moment.posts
        if post.status is PostStatus.SCHEDULED
        and post.round == delivery.round
        and (not delivery.accounts or post.account in delivery.accounts)
    ]
    if not due:
        return PublishReport((), None, None)
    with ThreadPoolExecutor(max_workers=len(due)) as pool:
        prepared = list(pool.map(lambda post: _prepare(post, accounts, networks), due))
        claimed = store.claim(moment, due, delivery.round, clock())
        outcomes = tuple(
            pool.map(lambda ready: _send(moment, ready, claimed, delivery.round, store, clock), prepared)
        )
    retry = _schedule_retry(moment, delivery.round, outcomes, store=store, scheduler=scheduler, clock=clock)
    spread = _spread(outcomes) if delivery.round == 0 else None
    if spread is not None:
        store.record_spread(moment, spread)
    return PublishReport(outcomes, spread, retry)


def _prepare(post: Post, accounts: Mapping[str, Account], networks: Networks) -> _Prepared:
    account = accounts.get(post.account)
    if account is None:
        return _Prepared(post, None, PostRefused("This account was removed before the moment."))
    try:
        return _Prepared(post, networks.publisher(account), None)
    except NetworkFailure as failure:  # e.g. a login refused or rate-limited: handled like a post's
        return _Prepared(post, None, failure)


def _send(
    moment: Moment, ready: _Prepared, claimed: set[int], round: int, store: PublishStore, clock: Clock
) -> Outcome:
    post = ready.post
    if post.index not in claimed:
        return Outcome(post.account, PostResult.SKIPPED)
    try:
        if ready.publisher is None:
            raise ready.failure or PostRefused("The account could not be used.")
        receipt = ready.publisher.post(post.text, f"{moment.moment_id}-{post.account}")
    except NetworkRateLimited as limited:
        return _rate_limited(moment, post, round, limited, store=store, now=clock())
    except NetworkFailure as failure:  # DuplicateContent included: the network's final word
        store.failed(moment, post, failure.message, clock())
        return Outcome(post.account, PostResult.FAILED)
    except Exception as error:  # an adapter's bug must not leave the claim dangling
        store.failed(moment, post, "Something went wrong on our side while posting.", clock())
        return Outcome(post.account, PostResult.FAILED, error_type=type(error).__name__)
    posted_at = clock()
    store.posted(moment, post, receipt, posted_at)
    return Outcome(post.account, PostResult.POSTED, at=posted_at)


def _rate_limited(
    moment: Moment, post: Post, round: int, limited: NetworkRateLimited, *, store: PublishStore, now: datetime
) -> Outcome:
    delay = max(MIN_RETRY_DELAY, timedelta(seconds=limited.retry_after))
    if round + 1 >= MAX_ROUNDS or delay > MAX_RETRY_DELAY:
        store.failed(moment, post, f"{limited.message} We tried {round + 1} times and gave up.", now)
        return Outcome(post.account, PostResult.FAILED)
    retry_at = (now + delay).replace(microsecond=0) + timedelta(seconds=1)
    return Outcome(post.account, PostResult.RESCHEDULED, retry_at=retry_at)


def _schedule_retry(
    moment: Moment,
    round: int,
    outcomes: Sequence[Outcome],
    *,
    store: PublishStore,
    scheduler: Scheduler,
    clock: Clock,
) -> ScheduledRun | None:
    """One new run for the rate-limited posts, at the latest time a network asked for.

    The run is created before the posts are handed back to it: if it cannot be created, the
    posts are failed with the reason rather than left waiting for a run that will never come.
    """
    waiting = {o.account: o.retry_at for o in outcomes if o.result is PostResult.RESCHEDULED and o.retry_at}
    if not waiting:
        return None
    run = ScheduledRun(
        name=f"{moment.moment_id}-r{round + 1}-{secrets.token_hex(3)}",
        at=max(waiting.values()),
        delivery=Delivery(moment.campaign, moment.moment_id, round + 1, tuple(waiting)),
    )
    posts = [post for post in moment.posts if post.account in waiting]
    try:
        scheduler.schedule(run)
    except UpstreamUnavailable:
        reason = "The network asked us to wait, and the retry could not be scheduled."
        for post in posts:
            store.failed(moment, post, reason, clock())
        return None
    store.add_schedule(moment, run.name)
    for post in posts:
        store.reschedule(moment, post, round + 1, run.at)
    return run


def _spread(outcomes: Sequence[Outcome]) -> float | None:
    times = [o.at for o in outcomes if o.result is PostResult.POSTED and o.at is not None]
    if not times:
        return None
    return (max(times) - min(times)).total_seconds()

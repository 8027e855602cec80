"""Publishing with in-memory fakes: claims, rounds of rate-limit retries, and failures kept final."""

import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lobbykit.application import wiring
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.domain.social.accounts import Account, Network
from lobbykit.domain.social.errors import DuplicateContent, NetworkFailure, NetworkRateLimited
from lobbykit.domain.social.moments import MAX_POSTS, Delivery, Moment, Post, PostStatus, ScheduledRun
from lobbykit.domain.social.publishing import MAX_ROUNDS, PostResult, Receipt, publish

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
NAMES = ("a", "b", "c")


class MemoryStore:
    """The conditional writes of the real store, on a dict."""

    def __init__(self, moment: Moment) -> None:
        self.moment = moment
        self.posts = {p.account: p for p in moment.posts}
        self.lock = threading.Lock()
        self.spread: float | None = None
        self.schedules: list[str] = []

    def get(self, campaign: str, moment_id: str) -> Moment:
        return replace(self.moment, posts=tuple(self.posts.values()), spread_seconds=self.spread)

    def claim(self, moment: Moment, posts: Sequence[Post], round: int, now: datetime) -> set[int]:
        claimed = set()
        with self.lock:
            for post in posts:
                current = self.posts[post.account]
                if current.status is PostStatus.SCHEDULED and current.round == round:
                    self.posts[post.account] = replace(
                        current, status=PostStatus.POSTING, claimed_at=now.isoformat()
                    )
                    claimed.add(post.index)
        return claimed

    def _move(self, post: Post, **changes: object) -> None:
        with self.lock:
            assert self.posts[post.account].status is PostStatus.POSTING
            self.posts[post.account] = replace(self.posts[post.account], **changes)  # type: ignore[arg-type]

    def posted(self, moment: Moment, post: Post, receipt: Receipt, now: datetime) -> None:
        self._move(post, status=PostStatus.POSTED, url=receipt.url, remote_id=receipt.remote_id)

    def failed(self, moment: Moment, post: Post, reason: str, now: datetime) -> None:
        self._move(post, status=PostStatus.FAILED, error=reason)

    def reschedule(self, moment: Moment, post: Post, round: int, at: datetime) -> None:
        self._move(post, status=PostStatus.SCHEDULED, round=round)

    def add_schedule(self, moment: Moment, name: str) -> None:
        self.schedules.append(name)

    def record_spread(self, moment: Moment, seconds: float) -> None:
        if self.spread is None:
            self.spread = seconds


class ScriptedPublisher:
    def __init__(self, answers: list[Exception | None], sent: list[str]) -> None:
        self.answers = answers
        self.sent = sent

    def post(self, text: str, key: str) -> Receipt:
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        self.sent.append(text)
        return Receipt(f"id-{len(self.sent)}", f"https://example.org/{key}")


class Networks:
    def __init__(self, scripts: dict[str, list[Exception | None]]) -> None:
        self.scripts = scripts
        self.sent: list[str] = []

    def publisher(self, account: Account) -> ScriptedPublisher:
        return ScriptedPublisher(self.scripts.setdefault(account.name, []), self.sent)


class Scheduler:
    def __init__(self, fail: bool = False) -> None:
        self.runs: list[ScheduledRun] = []
        self.fail = fail

    def schedule(self, run: ScheduledRun) -> None:
        if self.fail:
            raise UpstreamUnavailable("down")
        self.runs.append(run)

    def cancel(self, name: str) -> None:
        pass


def setup() -> tuple[MemoryStore, dict[str, Account]]:
    posts = tuple(Post(i, name, Network.X, f"Post of {name}") for i, name in enumerate(NAMES))
    moment = Moment("c", "m1", NOW, NOW.isoformat(), "o", posts, schedules=("m1",))
    accounts = {name: Account(name, Network.X, f"@{name}", NOW.isoformat()) for name in NAMES}
    return MemoryStore(moment), accounts


def run(
    store: MemoryStore,
    accounts: dict[str, Account],
    networks: Networks,
    scheduler: Scheduler,
    delivery: Delivery,
):  # type: ignore[no-untyped-def]
    return publish(
        delivery, store=store, accounts=accounts, networks=networks, scheduler=scheduler, clock=lambda: NOW
    )


def test_each_post_is_sent_once_however_often_the_run_is_delivered() -> None:
    store, accounts = setup()
    networks = Networks({})
    for _ in range(3):
        run(store, accounts, networks, Scheduler(), Delivery("c", "m1"))
    assert sorted(networks.sent) == ["Post of a", "Post of b", "Post of c"]
    assert store.spread == 0.0


def test_a_rate_limited_post_goes_to_the_next_round_and_only_that_round_can_send_it() -> None:
    store, accounts = setup()
    networks = Networks({"b": [NetworkRateLimited("slow down", retry_after=600)]})
    scheduler = Scheduler()
    report = run(store, accounts, networks, scheduler, Delivery("c", "m1"))
    [retry] = scheduler.runs
    assert retry.delivery == Delivery("c", "m1", 1, ("b",))
    assert retry.at == NOW + timedelta(seconds=601)
    assert report.accounts("rescheduled") == ["b"]
    assert store.schedules == [retry.name]

    run(store, accounts, networks, Scheduler(), Delivery("c", "m1"))  # a late duplicate of round 0
    assert networks.sent.count("Post of b") == 0
    run(store, accounts, networks, Scheduler(), retry.delivery)
    assert networks.sent.count("Post of b") == 1


def test_after_max_rounds_of_rate_limits_the_post_fails() -> None:
    store, accounts = setup()
    networks = Networks({"a": [NetworkRateLimited("slow", retry_after=1)] * MAX_ROUNDS})
    delivery = Delivery("c", "m1")
    for _ in range(MAX_ROUNDS):
        scheduler = Scheduler()
        run(store, accounts, networks, scheduler, delivery)
        delivery = scheduler.runs[0].delivery if scheduler.runs else delivery
    assert store.posts["a"].status is PostStatus.FAILED
    assert f"tried {MAX_ROUNDS} times" in (store.posts["a"].error or "")


def test_when_the_retry_cannot_be_scheduled_the_post_fails_rather_than_waiting_for_ever() -> None:
    store, accounts = setup()
    run(
        store,
        accounts,
        Networks({"c": [NetworkRateLimited("slow", 60)]}),
        Scheduler(fail=True),
        Delivery("c", "m1"),
    )
    assert store.posts["c"].status is PostStatus.FAILED
    assert "could not be scheduled" in (store.posts["c"].error or "")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (DuplicateContent("X refused this as a duplicate"), "duplicate"),
        (NetworkFailure("refused"), "refused"),
        (KeyError("bug in an adapter"), "Something went wrong on our side"),
    ],
)
def test_failures_are_recorded_once_and_never_retried(error: Exception, reason: str) -> None:
    store, accounts = setup()
    networks = Networks({"a": [error]})
    scheduler = Scheduler()
    report = run(store, accounts, networks, scheduler, Delivery("c", "m1"))
    run(store, accounts, networks, scheduler, Delivery("c", "m1"))
    assert store.posts["a"].status is PostStatus.FAILED
    assert reason in (store.posts["a"].error or "")
    assert scheduler.runs == []
    assert "Post of a" not in networks.sent
    assert report.accounts("failed") == ["a"]


def test_an_account_removed_before_the_moment_fails_with_a_reason() -> None:
    store, accounts = setup()
    del accounts["b"]
    run(store, accounts, Networks({}), Scheduler(), Delivery("c", "m1"))
    assert store.posts["b"].status is PostStatus.FAILED
    assert "removed" in (store.posts["b"].error or "")


class Gathering:
    """A network that answers no post until every post of the moment is in flight."""

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=10)

    def publisher(self, account: Account) -> "Gathering":
        return self

    def post(self, text: str, key: str) -> Receipt:
        self.barrier.wait()  # broken (and the post failed) if any post waits for a thread
        return Receipt(key, None)


def test_every_post_of_the_largest_moment_is_in_flight_at_once() -> None:
    names = [f"org-{n:03d}" for n in range(MAX_POSTS)]
    posts = tuple(Post(i, name, Network.MASTODON, f"Post of {name}") for i, name in enumerate(names))
    store = MemoryStore(Moment("c", "m1", NOW, NOW.isoformat(), "o", posts))
    accounts = {name: Account(name, Network.MASTODON, f"@{name}", NOW.isoformat()) for name in names}

    report = publish(
        Delivery("c", "m1"),
        store=store,
        accounts=accounts,
        networks=Gathering(MAX_POSTS),
        scheduler=Scheduler(),
        clock=lambda: NOW,
    )

    assert sorted(report.accounts("posted")) == names
    assert wiring.CONNECTIONS >= MAX_POSTS  # and each thread has a pooled connection


def test_two_runs_of_one_moment_at_once_send_each_post_once() -> None:
    store, accounts = setup()
    networks = Networks({})
    delivery = Delivery("c", "m1")
    runs = [
        threading.Thread(target=run, args=(store, accounts, networks, Scheduler(), delivery))
        for _ in range(2)
    ]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert sorted(networks.sent) == ["Post of a", "Post of b", "Post of c"]


def test_what_a_run_did_with_each_post_is_a_post_result() -> None:
    store, accounts = setup()
    networks = Networks({"b": [NetworkRateLimited("slow", 60)], "c": [NetworkFailure("refused")]})
    report = run(store, accounts, networks, Scheduler(), Delivery("c", "m1"))
    again = run(store, accounts, networks, Scheduler(), Delivery("c", "m1", 1, ("b",)))
    results = {o.account: o.result for o in report.outcomes}
    assert results == {"a": PostResult.POSTED, "b": PostResult.RESCHEDULED, "c": PostResult.FAILED}
    assert all(type(result) is PostResult for result in results.values())
    assert [o.result for o in again.outcomes] == [PostResult.POSTED]

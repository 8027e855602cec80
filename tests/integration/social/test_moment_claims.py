"""Claiming a moment's posts in moto: many posts to a transaction, each post by one run only."""

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from lobbykit.adapters.dynamo_retries import ATTEMPTS
from lobbykit.adapters.social import moment_store
from lobbykit.adapters.social.moment_store import DynamoMomentStore
from lobbykit.domain.errors import Busy
from lobbykit.domain.social.accounts import Network
from lobbykit.domain.social.moments import Moment, Post, PostStatus

NOW = datetime.now(UTC)
PER_TRANSACTION, SIZE = 4, 10  # three transactions (moto copies the table for each item in one)


class Conflicting:
    """A DynamoDB client whose first ``conflicts`` transactions meet another run's."""

    def __init__(self, client: Any, conflicts: int) -> None:
        self.client, self.conflicts, self.transactions = client, conflicts, 0

    def transact_write_items(self, **arguments: Any) -> Any:
        self.transactions += 1
        if self.conflicts:
            self.conflicts -= 1
            reasons = [{"Code": "None"}] + [{"Code": "TransactionConflict"}] * (
                len(arguments["TransactItems"]) - 1
            )
            raise ClientError(
                {"Error": {"Code": "TransactionCanceledException"}, "CancellationReasons": reasons},
                "TransactWriteItems",
            )
        return self.client.transact_write_items(**arguments)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


@pytest.fixture
def table(social_environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(moment_store, "CLAIMS_PER_TRANSACTION", PER_TRANSACTION)
    return social_environment["LOBBYKIT_SOCIAL_TABLE"]


@pytest.fixture
def moment(table: str) -> Moment:
    posts = tuple(Post(i, f"org-{i:03d}", Network.RECORDING, f"Post {i}") for i in range(SIZE))
    planned = Moment(
        "send-in-the-specialists", "m-claims", NOW + timedelta(hours=1), NOW.isoformat(), "o", posts
    )
    DynamoMomentStore(boto3.client("dynamodb"), table).create(planned)
    return planned


def statuses(store: DynamoMomentStore, moment: Moment) -> dict[PostStatus, int]:
    loaded = store.get(moment.campaign, moment.moment_id)
    assert loaded is not None
    counted: dict[PostStatus, int] = {}
    for post in loaded.posts:
        counted[post.status] = counted.get(post.status, 0) + 1
    return counted


def test_given_a_moment_of_several_transactions_when_two_runs_claim_it_then_the_first_holds_every_post(
    table: str, moment: Moment
) -> None:
    store = DynamoMomentStore(boto3.client("dynamodb"), table)

    first = store.claim(moment, moment.posts, 0, NOW)
    second = store.claim(moment, moment.posts, 0, NOW)

    assert first == set(range(SIZE))
    assert second == set()
    assert statuses(store, moment) == {PostStatus.POSTING: SIZE}


def test_posts_another_run_holds_are_left_out_and_the_rest_claimed(table: str, moment: Moment) -> None:
    store = DynamoMomentStore(boto3.client("dynamodb"), table)
    held = [moment.posts[0], moment.posts[5], moment.posts[9]]
    assert store.claim(moment, held, 0, NOW) == {0, 5, 9}

    claimed = store.claim(moment, moment.posts, 0, NOW)

    assert claimed == set(range(SIZE)) - {0, 5, 9}


def test_posts_of_another_round_are_not_claimed(table: str, moment: Moment) -> None:
    store = DynamoMomentStore(boto3.client("dynamodb"), table)
    assert store.claim(moment, moment.posts, 1, NOW) == set()
    assert statuses(store, moment) == {PostStatus.SCHEDULED: SIZE}


def test_a_cancelled_moment_has_nothing_to_claim(table: str, moment: Moment) -> None:
    store = DynamoMomentStore(boto3.client("dynamodb"), table)
    store.cancel(moment)

    assert store.claim(moment, moment.posts, 0, NOW) == set()
    assert statuses(store, moment) == {PostStatus.SCHEDULED: SIZE}


def test_a_conflict_with_another_transaction_is_tried_again(table: str, moment: Moment) -> None:
    client = Conflicting(boto3.client("dynamodb"), conflicts=2)

    pauses: list[float] = []

    claimed = DynamoMomentStore(client, table, sleep=pauses.append).claim(moment, moment.posts, 0, NOW)

    assert claimed == set(range(SIZE))
    assert client.transactions == 5  # two conflicts, then the three transactions
    assert len(pauses) == 2


def test_conflicts_that_do_not_clear_are_busy_having_claimed_nothing(table: str, moment: Moment) -> None:
    client = Conflicting(boto3.client("dynamodb"), conflicts=ATTEMPTS)
    store = DynamoMomentStore(client, table, sleep=lambda _: None)

    with pytest.raises(Busy, match="try again"):
        store.claim(moment, moment.posts, 0, NOW)
    assert statuses(store, moment) == {PostStatus.SCHEDULED: SIZE}

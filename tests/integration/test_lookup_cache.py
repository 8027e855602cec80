"""The lookup cache: shared through DynamoDB (moto), stale answers during outages, expiry."""

from datetime import UTC, datetime, timedelta

import boto3
import pytest

from lobbykit.adapters.cache import DynamoCache, MemoryCache, TieredCache
from lobbykit.adapters.cached_directory import FRESH_FOR, KEEP_FOR, CachedMembersDirectory
from lobbykit.adapters.http_json import HttpPolicy, JsonHttpClient
from lobbykit.adapters.members_api import SERVICE_NAME, MembersApi
from lobbykit.application.lookup import find_mp
from lobbykit.domain.errors import UpstreamUnavailable
from lobbykit.local.members_stub import Fault, MembersApiStub
from tests.support import members_data as seats

FAST = HttpPolicy(connect_timeout=0.2, read_timeout=0.3, deadline=1.0, attempts=2, backoff=0.01)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cold_function(resources: dict[str, str], members_stub: MembersApiStub, clock: Clock):
    """Builds the directory a freshly started Lambda would have: empty memory, shared table."""

    def build() -> CachedMembersDirectory:
        table = DynamoCache(boto3.client("dynamodb"), resources["CacheTable"])
        cache = TieredCache([MemoryCache(), table], clock=clock)
        return CachedMembersDirectory(MembersApi(JsonHttpClient(members_stub.url, SERVICE_NAME, FAST)), cache)

    return build


def test_a_cold_function_reuses_what_a_warm_one_cached_in_dynamodb(
    cold_function, members_stub: MembersApiStub
) -> None:
    find_mp(seats.INVERNESS, cold_function())
    assert members_stub.total_calls == 2
    answer = find_mp(seats.INVERNESS, cold_function())
    assert answer.mp is not None
    assert answer.mp.id == 5362
    assert answer.can_email
    assert members_stub.total_calls == 2


def test_a_stale_answer_is_served_while_the_api_is_down(
    cold_function, members_stub: MembersApiStub, clock: Clock
) -> None:
    find_mp(seats.WALES, cold_function())
    clock.now += timedelta(seconds=FRESH_FOR + 60)
    members_stub.fail(Fault(status=503))
    answer = find_mp(seats.WALES, cold_function())
    assert answer.mp is not None
    assert answer.mp.name == "Stephen Doughty"
    assert answer.can_email


def test_a_stale_answer_is_refreshed_when_the_api_is_up(
    cold_function, members_stub: MembersApiStub, clock: Clock
) -> None:
    find_mp(seats.WALES, cold_function())
    clock.now += timedelta(seconds=FRESH_FOR + 60)
    find_mp(seats.WALES, cold_function())
    assert members_stub.total_calls == 4


def test_nothing_is_served_once_the_entry_has_expired(
    cold_function, members_stub: MembersApiStub, clock: Clock
) -> None:
    find_mp(seats.WALES, cold_function())
    clock.now += timedelta(seconds=KEEP_FOR + 60)  # moto never deletes TTL items: the reader must check
    members_stub.fail(Fault(status=503))
    with pytest.raises(UpstreamUnavailable):
        find_mp(seats.WALES, cold_function())


def test_a_slow_api_times_out_into_upstream_unavailable(cold_function, members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(delay=1.5))
    started = datetime.now(UTC)
    with pytest.raises(UpstreamUnavailable, match="try again"):
        find_mp(seats.WALES, cold_function())
    assert datetime.now(UTC) - started < timedelta(seconds=1.5)


def test_the_table_carries_a_ttl_expiry_on_every_entry(
    cold_function, resources: dict[str, str], clock: Clock
) -> None:
    find_mp(seats.INVERNESS, cold_function())
    items = boto3.client("dynamodb").scan(TableName=resources["CacheTable"])["Items"]
    assert {item["pk"]["S"] for item in items} == {"postcode#IV35SS", "contact#5362"}
    expected = int((clock.now + timedelta(seconds=KEEP_FOR)).timestamp())
    assert all(int(item["expires_at"]["N"]) == expected for item in items)
    ttl = boto3.client("dynamodb").describe_time_to_live(TableName=resources["CacheTable"])
    assert ttl["TimeToLiveDescription"]["AttributeName"] == "expires_at"


def test_a_failing_cache_table_does_not_break_lookups(
    members_stub: MembersApiStub, aws: None, clock: Clock
) -> None:
    missing_table = DynamoCache(boto3.client("dynamodb"), "no-such-table")
    directory = CachedMembersDirectory(
        MembersApi(JsonHttpClient(members_stub.url, SERVICE_NAME, FAST)),
        TieredCache([missing_table], clock=clock),
    )
    assert find_mp(seats.INVERNESS, directory).constituency.id == 4483

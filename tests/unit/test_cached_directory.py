"""The caching policy, with an in-memory upstream: what costs a call and what does not."""

from datetime import UTC, datetime, timedelta

import pytest

from lobbykit.adapters.cache import MemoryCache, TieredCache
from lobbykit.adapters.cached_directory import NOT_FOUND_FOR, CachedMembersDirectory
from lobbykit.domain.errors import PostcodeNotFound, UpstreamUnavailable
from lobbykit.domain.members import Constituency, MemberOfParliament, MpContact, Representation
from lobbykit.domain.postcode import Postcode, parse_postcode

SEAT = Representation(
    Constituency(1, "Testshire"),
    MemberOfParliament(7, "Ms Test", "Labour", 15, None, is_active=True, status="Current Member"),
)


class FakeUpstream:
    def __init__(self) -> None:
        self.calls = 0
        self.down = False
        self.known = {"AB1 2CD": SEAT}

    def representation_for(self, postcode: Postcode) -> Representation:
        self.calls += 1
        if self.down:
            raise UpstreamUnavailable("down")
        if str(postcode) not in self.known:
            raise PostcodeNotFound("not known")
        return self.known[str(postcode)]

    def contact_for(self, member_id: int) -> MpContact:
        self.calls += 1
        if self.down:
            raise UpstreamUnavailable("down")
        return MpContact("ms.test@parliament.example", None, None)


@pytest.fixture
def now() -> list[datetime]:
    return [datetime(2026, 1, 1, tzinfo=UTC)]


@pytest.fixture
def upstream() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
def directory(upstream: FakeUpstream, now: list[datetime]) -> CachedMembersDirectory:
    return CachedMembersDirectory(upstream, TieredCache([MemoryCache()], clock=lambda: now[0]))


def test_a_fresh_answer_costs_no_call(directory: CachedMembersDirectory, upstream: FakeUpstream) -> None:
    postcode = parse_postcode("AB1 2CD")
    assert directory.representation_for(postcode) == SEAT
    assert directory.representation_for(postcode) == SEAT
    assert upstream.calls == 1


def test_contacts_are_cached_per_member(directory: CachedMembersDirectory, upstream: FakeUpstream) -> None:
    assert directory.contact_for(7).email == directory.contact_for(7).email == "ms.test@parliament.example"
    assert upstream.calls == 1


def test_not_found_is_remembered_briefly(
    directory: CachedMembersDirectory, upstream: FakeUpstream, now: list[datetime]
) -> None:
    postcode = parse_postcode("ZZ1 1ZZ")
    for _ in range(3):
        with pytest.raises(PostcodeNotFound):
            directory.representation_for(postcode)
    assert upstream.calls == 1
    now[0] += timedelta(seconds=NOT_FOUND_FOR + 1)
    with pytest.raises(PostcodeNotFound):
        directory.representation_for(postcode)
    assert upstream.calls == 2


def test_an_outage_with_nothing_cached_is_raised(
    directory: CachedMembersDirectory, upstream: FakeUpstream
) -> None:
    upstream.down = True
    with pytest.raises(UpstreamUnavailable):
        directory.representation_for(parse_postcode("AB1 2CD"))


def test_a_remembered_not_found_is_not_served_as_stale_during_an_outage(
    directory: CachedMembersDirectory, upstream: FakeUpstream, now: list[datetime]
) -> None:
    postcode = parse_postcode("ZZ1 1ZZ")
    with pytest.raises(PostcodeNotFound):
        directory.representation_for(postcode)
    now[0] += timedelta(seconds=NOT_FOUND_FOR - 1)
    upstream.down = True
    with pytest.raises(PostcodeNotFound):
        directory.representation_for(postcode)


def test_memory_is_bounded() -> None:
    memory = MemoryCache(max_entries=2)
    tiered = TieredCache([memory])
    for key in ("a", "b", "c"):
        tiered.put(key, {"k": key}, 60, 60)
    assert memory.get("a") is None
    assert memory.get("c") is not None

"""Hits counted per instance and written in batches: exact in one instance, bounded slack across."""

from collections import Counter

from lobbykit.adapters.batched_hit_counter import BatchedHitCounter
from lobbykit.domain.limits import Limit, Window

LIMIT = Limit("lookup", max_hits=10, window_seconds=600, message="slow down", batch=4)
EVERY_HIT = Limit("submit", max_hits=3, window_seconds=3600, message="later")


class SharedCounts:
    """The shared count's behaviour (atomic ADD, total returned), and a log of its writes."""

    def __init__(self) -> None:
        self.totals: Counter[tuple[str, str, int]] = Counter()
        self.writes: list[int] = []

    def hit(self, window: Window, hits: int = 1) -> int:
        key = (window.limit.name, window.subject, window.start)
        self.totals[key] += hits
        self.writes.append(hits)
        return self.totals[key]


def window(subject: str = "ip:203.0.113.9", limit: Limit = LIMIT, start: int = 0) -> Window:
    return Window(limit, subject, start)


def test_hits_are_written_together_once_a_batch_is_full() -> None:
    shared = SharedCounts()
    counter = BatchedHitCounter(shared)
    assert [counter.hit(window()) for _ in range(9)] == list(range(1, 10))
    assert shared.writes == [4, 4]  # the ninth waits for the next three


def test_a_limit_with_no_batch_writes_every_hit() -> None:
    shared = SharedCounts()
    counter = BatchedHitCounter(shared)
    for _ in range(3):
        counter.hit(window(limit=EVERY_HIT))
    assert shared.writes == [1, 1, 1]


def test_each_instance_sees_the_others_hits_when_it_writes() -> None:
    shared = SharedCounts()
    first, second = BatchedHitCounter(shared), BatchedHitCounter(shared)
    for _ in range(4):
        first.hit(window())
    assert [second.hit(window()) for _ in range(4)] == [1, 2, 3, 8]


def test_across_instances_a_client_gets_at_most_batch_minus_one_more_each() -> None:
    shared = SharedCounts()
    instances = [BatchedHitCounter(shared) for _ in range(3)]
    allowed = 0
    for turn in range(60):
        if instances[turn % 3].hit(window()) <= LIMIT.max_hits:
            allowed += 1
    assert LIMIT.max_hits <= allowed <= LIMIT.max_hits + 3 * (LIMIT.batch - 1)


def test_subjects_and_windows_are_counted_apart() -> None:
    counter = BatchedHitCounter(SharedCounts())
    counter.hit(window("ip:a"))
    assert counter.hit(window("ip:b")) == 1
    assert counter.hit(window("ip:a", start=600)) == 1


def test_an_unavailable_shared_count_lets_people_through() -> None:
    class Unavailable:
        def hit(self, window: Window, hits: int = 1) -> int:
            return 0

    counter = BatchedHitCounter(Unavailable())
    assert max(counter.hit(window()) for _ in range(100)) <= LIMIT.batch


def test_memory_is_bounded_and_holds_no_subject_in_the_clear() -> None:
    counter = BatchedHitCounter(SharedCounts(), capacity=5)
    for n in range(50):
        counter.hit(window(f"ip:198.51.100.{n}"))
    held = repr(counter.__dict__)
    assert len(counter._tallies) == 5
    assert "198.51.100" not in held

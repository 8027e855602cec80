"""Figure 6: 125 accounts posting through a network that takes 300 ms a post, in one moment.

The real publish handler runs against embedded moto, as the local stack does; the network is the
recording one (a DynamoDB write per post) after the latency. The spread is the handler's own
figure, from the first post the network confirmed to the last (``publishing._spread``): the
median over a few moments. Row 6b, a diagnosis, interleaved with it: the same moments with each
post's two DynamoDB writes (the recording network's and ``posted``) left out, so the difference
is what moto, answering in this process one request at a time, adds to the spread.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks.report import Figure
from benchmarks.stack import in_process_stack
from benchmarks.timing import interleaved_medians

ACCOUNTS, LATENCY, TARGET, MOMENTS = 125, 0.3, 5.0, 3


def texts() -> list[str]:
    """Each organisation's own wording: pairs of distinct openings, so no two posts are alike."""
    from tests.support.social import distinct_texts

    openings = [text.split(".")[0] for text in distinct_texts()]
    pairs = [(a, b) for a in openings for b in openings if a != b]
    return [f"{a}. {b}. {{{{ hashtag }}}}" for a, b in pairs[:: len(pairs) // ACCOUNTS][:ACCOUNTS]]


def clear_moments(table: str, campaign: str) -> None:
    """Delete the moments' posts and recordings, so each moment meets the same table (moto copies
    the whole table for each post a transaction claims: a growing table slows the bench, not the
    spread)."""
    import boto3

    from lobbykit.adapters.dynamo_items import query_all, to_item

    dynamodb = boto3.client("dynamodb")
    for partition in (f"MOMENT#{campaign}", "RECORDED"):
        keys = query_all(
            dynamodb,
            TableName=table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=to_item({":pk": partition}),
            ProjectionExpression="pk, sk",
        )
        for key in keys:
            dynamodb.delete_item(TableName=table, Key=to_item(key))


@contextmanager
def slow_network(writes: bool) -> Iterator[None]:
    """Every recorded post takes ``LATENCY``; without ``writes``, no post writes to DynamoDB."""
    from lobbykit.adapters.social.moment_store import DynamoMomentStore
    from lobbykit.adapters.social.recording import RecordingPublisher
    from lobbykit.domain.social.publishing import Receipt

    post, posted = RecordingPublisher.post, DynamoMomentStore.posted

    def slow_post(self: RecordingPublisher, text: str, key: str) -> Any:
        time.sleep(LATENCY)  # the network's answer takes this long
        return post(self, text, key) if writes else Receipt(key, None)

    RecordingPublisher.post = slow_post  # type: ignore[method-assign]
    if not writes:
        DynamoMomentStore.posted = lambda *arguments: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        RecordingPublisher.post, DynamoMomentStore.posted = post, posted  # type: ignore[method-assign]


def figures() -> list[Figure]:
    from tests.support.social import CAMPAIGN, Coalition, invoke_publish, organiser_token

    with in_process_stack():
        import os

        table = os.environ["LOBBYKIT_SOCIAL_TABLE"]
        coalition = Coalition(None, table, organiser_token())  # type: ignore[arg-type]
        for n in range(ACCOUNTS):
            answer = coalition.recording_account(f"org-{n:03d}")
            assert answer.status == 201, answer.body
        posts = [{"account": f"org-{n:03d}", "text": text} for n, text in enumerate(texts())]

        def spread(writes: bool) -> Callable[[], float]:
            def measure() -> float:
                scheduled = coalition.schedule(posts)
                assert scheduled.status == 201, scheduled.body
                moment = {"campaign": CAMPAIGN, "moment_id": scheduled.json()["moment_id"]}
                with slow_network(writes):
                    result = invoke_publish(moment)
                assert len(result["posted"]) == ACCOUNTS, result
                clear_moments(table, CAMPAIGN)
                return float(result["spread_seconds"])

            return measure

        medians = interleaved_medians({"spread": spread(True), "no writes": spread(False)}, MOMENTS)
    measured, without, sequential = medians["spread"], medians["no writes"], ACCOUNTS * LATENCY
    return [
        Figure(
            f"6. moment spread, {ACCOUNTS} accounts at {LATENCY * 1000:.0f} ms a post",
            f"{measured:.2f} s",
            f"{sequential:.1f} s (sequential)",
            measured / sequential,
            f"≤ {TARGET:.0f} s",
            measured <= TARGET,
        ),
        Figure(
            "6b. moment spread, each post's 2 DynamoDB writes left out",
            f"{without:.2f} s",
            f"{sequential:.1f} s (sequential)",
            without / sequential,
            "diagnosis",
            None,
        ),
    ]

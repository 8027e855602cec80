"""Figure 5: how a burst of confirmations spreads its DynamoDB writes over items.

Supporters, each from their own connection, write to their MPs through the API function: their
postcodes are spread over 650 seats (the stub's sample data plus synthetic seats, MPs of seven
parties), as a national campaign's are. Then every one of them presses the button in their
confirmation email (``POST /confirm/<token>``), and every item the DynamoDB client writes
meanwhile is counted per (table, key) (``benchmarks.writes``): the action, the rate-limit
counters, the campaign's counters and markers. The figure is the busiest item's share of those
writes: DynamoDB's throughput limits are per partition, so no item should take more than a
tenth of a burst. The submissions' spread is reported beside it.

Size. moto serves each request in 5 to 30 ms here (about 12 a confirmation) and scans the whole
table for each index query (2 a confirmation): 5,000 supporters took about a quarter of an
hour to submit, and their confirmations went at about 50 a minute, slowing as the table grew.
``make bench`` runs 300 (two to four minutes); ``python -m benchmarks.burst 5000`` runs the
full figure. The smaller run still answers the question. Every confirmation makes 7 to 9
writes, so an item written by every confirmation (a per-campaign counter, say) would take a
ninth of them (11%) or more, over the target at any size. Every other item is written by a share
of the confirmations that does not grow with the burst: one shard's (a sixteenth), one
action's, one client's, one seat's, one MP's hour. As the burst grows, the busiest share
tends to a shard's totals item's two writes in 16 x 7 (1.8%), plus the unevenness between
shards, which shrinks: 1.9% at 300 (and, before the per-MP hourly cap added a write, 1.9 and
2.2% at 300, 1.8% at 500, 2.2% at 1,000: fewer first-time seat markers per confirmation once
the 650 seats are reached).

moto's transactions copy every table they touch, which makes thousands of them quadratic, so
the run switches those rollback copies off (``benchmarks.moto_transactions``): no transaction in
it is meant to fail, and it checks that none did, that every confirmation sent its letter, and
that the metrics route counts every one. The time reported beside the writes is moto's, not
DynamoDB's.
"""

import json
import os
import sys
import time
from typing import Any
from unittest import mock

from benchmarks.moto_transactions import without_rollback_copies
from benchmarks.report import Figure
from benchmarks.seats import PARTIES, dataset
from benchmarks.stack import client_ip, in_process_stack
from benchmarks.writes import Writes, counting_writes

SUPPORTERS, SEATS, TARGET = 300, 650, 0.10
AREAS = ("LS", "M", "B", "S", "L")
SENT = "Your letter has been sent"


def postcodes() -> list[str]:
    """Two postcodes a seat: 5 areas x 26 districts x 10 sectors."""
    return [
        f"{area}{district} {sector}AA" for area in AREAS for district in range(1, 27) for sector in range(10)
    ]


def figures(supporters: int = SUPPORTERS) -> list[Figure]:
    quiet = {"POWERTOOLS_METRICS_DISABLED": "true"}  # no metric line on stdout per request
    seats = dataset(SEATS, postcodes(), PARTIES)
    with mock.patch.dict(os.environ, quiet), in_process_stack(seats), without_rollback_copies():
        submissions, confirmations, elapsed = _burst(supporters)
    return [
        _figure(f"5. burst, busiest item's share of {supporters:,} confirmations' writes", confirmations),
        _figure(f"5b. burst, busiest item's share of {supporters:,} submissions' writes", submissions),
        Figure(
            f"5c. burst, {supporters:,} confirmations in moto (not DynamoDB's speed)",
            f"{elapsed:.0f} s",
            "",
            None,
            "reported",
            None,
        ),
    ]


def _burst(supporters: int) -> tuple[Writes, Writes, float]:
    """Every supporter submits, then every one confirms: the writes of each phase, and its time."""
    from tests.support.api import call_api
    from tests.support.e_action import CAMPAIGN, confirmation_links, supporter
    from tests.support.metrics import metrics_json, organiser_token

    from lobbykit.application import wiring

    codes, client = postcodes(), wiring.dynamodb_client()
    with counting_writes(client) as submissions:
        for n in range(supporters):
            body = supporter(email=f"supporter{n}@example.com", postcode=codes[n % len(codes)])
            answer = call_api("POST", f"/api/campaigns/{CAMPAIGN}/actions", body=body, source_ip=client_ip(n))
            assert answer.status == 202, answer.body
    links = confirmation_links()
    assert len(links) == supporters
    started = time.perf_counter()
    with counting_writes(client) as confirmations:
        for n, link in enumerate(links):
            answer = call_api("POST", link, source_ip=client_ip(n))
            assert answer.status == 200, answer.body
            assert SENT in answer.body, answer.body
    elapsed = time.perf_counter() - started
    assert submissions.failures == confirmations.failures == 0
    assert metrics_json(organiser_token())["sent"] == supporters
    return submissions, confirmations, elapsed


def _figure(name: str, writes: Writes) -> Figure:
    (table, key), most = writes.busiest()
    share = most / writes.total
    return Figure(
        name,
        f"{share:.1%} ({most:,} writes: {_described(table, key)})",
        f"{writes.total:,} writes on {len(writes.per_item):,} items",
        None,
        f"≤ {TARGET:.0%}",
        share <= TARGET,
    )


def _described(table: str, key: str) -> str:
    """The busiest item: its table and key values (hashes cut short)."""
    values: dict[str, Any] = {name: next(iter(value.values())) for name, value in json.loads(key).items()}
    return f"{table} " + " ".join(str(value)[:40] for value in values.values())


def main() -> int:
    """``python -m benchmarks.burst [SUPPORTERS]``: this figure alone, at any size."""
    from benchmarks.environment import use_fake_aws
    from benchmarks.report import table

    use_fake_aws()
    supporters = int(sys.argv[1]) if len(sys.argv) > 1 else SUPPORTERS
    sys.stdout.write(table(figures(supporters)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What reading a campaign's metrics costs as its letters grow: requests, items and bytes read.

Run it (no AWS needed: embedded moto, tables from template.yaml):

    .venv/bin/python -m benchmarks.metrics_read_cost

Letters are spread over the 650 real seats, 60 days and 8 parties, and added as the counters
would hold them (the store's own ``ADD`` updates of each shard's rollups, however many letters
they count), so a million letters need no million requests. The metrics route is then read
from a cold function, counting what its DynamoDB client reads (``tests.support.metrics.counting_reads``): one
BatchGetItem of the 32 rollup items (two a shard) and one Query of the campaign's social moments
(none here), whatever the letters. Bytes (of the JSON answers) grow with the distinct rows, not
the letters, and stop growing once every seat and day has one. On this machine (2026-11-29):

       letters  seats  requests  items read  bytes read
           100    100         2          30      16,529
         1,000    650         2          32     109,524
        10,000    650         2          32     574,590
       100,000    650         2          32     895,436
     1,000,000    650         2          32     905,666

(100 letters left one shard without a letter: 30 items.) It takes about six minutes here, most
of it moto and hashing a million letter ids.
"""

import os
import sys
from collections import defaultdict
from datetime import date, timedelta

from benchmarks.environment import use_fake_aws

LETTERS = (100, 1_000, 10_000, 100_000, 1_000_000)
DAYS, PARTIES, SEATS = 60, 8, 650
CAMPAIGN = "send-in-the-specialists"
FIRST_DAY = date(2026, 1, 1)
PER_UPDATE = 50  # counters per ADD: DynamoDB caps an update expression at 4 KB


def main() -> int:
    from moto import mock_aws

    use_fake_aws()
    with mock_aws():
        provision()
        headings = f"{'letters':>10}  {'seats':>5}  {'requests':>8}  {'items read':>10}  {'bytes read':>10}"
        sys.stdout.write(headings + "\n")
        added = 0
        for letters in LETTERS:
            add_letters(range(added, letters))
            added = letters
            requests, items, size = read_cost()
            seats = min(letters, SEATS)
            sys.stdout.write(f"{letters:>10,}  {seats:>5}  {requests:>8}  {items:>10,}  {size:>10,}\n")
    return 0


def provision() -> None:
    """The template's tables in (already started) moto, and the API function's environment."""
    from lobbykit.application import wiring
    from lobbykit.local import cloudformation

    template = cloudformation.load_template()
    names = cloudformation.provision(template, prefix="bench")
    os.environ.update(cloudformation.function_environment(template, "ApiFunction", names))
    wiring.reset()


def add_letters(numbers: range) -> None:
    """Letter ``n`` goes to seat ``n % 650`` on day ``n % DAYS``, counted on shard ``hash(n)``."""
    from lobbykit.application import wiring
    from lobbykit.domain.counting import Counting, Increment, shard_of

    rows: defaultdict[tuple[int, str, str | None], int] = defaultdict(int)
    for n in numbers:
        shard = shard_of(f"letter-{n}")
        rows[shard, "totals", None] += 1
        rows[shard, f"constituency#{n % SEATS}", f"Seat {n % SEATS}"] += 1
        rows[shard, f"day#{FIRST_DAY + timedelta(days=n % DAYS)}", None] += 1
        rows[shard, f"party#Party {n % PARTIES}", None] += 1
    by_shard: defaultdict[int, list[Increment]] = defaultdict(list)
    for (shard, row, label), count in rows.items():
        by_shard[shard].append(Increment(row, "sent", count, label))
    store, client = wiring.metrics_store(), wiring.dynamodb_client()
    for shard, increments in by_shard.items():
        for first in range(0, len(increments), PER_UPDATE):
            counting = Counting(CAMPAIGN, shard, tuple(increments[first : first + PER_UPDATE]))
            # The store's own updates, applied alone: moto copies every table for each
            # transaction, which would make this benchmark measure moto rather than the read.
            for update in store._update(counting, []):
                client.update_item(**update["Update"])


def read_cost() -> tuple[int, int, int]:
    """Requests, items and (JSON) bytes the metrics route reads, from a cold function."""
    from tests.support.metrics import counting_reads, metrics_json, organiser_token

    from lobbykit.application import wiring

    wiring.reset()
    token = organiser_token("benchmark")
    with counting_reads() as reads:
        metrics_json(token, CAMPAIGN)
    return sum(reads.requests.values()), reads.items, reads.bytes


if __name__ == "__main__":
    sys.exit(main())

"""What reading a campaign's metrics costs as its letters grow: requests, items and bytes read.

Run it (no AWS needed: embedded moto, tables from template.yaml):

    .venv/bin/python benchmarks/metrics_read_cost.py

Letters are spread over the 650 real seats, 60 days and 8 parties, and added as the counters
would hold them (the store's own ADD per row, however many letters it counts), so a million
letters take seconds. Reading is always 16 queries (one per shard); the items read
grow only with the distinct rows (at most 16 x (1 + 650 + days + parties + refusal reasons)) and
stop growing there, however many letters follow. Nothing is scanned. It takes a few minutes
(moto answers each of the ~40,000 row updates through boto3). On this machine (2026-11-29):

       letters  seats  requests  items read  bytes read
           100    100        16         288      30,236
         1,000    650        16       1,771     198,729
        10,000    650        16       7,646     928,503
       100,000    650        16      11,504   1,419,728
     1,000,000    650        16      11,504   1,429,958
"""

import os
import sys
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from moto import mock_aws

LETTERS = (100, 1_000, 10_000, 100_000, 1_000_000)
DAYS, PARTIES = 60, 8
CAMPAIGN = "send-in-the-specialists"
FIRST_DAY = date(2026, 1, 1)


def main() -> int:
    os.environ.update(
        AWS_ACCESS_KEY_ID="benchmark",
        AWS_SECRET_ACCESS_KEY="benchmark",  # noqa: S106 - moto's placeholder, never real AWS
        AWS_DEFAULT_REGION="eu-west-2",
    )
    with mock_aws():
        from lobbykit.handlers import services
        from lobbykit.local import cloudformation

        names = cloudformation.provision(cloudformation.load_template(), prefix="bench")
        os.environ["LOBBYKIT_METRICS_TABLE"] = names["MetricsTable"]
        services.reset()
        sys.stdout.write(
            f"{'letters':>10}  {'seats':>5}  {'requests':>8}  {'items read':>10}  {'bytes read':>10}\n"
        )
        added = 0
        for letters in LETTERS:
            add_letters(range(added, letters))
            added = letters
            requests, items, size = read_cost()
            seats = min(letters, 650)
            sys.stdout.write(f"{letters:>10,}  {seats:>5}  {requests:>8}  {items:>10,}  {size:>10,}\n")
    return 0


def add_letters(numbers: range) -> None:
    """Letter ``n`` goes to seat ``n % 650`` on day ``n % DAYS``, counted on shard ``hash(n)``."""
    from lobbykit.domain.counting import Counting, Increment, shard_of
    from lobbykit.handlers import services

    rows: defaultdict[tuple[int, str, str | None], int] = defaultdict(int)
    for n in numbers:
        shard = shard_of(f"letter-{n}")
        rows[shard, "totals", None] += 1
        rows[shard, f"constituency#{n % 650}", f"Seat {n % 650}"] += 1
        rows[shard, f"day#{FIRST_DAY + timedelta(days=n % DAYS)}", None] += 1
        rows[shard, f"party#Party {n % PARTIES}", None] += 1
    by_shard: defaultdict[int, list[Increment]] = defaultdict(list)
    for (shard, row, label), count in rows.items():
        by_shard[shard].append(Increment(row, "sent", count, label))
    store, client = services.metrics_store(), services.dynamodb_client()
    for shard, increments in by_shard.items():
        # The store's own row updates, each applied alone: moto copies every table for each
        # transaction, which would make this benchmark measure moto rather than the read.
        for update in store._updates(Counting(CAMPAIGN, shard, tuple(increments)), []):
            client.update_item(**update["Update"])


def read_cost() -> tuple[int, int, int]:
    """Requests, items and (JSON) bytes the metrics read takes, from a cold function."""
    from lobbykit.handlers import services

    services.reset()
    seen = {"requests": 0, "items": 0, "bytes": 0}

    def after_query(parsed: dict[str, Any], **_: Any) -> None:
        seen["requests"] += 1
        seen["items"] += int(parsed["Count"])
        seen["bytes"] += len(repr(parsed["Items"]))

    def no_scan(**_: Any) -> None:
        raise AssertionError("the metrics read scanned the table")

    client = services.dynamodb_client()
    client.meta.events.register("after-call.dynamodb.Query", after_query)
    client.meta.events.register("before-call.dynamodb.Scan", no_scan)
    services.metrics().of(CAMPAIGN)
    return seen["requests"], seen["items"], seen["bytes"]


if __name__ == "__main__":
    sys.exit(main())

"""``make load``: a spike of supporters against a local stack, then proof nothing was lost.

Starts its own local stack (offline data, a free port, loopback only), runs the spike for a
bounded time and number of supporters, stops the stack, prints the report, and exits 1 on any
loss or duplicate.
"""

import argparse
import logging
import os
import sys
from typing import Any

from benchmarks.load.driver import Plan, run
from benchmarks.load.mailbox import Mailbox
from benchmarks.load.report import report
from benchmarks.load.verify import verify
from lobbykit.local.stack import LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make load", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help="supporters at a time (default 50)")
    parser.add_argument("--seconds", type=float, default=60, help="how long new supporters arrive")
    parser.add_argument("--max-supporters", type=int, default=3000, help="stop after this many")
    options = parser.parse_args(argv)
    os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"  # a line per request would swamp the report
    logging.getLogger().setLevel(logging.WARNING)
    with LocalStack(port=0, offline=True) as stack:
        plan = Plan(
            stack.url,
            _postcodes_with_an_mp(stack.url),
            options.users,
            options.seconds,
            options.max_supporters,
        )
        results = run(plan, Mailbox())
        verdict = verify(results.journeys, _action_records(), stack.outbox())
    print(report(results, verdict, options.users))  # noqa: T201 - the command's output
    return 0 if verdict.ok else 1


def _postcodes_with_an_mp(url: str) -> list[str]:
    """The bundled postcodes whose MP can be emailed (a vacant seat or the Speaker cannot)."""
    import json
    import urllib.request

    from lobbykit.local.members_stub import load_sample_dataset

    usable = []
    for compact in load_sample_dataset()["postcodes"]:
        postcode = f"{compact[:-3]} {compact[-3:]}"
        with urllib.request.urlopen(f"{url}/api/mp?postcode={compact}", timeout=30) as answer:  # noqa: S310
            mp = json.load(answer).get("mp")
        if mp and mp["can_email"] and not mp["is_speaker"]:
            usable.append(postcode)
    return usable


def _action_records() -> list[dict[str, Any]]:
    import boto3

    from lobbykit import config
    from lobbykit.adapters.dynamo_items import from_item

    table = config.required("LOBBYKIT_ACTIONS_TABLE", config.settings().actions_table)
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
    records = (from_item(item) for page in pages for item in page["Items"])
    return [record for record in records if record["pk"].startswith("action#")]


if __name__ == "__main__":
    sys.exit(main())

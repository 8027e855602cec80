"""Figure 4: DynamoDB items the metrics route reads with 100 and with 20,000 letters.

Letters are added as the sharded rollups would hold them (``metrics_read_cost.add_letters``),
then the real route is read from a cold function, counting every item its DynamoDB client reads.
The bytes read are reported beside it: they grow with the distinct seats and days reached (the
breakdown items' size), which the figure's item count does not show.
"""

from benchmarks.metrics_read_cost import add_letters, provision, read_cost
from benchmarks.report import Figure

SMALL, LARGE, TARGET = 100, 20_000, 1.10


def figures() -> list[Figure]:
    from moto import mock_aws

    from lobbykit.application import wiring

    with mock_aws():
        provision()
        add_letters(range(SMALL))
        _, small, small_bytes = read_cost()
        add_letters(range(SMALL, LARGE))
        _, large, large_bytes = read_cost()
        wiring.reset()
    ratio = large / small
    return [
        Figure(
            f"4a. metrics read cost, items read at {LARGE:,} letters",
            f"{large:,} items",
            f"{small:,} items at {SMALL} letters",
            ratio,
            f"≤ {TARGET:.2f}x",
            ratio <= TARGET,
        ),
        Figure(
            f"4b. metrics read cost, bytes read at {LARGE:,} letters",
            f"{large_bytes:,} bytes",
            f"{small_bytes:,} bytes at {SMALL} letters",
            large_bytes / small_bytes,
            "reported",
            None,
        ),
    ]

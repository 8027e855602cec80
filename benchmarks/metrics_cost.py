"""Figure 4: DynamoDB items the metrics read takes with 100 and with 20,000 letters.

Reuses ``metrics_read_cost`` (the metrics branch's benchmark): letters added as the sharded
counters would hold them, then one cold read of the campaign's metrics, counting items read.
"""

import os

from benchmarks.metrics_read_cost import add_letters, read_cost
from benchmarks.report import Figure

SMALL, LARGE, TARGET = 100, 20_000, 1.10


def figures() -> list[Figure]:
    from moto import mock_aws

    from lobbykit.handlers import services
    from lobbykit.local import cloudformation

    with mock_aws():
        template = cloudformation.load_template()
        names = cloudformation.provision(template, prefix="bench")
        os.environ.update(cloudformation.function_environment(template, "ApiFunction", names))
        services.reset()
        add_letters(range(SMALL))
        small = read_cost()[1]
        add_letters(range(SMALL, LARGE))
        large = read_cost()[1]
        services.reset()
    ratio = large / small
    return [
        Figure(
            f"4. metrics read cost, items read at {LARGE:,} letters",
            f"{large:,} items",
            f"{small:,} items at {SMALL} letters",
            ratio,
            f"≤ {TARGET:.2f}x",
            ratio <= TARGET,
        )
    ]

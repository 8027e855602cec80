"""``python -m benchmarks``: run every figure and print one table."""

import sys

from benchmarks import burst, cold_start, memory, metrics_cost, moment_spread, upstream, warm_path
from benchmarks.environment import use_fake_aws
from benchmarks.report import table


def main() -> int:
    use_fake_aws()
    stages = [
        cold_start,
        warm_path,
        upstream,
        metrics_cost,
        burst,
        moment_spread,
        memory,
    ]
    figures = []
    for stage in stages:
        sys.stderr.write(f"measuring {stage.__name__}...\n")
        figures += stage.figures()
    sys.stdout.write(table(figures) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

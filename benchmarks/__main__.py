"""``python -m benchmarks``: run every figure and print one table."""

import sys

from benchmarks import cold_start
from benchmarks.environment import use_fake_aws
from benchmarks.report import table


def main() -> int:
    use_fake_aws()
    figures = [*cold_start.figures()]
    sys.stdout.write(table(figures) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Figures that wait for the metrics branch (its sharded counters and read-cost benchmark)."""

from benchmarks.report import Figure


def figures() -> list[Figure]:
    return [
        Figure(
            "4. metrics read cost, items read at 20,000 vs 100 letters",
            "needs the metrics branch",
            "",
            None,
            "≤ 1.10x",
            None,
        ),
        Figure(
            "5. burst, share of 5,000 confirmations' writes on one item",
            "needs the metrics branch",
            "",
            None,
            "≤ 10%",
            None,
        ),
    ]

"""The figure not measured yet: 5,000 confirmations through moto take far longer than a benchmark
run may (moto copies the whole table for each DynamoDB transaction)."""

from benchmarks.report import Figure


def figures() -> list[Figure]:
    return [
        Figure(
            "5. burst, share of 5,000 confirmations' writes on one item",
            "not measured yet",
            "",
            None,
            "≤ 10%",
            None,
        ),
    ]

"""One row per figure, and the table ``make bench`` prints."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    measured: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        met = {True: "yes", False: "NO", None: "n/a"}[self.met]
        return [self.name, self.measured, self.baseline, ratio, self.target, met]


HEADINGS = ["figure", "measured", "baseline", "ratio", "target", "met?"]


def table(figures: list[Figure]) -> str:
    """A Markdown table, readable in a terminal and pasted as is into docs/performance.md."""
    rows = [HEADINGS, *(figure.cells() for figure in figures)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADINGS))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])

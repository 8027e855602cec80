"""What the organiser page shows, shaped for its template: totals, charts and a sortable table.

Sorting happens on the server through plain links, so the table works without JavaScript and
the address says how it is sorted.
"""

from dataclasses import dataclass
from typing import Any

from lobbykit.application.metrics import REFUSAL_REASONS, totals
from lobbykit.domain.metrics import CampaignMetrics, SortKey, sort_constituencies
from lobbykit.domain.seats import SEATS, SeatMap
from lobbykit.handlers.charts import day_chart, hex_map

SORTS: dict[str, tuple[str, str]] = {  # column → (its heading, the order a first click gives)
    "name": ("Constituency", "asc"),
    "sent": ("Letters sent", "desc"),
}
ORDER_WORDS = {("name", "asc"): "A to Z", ("name", "desc"): "Z to A"}


@dataclass(frozen=True, slots=True)
class SortLink:
    key: str
    label: str
    href: str
    aria_sort: str | None  # "ascending" or "descending" on the column the table is sorted by
    action: str  # what following the link does, for screen readers


@dataclass(frozen=True, slots=True)
class SeatRow:
    name: str
    nation: str
    sent: int


def dashboard(
    metrics: CampaignMetrics, seats: SeatMap, sort: str | None, order: str | None
) -> dict[str, Any]:
    key: SortKey = "sent" if sort == "sent" else "name"
    descending = order == "desc" if order in ("asc", "desc") else SORTS[key][1] == "desc"
    rows = sort_constituencies(metrics.by_constituency, key, descending)
    return {
        "metrics": metrics,
        "totals": totals(metrics),
        "chart": day_chart(metrics.by_day),
        "map": hex_map(seats, metrics.by_constituency),
        "seat_rows": [SeatRow(row.name, _nation(seats, row.name), row.sent) for row in rows],
        "sort_links": [_sort_link(metrics.campaign, column, key, descending) for column in SORTS],
        "seats": SEATS,
        "refusal_reasons": REFUSAL_REASONS,
    }


def _sort_link(campaign: str, column: str, key: str, descending: bool) -> SortLink:
    label, first_order = SORTS[column]
    current = "desc" if descending else "asc"
    next_order = ("asc" if current == "desc" else "desc") if column == key else first_order
    words = ORDER_WORDS.get((column, next_order), "most first" if next_order == "desc" else "fewest first")
    return SortLink(
        key=column,
        label=label,
        href=f"/organiser/{campaign}?sort={column}&order={next_order}#constituencies",
        aria_sort=("descending" if descending else "ascending") if column == key else None,
        action=f"sort {words}",
    )


def _nation(seats: SeatMap, name: str) -> str:
    seat = seats.find(name)
    return seat.nation if seat else "Not on the map"

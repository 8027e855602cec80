"""The organiser page's charts as geometry for server-rendered SVG: no JavaScript, no inline styles.

Colours are CSS classes (``level-0`` to ``level-4``), so a strict Content Security Policy needs
no ``'unsafe-inline'``; every number a chart shows is also in a table on the page.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from lobbykit.domain.metrics import ConstituencyCount, DayCount
from lobbykit.domain.seats import SeatMap

CHART_WIDTH, CHART_HEIGHT = 360, 200
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 4, 356, 26, 172
HEX_RADIUS = 10
LEVELS = 4  # shades of purple for seats with letters; level 0 is none yet


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the day, as people write it: "29 Nov 2026"
    sent: int


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    baseline: int
    peak: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Hexagon:
    code: str
    name: str
    x: float
    y: float
    level: int
    sent: int


@dataclass(frozen=True, slots=True)
class LegendEntry:
    level: int
    label: str


@dataclass(frozen=True, slots=True)
class HexMap:
    width: float
    height: float
    outline: str  # the points of one hexagon around (0, 0), for <polygon>
    hexagons: tuple[Hexagon, ...]
    legend: tuple[LegendEntry, ...]
    reached: int
    off_map: tuple[ConstituencyCount, ...]  # letters to seats whose names match no hex


def day_chart(days: Sequence[DayCount]) -> BarChart:
    """One bar a day, the tallest reaching the top; a day with no letters has no bar."""
    peak = max((day.sent for day in days), default=0)
    step = (PLOT_RIGHT - PLOT_LEFT) / max(len(days), 1)
    gap = step * 0.2 if step > 4 else 0.0
    plot_height = PLOT_BOTTOM - PLOT_TOP
    bars = []
    for n, day in enumerate(days):
        height = plot_height * day.sent / peak if peak else 0.0
        bars.append(
            Bar(
                x=round(PLOT_LEFT + n * step + gap / 2, 2),
                y=round(PLOT_BOTTOM - height, 2),
                width=round(step - gap, 2),
                height=round(height, 2),
                label=f"{day.day.day} {day.day:%b %Y}",
                sent=day.sent,
            )
        )
    return BarChart(
        CHART_WIDTH, CHART_HEIGHT, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM, peak, tuple(bars)
    )


def hex_map(seats: SeatMap, constituencies: Sequence[ConstituencyCount]) -> HexMap:
    """Every seat in its hex (odd-r layout: odd rows sit half a hex to the right; north is up),
    shaded by letters sent. Constituencies found by name; the rest are listed, not drawn."""
    sent: defaultdict[str, int] = defaultdict(int)
    off_map = []
    for row in constituencies:
        seat = seats.find(row.name)
        if seat is None:
            off_map.append(row)
        else:
            sent[seat.code] += row.sent
    peak = max(sent.values(), default=0)
    across, down = math.sqrt(3) * HEX_RADIUS, 1.5 * HEX_RADIUS
    first_q = min(seat.q for seat in seats.seats)
    top_r = max(seat.r for seat in seats.seats)
    hexagons = tuple(
        Hexagon(
            code=seat.code,
            name=seat.name,
            x=round(across / 2 + (seat.q - first_q + (seat.r % 2) / 2) * across, 2),
            y=round(HEX_RADIUS + (top_r - seat.r) * down, 2),
            level=_level(sent[seat.code], peak),
            sent=sent[seat.code],
        )
        for seat in seats.seats
    )
    return HexMap(
        width=round(max(h.x for h in hexagons) + across / 2, 2),
        height=round(max(h.y for h in hexagons) + HEX_RADIUS, 2),
        outline=_hexagon_points(HEX_RADIUS * 0.92),
        hexagons=hexagons,
        legend=_legend(peak),
        reached=sum(1 for n in sent.values() if n),
        off_map=tuple(off_map),
    )


def _level(sent: int, peak: int) -> int:
    """0 for none; else 1 to ``LEVELS``, each a quarter of the way to the busiest seat."""
    return 0 if not sent else -(-sent * LEVELS // peak)


def _legend(peak: int) -> tuple[LegendEntry, ...]:
    entries = [LegendEntry(0, "No letters yet")]
    for level in range(1, LEVELS + 1):
        low, high = (level - 1) * peak // LEVELS + 1, level * peak // LEVELS
        if low <= high:
            span = f"{low:,}" if low == high else f"{low:,} to {high:,}"
            entries.append(LegendEntry(level, f"{span} letter{'' if high == 1 else 's'}"))
    return tuple(entries)


def _hexagon_points(radius: float) -> str:
    """A pointy-topped hexagon: corners at -90°, -30°, 30°, 90°, 150° and 210°."""
    corners = (math.radians(60 * n - 90) for n in range(6))
    return " ".join(f"{radius * math.cos(a):.2f},{radius * math.sin(a):.2f}" for a in corners)

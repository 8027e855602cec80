"""The organiser page's chart and hex map geometry."""

from datetime import date

import pytest

from lobbykit.domain.metrics import ConstituencyCount, DayCount
from lobbykit.domain.seats import Seat, SeatMap
from lobbykit.handlers.charts import HEX_RADIUS, PLOT_BOTTOM, PLOT_TOP, day_chart, hex_map

SEATS = SeatMap(
    [
        Seat("E1", "Even Row West", q=10, r=-2),
        Seat("E2", "Even Row East", q=11, r=-2),
        Seat("E3", "Odd Row", q=10, r=-1),  # north of the even row, so drawn above it
        Seat("W1", "Montgomeryshire and Glyndŵr", q=12, r=-3),
    ],
    {},
)


def test_bars_rise_to_the_busiest_day_and_a_quiet_day_has_none() -> None:
    chart = day_chart(
        [DayCount(date(2026, 11, 27), 4), DayCount(date(2026, 11, 28), 0), DayCount(date(2026, 11, 29), 2)]
    )
    tallest, quiet, half = chart.bars
    assert chart.peak == 4
    assert (tallest.y, tallest.height) == (PLOT_TOP, PLOT_BOTTOM - PLOT_TOP)
    assert quiet.height == 0
    assert half.height == pytest.approx((PLOT_BOTTOM - PLOT_TOP) / 2)
    assert tallest.x < quiet.x < half.x
    assert [bar.label for bar in chart.bars] == ["27 Nov 2026", "28 Nov 2026", "29 Nov 2026"]


def test_no_days_no_bars() -> None:
    assert day_chart([]).bars == ()


def test_odd_rows_sit_half_a_hex_right_and_north_is_up() -> None:
    hexagons = {h.code: h for h in hex_map(SEATS, []).hexagons}
    west, east, odd = hexagons["E1"], hexagons["E2"], hexagons["E3"]
    assert east.x - west.x == pytest.approx(3**0.5 * HEX_RADIUS, abs=0.01)
    assert odd.x - west.x == pytest.approx(3**0.5 * HEX_RADIUS / 2, abs=0.01)
    assert odd.y < west.y == east.y < hexagons["W1"].y
    assert min(h.y for h in hexagons.values()) == HEX_RADIUS


def test_seats_are_shaded_by_letters_and_unmatched_names_listed_not_drawn() -> None:
    rows = [
        ConstituencyCount(1, "Even Row West", 12),
        ConstituencyCount(2, "Montgomeryshire and Glyndwr", 3),
        ConstituencyCount(3, "Vacantshire", 5),
    ]
    drawn = hex_map(SEATS, rows)
    levels = {h.code: h.level for h in drawn.hexagons}
    assert levels == {"E1": 4, "E2": 0, "E3": 0, "W1": 1}
    assert drawn.reached == 2
    assert drawn.off_map == (ConstituencyCount(3, "Vacantshire", 5),)
    assert [entry.label for entry in drawn.legend] == [
        "No letters yet",
        "1 to 3 letters",
        "4 to 6 letters",
        "7 to 9 letters",
        "10 to 12 letters",
    ]


@pytest.mark.parametrize(
    ("peak", "labels"),
    [
        (0, ["No letters yet"]),
        (1, ["No letters yet", "1 letter"]),
        (2, ["No letters yet", "1 letter", "2 letters"]),
        (5, ["No letters yet", "1 letter", "2 letters", "3 letters", "4 to 5 letters"]),
    ],
)
def test_the_key_never_shows_an_empty_shade(peak: int, labels: list[str]) -> None:
    rows = [ConstituencyCount(1, "Even Row West", peak)] if peak else []
    assert [entry.label for entry in hex_map(SEATS, rows).legend] == labels

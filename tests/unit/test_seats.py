"""The bundled seat data, and finding a Members API constituency's seat on the map by its name."""

from collections import Counter

import pytest

from lobbykit.adapters.seat_files import load_seat_map
from lobbykit.domain.seats import SEATS, Seat, SeatMap, normal_name

SEAT_MAP = load_seat_map()


def test_the_bundled_map_has_every_seat_once_in_its_own_hex() -> None:
    assert len(SEAT_MAP.seats) == SEATS
    assert len({(seat.q, seat.r) for seat in SEAT_MAP.seats}) == SEATS
    assert Counter(seat.nation for seat in SEAT_MAP.seats) == {
        "England": 543,
        "Scotland": 57,
        "Wales": 32,
        "Northern Ireland": 18,
    }


@pytest.mark.parametrize(
    ("members_api_name", "code"),
    [
        ("Cardiff South and Penarth", "W07000091"),
        ("Inverness, Skye and West Ross-shire", "S14000094"),
        ("Montgomeryshire and Glyndŵr", "W07000102"),
        ("Montgomeryshire and Glyndwr", "W07000102"),
        ("Maldwyn a Glyndŵr", "W07000102"),
        ("Ynys Mon", "W07000112"),
        ("YNYS MÔN", "W07000112"),
        ("Queens Park and Maida Vale", "E14001435"),
        ("Queen's Park & Maida Vale", "E14001435"),
        ("Harborough Oadby and Wigston", "E14001266"),
        ("  Belfast South and Mid Down ", "N05000003"),
    ],
)
def test_a_name_finds_its_seat_whatever_the_spelling(members_api_name: str, code: str) -> None:
    seat = SEAT_MAP.find(members_api_name)
    assert seat is not None
    assert seat.code == code


@pytest.mark.parametrize("name", ["Vacantshire", "Old Town (abolished)", "", "Cardiff"])
def test_a_name_that_is_no_seat_is_not_on_the_map(name: str) -> None:
    assert SEAT_MAP.find(name) is None


def test_normal_names_forgive_case_punctuation_ampersands_and_accents() -> None:
    assert normal_name("Queen’s Park & Maida Vale") == "queens park and maida vale"
    assert normal_name("Weston-super-Mare") == normal_name("Weston super Mare")
    assert normal_name("Glyndŵr") == normal_name("glyndwr")


def test_the_first_seat_to_claim_a_name_keeps_it() -> None:
    first, second = Seat("E1", "Twin", 0, 0), Seat("E2", "Other", 1, 0)
    seat_map = SeatMap([first, second], {"E2": ["Twin"]})
    assert seat_map.find("twin") == first

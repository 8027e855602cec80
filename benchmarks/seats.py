"""Members API stub data for the benchmarks: the sample dataset plus synthetic seats in its shape.

The bundled sample holds six postcodes; a benchmark that needs letters spread over many seats
(as a real campaign's are) adds seats, each with an MP who has an email address, and postcodes
in them, round-robin.
"""

import copy
from collections.abc import Sequence
from typing import Any

FIRST_SEAT, FIRST_MEMBER = 80_000, 81_000
Party = tuple[int, str, str]
LABOUR: Party = (15, "Labour", "Lab")
PARTIES: tuple[Party, ...] = (
    LABOUR,
    (4, "Conservative", "Con"),
    (17, "Liberal Democrat", "LD"),
    (29, "Scottish National Party", "SNP"),
    (44, "Green Party", "Green"),
    (22, "Plaid Cymru", "PC"),
    (8, "Independent", "Ind"),
)


def dataset(seats: int, postcodes: Sequence[str], parties: Sequence[Party] = (LABOUR,)) -> dict[str, Any]:
    """The stub's sample data plus ``seats`` seats (MPs' parties in turn) and ``postcodes`` in them."""
    from lobbykit.local.members_stub import load_sample_dataset

    data = copy.deepcopy(load_sample_dataset())
    for seat in range(seats):
        seat_id, member_id = FIRST_SEAT + seat, FIRST_MEMBER + seat
        data["constituencies"][str(seat_id)] = {"name": f"Benchmark Seat {seat}", "mp": member_id}
        data["members"][str(member_id)] = {
            "name": f"Ms Member {seat}",
            "list_as": f"{seat}, Ms Member",
            "party": list(parties[seat % len(parties)]),
        }
        email = f"member{seat}.mp@parliament.example"
        data["contacts"][str(member_id)] = [
            {"typeId": 1, "type": "Parliamentary office", "line1": "House of Commons", "email": email}
        ]
    for n, postcode in enumerate(postcodes):
        data["postcodes"][postcode.replace(" ", "")] = [FIRST_SEAT + n % seats]
    return data

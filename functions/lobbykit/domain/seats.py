"""The 650 Westminster seats (2024 boundaries) as laid out on a hex map, found by name.

Parliament's Members API numbers constituencies its own way; the map is keyed by ONS codes.
Nothing joins the two but the name, so names are compared in a normal form that forgives case,
punctuation (an apostrophe joins: "Queen's" is "Queens"), "&" for "and", and accents
("Glyndŵr" and "Glyndwr", "Ynys Môn" and "Ynys Mon"). A name that matches no seat (an abolished
seat, a test's invented one) is simply not on the map.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SEATS = 650
NATIONS = {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}
_APOSTROPHES = re.compile(r"['’‘`]")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat: its ONS code, its name and its hex (``q`` column, ``r`` row; north is larger ``r``)."""

    code: str
    name: str
    q: int
    r: int

    @property
    def nation(self) -> str:
        return NATIONS.get(self.code[:1], "")


def normal_name(name: str) -> str:
    """The form in which two spellings of one constituency's name are equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    joined = _APOSTROPHES.sub("", plain.casefold()).replace("&", " and ")
    words = _NOT_ALPHANUMERIC.sub(" ", joined)
    return " ".join(words.split())


class SeatMap:
    """Every seat of the map, and a look-up from any of a seat's names (English or Welsh)."""

    def __init__(self, seats: Iterable[Seat], other_names: Mapping[str, Iterable[str]]) -> None:
        self.seats = tuple(seats)
        self._by_name: dict[str, Seat] = {}
        for seat in self.seats:
            for name in (seat.name, *other_names.get(seat.code, ())):
                self._by_name.setdefault(normal_name(name), seat)

    def find(self, name: str) -> Seat | None:
        return self._by_name.get(normal_name(name))

"""The bundled seat data: the hex layout and the ONS names and codes list (2024 boundaries).

Both files are copies kept in ``lobbykit/data/constituencies/`` with their sources and licences;
nothing is fetched at run time. They change only when boundaries do, so they are read once.
"""

import csv
import json
from collections import defaultdict
from pathlib import Path

from lobbykit.domain.seats import Seat, SeatMap

DATA = Path(__file__).resolve().parents[1] / "data" / "constituencies"
HEXJSON = "uk-constituencies-2024.hexjson"
NAMES_CSV = "ons-pcon24-names-and-codes-v2.csv"


def load_seat_map(folder: Path = DATA) -> SeatMap:
    """Seats from the hex layout; the ONS list adds each seat's official and Welsh names."""
    layout = json.loads((folder / HEXJSON).read_text(encoding="utf-8"))
    seats = [
        Seat(code=code, name=str(hexagon["n"]), q=int(hexagon["q"]), r=int(hexagon["r"]))
        for code, hexagon in layout["hexes"].items()
    ]
    other_names: defaultdict[str, list[str]] = defaultdict(list)
    with (folder / NAMES_CSV).open(encoding="utf-8-sig", newline="") as names:
        for row in csv.DictReader(names):
            other_names[row["PCON24CD"]].extend(n for n in (row["PCON24NM"], row["PCON24NMW"]) if n)
    return SeatMap(seats, other_names)

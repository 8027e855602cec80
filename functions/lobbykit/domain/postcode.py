"""UK postcodes as people type them.

People type postcodes in every case, with stray spaces, hyphens, and sometimes a letter O where
the inward code's digit belongs. We accept all of that, return the canonical form
(``SW1A 2AA``), and refuse with a message that shows what a postcode looks like.

Some real postcodes have no Member of Parliament at Westminster: the Crown Dependencies
(Jersey, Guernsey, Isle of Man), British Forces Post Office addresses and the British Overseas
Territories. Those are recognised here so the supporter is told why, rather than "not found".
"""

import re
from dataclasses import dataclass

from lobbykit.domain.errors import InvalidPostcode, NoWestminsterMP

MAX_TYPED_LENGTH = 20
EXAMPLE = "SW1A 2AA"

_SEPARATORS = re.compile(r"[\s\-\u00a0\u2010-\u2015.]+")
_FULL = re.compile(r"^(?P<outward>[A-Z]{1,2}[0-9][A-Z0-9]?)(?P<inward>[0-9][A-Z]{2})$")
_OUTWARD_ONLY = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_BFPO = re.compile(r"^BFPO[0-9]{1,4}$")

_CROWN_DEPENDENCIES = {
    "JE": "Jersey",
    "GY": "Guernsey",
    "IM": "the Isle of Man",
}
# Postcodes of British Overseas Territories written in the UK style (whole, without spaces).
_OVERSEAS_TERRITORIES = {
    "ASCN1ZZ": "Ascension Island",
    "BBND1ZZ": "the British Indian Ocean Territory",
    "BIQQ1ZZ": "the British Antarctic Territory",
    "FIQQ1ZZ": "the Falkland Islands",
    "GX111AA": "Gibraltar",
    "PCRN1ZZ": "the Pitcairn Islands",
    "SIQQ1ZZ": "South Georgia and the South Sandwich Islands",
    "STHL1ZZ": "Saint Helena",
    "TDCU1ZZ": "Tristan da Cunha",
    "TKCA1ZZ": "the Turks and Caicos Islands",
}


@dataclass(frozen=True, slots=True)
class Postcode:
    """A full UK postcode in canonical form, e.g. ``Postcode("SW1A", "2AA")``."""

    outward: str
    inward: str

    def __str__(self) -> str:
        return f"{self.outward} {self.inward}"

    @property
    def compact(self) -> str:
        """Without the space: a stable key for caches and URLs."""
        return self.outward + self.inward


def parse_postcode(typed: str) -> Postcode:
    """Turn what a person typed into a canonical postcode with a Westminster MP.

    Raises ``InvalidPostcode`` when the text cannot be a full UK postcode, and
    ``NoWestminsterMP`` when it is a real postcode of a place not represented at Westminster.
    """
    if len(typed) > MAX_TYPED_LENGTH * 2:
        raise InvalidPostcode(_looks_like(""))
    compact = _SEPARATORS.sub("", typed).upper()
    if not compact:
        raise InvalidPostcode(f"Please enter your postcode, for example {EXAMPLE}.")
    if len(compact) > MAX_TYPED_LENGTH:
        raise InvalidPostcode(_looks_like(""))
    _refuse_places_without_an_mp(compact)
    match = _FULL.match(_inward_zero_for_letter_o(compact))
    if match is None:
        if _OUTWARD_ONLY.match(compact):
            raise InvalidPostcode(
                f"Please enter your full postcode, for example {EXAMPLE}: "
                f"the first half alone can cover more than one constituency."
            )
        raise InvalidPostcode(_looks_like(" That does not look like one."))
    return Postcode(match["outward"], match["inward"])


def _looks_like(prefix: str) -> str:
    return (
        f"Please check your postcode.{prefix} A UK postcode has two parts, like {EXAMPLE} or "
        f"M1 1AE: letters and numbers, then a number and two letters."
    )


def _inward_zero_for_letter_o(compact: str) -> str:
    """Read ``SW1A OAA`` as ``SW1A 0AA``: the inward code always starts with a digit."""
    if len(compact) >= 5 and compact[-3] == "O":
        return compact[:-3] + "0" + compact[-2:]
    return compact


def _refuse_places_without_an_mp(compact: str) -> None:
    if _BFPO.match(compact) or compact.startswith("BF1"):
        raise NoWestminsterMP(
            "British Forces Post Office (BFPO) addresses have no constituency of their own. "
            "Please use the postcode of your home address in the UK, if you have one."
        )
    place = _CROWN_DEPENDENCIES.get(compact[:2])
    if place is not None and compact[2:3].isdigit():
        raise NoWestminsterMP(
            f"Postcodes in {place} have no MP at Westminster: {place} has its own parliament. "
            f"You could write to your local representatives there instead."
        )
    territory = _OVERSEAS_TERRITORIES.get(compact)
    if territory is not None:
        raise NoWestminsterMP(
            f"Postcodes in {territory} have no MP at Westminster, so this letter cannot be sent from there."
        )

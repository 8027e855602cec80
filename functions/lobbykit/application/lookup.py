"""Finding a supporter's MP from what they typed, and the answer's public JSON."""

from typing import Any

from lobbykit.domain.members import OPEN_PARLIAMENT_ATTRIBUTION, MembersDirectory, MpLookup
from lobbykit.domain.postcode import parse_postcode


def find_mp(typed_postcode: str, directory: MembersDirectory) -> MpLookup:
    """Postcode as typed → constituency, current MP and how to reach them.

    Raises ``InvalidPostcode``, ``NoWestminsterMP``, ``PostcodeNotFound`` or
    ``UpstreamUnavailable``; each carries a message for the person.
    """
    postcode = parse_postcode(typed_postcode)
    representation = directory.representation_for(postcode)
    mp = representation.mp
    contact = directory.contact_for(mp.id) if mp is not None else None
    return MpLookup(postcode, representation.constituency, mp, contact)


def present_lookup(lookup: MpLookup) -> dict[str, Any]:
    """The public JSON of a lookup (the HTTP route and ``lobbykit lookup`` print the same)."""
    mp = lookup.mp
    return {
        "postcode": str(lookup.postcode),
        "constituency": {"id": lookup.constituency.id, "name": lookup.constituency.name},
        "mp": None
        if mp is None
        else {
            "id": mp.id,
            "name": mp.name,
            "party": mp.party,
            "can_email": lookup.can_email,
            "is_speaker": mp.is_speaker,
            "active": mp.is_active,
            "thumbnail_url": mp.thumbnail_url,
        },
        "vacant": lookup.vacant,
        "attribution": OPEN_PARLIAMENT_ATTRIBUTION,
    }

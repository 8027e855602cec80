"""Finding a supporter's MP from what they typed."""

from lobbykit.domain.members import MembersDirectory, MpLookup
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

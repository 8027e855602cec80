"""Parliament's Members API (https://members-api.parliament.uk) as a ``MembersDirectory``.

Built from the published OpenAPI document and recorded responses (copies in
``tests/contract/``). The field paths this parser reads are module constants so the contract
tests can check each one against the spec's schemas.

- Postcode → constituency and MP: ``GET /api/Location/Constituency/Search?searchText=<postcode>``,
  as public projects do; ``items[].value.currentRepresentation`` is null for a vacant seat. Old
  constituencies (with an ``endDate``) are ignored. When several current constituencies come back,
  ``GET /api/Members/Search?Location=<postcode>&House=1&IsCurrentMember=true`` (the route the spec
  documents for postcodes) decides which one holds the postcode.
- MP → contact: ``GET /api/Members/{id}/Contact``: the Parliamentary office's email first
  (``typeId`` 1), then any other non-web entry with an email, else none. Never a guessed address.
"""

from typing import Any

from lobbykit.adapters.http_json import JsonHttpClient
from lobbykit.domain.errors import PostcodeNotFound, UpstreamUnavailable
from lobbykit.domain.members import Constituency, MemberOfParliament, MpContact, Representation
from lobbykit.domain.postcode import Postcode

SERVICE_NAME = "Parliament's Members API"

CONSTITUENCY_SEARCH = "/api/Location/Constituency/Search"
MEMBER_SEARCH = "/api/Members/Search"
MEMBER_CONTACT = "/api/Members/{id}/Contact"
HOUSE_OF_COMMONS = 1
PARLIAMENTARY_OFFICE_TYPE_ID = 1

# Field paths read from each response, relative to the item they are read from.
SEARCH_ITEMS = "items"
CONSTITUENCY_FIELDS = ("value.id", "value.name", "value.endDate", "value.currentRepresentation")
MEMBER_FIELDS = (
    "member.value.id",
    "member.value.nameDisplayAs",
    "member.value.latestParty.id",
    "member.value.latestParty.name",
    "member.value.thumbnailUrl",
    "member.value.latestHouseMembership.membershipStatus.statusIsActive",
    "member.value.latestHouseMembership.membershipStatus.statusDescription",
)
MEMBER_SEARCH_FIELDS = ("value.latestHouseMembership.membershipFromId",)
CONTACT_ITEMS = "value"
CONTACT_FIELDS = ("typeId", "isWebAddress", "email", "line1", "line2", "line3", "line4", "line5", "postcode")


class MalformedResponse(Exception):
    """The upstream's JSON is not in the shape its spec promises."""


class MembersApi:
    """Reads constituencies, MPs and contact details; knows nothing of caching."""

    def __init__(self, http: JsonHttpClient) -> None:
        self._http = http

    def representation_for(self, postcode: Postcode) -> Representation:
        response = self._http.get(CONSTITUENCY_SEARCH, {"searchText": str(postcode), "skip": 0, "take": 20})
        if response.status in (400, 404):
            raise _not_found(postcode)
        try:
            candidates = [_representation(item) for item in _current_items(response.body)]
            if len(candidates) > 1:
                candidates = self._narrow_by_member_search(postcode, candidates)
        except (MalformedResponse, KeyError, TypeError, ValueError) as error:
            raise _garbled() from error
        if len(candidates) != 1:
            raise _not_found(postcode)
        return candidates[0]

    def contact_for(self, member_id: int) -> MpContact:
        response = self._http.get(MEMBER_CONTACT.format(id=int(member_id)))
        if response.status == 404:
            return MpContact(email=None, postal_address=None, web_url=None)
        if response.status >= 400:
            raise _garbled()
        try:
            entries = _list(field(response.body, CONTACT_ITEMS))
            return _contact(entries)
        except (MalformedResponse, KeyError, TypeError, ValueError) as error:
            raise _garbled() from error

    def _narrow_by_member_search(
        self, postcode: Postcode, candidates: list[Representation]
    ) -> list[Representation]:
        response = self._http.get(
            MEMBER_SEARCH,
            {"Location": str(postcode), "House": HOUSE_OF_COMMONS, "IsCurrentMember": True},
        )
        if response.status >= 400:
            return candidates
        seat_ids = {
            field(item, MEMBER_SEARCH_FIELDS[0]) for item in _list(field(response.body, SEARCH_ITEMS))
        }
        return [c for c in candidates if c.constituency.id in seat_ids]


def field(data: Any, path: str) -> Any:
    """Read a dotted path; a missing key is None only where the spec allows null values."""
    for key in path.split("."):
        if not isinstance(data, dict):
            raise MalformedResponse(path)
        data = data.get(key)
    return data


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise MalformedResponse("expected a list")
    return value


def _current_items(body: Any) -> list[dict[str, Any]]:
    """Constituencies that still exist: old boundaries carry an ``endDate``."""
    return [item for item in _list(field(body, SEARCH_ITEMS)) if field(item, "value.endDate") is None]


def _representation(item: dict[str, Any]) -> Representation:
    constituency = Constituency(id=int(field(item, "value.id")), name=_text(field(item, "value.name")))
    current = field(item, "value.currentRepresentation")
    mp = _member(current) if current is not None and field(current, "member") is not None else None
    return Representation(constituency, mp)


def _member(current: dict[str, Any]) -> MemberOfParliament:
    (member_id, name, party_id, party, thumbnail, active, status) = (
        field(current, path) for path in MEMBER_FIELDS
    )
    return MemberOfParliament(
        id=int(member_id),
        name=_text(name),
        party=_text(party) if party is not None else "Independent",
        party_id=int(party_id) if party_id is not None else 0,
        thumbnail_url=thumbnail if isinstance(thumbnail, str) else None,
        is_active=active is not False,
        status=status if isinstance(status, str) else "Current Member",
    )


def _contact(entries: list[Any]) -> MpContact:
    """Parliamentary office email first, then any non-web entry's email; never a guess."""
    postal = [e for e in entries if not field(e, "isWebAddress")]
    with_email = [e for e in postal if _email(e)]
    preferred = sorted(with_email, key=lambda e: field(e, "typeId") != PARLIAMENTARY_OFFICE_TYPE_ID)
    office = next((e for e in postal if field(e, "typeId") == PARLIAMENTARY_OFFICE_TYPE_ID), None)
    web = next((field(e, "line1") for e in entries if field(e, "isWebAddress") and field(e, "line1")), None)
    return MpContact(
        email=_email(preferred[0]) if preferred else None,
        postal_address=_address(office) if office is not None else None,
        web_url=web,
    )


def _email(entry: Any) -> str | None:
    value = field(entry, "email")
    if isinstance(value, str) and "@" in value.strip() and not any(c in value for c in "\r\n"):
        return value.strip()
    return None


def _address(entry: Any) -> str:
    parts = (field(entry, key) for key in ("line1", "line2", "line3", "line4", "line5", "postcode"))
    return ", ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MalformedResponse("expected text")
    return value.strip()


def _not_found(postcode: Postcode) -> PostcodeNotFound:
    return PostcodeNotFound(
        f"We could not find the constituency for {postcode}. Please check the postcode; "
        f"new postcodes can take a few months to appear in Parliament's records."
    )


def _garbled() -> UpstreamUnavailable:
    return UpstreamUnavailable(
        f"{SERVICE_NAME} sent an answer we could not read. Please try again in a few minutes."
    )

"""Members of Parliament and the constituencies they represent, as the product needs them.

These are the domain's own shapes, independent of how Parliament's Members API spells things.
``MembersDirectory`` is the port the domain asks; adapters implement it.
"""

from dataclasses import asdict, dataclass
from typing import Any, Protocol

from lobbykit.domain.postcode import Postcode
from lobbykit.domain.urls import is_https

SPEAKER_PARTY_ID = 47
OPEN_PARLIAMENT_ATTRIBUTION = (
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)


@dataclass(frozen=True, slots=True)
class Constituency:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class MemberOfParliament:
    """The sitting MP of a constituency.

    ``is_active`` is false while a membership is suspended or otherwise inactive: the person is
    still the constituency's MP, and a campaign may want to say so.
    """

    id: int
    name: str
    party: str
    party_id: int
    thumbnail_url: str | None
    is_active: bool
    status: str

    @property
    def is_speaker(self) -> bool:
        """The Speaker is politically neutral: they stay out of campaigns but help constituents."""
        return self.party_id == SPEAKER_PARTY_ID


@dataclass(frozen=True, slots=True)
class Representation:
    """A constituency and its current MP; ``mp`` is None while the seat is vacant."""

    constituency: Constituency
    mp: MemberOfParliament | None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Representation":
        mp = record["mp"]
        return cls(
            constituency=Constituency(**record["constituency"]),
            mp=MemberOfParliament(**mp) if mp is not None else None,
        )


@dataclass(frozen=True, slots=True)
class MpContact:
    """How to reach an MP. ``email`` is None when Parliament lists none: we never guess one."""

    email: str | None
    postal_address: str | None
    web_url: str | None  # as Parliament lists it: see ``secure_web_url``

    @property
    def secure_web_url(self) -> str | None:
        """The MP's own web page, only if it is ``https://``: it becomes a link on our page."""
        return self.web_url.strip() if self.web_url is not None and is_https(self.web_url) else None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "MpContact":
        return cls(**record)


@dataclass(frozen=True, slots=True)
class MpLookup:
    """The answer to "who is my MP?" for one postcode."""

    postcode: Postcode
    constituency: Constituency
    mp: MemberOfParliament | None
    contact: MpContact | None

    @property
    def vacant(self) -> bool:
        return self.mp is None

    @property
    def can_email(self) -> bool:
        return self.contact is not None and self.contact.email is not None


class MembersDirectory(Protocol):
    """Where the domain finds constituencies and MPs (Parliament's Members API, behind a cache)."""

    def representation_for(self, postcode: Postcode) -> Representation:
        """Raises ``PostcodeNotFound`` or ``UpstreamUnavailable``."""
        ...

    def contact_for(self, member_id: int) -> MpContact:
        """Raises ``UpstreamUnavailable``."""
        ...

"""A campaign's numbers as organisers read them, summed from its counter rows.

The counters are kept by ``lobbykit.domain.counting`` as actions change state; here the rows of
every shard are added up into one ``CampaignMetrics``: the same value behind the JSON, the CSV,
the organiser page and ``lobbykit metrics``, so all four always say the same.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from lobbykit.domain.actions import Status
from lobbykit.domain.campaigns import CampaignRepository
from lobbykit.domain.counting import (
    CONSTITUENCIES_REACHED,
    CONSTITUENCY,
    COUNT,
    DAY,
    MPS_REACHED,
    PARTY,
    REFUSAL,
    SENT,
    SUPPORTERS,
    TOTALS,
)

TOP = 10
SortKey = Literal["name", "sent"]


@dataclass(frozen=True, slots=True)
class CounterRow:
    """One counter row of one shard: ``row`` as in ``counting.Increment``, its counts and label."""

    row: str
    counts: Mapping[str, int]
    label: str | None = None


@dataclass(frozen=True, slots=True)
class UndeliveredMp:
    """An MP whose mail server refused ``letters`` of the campaign's letters for good: the latest
    refusal's date and reason (the server's words), for organisers to report the stale address."""

    mp_id: int
    mp_name: str
    constituency_name: str
    letters: int
    last_at: datetime
    reason: str


class CounterReader(Protocol):
    def rows(self, campaign: str) -> list[CounterRow]:
        """Every counter row of ``campaign`` on every shard; never a scan of the letters."""
        ...

    def undelivered(self, campaign: str) -> list[UndeliveredMp]:
        """Every MP of ``campaign`` with a letter not delivered (at most one item per MP)."""
        ...


@dataclass(frozen=True, slots=True)
class ConstituencyCount:
    id: int
    name: str
    sent: int


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    sent: int


@dataclass(frozen=True, slots=True)
class PartyCount:
    party: str
    sent: int


@dataclass(frozen=True, slots=True)
class RefusalCount:
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class NetworkResult:
    """How one moment's posts on one network went."""

    network: str
    posted: int
    failed: int
    scheduled: int


@dataclass(frozen=True, slots=True)
class SocialMoment:
    moment_id: str
    at: datetime
    status: str
    networks: tuple[NetworkResult, ...]


@dataclass(frozen=True, slots=True)
class CampaignMetrics:
    campaign: str
    awaiting_confirmation: int
    confirmed: int
    sent: int
    failed: int
    supporters: int
    constituencies_reached: int
    mps_reached: int
    by_constituency: tuple[ConstituencyCount, ...]
    by_day: tuple[DayCount, ...]
    by_party: tuple[PartyCount, ...]
    refusals: tuple[RefusalCount, ...]
    social: tuple[SocialMoment, ...] = ()
    not_delivered: int = 0
    undelivered: tuple[UndeliveredMp, ...] = ()  # latest refusal first

    @property
    def submitted(self) -> int:
        """Every letter written: each is in exactly one of the five states."""
        return self.awaiting_confirmation + self.confirmed + self.sent + self.failed + self.not_delivered

    @property
    def confirmation_rate(self) -> float | None:
        """The share of letters whose writers confirmed them; None before the first letter."""
        if not self.submitted:
            return None
        return (self.submitted - self.awaiting_confirmation) / self.submitted

    @property
    def refused(self) -> int:
        return sum(refusal.count for refusal in self.refusals)

    def top_constituencies(self, count: int = TOP) -> tuple[ConstituencyCount, ...]:
        return sort_constituencies(self.by_constituency, "sent", descending=True)[:count]


class MetricsReport:
    """A campaign's numbers, read from its counters, with the social moments' results beside them."""

    def __init__(
        self,
        campaigns: CampaignRepository,
        counters: CounterReader,
        moments: Callable[[str], Sequence[SocialMoment]],
    ) -> None:
        self._campaigns = campaigns
        self._counters = counters
        self._moments = moments

    def of(self, slug: str) -> CampaignMetrics:
        """Raises ``CampaignNotFound``: an unknown campaign has no numbers, not zeros."""
        campaign = self._campaigns.get(slug)
        counted = summarise(campaign.slug, self._counters.rows(campaign.slug), self._moments(campaign.slug))
        undelivered = self._counters.undelivered(campaign.slug)
        latest_first = sorted(undelivered, key=lambda mp: mp.last_at, reverse=True)
        return replace(counted, undelivered=tuple(latest_first))


def sort_constituencies(
    rows: Iterable[ConstituencyCount], key: SortKey, descending: bool
) -> tuple[ConstituencyCount, ...]:
    """By name, or by letters sent (ties by name, A to Z, whichever way the letters go)."""
    by_name = sorted(
        rows, key=lambda row: (row.name.casefold(), row.id), reverse=descending and key == "name"
    )
    if key == "name":
        return tuple(by_name)
    return tuple(sorted(by_name, key=lambda row: row.sent, reverse=descending))


def summarise(
    campaign: str, rows: Iterable[CounterRow], social: Sequence[SocialMoment] = ()
) -> CampaignMetrics:
    """Add up the shards' rows into the campaign's numbers."""
    sums: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    for counter_row in rows:
        for counter, value in counter_row.counts.items():
            sums[counter_row.row][counter] += value
        if counter_row.label:
            labels[counter_row.row] = counter_row.label
    totals = sums.pop(TOTALS, defaultdict(int))
    grouped = _by_kind(sums)
    return CampaignMetrics(
        campaign=campaign,
        awaiting_confirmation=totals[Status.AWAITING_CONFIRMATION.value],
        confirmed=totals[Status.CONFIRMED.value],
        sent=totals[Status.SENT.value],
        failed=totals[Status.FAILED.value],
        not_delivered=totals[Status.NOT_DELIVERED.value],
        supporters=totals[SUPPORTERS],
        constituencies_reached=totals[CONSTITUENCIES_REACHED],
        mps_reached=totals[MPS_REACHED],
        by_constituency=sort_constituencies(
            (
                ConstituencyCount(int(key), labels.get(f"{CONSTITUENCY}#{key}", key), counts.get(SENT, 0))
                for key, counts in grouped[CONSTITUENCY].items()
            ),
            "name",
            descending=False,
        ),
        by_day=_every_day(
            {date.fromisoformat(key): counts.get(SENT, 0) for key, counts in grouped[DAY].items()}
        ),
        by_party=tuple(
            sorted(
                (PartyCount(key, counts.get(SENT, 0)) for key, counts in grouped[PARTY].items()),
                key=lambda party: (-party.sent, party.party),
            )
        ),
        refusals=tuple(
            RefusalCount(key, counts.get(COUNT, 0)) for key, counts in sorted(grouped[REFUSAL].items())
        ),
        social=tuple(social),
    )


def _by_kind(sums: Mapping[str, Mapping[str, int]]) -> defaultdict[str, dict[str, Mapping[str, int]]]:
    """``{"constituency#4483": counts}`` → ``{"constituency": {"4483": counts}}``."""
    grouped: defaultdict[str, dict[str, Mapping[str, int]]] = defaultdict(dict)
    for name, counts in sums.items():
        kind, _, key = name.partition("#")
        grouped[kind][key] = counts
    return grouped


def _every_day(sent: Mapping[date, int]) -> tuple[DayCount, ...]:
    """Every day from the first letter to the last, quiet days included, so a chart's gaps show."""
    if not sent:
        return ()
    first, last = min(sent), max(sent)
    return tuple(
        DayCount(first + timedelta(days=n), sent.get(first + timedelta(days=n), 0))
        for n in range((last - first).days + 1)
    )

"""What each change to an action adds to its campaign's counters.

The rules are pure; the action store writes them in the same DynamoDB transaction as the
change itself (see ``lobbykit.adapters.metrics_store`` for how they are kept and read).

``awaiting_confirmation``, ``confirmed``, ``sent`` and ``failed`` are gauges: each action is
counted in exactly one of them, the state it is in now, so a change moves one count from the old
state to the new. ``supporters``, ``constituencies_reached`` and ``mps_reached`` count distinct
things: each is a ``FirstTime`` that adds one only when its marker is created, once ever.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from lobbykit.domain.actions import Action, Status

SHARDS = 16
TOTALS = "totals"
DAY, CONSTITUENCY, PARTY, REFUSAL = "day", "constituency", "party", "refusal"
SUPPORTERS, CONSTITUENCIES_REACHED, MPS_REACHED = "supporters", "constituencies_reached", "mps_reached"
SENT, COUNT = "sent", "count"


@dataclass(frozen=True, slots=True)
class Increment:
    """Add ``amount`` to ``counter`` on ``row`` (``totals``, ``day#2026-11-29``, ``party#Labour``...).

    ``label`` is kept beside the counts: the constituency's name, which its id alone does not say.
    """

    row: str
    counter: str
    amount: int = 1
    label: str | None = None


@dataclass(frozen=True, slots=True)
class FirstTime:
    """Add one to the ``counter`` total, but only if ``marker`` has never been seen before.

    ``expires_at`` lets a marker derived from personal data (a supporter's email) go when the
    supporter's own records do.
    """

    marker: str
    counter: str
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Counting:
    """Everything one change adds, on one shard of one campaign's counters; ``forgotten`` markers
    are removed (a supporter's, when they are erased)."""

    campaign: str
    shard: int
    increments: tuple[Increment, ...] = ()
    first_times: tuple[FirstTime, ...] = ()
    forgotten: tuple[str, ...] = ()


def shard_of(key: str) -> int:
    """A stable shard for an action id: the same action always counts on the same shard."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % SHARDS


def row(kind: str, key: object) -> str:
    return f"{kind}#{key}"


def supporter_marker(supporter: str) -> str:
    """``supporter`` is the keyed hash of their email (never the address): one marker per campaign."""
    return f"supporter#{supporter}"


def on_created(action: Action, supporter: str) -> Counting:
    """A new action is counted in its first state, and its supporter if they are new."""
    return Counting(
        action.campaign,
        shard_of(action.action_id),
        (Increment(TOTALS, action.status.value),),
        (FirstTime(supporter_marker(supporter), SUPPORTERS, action.expires_at),),
    )


def on_erased(action: Action, supporter: str) -> Counting:
    """A supporter's data is erased on request: a letter that was sent stays counted (it went),
    one that never went leaves its state's count, and the supporter's marker goes with their data
    (the supporters count keeps them, and would count them again if they wrote again)."""
    increments = () if action.status == Status.SENT else (Increment(TOTALS, action.status.value, -1),)
    return Counting(
        action.campaign, shard_of(action.action_id), increments, forgotten=(supporter_marker(supporter),)
    )


def on_transition(action: Action, before: Status, after: Status, now: datetime) -> Counting:
    """``action`` moves from ``before`` to ``after`` at ``now``; a sent letter counts everywhere.

    Days are UTC days, whatever the clock's zone, so every function counts a letter on the same day.
    """
    increments: list[Increment] = []
    first_times: list[FirstTime] = []
    if before != after:
        increments += [Increment(TOTALS, before.value, -1), Increment(TOTALS, after.value)]
    if after == Status.SENT and before != Status.SENT:
        recipient = action.recipient
        increments += [
            Increment(row(DAY, now.astimezone(UTC).date().isoformat()), SENT),
            Increment(row(CONSTITUENCY, recipient.constituency_id), SENT, label=recipient.constituency_name),
            Increment(row(PARTY, recipient.party), SENT),
        ]
        first_times += [
            FirstTime(row(CONSTITUENCY, recipient.constituency_id), CONSTITUENCIES_REACHED),
            FirstTime(row("mp", recipient.mp_id), MPS_REACHED),
        ]
    return Counting(action.campaign, shard_of(action.action_id), tuple(increments), tuple(first_times))


def on_refusal(campaign: str, refusal_id: str, reason: str) -> Counting:
    """A letter we could not send (vacant seat, the Speaker, no email address), by reason."""
    return Counting(campaign, shard_of(refusal_id), (Increment(row(REFUSAL, reason), COUNT),))

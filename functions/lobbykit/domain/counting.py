"""What each change to an action adds to its campaign's counters.

The rules are pure; the action store writes them in the same DynamoDB transaction as the
change itself (see ``lobbykit.adapters.metrics_store`` for how they are kept and read).

``awaiting_confirmation``, ``confirmed``, ``sent``, ``failed`` and ``not_delivered`` are gauges:
each action is counted in exactly one of them, the state it is in now, so a change moves one
count from the old state to the new. A letter that bounces leaves the ``sent`` breakdowns (by day,
constituency and party) too, so they always add up to ``sent``; it is noted against its MP
instead (``UndeliveredNote``). ``supporters``, ``constituencies_reached`` and ``mps_reached`` count distinct
things: each is a ``FirstTime`` that adds one only when its marker is created, once ever.
"""

import hashlib
from dataclasses import dataclass, replace
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
class UndeliveredNote:
    """A letter its MP's mail server refused for good, noted against the MP: organisers see, per
    MP, how many letters bounced, when the last did and why, and can report the stale address.
    MPs' names and the servers' words only: nothing about the supporter."""

    mp_id: int
    mp_name: str
    constituency_name: str
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Counting:
    """Everything one change adds, on one shard of one campaign's counters; ``forgotten`` markers
    are removed (a supporter's, when they are erased)."""

    campaign: str
    shard: int
    increments: tuple[Increment, ...] = ()
    first_times: tuple[FirstTime, ...] = ()
    forgotten: tuple[str, ...] = ()
    undelivered: UndeliveredNote | None = None


def shard_of(key: str) -> int:
    """A stable shard for an action id: the same action always counts on the same shard."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % SHARDS


def row(kind: str, key: object) -> str:
    return f"{kind}#{key}"


def supporter_marker(supporter: str) -> str:
    """``supporter`` is the keyed hash of their email (never the address): one marker per campaign."""
    return f"supporter#{supporter}"


def on_created(action: Action) -> Counting:
    """A new action is counted in its first state, and its supporter (by ``mailbox_key``) if
    they are new."""
    return Counting(
        action.campaign,
        shard_of(action.action_id),
        (Increment(TOTALS, action.status.value),),
        (FirstTime(supporter_marker(action.mailbox_key), SUPPORTERS, action.expires_at),),
    )


def on_erased(action: Action) -> Counting:
    """A supporter's data is erased on request: a letter that was sent stays counted (it went,
    whether or not it bounced), one that never went leaves its state's count, and the supporter's
    marker goes with their data (the supporters count keeps them, and would count them again if
    they wrote again)."""
    went = action.status in (Status.SENT, Status.NOT_DELIVERED)
    increments = () if went else (Increment(TOTALS, action.status.value, -1),)
    return Counting(
        action.campaign,
        shard_of(action.action_id),
        increments,
        forgotten=(supporter_marker(action.mailbox_key),),
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
        increments += _breakdowns(action, now, +1)
        first_times += [
            FirstTime(row(CONSTITUENCY, action.recipient.constituency_id), CONSTITUENCIES_REACHED),
            FirstTime(row("mp", action.recipient.mp_id), MPS_REACHED),
        ]
    return Counting(action.campaign, shard_of(action.action_id), tuple(increments), tuple(first_times))


def on_not_delivered(action: Action, reason: str, now: datetime) -> Counting:
    """A sent letter bounced for good: it moves from ``sent`` to ``not_delivered``, leaves the
    breakdowns it was counted in on the day it was sent, and is noted against its MP.

    Constituencies and MPs reached stay as they are: a letter did go to them.
    """
    moved = on_transition(action, Status.SENT, Status.NOT_DELIVERED, now)
    recipient = action.recipient
    note = UndeliveredNote(recipient.mp_id, recipient.name, recipient.constituency_name, now, reason)
    return replace(
        moved,
        increments=moved.increments + _breakdowns(action, action.sent_at or now, -1),
        undelivered=note,
    )


def _breakdowns(action: Action, sent_at: datetime, amount: int) -> tuple[Increment, ...]:
    """A letter's place in the ``sent`` breakdowns: its day (UTC), constituency and MP's party."""
    recipient = action.recipient
    return (
        Increment(row(DAY, sent_at.astimezone(UTC).date().isoformat()), SENT, amount),
        Increment(
            row(CONSTITUENCY, recipient.constituency_id), SENT, amount, label=recipient.constituency_name
        ),
        Increment(row(PARTY, recipient.party), SENT, amount),
    )


def on_refusal(campaign: str, refusal_id: str, reason: str) -> Counting:
    """A letter we could not send (vacant seat, the Speaker, no email address), by reason."""
    return Counting(campaign, shard_of(refusal_id), (Increment(row(REFUSAL, reason), COUNT),))

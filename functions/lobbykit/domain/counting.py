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
    """Everything one change adds, on one shard of one campaign's counters."""

    campaign: str
    shard: int
    increments: tuple[Increment, ...] = ()
    first_times: tuple[FirstTime, ...] = ()


def shard_of(key: str) -> int:
    """A stable shard for an action id: the same action always counts on the same shard."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % SHARDS


def row(kind: str, key: object) -> str:
    return f"{kind}#{key}"


def supporter_marker(campaign: str, email: str) -> str:
    """A supporter is their email address, hashed: the marker never holds the address itself."""
    return "supporter#" + hashlib.sha256(f"{campaign}\n{email.strip().lower()}".encode()).hexdigest()


def on_created(action: Action) -> Counting:
    """A new action is counted in its first state, and its supporter if they are new."""
    supporter = FirstTime(
        supporter_marker(action.campaign, action.supporter.email), SUPPORTERS, action.expires_at
    )
    return Counting(
        action.campaign,
        shard_of(action.action_id),
        (Increment(TOTALS, action.status.value),),
        (supporter,),
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

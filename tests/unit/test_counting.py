"""What each change of an action adds to the counters, and how the shards' rows add up."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from lobbykit.domain.actions import Action, Recipient, Status, Supporter
from lobbykit.domain.counting import (
    SHARDS,
    FirstTime,
    Increment,
    UndeliveredNote,
    on_created,
    on_erased,
    on_not_delivered,
    on_refusal,
    on_transition,
    shard_of,
)
from lobbykit.domain.letters import Letter
from lobbykit.domain.metrics import ConstituencyCount, CounterRow, DayCount, sort_constituencies, summarise

NOW = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
ACTION = Action(
    action_id="a1b2",
    campaign="send-in-the-specialists",
    status=Status.AWAITING_CONFIRMATION,
    recipient=Recipient(
        99105, "Stephen Doughty", "Labour", "sd@example.org", 99005, "Cardiff South and Penarth"
    ),
    supporter=Supporter("Jo Bloggs", "Jo.Bloggs@example.com", "CF10 1EP", "1 Test Street", False, "v1"),
    letter=Letter("Subject", "Text", "<p>Text</p>"),
    mailbox_key="0f1e2d3c",
    created_at=NOW,
    updated_at=NOW,
    expires_at=NOW + timedelta(days=56),
)


def test_an_action_always_counts_on_the_same_shard_and_shards_are_spread() -> None:
    assert shard_of("a1b2") == shard_of("a1b2")
    assert {shard_of(f"action-{n}") for n in range(500)} == set(range(SHARDS))


def test_a_new_action_counts_its_state_and_its_supporter_by_the_keyed_hash_of_their_email() -> None:
    counting = on_created(ACTION)
    assert counting.increments == (Increment("totals", "awaiting_confirmation"),)
    assert counting.first_times == (FirstTime("supporter#0f1e2d3c", "supporters", ACTION.expires_at),)


@pytest.mark.parametrize(
    ("status", "increments"),
    [
        (Status.SENT, ()),
        (Status.NOT_DELIVERED, ()),  # it went: the MP's server refused it
        (Status.AWAITING_CONFIRMATION, (Increment("totals", "awaiting_confirmation", -1),)),
        (Status.FAILED, (Increment("totals", "failed", -1),)),
    ],
)
def test_erasing_keeps_a_sent_letter_counted_and_forgets_the_supporter(
    status: Status, increments: tuple[Increment, ...]
) -> None:
    counting = on_erased(replace(ACTION, status=status))
    assert counting.increments == increments
    assert counting.forgotten == ("supporter#0f1e2d3c",)
    assert counting.first_times == ()


def test_confirming_moves_one_count_from_awaiting_to_confirmed() -> None:
    counting = on_transition(ACTION, Status.AWAITING_CONFIRMATION, Status.CONFIRMED, NOW)
    assert counting.increments == (
        Increment("totals", "awaiting_confirmation", -1),
        Increment("totals", "confirmed"),
    )
    assert counting.first_times == ()


def test_a_sent_letter_counts_by_utc_day_constituency_party_and_reaches_its_seat_and_mp() -> None:
    in_london = NOW.astimezone(timezone(timedelta(hours=1)))  # already 30 November there
    counting = on_transition(ACTION, Status.CONFIRMED, Status.SENT, in_london)
    assert counting.increments == (
        Increment("totals", "confirmed", -1),
        Increment("totals", "sent"),
        Increment("day#2026-11-29", "sent"),
        Increment("constituency#99005", "sent", label="Cardiff South and Penarth"),
        Increment("party#Labour", "sent"),
    )
    assert counting.first_times == (
        FirstTime("constituency#99005", "constituencies_reached"),
        FirstTime("mp#99105", "mps_reached"),
    )


def test_replacing_a_pending_letter_with_another_counts_nothing() -> None:
    counting = on_transition(ACTION, Status.AWAITING_CONFIRMATION, Status.AWAITING_CONFIRMATION, NOW)
    assert (counting.increments, counting.first_times) == ((), ())


def test_a_refusal_counts_by_reason() -> None:
    assert on_refusal("c", "r1", "seat_vacant").increments == (Increment("refusal#seat_vacant", "count"),)


def test_the_shards_rows_add_up_and_quiet_days_show_as_zero() -> None:
    rows = [
        CounterRow("totals", {"sent": 2, "awaiting_confirmation": 1, "supporters": 3}),
        CounterRow("totals", {"sent": 1, "confirmed": 1, "constituencies_reached": 2}),
        CounterRow("constituency#2", {"sent": 2}, "Ynys Môn"),
        CounterRow("constituency#1", {"sent": 1}, "Cardiff South and Penarth"),
        CounterRow("day#2026-11-27", {"sent": 1}),
        CounterRow("day#2026-11-29", {"sent": 2}),
        CounterRow("party#Labour", {"sent": 1}),
        CounterRow("party#Plaid Cymru", {"sent": 2}),
        CounterRow("refusal#seat_vacant", {"count": 4}),
    ]
    metrics = summarise("c", rows)
    assert (metrics.sent, metrics.awaiting_confirmation, metrics.confirmed, metrics.supporters) == (
        3,
        1,
        1,
        3,
    )
    assert metrics.submitted == 5
    assert metrics.confirmation_rate == 0.8
    assert [c.name for c in metrics.by_constituency] == ["Cardiff South and Penarth", "Ynys Môn"]
    assert [c.name for c in metrics.top_constituencies()] == ["Ynys Môn", "Cardiff South and Penarth"]
    assert metrics.by_day == (
        DayCount(date(2026, 11, 27), 1),
        DayCount(date(2026, 11, 28), 0),
        DayCount(date(2026, 11, 29), 2),
    )
    assert [p.party for p in metrics.by_party] == ["Plaid Cymru", "Labour"]
    assert metrics.refused == 4


def test_constituencies_sort_by_name_or_letters_with_ties_by_name() -> None:
    rows = [ConstituencyCount(1, "b", 2), ConstituencyCount(2, "a", 2), ConstituencyCount(3, "c", 5)]
    assert [r.name for r in sort_constituencies(rows, "sent", descending=True)] == ["c", "a", "b"]
    assert [r.name for r in sort_constituencies(rows, "sent", descending=False)] == ["a", "b", "c"]
    assert [r.name for r in sort_constituencies(rows, "name", descending=True)] == ["c", "b", "a"]


def test_a_bounced_letter_moves_to_not_delivered_and_leaves_its_sent_days_breakdowns() -> None:
    sent_at = NOW - timedelta(days=2)
    sent = replace(ACTION, status=Status.SENT, sent_at=sent_at)
    counting = on_not_delivered(sent, "General: smtp; 550 5.1.1 user unknown", NOW)
    assert counting.increments == (
        Increment("totals", "sent", -1),
        Increment("totals", "not_delivered"),
        Increment("day#2026-11-27", "sent", -1),
        Increment("constituency#99005", "sent", -1, label="Cardiff South and Penarth"),
        Increment("party#Labour", "sent", -1),
    )
    assert counting.first_times == ()  # the MP and the seat were reached: a letter did go
    assert counting.undelivered == UndeliveredNote(
        99105, "Stephen Doughty", "Cardiff South and Penarth", NOW, "General: smtp; 550 5.1.1 user unknown"
    )


def test_sent_and_then_bounced_adds_up_to_no_letter_sent_and_one_not_delivered() -> None:
    sent = replace(ACTION, status=Status.SENT, sent_at=NOW)
    changes = [
        on_created(ACTION),
        on_transition(ACTION, Status.AWAITING_CONFIRMATION, Status.CONFIRMED, NOW),
        on_transition(ACTION, Status.CONFIRMED, Status.SENT, NOW),
        on_not_delivered(sent, "General", NOW + timedelta(minutes=1)),
    ]
    rows = [CounterRow(i.row, {i.counter: i.amount}, i.label) for c in changes for i in c.increments]
    metrics = summarise("c", rows)
    assert (metrics.sent, metrics.not_delivered, metrics.submitted) == (0, 1, 1)
    assert [row.sent for row in metrics.by_constituency] == [0]
    assert [day.sent for day in metrics.by_day] == [0]

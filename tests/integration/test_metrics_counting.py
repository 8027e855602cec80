"""Counters move with the actions, exactly once, under retries and concurrency (moto, made atomic)."""

import re
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from lobbykit.application import wiring
from lobbykit.domain.actions import Action, Status
from lobbykit.domain.counting import SHARDS, Increment
from tests.support.e_action import CAMPAIGN, emails_to, submit, supporter
from tests.support.metrics import (
    Reads,
    add_counts,
    counting_reads,
    metrics_json,
    organiser_token,
    send_letter,
)

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")


def all_at_once(work: list[Callable[[], Any]]) -> None:
    """Run every call on its own thread, released together; any error fails the test."""
    start, errors = threading.Barrier(len(work)), []

    def run(call: Callable[[], Any]) -> None:
        start.wait()
        try:
            call()
        except Exception as error:  # reported below, on the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def token_sent_to(address: str) -> str:
    [email] = [e for e in emails_to(address) if e["subject"].startswith("Please confirm")]
    return str(re.findall(r"/confirm/([A-Za-z0-9_-]+)", email["text"])[0])


def pending(action_id: str) -> Action:
    action = wiring.action_store().get(action_id)
    assert action is not None
    return action


# -- retries ----------------------------------------------------------------------------------


def test_a_retried_transition_counts_nothing_more() -> None:
    action_id = submit(supporter()).json()["action_id"]
    store, now = wiring.action_store(), wiring.now()
    claimed = store.claim_for_sending(pending(action_id), now)
    assert claimed is not None
    assert store.claim_for_sending(pending(action_id), now) is None  # a second request: not ours
    store.mark_sent(claimed, "message-1", now)
    again = store.mark_sent(claimed, "message-1", now)  # a retried request
    assert again.status == Status.SENT
    store.mark_failed(claimed, "late news of a failure", now)  # too late: it was sent

    body = metrics_json(organiser_token())
    assert (body["sent"], body["confirmed"], body["failed"], body["awaiting_confirmation"]) == (1, 0, 0, 0)
    assert (body["constituencies_reached"], body["mps_reached"], body["supporters"]) == (1, 1, 1)
    assert body["by_constituency"][0]["sent"] == 1


# -- concurrency ------------------------------------------------------------------------------


@pytest.mark.usefixtures("atomic_dynamodb")
def test_many_supporters_writing_at_once_are_each_counted_once() -> None:
    flow = wiring.e_action()
    emails = [f"writer{n}@example.com" for n in range(12)]
    all_at_once([lambda email=email: flow.submit(CAMPAIGN, supporter(email=email)) for email in emails])
    all_at_once([lambda email=email: flow.confirm(token_sent_to(email)) for email in emails])

    body = metrics_json(organiser_token())
    assert (body["sent"], body["supporters"], body["awaiting_confirmation"]) == (12, 12, 0)
    assert (body["constituencies_reached"], body["mps_reached"]) == (1, 1)
    assert body["by_constituency"] == [{"id": 99005, "name": "Cardiff South and Penarth", "sent": 12}]
    assert body["by_day"][0]["sent"] == 12


@pytest.mark.usefixtures("atomic_dynamodb")
def test_one_letter_confirmed_many_times_at_once_counts_once() -> None:
    flow = wiring.e_action()
    flow.submit(CAMPAIGN, supporter())
    token = token_sent_to("jo.bloggs@example.com")
    all_at_once([lambda: flow.confirm(token)] * 8)

    body = metrics_json(organiser_token())
    assert (body["sent"], body["confirmed"], body["awaiting_confirmation"]) == (1, 0, 0)
    assert (body["mps_reached"], body["supporters"]) == (1, 1)


@pytest.mark.usefixtures("atomic_dynamodb")
def test_one_supporter_submitting_many_times_at_once_is_one_supporter_and_one_letter() -> None:
    flow = wiring.e_action()
    all_at_once([lambda: flow.submit(CAMPAIGN, supporter())] * 8)

    body = metrics_json(organiser_token())
    assert (body["supporters"], body["awaiting_confirmation"], body["submitted"]) == (1, 1, 1)


# -- reading costs the same whatever the number of letters ------------------------------------

ROLLUPS_PER_SHARD = 2  # the totals and the breakdown of letters sent


def read_cost() -> Reads:
    wiring.reset()  # a cold function: nothing cached
    token = organiser_token("reader")
    with counting_reads() as reads:
        metrics_json(token)
    return reads


def add_letters(per_row: int) -> None:
    """``per_row`` letters on each of 5 constituencies (Cardiff among them), 2 parties and 3 days,
    on every shard: the rows the real letters use, and more."""
    today = wiring.now().date()
    for shard in range(SHARDS):
        add_counts(
            CAMPAIGN,
            shard,
            Increment("totals", "sent", per_row * 5),
            *(Increment(f"constituency#{99005 - n}", "sent", per_row, f"Seat {99005 - n}") for n in range(5)),
            *(Increment(f"party#{party}", "sent", per_row) for party in ("Labour", "Green")),
            *(Increment(f"day#{today - timedelta(days=n)}", "sent", per_row) for n in range(3)),
        )


def test_the_metrics_read_cost_is_flat_in_the_number_of_letters() -> None:
    for n in range(10):
        send_letter(email=f"writer{n}@example.com")
    few = read_cost()
    add_letters(per_row=20)  # 1,600 more letters, on every shard
    some = read_cost()
    add_letters(per_row=20_000)  # 1.6 million more
    many = read_cost()

    # One batch read of every shard's rollups, one query of the campaign's social moments and one
    # of its letters not delivered (an item per MP at most, whatever the number of letters).
    assert few.requests == some.requests == many.requests == {"BatchGetItem": 1, "Query": 2}
    assert few.items <= 10 * ROLLUPS_PER_SHARD  # only the shards the 10 letters used
    assert some.items == many.items == SHARDS * ROLLUPS_PER_SHARD
    assert metrics_json(organiser_token())["sent"] == 10 + SHARDS * 5 * 20_020

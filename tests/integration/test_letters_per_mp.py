"""The cap on letters per MP per hour: the rest are held for later, never dropped, sent once."""

import threading
from datetime import datetime, timedelta
from pathlib import Path

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.config import ConfigurationError
from lobbykit.domain.mail import MailRejected, MailUnavailable
from lobbykit.handlers.retry import lambda_handler as retry
from tests.support.api import ApiResponse, call_api, lambda_context
from tests.support.e_action import (
    MP_EMAIL,
    action_item,
    campaign_with,
    confirmation_links,
    emails_to,
    flaky_ses,
    submit,
    supporter,
)
from tests.support.metrics import metrics_json, organiser_token

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
EMAILS = ("a@example.com", "b@example.com", "c@example.com")


@pytest.fixture
def paced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A campaign that sends at most 2 letters an hour to each MP."""
    return campaign_with(tmp_path, monkeypatch, "paced", letters_per_mp_per_hour=2)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """Ten past the hour, moved on by appending to the list."""
    moments = [wiring.now().replace(minute=10, second=0, microsecond=0)]
    monkeypatch.setattr(wiring, "now", lambda: moments[-1])
    return moments


def links_for(campaign: str, emails: tuple[str, ...]) -> list[tuple[str, str]]:
    """(action id, confirmation link) for each supporter, all writing to the same MP."""
    found = []
    for email in emails:
        response = submit(supporter(email=email), campaign=campaign)
        assert response.status == 202, response.body
        found.append((response.json()["action_id"], confirmation_links()[-1]))
    return found


def test_over_the_cap_a_letter_is_confirmed_and_held_then_sent_once_next_hour(
    paced: str, clock: list[datetime], resources: dict[str, str]
) -> None:
    actions = links_for(paced, EMAILS)
    pages = [call_api("POST", link) for _, link in actions]

    assert [page.status for page in pages] == [200, 200, 202]
    assert "Your letter has been sent" in pages[0].body
    assert "will be sent to Stephen Doughty shortly" in pages[2].body
    assert "spacing the letters out" in pages[2].body
    assert len(emails_to(MP_EMAIL)) == 2
    held_id = actions[2][0]
    held = action_item(resources["ActionsTable"], held_id)
    assert held["status"] == "confirmed"
    assert held["retry_due"] == "send"
    assert "lease_until" not in held
    assert held["send_attempts"] == 0  # being held is not a failed attempt
    assert emails_to("c@example.com")[-1]["subject"].startswith("Please confirm")  # no copy yet

    again = call_api("POST", actions[2][1])  # pressed again in the same hour: still held
    assert again.status == 202
    assert "will be sent to Stephen Doughty shortly" in again.body
    clock.append(clock[-1] + timedelta(minutes=5))
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 0, "sent": 0}
    assert len(emails_to(MP_EMAIL)) == 2

    clock.append(clock[0] + timedelta(hours=1))
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 1, "sent": 1}
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 0, "sent": 0}
    assert call_api("POST", actions[2][1]).status == 200  # "already sent": nothing more goes
    assert len(emails_to(MP_EMAIL)) == 3
    assert [e["subject"][:15] for e in emails_to("c@example.com")] == ["Please confirm ", "Your letter to "]
    sent = action_item(resources["ActionsTable"], held_id)
    assert sent["status"] == "sent"
    assert sent["send_attempts"] == 1

    metrics = metrics_json(organiser_token(), paced)
    assert metrics["sent"] == 3
    assert metrics["awaiting_confirmation"] == 0


def test_the_hourly_count_is_one_item_per_mp_and_hour_that_expires(
    paced: str, clock: list[datetime], resources: dict[str, str]
) -> None:
    for _, link in links_for(paced, EMAILS):
        call_api("POST", link)
    hour = clock[0].replace(minute=0)
    key = f"letters#mp#99105#{hour:%Y-%m-%dT%H}"
    item = boto3.client("dynamodb").get_item(TableName=resources["CacheTable"], Key={"pk": {"S": key}})[
        "Item"
    ]
    assert item["letters"] == {"N": "2"}  # the held letter took no place
    assert int(item["expires_at"]["N"]) == int((hour + timedelta(hours=2)).timestamp())


@pytest.mark.usefixtures("atomic_dynamodb")
def test_concurrent_confirmations_never_overshoot_the_cap(paced: str, clock: list[datetime]) -> None:
    actions = links_for(paced, tuple(f"s{n}@example.com" for n in range(5)))
    pages: list[ApiResponse] = []
    threads = [
        threading.Thread(target=lambda link=link: pages.append(call_api("POST", link))) for _, link in actions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(page.status for page in pages) == [200, 200, 202, 202, 202]
    assert len(emails_to(MP_EMAIL)) == 2


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (MailUnavailable("SES could not take the message now (TooManyRequestsException)"), "confirmed"),
        (MailRejected("SES refused the message (MessageRejected)"), "failed"),
    ],
    ids=["throttled", "refused"],
)
def test_a_letter_ses_throttles_or_refuses_gives_its_place_in_the_hour_back(
    paced: str,
    clock: list[datetime],
    resources: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    status: str,
) -> None:
    (first_id, first), (_, second), (_, third) = links_for(paced, EMAILS)
    ses = flaky_ses(monkeypatch, error=error)
    call_api("POST", first)  # takes a place, then SES will not take it
    assert action_item(resources["ActionsTable"], first_id)["status"] == status
    ses.down = False
    assert [call_api("POST", link).status for link in (second, third)] == [200, 200]
    assert [letter["reply_to"] for letter in emails_to(MP_EMAIL)] == [["b@example.com"], ["c@example.com"]]


def test_a_campaign_held_letter_is_queued_for_json_clients(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instant = campaign_with(
        tmp_path, monkeypatch, "instant", confirmation_required=False, letters_per_mp_per_hour=1
    )
    first = submit(supporter(email="a@example.com"), campaign=instant)
    second = submit(supporter(email="b@example.com"), campaign=instant)
    assert first.json()["status"] == "sent"
    assert second.status == 202
    assert second.json()["status"] == "queued"
    assert len(emails_to(MP_EMAIL)) == 1


@pytest.mark.parametrize("value", [0, -5, "sixty", 2.5, True])
def test_a_cap_that_is_not_a_whole_number_above_zero_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: object
) -> None:
    campaign_with(tmp_path, monkeypatch, "odd", letters_per_mp_per_hour=value)
    with pytest.raises(ConfigurationError, match="letters_per_mp_per_hour must be a whole number"):
        wiring.campaigns().get("odd")

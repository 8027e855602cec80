"""Once a letter is sent, the record keeps only what uniqueness, metrics and erasure need.

Until then (awaiting confirmation, held by the MP's hourly cap, deferred by SES) it keeps the
letter and the supporter's address, which the letter is sent with (Reply-To the supporter).
"""

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest

from lobbykit.adapters import action_store
from lobbykit.application import wiring
from lobbykit.domain.organisers import Role, create_token
from lobbykit.handlers.retry import lambda_handler as retry
from tests.support.api import call_api, lambda_context
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

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
EMAIL = "jo.bloggs@example.com"
# What the supporter typed, and what the letter says of them: none of it stays once sent.
PERSONAL = ("jo.bloggs", "Jo Bloggs", "1 Test Street", "Penarth\\n", "CF10 1EP", "My son waited")
# The attributes the store drops; KEPT and the scan for what was typed catch any it forgets.
STORED = set(action_store.PERSONAL)
KEPT = {
    "pk",
    "action_id",
    "campaign",
    "status",
    "mp_id",
    "mp_name",
    "mp_party",
    "mp_email",
    "constituency_id",
    "constituency_name",
    "supporter_key",
    "created_at",
    "updated_at",
    "expires_at",
    "confirmation_sent_at",
    "confirmed_at",
    "sent_at",
    "message_id",
    "send_attempts",
    "last_error",  # SES's reason for a deferral: no personal data
    "token_digest",  # the "already sent" page still answers the link
    "token_expires_at",
}


@pytest.fixture
def actions_table(resources: dict[str, str]) -> str:
    return resources["ActionsTable"]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """Ten past the hour, moved on by appending to the list."""
    moments = [wiring.now().replace(minute=10, second=0, microsecond=0)]
    monkeypatch.setattr(wiring, "now", lambda: moments[-1])
    return moments


def table_text(table: str) -> str:
    return str(boto3.client("dynamodb").scan(TableName=table)["Items"])


def assert_stripped(record: dict[str, Any], table: str) -> None:
    assert record["status"] == "sent"
    assert not STORED & set(record)
    assert {key for key, value in record.items() if value is not None} <= KEPT
    assert {"mp_id", "constituency_id", "sent_at", "supporter_key", "message_id"} <= set(record)
    for typed in PERSONAL:
        assert typed not in table_text(table), typed


def retry_now() -> dict[str, int]:
    result: dict[str, int] = retry({}, lambda_context("RetryFunction", 120))
    return result


def test_a_sent_letter_keeps_no_body_address_name_or_own_words(actions_table: str) -> None:
    response = submit(supporter())
    action_id = response.json()["action_id"]
    waiting = action_item(actions_table, action_id)
    assert set(waiting) >= STORED  # until it is confirmed, the record has all it will send
    assert "My son waited" in waiting["letter_text"]

    assert call_api("POST", confirmation_links()[0]).status == 200
    [letter] = emails_to(MP_EMAIL)
    assert letter["reply_to"] == [EMAIL]
    assert "My son waited" in letter["text"]
    assert_stripped(action_item(actions_table, action_id), actions_table)
    assert "already been sent" in call_api("GET", confirmation_links()[0]).body
    assert "already been sent" in call_api("POST", confirmation_links()[0]).body


def test_a_letter_deferred_by_ses_keeps_its_body_until_the_retry_sends_it(
    actions_table: str, clock: list[datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = submit(supporter()).json()["action_id"]
    throttled = flaky_ses(monkeypatch)
    assert call_api("POST", confirmation_links()[0]).status == 202
    deferred = action_item(actions_table, action_id)
    assert deferred["status"] == "confirmed"
    assert set(deferred) >= STORED

    throttled.down = False
    clock.append(clock[-1] + timedelta(minutes=5))
    assert retry_now() == {"tried": 1, "sent": 1}
    [letter] = emails_to(MP_EMAIL)
    assert letter["reply_to"] == [EMAIL]
    assert letter["from"].startswith("Jo Bloggs <")
    assert "My son waited" in letter["text"]
    assert [e["subject"][:15] for e in emails_to(EMAIL)] == ["Please confirm ", "Your letter to "]
    assert "My son waited" in emails_to(EMAIL)[-1]["text"]
    assert_stripped(action_item(actions_table, action_id), actions_table)


def test_a_letter_held_by_the_hourly_cap_keeps_its_body_until_it_goes(
    actions_table: str, clock: list[datetime], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paced = campaign_with(tmp_path, monkeypatch, "paced", letters_per_mp_per_hour=1)
    first = submit(supporter(email="first@example.com"), campaign=paced)
    call_api("POST", confirmation_links()[-1])
    held_id = submit(supporter(), campaign=paced).json()["action_id"]
    assert call_api("POST", confirmation_links()[-1]).status == 202
    held = action_item(actions_table, held_id)
    assert (held["status"], held["retry_due"]) == ("confirmed", "send")
    assert set(held) >= STORED

    clock.append(clock[0] + timedelta(hours=1))
    assert retry_now() == {"tried": 1, "sent": 1}
    letters = emails_to(MP_EMAIL)
    assert [letter["reply_to"] for letter in letters] == [["first@example.com"], [EMAIL]]
    assert "My son waited" in letters[-1]["text"]
    assert_stripped(action_item(actions_table, held_id), actions_table)
    assert action_item(actions_table, first.json()["action_id"])["status"] == "sent"


def test_a_sent_letter_is_still_found_and_erased_by_any_spelling_of_the_address(
    actions_table: str,
) -> None:
    submit(supporter())
    call_api("POST", confirmation_links()[0])
    token = create_token(wiring.token_store(), "alice", Role.ADMIN, wiring.now())
    erased = call_api(
        "POST",
        "/api/supporters/erase",
        body={"email": "JO.BLOGGS+mp@Example.com"},
        headers={"authorization": f"Bearer {token}"},
    )
    assert erased.status == 200
    assert erased.json()["erased"] == 1
    assert "action#" not in table_text(actions_table)
    assert "unique#" not in table_text(actions_table)
    assert submit(supporter()).status == 202  # their data gone, they may write again


def test_without_confirmation_the_page_still_thanks_the_supporter_by_name(
    actions_table: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instant = campaign_with(tmp_path, monkeypatch, "instant", confirmation_required=False)
    fields = {**supporter(), "consent_updates": "", "step": "send"}
    page = call_api(
        "POST",
        f"/c/{instant}",
        body=urlencode(fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert page.status == 200
    assert "Thank you, Jo. Your letter is on its way to Stephen Doughty" in page.body
    [letter] = emails_to(MP_EMAIL)
    assert letter["reply_to"] == [EMAIL]
    items = boto3.client("dynamodb").scan(TableName=actions_table)["Items"]
    [action_id] = [item["action_id"]["S"] for item in items if item["pk"]["S"].startswith("action#")]
    assert_stripped(action_item(actions_table, action_id), actions_table)

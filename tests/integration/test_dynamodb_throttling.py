"""DynamoDB throttling past botocore's retries: a clear 503 with Retry-After, nothing half-written.

The throttle is DynamoDB's own error, injected into the client the functions use (see
``tests.support.dynamo_faults``); everything else is moto.
"""

from datetime import timedelta

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.domain.limits import LOOKUPS
from lobbykit.domain.mail import MailUnavailable, OutgoingEmail
from lobbykit.handlers.retry import lambda_handler as retry
from lobbykit.local.outbox import sent_emails
from tests.support import members_data as seats
from tests.support.api import call_api, lambda_context
from tests.support.dynamo_faults import throttled
from tests.support.e_action import MP_EMAIL, action_item, confirmation_links, emails_to, submit, supporter
from tests.support.metrics import metrics_json, organiser_token

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
ATTEMPTS = 3  # wiring.dynamodb_client: botocore's standard mode, 3 attempts


@pytest.fixture
def actions_table(resources: dict[str, str]) -> str:
    return resources["ActionsTable"]


def stored_actions(table: str) -> list[dict[str, object]]:
    return boto3.client("dynamodb").scan(TableName=table)["Items"]


@pytest.mark.parametrize(
    ("code", "status", "reasons", "attempts"),
    [
        ("ProvisionedThroughputExceededException", 400, (), ATTEMPTS),
        ("ThrottlingException", 400, (), ATTEMPTS),
        ("RequestLimitExceeded", 400, (), ATTEMPTS),
        ("InternalServerError", 500, (), ATTEMPTS),
        ("TransactionCanceledException", 400, ("None", "ThrottlingError"), 1),
    ],
)
def test_a_throttled_submission_is_a_503_to_retry_and_nothing_is_stored(
    actions_table: str, code: str, status: int, reasons: tuple[str, ...], attempts: int
) -> None:
    with throttled("TransactWriteItems", code=code, status=status, reasons=reasons) as refused:
        response = submit(supporter())
    assert len(refused) == attempts  # botocore retried what it retries, then gave up
    assert response.status == 503
    assert response.headers["Retry-After"] == "30"
    assert response.json()["error"] == "busy"
    assert "Nothing has been lost" in response.json()["message"]
    assert stored_actions(actions_table) == []
    assert sent_emails() == []

    again = submit(supporter())
    assert again.status == 202
    assert len(confirmation_links()) == 1


def test_a_throttled_confirmation_changes_nothing_and_can_be_pressed_again(actions_table: str) -> None:
    response = submit(supporter())
    action_id = response.json()["action_id"]
    [link] = confirmation_links()
    with throttled("TransactWriteItems", matching=actions_table):
        page = call_api("POST", link)
    assert page.status == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Retry-After"] == "30"
    assert "We are very busy just now" in page.body
    assert "press the button in the email again" in page.body
    assert action_item(actions_table, action_id)["status"] == "awaiting_confirmation"
    assert emails_to(MP_EMAIL) == []

    assert call_api("POST", link).status == 200
    assert len(emails_to(MP_EMAIL)) == 1
    assert action_item(actions_table, action_id)["status"] == "sent"


def test_a_throttled_confirmation_link_lookup_is_a_busy_page_not_an_error(actions_table: str) -> None:
    submit(supporter())
    [link] = confirmation_links()
    with throttled("Query", matching=actions_table):
        page = call_api("GET", link)
    assert page.status == 503
    assert "We are very busy just now" in page.body
    assert call_api("GET", link).status == 200


def test_a_throttled_cache_table_still_answers_the_lookup(resources: dict[str, str]) -> None:
    cache = resources["CacheTable"]
    with (
        throttled("GetItem", matching=cache) as reads,
        throttled("PutItem", matching=cache) as writes,
        throttled("UpdateItem", matching=cache) as counts,
    ):
        answers = [call_api("GET", "/api/mp", query=f"postcode={seats.WALES}") for _ in range(LOOKUPS.batch)]
    assert reads  # the cache was refused...
    assert writes
    assert counts  # ...and so was the rate counter, when the batch of lookups was written
    assert {answer.status for answer in answers} == {200}
    assert all(answer.json() == answers[0].json() for answer in answers)
    assert answers[0].json()["mp"]["name"] == "Stephen Doughty"


def test_the_retry_function_survives_a_throttle_and_sends_the_letter_once_next_run(
    monkeypatch: pytest.MonkeyPatch, actions_table: str
) -> None:
    action_id = submit(supporter()).json()["action_id"]
    [link] = confirmation_links()
    real = wiring.mailer()

    class Throttled:
        def send(self, email: OutgoingEmail) -> str:
            if email.to[0].address == MP_EMAIL:
                raise MailUnavailable("SES could not take the message now (TooManyRequestsException)")
            return real.send(email)

    monkeypatch.setattr(wiring, "mailer", Throttled)
    wiring.e_action.cache_clear()
    assert call_api("POST", link).status == 202  # confirmed, SES deferred it
    monkeypatch.setattr(wiring, "mailer", lambda: real)
    wiring.e_action.cache_clear()
    later = wiring.now() + timedelta(minutes=5)
    monkeypatch.setattr(wiring, "now", lambda: later)
    context = lambda_context("RetryFunction", 120)

    with throttled("Query", matching=actions_table):
        assert retry({}, context) == {"tried": 0, "sent": 0}
    with throttled("UpdateItem", matching=actions_table):
        assert retry({}, context) == {"tried": 0, "sent": 0}
    record = action_item(actions_table, action_id)
    assert record["status"] == "confirmed"
    assert record["retry_due"] == "send"
    assert emails_to(MP_EMAIL) == []

    assert retry({}, context) == {"tried": 1, "sent": 1}
    assert retry({}, context) == {"tried": 0, "sent": 0}
    assert len(emails_to(MP_EMAIL)) == 1
    assert action_item(actions_table, action_id)["status"] == "sent"


def test_a_letter_ses_took_whose_sending_could_not_be_recorded_is_recorded_later_never_resent(
    monkeypatch: pytest.MonkeyPatch, actions_table: str, resources: dict[str, str]
) -> None:
    action_id = submit(supporter()).json()["action_id"]
    [link] = confirmation_links()
    with throttled("TransactWriteItems", matching="sent_at = :now"):  # confirmed → sent, with the counters
        page = call_api("POST", link)
    assert page.status == 503
    assert len(emails_to(MP_EMAIL)) == 1
    record = action_item(actions_table, action_id)
    assert record["status"] == "confirmed"
    assert record["message_id"]

    assert call_api("POST", link).status == 202  # pressed again: still under the send's lease
    later = wiring.now() + timedelta(minutes=6)
    monkeypatch.setattr(wiring, "now", lambda: later)
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 1, "sent": 1}
    assert len(emails_to(MP_EMAIL)) == 1
    assert action_item(actions_table, action_id)["status"] == "sent"
    assert metrics_json(organiser_token())["sent"] == 1
    copies = [e for e in emails_to("jo.bloggs@example.com") if e["subject"].startswith("Your letter to")]
    assert len(copies) == 1

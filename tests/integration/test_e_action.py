"""The e-action through the API alone: postcode → confirmed letter in the MP's inbox (moto SES)."""

import threading
from datetime import timedelta
from typing import Any

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.domain.actions import MAX_SEND_ATTEMPTS
from lobbykit.domain.mail import MailUnavailable, OutgoingEmail
from lobbykit.handlers.retry import lambda_handler as retry
from lobbykit.local.members_stub import Fault, MembersApiStub
from lobbykit.local.outbox import sent_emails
from tests.support import members_data as seats
from tests.support.api import ApiResponse, call_api, lambda_context
from tests.support.e_action import (
    CAMPAIGN,
    MP_EMAIL,
    SENDER,
    action_item,
    campaign_with,
    confirmation_links,
    emails_to,
    flaky_ses,
    submit,
    supporter,
)

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")


@pytest.fixture
def actions_table(resources: dict[str, str]) -> str:
    return resources["ActionsTable"]


def submit_and_get_link(**overrides: Any) -> tuple[str, str]:
    response = submit(supporter(**overrides))
    assert response.status == 202, response.body
    links = confirmation_links()
    return response.json()["action_id"], links[-1]


# -- the whole journey ------------------------------------------------------------------------


def test_given_a_supporter_when_they_submit_confirm_and_send_then_the_mp_receives_one_letter(
    actions_table: str,
) -> None:
    response = submit(supporter())
    assert response.status == 202
    assert response.json()["status"] == "awaiting_confirmation"
    action_id = response.json()["action_id"]

    confirmation = emails_to("jo.bloggs@example.com")
    assert len(confirmation) == 1
    assert confirmation[0]["subject"] == "Please confirm your letter to Stephen Doughty"
    assert emails_to(MP_EMAIL) == []
    [link] = confirmation_links()

    page = call_api("GET", link)
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Send my letter" in page.body
    assert "My son waited two years" in page.body
    assert emails_to(MP_EMAIL) == []
    assert action_item(actions_table, action_id)["status"] == "awaiting_confirmation"

    sent = call_api("POST", link)
    assert sent.status == 200
    assert "Your letter has been sent" in sent.body
    assert "Share on WhatsApp" in sent.body

    [letter] = emails_to(MP_EMAIL)
    assert letter["from"] == f"Jo Bloggs <{SENDER}>"
    assert letter["reply_to"] == ["jo.bloggs@example.com"]
    assert letter["to"] == [MP_EMAIL]
    assert letter["subject"] == "Please back investment in the specialist workforce for children with SEND"
    assert letter["text"].startswith(
        "Dear Stephen Doughty,\n\nI am writing to you as your constituent in Cardiff South and Penarth"
    )
    assert "My son waited two years for speech and language therapy." in letter["text"]
    assert letter["text"].rstrip().endswith("Jo Bloggs\n1 Test Street\nPenarth\nCF10 1EP")
    assert "<p>My son waited two years for speech and language therapy.</p>" in letter["html"]
    assert "#SENDInTheSpecialists" in letter["text"]
    assert set(letter["headers"]) == {
        "From",
        "To",
        "Reply-To",
        "Subject",
        "Date",
        "MIME-Version",
        "Content-Type",
    }

    copies = [e for e in emails_to("jo.bloggs@example.com") if e["subject"].startswith("Your letter to")]
    assert len(copies) == 1
    assert "My son waited two years" in copies[0]["text"]

    record = action_item(actions_table, action_id)
    assert record["status"] == "sent"
    assert record["constituency_id"] == 99005
    assert record["constituency_name"] == "Cardiff South and Penarth"
    assert record["mp_id"] == 99105
    assert record["created_at"] <= record["confirmed_at"] <= record["sent_at"]
    assert record["message_id"]
    retention = record["expires_at"] - int(wiring.now().timestamp())
    assert timedelta(days=55) < timedelta(seconds=retention) <= timedelta(days=56)


def test_the_preview_is_exactly_the_letter_the_mp_receives() -> None:
    preview = call_api("POST", f"/api/campaigns/{CAMPAIGN}/preview", body={**supporter(), "email": ""})
    assert preview.status == 200
    assert preview.json()["to"] == {"name": "Stephen Doughty", "constituency": "Cardiff South and Penarth"}
    _, link = submit_and_get_link()
    call_api("POST", link)
    [letter] = emails_to(MP_EMAIL)
    assert letter["text"] == preview.json()["text"]
    assert letter["html"] == preview.json()["html"]
    assert letter["subject"] == preview.json()["subject"]


def test_consent_to_updates_is_recorded_with_its_wording_version(actions_table: str) -> None:
    action_id, _ = submit_and_get_link(consent_updates=True)
    record = action_item(actions_table, action_id)
    assert record["consent_updates"] is True
    assert record["consent_version"] == "2026-12-03"


# -- exactly once -----------------------------------------------------------------------------


def test_a_second_post_of_the_confirmation_sends_nothing_more() -> None:
    _, link = submit_and_get_link()
    assert call_api("POST", link).status == 200
    again = call_api("POST", link)
    assert again.status == 200
    assert "already been sent" in again.body
    assert len(emails_to(MP_EMAIL)) == 1
    assert "already been sent" in call_api("GET", link).body


def test_a_confirmation_finds_its_letter_by_token_once() -> None:
    _, link = submit_and_get_link()
    queries: list[str] = []
    wiring.dynamodb_client().meta.events.register(
        "provide-client-params.dynamodb.Query",
        lambda params, **_: queries.append(params.get("IndexName", "")),
    )
    assert call_api("POST", link).status == 200
    assert queries.count("by_token") == 1


@pytest.mark.usefixtures("atomic_dynamodb")
def test_concurrent_confirmations_send_exactly_one_letter() -> None:
    _, link = submit_and_get_link()
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(call_api("POST", link).status)) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(emails_to(MP_EMAIL)) == 1
    assert statuses.count(200) >= 1


def test_a_double_click_on_submit_sends_one_confirmation_email() -> None:
    first = submit(supporter())
    second = submit(supporter())
    assert first.status == second.status == 202
    assert first.json()["action_id"] == second.json()["action_id"]
    assert len(confirmation_links()) == 1


def resubmitted_later(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, ApiResponse]:
    """A letter, submitted again ten minutes on with other words: its id, first link, and answer."""
    action_id, old_link = submit_and_get_link()
    later = wiring.now() + timedelta(minutes=10)
    monkeypatch.setattr(wiring, "now", lambda: later)
    return action_id, old_link, submit(supporter(message="A different paragraph."))


def test_a_later_resubmission_replaces_the_pending_letter_and_the_old_link(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action_id, old_link, response = resubmitted_later(monkeypatch)
    assert response.json()["action_id"] == action_id
    links = confirmation_links()
    assert len(links) == 2
    assert call_api("GET", old_link).status == 404
    call_api("POST", links[-1])
    [letter] = emails_to(MP_EMAIL)
    assert "A different paragraph." in letter["text"]


def test_an_old_link_the_index_still_lists_after_a_resubmission_does_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    action_id, old_link, _ = resubmitted_later(monkeypatch)
    new_link = confirmation_links()[-1]

    def stale_index(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        """DynamoDB's indexes are eventually consistent: the old digest still finds the action."""
        if model.name == "Query" and not parsed.get("Items"):
            parsed["Items"] = [{"pk": {"S": f"action#{action_id}"}}]

    wiring.dynamodb_client().meta.events.register("after-call.dynamodb.Query", stale_index)
    for method in ("GET", "POST"):
        assert call_api(method, old_link).status == 404
    assert emails_to(MP_EMAIL) == []
    assert "A different paragraph." in call_api("GET", new_link).body


def test_one_letter_per_supporter_per_mp_per_campaign() -> None:
    _, link = submit_and_get_link()
    call_api("POST", link)
    again = submit(supporter(email="JO.BLOGGS@EXAMPLE.COM", name="Jo B"))
    assert again.status == 409
    assert again.json()["error"] == "already_sent"
    assert "already written to Stephen Doughty" in again.json()["message"]
    assert len(emails_to(MP_EMAIL)) == 1


def test_another_supporter_can_write_to_the_same_mp() -> None:
    for email in ("a@example.com", "b@example.com"):
        call_api("POST", submit_and_get_link(email=email)[1])
    assert len(emails_to(MP_EMAIL)) == 2


def test_a_transient_ses_failure_keeps_the_letter_confirmed_and_a_retry_sends_it_once(
    monkeypatch: pytest.MonkeyPatch, actions_table: str
) -> None:
    action_id, link = submit_and_get_link()
    real = wiring.mailer()

    class ThrottledOnce:
        failed = False

        def send(self, email: OutgoingEmail) -> str:
            if not self.failed and email.to[0].address == MP_EMAIL:
                self.failed = True
                raise MailUnavailable("SES could not take the message now (TooManyRequestsException)")
            return real.send(email)

    throttled = ThrottledOnce()
    monkeypatch.setattr(wiring, "mailer", lambda: throttled)
    wiring.e_action.cache_clear()
    deferred = call_api("POST", link)
    assert deferred.status == 202
    assert "confirmed" in deferred.body
    assert action_item(actions_table, action_id)["status"] == "confirmed"
    assert emails_to(MP_EMAIL) == []

    assert call_api("POST", link).status == 200
    assert call_api("POST", link).status == 200
    assert len(emails_to(MP_EMAIL)) == 1
    assert action_item(actions_table, action_id)["status"] == "sent"


def test_a_rejected_letter_is_recorded_as_failed_and_explained(
    monkeypatch: pytest.MonkeyPatch, actions_table: str
) -> None:
    action_id, link = submit_and_get_link()

    boto3.client("ses").delete_identity(Identity=SENDER)  # SES now refuses the sender
    page = call_api("POST", link)
    assert page.status == 422
    assert "could not deliver" in page.body
    assert action_item(actions_table, action_id)["status"] == "failed"


def test_when_the_campaign_turns_confirmation_off_the_letter_goes_at_once(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    instant = campaign_with(tmp_path, monkeypatch, "instant", confirmation_required=False)
    response = submit(supporter(), campaign=instant)
    assert response.status == 202
    assert response.json()["status"] == "sent"
    assert len(emails_to(MP_EMAIL)) == 1
    assert confirmation_links() == []


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"name": ""}, "name", "Please enter your name"),
        ({"name": "12345"}, "name", "as you would sign"),
        ({"name": "x" * 101}, "name", "100 characters"),
        ({"email": "not-an-email"}, "email", "like name@example.com"),
        ({"email": None}, "email", "Please enter your email"),
        ({"postcode": "hello"}, "postcode", "SW1A 2AA"),
        ({"address": " "}, "address", "street address"),
        ({"address": "\n".join(["line"] * 7)}, "address", "6 lines"),
        ({"message": "x" * 2001}, "message", "2000 characters or fewer (you have 2001)"),
        ({"message": 42}, "message", "as text"),
        ({"consent_updates": "maybe"}, "consent_updates", "tick the box"),
    ],
)
def test_each_bad_field_is_named_with_a_sentence_to_act_on(
    overrides: dict[str, Any], field: str, words: str
) -> None:
    response = submit(supporter(**overrides))
    assert response.status == 400
    body = response.json()
    assert body["field"] == field
    assert words in body["message"]
    assert sent_emails() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Eve\r\nBcc: victim@example.com"),
        ("name", "Eve\nBcc: victim@example.com"),
        ("name", "Eve\rBcc: victim@example.com"),
        ("name", "Eve\u2028Bcc: victim@example.com"),
        ("name", "Eve\x85Bcc: victim@example.com"),
        ("name", "=?utf-8?q?Eve=0D=0ABcc:_victim@example.com?="),
        ("name", "=?UTF-8?B?RXZlDQpCY2M6IHZpY3RpbUBleGFtcGxlLmNvbQ==?="),
        ("email", "jo@example.com\r\nBcc: victim@example.com"),
        ("email", "jo@example.com, victim@example.com"),
        ("email", "Jo <jo@example.com>"),
        ("email", "=?utf-8?q?jo=0D=0ABcc:_victim?=@example.com"),
    ],
)
def test_header_injection_through_the_name_or_email_is_refused(field: str, value: str) -> None:
    response = submit(supporter(**{field: value}))
    assert response.status == 400
    assert response.json()["field"] == field
    assert sent_emails() == []


def test_what_supporters_type_cannot_add_headers_or_markup_to_the_letter() -> None:
    _, link = submit_and_get_link(
        name="Bob <b>Bold</b>",
        address="1 <script>alert(1)</script> Road\r\nBcc: victim@example.com",
        message="Hello\r\nBcc: victim@example.com\r\n\r\n<img src=x onerror=alert(1)>",
    )
    page = call_api("GET", link)
    assert "<script>alert(1)</script>" not in page.body
    assert "<img src=x" not in page.body
    call_api("POST", link)
    [letter] = emails_to(MP_EMAIL)
    assert "victim@example.com" not in letter["headers"].values()
    assert set(letter["headers"]) == {
        "From",
        "To",
        "Reply-To",
        "Subject",
        "Date",
        "MIME-Version",
        "Content-Type",
    }
    assert "&lt;img src=x onerror=alert(1)&gt;" in letter["html"]
    assert "&lt;script&gt;" in letter["html"]
    assert letter["from"] == f'"Bob <b>Bold</b>" <{SENDER}>'


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("{not json", 400, "invalid_json"),
        ("[1, 2]", 400, "invalid_json"),
        ("", 400, "invalid_json"),
        ('{"name": "' + "x" * 20_000 + '"}', 413, "payload_too_large"),
    ],
)
def test_malformed_bodies_get_a_clear_error(body: str, status: int, code: str) -> None:
    response = submit(body)
    assert response.status == status
    assert response.json()["error"] == code
    assert response.json()["message"].endswith(".")


def test_an_mp_and_address_sent_by_the_browser_are_ignored() -> None:
    _, link = submit_and_get_link(
        mp={"email": "attacker@example.com"}, mp_email="attacker@example.com", to="attacker@example.com"
    )
    call_api("POST", link)
    assert emails_to("attacker@example.com") == []
    assert len(emails_to(MP_EMAIL)) == 1


def test_an_unknown_campaign_is_404() -> None:
    for campaign in ("no-such-campaign", "..%2F..%2Fetc", "UPPER"):
        response = submit(supporter(), campaign=campaign)
        assert response.status == 404
        assert response.json()["error"] == "unknown_campaign"


@pytest.mark.parametrize(
    ("postcode", "status", "code"),
    [
        (seats.VACANT, 422, "seat_vacant"),
        (seats.SPEAKER, 422, "mp_is_speaker"),
        (seats.NO_EMAIL, 422, "mp_has_no_email"),
        ("JE2 3AB", 422, "no_westminster_mp"),
        ("ZZ9 9ZZ", 404, "postcode_not_found"),
    ],
)
def test_every_lookup_case_has_a_sensible_answer(postcode: str, status: int, code: str) -> None:
    response = submit(supporter(postcode=postcode))
    assert response.status == status
    assert response.json()["error"] == code
    assert sent_emails() == []


def test_the_speaker_refusal_explains_and_keeps_the_door_open() -> None:
    message = submit(supporter(postcode=seats.SPEAKER)).json()["message"]
    assert "Sir Lindsay Hoyle" in message
    assert "Speaker" in message
    assert "helps constituents" in message


def test_an_mp_without_email_gets_their_postal_address_and_contact_page_and_is_recorded(
    resources: dict[str, str],
) -> None:
    body = submit(supporter(postcode=seats.NO_EMAIL)).json()
    assert body["details"] == {"postal_address": None, "web_url": "https://nomail.example/contact"}
    assert "Ms Nomail Person" in body["message"]
    items = boto3.client("dynamodb").scan(TableName=resources["ActionsTable"])["Items"]
    refusals = [i for i in items if i["pk"]["S"].startswith("refusal#")]
    assert len(refusals) == 1
    assert refusals[0]["reason"]["S"] == "mp_has_no_email"
    assert "jo.bloggs" not in str(refusals)


def test_an_upstream_outage_is_503_and_nothing_is_stored(
    members_stub: MembersApiStub, actions_table: str
) -> None:
    members_stub.fail(Fault(status=500))
    response = submit(supporter())
    assert response.status == 503
    assert response.json()["error"] == "upstream_unavailable"
    assert boto3.client("dynamodb").scan(TableName=actions_table)["Items"] == []


# -- confirmation links -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/confirm/not-a-real-token-but-long-enough-0000", "/confirm/x", "/confirm/%3Cscript%3E"]
)
def test_an_invalid_link_says_so_kindly(path: str) -> None:
    for method in ("GET", "POST"):
        page = call_api(method, path)
        assert page.status == 404
        assert "This link does not work" in page.body
    assert sent_emails() == []


def test_an_expired_link_says_so_and_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    _, link = submit_and_get_link()
    later = wiring.now() + timedelta(days=8)
    monkeypatch.setattr(wiring, "now", lambda: later)
    for method in ("GET", "POST"):
        page = call_api(method, link)
        assert page.status == 410
        assert "expired" in page.body
    assert emails_to(MP_EMAIL) == []


def test_a_send_that_died_mid_way_is_taken_over_once_its_lease_runs_out(
    monkeypatch: pytest.MonkeyPatch, actions_table: str
) -> None:
    action_id, link = submit_and_get_link()
    store = wiring.action_store()
    pending = store.get(action_id)
    assert pending is not None
    assert store.claim_for_sending(pending, wiring.now()) is not None  # then the function died
    in_progress = call_api("POST", link)
    assert in_progress.status == 202
    assert emails_to(MP_EMAIL) == []
    later = wiring.now() + timedelta(minutes=6)
    monkeypatch.setattr(wiring, "now", lambda: later)
    assert call_api("POST", link).status == 200
    assert call_api("POST", link).status == 200
    assert len(emails_to(MP_EMAIL)) == 1
    assert action_item(actions_table, action_id)["send_attempts"] == 2


def test_a_filled_honeypot_is_refused_with_an_explanation_and_sends_nothing() -> None:
    response = submit(supporter(website="http://spam.example"))
    assert response.status == 400
    assert response.json()["error"] == "looks_automated"
    assert "leave the box" in response.json()["message"]
    assert sent_emails() == []


def test_a_letter_deferred_by_ses_is_sent_once_by_the_retry_function(
    monkeypatch: pytest.MonkeyPatch, actions_table: str
) -> None:
    action_id, link = submit_and_get_link()
    throttled = flaky_ses(monkeypatch)
    assert call_api("POST", link).status == 202
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 0, "sent": 0}  # not due yet

    later = wiring.now() + timedelta(minutes=2)
    monkeypatch.setattr(wiring, "now", lambda: later)
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 1, "sent": 0}  # still down
    throttled.down = False
    much_later = later + timedelta(minutes=5)
    monkeypatch.setattr(wiring, "now", lambda: much_later)
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 1, "sent": 1}
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 0, "sent": 0}
    assert len(emails_to(MP_EMAIL)) == 1
    record = action_item(actions_table, action_id)
    assert record["status"] == "sent"
    assert "retry_due" not in record


def test_a_letter_ses_never_takes_is_given_up_and_marked_failed(
    monkeypatch: pytest.MonkeyPatch, actions_table: str
) -> None:
    action_id, link = submit_and_get_link()

    class Down:
        def send(self, email: OutgoingEmail) -> str:
            raise MailUnavailable("SES could not be reached (EndpointConnectionError)")

    down = Down()
    monkeypatch.setattr(wiring, "mailer", lambda: down)
    wiring.e_action.cache_clear()
    call_api("POST", link)
    moment = wiring.now()
    for _ in range(MAX_SEND_ATTEMPTS):
        moment += timedelta(hours=2)
        monkeypatch.setattr(wiring, "now", lambda at=moment: at)
        retry({}, lambda_context("RetryFunction", 120))
    record = action_item(actions_table, action_id)
    assert record["status"] == "failed"
    assert record["failure_reason"].startswith(f"gave up after {MAX_SEND_ATTEMPTS} attempts")


def test_no_ses_client_is_built_until_an_email_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = wiring.aws_client

    def client(service: str, *args: Any, **kwargs: Any) -> Any:
        built.append(service)
        return real(service, *args, **kwargs)

    monkeypatch.setattr(wiring, "aws_client", client)
    assert call_api("GET", f"/c/{CAMPAIGN}").status == 200
    assert call_api("GET", f"/c/{CAMPAIGN}", query="postcode=CF10+1EP").status == 200
    assert call_api("POST", f"/api/campaigns/{CAMPAIGN}/preview", body=supporter()).status == 200
    assert "sesv2" not in built
    assert submit(supporter()).status == 202
    assert built.count("sesv2") == 1

"""Bounces and complaints: every email goes out with the stack's configuration set and tags, and
SES's events for it (through EventBridge, as the template routes them) change what they should.

- a letter an MP's server refused for good is ``not_delivered``, counted and listed for organisers;
- a supporter's mailbox that bounced for good, or reported spam, is emailed by no campaign again;
- a transient bounce changes nothing.
"""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest

from lobbykit.application import wiring
from lobbykit.cli import main
from lobbykit.domain.suppression import SuppressionReason
from lobbykit.handlers.mail_events import lambda_handler
from lobbykit.handlers.retry import lambda_handler as retry
from lobbykit.local.cloudformation import function_environment
from lobbykit.local.outbox import sent_emails
from tests.conftest import PUBLIC_URL
from tests.support.api import call_api, lambda_context
from tests.support.dynamo_faults import throttled
from tests.support.e_action import (
    CAMPAIGN,
    MP_EMAIL,
    action_item,
    campaign_with,
    confirmation_links,
    emails_to,
    flaky_ses,
    submit,
    supporter,
)
from tests.support.metrics import emf_lines, metric_total, metrics_json, organiser_token, send_letter
from tests.support.ses_events import USER_UNKNOWN, bounce, complaint, delivery, through_eventbridge

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
JO = "jo.bloggs@example.com"


@pytest.fixture
def actions_table(resources: dict[str, str]) -> str:
    return resources["ActionsTable"]


def feed(detail: dict[str, Any]) -> str:
    """SES's event, delivered to the mail events function as the template's rule delivers it."""
    answer = lambda_handler(through_eventbridge(detail), lambda_context("MailEventsFunction", 30))
    return str(answer["outcome"])


def the_letter() -> dict[str, Any]:
    [letter] = emails_to(MP_EMAIL)
    return letter


def the_email(subject_start: str, to: str = JO) -> dict[str, Any]:
    [email] = [e for e in emails_to(to) if e["subject"].startswith(subject_start)]
    return email


# -- what goes out -----------------------------------------------------------------------------


def test_every_email_of_the_flow_goes_out_with_the_stacks_configuration_set_and_says_what_it_is(
    api_environment: dict[str, str],
) -> None:
    action_id = send_letter()

    configuration_set = api_environment["LOBBYKIT_SES_CONFIGURATION_SET"]
    assert boto3.client("sesv2").get_configuration_set(ConfigurationSetName=configuration_set)
    kinds = {}
    for email in sent_emails():
        assert email["configuration_set"] == configuration_set
        assert email["tags"]["campaign"] == CAMPAIGN
        assert email["tags"]["action"] == action_id
        assert not any("@" in value for value in email["tags"].values())  # nothing personal
        kinds[email["tags"]["kind"]] = email["to"]
    assert kinds == {"confirmation": [JO], "letter": [MP_EMAIL], "copy": [JO]}


# -- a letter to an MP -------------------------------------------------------------------------


def test_a_permanent_bounce_of_a_letter_marks_it_not_delivered_counts_it_and_lists_its_mp(
    actions_table: str,
) -> None:
    action_id = send_letter()
    token = organiser_token()
    before = metrics_json(token)
    assert (before["sent"], before["not_delivered"]) == (1, 0)

    assert feed(bounce(the_letter())) == "letter_not_delivered"

    item = action_item(actions_table, action_id)
    assert item["status"] == "not_delivered"
    assert item["failure_reason"] == f"General: {USER_UNKNOWN}"
    after = metrics_json(token)
    assert (after["sent"], after["not_delivered"], after["submitted"]) == (0, 1, 1)
    assert [row["sent"] for row in after["by_constituency"]] == [0]
    assert [day["sent"] for day in after["by_day"]] == [0]
    assert after["not_delivered_letters"] == [
        {
            "mp": {"id": item["mp_id"], "name": "Stephen Doughty"},
            "constituency": "Cardiff South and Penarth",
            "letters": 1,
            "last_at": "2026-11-29T10:00:05+00:00",
            "reason": f"General: {USER_UNKNOWN}",
        }
    ]
    assert JO not in repr(after)


def test_the_confirmation_link_of_a_bounced_letter_says_it_did_not_arrive() -> None:
    send_letter()
    feed(bounce(the_letter()))
    page = call_api("GET", confirmation_links()[-1])
    assert "We could not deliver your letter" in page.body
    assert "Stephen Doughty&#39;s email system refused it, so it did not arrive" in page.body
    assert "You can still post it" in page.body
    assert call_api("POST", confirmation_links()[-1]).status == 422
    assert len(emails_to(MP_EMAIL)) == 1  # never sent again


def test_the_same_bounce_delivered_twice_is_counted_once() -> None:
    send_letter()
    assert feed(bounce(the_letter())) == "letter_not_delivered"
    assert feed(bounce(the_letter())) == "ignored"
    body = metrics_json(organiser_token())
    assert (body["not_delivered"], body["not_delivered_letters"][0]["letters"]) == (1, 1)


def test_the_function_counts_letters_not_delivered_and_mailboxes_suppressed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    send_letter()
    capsys.readouterr()  # the journey's own metrics
    feed(bounce(the_letter()))
    feed(bounce(the_letter()))  # SES may deliver an event twice: the letter is counted once
    feed(complaint(the_email("Your letter")))
    feed(complaint(the_email("Your letter")))  # and a mailbox is suppressed once
    lines = emf_lines(capsys.readouterr().out)
    assert metric_total(lines, "LettersNotDelivered") == 1
    assert metric_total(lines, "MailboxesSuppressed") == 1


def test_a_transient_bounce_changes_nothing(actions_table: str) -> None:
    action_id = send_letter()
    assert feed(bounce(the_letter(), kind="Transient", subtype="MailboxFull")) == "ignored"
    assert feed(bounce(the_email("Your letter"), kind="Transient", subtype="MailboxFull")) == "ignored"

    assert action_item(actions_table, action_id)["status"] == "sent"
    assert metrics_json(organiser_token())["not_delivered"] == 0
    assert submit(supporter(email=JO, postcode="IV3 5SS")).status == 202  # Jo may still be emailed


def test_a_bounced_letter_does_not_stop_the_supporter_being_emailed() -> None:
    send_letter()
    feed(bounce(the_letter()))
    assert submit(supporter(postcode="IV3 5SS")).status == 202


def test_a_delivery_event_changes_nothing() -> None:
    send_letter()
    assert feed_bare_delivery(delivery(the_letter())) == "ignored"
    assert metrics_json(organiser_token())["sent"] == 1


def feed_bare_delivery(detail: dict[str, Any]) -> str:
    """The rule routes bounces and complaints only; the function ignores anything else all the same."""
    event = {**through_eventbridge(bounce(the_letter())), "detail-type": "Email Delivered", "detail": detail}
    return str(lambda_handler(event, lambda_context("MailEventsFunction", 30))["outcome"])


def test_an_event_the_function_cannot_read_is_dropped_and_changes_nothing() -> None:
    send_letter()
    event = through_eventbridge(bounce(the_letter()))
    del event["detail"]["mail"]["messageId"]
    assert lambda_handler(event, lambda_context("MailEventsFunction", 30)) == {"outcome": "ignored"}
    assert metrics_json(organiser_token())["sent"] == 1


# -- a supporter's mailbox ---------------------------------------------------------------------


def test_a_supporters_bounced_confirmation_means_no_campaign_emails_that_mailbox_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert submit(supporter()).status == 202
    assert feed(bounce(the_email("Please confirm"))) == "supporter_suppressed"
    emails_before = len(sent_emails())
    submitted_before = metrics_json(organiser_token())["submitted"]

    # The same mailbox, however written, to another MP: refused before anything is stored or sent.
    refused = submit(supporter(email="Jo.Bloggs+again@EXAMPLE.com", postcode="IV3 5SS"))
    assert refused.status == 422
    assert refused.json()["error"] == "email_undeliverable"
    assert refused.json()["field"] == "email"
    assert "different email address" in refused.json()["message"]
    assert len(sent_emails()) == emails_before
    assert metrics_json(organiser_token())["submitted"] == submitted_before

    other = campaign_with(tmp_path, monkeypatch, "another-campaign")
    assert submit(supporter(postcode="IV3 5SS"), campaign=other).status == 422
    assert submit(supporter(email="someone.else@example.com", postcode="IV3 5SS")).status == 202


def test_the_action_page_without_javascript_asks_for_another_address_next_to_the_email_box() -> None:
    wiring.suppression_list().suppress(JO, SuppressionReason.BOUNCE, wiring.now())
    form = {
        "postcode": "CF10 1EP",
        "name": "Jo Bloggs",
        "email": JO,
        "address": "1 Test Street",
        "step": "send",
    }
    page = call_api(
        "POST",
        f"/c/{CAMPAIGN}",
        body=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status == 422
    assert page.headers["Content-Type"].startswith("text/html")
    assert 'id="email-error"' in page.body
    assert "Please use a different email address." in page.body
    assert 'value="Jo Bloggs"' in page.body  # what was typed is kept
    assert sent_emails() == []


def test_a_supporter_who_marks_our_email_as_spam_is_emailed_no_more() -> None:
    send_letter()
    assert feed(complaint(the_email("Your letter"))) == "supporter_suppressed"
    assert feed(complaint(the_email("Your letter"))) == "ignored"  # SES delivered it twice
    assert submit(supporter(postcode="IV3 5SS")).json()["error"] == "email_undeliverable"


def test_a_supporter_suppressed_after_submitting_still_has_their_letter_sent_but_gets_no_copy() -> None:
    assert submit(supporter()).status == 202
    assert feed(complaint(the_email("Please confirm"))) == "supporter_suppressed"

    assert call_api("POST", confirmation_links()[-1]).status == 200
    assert len(emails_to(MP_EMAIL)) == 1
    assert [e["tags"]["kind"] for e in emails_to(JO)] == ["confirmation"]


def test_when_the_suppression_list_cannot_be_read_the_letter_still_goes_and_no_copy_does() -> None:
    assert submit(supporter()).status == 202
    with throttled("GetItem", matching="suppressed#") as refused:
        assert call_api("POST", confirmation_links()[-1]).status == 200
    assert refused  # the copy's check met the throttling, past botocore's retries
    assert len(emails_to(MP_EMAIL)) == 1
    assert [e["tags"]["kind"] for e in emails_to(JO)] == ["confirmation"]


def test_an_mps_office_reporting_a_letter_as_spam_suppresses_no_one() -> None:
    send_letter()
    assert feed(complaint(the_letter())) == "ignored"
    assert wiring.suppression_list().is_suppressed(MP_EMAIL) is False
    assert submit(supporter(email="another@example.com")).status == 202


# -- what organisers see -----------------------------------------------------------------------


def organiser_page() -> str:
    """The campaign's organiser page, signed in as a browser would be (the sign-in form's cookie)."""
    signed_in = call_api(
        "POST",
        "/organiser",
        body=urlencode({"token": organiser_token(), "campaign": CAMPAIGN}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    [cookie] = signed_in.cookies
    page = call_api("GET", f"/organiser/{CAMPAIGN}", headers={"Cookie": cookie.split(";")[0]})
    assert page.status == 200
    return page.body


def test_the_organiser_page_lists_each_mp_whose_email_system_refused_letters_and_why() -> None:
    send_letter()
    send_letter(email="sam.roe@example.com")
    for letter in emails_to(MP_EMAIL):
        event = bounce(letter)
        event["bounce"]["bouncedRecipients"][0]["diagnosticCode"] = "smtp; 550 <b>no such user</b>"
        assert feed(event) == "letter_not_delivered"

    body = organiser_page()
    assert "Letters not delivered" in body
    assert (
        "<strong>Stephen Doughty</strong>, MP for Cardiff South and Penarth: 2 letters refused, "
        "the last on 29 November 2026. Their email system said: “General: smtp; 550 &lt;b&gt;no such user"
    ) in body
    assert "<b>no such user" not in body  # a mail server's words are shown, never run
    assert "Not delivered (the MP&#39;s email system refused it)" in body
    assert JO not in body
    assert "Jo Bloggs" not in body


def test_lobbykit_metrics_lists_the_letters_not_delivered_too(capsys: pytest.CaptureFixture[str]) -> None:
    send_letter()
    feed(bounce(the_letter()))
    capsys.readouterr()  # the functions' own logs
    assert main(["metrics", CAMPAIGN]) == 0
    out = capsys.readouterr().out
    heading = "Letters not delivered: the MP's email system refused them"
    table = out.split(f"\n{heading}\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [re.split(r"\s{2,}", line.strip()) for line in table] == [
        ["MP", "Constituency", "Last refused", "Why", "Letters"],
        ["Stephen Doughty", "Cardiff South and Penarth", "2026-11-29", f"General: {USER_UNKNOWN}", "1"],
    ]
    assert re.search(r"Not delivered \(the MP's email system refused it\) +1\n", out)


# -- the retry function, with only its own environment ------------------------------------------


def test_a_deferred_letter_sent_by_the_retry_function_copies_the_supporter_unless_suppressed(
    monkeypatch: pytest.MonkeyPatch,
    template: dict[str, Any],
    resources: dict[str, str],
    api_environment: dict[str, str],
) -> None:
    building_the_mailer = wiring.mailer
    for body in (supporter(), supporter(email="sam.roe@example.com")):
        assert submit(body).status == 202
    flaky_ses(monkeypatch)
    for link in confirmation_links():
        assert call_api("POST", link).status == 202  # confirmed, deferred
    assert feed(complaint(the_email("Please confirm", to="sam.roe@example.com"))) == "supporter_suppressed"

    # The retry function runs with the template's environment for it, and nothing else.
    for name in api_environment:
        monkeypatch.delenv(name)
    environment = function_environment(template, "RetryFunction", resources)
    environment["LOBBYKIT_PUBLIC_URL"] = PUBLIC_URL  # a parameter the deployer gives
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(wiring, "mailer", building_the_mailer)  # SES takes letters again
    later = wiring.now() + timedelta(minutes=2)
    wiring.reset()
    monkeypatch.setattr(wiring, "now", lambda: later)
    assert retry({}, lambda_context("RetryFunction", 120)) == {"tried": 2, "sent": 2}

    assert len(emails_to(MP_EMAIL)) == 2
    assert [e["tags"]["kind"] for e in emails_to(JO)] == ["confirmation", "copy"]
    assert [e["tags"]["kind"] for e in emails_to("sam.roe@example.com")] == ["confirmation"]

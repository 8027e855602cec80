"""The public action page without JavaScript: server-rendered steps through the API function."""

import re
from urllib.parse import urlencode

import pytest

from lobbykit.application import wiring
from lobbykit.domain.mail import MailRejected, OutgoingEmail
from lobbykit.local.members_stub import Fault, MembersApiStub
from lobbykit.local.outbox import sent_emails
from tests.support import members_data as seats
from tests.support.api import ApiResponse, call_api
from tests.support.e_action import CAMPAIGN, confirmation_links, emails_to

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")
PAGE = f"/c/{CAMPAIGN}"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DETAILS = {
    "postcode": "CF10 1EP",
    "name": "Jo Bloggs",
    "email": "jo@example.com",
    "address": "1 Test Street\r\nPenarth",
    "message": "Our daughter waited 18 months for an assessment.",
}


def post(fields: dict[str, str]) -> ApiResponse:
    return call_api("POST", PAGE, body=urlencode(fields), headers=FORM)


def field_error(page: ApiResponse, field: str) -> str:
    match = re.search(
        rf'<span class="field-error" id="{field}-error">.*?</span> (.*?)</span>', page.body, re.S
    )
    assert match, f"no error shown next to {field}"
    return match.group(1)


def test_the_first_step_explains_the_ask_and_asks_for_a_postcode() -> None:
    page = call_api("GET", PAGE)
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en-GB">' in page.body
    assert "<h1>Send in the specialists</h1>" in page.body
    assert "speech and language therapists" in page.body
    assert '<label for="postcode">Your postcode</label>' in page.body
    assert 'autocomplete="postal-code"' in page.body
    assert "Open Parliament Licence v3.0" in page.body
    assert 'name="email"' not in page.body


def test_a_postcode_shows_the_mp_the_letter_and_the_details_form() -> None:
    page = call_api("GET", PAGE, query="postcode=cf10+1ep")
    assert page.status == 200
    assert (
        "Your MP is <strong>Stephen Doughty</strong> (Labour), MP for Cardiff South and Penarth." in page.body
    )
    assert "Dear Stephen Doughty," in page.body
    assert '<textarea id="message" name="message" rows="6" maxlength="2000"' in page.body
    assert "MPs pay most attention to letters that tell them why the issue matters to you" in page.body
    for field in ("name", "email", "address"):
        assert f'<label for="{field}">' in page.body
    assert 'type="checkbox" value="on">' in page.body  # consent is separate and unticked
    assert "checked" not in page.body
    assert 'value="CF10 1EP"' in page.body


@pytest.mark.parametrize(
    ("postcode", "words"),
    [
        ("hello", "A UK postcode has two parts"),
        ("JE2 3AB", "Jersey"),
        ("ZZ9 9ZZ", "We could not find the constituency for ZZ9 9ZZ"),
    ],
)
def test_postcode_problems_appear_next_to_the_postcode_box(postcode: str, words: str) -> None:
    page = call_api("GET", PAGE, query=urlencode({"postcode": postcode}))
    assert page.status in (400, 404, 422)
    assert words in field_error(page, "postcode")
    assert '<a href="#postcode">' in page.body
    assert 'aria-invalid="true"' in page.body
    assert "<title>Error: " in page.body


def test_an_upstream_outage_is_explained_next_to_the_postcode(members_stub: MembersApiStub) -> None:
    members_stub.fail(Fault(status=500))
    page = call_api("GET", PAGE, query="postcode=CF10+1EP")
    assert page.status == 503
    assert "try again in a few minutes" in field_error(page, "postcode")


@pytest.mark.parametrize(
    ("postcode", "words"),
    [
        (seats.SPEAKER, "is the Speaker of the House of Commons"),
        (seats.VACANT, "the seat is vacant"),
        (seats.NO_EMAIL, "has no email address listed by Parliament"),
    ],
)
def test_an_mp_who_cannot_receive_the_letter_is_explained_without_a_form(postcode: str, words: str) -> None:
    page = call_api("GET", PAGE, query=urlencode({"postcode": postcode}))
    assert page.status == 200
    assert "We cannot send this letter for you" in page.body
    assert words in page.body
    assert 'name="email"' not in page.body


def test_missing_details_are_listed_in_a_summary_linked_to_each_field() -> None:
    page = post({"postcode": "CF10 1EP", "name": "", "email": "nope", "address": "", "step": "preview"})
    assert page.status == 400
    summary = page.body[
        page.body.index('class="error-summary"') : page.body.index(
            "</div>", page.body.index('class="error-summary"')
        )
    ]
    for field in ("name", "email", "address"):
        assert f'<a href="#{field}">' in summary
    assert "Please enter your name." in field_error(page, "name")
    assert "like name@example.com" in field_error(page, "email")
    assert 'value="nope"' in page.body  # nothing typed is lost


def test_preview_then_send_then_confirm_delivers_the_letter() -> None:
    preview = post({**DETAILS, "step": "preview"})
    assert preview.status == 200
    assert "Check your letter" in preview.body
    assert "Our daughter waited 18 months for an assessment." in preview.body
    assert sent_emails() == []

    edit = post({**DETAILS, "step": "edit"})
    assert "Our daughter waited 18 months" in edit.body
    assert '<textarea id="message"' in edit.body

    sent = post({**DETAILS, "step": "send"})
    assert sent.status == 202
    assert "Check your email" in sent.body
    assert "jo@example.com" in sent.body
    [link] = confirmation_links()
    thanks = call_api("POST", link)
    assert "Your letter has been sent" in thanks.body
    for service in ("X", "Bluesky", "Facebook", "WhatsApp", "email"):
        assert f"Share on {service}" in thanks.body or f"Share by {service}" in thanks.body
    assert "%23SENDInTheSpecialists" in thanks.body
    [letter] = emails_to("stephen.doughty.mp@parliament.example")
    assert "Our daughter waited 18 months for an assessment." in letter["text"]


def test_sending_twice_from_the_page_says_already_sent() -> None:
    post({**DETAILS, "step": "send"})
    call_api("POST", confirmation_links()[0])
    again = post({**DETAILS, "step": "send"})
    assert again.status == 409
    assert "already written to Stephen Doughty" in again.body


def test_an_unknown_campaign_page_is_a_404_page() -> None:
    page = call_api("GET", "/c/no-such-campaign")
    assert page.status == 404
    assert "Page not found" in page.body


def test_the_stylesheet_and_script_are_served() -> None:
    css = call_api("GET", "/static/site.css")
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    script = call_api("GET", "/static/action.js")
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert call_api("GET", "/static/../campaign.toml").status == 404


def test_a_confirmation_email_that_cannot_go_is_explained_on_the_form_keeping_what_was_typed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Refusing:
        def send(self, email: OutgoingEmail) -> str:
            raise MailRejected("the address is on the suppression list")

    monkeypatch.setattr(wiring, "mailer", Refusing)
    wiring.e_action.cache_clear()
    page = post({**DETAILS, "step": "send"})
    assert page.status == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert "We could not send the email to confirm your letter" in page.body
    assert 'value="Jo Bloggs"' in page.body

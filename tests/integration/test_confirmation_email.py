"""The confirmation email goes to whatever address was typed, so it carries nothing a stranger wrote.

Anyone can type someone else's email address. If the confirmation email repeated the submitter's
own words, postal address or name, it would be a way to send anybody a message of one's choosing
from the coalition's verified, DKIM-signed domain. It says only who the letter is to and where
to read and send it; the confirmation page shows the whole letter.
"""

import re
from typing import Any
from urllib.parse import urlencode

import pytest

from lobbykit.local.outbox import sent_emails
from tests.support.api import call_api
from tests.support.e_action import MP_EMAIL, confirmation_links, emails_to, submit, supporter

pytestmark = pytest.mark.usefixtures("api_environment", "verified_senders")

VICTIM = "victim@example.net"
PHISHING = "Your bank account is locked. Unlock it at https://evil.example/login before midnight."
ADDRESS = "Flat 9, Phish House\nCall 0800 000 000 now"
NAME = "Security Team Barclays"


def test_a_stranger_typing_someone_elses_address_cannot_put_their_words_in_the_email() -> None:
    response = submit(supporter(email=VICTIM, name=NAME, message=PHISHING, address=ADDRESS))
    assert response.status == 202, response.body

    [email] = emails_to(VICTIM)
    assert email["subject"] == "Please confirm your letter to Stephen Doughty"
    assert email["to"] == [VICTIM]
    everything = " ".join([email["text"], email["html"], *email["headers"].values()])
    for typed in ("evil.example", "bank account", "Phish House", "0800 000 000", "Security Team", "Barclays"):
        assert typed not in everything, typed
    assert "Stephen Doughty, MP for Cardiff South and Penarth" in email["text"]
    assert "Stephen Doughty, MP for Cardiff South and Penarth" in email["html"]
    [link] = confirmation_links()
    assert link in email["html"]


def test_the_confirmation_page_still_shows_the_whole_letter() -> None:
    submit(supporter(message="Our son waited two years for an assessment."))
    [link] = confirmation_links()
    page = call_api("GET", link)
    assert page.status == 200
    assert "Our son waited two years for an assessment." in page.body
    assert "1 Test Street" in page.body
    assert "Jo Bloggs" in page.body


@pytest.mark.parametrize(
    "name",
    [
        "Jo https://evil.example/x",
        "Jo http://evil.example",
        "Visit www.evil.example",
        "WWW.EVIL.EXAMPLE",
        "jo@evil.example",
        "Jo Bloggs (jo＠evil.example)",  # a full-width at sign
        "ｗｗｗ．evil．example",  # full-width letters and full stops
        "Jo ftp://files.example",
        "Jo\x00Bloggs",
        "Jo\x1bBloggs",
        "Jo\u202eBloggs",  # right-to-left override
        "Jo\tBloggs",
    ],
)
def test_a_name_with_a_link_an_address_or_control_characters_is_refused(name: str) -> None:
    response = submit(supporter(name=name))
    assert response.status == 400
    body = response.json()
    assert (body["error"], body["field"]) == ("invalid_field", "name")
    assert body["message"].startswith("Please")
    assert body["message"].endswith(".")
    assert sent_emails() == []


@pytest.mark.parametrize(
    "name", ["Jo Bloggs", "Siân O'Brien-Lloyd", "Dr. J. R. R. Tolkien", "Zoë Renée St. John", "李小龍"]
)
def test_real_names_are_accepted(name: str) -> None:
    assert submit(supporter(name=name)).status == 202


def test_the_page_explains_the_refused_name_beside_its_box_keeping_what_was_typed() -> None:
    details: dict[str, Any] = {
        "postcode": "CF10 1EP",
        "name": "Jo www.evil.example",
        "email": "jo@example.com",
        "address": "1 Test Street",
        "message": "Two years on a waiting list.",
        "step": "send",
    }
    page = call_api(
        "POST",
        "/c/send-in-the-specialists",
        body=urlencode(details),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert page.status == 400
    match = re.search(r'<span class="field-error" id="name-error">.*?</span> (.*?)</span>', page.body, re.S)
    assert match is not None
    assert "just your name" in match.group(1)
    assert 'value="Jo www.evil.example"' in page.body
    assert "Two years on a waiting list." in page.body
    assert sent_emails() == []
    assert emails_to(MP_EMAIL) == []

"""The whole journey in Chromium: postcode, MP, own words, preview, email link, send, thank you.

Run at desktop width and on a 320 px phone, with JavaScript (steps swapped in without reloads,
focus moved to the new content) and without (plain server-rendered pages). Every state on the
way is scanned by axe and checked for sideways scrolling and CSP reports.
"""

from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.support.action_page import Letter, Supporter
from tests.support.e_action import SENDER

pytestmark = pytest.mark.browser

MP_EMAIL = "stephen.doughty.mp@parliament.example"
SHARE_SERVICES = ("X", "Bluesky", "Facebook", "WhatsApp", "email")


def letter_for(supporter: Supporter) -> Letter:
    """One letter per parametrised run: its own email address and its own words."""
    run = f"{supporter.viewport}-{'js' if supporter.javascript else 'no-js'}"
    return Letter(
        email=f"jo.{run}@example.com",
        message=f"Our daughter waited 18 months for a speech and language therapist ({run}).",
    )


def letters_to_the_mp(supporter: Supporter, letter: Letter) -> list[dict[str, Any]]:
    return [email for email in supporter.emails_to(MP_EMAIL) if letter.message in email["text"]]


def test_given_a_postcode_when_the_supporter_previews_sends_and_confirms_then_the_mp_gets_their_letter(
    supporter: Supporter,
) -> None:
    page, letter = supporter.page, letter_for(supporter)

    supporter.open()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send in the specialists")
    supporter.check()

    supporter.find_mp("cf10 1ep")
    expect(page.locator("#your-mp")).to_have_text(
        "Your MP is Stephen Doughty (Labour), MP for Cardiff South and Penarth."
    )
    consent = page.get_by_role("checkbox")
    expect(consent).to_have_count(1)
    expect(consent).not_to_be_checked()
    supporter.assert_no_reload()
    if supporter.javascript:
        assert supporter.focused() == "your-mp"
    supporter.check()

    supporter.write(letter)
    supporter.press("Preview my letter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your letter")
    expect(supporter.main).to_contain_text(letter.message)
    assert supporter.emails_to(letter.email) == []
    supporter.assert_no_reload()
    if supporter.javascript:
        assert supporter.focused() == "h1"
    supporter.check()

    supporter.press("Send my letter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(supporter.main).to_contain_text(letter.email)
    supporter.assert_no_reload()
    supporter.check()
    assert letters_to_the_mp(supporter, letter) == []

    link = supporter.confirmation_link(letter.email)
    supporter.open(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send your letter")
    expect(supporter.main).to_contain_text(letter.message)
    assert letters_to_the_mp(supporter, letter) == [], "opening the link must send nothing"
    supporter.check()

    supporter.press("Send my letter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your letter has been sent")
    shares = page.get_by_role("region", name="Ask others to write too").get_by_role("link")
    expect(shares).to_have_count(len(SHARE_SERVICES))
    for service, share in zip(SHARE_SERVICES, shares.all(), strict=True):
        assert service in share.inner_text()
        assert "#SENDInTheSpecialists" in unquote(share.get_attribute("href") or "")
    supporter.check()

    [sent] = letters_to_the_mp(supporter, letter)
    assert sent["to"] == [MP_EMAIL]
    assert sent["from"] == f"{letter.name} <{SENDER}>"
    assert sent["reply_to"] == [letter.email]

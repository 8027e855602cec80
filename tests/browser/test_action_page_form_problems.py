"""Every problem after the MP is found, as a supporter sees it, with and without JavaScript.

Missing details, own words that are too long, a second letter to the same MP, and links that do
not work: each is explained in words the supporter can act on, next to the field concerned, and
each state is scanned by axe at desktop and 320 px phone widths.
"""

import pytest
from playwright.sync_api import expect

from tests.support.action_page import TWO_WAYS, Letter, Supporter
from tests.support.members_data import INVERNESS, WALES

pytestmark = pytest.mark.browser

MAX_OWN_WORDS = 2000


def run_name(supporter: Supporter) -> str:
    return f"{supporter.viewport}-{'js' if supporter.javascript else 'no-js'}"


def test_given_an_empty_form_when_previewed_then_a_summary_links_to_each_field_and_each_says_why(
    supporter: Supporter,
) -> None:
    supporter.open()
    supporter.find_mp(WALES)
    supporter.press("Preview my letter")

    summary = supporter.page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)  # the email address is asked for only when sending
    assert [link.get_attribute("href") for link in links.all()] == ["#name", "#address"]
    assert "Please enter your name." in supporter.field_error("name")
    assert "Please enter your street address." in supporter.field_error("address")
    expect(supporter.page.locator("#email")).not_to_have_attribute("aria-invalid", "true")
    expect(supporter.page.get_by_role("checkbox")).not_to_be_checked()
    if supporter.javascript:
        assert supporter.focused() == "error-summary"
    supporter.assert_no_reload()
    supporter.check()

    for link in links.all():
        link.click()
        assert supporter.focused() == (link.get_attribute("href") or "").lstrip("#")


@TWO_WAYS
def test_given_own_words_over_the_limit_when_previewed_then_the_box_asks_to_shorten_them_keeping_them(
    supporter: Supporter,
) -> None:
    letter = Letter(email=f"long.{run_name(supporter)}@example.com", message="Waiting. " * 250)
    supporter.open()
    supporter.find_mp(WALES)
    # The box stops typing at the limit; a browser that ignores maxlength, or a paste, gets here.
    supporter.page.locator("#message").evaluate("box => box.removeAttribute('maxlength')")
    supporter.write(letter)
    supporter.press("Preview my letter")

    error = supporter.field_error("message")
    assert f"Please shorten your own words to {MAX_OWN_WORDS} characters or fewer" in error
    assert f"(you have {len(letter.message.strip())})" in error
    expect(supporter.page.locator("#message")).to_have_value(letter.message)
    expect(supporter.page.get_by_label("Your full name")).to_have_value(letter.name)
    supporter.assert_no_reload()
    supporter.check()


@TWO_WAYS
def test_given_a_letter_already_sent_when_the_supporter_sends_again_then_both_routes_say_it_went_once(
    supporter: Supporter,
) -> None:
    letter = Letter(email=f"twice.{run_name(supporter)}@example.com")
    supporter.send_and_confirm(letter, INVERNESS)
    letters_before = len(supporter.emails_to("angus.macdonald.mp@parliament.example"))

    supporter.start_letter(INVERNESS, letter)
    supporter.press("Preview my letter")
    supporter.press("Send my letter")
    expect(supporter.page.get_by_role("alert")).to_contain_text(
        "you have already written to Mr Angus MacDonald for this campaign"
    )
    supporter.assert_no_reload()
    supporter.check()

    supporter.open(supporter.confirmation_link(letter.email))
    expect(supporter.page.get_by_role("heading", level=1)).to_have_text("Your letter has already been sent")
    expect(supporter.page.get_by_role("button", name="Send my letter")).to_have_count(0)
    supporter.check()
    assert len(supporter.emails_to("angus.macdonald.mp@parliament.example")) == letters_before


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/confirm/not-a-real-link", "This link does not work"), ("/c/no-such-campaign", "Page not found")],
    ids=["confirmation-link", "campaign"],
)
@TWO_WAYS
def test_given_a_link_that_leads_nowhere_when_opened_then_the_page_says_so_in_the_same_design(
    supporter: Supporter, path: str, heading: str
) -> None:
    supporter.open(path)
    expect(supporter.page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(supporter.page.get_by_role("button")).to_have_count(0)
    supporter.check()

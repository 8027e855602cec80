"""Every problem with the postcode step, as a supporter sees it, with and without JavaScript.

The message sits next to the postcode box and in an error summary that takes focus (with
JavaScript) and links to the box; a seat whose MP cannot receive the letter is explained with
no form at all. Each state is scanned by axe at desktop and 320 px phone widths. The words for
each kind of problem (a malformed postcode, Jersey, the Members API down, the Speaker, a vacant
seat) are tests/integration/test_action_page.py's: here each state is shown once, four ways.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from lobbykit.local.stack import LocalStack
from tests.support.action_page import Supporter
from tests.support.members_data import NO_EMAIL, stub_dataset

pytestmark = pytest.mark.browser


def assert_postcode_problem(supporter: Supporter, words: str) -> None:
    """The problem is shown next to the box and in a summary that links to it, and no MP is shown."""
    summary = supporter.page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#postcode")
    assert words in supporter.field_error("postcode")
    expect(supporter.page.locator("#your-mp")).to_have_count(0)
    expect(supporter.page.get_by_label("Your email address")).to_have_count(0)
    assert supporter.page.title().startswith("Error: ")
    if supporter.javascript:
        assert supporter.focused() == "error-summary"
    supporter.assert_no_reload()
    supporter.check()


def test_given_a_postcode_with_no_mp_to_write_to_when_looked_up_then_the_box_says_why(
    supporter: Supporter,
) -> None:
    supporter.open()
    supporter.find_mp("ZZ9 9ZZ")
    assert_postcode_problem(supporter, "We could not find the constituency for ZZ9 9ZZ")
    expect(supporter.page.get_by_label("Your postcode")).to_have_value("ZZ9 9ZZ")


@pytest.fixture
def odd_seats(stack: LocalStack) -> Iterator[None]:
    """The stub answers the test dataset's odd seats (vacant, no email) too, for this test."""
    stub = stack.members_stub
    assert stub is not None, "the browser tests' stack runs offline, on the bundled stub"
    sample, stub.dataset = stub.dataset, stub_dataset()
    yield
    stub.dataset = sample


@pytest.mark.usefixtures("odd_seats")
def test_given_a_seat_whose_mp_cannot_get_the_letter_when_looked_up_then_the_page_explains_why(
    supporter: Supporter,
) -> None:
    supporter.open()
    supporter.find_mp(NO_EMAIL)
    panel = supporter.page.locator("#no-letter")
    expect(panel).to_contain_text("We cannot send this letter for you")
    expect(panel).to_contain_text("has no email address listed by Parliament")
    expect(panel).to_contain_text("Contact them through their own website")
    expect(supporter.page.get_by_label("Your email address")).to_have_count(0)
    expect(supporter.page.get_by_role("button", name="Preview my letter")).to_have_count(0)
    if supporter.javascript:
        assert supporter.focused() == "no-letter"
    supporter.assert_no_reload()
    supporter.check()

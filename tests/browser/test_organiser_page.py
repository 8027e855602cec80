"""The organiser page in Chromium, on a desktop and a 320 px phone, with and without JavaScript:
token sign-in, the session cookie a browser keeps, the numbers, chart, map and sortable table, and axe."""

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from lobbykit.local.stack import LocalStack
from tests.support.axe import assert_no_axe_violations
from tests.support.http import request

pytestmark = pytest.mark.browser
CAMPAIGN = "send-in-the-specialists"


@pytest.fixture(scope="module")
def with_a_letter(stack: LocalStack) -> LocalStack:
    """One letter sent through the stack (offline sample data: Inverness), as a supporter would."""
    letter = {
        "name": "Jo Bloggs",
        "email": "jo.bloggs@example.com",
        "postcode": "IV3 5SS",
        "address": "1 Test Street\nInverness",
        "message": "My daughter waited 18 months for speech and language therapy.",
    }
    submitted = request(
        f"{stack.url}/api/campaigns/{CAMPAIGN}/actions",
        "POST",
        json.dumps(letter).encode(),
        {"Content-Type": "application/json"},
    )
    assert submitted.status == 202, submitted.body
    [link] = [m for e in stack.outbox() for m in re.findall(r"/confirm/[A-Za-z0-9_-]+", e["text"])]
    assert request(f"{stack.url}{link}", "POST").status == 200
    return stack


def sign_in(page: Page, stack: LocalStack) -> None:
    page.goto(f"{stack.url}/organiser/{CAMPAIGN}")
    page.get_by_label("Organiser token").fill(stack.token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("the numbers so far")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_organiser_signs_in_and_reads_the_numbers_chart_map_and_table(
    new_page: Callable[..., Page], with_a_letter: LocalStack, viewport: str, javascript: bool
) -> None:
    page = new_page(viewport, javascript=javascript)
    page.goto(f"{with_a_letter.url}/organiser/{CAMPAIGN}")
    assert_no_axe_violations(page)

    page.get_by_label("Organiser token").fill("lk_not-the-token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That token is not valid")
    assert_no_axe_violations(page)

    sign_in(page, with_a_letter)
    [cookie] = page.context.cookies()
    assert (cookie["name"], cookie["path"]) == ("lobbykit_organiser", "/organiser")
    assert with_a_letter.token not in cookie["value"]  # an opaque session id, not the token
    assert (cookie["httpOnly"], cookie["secure"], cookie["sameSite"]) == (True, True, "Lax")

    expect(page.get_by_role("img", name=re.compile("Bar chart of letters sent each day"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Hex map of the 650"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Letters sent by constituency"))
    expect(table.get_by_role("rowheader", name="Inverness, Skye and West Ross-shire")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]
    assert_no_axe_violations(page)

    table.get_by_role("link", name=re.compile("^Letters sent")).click()
    expect(table.get_by_role("columnheader", name=re.compile("^Letters sent"))).to_have_attribute(
        "aria-sort", "descending"
    )
    assert "sort=sent&order=desc" in page.url
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("Organiser token")).to_be_visible()
    assert page.context.cookies() == []


def test_the_numbers_are_not_shown_without_signing_in(page: Page, with_a_letter: LocalStack) -> None:
    page.goto(f"{with_a_letter.url}/organiser/{CAMPAIGN}")
    expect(page.get_by_label("Organiser token")).to_be_visible()
    expect(page.get_by_text("Inverness, Skye and West Ross-shire")).to_have_count(0)

"""In Chromium: another site's page cannot post our forms, and our own forms still say where
they come from (so they are never mistaken for another site's).

The other site is ``http://localhost:<port>``: another origin (and another site) than the stack's
``http://127.0.0.1:<port>``, served by the browser itself so no second server is needed.
"""

from collections.abc import Callable
from html import escape

import pytest
from playwright.sync_api import Page, Request, expect

from lobbykit.local.stack import LocalStack

pytestmark = pytest.mark.browser
CAMPAIGN = "send-in-the-specialists"


def attacker_page(page: Page, stack: LocalStack, action: str, fields: dict[str, str]) -> None:
    """Open a page on another origin whose form posts ``fields`` to ``action`` on the stack."""
    other_site = stack.url.replace("127.0.0.1", "localhost") + "/prize"
    inputs = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items()
    )
    html = (
        '<!doctype html><html lang="en"><title>Win a prize</title>'
        f'<form method="post" action="{stack.url}{action}">{inputs}<button>Claim your prize</button></form>'
    )
    page.route(other_site, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(other_site)


def test_another_sites_form_cannot_send_a_letter(new_page: Callable[..., Page], stack: LocalStack) -> None:
    page = new_page("phone", javascript=False)
    letter = {
        "step": "send",
        "postcode": "IV3 5SS",
        "name": "Jo Bloggs",
        "email": "tricked@example.com",
        "address": "1 Test Street\nInverness",
        "message": "Sent by another site.",
    }
    attacker_page(page, stack, f"/c/{CAMPAIGN}", letter)
    page.get_by_role("button", name="Claim your prize").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not do that")
    expect(page.get_by_text("This form was sent from another website")).to_be_visible()
    assert not [email for email in stack.outbox() if "tricked@example.com" in email["to"]]


def test_another_sites_form_cannot_sign_an_organiser_in(
    new_page: Callable[..., Page], stack: LocalStack
) -> None:
    page = new_page("desktop", javascript=True)
    attacker_page(page, stack, "/organiser", {"token": stack.token})
    page.get_by_role("button", name="Claim your prize").click()
    expect(page.get_by_text("This form was sent from another website")).to_be_visible()
    assert page.context.cookies() == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_our_own_forms_carry_our_origin(
    new_page: Callable[..., Page], stack: LocalStack, javascript: bool
) -> None:
    """With our referrer policy Chromium sends our real origin, not ``null``, with a form's POST."""
    page = new_page("desktop", javascript=javascript)
    posted: list[Request] = []
    page.on("request", lambda request: posted.append(request) if request.method == "POST" else None)
    page.goto(f"{stack.url}/c/{CAMPAIGN}?postcode=IV3+5SS")
    page.get_by_label("Your full name").fill("Jo Bloggs")
    page.get_by_label("Your email address").fill("jo.origin@example.com")
    page.get_by_label("Your street address").fill("1 Test Street\nInverness")
    page.get_by_role("button", name="Preview my letter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your letter")
    [form_post] = posted
    assert form_post.all_headers()["origin"] == stack.url

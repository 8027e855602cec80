"""A campaign with Cloudflare Turnstile on: honest without JavaScript, accessible, and CSP-clean.

Cloudflare cannot be reached from a test (requests leave only for loopback), so the widget never
renders here: these tests hold the page around it to the house rules, at both widths, with and
without JavaScript (two ways: it is the action page, checked four ways elsewhere, with one more
box). What the server does with a token is ``tests/integration/test_turnstile.py``.
"""

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from lobbykit.local.stack import LocalStack
from tests.conftest import ROOT
from tests.support.action_page import TWO_WAYS, Letter, Supporter
from tests.support.e_action import CAMPAIGN

pytestmark = pytest.mark.browser
SITE_KEY = "1x00000000000000000000BB"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The local stack, its campaign with the bot check turned on."""
    templates = tmp_path_factory.mktemp("templates")
    shutil.copytree(ROOT / "templates", templates, dirs_exist_ok=True)
    settings = templates / "campaigns" / CAMPAIGN / "campaign.toml"
    on = f'turnstile = true\nturnstile_site_key = "{SITE_KEY}"'
    settings.write_text(settings.read_text().replace("turnstile = false", on))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOBBYKIT_TEMPLATES_DIR", str(templates))
        patch.delenv("LOBBYKIT_ORGANISER_TOKEN", raising=False)
        with LocalStack(port=0, offline=True) as running:
            yield running


@TWO_WAYS
def test_the_page_says_sending_needs_javascript_only_where_it_is_off(supporter: Supporter) -> None:
    supporter.start_letter("cf10 1ep", Letter(email="jo@example.com"))
    notice = supporter.page.get_by_role("heading", name="Sending needs JavaScript")
    expect(notice).to_have_count(0 if supporter.javascript else 1)
    supporter.check()

    supporter.press("Preview my letter")
    expect(supporter.page.get_by_role("heading", name="Check your letter")).to_be_visible()
    expect(notice).to_have_count(0 if supporter.javascript else 1)
    expect(supporter.page.locator(f'.cf-turnstile[data-sitekey="{SITE_KEY}"]')).to_have_count(1)
    supporter.check()


@TWO_WAYS
def test_without_the_widgets_token_the_supporter_is_told_why_and_keeps_their_letter(
    supporter: Supporter,
) -> None:
    letter = Letter(email="sam@example.com", message="Two years on a waiting list.")
    supporter.start_letter("cf10 1ep", letter)
    supporter.press("Preview my letter")
    supporter.press("Send my letter")
    expect(supporter.page.get_by_text("We couldn't confirm you're not a bot").first).to_be_visible()
    expect(supporter.page.get_by_label("Your own words (optional)")).to_have_value(letter.message)
    assert supporter.emails_to("sam@example.com") == []
    supporter.check()

"""A supporter past the lookup limit sees a plain page that says to wait, with and without JavaScript.

Its own module, so its own stack: the limit it reaches (per client, for ten minutes) would
otherwise refuse the other modules' lookups from this machine's one address.
"""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from lobbykit.domain.limits import LOOKUPS
from lobbykit.local.stack import LocalStack
from tests.support.action_page import Supporter
from tests.support.members_data import INVERNESS

pytestmark = pytest.mark.browser


@pytest.fixture
def lookups_used_up(stack: LocalStack) -> None:
    """Lookups over HTTP from the same address until one is refused. Each test's services are
    new (a new instance), which counts up to a batch of lookups before it sees the shared count."""
    statuses = [lookup(stack.url) for _ in range(LOOKUPS.max_hits + LOOKUPS.batch)]
    assert 429 in statuses, "the lookup limit never refused"


def lookup(url: str) -> int:
    try:
        with urllib.request.urlopen(f"{url}/api/mp?postcode=IV3+5SS") as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return refused.code


@pytest.mark.usefixtures("lookups_used_up")
def test_given_too_many_lookups_when_one_more_is_made_then_a_page_asks_to_wait(supporter: Supporter) -> None:
    supporter.open()
    supporter.find_mp(INVERNESS)
    expect(supporter.page.get_by_role("heading", level=1)).to_have_text("Please wait a little")
    expect(supporter.main).to_contain_text(LOOKUPS.message)
    expect(supporter.page.locator("#your-mp")).to_have_count(0)
    supporter.assert_no_reload()
    supporter.check()

"""The browser checks can fail: axe and the CSP check catch what they are for, and no page
reaches past this machine. (The product's pages passing them is what every other browser test shows.)"""

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lobbykit.handlers.security import CONTENT_SECURITY_POLICY
from lobbykit.local.stack import LocalStack
from tests.support.action_page import Supporter
from tests.support.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parent / "pages"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Tests need no access log."""


@pytest.fixture(scope="module")
def static_site() -> Iterator[str]:
    """A throwaway server for a page axe must refuse."""
    handler = functools.partial(QuietHandler, directory=str(PAGES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_unlabelled_input_fails_naming_the_rule_and_the_element(
    new_page: Any, static_site: str, javascript: bool
) -> None:
    page = new_page("phone", javascript=javascript)
    page.goto(f"{static_site}/unlabelled_input.html")
    with pytest.raises(pytest.fail.Exception) as failed:
        assert_no_axe_violations(page)
    message = str(failed.value)
    assert "label (critical)" in message
    assert "#postcode" in message
    assert "1 accessibility violation" in message


def test_requests_off_this_machine_are_blocked(new_page: Any, stack: LocalStack) -> None:
    page = new_page()
    page.goto(f"{stack.url}/_dev/outbox")
    failed = page.evaluate(
        "async () => { try { await fetch('https://example.org/'); return false; } catch { return true; } }"
    )
    assert failed is True


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_csp_violation_is_caught_with_and_without_javascript(
    new_page: Any, stack: LocalStack, javascript: bool
) -> None:
    page = new_page("phone", javascript=javascript)
    supporter = Supporter(page, stack, javascript, "phone")
    inline_style = (
        '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width">'
        "<title>Probe</title>"
        '<main><h1 style="color: #900">Inline style</h1></main></html>'
    )
    page.route(
        f"{stack.url}/csp-probe",
        lambda route: route.fulfill(
            body=inline_style,
            content_type="text/html",
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
        ),
    )
    supporter.open("/csp-probe")
    with pytest.raises(AssertionError, match="CSP violations"):
        supporter.check()

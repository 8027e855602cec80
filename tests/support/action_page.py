"""Driving the public action page in Chromium as a supporter would, and checking every state.

``Supporter`` wraps a Playwright page on the local stack. Each step (``open``, ``find_mp``,
``press``, ``follow``) waits until the new state is on screen, with or without JavaScript, then
``check`` holds it to the house rules: no axe violation (WCAG 2.2 AA), no horizontal scrolling
on a 320 px phone, and no Content Security Policy violation reported by the browser.
With JavaScript, ``assert_no_reload`` proves the steps happened without a page load.
"""

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page

from lobbykit.local.stack import LocalStack
from tests.support.axe import assert_no_axe_violations
from tests.support.e_action import CAMPAIGN

ACTION_PAGE = f"/c/{CAMPAIGN}"
PHONE_WIDTH = 320
CSP_REPORT = re.compile(r"Content Security Policy|Content-Security-Policy", re.I)
# Set on window after a page loads; a full page load clears it, a fetch-and-swap keeps it.
_MARK = "() => { window.__marker = 1; }"
_MARKED = "() => window.__marker === 1"
# Every element in <main> now; action.js replaces them all when it swaps in the next step.
_MARK_OLD_CONTENT = "() => document.querySelectorAll('#main > *').forEach(e => e.dataset.old = '1')"
_SWAPPED = "() => !document.querySelector('#main [data-old]') && !document.querySelector('[aria-busy=true]')"
# For a state that is one more instance of a page already checked in all four ways: the phone
# with JavaScript and the desktop without it still cover both widths and both paths.
TWO_WAYS = pytest.mark.parametrize(
    "supporter", [("phone", True), ("desktop", False)], indirect=True, ids=["phone-js", "desktop-no-js"]
)
_FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "";
  return element.id || element.getAttribute("class") || element.tagName.toLowerCase();
}"""


@dataclass
class Letter:
    """What one supporter types; ``email`` is unique per test so the stack's limits never mix them."""

    email: str
    name: str = "Jo Bloggs"
    address: str = "1 Test Street\nPenarth"
    message: str = "Our daughter waited 18 months for a speech and language therapist."


@dataclass
class Supporter:
    page: Page
    stack: LocalStack
    javascript: bool
    viewport: str
    csp_reports: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if CSP_REPORT.search(message.text):
            self.csp_reports.append(f"{self.page.url}: {message.text}")

    # -- steps ----------------------------------------------------------------------------

    def open(self, path: str = ACTION_PAGE) -> None:
        """A full page load, as from a link or an email."""
        self.page.goto(f"{self.stack.url}{path}")
        if self.javascript:
            self.page.evaluate(_MARK)

    def find_mp(self, postcode: str) -> None:
        self.page.get_by_label("Your postcode").fill(postcode)
        self.press(re.compile(r"^Find my MP"))

    def start_letter(self, postcode: str, letter: Letter) -> None:
        """Open the page, find the MP and fill in the letter, ready to preview."""
        self.open()
        self.find_mp(postcode)
        self.write(letter)

    def write(self, letter: Letter) -> None:
        self.page.get_by_label("Your own words (optional)").fill(letter.message)
        self.page.get_by_label("Your full name").fill(letter.name)
        self.page.get_by_label("Your email address").fill(letter.email)
        self.page.get_by_label("Your street address").fill(letter.address)

    def press(self, button: str | re.Pattern[str]) -> None:
        """Press a button and wait for what it brings: a swapped <main> with JavaScript, else a page."""
        target = self.page.get_by_role("button", name=button).first
        if self.javascript and target.evaluate("b => b.form.hasAttribute('data-enhance')"):
            self.page.evaluate(_MARK_OLD_CONTENT)
            target.click()
            self.page.wait_for_function(_SWAPPED)
        else:
            with self.page.expect_navigation():
                target.click()

    # -- what is on screen ----------------------------------------------------------------

    @property
    def main(self) -> Locator:
        return self.page.locator("main")

    def focused(self) -> str:
        """The id (or class) of the element with focus, "" when nothing has it."""
        focused: str = self.page.evaluate(_FOCUSED)
        return focused

    def field_error(self, field_id: str) -> str:
        """The message shown next to a field, after checking the field points at it."""
        control = self.page.locator(f"#{field_id}")
        assert control.get_attribute("aria-invalid") == "true"
        described_by = (control.get_attribute("aria-describedby") or "").split()
        assert f"{field_id}-error" in described_by
        return self.page.locator(f"#{field_id}-error").inner_text()

    def assert_no_reload(self) -> None:
        """With JavaScript, the page loaded once and every step since was swapped in."""
        if self.javascript:
            assert self.page.evaluate(_MARKED), "the page was reloaded"

    def check(self) -> None:
        """The state on screen passes axe, fits a 320 px phone and broke no CSP rule."""
        assert_no_axe_violations(self.page)
        if self.viewport == "phone":
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE_WIDTH, f"{self.page.url} scrolls sideways on a phone ({width} px)"
        assert not self.csp_reports, "CSP violations:\n" + "\n".join(self.csp_reports)

    # -- the email side -------------------------------------------------------------------

    def emails_to(self, address: str) -> list[dict[str, Any]]:
        return [email for email in self.stack.outbox() if address in email["to"]]

    def send_and_confirm(self, letter: Letter, postcode: str) -> None:
        """Send a letter and confirm it over HTTP, as an earlier visit would have (no browser steps)."""
        fields = {**asdict(letter), "postcode": postcode, "step": "send"}
        assert self.page.request.post(f"{self.stack.url}{ACTION_PAGE}", form=fields).status == 202
        link = self.confirmation_link(letter.email)
        assert self.page.request.post(f"{self.stack.url}{link}").ok

    def confirmation_link(self, address: str) -> str:
        """The path of the link in the confirmation email's text part."""
        [email] = [e for e in self.emails_to(address) if e["subject"].startswith("Please confirm")]
        [link] = re.findall(re.escape(self.stack.url) + r"(/confirm/[A-Za-z0-9_-]+)", email["text"])
        return str(link)

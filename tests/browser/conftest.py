"""Browser tests: Playwright driving Debian's Chromium against an in-process local stack.

Fixtures:
- ``stack``: the local stack (``--offline``, fresh moto, any free port), one per test module:
  ``.url``, ``.token``, ``.outbox()``. Its state is shared by the module's tests.
- ``page``: a fresh page at desktop width and at 320 px on a phone (parametrised: ``desktop``,
  ``phone``); ``no_js_page``: the same with JavaScript disabled; ``new_page(viewport,
  javascript=...)`` for any other mix. Requests leave only for this machine (loopback), and an
  uncaught JavaScript error on a page fails its test.
- ``tests.support.axe.assert_no_axe_violations(page)`` checks WCAG 2.2 AA.
- ``supporter``: a ``tests.support.action_page.Supporter`` on the stack, parametrised over both
  widths with and without JavaScript (``desktop-js``, ``phone-js``, ``desktop-no-js``, ``phone-no-js``).

Tests marked ``browser`` are skipped when Chromium is missing, except under CI (``CI`` set),
where they fail: CI must never pass by skipping them. Playwright never downloads a browser here.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from lobbykit.local.stack import LocalStack
from tests.support.action_page import Supporter

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 320, "height": 640},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

NewPage = Callable[..., Page]


def chromium() -> Path | None:
    """``LOBBYKIT_CHROMIUM`` when set (only that), else Debian's ``/usr/bin/chromium``, else the PATH's."""
    chosen = os.environ.get("LOBBYKIT_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None or chromium() is not None:
        return
    reason = "Chromium is not installed (Debian: apt-get install chromium; .ci/run does it)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}. Under CI browser tests must run, not be skipped.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def stack() -> Iterator[LocalStack]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LOBBYKIT_ORGANISER_TOKEN", raising=False)
        with LocalStack(port=0, offline=True) as running:
            yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium()
    assert executable is not None  # pytest_runtest_setup skipped or failed the test otherwise
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _loopback_only(route: Route) -> None:
    """Pages under test must not depend on the internet (this machine has none anyway)."""
    if urlsplit(route.request.url).hostname in LOOPBACK:
        route.continue_()
    else:
        route.abort("blockedbyclient")


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def make(viewport: str = "desktop", javascript: bool = True) -> Page:
        context = browser.new_context(
            **VIEWPORTS[viewport], java_script_enabled=javascript, locale="en-GB", timezone_id="Europe/London"
        )
        context.route("**/*", _loopback_only)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    if errors:
        pytest.fail("Uncaught JavaScript errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture(params=list(VIEWPORTS))
def page(new_page: NewPage, request: pytest.FixtureRequest) -> Page:
    return new_page(request.param)


@pytest.fixture(params=list(VIEWPORTS))
def no_js_page(new_page: NewPage, request: pytest.FixtureRequest) -> Page:
    return new_page(request.param, javascript=False)


@pytest.fixture(
    params=[(viewport, javascript) for javascript in (True, False) for viewport in VIEWPORTS],
    ids=lambda param: f"{param[0]}-{'js' if param[1] else 'no-js'}",
)
def supporter(new_page: NewPage, stack: LocalStack, request: pytest.FixtureRequest) -> Supporter:
    viewport, javascript = request.param
    return Supporter(new_page(viewport, javascript=javascript), stack, javascript, viewport)

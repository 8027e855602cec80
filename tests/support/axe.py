"""axe-core accessibility checks for browser tests, to WCAG 2.2 AA plus axe's best practices.

``assert_no_axe_violations(page)`` fails naming every violation: rule, impact, help, and each
offending element with what to fix. axe-core comes bundled with the PyPI package
``axe-playwright-python`` (MPL-2.0 axe.min.js); it is injected into the page under test.

With JavaScript disabled, Chromium runs no timers, and axe waits on ``setTimeout`` between its
steps: for such pages axe is given its own timer that runs zero-delay callbacks as microtasks and
drops delayed ones (axe uses those only for time-outs and cache clean-ups), and no preloading.
"""

from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# True when the page runs scripts: a <noscript> fragment parses as text only when scripting is on.
_SCRIPTING = """() => {
  const probe = document.createElement("noscript");
  probe.innerHTML = "<i></i>";
  return probe.firstElementChild === null;
}"""
_AXE_WITHOUT_TIMERS = (
    "(function (setTimeout, clearTimeout) {\n" + AXE_SCRIPT + "\n}).call(window, (run, delay, ...args) => {"
    " if (!delay) { Promise.resolve().then(() => run(...args)); } return 0; }, () => {});"
)


def axe_violations(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (run it again after each change of state)."""
    scripting = page.evaluate(_SCRIPTING)
    page.evaluate(AXE_SCRIPT if scripting else _AXE_WITHOUT_TIMERS)
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": tags or WCAG_22_AA},
        "resultTypes": ["violations"],
    }
    if not scripting:
        options["preload"] = False
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, tags: list[str] | None = None) -> None:
    violations = axe_violations(page, tags)
    if violations:
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n{describe(violations)}",
            pytrace=False,
        )

"""Without Chromium, browser tests are skipped at a developer's desk but fail under CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
A_BROWSER_TEST = "tests/browser/test_harness.py::test_the_phone_page_is_320_css_pixels_wide"


def run_without_chromium(ci: bool) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LOBBYKIT_CHROMIUM": "/nonexistent/chromium"}
    environment.pop("CI", None)
    if ci:
        environment["CI"] = "true"
    return subprocess.run(  # noqa: S603 - pytest itself, on one of our tests
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rsfE", A_BROWSER_TEST],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(("ci", "returncode", "outcome"), [(False, 0, "1 skipped"), (True, 1, "1 error")])
def test_missing_chromium(ci: bool, returncode: int, outcome: str) -> None:
    result = run_without_chromium(ci)
    assert result.returncode == returncode, result.stdout
    assert outcome in result.stdout
    assert "Chromium is not installed" in result.stdout

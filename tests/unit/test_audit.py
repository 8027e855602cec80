"""What the dependency audit in ``make test`` makes of pip-audit's report."""

from typing import Any

import pytest
from tools import audit
from tools.audit import OWN, installed, judge, locked


def test_a_known_vulnerability_fails_the_build_and_names_the_fix() -> None:
    report = {
        "dependencies": [
            {
                "name": "urllib3",
                "version": "1.26.4",
                "vulns": [{"id": "PYSEC-2021-108", "fix_versions": ["1.26.5"]}],
            },
            {"name": "six", "version": "1.16.0", "vulns": []},
        ]
    }
    verdict = judge(report, "")
    assert verdict.failed
    assert "  urllib3 1.26.4: PYSEC-2021-108 (fixed in 1.26.5)" in verdict.lines


def test_a_clean_report_passes_quietly() -> None:
    verdict = judge({"dependencies": [{"name": "six", "version": "1.16.0", "vulns": []}]}, "")
    assert not verdict.failed
    assert not verdict.warned
    assert verdict.lines == [
        "Dependency audit: no known vulnerabilities in 1 packages (.venv and the Lambda layers' locks)."
    ]


def test_packages_the_service_could_not_look_up_are_a_loud_warning_not_a_pass() -> None:
    reason = "Dependency not found on PyPI and could not be audited: six (1.16.0)"
    report = {
        "dependencies": [
            {"name": "six", "skip_reason": reason},
            {"name": "idna", "version": "3.10", "vulns": []},
        ]
    }
    verdict = judge(report, "")
    assert not verdict.failed
    assert verdict.warned
    assert any("1 of 2 packages were checked" in line for line in verdict.lines)
    assert f"First reason given: {reason}" in verdict.lines


def test_a_vulnerability_fails_even_when_other_packages_were_skipped() -> None:
    report = {
        "dependencies": [
            {"name": "six", "skip_reason": "not found"},
            {"name": "jinja2", "version": "2.10", "vulns": [{"id": "GHSA-x", "fix_versions": []}]},
        ]
    }
    verdict = judge(report, "")
    assert verdict.failed
    assert "  jinja2 2.10: GHSA-x (fixed in no fixed release yet)" in verdict.lines


def test_no_report_at_all_is_a_warning_with_pip_audits_last_words() -> None:
    verdict = judge(None, "ConnectionError: Failed to resolve 'api.osv.dev'")
    assert verdict.warned
    assert not verdict.failed
    assert any("ConnectionError" in line for line in verdict.lines)


def test_every_installed_package_is_audited_but_this_project() -> None:
    pins = installed()
    assert "pip-audit==" in " ".join(pins)
    assert not any(pin.split("==")[0] in OWN for pin in pins)


def test_the_packages_the_lambda_layers_ship_are_audited_at_their_locked_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    audited: list[str] = []

    def pip_audit(pins: list[str]) -> tuple[dict[str, Any], str]:
        audited.extend(pins)
        return {"dependencies": []}, ""

    monkeypatch.setattr(audit, "run_pip_audit", pip_audit)
    assert audit.main() == 0
    pins = locked()
    assert {"boto3", "jinja2", "tweepy", "atproto"} <= {pin.split("==")[0] for pin in pins}
    assert all(pin.count("==") == 1 and " " not in pin for pin in pins)
    assert set(pins) | set(installed()) == set(audited)
